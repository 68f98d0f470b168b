import { sha256Hex } from '../text/sha256-hex.ts';

/**
 * A fingerprint of an access key id: the first 20 hex characters (80 bits) of its SHA-256. Session
 * lineage follows credentials by fingerprint, so normalized events, the state file and the DynamoDB table
 * hold no access key ids, yet the key a session was issued and the key a later call was signed with
 * still meet.
 */
export function keyFingerprint(accessKeyId: string): string {
  return sha256Hex(accessKeyId).slice(0, 20);
}
