/**
 * Credential material that must never reach an output, found inside free text: a session token pasted
 * into a user agent, a credentials object quoted in an error message, a webhook URL in an HTTP error.
 * Keys of structured values (`sessionToken`, `secretAccessKey`) are dropped by the serialisers; this is
 * the net for the same secrets hidden in strings.
 */

/** What a scrubbed secret is replaced with. */
export const SECRET_MARKER = '[REDACTED]';

// `"sessionToken": "…"` in quoted JSON (an error message repeating a request, an excerpt); the value may
// be cut off, so the closing quote is optional. The alternatives are disjoint: linear time.
const JSON_SECRET_PAIR = /("(?:session_?token|secret_?access_?key)"\s*:\s*)"(?:[^"\\]|\\.)*"?/gi;
// `aws_secret_access_key = …`, `SessionToken: …` in INI, YAML or shell text.
const KEY_VALUE_SECRET =
  /\b((?:aws_)?(?:secret_?access_?key|session_?token))(\s*[=:]\s*)(["']?)[A-Za-z0-9/+=%]{16,}/gi;
// STS session tokens are long base64 strings whose first bytes are a fixed protobuf header: "…oJb3JpZ2lu"
// (`\n\torigin`, the common form since 2019), "FwoGZXIvYXdz" / "FQoGZXIvYXdz" (`\n\x06er/aws`, older),
// "AQoDYXdz". `%` keeps URL-encoded tokens (`X-Amz-Security-Token=…%2F…`) whole.
const SESSION_TOKEN = /\b(?:[A-Za-z0-9+/]{2}oJb3JpZ2lu|F[wQ]oGZXIvYXdz|AQoDYXdz)[A-Za-z0-9+/=%]{16,}/g;
// Slack incoming webhooks, and other URLs whose path is the credential the way theirs is.
const WEBHOOK_URL = /https:\/\/hooks\.slack(?:-gov)?\.com\/[^\s"'<>]*/gi;
const WORKFLOW_URL = /https:\/\/[a-z0-9.-]*\.(?:webhook\.office\.com|logic\.azure\.com)\/[^\s"'<>]*/gi;
// An access key id (long-term AKIA…, temporary ASIA…) is not a secret, but a 40-character base64 run
// near one is almost certainly its secret access key.
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
const SECRET_KEY_SHAPE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
/** How far from an access key id a secret key is looked for, in characters, on either side. */
const SECRET_KEY_WINDOW = 96;

// Cheap first test: most strings (ARNs, session names, user agents) contain none of these.
const MAYBE_SECRET =
  /oJb3JpZ2lu|ZXIvYXdz|AQoDYXdz|AKIA|ASIA|token|secret|hooks\.slack|webhook\.office|logic\.azure/i;

/**
 * Replaces token-shaped substrings of `s` with {@link SECRET_MARKER}: STS session tokens, secret access
 * keys next to their access key id, quoted or `key = value` credential pairs, and webhook URLs. Text
 * without them is returned unchanged (the same string).
 *
 * @example
 * scrubSecrets(`aws-cli/2 token=${token}`) // 'aws-cli/2 token=[REDACTED]'
 */
export function scrubSecrets(s: string): string {
  if (!MAYBE_SECRET.test(s)) return s;
  const out = s
    .replace(JSON_SECRET_PAIR, `$1"${SECRET_MARKER}"`)
    .replace(KEY_VALUE_SECRET, `$1$2$3${SECRET_MARKER}`)
    .replace(SESSION_TOKEN, SECRET_MARKER)
    .replace(WEBHOOK_URL, SECRET_MARKER)
    .replace(WORKFLOW_URL, SECRET_MARKER);
  return scrubSecretKeysNearIds(out);
}

function scrubSecretKeysNearIds(s: string): string {
  const spans: [number, number][] = [];
  for (const id of s.matchAll(ACCESS_KEY_ID)) {
    const from = Math.max(0, id.index - SECRET_KEY_WINDOW);
    const to = Math.min(s.length, id.index + id[0].length + SECRET_KEY_WINDOW);
    for (const m of s.slice(from, to).matchAll(SECRET_KEY_SHAPE)) {
      if (looksRandom(m[0])) spans.push([from + m.index, from + m.index + m[0].length]);
    }
  }
  if (spans.length === 0) return s;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue; // found again from a second id nearby
    out += s.slice(at, start) + SECRET_MARKER;
    at = end;
  }
  return out + s.slice(at);
}

/** Secret keys are random base64: upper and lower case letters and a digit or symbol. */
const looksRandom = (v: string): boolean => /[a-z]/.test(v) && /[A-Z]/.test(v) && /[0-9/+]/.test(v);
