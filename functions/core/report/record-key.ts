/**
 * A CloudTrail `eventID` as a number below 2^53 (two 32-bit FNV-1a hashes), for remembering which records
 * the report's activity has counted: a number costs a fraction of the string in a Map, and a collision
 * among a million UUIDs is about one in ten billion.
 */
export function recordKey(eventId: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < eventId.length; i++) {
    const c = eventId.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) >>> 11);
}
