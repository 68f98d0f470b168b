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
