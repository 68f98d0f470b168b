import { describe, expect, it } from 'vitest';
import { escapeInvisibleInJson, stripInvisible } from '../../functions/core/text/invisible-characters.ts';

// Built from code points so that the test file itself holds none of them raw.
const ch = (...cps: number[]): string => String.fromCodePoint(...cps);
const RLO = ch(0x202e);
const ZWSP = ch(0x200b);
const NEL = ch(0x85);
const LS = ch(0x2028);
const TAG_A = ch(0xe0041);

describe('stripInvisible', () => {
  it('drops format characters and turns line separators and C1 controls into spaces', () => {
    const s = `Prod${ZWSP}Admin ${RLO}nimda${ch(0x202c)} a${LS}b${NEL}c${ch(0x9b)}d${TAG_A}`;

    expect(stripInvisible(s)).toBe('ProdAdmin nimda a b c d');
  });
});

describe('escapeInvisibleInJson', () => {
  it('writes invisible characters as \\u escapes and keeps the parsed value', () => {
    const value = { name: `a${RLO}b${LS}c${NEL}d${ZWSP}e${TAG_A}` };

    const json = escapeInvisibleInJson(JSON.stringify(value, null, 2));

    expect(json).toContain('a\\u202eb\\u2028c\\u0085d\\u200be\\udb40\\udc41');
    expect(json).toMatch(/\n {2}"name"/);
    expect(/[\u0080-\u009f\u2028\u2029\u200b\u202e]/u.test(json)).toBe(false);
    expect(JSON.parse(json)).toEqual(value);
  });
});
