import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../functions/core/engine/create-engine.ts';
import {
  ACTOR_TYPES,
  type Actor,
  CREDENTIAL_EVENT_NAMES,
  type CredentialEvent,
} from '../../functions/core/model/credential-event.ts';
import type { CompiledRoleEntry } from '../../functions/core/model/trust-config.ts';
import { CREDENTIAL_RULES, TRUST_POLICY_RULES } from '../../functions/core/rules/registry.ts';
import { compileTrust } from '../../functions/core/trust/compile-trust.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  assumeRoleWithWebIdentityRecord,
  awsAccount,
  roleSession,
} from './support/cloudtrail-records.ts';
import { judgedEvent, normalized, trustConfig } from './support/judge.ts';

// Every requirement switched on, so that every rule has something to judge.
const STRICT_TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
defaults:
  maxSessionSeconds: 900
  unlistedRoles: alert
  allowChaining: false
roles:
  - arn: "arn:aws:iam::*:role/*"
    trustedPrincipals:
      - "arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin"
      - "arn:aws:iam::*:user/ops-*"
      - "${ACCOUNTS.vendor}"
      - "service:ecs-tasks.amazonaws.com"
      - "saml:arn:aws:iam::${ACCOUNTS.identity}:saml-provider/Okta"
      - "oidc:token.actions.githubusercontent.com"
    oidcSubjects: ["repo:acme/*:ref:refs/heads/main"]
    maxSessionSeconds: 3600
    requireMfa: true
    requireExternalId: true
    requireSourceIdentity: true
    sessionNamePattern: "^[a-z.]+@acme\\\\.example$"
    sourceCidrs: ["203.0.113.0/24", "2001:db8::/32"]
    allowChaining: false
    severity: high
suppressions:
  - rule: session-too-long
    role: "arn:aws:iam::*:*"
    actor: "arn:aws:iam::*:user/*"
    expires: 2099-12-31
    reason: "property test"
    owner: "secops@acme.example"
