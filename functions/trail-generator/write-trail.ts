import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateTrail, type TrailFile, type TrailOptions } from './generate-trail.ts';

/** A log file's bytes as CloudTrail delivers them: gzip of `{"Records":[...]}`. */
export function encodeTrailFile(file: TrailFile): Buffer {
  // gzip writes no timestamp (mtime 0) here, so equal input gives equal bytes.
  return gzipSync(JSON.stringify({ Records: file.records }));
}

export interface TrailStats {
  readonly files: number;
  readonly records: number;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
}

/** Generates a trail and writes it under `outDir` with the real S3 key layout. */
export function writeTrail(options: TrailOptions, outDir: string): TrailStats {
  let files = 0;
  let records = 0;
  let compressedBytes = 0;
  let uncompressedBytes = 0;
  for (const file of generateTrail(options)) {
    const json = JSON.stringify({ Records: file.records });
    const gz = gzipSync(json);
    const path = join(outDir, file.key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, gz);
    files++;
    records += file.records.length;
    compressedBytes += gz.length;
    uncompressedBytes += Buffer.byteLength(json);
  }
  return { files, records, compressedBytes, uncompressedBytes };
}
