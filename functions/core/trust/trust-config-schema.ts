import '../model/zod-setup.ts';
import * as z from 'zod/mini';
import { MAX_PATTERN_CHARS } from '../arn/wildcard.ts';
import { reject } from '../model/reject-value.ts';
import type { Result } from '../model/result.ts';
import { SEVERITIES } from '../model/severity.ts';
import { RULE_IDS } from '../rules/registry.ts';
import {
  ACTOR_ARN_RULES,
  type ArnPatternRules,
  checkArnPattern,
  ROLE_ARN_RULES,
  SUPPRESSION_ROLE_RULES,
} from './arn-pattern.ts';
import { parseCidr } from './cidr.ts';
import { closestKey } from './closest-key.ts';
import { parsePrincipalMatcher } from './principal-matcher.ts';
import { quoted } from './quote-value.ts';
import { checkSessionNamePattern } from './session-name-pattern.ts';

/*
 * Shape and value checks for the trust file (CONTRACT §2). Values are compiled while they are checked
 * (principal matchers, CIDR blocks, regular expressions), so every problem is found in one pass and
 * reported with the path zod gives it. Positions are added by parse-trust-config.ts. The output is plain
 * data; the engine compiles the patterns (compile-trust.ts).
 */

/** STS accepts 900 s to 12 h for AssumeRole; a longer limit could never be exceeded. */
export const MIN_SESSION_SECONDS = 900;
export const MAX_SESSION_SECONDS = 43_200;

export const DEFAULTS = {
  maxSessionSeconds: 3600,
  unlistedRoles: 'ignore',
  allowChaining: true,
  deniedBurst: { count: 5, windowMinutes: 10 },
  firstSeen: { forgetAfterDays: 90 },
} as const;

const nonEmpty = (what: string, maxChars?: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, `${what} must not be empty`),
      ...(maxChars === undefined ? [] : [z.maxLength(maxChars)]),
    );

export const AccountIdSchema = z.string().check(
  z.superRefine((value, ctx) => {
    if (/^[0-9]{12}$/.test(value)) return;
    const digits = /^[0-9]+$/.test(value) ? `: it has ${value.length} digits` : '';
    ctx.addIssue({ code: 'custom', message: `${quoted(value)} is not an account id (12 digits)${digits}` });
  }),
);

const arnPattern = (rules: ArnPatternRules) =>
  z.string().check(
    z.superRefine((value, ctx) => {
      const checked = checkArnPattern(value, rules);
      if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message });
    }),
  );

/** A string parsed by `parse`: its value, or its error as the issue's message. */
const parsedString = <T>(parse: (value: string) => Result<T, string>) =>
  z.pipe(
    z.string(),
    z.transform((value, ctx) => {
      const parsed = parse(value);
      return parsed.ok ? parsed.value : reject(ctx, parsed.error);
    }),
  );

export const PrincipalMatcherSchema = parsedString(parsePrincipalMatcher);

export const CidrBlockSchema = parsedString(parseCidr);

/** A regular expression in RE2 syntax: matched in linear time, so a forged session name cannot stall a scan. */
export const SessionNamePatternSchema = parsedString(checkSessionNamePattern);

export const SessionSecondsSchema = z
  .number()
  .check(
    z.int('must be a whole number of seconds'),
    z.gte(MIN_SESSION_SECONDS, `must be at least ${MIN_SESSION_SECONDS} (the STS minimum)`),
    z.lte(MAX_SESSION_SECONDS, `must be at most ${MAX_SESSION_SECONDS} (the STS maximum, 12 hours)`),
  );

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** `YYYY-MM-DD` (a YAML 1.1 timestamp is accepted too); the end of that UTC day in epoch ms. */
export const ExpiryDateSchema = z.pipe(
  z.union([z.string(), z.date()]),
  z.transform((value, ctx) => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value.trim();
    const m = DATE.exec(text);
    const [y, mo, d] = m === null ? [] : [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y === undefined || mo === undefined || d === undefined) {
      return reject(ctx, `${quoted(text)} is not a date (YYYY-MM-DD)`);
    }
    const startMs = Date.UTC(y, mo - 1, d);
    if (new Date(startMs).toISOString().slice(0, 10) !== text) {
      return reject(ctx, `${quoted(text)} is not a calendar date`);
    }
    return { expires: text, expiresMs: Date.UTC(y, mo - 1, d + 1) - 1 };
  }),
);

export const DefaultsSchema = z.strictObject({
  maxSessionSeconds: z._default(SessionSecondsSchema, DEFAULTS.maxSessionSeconds),
  unlistedRoles: z._default(z.enum(['ignore', 'alert']), DEFAULTS.unlistedRoles),
  allowChaining: z._default(z.boolean(), DEFAULTS.allowChaining),
});