`;
const config = trustConfig(STRICT_TRUST);
const strictEntry = compileTrust(config).roleEntry('arn:aws:iam::111122223333:role/Any') as CompiledRoleEntry;

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const text = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    'AWS Internal',
    'ec2.amazonaws.com',
    '06.237.252.245',
    '203.0.113.9',
    '::1',
    'arn:aws:iam::1:',
  ),
);
const arnish = fc.oneof(
  text,
  fc.constantFrom(
    `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`,
    `arn:aws:sts::${ACCOUNTS.identity}:assumed-role/OktaAdmin/x`,
    `arn:aws:iam::${ACCOUNTS.identity}:root`,
    'arn:aws:iam::*:role/*',
    'arn:::::',
  ),
);

/** Drops keys whose value is undefined (the model uses exactOptionalPropertyTypes). */
function compact<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

const actorArb: fc.Arbitrary<Actor> = fc
  .record({
    type: fc.constantFrom(...ACTOR_TYPES),
    arn: maybe(arnish),
    accountId: maybe(fc.oneof(fc.constantFrom(...Object.values(ACCOUNTS)), fc.string())),
    principalId: maybe(fc.oneof(text, fc.constant('AROAIDPPEZS35WEXAMPLE:s'))),
    invokedBy: maybe(text),
    sessionIssuerArn: maybe(arnish),
    sessionName: maybe(text),
    mfaAuthenticated: maybe(fc.boolean()),
    sourceIdentity: maybe(text),
    identityProvider: maybe(arnish),
    display: fc.string(),
  })
  .map((a) => compact(a) as Actor);

const eventArb: fc.Arbitrary<CredentialEvent> = fc
  .record({
    eventName: fc.constantFrom(...CREDENTIAL_EVENT_NAMES),
    eventId: maybe(fc.uuid()),
    sharedEventId: maybe(fc.uuid()),
    requestId: maybe(fc.string()),
    eventTime: maybe(fc.string()),
    success: fc.boolean(),
    errorCode: maybe(text),
    errorMessage: maybe(text),
    role: maybe(
      fc
        .record({
          arn: arnish,
          accountId: maybe(fc.string()),
          name: maybe(fc.string()),
          from: fc.constantFrom(
            'requestParameters',
            'responseElements',
            'resources',
            'errorMessage',
            'targetPrincipal',
          ),
        })
        .map(compact),
    ),
    actor: actorArb,
    sourceIp: maybe(text),
    sourceIpIsService: fc.boolean(),
    session: fc
      .record({
        name: maybe(text),
        requestedSeconds: maybe(fc.integer()),
        requestedSecondsDefaulted: fc.boolean(),
        grantedSeconds: maybe(fc.integer()),
        sourceIdentity: maybe(text),
      })
      .map(compact),
    mfa: fc.record({ serialNumber: maybe(text), tokenCodePresent: fc.boolean() }).map(compact),
    externalIdPresent: fc.boolean(),
    webIdentity: maybe(
      fc.record({ providerHost: maybe(text), providerArn: maybe(arnish), subject: maybe(text) }).map(compact),
    ),
    saml: maybe(fc.record({ providerArn: maybe(arnish), subject: maybe(text) }).map(compact)),
    gaps: fc.array(fc.string(), { maxLength: 3 }),
    location: fc.record({ file: maybe(fc.string()), line: maybe(fc.nat()) }).map(compact),
  })
  .map((e) => compact(e) as CredentialEvent);

describe('rules on arbitrary normalized events', () => {
  it('never throw, and return one of the three outcomes', () => {
    fc.assert(
      fc.property(eventArb, fc.boolean(), (event, withEntry) => {
        const ctx = { config, roleEntry: withEntry ? strictEntry : undefined };
        for (const rule of CREDENTIAL_RULES) {
          const outcome = rule.evaluate(event, ctx);
          expect(['match', 'no-match', 'not-applicable']).toContain(outcome.status);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('give no grant finding for a failed call', () => {
    fc.assert(
      fc.property(eventArb, (generated) => {
        const event = { ...generated, success: false };
        for (const rule of CREDENTIAL_RULES.filter((r) => r.judgesGrant)) {
          expect(rule.evaluate(event, { config, roleEntry: strictEntry }).status).not.toBe('match');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('go through the engine without throwing, with every finding complete', () => {
    const engine = createEngine({ config, now: () => Date.UTC(2026, 11, 1) });
    fc.assert(
      fc.property(eventArb, (event) => {
        for (const f of engine.judge(event)) {
          expect(f.id).toMatch(/^[0-9a-f]{32}$/);
          expect(typeof f.title).toBe('string');
          expect(typeof f.evidence.expected).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('judge mutated real-shaped records without throwing', () => {
    const bases = [
      assumeRoleRecord({
        identity: roleSession(ACCOUNTS.identity, 'OktaAdmin', 'jane@acme.example'),
        roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin`,
      }),
      assumeRoleRecord({
        identity: awsAccount(ACCOUNTS.outsider, 'AROAZZZZZZZZZZEXAMPLE:x'),
        roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/X`,
      }),
      assumeRoleWithWebIdentityRecord({
        roleArn: `arn:aws:iam::${ACCOUNTS.tooling}:role/github-actions`,
        subject: 'repo:acme/app:ref:refs/heads/main',
      }),
    ];
    const engine = createEngine({ config });
    const keys = [
      'userIdentity',
      'requestParameters',
      'responseElements',
      'sourceIPAddress',
      'eventTime',
      'errorCode',
      'sharedEventID',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.constantFrom(...keys), fc.jsonValue(), (base, key, value) => {
        const record = { ...base, [key]: value };
        expect(() => engine.judge(normalized(record))).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('judge any IAM trust-policy change without throwing, with or without an entry', () => {
    const anyField = fc.option(fc.anything(), { nil: undefined });
    const principal = fc.oneof(
      fc.constant('*'),
      fc.record({
        AWS: fc.oneof(fc.string(), fc.constantFrom(ACCOUNTS.vendor, `arn:aws:iam::${ACCOUNTS.prod}:root`)),
      }),
      fc.record({ Service: fc.string(), Federated: fc.string() }),
      fc.anything(),
    );
    const statement = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny', 'Maybe'),
      Principal: principal,
      Action: fc.oneof(fc.constant('sts:AssumeRole'), fc.anything()),
      Condition: fc.oneof(anyField, fc.constant({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })),
    });
    const document = fc.oneof(
      fc
        .record({ Version: fc.constant('2012-10-17'), Statement: fc.array(statement, { maxLength: 3 }) })
        .map((p) => JSON.stringify(p)),
      fc.json(),
      fc.anything(),
    );
    const record = fc.record({
      eventSource: fc.constant('iam.amazonaws.com'),
      eventName: fc.constantFrom('CreateRole', 'UpdateAssumeRolePolicy', 'UpdateRole'),
      recipientAccountId: fc.constantFrom(ACCOUNTS.prod, undefined),
      userIdentity: fc.oneof(fc.constant(roleSession(ACCOUNTS.prod, 'ProdAdmin', 'alice')), anyField),
      requestParameters: fc.record({
        roleName: fc.oneof(fc.constant('Deploy'), fc.string()),
        policyDocument: document,
        assumeRolePolicyDocument: document,
        maxSessionDuration: anyField,
      }),
      errorCode: anyField,
    });
    fc.assert(
      fc.property(record, fc.boolean(), (r, withEntry) => {
        const event = judgedEvent(r);
        const ctx = { config, roleEntry: withEntry ? strictEntry : undefined };
        expect(event.eventName).toBe(r.eventName);
        if (!('kind' in event)) throw new Error('not an IAM trust-policy change');
        for (const rule of TRUST_POLICY_RULES) {
          expect(['match', 'no-match', 'not-applicable']).toContain(rule.evaluate(event, ctx).status);
        }
      }),
      { numRuns: 300 },
    );
  });
});
