import { stripInvisible } from '../../core/text/invisible-characters.ts';

/**
 * Makes a finding-derived string inert in Slack `mrkdwn`.
 *
 * Session names, user agents, ARNs and error messages come from whoever made the AWS call, so a
 * session named `<!channel> *pwn*` must neither ping a channel nor change formatting:
 * - `&`, `<`, `>` become entities (Slack's documented escaping), which also defuses `<!here>`,
 *   `<@U…>` mentions and `<url|label>` links;
 * - `*`, `_`, `~` and `` ` `` become their full-width look-alikes, because mrkdwn has no escape
 *   character (the approach jsx-slack takes); an ARN copied from an alert may therefore differ in
 *   those characters, and the JSON sinks carry the exact values;
 * - `@channel`, `@here`, `@everyone` get a word joiner after the `@`, so no client treats them as
 *   mentions;
 * - line breaks (U+2028, U+2029, U+0085 included) and other C0/C1 controls become spaces, so a value
 *   cannot start a `>` quote line or forge extra lines; bidi overrides and zero-width characters are
 *   removed, so `Prod\u200bAdmin` shows as what it is and no span is displayed reversed.
 */
export function escapeSlack(text: string): string {
  return stripInvisible(text)
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[*_~`]/g, (c) => FULL_WIDTH[c] ?? c)
    .replace(/@(channel|here|everyone)/gi, '@\u2060$1');
}

const FULL_WIDTH: Record<string, string> = { '*': '＊', _: '＿', '~': '～', '`': '｀' };
