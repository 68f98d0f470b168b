import { scrubSecrets } from '../text/scrub-secrets.ts';
import { byArn, otherAccounts, type TrustDocument } from '../trust-draft/render-trust-draft.ts';
import type { RoleDraft } from '../trust-draft/role-draft.ts';
import {
  DEFAULT_SESSION_SECONDS,
  DENIED_ONLY_ROLE_LIMIT,
  type LearnedActivity,
  listedDeniedOnly,
  type RoleActivity,
} from './learned-activity.ts';
import {
  calls,
  isoTime,
  type LearnedRole,
  learnRole,
  seenText,
  sortedKeys,
  usableRoleArn,
} from './learned-drafts.ts';

export interface LearnedTrust {
  readonly document: TrustDocument;
  /** Every role learned, with its activity (`--merge` compares them with an existing file). */
  readonly roles: readonly LearnedRole[];
  /** The entries, sorted as the document lists them. */
  readonly drafts: readonly RoleDraft[];
  /** One line each, for stderr. */
  readonly warnings: readonly string[];
}

/** What the draft says of the failed calls on roles beyond those it lists as seen only in denied calls. */
const deniedOnlyNote = (droppedCalls: number): string =>
  `${calls(droppedCalls)} denied on other roles, not listed: more than ${DENIED_ONLY_ROLE_LIMIT} roles were ` +
  'seen only in denied calls (a role enumeration? denied-burst judges it)';

function trailerLines(activity: LearnedActivity, unusable: readonly RoleActivity[]): string[] {
  const lines: string[] = [];
  const deniedOnly = listedDeniedOnly(activity);
  if (deniedOnly.roles.length > 0 || deniedOnly.droppedCalls > 0) {
    lines.push('Roles seen only in denied calls (no entry: nobody was let in):');
    for (const [arn, denied] of deniedOnly.roles) {
      for (const d of sortedKeys(denied)) {
        lines.push(`  ${arn}: ${seenText(denied.get(d) ?? { count: 0, lastMs: -1 })}: ${d}`);
      }
    }
    if (deniedOnly.droppedCalls > 0) lines.push(`  and ${deniedOnlyNote(deniedOnly.droppedCalls)}`);
  }
  if (unusable.length > 0) {
    lines.push('Roles whose ARN in the records cannot be an entry (check these records):');
    for (const r of unusable) lines.push(`  "${r.roleArn}": ${calls(r.calls)}`);
  }
  if (activity.deniedElsewhere.size > 0) {
    lines.push('Denied calls whose record names no role:');
    for (const d of sortedKeys(activity.deniedElsewhere)) {
      lines.push(`  ${seenText(activity.deniedElsewhere.get(d) ?? { count: 0, lastMs: -1 })}: ${d}`);
    }
  }
  if (activity.otherCalls.size > 0) {
    lines.push(
      'Calls that teach no role entry (root-credentials and federation-token judge them without one):',
    );
    for (const name of sortedKeys(activity.otherCalls)) {
      lines.push(`  ${name}: ${seenText(activity.otherCalls.get(name) ?? { count: 0, lastMs: -1 })}`);
    }
  }
  return lines;
}

/**
 * The trust-file draft a trail teaches (`rolewatch trust learn`): one entry per role that was assumed
 * successfully, trusting exactly its callers, with each condition set only when every call met it.
 * Denied calls, roles only denied, and calls that concern no role entry are comments at the end.
 * Deterministic: the same activity gives the same document.
 */
export function learnTrust(activity: LearnedActivity): LearnedTrust {
  const assumed = [...activity.roles.values()].filter((r) => r.calls > 0);
  const usable = assumed.filter((r) => usableRoleArn(r.roleArn));
  const unusable = assumed
    .filter((r) => !usableRoleArn(r.roleArn))
    .sort((a, b) => byArn({ arn: a.roleArn }, { arn: b.roleArn }));
  const learned = usable.map(learnRole);
  const drafts = learned.map((l) => l.draft);
  const regular = drafts.filter((d) => !d.serviceLinked).sort(byArn);
  const serviceLinked = drafts.filter((d) => d.serviceLinked).sort(byArn);
  const accounts = sortedKeys(activity.trailAccounts).filter((a) => /^[0-9]{12}$/.test(a));
  const others = otherAccounts(drafts, new Set(accounts));
  const warnings = [
    ...learned.flatMap((l) => l.warnings),
    ...unusable.map(
      (r) =>
        `"${scrubSecrets(r.roleArn)}" is not a role ARN an entry can hold (wildcards, odd characters, a credential): not listed`,
    ),
  ];
  const { droppedCalls } = listedDeniedOnly(activity);
  if (droppedCalls > 0) warnings.push(deniedOnlyNote(droppedCalls));
  const span =
    activity.events === 0
      ? 'no credential-issuing call'
      : `${calls(activity.events)} issuing credentials, ${isoTime(activity.firstMs)} to ${isoTime(activity.lastMs)}`;
  const document: TrustDocument = {
    header: [
      `Trust-file draft from observed activity: ${span} (rolewatch trust learn).`,
      'Every entry trusts exactly who assumed the role in that period, which may include someone who should',
      'not have: review each one. Counts and last-seen times are comments, to tell habits from one-offs.',
      'A condition (requireMfa, sessionNamePattern, sourceCidrs, ...) is set only when every call met it.',
      'Check with: rolewatch validate FILE; compare with IAM: rolewatch trust diff --config FILE.',
    ],
    accounts,
    accountsComments: {
      before: [
        'The accounts whose trails were read. Remove any you do not own (a vendor that shares its trail),',
        'add the others you own.',
      ],
      after:
        others.length > 0
          ? [
              `Accounts whose principals assumed these roles, but whose trails were not read: ${others.join(', ')}`,
            ]
          : [],
    },
    defaults: {
      maxSessionSeconds: DEFAULT_SESSION_SECONDS,
      unlistedRoles: 'alert',
      unlistedRolesComment: 'a role not assumed in this period is reported when it first is',
      allowChaining: true,
    },
    sections: [
      { heading: [], entries: regular },
      {
        heading: [
          'AWS service-linked roles (path /aws-service-role/): AWS writes and maintains their trust policies.',
        ],
        entries: serviceLinked,
      },
    ],
    trailer: trailerLines(activity, unusable),
  };
  return { document, roles: learned, drafts: [...regular, ...serviceLinked], warnings };
}
