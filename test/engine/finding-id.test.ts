import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findingId } from '../../functions/core/engine/finding-id.ts';
import { ACCOUNTS, assumeRoleRecord, iamUser, patched } from '../rules/support/cloudtrail-records.ts';
import { normalized } from '../rules/support/judge.ts';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 32);
const base = assumeRoleRecord({
  identity: iamUser(ACCOUNTS.identity, 'alice'),
  roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`,
  eventID: 'd769ddfd-2cda-4cfa-b33f-05d3b886921d',
});

describe('findingId', () => {
  it('hashes the rule id with the eventID when there is no sharedEventID', () => {
    const id = findingId('untrusted-principal', normalized(base));

    expect(id).toBe(sha('untrusted-principal\nevent:d769ddfd-2cda-4cfa-b33f-05d3b886921d'));
  });

  it('prefers the sharedEventID, so both copies of a cross-account call agree', () => {
    const a = normalized(patched(base, { sharedEventID: 'aaaa-shared', eventID: 'copy-1' }));
    const b = normalized(patched(base, { sharedEventID: 'aaaa-shared', eventID: 'copy-2' }));

    expect(findingId('session-too-long', a)).toBe(findingId('session-too-long', b));
    expect(findingId('session-too-long', a)).toBe(sha('session-too-long\nshared:aaaa-shared'));
  });

  it('differs by rule for the same event', () => {
    const event = normalized(base);

    expect(findingId('untrusted-principal', event)).not.toBe(findingId('external-account', event));
  });

  it('falls back to a canonical tuple of the call when the record has no eventID', () => {
    const withoutId = patched(base, { eventID: undefined });
    const otherRequest = patched(withoutId, { requestID: 'another-request' });

    const id = findingId('assume-denied', normalized(withoutId));

    expect(id).toBe(findingId('assume-denied', normalized(structuredClone(withoutId))));
    expect(id).not.toBe(findingId('assume-denied', normalized(otherRequest)));
    expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('tells apart calls without eventID and requestID by their role and source address', () => {
    const bare = patched(base, { eventID: undefined, requestID: undefined });
    const otherRole = patched(bare, {
      requestParameters: { roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/Audit` },
      responseElements: { assumedRoleUser: undefined },
      resources: undefined,
    });
    const otherAddress = patched(bare, { sourceIPAddress: '198.51.100.7' });

    const id = findingId('unlisted-role', normalized(bare));

    expect(findingId('unlisted-role', normalized(otherRole))).not.toBe(id);
    expect(findingId('unlisted-role', normalized(otherAddress))).not.toBe(id);
  });
});
