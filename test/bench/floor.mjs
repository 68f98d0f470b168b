// The floor: the least any scanner must do with a CloudTrail trail — read each file, gunzip it,
// JSON.parse it and count the STS credential events. One thread, no judging.
//   node test/bench/floor.mjs DIR  ->  {"files":…,"records":…,"credentialEvents":…}
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const CREDENTIAL_EVENTS = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'GetSessionToken',
  'GetFederationToken',
]);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (/\.(json|gz)$/.test(entry.name)) yield path;
  }
}

let files = 0;
let records = 0;
let credentialEvents = 0;
for (const root of process.argv.slice(2)) {
  for (const path of walk(root)) {
    let bytes = readFileSync(path);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const body = JSON.parse(bytes.toString('utf8'));
    files++;
    for (const r of body.Records ?? []) {
      records++;
      if (r.eventSource === 'sts.amazonaws.com' && CREDENTIAL_EVENTS.has(r.eventName)) credentialEvents++;
    }
  }
}
process.stdout.write(`${JSON.stringify({ files, records, credentialEvents })}\n`);
