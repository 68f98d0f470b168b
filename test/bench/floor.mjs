// The floor: the least any scanner must do with a CloudTrail trail — read each file, gunzip it,
// JSON.parse it and count the STS credential events. One thread, no judging.
//   node test/bench/floor.mjs DIR  ->  {"files":…,"records":…,"credentialEvents":…}
import { countFile, walk } from './floor-count.mjs';

const count = { files: 0, records: 0, credentialEvents: 0 };
for (const root of process.argv.slice(2)) for (const path of walk(root)) countFile(path, count);
process.stdout.write(`${JSON.stringify(count)}\n`);
