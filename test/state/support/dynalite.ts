import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';

interface DynaliteServer {
  listen(port: number, host: string, done: () => void): void;
  address(): AddressInfo;
  close(done: () => void): void;
}
type Dynalite = (options: Record<string, unknown>) => DynaliteServer;

export interface LocalDynamoDb {
  readonly endpoint: string;
  /** A client with the SDK's own retries, pointed at the loopback server. */
  client(): DynamoDBClient;
  /** The state table as the CDK app creates it: partition key `pk`, TTL on `expiresAt`. */
  createStateTable(name: string): Promise<void>;
  /** Every item of a table (raw attributes). */
  scan(name: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/** dynalite (an in-memory DynamoDB) on a random loopback port, for real SDK clients. */
export async function startDynalite(): Promise<LocalDynamoDb> {
  // dynalite ships no type declarations; load it through require and describe the little we use.
  const dynalite = createRequire(import.meta.url)('dynalite') as Dynalite;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const clients: DynamoDBClient[] = [];
  const client = (): DynamoDBClient => {
    const c = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'DYNALITE', secretAccessKey: 'DYNALITE' },
    });
    clients.push(c);
    return c;
  };
  const admin = client();
  return {
    endpoint,
    client,
    async createStateTable(name) {
      await admin.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      // dynalite accepts the TTL setting (and, like DynamoDB within days, deletes nothing by itself).
      await admin
        .send(
          new UpdateTimeToLiveCommand({
            TableName: name,
            TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          }),
        )
        .catch(() => undefined);
    },
    async scan(name) {
      const out = await admin.send(new ScanCommand({ TableName: name }));
      return (out.Items ?? []) as Record<string, unknown>[];
    },
    async stop() {
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve) => server.close(resolve));
    },
  };
}

/** {@link LocalDynamoDb} of one test file, with a fresh state table per call of `freshTable`. */
export interface FileDynamoDb extends LocalDynamoDb {
  /** Creates and names a new state table (`PREFIX-1`, `PREFIX-2`, …): tests never see each other's items. */
  freshTable(): Promise<string>;
}

/**
 * dynalite for the test file that calls it (at its top level): started before its tests, stopped after
 * them.
 */
export function dynaliteForFile(prefix: string): FileDynamoDb {
  let db: LocalDynamoDb | undefined;
  let tables = 0;
  const started = (): LocalDynamoDb => {
    if (db === undefined) throw new Error('dynalite starts in beforeAll: use it inside a test or hook');
    return db;
  };
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(async () => {
    await db?.stop();
  });
  return {
    get endpoint() {
      return started().endpoint;
    },
    client: () => started().client(),
    createStateTable: (name) => started().createStateTable(name),
    scan: (name) => started().scan(name),
    stop: () => started().stop(),
    async freshTable() {
      const name = `${prefix}-${++tables}`;
      await started().createStateTable(name);
      return name;
    },
  };
}
