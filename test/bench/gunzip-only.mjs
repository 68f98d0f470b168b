// gunzip only: read each file and gunzip it (gunzipSync), nothing else — the physical limit of a scan of
// gzipped log files in Node.   node test/bench/gunzip-only.mjs DIR  ->  {"files":…,"bytes":…}
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { walk } from './floor-count.mjs';

const count = { files: 0, bytes: 0 };
for (const root of process.argv.slice(2)) {
  for (const path of walk(root)) {
    count.files++;
    count.bytes += gunzipSync(readFileSync(path)).length;
  }
}
process.stdout.write(`${JSON.stringify(count)}\n`);
