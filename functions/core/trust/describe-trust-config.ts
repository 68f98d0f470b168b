import type { ConfigIssue, PrincipalMatcher, RoleEntry, TrustConfig } from '../model/trust-config.ts';

/** `file:line:col key: message` (line, column and key are left out when unknown). */
export function formatConfigIssue(i: ConfigIssue): string {
  let where = i.file;
  if (i.line !== undefined) where += `:${i.line}`;
  if (i.line !== undefined && i.column !== undefined) where += `:${i.column}`;
  return i.key === '' ? `${where}: ${i.message}` : `${where} ${i.key}: ${i.message}`;
}

const KIND_LABEL: Record<PrincipalMatcher['kind'], string> = {
  account: 'account',
  role: 'sessions of role',
  principal: 'principal',
  service: 'service',
  saml: 'SAML provider',
  oidc: 'OIDC provider',
};

function describeMatcher(m: PrincipalMatcher): string {
  switch (m.kind) {
    case 'account':
      return `${KIND_LABEL.account} ${m.accountId}`;
    case 'role':
    case 'principal':
      return `${KIND_LABEL[m.kind]} ${m.arnPattern}`;
    case 'service':
      return `${KIND_LABEL.service} ${m.service}`;
    case 'saml':
      return `${KIND_LABEL.saml} ${m.providerArnPattern}`;
    case 'oidc':
      return `${KIND_LABEL.oidc} ${m.providerArnPattern ?? m.providerHost}`;
  }
}

function describeRequirements(role: RoleEntry, defaults: TrustConfig['defaults']): string[] {
  const out: string[] = [];
  const seconds = role.maxSessionSeconds ?? defaults.maxSessionSeconds;
  out.push(`sessions up to ${seconds} s${role.maxSessionSeconds === undefined ? ' (default)' : ''}`);
  if (role.requireMfa) out.push('MFA required');
  if (role.requireExternalId) out.push('ExternalId required');
  if (role.requireSourceIdentity) out.push('source identity required');
  if (role.sessionNamePattern !== undefined) out.push(`session name /${role.sessionNamePattern}/`);
  if (role.sourceCidrs !== undefined) out.push(`from ${role.sourceCidrs.map((c) => c.raw).join(', ')}`);
  if (role.oidcSubjects !== undefined) out.push(`OIDC subjects ${role.oidcSubjects.join(', ')}`);
  const chaining = role.allowChaining ?? defaults.allowChaining;
  out.push(
    `chaining ${chaining ? 'allowed' : 'not allowed'}${role.allowChaining === undefined ? ' (default)' : ''}`,
  );
  if (role.severity !== undefined) out.push(`severity at least ${role.severity}`);
  return out;
}

/**
 * A short summary of a validated trust file for `rolewatch validate`: the zone of trust, the defaults,
 * each role with who may assume it and what it requires, and the suppressions in force.
 */
export function describeTrustConfig(config: TrustConfig): string {
  const lines: string[] = [];
  const accounts = config.accounts.length === 0 ? '(none listed)' : config.accounts.join(', ');
  lines.push(`${config.source}: trust file version ${config.version}`);
  lines.push(`Zone of trust: ${accounts}`);
  const d = config.defaults;
  lines.push(
    `Defaults: sessions up to ${d.maxSessionSeconds} s, unlisted roles ${d.unlistedRoles === 'alert' ? 'alerted' : 'ignored'}, ` +
      `chaining ${d.allowChaining ? 'allowed' : 'not allowed'}`,
  );
  const burst = config.thresholds.deniedBurst;
  lines.push(
    `Denied burst: ${burst.count} failed calls by one actor within ${burst.windowMinutes} min; ` +
      `first-seen pairs forgotten after ${config.thresholds.firstSeen.forgetAfterDays} days unused`,
  );
  lines.push(`Roles (${config.roles.length}; the first matching entry applies):`);
  for (const role of config.roles) {
    lines.push(`  ${role.arn}${role.line === undefined ? '' : ` (line ${role.line})`}`);
    lines.push(`    trusted: ${role.trustedPrincipals.map(describeMatcher).join('; ')}`);
    lines.push(`    ${describeRequirements(role, d).join('; ')}`);
  }
  const settings = Object.entries(config.rules);
  if (settings.length > 0) {
    lines.push(`Rule settings (${settings.length}):`);
    for (const [id, setting] of settings) {
      const what = setting.enabled
        ? `severity ${setting.severity ?? 'as default'}`
        : `disabled${setting.severity === undefined ? '' : ` (severity ${setting.severity} unused)`}`;
      lines.push(`  ${id}: ${what}`);
    }
  }
  lines.push(`Suppressions in force (${config.suppressions.length}):`);
  for (const s of config.suppressions) {
    const actor = s.actor === undefined ? '' : ` for ${s.actor}`;
    lines.push(`  ${s.rule} on ${s.role}${actor} until ${s.expires} (${s.owner}: ${s.reason})`);
  }
  return `${lines.join('\n')}\n`;
}
