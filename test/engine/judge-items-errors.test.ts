import { describe, expect, it } from 'vitest';
import type { DecodedItem } from '../../functions/core/decode/decoded-item.ts';
import { createEngine } from '../../functions/core/engine/create-engine.ts';
import { judgeItems, MAX_KEPT_ERRORS } from '../../functions/core/pipeline/judge-items.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';

describe('judgeItems on a badly corrupt batch', () => {
  it('keeps a bounded sample of input errors but counts, and shows the hooks, every one', () => {
    const parsed = parseTrustConfig('version: 1\naccounts: []\nroles: []\n', 'empty.yaml');
    if (!parsed.ok) throw new Error('trust file');
    const engine = createEngine({ config: parsed.value.config });
    const total = MAX_KEPT_ERRORS * 3;
    function* corrupt(): Generator<DecodedItem> {
      for (let line = 1; line <= total; line++) {
        yield {
          kind: 'error',
          error: { kind: 'json', message: 'not JSON', location: { file: 'object.gz', line } },
        };
      }
    }
    let seen = 0;

    const result = judgeItems(corrupt(), engine, { onError: () => seen++ });

    expect(result.errors).toHaveLength(MAX_KEPT_ERRORS);
    expect(result.errors[0]?.location.line).toBe(1);
    expect(result.tally.malformed).toBe(total);
    expect(seen).toBe(total);
  });
});
