import { describe, expect, it } from 'vitest';
import { pairKey } from '../../functions/core/state/state-item.ts';

// DynamoDB limits a partition key to 2,048 bytes of UTF-8, not characters: keys built from record content
// (an OIDC subject, a SAML name) are hashed before they could pass it.
const bytes = (s: string): number => new TextEncoder().encode(s).length;
const ROLE = 'arn:aws:iam::444455556666:role/Deploy';

describe('state item keys', () => {
  it('keeps a short key readable, whatever its script', () => {
    const actor = 'oidc:token.actions.githubusercontent.com:repo:acme/アプリ:ref:refs/heads/main';
    expect(pairKey(actor, ROLE)).toBe(`pair#${actor}#${ROLE}`);
  });

  it('hashes a key whose UTF-8 bytes, not only its characters, would pass the limit', () => {
    // 700 CJK characters: 784 characters in the key, 2,184 bytes.
    const cjk = `oidc:issuer.example:${'漢'.repeat(700)}`;
    const key = pairKey(cjk, ROLE);

    expect(key).toMatch(/^pair#sha256:[0-9a-f]{64}$/);
    expect(bytes(key)).toBeLessThanOrEqual(1024);
    // A different subject, a different key.
    expect(pairKey(`oidc:issuer.example:${'字'.repeat(700)}`, ROLE)).not.toBe(key);
    // Long ASCII is hashed at the same bound.
    expect(pairKey(`oidc:issuer.example:${'a'.repeat(2000)}`, ROLE)).toMatch(/^pair#sha256:/);
    expect(bytes(pairKey(`user:${'a'.repeat(900)}`, ROLE))).toBeLessThanOrEqual(1024);
  });
});
