import { describe, expect, it } from 'vitest';
import {
  intersectIamValues,
  MAX_RELATION_WORK,
  relateIamValues,
} from '../../functions/core/trust-policy/iam-value-intersection.ts';
import { intersectCidrs } from '../../functions/core/trust-policy/policy-cidr.ts';

const like = (value: string) => ({ value, like: true });
const equals = (value: string) => ({ value, like: false });

describe('relateIamValues: how the strings two condition values match relate', () => {
  it.each([
    [equals('repo:acme/app:ref:refs/heads/main'), like('repo:acme/*'), 'within'],
    [like('repo:*'), like('repo:acme/*'), 'contains'],
    [like('ab'), like('a?'), 'within'],
    [like('?*'), like('*?'), 'equal'],
    [like(`a\${*}`), equals('a*'), 'equal'],
    [equals('a*'), like('ab'), 'disjoint'],
    [like('repo:acme/*'), like('repo:other/*'), 'disjoint'],
    [like('a*'), like('*b'), 'overlap'],
    [like('a?c'), like('ab*'), 'overlap'],
  ] as const)('%o and %o: %s', (a, b, relation) => {
    expect(relateIamValues(a, b)).toBe(relation);
  });

  it('spends no more than its budget: a relation too costly to decide is unknown', () => {
    // IAM accepts such values; deciding their relation in full visits millions of automaton states.
    const stars = (step: number) =>
      like(Array.from({ length: 200 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[(i * step) % 26]).join('*'));
    const budget = { left: 10_000 };
    expect(relateIamValues(stars(3), stars(5), budget)).toBeUndefined();
    expect(budget.left).toBeLessThan(0);
    // One state's work past the budget at most: 200 positions of each value, 27 characters tried.
    expect(budget.left).toBeGreaterThan(-(401 * 27));
    // An ordinary pair takes a small part of it.
    const ordinary = { left: 10_000 };
    expect(relateIamValues(equals('repo:acme/app:ref:refs/heads/main'), like('repo:acme/*'), ordinary)).toBe(
      'within',
    );
    expect(ordinary.left).toBeGreaterThan(5_000);
  });

  it('answers for long values in little time', () => {
    const long = 'x'.repeat(3000);
    expect(relateIamValues(equals(long), like('*x*x*x*x*'))).toBe('within');
  });
});

describe('intersectIamValues: the values both lists require', () => {
  it('keeps the narrower of each nested pair and drops pairs with nothing in common', () => {
    expect(
      intersectIamValues(
        [like('repo:acme/*'), like('repo:tools/*')],
        [equals('repo:acme/app'), like('repo:*:main')],
      ),
    ).toEqual({
      // repo:acme/* and repo:*:main share repo:acme/x:main but hold neither: one of them stands.
      values: [equals('repo:acme/app'), like('repo:acme/*'), like('repo:tools/*')],
      exact: false,
    });
    expect(intersectIamValues([like('ci-*'), equals('x')], [equals('ci-1'), equals('y')])).toEqual({
      values: [equals('ci-1')],
      exact: true,
    });
    expect(intersectIamValues([equals('a')], [equals('b')])).toEqual({ values: [], exact: true });
  });

  it('shares one budget across its pairs; once spent, keeps one side of each pair and says it is not exact', () => {
    const budget = { left: 0 };
    expect(intersectIamValues([like('repo:acme/*')], [equals('repo:acme/app')], budget)).toEqual({
      values: [equals('repo:acme/app')],
      exact: false,
    });
  });
});

describe('intersectCidrs: the networks two aws:SourceIp conditions both allow', () => {
  it('keeps the smaller block of each nested pair; IPv4 and IPv6 share nothing', () => {
    expect(
      intersectCidrs(['10.0.0.0/8', '2001:db8::/32'], ['10.1.0.0/16', '10.0.0.0/8', '2001:db8:1::/48']),
    ).toEqual(['10.1.0.0/16', '10.0.0.0/8', '2001:db8:1::/48']);
    expect(intersectCidrs(['10.0.0.0/8'], ['192.0.2.0/24', '::/0'])).toEqual([]);
  });
});

describe('relating values stays within the work budget, whatever the values', () => {
  it('walks a run of `*` once per character tried: 40,000 `*` against 39,999 `*` and a `?`', () => {
    // The closure of a state walked every run of `*` to its end from each position, before the budget
    // was consulted: 2 s for 10,000 `*`, 43 s for these.
    expect(relateIamValues(like('*'.repeat(40_000)), like(`${'*'.repeat(39_999)}?`))).toBe('contains');
  });

  it('pairs no values once the budget is spent: two lists of 4,000 values', () => {
    // Every pair was tokenised and weighed (16 million pairs, some 30 s) although each was unknown.
    const a = Array.from({ length: 4000 }, (_, i) => like(`${i}*`));
    const b = Array.from({ length: 4000 }, (_, i) => like(`*${i}`));
    const budget = { left: MAX_RELATION_WORK };
    const r = intersectIamValues(a, b, budget);
    expect(r.exact).toBe(false);
    // Every value of a stands, by itself or through a more pinned value of b: never fewer strings.
    expect(r.values.length).toBeGreaterThanOrEqual(4000);
    expect(r.values.slice(-1)).toEqual([like('3999*')]);
  });
});
