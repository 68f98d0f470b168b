import { describe, expect, it } from 'vitest';
import { decodeText } from '../../functions/core/decode/decode-bytes.ts';
import type { InputError } from '../../functions/core/model/input-error.ts';
import { type JsonObject, scenarioRecord } from './support.ts';

const TOKEN_CODE = '918273';
const EXTERNAL_ID = 'rolewatch-ExternalId-7f3a9c';

/** The input errors of a JSON Lines text whose one line is cut `cutAfter` characters past `marker`. */
function errorsCutAfter(record: JsonObject, marker: string, cutAfter: number): InputError[] {
  const line = JSON.stringify(record);
  const cut = line.slice(0, line.indexOf(marker) + cutAfter);
  return [...decodeText(`${cut}\n`, 'cut.jsonl')].flatMap((item) =>
    item.kind === 'error' ? [item.error] : [],
  );
}

describe('input error excerpts from cut records', () => {
  const record = scenarioRecord('mfa-missing', 'near-miss');
  Object.assign(record.requestParameters as JsonObject, { tokenCode: TOKEN_CODE, externalId: EXTERNAL_ID });

  it('never show an MFA token code', () => {
    const errors = errorsCutAfter(record, TOKEN_CODE, 5);

    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).not.toMatch(/9182/);
  });

  it('never show an ExternalId', () => {
    const errors = errorsCutAfter(record, EXTERNAL_ID, 20);

    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).not.toContain('ExternalId-7f3a');
  });
});

describe('input error excerpts near a credential the window cuts', () => {
  // A 20-character client secret: too short to be taken for a token or key by its shape alone, so only its
  // name (`client_secret=`) says what it is, and a 24-character window before the error can cut that off.
  const SECRET = 'Zq8uV2kPw7Yt4sR1mN6b';
  const errorsOf = (text: string): InputError[] =>
    [...decodeText(`${text}\n`, 'cut.jsonl')].flatMap((item) => (item.kind === 'error' ? [item.error] : []));

  it('shows no part of a secret whose name lies before the window', () => {
    const record = scenarioRecord('mfa-missing', 'near-miss');
    record.userAgent = `deploy-tool/1.4 client_secret=${SECRET}`;
    const line = JSON.stringify(record);
    const cut = line.slice(0, line.indexOf(SECRET) + SECRET.length);
    const [error, ...rest] = errorsOf(cut);

    expect(rest).toHaveLength(0);
    for (let i = 0; i + 6 <= SECRET.length; i++) expect(error?.message).not.toContain(SECRET.slice(i, i + 6));
    expect(error?.message).toContain('client_secret=[REDACTED]');
  });

  it('shows no part of a secret whose value runs past the window', () => {
    const [error] = errorsOf(`{"eventName":"AssumeRole" secret=${SECRET}}`);

    expect(error?.message).not.toContain(SECRET.slice(0, 1));
    expect(error?.message).toContain('secret=[REDACTED]');
  });

  it('keeps the short excerpt where nothing near it is secret', () => {
    const [error] = errorsOf('{"eventName":"AssumeRole" "eventSource":"sts.amazonaws.com"}');

    expect(error?.message).toMatch(/ near "…eventName\\":\\"AssumeRole\\" \\"eventSo"$/);
  });
});
