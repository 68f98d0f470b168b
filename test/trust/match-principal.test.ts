import { describe, expect, it } from 'vitest';
import type { Actor, CredentialEvent } from '../../functions/core/model/credential-event.ts';
import type { PrincipalMatcher } from '../../functions/core/model/trust-config.ts';
import {
  compilePrincipalTest,
  compileTrustedPrincipals,
} from '../../functions/core/trust/match-principal.ts';
import { parsePrincipalMatcher } from '../../functions/core/trust/principal-matcher.ts';
import { ACTORS, credentialEvent, samlEvent, webIdentityEvent } from './credential-events.ts';

function matcher(raw: string): PrincipalMatcher {
  const parsed = parsePrincipalMatcher(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const matchPrincipal = (m: PrincipalMatcher, event: CredentialEvent) => compilePrincipalTest(m)(event);
const judge = (raw: string, actor: Actor) => matchPrincipal(matcher(raw), credentialEvent(actor));

describe('compilePrincipalTest: accounts', () => {
  it('matches any principal of a trusted account', () => {
    expect(judge('111122223333', ACTORS.iamUser)).toBe('match');
    expect(judge('arn:aws:iam::111122223333:root', ACTORS.assumedRole)).toBe('match');
  });

  it('does not match a principal of another account', () => {
    expect(judge('444455556666', ACTORS.iamUser)).toBe('no-match');
  });

  it('matches the cross-account copy of a call from a trusted account fully', () => {
    expect(judge('111122223333', ACTORS.crossAccountCopy)).toBe('match');
  });

  it('keeps to the partition a root ARN names; a bare account id names the account in any partition', () => {
    const cn = (arn: string) => arn.replace('arn:aws:', 'arn:aws-cn:');
    const cnUser: Actor = { ...ACTORS.iamUser, arn: cn(ACTORS.iamUser.arn as string) };
    const cnSession: Actor = {
      ...ACTORS.assumedRole,
      arn: cn(ACTORS.assumedRole.arn as string),
      sessionIssuerArn: cn(ACTORS.assumedRole.sessionIssuerArn as string),
    };

    expect(judge('arn:aws-cn:iam::111122223333:root', ACTORS.iamUser)).toBe('no-match');
    expect(judge('arn:aws-cn:iam::111122223333:root', ACTORS.assumedRole)).toBe('no-match');
    expect(judge('arn:aws-cn:iam::111122223333:root', cnUser)).toBe('match');
    expect(judge('arn:aws-cn:iam::111122223333:root', cnSession)).toBe('match');
    expect(judge('arn:aws:iam::111122223333:root', cnUser)).toBe('no-match');
    expect(judge('111122223333', cnUser)).toBe('match');
    expect(judge('arn:*:iam::111122223333:root', cnUser)).toBe('match');
  });

  it('judges the partition of a cross-account copy by the role it assumed (trust never crosses partitions)', () => {
    const onCnRole = credentialEvent(ACTORS.crossAccountCopy, {
      role: {
        arn: 'arn:aws-cn:iam::444455556666:role/Deploy',
        accountId: '444455556666',
        from: 'requestParameters',
      },
    });
    const onAwsRole = credentialEvent(ACTORS.crossAccountCopy);

    expect(matchPrincipal(matcher('arn:aws-cn:iam::111122223333:root'), onCnRole)).toBe('match');
    expect(matchPrincipal(matcher('arn:aws-cn:iam::111122223333:root'), onAwsRole)).toBe('no-match');
    expect(matchPrincipal(matcher('111122223333'), onAwsRole)).toBe('match');
  });
});

describe('compilePrincipalTest: roles', () => {
  it('matches a session whose issuer is the role', () => {
    expect(judge('arn:aws:iam::111122223333:role/ci/ci-runner', ACTORS.assumedRole)).toBe('match');
  });

  it('does not match a session of another role of the same account', () => {
    expect(judge('arn:aws:iam::111122223333:role/ci/deployer', ACTORS.assumedRole)).toBe('no-match');
  });

  it('matches by the assumed-role ARN when the issuer is unknown, since that ARN carries no role path', () => {
    const { sessionIssuerArn: _, ...withoutIssuer } = ACTORS.assumedRole;

    expect(judge('arn:aws:iam::111122223333:role/ci/ci-runner', withoutIssuer)).toBe('match');
    expect(judge('arn:aws:iam::444455556666:role/ci/ci-runner', withoutIssuer)).toBe('no-match');
  });

  it('matches a path-less issuer derived from the assumed-role ARN', () => {
    const derived: Actor = {
      ...ACTORS.assumedRole,
      sessionIssuerArn: 'arn:aws:iam::111122223333:role/ci-runner',
    };

    expect(judge('arn:aws:iam::111122223333:role/ci/ci-runner', derived)).toBe('match');
  });

  it('trusts the issuer path when the record carries one', () => {
    const other: Actor = {
      ...ACTORS.assumedRole,
      sessionIssuerArn: 'arn:aws:iam::111122223333:role/ops/ci-runner',
    };

    expect(judge('arn:aws:iam::111122223333:role/ci/ci-runner', other)).toBe('no-match');
  });

  it('does not match an IAM user against a role entry', () => {
    expect(judge('arn:aws:iam::111122223333:role/*', ACTORS.iamUser)).toBe('no-match');
  });

  it('says a cross-account copy is from the role account but cannot be resolved further', () => {
    expect(judge('arn:aws:iam::111122223333:role/ci/ci-runner', ACTORS.crossAccountCopy)).toBe(
      'account-only',
    );
    expect(judge('arn:aws:iam::444455556666:role/ci/ci-runner', ACTORS.crossAccountCopy)).toBe('no-match');
  });
});

describe('compilePrincipalTest: users and federated users', () => {
  it('matches the user an ARN pattern names', () => {
    expect(judge('arn:aws:iam::111122223333:user/*', ACTORS.iamUser)).toBe('match');
    expect(judge('arn:aws:iam::111122223333:user/bob', ACTORS.iamUser)).toBe('no-match');
  });

  it('matches a federated user by its sts ARN, not by the user that federated it', () => {
    expect(judge('arn:aws:sts::111122223333:federated-user/bob', ACTORS.federatedUser)).toBe('match');
    expect(judge('arn:aws:iam::111122223333:user/broker', ACTORS.federatedUser)).toBe('no-match');
  });

  it('says a cross-account copy matches a user entry of that account only as far as the account', () => {
    expect(judge('arn:aws:iam::111122223333:user/alice', ACTORS.crossAccountCopy)).toBe('account-only');
  });
});

describe('compilePrincipalTest: services', () => {
  it('matches an AWS service actor invoked by the named service', () => {
    expect(judge('service:ecs-tasks.amazonaws.com', ACTORS.service)).toBe('match');
    expect(judge('service:*', ACTORS.service)).toBe('match');
  });

  it('does not match another service, or a user whose name looks like one', () => {
    expect(judge('service:lambda.amazonaws.com', ACTORS.service)).toBe('no-match');
    expect(
      judge('service:ecs-tasks.amazonaws.com', { ...ACTORS.iamUser, invokedBy: 'ecs-tasks.amazonaws.com' }),
    ).toBe('no-match');
  });

  it('does not match a cross-account copy against a service entry', () => {
    expect(judge('service:ecs-tasks.amazonaws.com', ACTORS.crossAccountCopy)).toBe('no-match');
  });
});

describe('compilePrincipalTest: SAML', () => {
  const okta = matcher('saml:arn:aws:iam::111122223333:saml-provider/Okta');

  it('matches a SAML user whose request names the provider', () => {
    expect(matchPrincipal(okta, samlEvent('arn:aws:iam::111122223333:saml-provider/Okta'))).toBe('match');
  });

  it('does not match a SAML user of another provider', () => {
    expect(matchPrincipal(okta, samlEvent('arn:aws:iam::111122223333:saml-provider/AzureAD'))).toBe(
      'no-match',
    );
  });
});

describe('compilePrincipalTest: OIDC', () => {
  it('matches a web identity user of the provider host', () => {
    const event = webIdentityEvent({
      providerHost: 'token.actions.githubusercontent.com',
      subject: 'repo:acme/app:ref:refs/heads/main',
    });

    expect(matchPrincipal(matcher('oidc:token.actions.githubusercontent.com'), event)).toBe('match');
    expect(matchPrincipal(matcher('oidc:accounts.google.com'), event)).toBe('no-match');
  });

  it('compares the host of an EKS provider without regard to case, and its /id/ path exactly', () => {
    const cluster = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
    const entry = matcher(`oidc:${cluster}`);
    const of = (providerHost: string) => matchPrincipal(entry, webIdentityEvent({ providerHost }));

    expect(of(cluster)).toBe('match');
    expect(of(cluster.replace('oidc.eks.eu-west-1', 'OIDC.EKS.EU-WEST-1'))).toBe('match');
    expect(of('oidc.eks.eu-west-1.amazonaws.com/id/exampled539d4633e53de1b71example')).toBe('no-match');
    expect(matchPrincipal(matcher('oidc:OIDC.EKS.*'), webIdentityEvent({ providerHost: cluster }))).toBe(
      'match',
    );
  });

  it('derives the host from the provider ARN when the record gives only that', () => {
    const event = webIdentityEvent(
      { providerArn: 'arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com' },
      {
        ...ACTORS.webIdentityUser,
        identityProvider: 'arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com',
      },
    );

    expect(matchPrincipal(matcher('oidc:token.actions.githubusercontent.com'), event)).toBe('match');
  });

  it('matches a provider ARN entry against the provider ARN, account included', () => {
    const event = webIdentityEvent({
      providerHost: 'token.actions.githubusercontent.com',
      providerArn: 'arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com',
    });

    expect(
      matchPrincipal(
        matcher('oidc:arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com'),
        event,
      ),
    ).toBe('match');
    expect(
      matchPrincipal(
        matcher('oidc:arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'),
        event,
      ),
    ).toBe('no-match');
  });

  it('rebuilds the provider ARN from the role account when the record names only the host', () => {
    const event = webIdentityEvent({ providerHost: 'token.actions.githubusercontent.com' });

    expect(
      matchPrincipal(
        matcher('oidc:arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com'),
        event,
      ),
    ).toBe('match');
    expect(
      matchPrincipal(
        matcher('oidc:arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'),
        event,
      ),
    ).toBe('no-match');
  });

  it('does not match an IAM user against an OIDC entry', () => {
    expect(judge('oidc:token.actions.githubusercontent.com', ACTORS.iamUser)).toBe('no-match');
  });

  it('does not match a SAML user against an entry for every OIDC provider', () => {
    // A SAML user's identityProvider is its name qualifier, which is no OIDC provider host.
    expect(matchPrincipal(matcher('oidc:*'), samlEvent('arn:aws:iam::111122223333:saml-provider/Okta'))).toBe(
      'no-match',
    );
  });
});

describe('compileTrustedPrincipals', () => {
  const entry = (raws: string[]) => ({ trustedPrincipals: raws.map(matcher) });
  const matchTrustedPrincipals = (role: { trustedPrincipals: PrincipalMatcher[] }, event: CredentialEvent) =>
    compileTrustedPrincipals(role.trustedPrincipals)(event);

  it('returns the first entry that matches', () => {
    const role = entry(['arn:aws:iam::111122223333:user/*', '111122223333']);

    const judged = matchTrustedPrincipals(role, credentialEvent(ACTORS.iamUser));

    expect(judged).toEqual({ result: 'match', matcher: role.trustedPrincipals[0] });
  });

  it('prefers a full match over an account-only one', () => {
    const role = entry(['arn:aws:iam::111122223333:role/ci/ci-runner', '111122223333']);

    const judged = matchTrustedPrincipals(role, credentialEvent(ACTORS.crossAccountCopy));

    expect(judged).toEqual({ result: 'match', matcher: role.trustedPrincipals[1] });
  });

  it('reports account-only when the only entries naming the account name a principal in it', () => {
    const role = entry(['service:ec2.amazonaws.com', 'arn:aws:iam::111122223333:role/ci/ci-runner']);

    const judged = matchTrustedPrincipals(role, credentialEvent(ACTORS.crossAccountCopy));

    expect(judged).toEqual({ result: 'account-only', matcher: role.trustedPrincipals[1] });
  });

  it('reports no-match with no matcher when nothing names the actor', () => {
    const role = entry(['444455556666', 'service:ec2.amazonaws.com']);

    expect(matchTrustedPrincipals(role, credentialEvent(ACTORS.iamUser))).toEqual({ result: 'no-match' });
  });
});
