import { describe, expect, it } from 'vitest';
import {
  alertPayload,
  alertPayloadWithin,
  MAX_ARN_CHARS,
  MAX_FIELD_CHARS,
  payloadBytes,
} from '../../functions/adapters/sinks/alert-payload.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { accessKeyId, secretAccessKey, sessionToken } from '../text/secret-shapes.ts';
import { hostileFinding } from './finding-fixtures.ts';

// The payload every sink formats: each attacker-controllable string scrubbed of credentials and cut to
// its limit, whichever field it sits in.

/** Every string of a JSON-like value with its path. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, path === '' ? k : `${path}.${k}`));
  return [];
}

/** A finding from a forged record: every string it can carry is long and holds a session token. */
function taintedEverywhere(token: string): Finding {
  const t = (what: string) => `${what} ${token} ${'x'.repeat(3000)}`;
  return hostileFinding({
    title: t('title'),
    eventId: t('eventId'),
    sharedEventId: t('sharedEventId'),
    eventTime: t('eventTime'),
    awsRegion: t('awsRegion'),
    recipientAccountId: t('recipientAccountId'),
    role: { arn: `arn:aws:iam::321848314756:role/${t('role')}`, accountId: '321848314756' },
    actor: {
      type: 'AssumedRole',
      arn: t('actorArn'),
      accountId: t('actorAccountId'),
      display: t('display'),
      origin: {
        display: t('originDisplay'),
        chain: Array.from({ length: 20 }, (_, i) => `arn:aws:iam::321848314756:role/${t(`chain${i}`)}`),
        note: t('originNote'),
      },
    },
    sourceIp: t('sourceIp'),
    userAgent: t('userAgent'),
    session: { name: t('session'), sourceIdentity: t('sourceIdentity'), requestedSeconds: 900 },
    evidence: { expected: t('expected'), actual: t('actual'), note: t('note') },
    remediation: t('remediation'),
    suppressed: true,
    suppression: { owner: t('owner'), reason: t('reason'), expires: t('expires') },
    location: t('location'),
  });
}

/** The longest a string at `path` may be, at the full or the compact limits. */
function limitOf(path: string, compact: boolean): number {
  if (path === 'suppression.owner') return 256;
  if (path === 'suppression.expires') return 64;
  if (path === 'role.arn' || path.startsWith('actor.origin.chain')) return compact ? 512 : MAX_ARN_CHARS;
  return compact ? 256 : MAX_FIELD_CHARS;
}

describe('alertPayload', () => {
  it('scrubs and cuts every string field of a forged finding to its limit', () => {
    const token = sessionToken();
    const payload = alertPayload(taintedEverywhere(token));
    const all = strings(payload);
    for (const [path, s] of all) {
      expect(s, path).not.toContain(token.slice(12, 60));
      expect(s.length, path).toBeLessThanOrEqual(limitOf(path, false));
    }
    // The fields that were long are cut to exactly their limit, ending in an ellipsis.
    for (const [path, s] of all.filter(([p]) => p !== 'id' && p !== 'rule' && !p.endsWith('accountId'))) {
      if (!['severity', 'eventName', 'actor.type', 'role.accountId'].includes(path)) {
        expect(s.length, path).toBe(limitOf(path, false));
        expect(s.endsWith('…'), path).toBe(true);
      }
    }
    expect(payload.actor.origin?.chain).toHaveLength(12);
    expect(payload.userAgent?.startsWith('userAgent [REDACTED] xxx')).toBe(true);
  });

  it('keeps a string of exactly the limit whole, and cuts one character more to the limit', () => {
    // The limits the README states: 1024 characters a string, 2048 an ARN (STS's own RoleArn limit).
    expect([MAX_FIELD_CHARS, MAX_ARN_CHARS]).toEqual([1024, 2048]);
    const at = 'a'.repeat(MAX_FIELD_CHARS);
    expect(alertPayload(hostileFinding({ userAgent: at })).userAgent).toBe(at);
    expect(alertPayload(hostileFinding({ userAgent: `${at}b` })).userAgent).toBe(
      `${'a'.repeat(MAX_FIELD_CHARS - 1)}…`,
    );
    const arn = `arn:aws:iam::321848314756:role/${'r'.repeat(MAX_ARN_CHARS - 31)}`;
    expect(arn).toHaveLength(MAX_ARN_CHARS);
    expect(alertPayload(hostileFinding({ role: { arn, accountId: '321848314756' } })).role?.arn).toBe(arn);
  });

  it('scrubs before it cuts, so a secret key straddling the limit leaves no part behind', () => {
    const keyId = accessKeyId('AKIA');
    const secret = secretAccessKey();
    // The 40-character secret starts 20 characters before the cut.
    const pad = `${'p'.repeat(MAX_FIELD_CHARS - 1 - 20 - keyId.length - 2)} `;
    const actual = `${pad}${keyId} ${secret} is not authorized`;
    const payload = alertPayload(hostileFinding({ evidence: { expected: 'x', actual } }));
    expect(payload.evidence.actual).toBe(`${pad}${keyId} [REDACTED] is not au…`);
    expect(payload.evidence.actual).not.toContain(secret.slice(0, 12));
  });
});

describe('alertPayloadWithin', () => {
  it('keeps the full limits while the payload fits, and the compact ones (256, ARNs 512, 4 of a chain) after', () => {
    const f = taintedEverywhere(sessionToken());
    const full = alertPayload(f);
    const bytes = payloadBytes(full);
    expect(alertPayloadWithin(f, bytes)).toEqual(full);
    const compact = alertPayloadWithin(f, bytes - 1);
    for (const [path, s] of strings(compact)) {
      expect(s.length, path).toBeLessThanOrEqual(limitOf(path, true));
    }
    expect(compact.userAgent).toHaveLength(256);
    expect(compact.role?.arn).toHaveLength(512);
    expect(compact.actor.origin?.chain).toHaveLength(4);
  });

  it('measures the payload as the JSON sinks send it, invisible characters as six-byte escapes', () => {
    const hidden = hostileFinding({ userAgent: '\u200b'.repeat(1000) });
    // 1000 zero-width spaces: 3,000 bytes raw, 6,000 as `\u200b` escapes.
    const raw = Buffer.byteLength(JSON.stringify(alertPayload(hidden)), 'utf8');
    expect(payloadBytes(alertPayload(hidden))).toBe(raw + 3000);
  });
});
