import { describe, expect, it } from 'vitest';
import { parsePrincipalMatcher } from '../../functions/core/trust/principal-matcher.ts';

describe('parsePrincipalMatcher', () => {
  it('reads a 12-digit account id and a root ARN as a whole account', () => {
    expect(parsePrincipalMatcher('444455556666')).toEqual({
      ok: true,
      value: { kind: 'account', raw: '444455556666', accountId: '444455556666' },
    });
    expect(parsePrincipalMatcher('arn:aws-us-gov:iam::444455556666:root')).toMatchObject({
      ok: true,
      value: { kind: 'account', accountId: '444455556666' },
    });
  });

  it('reads an entry without the spaces around it', () => {
    expect(parsePrincipalMatcher(' 444455556666 ')).toEqual({
      ok: true,
      value: { kind: 'account', raw: '444455556666', accountId: '444455556666' },
    });
  });

  it('reads a role ARN, keeping its literal account', () => {
    expect(parsePrincipalMatcher('arn:aws:iam::444455556666:role/ci/ci-runner')).toMatchObject({
      ok: true,
      value: {
        kind: 'role',
        arnPattern: 'arn:aws:iam::444455556666:role/ci/ci-runner',
        accountId: '444455556666',
      },
    });
  });

  it('reads user, federated-user and assumed-role ARNs as principals', () => {
    expect(parsePrincipalMatcher('arn:aws:iam::444455556666:user/*')).toMatchObject({
      value: { kind: 'principal' },
    });
    expect(parsePrincipalMatcher('arn:aws:sts::444455556666:federated-user/bob')).toMatchObject({
      value: { kind: 'principal' },
    });
    expect(parsePrincipalMatcher('arn:aws:sts::444455556666:assumed-role/Admin/alice')).toMatchObject({
      value: { kind: 'principal' },
    });
  });

  it('reads service, saml and oidc entries', () => {
    expect(parsePrincipalMatcher('service:ecs-tasks.amazonaws.com')).toMatchObject({
      value: { kind: 'service', service: 'ecs-tasks.amazonaws.com' },
    });
    expect(parsePrincipalMatcher('saml:arn:aws:iam::111122223333:saml-provider/Okta')).toMatchObject({
      value: { kind: 'saml', providerArnPattern: 'arn:aws:iam::111122223333:saml-provider/Okta' },
    });
    expect(parsePrincipalMatcher('oidc:token.actions.githubusercontent.com')).toMatchObject({
      value: { kind: 'oidc', providerHost: 'token.actions.githubusercontent.com' },
    });
    expect(
      parsePrincipalMatcher(
        'oidc:arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com',
      ),
    ).toMatchObject({
      value: {
        kind: 'oidc',
        providerHost: 'token.actions.githubusercontent.com',
        providerArnPattern: 'arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com',
      },
    });
  });

  it('accepts a pasted issuer URL for an OIDC provider', () => {
    expect(parsePrincipalMatcher('oidc:https://token.actions.githubusercontent.com/')).toMatchObject({
      value: { providerHost: 'token.actions.githubusercontent.com' },
    });
  });

  it.each([
    ['4444', 'account id has 12'],
    ['*', 'every principal'],
    ['arn:aws:iam::4444:role/ci', "account '4444'"],
    ['arn:aws:iam::*:root', 'literal 12-digit account id'],
    ['arn:aws:s3:::my-bucket', "service 's3'"],
    ['arn:aws:iam:us-east-1:444455556666:role/ci', 'no region'],
    ['arn:aws:iam::444455556666:group/admins', "resource 'group/admins'"],
    ['arn:aws:iam::444455556666:federated-user/bob', 'sts ARNs'],
    ['saml:arn:aws:iam::111122223333:oidc-provider/x', "resource 'oidc-provider/x'"],
    ['service:', 'not a service principal'],
    ['alice', 'is not a principal'],
  ])('refuses %s with a message saying why', (raw, why) => {
    const parsed = parsePrincipalMatcher(raw);

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(why);
  });
});
