import type { InputError } from '../model/input-error.ts';
import type { InputChunk } from './input-chunk.ts';
import type { Period } from './period.ts';

/**
 * What a scan reads, one item at a time, from any source: a local file (read by the thread that judges
 * it, so that worker threads share the reading), an input a source already fetched (an S3 object, a
 * page of LookupEvents…), or why something could not be read (an input error that names it).
 */
export type SourceItem =
  | { readonly file: string }
  /**
   * `period`, when set, replaces the scan's period for this input: a remote source's default span (the
   * last 24 hours) bounds what it reads, not the local files named next to it.
   */
  | { readonly input: InputChunk; readonly period?: Period }
  | { readonly error: InputError }
  /** A file a folder walk does not read (another extension): counted and named in a warning. */
  | { readonly ignored: string };
