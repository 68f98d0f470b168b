/**
 * Tolerant readers for untrusted JSON values. CloudTrail writes the same field as a number, a numeric
 * string or a boolean string depending on the producer, so every read goes through one of these.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The child object at `key`, or undefined when absent or not an object. */
export const objectAt = (o: JsonObject | undefined, key: string): JsonObject | undefined => {
  if (o === undefined) return undefined;
  const v = o[key];
  return isObject(v) ? v : undefined;
};

/** A non-empty string at `key` (an empty string carries no information, e.g. `accessKeyId: ""`). */
export const stringAt = (o: JsonObject | undefined, key: string): string | undefined => {
  if (o === undefined) return undefined;
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

const INTEGER_STRING = /^\s*\d{1,15}\s*$/;

/** A non-negative whole number written as a JSON number or as a decimal string. */
export const integerAt = (o: JsonObject | undefined, key: string): number | undefined => {
  if (o === undefined) return undefined;
  return toInteger(o[key]);
};

export const toInteger = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && INTEGER_STRING.test(v)) return Number.parseInt(v, 10);
  return undefined;
};

/** `true`/`false` as JSON booleans or as the strings CloudTrail often writes (`"true"`, `"False"`). */
export const booleanAt = (o: JsonObject | undefined, key: string): boolean | undefined => {
  if (o === undefined) return undefined;
  const v = o[key];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
};

/** Whether `key` holds any value at all (used for secrets whose value must never be read out). */
export const hasValue = (o: JsonObject | undefined, key: string): boolean => {
  if (o === undefined) return false;
  const v = o[key];
  return v !== undefined && v !== null && v !== '';
};
