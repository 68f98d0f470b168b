import { err, ok, type Result } from '../model/result.ts';

/** Policy documents are at most a few KB (IAM caps trust policies at 2,048–4,096 characters). */
const MAX_DOCUMENT_CHARS = 1024 * 1024;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(text: string): Result<unknown, string> {
  try {
    return ok(JSON.parse(text));
  } catch (e) {
    return err(`not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * A role's AssumeRolePolicyDocument as IAM or a saved listing gives it → the policy object.
 * The IAM API returns the document URL-encoded (RFC 3986); the AWS CLI and CloudTrail give it decoded,
 * as JSON text or already as an object. The text is URL-decoded only when it does not start with `{`,
 * so a decoded policy whose strings hold `%` is never decoded twice.
 *
 * @example decodePolicyDocument('%7B%22Version%22%3A%222012-10-17%22%7D') // ok({ Version: '2012-10-17' })
 */
export function decodePolicyDocument(document: unknown): Result<Record<string, unknown>, string> {
  if (isRecord(document)) return ok(document);
  if (typeof document !== 'string') {
    return err(
      `expected a policy document (JSON text or object), found ${document === null ? 'null' : typeof document}`,
    );
  }
  if (document.length > MAX_DOCUMENT_CHARS) return err(`${document.length} characters is not a trust policy`);
  const text = document.replace(/^\uFEFF/, '').trim();
  if (text.startsWith('{')) return asObject(parseJson(text));
  const decoded = urlDecode(text);
  if (decoded === undefined) return err('neither JSON nor URL-encoded JSON (a malformed % escape)');
  const parsed = parseJson(decoded);
  // Form encoders write a space as '+'; RFC 3986 (what IAM uses) writes %20 and leaves '+' alone.
  if (!parsed.ok && text.includes('+')) {
    const plusDecoded = urlDecode(text.replace(/\+/g, '%20'));
    const retry = plusDecoded === undefined ? parsed : parseJson(plusDecoded);
    if (retry.ok) return asObject(retry);
  }
  return asObject(parsed);
}

function urlDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text).trim();
  } catch {
    return undefined;
  }
}

function asObject(parsed: Result<unknown, string>): Result<Record<string, unknown>, string> {
  if (!parsed.ok) return parsed;
  if (!isRecord(parsed.value)) return err('the policy document is not a JSON object');
  return ok(parsed.value);
}
