import { describe, expect, it } from 'vitest';
import { ACCOUNTS, assumeRoleRecord, iamUser, patched } from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';

// A request that omits durationSeconds gets STS's default of 3600 s. The granted duration decides when
// the record shows it; the default is judged only when the record shows neither.
const ROLE = `arn:aws:iam::${ACCOUNTS.prod}:role/DataPipeline`;
const trustWithLimit = (seconds: number) => `
version: 1
accounts: ["${ACCOUNTS.prod}"]
roles:
  - arn: "${ROLE}"
    trustedPrincipals: ["${ACCOUNTS.prod}"]
    maxSessionSeconds: ${seconds}
`;

/** No durationSeconds on the request; the credentials expire `grantedSeconds` after the event. */
const omittedDuration = (grantedSeconds = 3600) =>
  assumeRoleRecord({ identity: iamUser(ACCOUNTS.prod, 'etl'), roleArn: ROLE, grantedSeconds });

/** The same call, its response not in the record (null, as some exports write it). */
const noResponse = () => patched(omittedDuration(), { responseElements: null });

describe('session-too-long: the 3600 s default of a request without durationSeconds', () => {
  it('accepts the default when it equals the limit and nothing else shows the duration', () => {
    expect(judgeRule('session-too-long', trustWithLimit(3600), noResponse())).toEqual([]);
  });

  it('flags the default when it exceeds the limit, and says it was assumed', () => {
    const [finding, ...rest] = judgeRule('session-too-long', trustWithLimit(1800), noResponse());

    expect(rest).toEqual([]);
    expect(finding?.evidence).toMatchObject({
      expected: 'at most 1800 s (maxSessionSeconds from the role entry)',
      actual: 'requested 3600 s (default)',
      note: expect.stringContaining('3600 s default is assumed'),
    });
    // The request carried no duration: the finding does not invent one.
    expect(finding?.session.requestedSeconds).toBeUndefined();
  });

  it('reads a durationSeconds written as null as omitted, so the default is judged', () => {
    const record = patched(noResponse(), { requestParameters: { durationSeconds: null } });

    const findings = judgeRule('session-too-long', trustWithLimit(1800), record);

    expect(findings.map((f) => f.evidence.actual)).toEqual(['requested 3600 s (default)']);
  });

  it('judges the granted duration, not the default, when the record shows the expiration', () => {
    // 3600 s granted against a 3540 s limit is within the 60 s of slack; the default alone would exceed it.
    expect(judgeRule('session-too-long', trustWithLimit(3540), omittedDuration(3600))).toEqual([]);
    expect(judgeRule('session-too-long', trustWithLimit(3540), omittedDuration(3601))).toHaveLength(1);
  });
});
