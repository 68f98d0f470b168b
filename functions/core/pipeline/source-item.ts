import type { InputError } from '../model/input-error.ts';
import type { InputChunk } from './input-chunk.ts';

/**
 * What a scan reads, one item at a time, from any source: a local file (read by the thread that judges
 * it, so that worker threads share the reading), an input a source already fetched (an S3 object, a
 * page of LookupEvents…), or why something could not be read (an input error that names it).
 */
export type SourceItem =
  | { readonly file: string }
  | { readonly input: InputChunk }
  | { readonly error: InputError }
  /** A file a folder walk does not read (another extension): counted and named in a warning. */
  | { readonly ignored: string };
