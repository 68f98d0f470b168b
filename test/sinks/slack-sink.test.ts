import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import { createSlackSink, parseRetryAfterMs } from '../../functions/adapters/sinks/slack-sink.ts';
import { createWebhookUrlLoader, parseWebhookUrl } from '../../functions/adapters/sinks/slack-webhook.ts';
import { fakeSleep, hostileFinding, manyFindings, secretsIn } from './finding-fixtures.ts';

type Answer = { status: number; body?: string; headers?: Record<string, string> };
const WEBHOOK_PATH = '/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';

interface Hook {
  readonly url: string;
  readonly bodies: string[];
  readonly server: Server;
}

/** A loopback Slack webhook that plays `answers` in order, then the last one forever. */
async function startWebhook(answers: readonly Answer[]): Promise<Hook> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      bodies.push(body);
      const a = answers[Math.min(bodies.length, answers.length) - 1] as Answer;
      res.writeHead(req.url === WEBHOOK_PATH ? a.status : 404, {
        'content-type': 'text/plain',
        ...a.headers,
      });
      res.end(a.body ?? 'ok');
    });
  });
  server.setTimeout(5000);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`, bodies, server };
}

let hook: Hook | undefined;
afterEach(() => {
  hook?.server.closeAllConnections();
  hook?.server.close();
  hook = undefined;
});

function sinkFor(url: string) {
  const { sleep, delays } = fakeSleep();
  const sink = createSlackSink({
    webhookUrl: async () => url,
    minSeverity: 'medium',
    retry: { sleep, random: () => 0 },
  });
  return { sink, delays };
}

const allText = (body: string): string[] => {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(body));
  return out;
};

describe('slack sink', () => {
  it('posts a Block Kit message in which attacker-controlled strings are escaped', async () => {
    hook = await startWebhook([{ status: 200 }]);
    await sinkFor(hook.url).sink.send([hostileFinding()]);

    expect(hook.bodies).toHaveLength(1);
    const message = JSON.parse(hook.bodies[0] ?? '{}');
    expect(message.blocks[0].type).toBe('header');
    expect(message.blocks[1].type).toBe('section');
    const text = allText(hook.bodies[0] ?? '{}').join('\n');
    expect(text).toContain('&lt;!channel&gt; ＊pwn＊');
    expect(text).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; @\u2060here ｀rm -rf｀ ＿x＿ ～y～ &amp; co',
    );
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<script>');
    expect(text).not.toMatch(/@here/);
  });

  it('shows who started a chained session (actor.origin), escaped like every record value', async () => {
    hook = await startWebhook([{ status: 200 }]);
    const origin = {
      display: 'alice <!here> (IAM user, 111122223333) → Deploy → Admin',
      chain: ['arn:aws:iam::111122223333:user/alice'],
    };
    await sinkFor(hook.url).sink.send([hostileFinding({ actor: { ...hostileFinding().actor, origin } })]);

    const text = allText(hook.bodies[0] ?? '{}').join('\n');
    expect(text).toContain('_origin:_ alice &lt;!here&gt; (IAM user, 111122223333) → Deploy → Admin');
    expect(text).not.toContain('<!here>');
  });

  it('puts at most 10 findings and 50 blocks in one message', async () => {
    hook = await startWebhook([{ status: 200 }]);
    await sinkFor(hook.url).sink.send(manyFindings(25));
    expect(hook.bodies).toHaveLength(3);
    for (const b of hook.bodies) expect(JSON.parse(b).blocks.length).toBeLessThanOrEqual(50);
  });

  it('keeps the text of one message within the 12,000 characters Slack accepts across all blocks', async () => {
    // Each text object is within its own limit, but ten findings of long user agents, evidence and ARNs
    // add up to ~40,000 characters; Slack refuses such a message (msg_blocks_too_long) however small
    // each block is, and the ten alerts would be lost together.
    hook = await startWebhook([{ status: 200 }]);
    const long = manyFindings(10).map((f) => ({
      ...f,
      userAgent: 'u'.repeat(2000),
      remediation: 'r'.repeat(2000),
      evidence: { expected: 'e'.repeat(2000), actual: 'a'.repeat(2000), note: 'n'.repeat(2000) },
    }));
    await sinkFor(hook.url).sink.send(long);

    expect(hook.bodies.length).toBeGreaterThan(1);
    let findings = 0;
    for (const b of hook.bodies) {
      expect(allText(b).join('').length).toBeLessThanOrEqual(12_000);
      findings += (JSON.parse(b).blocks as { type: string }[]).filter((x) => x.type === 'divider').length;
    }
    expect(findings).toBe(10);
  });

  it('honours Retry-After on HTTP 429 and then delivers', async () => {
    hook = await startWebhook([
      { status: 429, headers: { 'retry-after': '3' }, body: 'rate_limited' },
      { status: 200 },
    ]);
    const { sink, delays } = sinkFor(hook.url);
    await sink.send([hostileFinding()]);
    expect(hook.bodies).toHaveLength(2);
    expect(delays).toEqual([3000]);
  });

  it('retries 5xx answers and fails with a SinkError that does not reveal the webhook URL', async () => {
    hook = await startWebhook([{ status: 503, body: 'service_unavailable' }]);
    const { sink } = sinkFor(hook.url);
    const error = await sink.send([hostileFinding()]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(hook.bodies).toHaveLength(4);
    const text = `${(error as Error).message} ${String((error as Error).cause)}`;
    expect(text).toContain('HTTP 503');
    expect(text).not.toContain(WEBHOOK_PATH);
    expect(text).not.toContain('127.0.0.1');
  });

  it('names the findings of the messages it did post when a later message fails', async () => {
    // 12 findings: a message of 10 posted, then one of 2 that keeps failing.
    hook = await startWebhook([{ status: 200 }, { status: 500, body: 'internal_error' }]);
    const findings = manyFindings(12);

    const error = await sinkFor(hook.url)
      .sink.send(findings)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SinkError);
    const delivered = (error as SinkError).deliveredIds;
    expect(delivered).toHaveLength(10);
    expect((error as SinkError).failedCount).toBe(2);
    expect(findings.map((f) => f.id)).toEqual(expect.arrayContaining([...delivered]));
  });

  it('does not retry an answer that will not change, such as 404 no_service', async () => {
    hook = await startWebhook([{ status: 404, body: 'no_service' }]);
    const error = await sinkFor(hook.url)
      .sink.send([hostileFinding()])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect((error as Error).message).toContain('no_service');
    expect(hook.bodies).toHaveLength(1);
  });

  it('treats a refused connection as retryable and reports it without the URL', async () => {
    hook = await startWebhook([{ status: 200 }]);
    const url = hook.url;
    hook.server.close();
    await once(hook.server, 'close');
    const { sink, delays } = sinkFor(url);
    const error = await sink.send([hostileFinding()]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(delays).toHaveLength(3);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).not.toContain(WEBHOOK_PATH);
  });

  it('sends nothing for suppressed or low findings', async () => {
    hook = await startWebhook([{ status: 200 }]);
    await sinkFor(hook.url).sink.send([
      hostileFinding({ suppressed: true }),
      hostileFinding({ severity: 'low' }),
    ]);
    expect(hook.bodies).toHaveLength(0);
  });

  it('posts no session token or credentials object', async () => {
    hook = await startWebhook([{ status: 200 }]);
    await sinkFor(hook.url).sink.send([hostileFinding(), ...manyFindings(3)]);
    for (const b of hook.bodies) expect(secretsIn(b)).toEqual([]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfterMs('2')).toBe(2000);
    expect(parseRetryAfterMs('Sun, 29 Nov 2026 10:00:05 GMT', Date.parse('2026-11-29T10:00:00Z'))).toBe(5000);
    expect(parseRetryAfterMs(null)).toBeUndefined();
  });
});

describe('slack webhook URL', () => {
  const secretsMock = mockClient(SecretsManagerClient);
  const ssmMock = mockClient(SSMClient);
  beforeEach(() => {
    secretsMock.reset();
    ssmMock.reset();
  });

  it('is read from Secrets Manager once per cold start and cached', async () => {
    secretsMock
      .on(GetSecretValueCommand)
      .resolves({ SecretString: 'https://hooks.slack.com/services/T1/B1/abc' });
    const load = createWebhookUrlLoader({
      kind: 'secret',
      secretId: 'rolewatch/slack',
      client: new SecretsManagerClient({ region: 'us-east-1' }),
    });
    expect(await load()).toBe('https://hooks.slack.com/services/T1/B1/abc');
    expect(await load()).toBe('https://hooks.slack.com/services/T1/B1/abc');
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secretsMock.commandCalls(GetSecretValueCommand)[0]?.args[0].input.SecretId).toBe(
      'rolewatch/slack',
    );
  });

  it('is read from an SSM SecureString with decryption, also as JSON {"url"}', async () => {
    ssmMock
      .on(GetParameterCommand)
      .resolves({ Parameter: { Value: '{"url":"https://hooks.slack.com/services/T1/B1/def"}' } });
    const load = createWebhookUrlLoader({
      kind: 'parameter',
      name: '/rolewatch/slack-webhook',
      client: new SSMClient({ region: 'us-east-1' }),
    });
    expect(await load()).toBe('https://hooks.slack.com/services/T1/B1/def');
    expect(ssmMock.commandCalls(GetParameterCommand)[0]?.args[0].input).toEqual({
      Name: '/rolewatch/slack-webhook',
      WithDecryption: true,
    });
  });

  it('is read again on the next call when the first read failed', async () => {
    secretsMock
      .on(GetSecretValueCommand)
      .rejectsOnce(Object.assign(new Error('nope'), { name: 'AccessDeniedException' }))
      .resolves({ SecretString: 'https://hooks.slack.com/services/T1/B1/ghi' });
    const load = createWebhookUrlLoader({
      kind: 'secret',
      secretId: 'rolewatch/slack',
      client: new SecretsManagerClient({ region: 'us-east-1' }),
    });
    await expect(load()).rejects.toThrow();
    expect(await load()).toBe('https://hooks.slack.com/services/T1/B1/ghi');
  });

  it('is refused when it is not https, without repeating the stored value', () => {
    const r = parseWebhookUrl('http://hooks.slack.com/services/T1/B1/secret-part');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).not.toContain('secret-part');
    expect(parseWebhookUrl('not a url').ok).toBe(false);
    expect(parseWebhookUrl('http://127.0.0.1:9999/hook').ok).toBe(true);
  });

  it('makes the sink fail without the URL when the secret holds garbage', async () => {
    secretsMock
      .on(GetSecretValueCommand)
      .resolves({ SecretString: 'ftp://hooks.slack.com/services/T1/B1/zzz' });
    const sink = createSlackSink({
      webhookUrl: createWebhookUrlLoader({
        kind: 'secret',
        secretId: 'rolewatch/slack',
        client: new SecretsManagerClient({ region: 'us-east-1' }),
      }),
      minSeverity: 'low',
    });
    const error = await sink.send([hostileFinding()]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect((error as Error).message).toContain('rolewatch/slack');
    expect((error as Error).message).not.toContain('zzz');
  });
});
