import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileArnLike } from '../../functions/core/arn/arn-like.ts';
import { arnLikeCovers } from '../../functions/core/arn/arn-like-covers.ts';

const ROLE = 'arn:aws:iam::111122223333:role/Deploy';

describe('arnLikeCovers: does one ArnLike pattern match every ARN another matches?', () => {
  it.each([
    ['arn:aws:iam::*:role/*', ROLE],
    ['arn:aws:iam::111122223333:role/*', 'arn:aws:iam::111122223333:role/app-*'],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::*:role/service-role/*'],
    ['arn:aws:iam::*:role/app-*', 'arn:aws:iam::444455556666:role/app-web'],
    ['arn:aws:iam::*:role/?eploy', ROLE],
    ['arn:aws:iam::*:role/*?', 'arn:aws:iam::*:role/?*'],
    ['arn:aws:iam::*:role/a*b*c', 'arn:aws:iam::*:role/a*xb*yc'],
    ['arn:*:iam::*:role/*', 'arn:aws-cn:iam::111122223333:role/Deploy'],
    [ROLE, ROLE],
  ])('%s covers %s', (wide, narrow) => {
    expect(arnLikeCovers(wide, narrow)).toBe(true);
  });

  it.each([
    ['arn:aws:iam::*:role/app-*', 'arn:aws:iam::*:role/*'],
    ['arn:aws:iam::111122223333:role/*', 'arn:aws:iam::*:role/Deploy'],
    ['arn:aws:iam::*:role/?eploy', 'arn:aws:iam::*:role/*eploy'],
    ['arn:aws:iam::*:role/Deploy', 'arn:aws:iam::*:role/deploy'],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::111122223333:root'],
    ['arn:aws:iam::*:role/a*b*c', 'arn:aws:iam::*:role/a*c'],
  ])('%s does not cover %s', (wide, narrow) => {
    expect(arnLikeCovers(wide, narrow)).toBe(false);
  });

  it('never claims a cover that a matching ARN disproves (sound)', () => {
    const part = fc.stringMatching(/^[ab*?]{0,6}$/);
    const value = fc.stringMatching(/^[ab]{0,8}$/);
    fc.assert(
      fc.property(part, part, value, (wide, narrow, name) => {
        const w = `arn:aws:iam::111122223333:role/${wide}`;
        const n = `arn:aws:iam::111122223333:role/${narrow}`;
        const arn = `arn:aws:iam::111122223333:role/${name}`;
        if (arnLikeCovers(w, n) && compileArnLike(n)(arn)) expect(compileArnLike(w)(arn)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('answers quickly for patterns of the maximum length', () => {
    const long = `arn:aws:iam::*:role/${'a*'.repeat(1000)}`;
    expect(arnLikeCovers(long, `arn:aws:iam::*:role/${'b*'.repeat(1000)}`)).toBe(false);
  });
});
