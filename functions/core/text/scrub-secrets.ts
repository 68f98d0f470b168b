/**
 * Credential material that must never reach an output, found inside free text: a session token pasted
 * into a user agent, a credentials object quoted in an error message, a webhook URL in an HTTP error.
 * Keys of structured values (`sessionToken`, `secretAccessKey`) are dropped by the serialisers; this is
 * the net for the same secrets hidden in strings.
 */

import { replaceJwts } from './find-jwts.ts';

/** What a scrubbed secret is replaced with. */
export const SECRET_MARKER = '[REDACTED]';

// The names credentials go by in JSON, INI, YAML, shells, CLI flags and query strings: `sessionToken`,
// `aws_secret_access_key`, `AWS_SESSION_TOKEN`, `--secret-access-key`, `X-Amz-Security-Token`, `SecretKey`,
// `client_secret`, `secret`. Not after a letter: `mysecret` is a word, `client_secret` a name.
const NAME =
  '(?<![A-Za-z])(?:aws[_-]?)?(?:secret[_-]?access[_-]?key|session[_-]?token|security[_-]?token|secret[_-]?key|secret)';
// `"sessionToken": "…"` or `{'SecretAccessKey': '…'}` in quoted JSON or Python (an error message repeating
// a request, an excerpt); the value may be cut off, so the closing quote is optional. The alternatives
// are disjoint: linear time.
const QUOTED_SECRET_PAIR = new RegExp(`(["']${NAME}["']\\s*:\\s*)["'](?:[^"'\\\\]|\\\\.)*["']?`, 'gi');
// `aws_secret_access_key = …`, `SessionToken: …`, `--secret-access-key …`, `&Secret=…` in INI, YAML, shell
// or URL text. After a space (a CLI flag and its value) the value must look random, so that prose
// ("session_token expired") is left alone.
const NAMED_SECRET = new RegExp(`(${NAME})(["']?\\s*[=:]\\s*|\\s+)(["']?)([A-Za-z0-9/+=%]{16,})`, 'gi');
// STS session tokens are long base64 strings whose first bytes are a fixed protobuf header: "…oJb3JpZ2lu"
// (`\n\torigin`, the common form since 2019), "FwoGZXIvYXdz" / "FQoGZXIvYXdz" (`\n\x06er/aws`, older),
// "AQoDYXdz". Found wherever they start (after `%3D`, `_` or a letter too: the header is specific enough);
// `%` keeps URL-encoded tokens (`X-Amz-Security-Token=…%2F…`) whole.
const SESSION_TOKEN = /(?:[A-Za-z0-9+/]{2}oJb3JpZ2lu|F[wQ]oGZXIvYXdz|AQoDYXdz)[A-Za-z0-9+/=%]{16,}/g;
// Slack incoming webhooks, Teams (Office 365 connectors, Power Automate / Logic Apps workflows) and Discord
// webhooks: URLs whose path or query is the credential. With or without the scheme, with a port.
const WEBHOOK_URL =
  /(?:https?:\/\/)?(?<![A-Za-z0-9.-])(?:hooks\.slack(?:-gov)?\.com|[a-z0-9.-]*\.webhook\.office\.com|outlook\.office(?:365)?\.com(?=(?::\d+)?\/webhook)|[a-z0-9.-]*\.logic\.azure\.com|[a-z0-9.-]*\.api\.powerplatform\.com|(?:canary\.|ptb\.)?discord(?:app)?\.com(?=(?::\d+)?\/api\/webhooks))(?::\d+)?\/[^\s"'<>]*/gi;
// An access key id (long-term AKIA…, temporary ASIA…) is not a secret (it names a key, as a user name
// does; CloudTrail records carry it), but a 40-character base64 run near one is almost certainly its
// secret access key. The run may follow `=` (`secret=…`), not precede one (a longer base64 value).
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
const SECRET_KEY_SHAPE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
/** How far from an access key id a secret key is looked for, in characters, on either side. */
const SECRET_KEY_WINDOW = 96;

// Cheap first test: most strings (ARNs, session names, user agents) contain none of these.
const MAYBE_SECRET =
  /oJb3JpZ2lu|ZXIvYXdz|AQoDYXdz|AKIA|ASIA|token|secret|hooks\.slack|webhook|logic\.azure|powerplatform|eyJ/i;

/**
 * Replaces token-shaped substrings of `s` with {@link SECRET_MARKER}: STS session tokens, secret access
 * keys next to their access key id, credentials after their name (quoted pairs, `key = value`, CLI flags,
 * query parameters), JSON Web Tokens, and webhook URLs. Text
 * without them is returned unchanged (the same string).
 *
 * @example
 * scrubSecrets(`aws-cli/2 token=${token}`) // 'aws-cli/2 token=[REDACTED]'
 */
export function scrubSecrets(s: string): string {
  if (!MAYBE_SECRET.test(s)) return s;
  const out = s
    .replace(QUOTED_SECRET_PAIR, `$1"${SECRET_MARKER}"`)
    .replace(NAMED_SECRET, namedSecret)
    .replace(SESSION_TOKEN, SECRET_MARKER)
    .replace(WEBHOOK_URL, SECRET_MARKER);
  // A JSON Web Token (an OIDC ID token for AssumeRoleWithWebIdentity, a bearer token): header and payload
  // are base64url JSON objects (`eyJ…`), and whoever holds the three parts holds the credential. Found
  // without a regular expression: see find-jwts.ts.
  return scrubSecretKeysNearIds(replaceJwts(out, SECRET_MARKER));
}

function namedSecret(whole: string, name: string, separator: string, quote: string, value: string): string {
  if (/^\s+$/.test(separator) && !looksRandom(value)) return whole;
  return `${name}${separator}${quote}${SECRET_MARKER}`;
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
