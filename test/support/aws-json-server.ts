import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One request as the stand-in saw it. */
export interface AwsJsonCall {
  /** The operation, from `X-Amz-Target` (`LookupEvents`, `StartQuery`…). */
  readonly operation: string;
  /** The parsed JSON body. */
  readonly input: Record<string, unknown>;
  /** The region the request was signed for (SigV4 credential scope). */
  readonly region: string | undefined;
  /** When it arrived, on the server's monotonic clock (ms). */
  readonly atMs: number;
}

/** An AWS error: the SDK maps `type` to its exception class (`ThrottlingException`…). */
export class AwsJsonError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

export type AwsJsonHandler = (call: AwsJsonCall) => unknown | Promise<unknown>;

export interface AwsJsonServer {
  /** `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL_<SERVICE>`. */
  readonly endpoint: string;
  /** Every call in arrival order. */
  readonly calls: AwsJsonCall[];
  readonly stop: () => Promise<void>;
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * A loopback stand-in for an AWS service that speaks JSON 1.1 as AWS does: `POST /` with
 * `Content-Type: application/x-amz-json-1.1` and `X-Amz-Target: <serviceTarget>.<Operation>`, a JSON
 * body in, a JSON body out, errors as HTTP 4xx/5xx with `{"__type", "message"}`. The real SDK clients
 * talk to it, so their serialization, pagination and retries run for real.
 *
 * @param serviceTarget the prefix of `X-Amz-Target` (`CloudTrail_20131101`, `Logs_20140328`, `AmazonAthena`)
 * @param clock what stamps each call's `atMs` (the real monotonic clock by default; a test with a virtual
 *   pace clock passes its `now`)
 */
export async function startAwsJsonServer(
  serviceTarget: string,
  handlers: Readonly<Record<string, AwsJsonHandler>>,
  clock: () => number = () => performance.now(),
): Promise<AwsJsonServer> {
  const calls: AwsJsonCall[] = [];
  const server = createServer((req, res) => {
    const atMs = clock();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void respond(req, res, Buffer.concat(chunks).toString('utf8'), atMs);
    });
  });

  async function respond(
    req: IncomingMessage,
    res: ServerResponse,
    text: string,
    atMs: number,
  ): Promise<void> {
    const send = (status: number, body: unknown, errorType?: string): void => {
      const headers: Record<string, string> = {
        'content-type': CONTENT_TYPE,
        'x-amzn-requestid': `req-${calls.length}`,
      };
      if (errorType !== undefined) headers['x-amzn-errortype'] = errorType;
      res.writeHead(status, headers);
      res.end(JSON.stringify(body));
    };
    const target = String(req.headers['x-amz-target'] ?? '');
    const [service, operation] = target.split('.');
    if (req.method !== 'POST' || req.headers['content-type'] !== CONTENT_TYPE || service !== serviceTarget) {
      send(
        400,
        { __type: 'UnknownOperationException', message: `not ${serviceTarget}: ${target}` },
        'UnknownOperationException',
      );
      return;
    }
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>;
    } catch {
      send(400, { __type: 'SerializationException', message: 'body is not JSON' }, 'SerializationException');
      return;
    }
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
    const call: AwsJsonCall = { operation: operation ?? '', input, region: scope?.[1], atMs };
    calls.push(call);
    const handler = handlers[call.operation];
    if (handler === undefined) {
      send(
        400,
        { __type: 'UnknownOperationException', message: `no ${call.operation}` },
        'UnknownOperationException',
      );
      return;
    }
    try {
      send(200, (await handler(call)) ?? {});
    } catch (e) {
      if (e instanceof AwsJsonError) send(e.status, { __type: e.type, message: e.message }, e.type);
      else send(500, { __type: 'InternalFailure', message: String(e) }, 'InternalFailure');
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The most calls any window of `windowMs` holds (arrival times on the server's clock). */
export function maxCallsInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
