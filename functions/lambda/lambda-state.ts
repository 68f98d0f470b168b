import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lazily } from '../adapters/lazy-client.ts';
import { MemoryStateStore } from '../adapters/state/memory-store.ts';
import type { Engine } from '../core/engine/create-engine.ts';
import type { TrustConfig } from '../core/model/trust-config.ts';
import type { StateStore } from '../core/state/run-state-stage.ts';
import type { StateStageOptions } from '../core/state/state-stage-options.ts';
import { KeyedLock } from './keyed-lock.ts';
import type { StateSettings } from './state-setting.ts';

/** The state side of a handler, built once per execution environment. */
export interface LambdaState {
  readonly kind: 'memory' | 'dynamodb';
  readonly store: StateStore;
  /** A finding id is alerted at most once per this many milliseconds (0: every time). */
  readonly dedupMs: number;
  /** The stage options for an invocation at `nowMs` (learning until `ROLEWATCH_LEARN_UNTIL`). */
  options(nowMs: number): StateStageOptions;
  /** Serialises the alert deliveries of one (finding, sink) within this execution environment. */
  readonly alertLock: KeyedLock;
  /** Capacity units the store has consumed (DynamoDB), for the log. */
  consumed(): { read: number; write: number } | undefined;
}

export interface LambdaStateDeps {
  /** A store to use instead of the one `ROLEWATCH_STATE` names (tests). */
  readonly store?: StateStore;
  readonly dynamodb?: DynamoDBClient;
  readonly now: () => number;
}

/**
 * `ROLEWATCH_STATE=memory` keeps state for the life of one execution environment: `denied-burst`,
 * lineage and alert de-duplication work within it, while `first-seen-pair` does not run (its baseline
 * would start empty at every cold start and flood). `dynamodb:<table>` keeps it in the table, shared by
 * every invocation and every trigger, and runs `first-seen-pair` too.
 */
export async function createLambdaState(
  settings: StateSettings,
  config: TrustConfig,
  engine: Engine,
  deps: LambdaStateDeps,
): Promise<LambdaState> {
  const setting = settings.state;
  let store: StateStore;
  let consumed: () => { read: number; write: number } | undefined = () => undefined;
  if (deps.store !== undefined) {
    store = deps.store;
  } else if (setting.kind === 'dynamodb') {
    // Imported here, so that a function on the memory store never loads the DynamoDB client.
    const { DynamoDbStateStore } = await import('../adapters/state/dynamodb-store.ts');
    const given = deps.dynamodb;
    const client = lazily(
      async (): Promise<DynamoDBClient> =>
        given !== undefined ? given : new (await import('@aws-sdk/client-dynamodb')).DynamoDBClient({}),
    );
    const dynamo = new DynamoDbStateStore({ table: setting.table, client });
    store = dynamo;
    consumed = () => ({ ...dynamo.consumed });
  } else {
    store = new MemoryStateStore({ wallClock: deps.now });
  }
  // The trust file's `rules:` section may turn either stateful rule off.
  const burstOn = config.rules['denied-burst']?.enabled !== false;
  const durable = setting.kind === 'dynamodb' && config.rules['first-seen-pair']?.enabled !== false;
  const forgetAfterDays = config.thresholds.firstSeen.forgetAfterDays;
  return {
    kind: setting.kind,
    store,
    dedupMs: settings.dedupHours * 3_600_000,
    alertLock: new KeyedLock(),
    options(nowMs) {
      const learning = settings.learnUntilMs !== undefined && nowMs < settings.learnUntilMs;
      return {
        ...(burstOn ? { deniedBurst: config.thresholds.deniedBurst } : {}),
        ...(durable
          ? { firstSeen: { forgetAfterDays, mode: learning ? ('learn' as const) : ('report' as const) } }
          : {}),
        findingFor: engine.findingFor,
      };
    },
    consumed,
  };
}
