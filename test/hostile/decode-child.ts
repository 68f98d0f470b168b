// A child process for the memory-bound tests of decode-bounds.test.ts: builds one attack input, judges it
// with the default (selective) pipeline under the heap cap the parent set, and prints what came out.
//   node --max-old-space-size=N --import tsx test/hostile/decode-child.ts ATTACK
import { gzipSync } from 'node:zlib';
import { judgeInput } from '../../functions/core/pipeline/judge-input.ts';
import { engineFor } from '../security/support.ts';

function bomb(): Buffer {
  const count = 30_000_000;
  const body = Buffer.alloc(12 + count * 3 + 1, '{},');
  body.write('{"Records":[', 0);
  body.write('{}]}', body.length - 4);
  return gzipSync(body, { level: 1 });
}

const attacks: Record<string, () => Buffer> = { bomb };
const attack = attacks[process.argv[2] ?? ''];
if (attack === undefined) throw new Error(`unknown attack ${process.argv[2]}`);
const bytes = attack();
const started = performance.now();
const result = judgeInput({ name: `${process.argv[2]}.json.gz`, bytes }, engineFor(), { maxErrors: 10 });
process.stdout.write(
  JSON.stringify({
    records: result.counts.records,
    malformed: result.counts.malformed,
    message: result.errors[0]?.message ?? '',
    ms: performance.now() - started,
    gzipBytes: bytes.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
