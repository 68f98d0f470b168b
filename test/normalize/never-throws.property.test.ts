import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_EVENT_NAMES } from '../../functions/core/model/credential-event.ts';
import { TRUST_POLICY_EVENT_NAMES } from '../../functions/core/model/trust-policy-event.ts';
import { type NormalizeOutcome, normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import { listFixtures, loadCorpus, loadFixture, sessionTokensIn } from './load-records.ts';

const KINDS = ['event', 'trust-policy', 'skipped', 'error'];
const at = { file: 'property.json', line: 1 };

function normalizeSafely(v: unknown): NormalizeOutcome {
  let outcome: NormalizeOutcome | undefined;
  expect(() => {
    outcome = normalizeRecord(v, at);
  }).not.toThrow();
  expect(KINDS).toContain(outcome?.kind);
  return outcome as NormalizeOutcome;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Real-shaped seeds: every fixture, the corpus STS records, and one carrying a secretAccessKey. */
function seeds(): Json[] {
  const fixtures = listFixtures().map((p) => loadFixture(p) as Json);
  const corpus = loadCorpus()
    .map((c) => c.record as Json)
    .filter(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        (r as { eventSource?: Json }).eventSource === 'sts.amazonaws.com',
    );
  const withSecret = structuredClone(loadFixture('assume-role/with-mfa.json')) as { [k: string]: Json };
  const response = withSecret.responseElements as { credentials: { [k: string]: Json } };
  response.credentials.secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  return [...fixtures, ...corpus, withSecret];
}

/** Every path to a value inside a JSON tree (the root excluded). */
function paths(
  v: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([...prefix, i]);
      paths(x, [...prefix, i], out);
    });
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      out.push([...prefix, k]);
      paths(x, [...prefix, k], out);
    }
  }
  return out;
}

type Mutation =
  | { readonly kind: 'delete' }
  | { readonly kind: 'swap' }
  | { readonly kind: 'set'; readonly value: Json };

function swapType(v: Json): Json {
  if (typeof v === 'string') return /^\d+$/.test(v) ? Number(v) : v === 'true' ? true : 42;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null) return {};
  return Array.isArray(v) ? 'array' : null;
}

function mutate(seed: Json, steps: readonly (readonly [number, Mutation])[]): Json {
  const root = structuredClone(seed);
  for (const [pick, m] of steps) {
    const all = paths(root);
    if (all.length === 0) break;
    const path = all[pick % all.length] ?? [];
    let parent: Json = root;
    for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key] as Json;
    const last = path[path.length - 1] as string | number;
    const container = parent as Record<string | number, Json>;
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete container[last];
    } else if (m.kind === 'swap') {
      container[last] = swapType(container[last] as Json);
    } else {
      container[last] = m.value;
    }
  }
  return root;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: 'delete' } as const),
  fc.constant({ kind: 'swap' } as const),
  fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: 'set', value: value as Json }) as const),
);

describe('normalizeRecord never throws', () => {
  it('returns one of the three outcomes for any JavaScript value', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        normalizeSafely(v);
      }),
      { numRuns: 500 },
    );
  });

  it('returns one of the three outcomes for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        normalizeSafely(v);
      }),
      { numRuns: 500 },
    );
  });

  it('judges any record with an STS credential event name, whatever its other fields hold', () => {
    const anyField = fc.option(fc.anything(), { nil: undefined });
    const record = fc.record({
      eventSource: fc.constant('sts.amazonaws.com'),
      eventName: fc.constantFrom(...CREDENTIAL_EVENT_NAMES),
      eventTime: anyField,
      eventID: anyField,
      userIdentity: anyField,
      requestParameters: anyField,
      responseElements: anyField,
      resources: anyField,
      errorCode: anyField,
      errorMessage: anyField,
      sourceIPAddress: anyField,
      recipientAccountId: anyField,
    });
    fc.assert(
      fc.property(record, (r) => {
        expect(normalizeSafely(r).kind).toBe('event');
      }),
      { numRuns: 500 },
    );
  });

  it('keeps judging real records after random deletions and type swaps, and never leaks a secret', () => {
    const pool = seeds();
    const secrets = sessionTokensIn(pool);
    expect(secrets.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(
        fc.constantFrom(...pool),
        fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 8 }),
        (seed, steps) => {
          const mutated = mutate(seed, steps);
          const outcome = normalizeSafely(mutated);
          const o = mutated as { eventSource?: unknown; eventName?: unknown };
          const readable =
            typeof mutated === 'object' &&
            mutated !== null &&
            !Array.isArray(mutated) &&
            typeof o.eventSource === 'string' &&
            typeof o.eventName === 'string';
          if (readable) expect(outcome.kind).not.toBe('error');
          if (outcome.kind === 'event' || outcome.kind === 'trust-policy') {
            const text = JSON.stringify(outcome.event);
            expect(text).not.toContain('sessionToken');
            expect(text).not.toContain('secretAccessKey');
            for (const s of secrets) expect(text.includes(s)).toBe(false);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('normalizeRecord never throws on IAM trust-policy records', () => {
  it('reads any CreateRole, UpdateAssumeRolePolicy or UpdateRole record, whatever its other fields hold', () => {
    const anyField = fc.option(fc.anything(), { nil: undefined });
    const record = fc.record({
      eventSource: fc.constant('iam.amazonaws.com'),
      eventName: fc.constantFrom(...TRUST_POLICY_EVENT_NAMES),
      eventTime: anyField,
      userIdentity: anyField,
      requestParameters: fc.oneof(
        anyField,
        fc.record({
          roleName: anyField,
          path: anyField,
          policyDocument: fc.oneof(anyField, fc.json(), fc.jsonValue()),
          assumeRolePolicyDocument: fc.oneof(anyField, fc.json(), fc.jsonValue()),
          maxSessionDuration: anyField,
        }),
      ),
      responseElements: anyField,
      errorCode: anyField,
      recipientAccountId: anyField,
    });
    fc.assert(
      fc.property(record, (r) => {
        expect(normalizeSafely(r).kind).toBe('trust-policy');
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalised events carry no credentials', () => {
  it('keeps no session token, secret key or credentials object from any fixture', () => {
    for (const path of listFixtures()) {
      const record = loadFixture(path);
      const tokens = sessionTokensIn(record);
      const outcome = normalizeRecord(record, { file: path });
      const text = JSON.stringify(outcome);
      expect(text, path).not.toMatch(/sessionToken|secretAccessKey|"credentials"|accessKeyId/);
      for (const t of tokens) expect(text.includes(t), path).toBe(false);
    }
  });
});
