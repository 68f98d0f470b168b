import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import { createEventBridgeSink } from '../../functions/adapters/sinks/eventbridge-sink.ts';
import { fakeSleep, hostileFinding, secretsIn } from './finding-fixtures.ts';

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

interface Wire {
  readonly endpoint: string;
  readonly requests: { target: string | undefined; body: string }[];
  readonly server: Server;
}

/** A loopback EventBridge stand-in that plays the scripted answers in order, then the last one forever. */
async function startServer(answers: readonly Answer[]): Promise<Wire> {
  const requests: Wire['requests'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({ target: req.headers['x-amz-target'] as string | undefined, body });
      const a = answers[Math.min(requests.length, answers.length) - 1] as Answer;
      res.writeHead(a.status, { 'content-type': 'application/x-amz-json-1.1', ...a.headers });
      res.end(JSON.stringify(a.body));
    });
  });
  // Bounded: never hang a test run on a stuck socket.
  server.setTimeout(5000);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, requests, server };
}

const throttled: Answer = {
  status: 400,
  headers: { 'x-amzn-errortype': 'ThrottlingException' },
  body: { __type: 'ThrottlingException', message: 'Rate exceeded' },
};
const success: Answer = { status: 200, body: { FailedEntryCount: 0, Entries: [{ EventId: 'wire-1' }] } };

let wire: Wire | undefined;
afterEach(async () => {
  wire?.server.closeAllConnections();
  wire?.server.close();
  wire = undefined;
});

function sinkFor(endpoint: string) {
  const { sleep, delays } = fakeSleep();
  const client = new EventBridgeClient({
    region: 'us-east-1',
    endpoint,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  });
  const sink = createEventBridgeSink({
    client,
    eventBusName: 'security-alerts',
    minSeverity: 'low',
    retry: { sleep },
  });
  return { sink, delays };
}

describe('eventbridge sink over the wire', () => {
  it('recovers from ThrottlingException answers of a real endpoint through its own retry layer', async () => {
    wire = await startServer([throttled, throttled, success]);
    const { sink, delays } = sinkFor(wire.endpoint);

    await sink.send([hostileFinding()]);

    expect(wire.requests).toHaveLength(3);
    expect(wire.requests.every((r) => r.target === 'AWSEvents.PutEvents')).toBe(true);
    expect(delays).toHaveLength(2);
    const sent = JSON.parse(wire.requests[2]?.body ?? '{}');
    expect(sent.Entries[0].Source).toBe('rolewatch');
    expect(secretsIn(wire.requests.map((r) => r.body))).toEqual([]);
  });

  it('retries a 503 answer and gives up with a SinkError after four attempts', async () => {
    wire = await startServer([{ status: 503, body: { __type: 'ServiceUnavailable', message: 'busy' } }]);
    const { sink } = sinkFor(wire.endpoint);

    const error = await sink.send([hostileFinding()]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SinkError);
    expect(wire.requests).toHaveLength(4);
  });
});
