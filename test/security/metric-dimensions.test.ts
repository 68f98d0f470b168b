import { describe, expect, it } from 'vitest';
import { dimensionValue } from '../../functions/adapters/metrics/metric-dimensions.ts';
import { deniedOn, findingOf } from './support.ts';

// CloudWatch drops a metric whose dimension value is not 1–1024 printable ASCII characters with at
// least one that is not a space, so an odd value from a record would make its own finding uncounted.
const VALID_DIMENSION_VALUE = /^(?=.*\S)[\x20-\x7e]{1,1024}$/;

describe('metric dimensions taken from hostile records', () => {
  it('keeps the role dimension a valid CloudWatch dimension value', () => {
    const roles = [
      'arn:aws:iam::444455556666:role/ProdAdmin\u200b\u00e9',
      `arn:aws:iam::444455556666:role/${'x'.repeat(2000)}`,
    ];

    const values = roles.map((arn) => dimensionValue(findingOf('assume-denied', deniedOn(arn)), 'role'));

    expect(values.filter((v) => !VALID_DIMENSION_VALUE.test(v))).toEqual([]);
    expect(values[0]).toMatch(/^arn:aws:iam::444455556666:role\/ProdAdmin/);
  });

  it('leaves an ordinary role ARN as it is', () => {
    const finding = findingOf('assume-denied', deniedOn('arn:aws:iam::444455556666:role/ProdAdmin'));

    expect(dimensionValue(finding, 'role')).toBe('arn:aws:iam::444455556666:role/ProdAdmin');
  });
});
