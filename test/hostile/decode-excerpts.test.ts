// Issue 7, defect 7: input-error excerpts must never show any part of a secret value, however the record
// writes the key or the value. The secret is built at run time, so no token-shaped literal is committed.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../functions/core/decode/decode-bytes.ts';
import { excerptNear } from '../../functions/core/decode/safe-excerpt.ts';

/** A session-token-shaped secret, different on every run. */
const TOKEN = `IQoJb3JpZ2lu${randomBytes(300).toString('base64').replace(/[+/=]/g, 'x')}`;
/** Any 8 characters of the token in a message is a leak. */
const leaks = (message: string): boolean => {
  for (let i = 0; i + 8 <= TOKEN.length; i++) if (message.includes(TOKEN.slice(i, i + 8))) return true;
  return false;
};

const CONTROL = '\u0001'; // a raw control character: an "invalid JSON" error (with an excerpt) right there

function messagesOf(text: string): string[] {
  const out: string[] = [];
  for (const mode of ['full', 'selective'] as const) {
    for (const item of decodeText(text, 'hostile.jsonl', { parse: mode })) {
      if (item.kind === 'error' && item.error.kind === 'json') out.push(item.error.message);
    }
  }
  return out;
}

const line = (secretPart: string): string =>
  `{"eventSource":"sts.amazonaws.com","eventName":"AssumeRole","responseElements":{"credentials":{${secretPart}}}}`;

describe('input error excerpts around secrets', () => {
  it('still show an excerpt where no secret is near (so the checks below can fail)', () => {
    const messages = messagesOf(
      `{"eventSource":"s3.amazonaws.com","userAgent":"curl${CONTROL}/8"}\n{"a":1}\n`,
    );

    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m).toMatch(/near "….*curl/);
  });

  it('hide a sessionToken whose value holds an escaped quote before the break', () => {
    const text = `${line(`"accessKeyId":"ASIAEXAMPLE","sessionToken":"abc\\"${TOKEN}${CONTROL}tail"`)}\n{"a":1}\n`;

    const messages = messagesOf(text);

    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(leaks(m), m).toBe(false);
  });

  it('hide a sessionToken whose key is written with a unicode escape', () => {
    for (const key of ['session\\u0054oken', '\\u0073essionToken', 'SESSION\\u0074OKEN']) {
      const text = `${line(`"${key}":"${TOKEN}${CONTROL}tail"`)}\n{"a":1}\n`;

      const messages = messagesOf(text);

      expect(messages.length, key).toBeGreaterThan(0);
      for (const m of messages) expect(leaks(m), `${key}: ${m}`).toBe(false);
    }
  });

  it('hide a sessionToken in JSON embedded in a string (a LookupEvents CloudTrailEvent), escaped keys too', () => {
    for (const key of ['sessionToken', 'session\\\\u0054oken']) {
      const inner = `{\\"${key}\\":\\"${TOKEN}${CONTROL}`;
      const text = `{"Events":[{"EventId":"1","CloudTrailEvent":"${inner}more\\"}"}]}\n{"a":1}\n`;

      const messages = messagesOf(text);

      expect(messages.length, key).toBeGreaterThan(0);
      for (const m of messages) expect(leaks(m), `${key}: ${m}`).toBe(false);
    }
  });

  it('hide a secret that is not a string, and the value after a key split across escapes', () => {
    const asObject = `{"sessionToken":{"v":"${TOKEN}${CONTROL}"}}`;
    const escapedValue = `{"secretAccessKey":"\\u0041${TOKEN}${CONTROL}"}`;

    for (const text of [asObject, escapedValue]) {
      const at = text.indexOf(CONTROL);
      expect(leaks(excerptNear(text, at))).toBe(false);
    }
  });

  it('shows text after a secret value that ended cleanly before the excerpt', () => {
    const padding = 'aws-cli/2.15 '.repeat(4);
    const text = `{"sessionToken":"${TOKEN}","userAgent":"${padding}curl${CONTROL}"}`;

    const excerpt = excerptNear(text, text.indexOf(CONTROL));

    expect(excerpt).toContain('curl');
    expect(leaks(excerpt)).toBe(false);
  });

  it('hide a secret key whose slashes are written \\/ or \\u002F (no run of 32 base64 characters left raw)', () => {
    const key = `${randomBytes(30).toString('base64').replace(/[+=]/g, 'x').replace(/\//g, '')}`.slice(0, 12);
    const secret = `${key}/${key}/${key}/ab`; // 40 characters, slashes every 13
    for (const written of [secret.replace(/\//g, '\\/'), secret.replace(/\//g, '\\u002F')]) {
      const messages = messagesOf(`{"userAgent":"${written}" bad}\n`);

      expect(messages.length).toBeGreaterThan(0);
      for (const m of messages) for (const part of secret.split('/')) expect(m).not.toContain(part);
    }
  });

  it('never quote an object key that holds a base64 run as long as a secret', () => {
    const secret = `${randomBytes(30).toString('base64').replace(/[+/=]/g, 'x')}`;
    const errors = [...decodeText(`{"${secret}": 1}\n{"Records": {"${secret}": 1}}\n`, 'keys.jsonl')].flatMap(
      (item) => (item.kind === 'error' ? [item.error.message] : []),
    );

    expect(errors.length).toBe(2);
    for (const m of errors) {
      expect(m).not.toContain(secret.slice(0, 8));
      expect(m).toContain('(a key of 40 characters, not shown)');
    }
  });
});
