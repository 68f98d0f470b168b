import * as z from 'zod/mini';
import '../../core/model/zod-setup.ts';
import type { StateItem } from '../../core/state/state-item.ts';

/** The state file's `format` and the one `version` this rolewatch reads and writes. */
export const STATE_FILE_FORMAT = 'rolewatch-state';
export const STATE_FILE_VERSION = 1;

const Ms = z.number().check(z.int(), z.nonnegative());
const Text = z.string().check(z.minLength(1));

const RoleHopSchema = z.strictObject({ arn: Text, name: Text, accountId: z.optional(Text) });

export const SessionLinkSchema = z.strictObject({
  origin: z.strictObject({ arn: z.optional(Text), display: Text }),
  hops: z.array(RoleHopSchema).check(z.minLength(1)),
  sourceIdentity: z.optional(Text),
  issuedAtMs: Ms,
  note: z.optional(Text),
});

/** One item of the state file: exactly the state model of core/state/state-item.ts. */
export const StateItemSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('pair'),
    key: Text,
    actor: Text,
    role: Text,
    firstSeenMs: Ms,
    lastSeenMs: Ms,
    firstEvent: Text,
    learned: z.boolean(),
    expiresAtMs: Ms,
  }),
  z.strictObject({
    kind: z.literal('burst'),
    key: Text,
    actor: Text,
    bucketStartMs: Ms,
    denials: z.array(Text),
    roles: z.array(Text),
    fired: z.optional(z.strictObject({ findingId: Text, event: Text })),
    expiresAtMs: Ms,
  }),
  z.strictObject({ kind: z.literal('session'), key: Text, link: SessionLinkSchema, expiresAtMs: Ms }),
  z
    .strictObject({
      kind: z.literal('alert'),
      key: Text,
      findingId: Text,
      sink: Text,
      alertedAtMs: z.optional(Ms),
      claim: z.optional(z.strictObject({ by: Text, atMs: Ms })),
      expiresAtMs: Ms,
    })
    // Either a delivered mark or a claim, as every store writes it; never both, never neither.
    .check(
      z.refine((a) => (a.alertedAtMs === undefined) !== (a.claim === undefined), {
        message: 'an alert item holds either alertedAtMs (delivered) or claim, not both or neither',
      }),
    ),
]);

/** The file: a versioned header and the items, one per line (see README "The state file"). */
export const StateFileSchema = z.strictObject({
  format: z.literal(STATE_FILE_FORMAT),
  version: z.literal(STATE_FILE_VERSION),
  savedAt: z.string(),
  /** The store's clock when saved: the latest event time it had judged (expiry is judged by it). */
  clockMs: Ms,
  items: z.array(StateItemSchema),
});
export type StateFile = z.output<typeof StateFileSchema>;

// The schema and the model must not drift: a parsed item is a StateItem.
export const asStateItems = (items: StateFile['items']): StateItem[] => items as StateItem[];
