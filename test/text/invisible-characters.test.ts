import { describe, expect, it } from 'vitest';
import { stripInvisible } from '../../functions/core/text/invisible-characters.ts';

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
