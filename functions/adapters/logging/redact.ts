/**
 * Secrets that must never reach a log line, whatever object they hide in: keys are dropped by name,
 * and string values are scrubbed of webhook URLs and anything shaped like an STS session token
 * (a token can arrive inside a string, e.g. a raw CloudWatch log event message or an error text).
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

export const REDACTED = '[REDACTED]';

// Slack incoming webhooks, and any other URL whose path carries a secret the way they do.
const WEBHOOK_URL = /https:\/\/hooks\.slack(?:-gov)?\.com\/[^\s"'<>]*/gi;
const WORKFLOW_URL = /https:\/\/[a-z0-9.-]*\.(?:webhook\.office\.com|logic\.azure\.com)\/[^\s"'<>]*/gi;
// STS session tokens are long base64 strings that start with a protobuf-like prefix
// ("IQoJb3JpZ2lu…", "FwoGZXIvYXdz…", "AQoDYXdz…"); a key-value leak in a JSON text is caught as well.
const SESSION_TOKEN = /\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|AQoDYXdz|AgoJb3JpZ2lu)[A-Za-z0-9+/=%]{16,}/g;
const JSON_SECRET_PAIR =
  /("(?:sessionToken|secretAccessKey|SessionToken|SecretAccessKey)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/** Removes webhook URLs and session tokens from free text. */
export function redactText(text: string): string {
  return text
    .replace(JSON_SECRET_PAIR, `$1"${REDACTED}"`)
    .replace(SESSION_TOKEN, REDACTED)
    .replace(WEBHOOK_URL, REDACTED)
    .replace(WORKFLOW_URL, REDACTED);
}

/** True when `key` names a value that is never logged. */
export const isSecretKey = (key: string): boolean => SECRET_KEYS.has(key.toLowerCase());

/**
 * A `JSON.stringify` replacer: drops secret keys and scrubs strings. Used by the Powertools Logger
 * and by anything else that serialises for output.
 */
export function redactReplacer(key: string, value: unknown): unknown {
  if (key !== '' && isSecretKey(key)) return undefined;
  if (typeof value === 'string') return redactText(value);
  return value;
}

/** A deep copy of `value` with secrets removed; safe to print. */
export function redactValue<T>(value: T): T {
  const text = JSON.stringify(value, redactReplacer);
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}
