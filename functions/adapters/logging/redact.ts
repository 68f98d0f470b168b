import { scrubSecrets } from '../../core/text/scrub-secrets.ts';

/**
 * Secrets that must never reach a log line, whatever object they hide in: keys are dropped by name, and
 * string values go through {@link scrubSecrets} (a token can arrive inside a string, e.g. a raw
 * CloudWatch log event message or an error text).
 */
const SECRET_KEYS = new Set([
  'sessiontoken',
  'secretaccesskey',
  'credentials',
  'x-amz-security-token',
  'authorization',
  'webhookurl',
  'tokencode',
  'externalid',
]);

/** True when `key` names a value that is never logged. */
export const isSecretKey = (key: string): boolean => SECRET_KEYS.has(key.toLowerCase());

/**
 * A `JSON.stringify` replacer: drops secret keys and scrubs strings. Used by the Powertools Logger
 * and by anything else that serialises for output.
 */
export function redactReplacer(key: string, value: unknown): unknown {
  if (key !== '' && isSecretKey(key)) return undefined;
  if (typeof value === 'string') return scrubSecrets(value);
  return value;
}

/** A deep copy of `value` with secrets removed; safe to print. */
export function redactValue<T>(value: T): T {
  const text = JSON.stringify(value, redactReplacer);
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}
