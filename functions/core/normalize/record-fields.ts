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

/** A non-empty string (an empty string carries no information, e.g. `accessKeyId: ""`). */
export const stringOf = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

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
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
};

/** Whether a value is there at all (used for secrets whose value must never be read out). */
export const isPresent = (v: unknown): boolean => v !== undefined && v !== null && v !== '';
