import { cleanArn, parseArn } from '../arn/parse-arn.ts';

/** An IAM role ARN inside free text; the account part is loose because anonymised exports mangle it. */
const ROLE_ARN_IN_TEXT = /arn:[a-z][a-z-]*:iam::[^:\s]*:role\/[^\s"'<>]+/;
const TRAILING_PUNCTUATION = '.,;:)]}';
const RESOURCE_MARKER = 'on resource:';

/**
 * `text` without trailing punctuation. A loop, not `/[…]+$/`: that expression is retried from every
 * run of punctuation in the text, which takes time growing with the square of the text's length.
 */
function trimTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING_PUNCTUATION.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

function extract(text: string): string | undefined {
  const m = ROLE_ARN_IN_TEXT.exec(text);
  if (m === null) return undefined;
  const arn = cleanArn(trimTrailingPunctuation(m[0]));
  const parts = parseArn(arn);
  return parts !== undefined && parts.resource.length > 'role/'.length ? arn : undefined;
}

/**
 * The role a denied call asked for, from its `errorMessage`, for records whose `requestParameters` is null.
 * Handles `User: ARN is not authorized to perform: sts:AssumeRole on resource: ROLE_ARN` with or without
 * a trailing `because …` clause; an ARN after `on resource:` wins over any other role ARN in the text.
 *
 * @example
 * roleFromErrorMessage('User: arn:aws:iam::1:user/a is not authorized to perform: sts:AssumeRole ' +
 *   'on resource: arn:aws:iam::111122223333:role/x') // 'arn:aws:iam::111122223333:role/x'
 */
export function roleFromErrorMessage(msg: string): string | undefined {
  if (typeof msg !== 'string' || msg.length > 16_384) return undefined;
  const at = msg.indexOf(RESOURCE_MARKER);
  if (at >= 0) {
    const after = extract(msg.slice(at + RESOURCE_MARKER.length));
    if (after !== undefined) return after;
  }
  return extract(msg);
}
