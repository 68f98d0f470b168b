// A child process for the memory-bound tests of decode-bounds.test.ts: builds one attack input, judges it
// with the default (selective) pipeline under the heap cap the parent set, and prints what came out.
//   node --max-old-space-size=N --import tsx test/hostile/decode-child.ts ATTACK
import { gzipSync } from 'node:zlib';
import { judgeInput } from '../../functions/core/pipeline/judge-input.ts';
import { ScanCollector } from '../../functions/core/pipeline/scan-collector.ts';
import { jsonWriter } from '../../functions/core/render/render-json.ts';
import { engineFor, scenarioRecord } from '../security/support.ts';

function bomb(): Buffer {
  const count = 30_000_000;
  const body = Buffer.alloc(12 + count * 3 + 1, '{},');
  body.write('{"Records":[', 0);
  body.write('{}]}', body.length - 4);
  return gzipSync(body, { level: 1 });
}

/** One AssumeRole (it gives findings) whose userAgent is 150 MB: 146 KB gzipped. */
function userAgent(): Buffer {
  const record = scenarioRecord('untrusted-principal');
  record.userAgent = 'MARK';
  const [before, after] = JSON.stringify({ Records: [record] }).split('MARK') as [string, string];
  return gzipSync(Buffer.concat([Buffer.from(before), Buffer.alloc(150_000_000, 'a'), Buffer.from(after)]), {
    level: 1,
  });
}

const attacks: Record<string, () => Buffer> = { bomb, 'user-agent': userAgent };
const attack = attacks[process.argv[2] ?? ''];
if (attack === undefined) throw new Error(`unknown attack ${process.argv[2]}`);
const bytes = attack();
const started = performance.now();
const result = judgeInput({ name: `${process.argv[2]}.json.gz`, bytes }, engineFor(), { maxErrors: 10 });
// The output a scan would print for it (--format json), measured rather than printed.
const collector = new ScanCollector({ maxErrors: 10 });
const writer = jsonWriter();
let outputBytes = writer.begin().length;
for (const f of [...collector.add(result), ...collector.finish().held])
  outputBytes += writer.finding(f).length;
process.stdout.write(
  JSON.stringify({
    outputBytes,
    findings: result.findings.length,
    credentialEvents: result.counts.credentialEvents,
    records: result.counts.records,
    malformed: result.counts.malformed,
    message: result.errors[0]?.message ?? '',
    ms: performance.now() - started,
    gzipBytes: bytes.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
