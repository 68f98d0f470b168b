import { hash } from 'node:crypto';

/**
 * SHA-256 of a string (as UTF-8), 64 hex digits. The one-shot `crypto.hash` costs a third of a
 * `createHash` object on the short strings hashed once per call and per finding (ids, fingerprints).
 */
export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');
