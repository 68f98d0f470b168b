import { addNote, quote, type StatementContext, stringList } from './statement-context.ts';
import type { TrustPrincipal } from './trust-policy.ts';

const ACCOUNT_ID = /^[0-9]{12}$/;
const PRINCIPAL_ARN = /^arn:(aws(?:-[a-z]+)*):(iam|sts)::([0-9]{12}):(.+)$/;
const PROVIDER_ARN = /^arn:(aws(?:-[a-z]+)*):iam::([0-9]{12}):(saml-provider|oidc-provider)\/(.+)$/;
/** `AROA…` (role), `AIDA…` (user) and the other IAM unique-id prefixes IAM shows for deleted principals. */
const UNIQUE_ID = /^(AROA|AIDA|AGPA|AIPA|ANPA|ANVA|APKA|ASIA|AKIA)[A-Z0-9]{8,}$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*$/;
/** Web identity providers named by host (`accounts.google.com`, `cognito-identity.amazonaws.com`). */
const PROVIDER_HOST = /^[a-z0-9][a-z0-9.-]*(\/[A-Za-z0-9._~/-]+)?$/i;
const NAME = /^[\w+=,.@-]+$/;

const UNIQUE_ID_KIND: Readonly<Record<string, string>> = { AROA: 'a role', AIDA: 'a user' };

/** What the statement's conditions add, for messages about principals that no file can state. */
export interface PrincipalScope {
  /** The statement's condition keys, as written. */
  readonly conditionKeys: readonly string[];
}

function wildcard(ctx: StatementContext, scope: PrincipalScope, what: string): void {
  const keys = scope.conditionKeys;
  addNote(
    ctx,
    'wildcard-principal',
    `${what} lets in any principal${keys.length === 0 ? ' of any account' : ` that meets ${keys.join(', ')}`}; ` +
      'a trust file cannot list "*", so no entry can declare this',
    { widens: true },
  );
}

function awsPrincipal(
  value: string,
  ctx: StatementContext,
  scope: PrincipalScope,
): TrustPrincipal | undefined {
  if (value === '*') {
    wildcard(ctx, scope, 'Principal AWS "*"');
    return undefined;
  }
  if (ACCOUNT_ID.test(value)) return { kind: 'account', entry: value, accountId: value };
  const unique = UNIQUE_ID.exec(value);
  if (unique !== null) {
    const what = UNIQUE_ID_KIND[unique[1] ?? ''] ?? 'an IAM principal';
    addNote(
      ctx,
      'unique-id-principal',
      `principal ${quote(value)} is the unique id of ${what} that was deleted (IAM shows the id once the ` +
        'principal is gone); it lets nobody in, and a new principal of the same name is not trusted',
    );
    return undefined;
  }
  const m = PRINCIPAL_ARN.exec(value);
  if (m !== null) {
    const [, , service, accountId = '', resource = ''] = m;
    const [type, ...rest] = resource.split('/');
    const named = rest.length > 0 && rest.every((s, i) => (i === rest.length - 1 ? NAME.test(s) : s !== ''));
    if (service === 'iam' && resource === 'root') return { kind: 'account', entry: accountId, accountId };
    if (service === 'iam' && (type === 'role' || type === 'user') && named) {
      return { kind: type, entry: value, arn: value, accountId };
    }
    if (service === 'sts' && type === 'assumed-role' && rest.length === 2 && named) {
      return { kind: 'assumed-role', entry: value, arn: value, accountId };
    }
    if (service === 'sts' && type === 'federated-user' && rest.length === 1 && named) {
      return { kind: 'federated-user', entry: value, arn: value, accountId };
    }
  }
  addNote(
    ctx,
    'unrecognised-principal',
    `Principal AWS ${quote(value)} is not an account id or a root, role, user or session ARN`,
  );
  return undefined;
}

function servicePrincipal(
  value: string,
  ctx: StatementContext,
  scope: PrincipalScope,
): TrustPrincipal | undefined {
  if (value === '*') {
    wildcard(ctx, scope, 'Principal Service "*"');
    return undefined;
  }
  if (SERVICE.test(value)) return { kind: 'service', entry: `service:${value}`, service: value };
  addNote(ctx, 'unrecognised-principal', `Principal Service ${quote(value)} is not a service principal name`);
  return undefined;
}

function federatedPrincipal(
  value: string,
  ctx: StatementContext,
  scope: PrincipalScope,
): TrustPrincipal | undefined {
  if (value === '*') {
    wildcard(ctx, scope, 'Principal Federated "*"');
    return undefined;
  }
  const m = PROVIDER_ARN.exec(value);
  if (m?.[3] === 'saml-provider' && NAME.test(m[4] ?? '')) {
    return { kind: 'saml', entry: `saml:${value}`, providerArn: value };
  }
  if (m?.[3] === 'oidc-provider' && PROVIDER_HOST.test(m[4] ?? '')) {
    return { kind: 'oidc', entry: `oidc:${value}`, providerHost: m[4] ?? '', providerArn: value };
  }
  if (m === null && !value.startsWith('arn:') && PROVIDER_HOST.test(value)) {
    return { kind: 'oidc', entry: `oidc:${value}`, providerHost: value };
  }
  addNote(
    ctx,
    'unrecognised-principal',
    `Principal Federated ${quote(value)} is not a SAML or OIDC provider ARN or a web identity provider`,
  );
  return undefined;
}

const PARSERS: Readonly<
  Record<string, (value: string, ctx: StatementContext, scope: PrincipalScope) => TrustPrincipal | undefined>
> = { AWS: awsPrincipal, Service: servicePrincipal, Federated: federatedPrincipal };

/**
 * The principals of a `Principal` element, in the trust file's terms. `"*"`, unique ids of deleted
 * principals and anything unrecognised become notes. Duplicates are dropped; order is kept.
 */
export function parsePrincipals(
  principal: unknown,
  ctx: StatementContext,
  scope: PrincipalScope,
): TrustPrincipal[] {
  if (principal === '*') {
    wildcard(ctx, scope, 'Principal "*"');
    return [];
  }
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) {
    addNote(ctx, 'malformed-statement', 'Principal is neither "*" nor a mapping of principal types');
    return [];
  }
  const out = new Map<string, TrustPrincipal>();
  for (const [type, raw] of Object.entries(principal)) {
    const parse = PARSERS[type];
    if (parse === undefined) {
      addNote(
        ctx,
        'unrecognised-principal',
        `Principal type ${quote(type)} cannot assume a role (AWS, Service or Federated can)`,
      );
      continue;
    }
    const { values, invalid } = stringList(raw);
    if (invalid) addNote(ctx, 'malformed-statement', `Principal ${type} holds a value that is not a string`);
    for (const value of values) {
      const p = parse(value.trim(), ctx, scope);
      if (p !== undefined && !out.has(p.entry)) out.set(p.entry, p);
    }
  }
  return [...out.values()];
}

/** The principal types and values of a `NotPrincipal` element, for a message. */
export function describePrincipalElement(principal: unknown): string {
  if (typeof principal === 'string') return quote(principal);
  if (typeof principal !== 'object' || principal === null) return 'an unreadable value';
  return Object.entries(principal)
    .map(
      ([type, raw]) =>
        `${type} ${stringList(raw)
          .values.map((v) => quote(v))
          .join(', ')}`,
    )
    .join('; ');
}
