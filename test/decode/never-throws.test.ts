import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeText } from '../../functions/core/decode/decode-bytes.ts';
import { unwrapValue } from '../../functions/core/decode/unwrap-value.ts';
import { collect, leaksSecret, realRecords, secretsOf, utf8 } from './support.ts';

const { assumeRole, assumeRoleRetry, failedAssumeRole } = realRecords();
const secrets = [assumeRole, assumeRoleRetry].flatMap(secretsOf);
const logFile = JSON.stringify({ Records: [assumeRole, failedAssumeRole, assumeRoleRetry] });
const jsonLines = [assumeRole, failedAssumeRole, assumeRoleRetry].map((r) => JSON.stringify(r)).join('\n');

/** Every item is well-formed: a record object, a control, or an error with a kind and a file. */
function checkItems(items: Iterable<unknown>, file: string): void {
  for (const item of items as Iterable<{
    kind: string;
    record?: unknown;
    error?: { kind: string; message: string; location: { file?: string } };
  }>) {
    expect(['record', 'control', 'digest', 'error']).toContain(item.kind);
    if (item.kind === 'error') {
      expect(['read', 'gzip', 'json', 'shape']).toContain(item.error!.kind);
      expect(item.error!.location.file).toBe(file);
      expect(leaksSecret(item.error!.message, secrets)).toBe(false);
    }
  }
}

describe('decoding never throws', () => {
  it('decodes arbitrary bytes into items without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        checkItems(decodeBytes(bytes, 'random.json.gz'), 'random.json.gz');
      }),
      { numRuns: 500 },
    );
  });

  it('decodes arbitrary text into items without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (text) => {
        checkItems(decodeText(text, 'random.jsonl'), 'random.jsonl');
      }),
      { numRuns: 500 },
    );
  });

  it('unwraps arbitrary JSON values without throwing', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        checkItems(unwrapValue(value, { file: 'event' }), 'event');
      }),
      { numRuns: 500 },
    );
  });

  it('turns a log file, JSON Lines or gzip cut anywhere into items, never an exception or a secret', () => {
    const inputs = [utf8(logFile), utf8(jsonLines), gzipSync(logFile)];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), (which, at) => {
        const whole = inputs[which]!;
        const cut = whole.subarray(0, Math.floor(whole.length * at));
        const out = collect(decodeBytes(cut, 'cut.json'));
        checkItems(decodeBytes(cut, 'cut.json'), 'cut.json');
        expect(out.records.length + out.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('turns a log file with one corrupted character anywhere into items, never a secret', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: logFile.length - 1 }),
        fc.constantFrom('\u0001', '}', '"', ',', 'x'),
        (at, c) => {
          const corrupt = logFile.slice(0, at) + c + logFile.slice(at + 1);
          checkItems(decodeText(corrupt, 'corrupt.json'), 'corrupt.json');
        },
      ),
      { numRuns: 400 },
    );
  });
});
