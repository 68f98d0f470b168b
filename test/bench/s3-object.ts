// Writes one generated CloudTrail log object (gzip) of about MB megabytes of JSON, for the s3-batch memory
// measurement (s3-batch-run.mjs). The JSON text never exists whole: each piece is deflated with a sync
// flush, and the gzip header and trailer are written around them.
//   tsx test/bench/s3-object.ts MB SHARE OUT_FILE  ->  {"objectBytes", "compressedBytes", "records"}
import { writeFileSync } from 'node:fs';
import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { generateTrail } from '../../functions/trail-generator/generate-trail.ts';

export function logObject(
  targetBytes: number,
  stsShare: number,
): { gz: Buffer; jsonBytes: number; records: number } {
  const parts: Buffer[] = [gzipSync('').subarray(0, 10)];
  let crc = 0;
  let jsonBytes = 0;
  let records = 0;
  let batch = '{"Records":[';
  const flush = (last: boolean): void => {
    const data = Buffer.from(batch);
    batch = '';
    crc = crc32(data, crc);
    jsonBytes += data.length;
    parts.push(deflateRawSync(data, { finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));
  };
  outer: for (const file of generateTrail({ records: Math.ceil(targetBytes / 1000), stsShare, seed: 11 })) {
    for (const record of file.records) {
      batch += `${records === 0 ? '' : ','}${JSON.stringify(record)}`;
      records++;
      if (batch.length > 1_000_000) flush(false);
      if (jsonBytes + batch.length >= targetBytes) break outer;
    }
  }
  batch += ']}';
  flush(true);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(jsonBytes % 2 ** 32, 4);
  parts.push(trailer);
  return { gz: Buffer.concat(parts), jsonBytes, records };
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const [mb, share, out] = process.argv.slice(2);
  const object = logObject(Number(mb) * 1e6, Number(share));
  writeFileSync(out as string, object.gz);
  process.stdout.write(
    `${JSON.stringify({ objectBytes: object.jsonBytes, compressedBytes: object.gz.length, records: object.records })}\n`,
  );
}