export const RoleEntrySchema = z.strictObject({
  arn: arnPattern(ROLE_ARN_RULES),
  // Required and non-empty: a role listed with nobody trusted would flag every call on it.
  trustedPrincipals: z
    .array(PrincipalMatcherSchema)
    .check(z.minLength(1, 'list at least one principal that may assume this role')),
  oidcSubjects: z.optional(
    z
      .array(nonEmpty('an OIDC subject', MAX_PATTERN_CHARS))
      .check(z.minLength(1, 'list at least one subject, or leave the key out')),
  ),
  maxSessionSeconds: z.optional(SessionSecondsSchema),
  requireMfa: z._default(z.boolean(), false),
  requireExternalId: z._default(z.boolean(), false),
  requireSourceIdentity: z._default(z.boolean(), false),
  sessionNamePattern: z.optional(SessionNamePatternSchema),
  sourceCidrs: z.optional(
    z.array(CidrBlockSchema).check(z.minLength(1, 'list at least one CIDR block, or leave the key out')),
  ),
  allowChaining: z.optional(z.boolean()),
  severity: z.optional(z.enum(SEVERITIES)),
});

/** A rule id of the catalogue, built or planned (a trust file may name a rule before it is built). */
function ruleIdMessage(value: string): string {
  const suggestion = closestKey(value, RULE_IDS);
  const hint =
    suggestion === undefined ? ` (one of ${RULE_IDS.join(', ')})` : `; did you mean '${suggestion}'?`;
  return `${quoted(value)} is not a rule id${hint}`;
}

export const RuleIdSchema = z.pipe(
  z.string(),
  z.transform((value, ctx) => {
    if (RULE_IDS.includes(value)) return value;
    return reject(ctx, ruleIdMessage(value));
  }),
);

/** One entry of the `rules:` section: a rule's severity, or the rule switched off. */
export const RuleSettingSchema = z.strictObject({
  severity: z.optional(z.enum(SEVERITIES)),
  enabled: z._default(z.boolean(), true),
});

/** `rules:` maps rule ids (built or planned) to settings; a key that is not a rule id gets the closest id. */
export const RuleSettingsSchema = z.record(
  z.string().check(
    z.superRefine((id, ctx) => {
      if (!RULE_IDS.includes(id)) ctx.addIssue({ code: 'custom', message: ruleIdMessage(id) });
    }),
  ),
  RuleSettingSchema,
);

export const SuppressionSchema = z.strictObject({
  rule: RuleIdSchema,
  role: arnPattern(SUPPRESSION_ROLE_RULES),
  actor: z.optional(arnPattern(ACTOR_ARN_RULES)),
  expires: ExpiryDateSchema,
  reason: nonEmpty('reason'),
  owner: nonEmpty('owner'),
});

export const DeniedBurstSchema = z.strictObject({
  count: z._default(
    z.number().check(z.int('must be a whole number'), z.gte(1), z.lte(10_000)),
    DEFAULTS.deniedBurst.count,
  ),
  windowMinutes: z._default(
    z
      .number()
      .check(
        z.int('must be a whole number of minutes'),
        z.gte(1),
        z.lte(1440, 'must be at most 1440 (one day)'),
      ),
    DEFAULTS.deniedBurst.windowMinutes,
  ),
});

export const FirstSeenSchema = z.strictObject({
  forgetAfterDays: z._default(
    z
      .number()
      .check(
        z.int('must be a whole number of days'),
        z.gte(1),
        z.lte(3650, 'must be at most 3650 (ten years)'),
      ),
    DEFAULTS.firstSeen.forgetAfterDays,
  ),
});

export const ThresholdsSchema = z.strictObject({
  deniedBurst: z._default(DeniedBurstSchema, { ...DEFAULTS.deniedBurst }),
  firstSeen: z._default(FirstSeenSchema, { ...DEFAULTS.firstSeen }),
});

/*
 * Only `version` is required (CONTRACT §2): a team may start with the zone of trust alone (`version` and
 * `accounts`). A misspelt `roles` (`role:`) is still caught, as an unknown key with a "did you mean".
 */
export const TrustConfigSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1 (the only trust file version)' }),
  accounts: z._default(z.array(AccountIdSchema), []),
  defaults: z._default(DefaultsSchema, {
    maxSessionSeconds: DEFAULTS.maxSessionSeconds,
    unlistedRoles: DEFAULTS.unlistedRoles,
    allowChaining: DEFAULTS.allowChaining,
  }),
  roles: z._default(z.array(RoleEntrySchema), []),
  suppressions: z._default(z.array(SuppressionSchema), []),
  thresholds: z._default(ThresholdsSchema, {
    deniedBurst: { ...DEFAULTS.deniedBurst },
    firstSeen: { ...DEFAULTS.firstSeen },
  }),
  rules: z._default(RuleSettingsSchema, {}),
});
export type TrustConfigOutput = z.output<typeof TrustConfigSchema>;

/** Valid keys of each object, by path with indices dropped, for "did you mean" suggestions. */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(TrustConfigSchema.shape),
  defaults: Object.keys(DefaultsSchema.shape),
  'roles[]': Object.keys(RoleEntrySchema.shape),
  'suppressions[]': Object.keys(SuppressionSchema.shape),
  thresholds: Object.keys(ThresholdsSchema.shape),
  'thresholds.deniedBurst': Object.keys(DeniedBurstSchema.shape),
  'rules.*': Object.keys(RuleSettingSchema.shape),
  'thresholds.firstSeen': Object.keys(FirstSeenSchema.shape),
};
