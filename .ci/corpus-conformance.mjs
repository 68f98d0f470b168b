// Conformance scan over the shared public corpus (CloudTrail records from public sources).
// Checks, against the built CLI, that rolewatch:
//   1. recognises every STS credential-issuing record the corpus manifest lists,
//   2. reports no input error for any record that is valid JSON with eventSource/eventName,
//   3. never prints a session token, secret key or tokenCode from the input, in any output format.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const corpus = resolve(process.argv[2] ?? '../shared/corpus');
const manifest = JSON.parse(readFileSync(join(corpus, 'MANIFEST.json'), 'utf8'));
const credentialNames = new Set(manifest.credentialIssuingEventNames);

let expectedCredential = 0;
let expectedRecords = 0;
for (const f of manifest.files) {
  expectedRecords += f.records;
  for (const s of f.stsRecords) if (credentialNames.has(s.eventName)) expectedCredential += s.count;
}

// Every secret-looking value in the corpus, to prove none is echoed.
const secrets = new Set();
const collect = (v) => {
  if (Array.isArray(v)) v.forEach(collect);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (/^(sessionToken|secretAccessKey|tokenCode)$/i.test(k) && typeof x === 'string' && x.length >= 6)
        secrets.add(x);
      else collect(x);
    }
  }
};
for (const name of readdirSync(corpus)) {
  if (!/\.(json|jsonl)$/.test(name) || name === 'MANIFEST.json') continue;
  const text = readFileSync(join(corpus, name), 'utf8');
  if (name.endsWith('.jsonl')) for (const line of text.split('\n')) line.trim() && collect(JSON.parse(line));
  else collect(JSON.parse(text));
}

const cli = resolve('bin/rolewatch.mjs');
const config = resolve('fixtures/trust/example-org.yaml');
// The manifest files only: MANIFEST.json is not a CloudTrail file.
const inputs = manifest.files.map((f) => join(corpus, f.file));
const failures = [];
let json;
for (const format of ['json', 'table', 'jsonl', 'sarif']) {
  const r = spawnSync(process.execPath, [cli, 'scan', '--config', config, '--format', format, ...inputs], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) failures.push(`--format ${format}: exit code ${r.status}: ${r.stderr.slice(0, 500)}`);
  for (const s of secrets) {
    if (r.stdout.includes(s) || r.stderr.includes(s))
      failures.push(`--format ${format} printed a secret from the corpus`);
  }
  if (/IQoJb3JpZ2lu|"sessionToken"|secretAccessKey/i.test(r.stdout + r.stderr)) {
    failures.push(`--format ${format} output mentions a session token or secret key`);
  }
  if (format === 'json') json = JSON.parse(r.stdout);
}
const s = json.summary;
if (s.credentialEvents !== expectedCredential) {
  failures.push(`credential events: expected ${expectedCredential} (manifest), got ${s.credentialEvents}`);
}
if (s.records !== expectedRecords) failures.push(`records: expected ${expectedRecords}, got ${s.records}`);
if (s.malformed !== 0 || json.errors.length !== 0) {
  failures.push(`input errors on valid JSON records: ${JSON.stringify(json.errors.slice(0, 5))}`);
}
console.log(
  `corpus conformance: ${manifest.files.length} files, ${s.records} records, ${s.credentialEvents} credential ` +
    `events (manifest: ${expectedCredential}), ${s.skipped} skipped, ${s.malformed} input errors, ` +
    `${s.findings} findings, ${secrets.size} secrets checked across 4 formats`,
);
if (failures.length > 0) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
console.log('corpus conformance: OK');
