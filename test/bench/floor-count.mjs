// What the floor does with one trail: the least any scanner must do (read, gunzip, JSON.parse, count the
// STS credential events). Shared by floor.mjs (one thread) and floor-threads.mjs (N threads).
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

export function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (/\.(json|gz)$/.test(entry.name)) yield path;
  }
}

/** Adds one file's counts to `count` ({files, records, credentialEvents}). */
export function countFile(path, count) {
  let bytes = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const body = JSON.parse(bytes.toString('utf8'));
  count.files++;
  for (const r of body.Records ?? []) {
    count.records++;
    if (r.eventSource === 'sts.amazonaws.com' && CREDENTIAL_EVENTS.has(r.eventName)) count.credentialEvents++;
  }
}
