import type { AttributeValue, ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StateStore } from '../../core/state/run-state-stage.ts';
import {
  type AlertItem,
  type BurstFired,
  type BurstItem,
  isDelivered,
  type PairItem,
  type StateItem,
} from '../../core/state/state-item.ts';
import { type OpResult, RELEASED_AT_MS, type StateOp } from '../../core/state/state-op.ts';
import { type ClientSource, lazily, resolveClient } from '../lazy-client.ts';
import { CLAIMANT_ATTRIBUTE, fromAttributes, TTL_ATTRIBUTE, toAttributes } from './dynamodb-item.ts';

/** BatchGetItem takes at most 100 keys per request. */
const KEYS_PER_BATCH = 100;
/** Ops written at the same time (each is one request; DynamoDB has no multi-item conditional write). */
const PARALLEL_WRITES = 8;
const UNPROCESSED_RETRIES = 5;

/** Capacity units the store's requests consumed, as DynamoDB reports them (`ReturnConsumedCapacity`). */
export interface ConsumedUnits {
  read: number;
  write: number;
}

export interface DynamoDbStoreOptions {
  readonly table: string;
  readonly client: ClientSource<DynamoDBClient>;
  readonly sleep?: (ms: number) => Promise<void>;
}

type DynamoDbSdk = typeof import('@aws-sdk/client-dynamodb');
/**
 * The SDK module is imported on first use, not by the module: a Lambda bundle holds this store whatever
 * its configuration, and a static import would load the DynamoDB client on every cold start, with
 * state in memory too.
 */
const loadSdk = lazily((): Promise<DynamoDbSdk> => import('@aws-sdk/client-dynamodb'));

const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const isConditionFailure = (e: unknown): boolean =>
  (e as { name?: unknown })?.name === 'ConditionalCheckFailedException';

/**
 * State in one DynamoDB table (`ROLEWATCH_STATE=dynamodb:<table>`; README "State" has the key design):
 * partition key `pk` (a string, no sort key), a TTL attribute `expiresAt` (epoch seconds) on every
 * item. Each op is one conditional request, so that concurrent invocations and re-driven batches agree:
 * a pair is created by exactly one writer, a burst is claimed by exactly one, sets of denied calls grow
 * by union. Reads are strongly consistent batch reads.
 */
export class DynamoDbStateStore implements StateStore {
  readonly #table: string;
  readonly #client: ClientSource<DynamoDBClient>;
  readonly #sleep: (ms: number) => Promise<void>;
  #sdk: DynamoDbSdk | undefined;
  /** What this store's requests consumed since it was created (for metrics and the benchmark). */
  readonly consumed: ConsumedUnits = { read: 0, write: 0 };

  constructor(options: DynamoDbStoreOptions) {
    this.#table = options.table;
    this.#client = options.client;
    this.#sleep = options.sleep ?? sleepMs;
  }

  /** The SDK's command classes, loaded by {@link #ready} before any request. */
  get #commands(): DynamoDbSdk {
    if (this.#sdk === undefined) throw new Error('DynamoDbStateStore: SDK used before it was loaded');
    return this.#sdk;
  }

  async #ready(): Promise<DynamoDBClient> {
    this.#sdk ??= await loadSdk();
    return resolveClient(this.#client);
  }

