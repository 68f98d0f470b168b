/**
 * Tolerant readers for untrusted JSON values. CloudTrail writes the same field as a number, a numeric
 * string or a boolean string depending on the producer, so every read goes through one of these.
 *
 * Readers take a value (`stringOf(r.eventID)`); the common ones also come in a form for a key of an
 * object that may be missing (`stringAt(request, 'roleArn')`). The hot paths of normalisation use the
 * value form with a plain property read, which the engine can compile to a fast named lookup at each
 * read site.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value when it is an object (not an array, not null). */
export const objectOf = (v: unknown): JsonObject | undefined => (isObject(v) ? v : undefined);

/**
 * The longest string a normalised event keeps from a record: real ARNs are at most 2,048 characters and
 * a user agent rarely passes one, while hostile ones are judged up to this length; a forged record's
 * 150 MB user agent must not reach every finding and output. Longer strings are cut, with a marker.
 */
export const MAX_FIELD_CHARS = 65_536;

/**
 * Strings cut while the current record is normalised. Normalising one record runs start to end
 * synchronously, so a counter read and reset around it (see {@link takeTruncations}) is exact.
 */
let truncations = 0;

function truncated(v: string): string {
  truncations++;
  let cut = MAX_FIELD_CHARS - 48;
  // Never keep half of a surrogate pair.
  const last = v.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${v.slice(0, cut)}…[truncated: ${v.length} characters in the record]`;
}

/** How many strings were cut since the last call (and resets the count). */
export function takeTruncations(): number {
  const n = truncations;
  truncations = 0;
  return n;
}

/**
 * A non-empty string (an empty string carries no information, e.g. `accessKeyId: ""`), cut to
 * {@link MAX_FIELD_CHARS} with a marker when longer.
 */
export const stringOf = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? (v.length > MAX_FIELD_CHARS ? truncated(v) : v) : undefined;

/** The child object at `key`, or undefined when absent or not an object. */
export const objectAt = (o: JsonObject | undefined, key: string): JsonObject | undefined =>
  o === undefined ? undefined : objectOf(o[key]);

/** A non-empty string at `key`. */
export const stringAt = (o: JsonObject | undefined, key: string): string | undefined =>
  o === undefined ? undefined : stringOf(o[key]);

/** The ARN of the first entry of a record's `resources` list with this `type` (`AWS::IAM::Role`, …). */
export function resourceArnOfType(resources: unknown, type: string): string | undefined {
  if (!Array.isArray(resources)) return undefined;
  for (const r of resources) {
    if (!isObject(r) || r.type !== type) continue;
    const arn = stringAt(r, 'ARN') ?? stringAt(r, 'arn');
    if (arn !== undefined) return arn;
  }
  return undefined;
}

const INTEGER_STRING = /^\s*\d{1,15}\s*$/;

/** A non-negative whole number written as a JSON number or as a decimal string. */
export const toInteger = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && INTEGER_STRING.test(v)) return Number.parseInt(v, 10);
  return undefined;
};

/** `true`/`false` as JSON booleans or as the strings CloudTrail often writes (`"true"`, `"False"`). */
export const booleanOf = (v: unknown): boolean | undefined => {
  if (typeof v === 'boolean') return v;
  // Longer than any spelling of a boolean (with spaces): no copy of a forged giant string is made.
  if (typeof v === 'string' && v.length <= 16) {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
};

/** Whether a value is there at all (used for secrets whose value must never be read out). */
export const isPresent = (v: unknown): boolean => v !== undefined && v !== null && v !== '';
