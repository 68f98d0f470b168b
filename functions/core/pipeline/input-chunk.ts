/**
 * One unit of input as a source hands it to the pipeline: a local file's bytes, an S3 object, a page of
 * LookupEvents results… Compressed or not (gzip is detected by its magic bytes).
 */
export interface InputChunk {
  /** Where it came from, as locations name it: a path, `s3://bucket/key`, `lookup://us-east-1/…`. */
  readonly name: string;
  readonly bytes: Uint8Array;
}