  async read(keys: readonly string[], asOfMs: number): Promise<ReadonlyMap<string, StateItem>> {
    const client = await this.#ready();
    const found = new Map<string, StateItem>();
    for (let i = 0; i < keys.length; i += KEYS_PER_BATCH) {
      let request: Record<string, AttributeValue>[] = keys
        .slice(i, i + KEYS_PER_BATCH)
        .map((pk) => ({ pk: { S: pk } }));
      for (let attempt = 0; request.length > 0; attempt++) {
        if (attempt > UNPROCESSED_RETRIES) throw new Error('DynamoDB left keys unprocessed after retries');
        if (attempt > 0) await this.#sleep(50 * 2 ** attempt);
        const out = await client.send(
          new this.#commands.BatchGetItemCommand({
            RequestItems: { [this.#table]: { Keys: request, ConsistentRead: true } },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.#count(out.ConsumedCapacity, 'read');
        for (const raw of out.Responses?.[this.#table] ?? []) {
          const item = fromAttributes(raw);
          if (item !== undefined && item.expiresAtMs > asOfMs) found.set(item.key, item);
        }
        request = out.UnprocessedKeys?.[this.#table]?.Keys ?? [];
      }
    }
    return found;
  }

  async write(ops: readonly StateOp[], asOfMs: number): Promise<readonly OpResult[]> {
    const client = await this.#ready();
    const results: OpResult[] = new Array(ops.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ops.length) {
        const i = next++;
        results[i] = await this.#apply(client, ops[i] as StateOp, asOfMs);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, ops.length) }, worker));
    return results;
  }

  async #apply(client: DynamoDBClient, op: StateOp, asOfMs: number): Promise<OpResult> {
    switch (op.op) {
      case 'create-pair':
        return this.#createPair(client, op.item, op.atMs);
      case 'touch-pair': {
        await this.#ignoringCondition(
          client.send(
            new this.#commands.UpdateItemCommand({
              TableName: this.#table,
              Key: { pk: { S: op.key } },
              UpdateExpression: 'SET lastSeenMs = :l, expiresAtMs = :x, #ttl = :xs',
              ConditionExpression: 'attribute_exists(pk) AND lastSeenMs < :l',
              ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
              ExpressionAttributeValues: {
                ':l': { N: String(op.lastSeenMs) },
                ':x': { N: String(op.expiresAtMs) },
                ':xs': { N: String(Math.ceil(op.expiresAtMs / 1000)) },
              },
              ReturnConsumedCapacity: 'TOTAL',
            }),
          ),
        );
        return DONE;
      }
      case 'add-denials':
        return this.#addDenials(client, op);
      case 'fire-burst':
        return this.#fireBurst(client, op.key, op.fired);
      case 'put-session': {
        const put = new this.#commands.PutItemCommand({
          TableName: this.#table,
          Item: toAttributes(op.item),
          ...(op.ifAbsent
            ? {
                ConditionExpression: 'attribute_not_exists(pk) OR expiresAtMs <= :at',
                ExpressionAttributeValues: { ':at': { N: String(asOfMs) } },
              }
            : {}),
          ReturnConsumedCapacity: 'TOTAL',
        });
        await this.#ignoringCondition(client.send(put));
        return DONE;
      }
      case 'mark-alerted': {
        const out = await client.send(
          new this.#commands.PutItemCommand({
            TableName: this.#table,
            Item: toAttributes(op.item),
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.#count(out.ConsumedCapacity, 'write');
        return DONE;
      }
      case 'claim-alert':
        return this.#claimAlert(client, op.item, asOfMs);
      case 'release-alert':
        // An UpdateItem, not a DeleteItem (the functions may not delete): the lease ends, the TTL stays.
        await this.#ignoringCondition(
          client.send(
            new this.#commands.UpdateItemCommand({
              TableName: this.#table,
              Key: { pk: { S: op.key } },
              UpdateExpression: 'SET expiresAtMs = :released',
              ConditionExpression: '#claimant = :by AND attribute_not_exists(alertedAtMs)',
              ExpressionAttributeNames: { '#claimant': CLAIMANT_ATTRIBUTE },
              ExpressionAttributeValues: {
                ':released': { N: String(RELEASED_AT_MS) },
                ':by': { S: op.by },
              },
              ReturnConsumedCapacity: 'TOTAL',
            }),
          ),
        );
        return DONE;
    }
  }

  /**
   * Claims a (finding, sink) for one delivery: one conditional PutItem that succeeds when no live item is
   * there (absent, or expired as of `atMs`: a delivery outside the window, a lease that ended) or the live
   * item is this delivery's own claim (a request the SDK sent again). Refused: what holds it instead.
   */
  async #claimAlert(client: DynamoDBClient, item: AlertItem, atMs: number): Promise<OpResult> {
    const by = item.claim?.by;
    if (by === undefined) throw new Error(`alert claim ${item.key} names no claimant`);
    return this.#putIfFree(client, item, {
      condition:
        'attribute_not_exists(pk) OR expiresAtMs <= :at OR (#claimant = :by AND attribute_not_exists(alertedAtMs))',
      names: { '#claimant': CLAIMANT_ATTRIBUTE },
      values: { ':at': { N: String(atMs) }, ':by': { S: by } },
      written: { status: 'claimed' },
      // Its lease ended (or the item was deleted) between the two requests: undefined, try again.
      refused: (existing) =>
        existing?.kind === 'alert' && existing.expiresAtMs > atMs
          ? { status: isDelivered(existing) ? 'delivered' : 'held', item: existing }
          : undefined,
    });
  }

  /** Created by this writer, or the live pair another writer (or an earlier delivery) created. */
  async #createPair(client: DynamoDBClient, item: PairItem, atMs: number): Promise<OpResult> {
    return this.#putIfFree(client, item, {
      condition: 'attribute_not_exists(pk) OR expiresAtMs <= :at',
      values: { ':at': { N: String(atMs) } },
      written: { status: 'created' },
      // Deleted between the two requests (TTL): undefined, try again.
      refused: (existing) => (existing?.kind === 'pair' ? { status: 'exists', item: existing } : undefined),
    });
  }

  /**
   * A conditional PutItem of `item`; when the condition refuses it, what holds the key decides the
   * answer (`refused`), or — gone or changed between the two requests — the put is tried again, 3 times.
   */
  async #putIfFree(
    client: DynamoDBClient,
    item: StateItem,
    put: {
      readonly condition: string;
      readonly names?: Record<string, string>;
      readonly values: Record<string, AttributeValue>;
      readonly written: OpResult;
      readonly refused: (existing: StateItem | undefined) => OpResult | undefined;
    },
  ): Promise<OpResult> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const out = await client.send(
          new this.#commands.PutItemCommand({
            TableName: this.#table,
            Item: toAttributes(item),
            ConditionExpression: put.condition,
            ...(put.names === undefined ? {} : { ExpressionAttributeNames: put.names }),
            ExpressionAttributeValues: put.values,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.#count(out.ConsumedCapacity, 'write');
        return put.written;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        this.#countFailedWrite(e);
      }
      const answer = put.refused(await this.#get(client, item.key));
      if (answer !== undefined) return answer;
    }
    throw new Error(`DynamoDB ${item.kind} ${item.key} kept changing under a conditional write`);
  }

  async #addDenials(client: DynamoDBClient, op: Extract<StateOp, { op: 'add-denials' }>): Promise<OpResult> {
    const adds: string[] = [];
    const values: Record<string, AttributeValue> = {
      ':k': { S: 'burst' },
      ':a': { S: op.actor },
      ':b': { N: String(op.bucketStartMs) },
      ':x': { N: String(op.expiresAtMs) },
      ':xs': { N: String(Math.ceil(op.expiresAtMs / 1000)) },
    };
    // DynamoDB refuses empty sets: add only what there is.
    if (op.denials.length > 0) {
      adds.push('denials :d');
      values[':d'] = { SS: [...op.denials] };
    }
    if (op.roles.length > 0) {
      adds.push('#roles :r');
      values[':r'] = { SS: [...op.roles] };
    }
    const out = await client.send(
      new this.#commands.UpdateItemCommand({
        TableName: this.#table,
        Key: { pk: { S: op.key } },
        UpdateExpression:
          'SET kind = :k, actor = if_not_exists(actor, :a), bucketStartMs = if_not_exists(bucketStartMs, :b), ' +
          `expiresAtMs = :x, #ttl = :xs${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
        ExpressionAttributeNames: {
          '#ttl': TTL_ATTRIBUTE,
          ...(op.roles.length > 0 ? { '#roles': 'roles' } : {}),
        },
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#count(out.ConsumedCapacity, 'write');
    const item = out.Attributes === undefined ? undefined : fromAttributes(out.Attributes);
    if (item?.kind !== 'burst') throw new Error(`DynamoDB bucket ${op.key} is not a burst bucket`);
    return { status: 'bucket', item: item satisfies BurstItem };
  }

  async #fireBurst(client: DynamoDBClient, key: string, fired: BurstFired): Promise<OpResult> {
    try {
      const out = await client.send(
        new this.#commands.UpdateItemCommand({
          TableName: this.#table,
          Key: { pk: { S: key } },
          UpdateExpression: 'SET firedId = :f, firedEvent = :e',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(firedId) OR (firedId = :f AND firedEvent = :e))',
          ExpressionAttributeValues: { ':f': { S: fired.findingId }, ':e': { S: fired.event } },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.#count(out.ConsumedCapacity, 'write');
      return { status: 'claimed' };
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      this.#countFailedWrite(e);
    }
    const existing = await this.#get(client, key);
    return { status: 'taken', fired: existing?.kind === 'burst' && existing.fired ? existing.fired : fired };
  }

  async #get(client: DynamoDBClient, key: string): Promise<StateItem | undefined> {
    const out = await client.send(
      new this.#commands.GetItemCommand({
        TableName: this.#table,
        Key: { pk: { S: key } },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#count(out.ConsumedCapacity, 'read');
    return out.Item === undefined ? undefined : fromAttributes(out.Item);
  }

  async #ignoringCondition(
    request: Promise<{ ConsumedCapacity?: ConsumedCapacity | undefined }>,
  ): Promise<void> {
    try {
      this.#count((await request).ConsumedCapacity, 'write');
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      this.#countFailedWrite(e);
    }
  }

  #count(capacity: ConsumedCapacity | ConsumedCapacity[] | undefined, kind: 'read' | 'write'): void {
    const all = Array.isArray(capacity) ? capacity : capacity === undefined ? [] : [capacity];
    for (const c of all) this.consumed[kind] += c.CapacityUnits ?? 0;
  }

  /** A write refused by its condition still consumes write capacity (at least one unit). */
  #countFailedWrite(e: unknown): void {
    const capacity = (e as { ConsumedCapacity?: ConsumedCapacity }).ConsumedCapacity;
    if (capacity !== undefined) this.#count(capacity, 'write');
    else this.consumed.write += 1;
  }
}

const DONE: OpResult = Object.freeze({ status: 'done' });
