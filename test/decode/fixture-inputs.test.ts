import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../functions/core/decode/decode-bytes.ts';
import { CORPUS, collect, FIXTURES, fixtureBytes, realRecords } from './support.ts';

const { assumeRole, leaveOrganization, assumeRoleRetry, failedAssumeRole } = realRecords();
const [A, B, C, F] = [assumeRole, leaveOrganization, assumeRoleRetry, failedAssumeRole].map((r) => r.eventID);

describe('fixtures/inputs: one file per input shape', () => {
  const expected: Record<string, { ids: unknown[]; controls?: number }> = {
    'assume-role-record.json': { ids: [A] },
    'cloudtrail-log-file.json': { ids: [A, B, C] },
    'cloudtrail-log-file.json.gz': { ids: [A, B, C] },
    'empty-log-file.json': { ids: [] },
    'records.jsonl': { ids: [A, F, C] },
    'eventbridge-assume-role.json': { ids: [A] },
    'eventbridge-events.json': { ids: [A, F] },
    'cloudwatch-logs-subscription.json': { ids: [A, B, C] },
    'cloudwatch-logs-payload.json': { ids: [A, F] },
    'cloudwatch-logs-control-message.json': { ids: [], controls: 1 },
    'lookup-events.json': { ids: [A, C] },
    'lookup-event-entry.json': { ids: [F] },
    'mixed-envelopes.json': { ids: [A, C, F, B] },
  };

  it('has an expectation for every input fixture', () => {
    const files = readdirSync(FIXTURES).filter((f) => f !== 'SOURCES.md');

    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [file, { ids, controls = 0 }] of Object.entries(expected)) {
    it(`decodes ${file} into its records with no error`, () => {
      const out = collect(decodeBytes(fixtureBytes(file), file));

      expect(out.errors).toEqual([]);
      expect(out.records.map((r) => r.record.eventID)).toEqual(ids);
      expect(out.controls).toHaveLength(controls);
    });
  }
});

describe.runIf(existsSync(CORPUS))('the public conformance corpus', () => {
  const manifest = JSON.parse(readFileSync(join(CORPUS, 'MANIFEST.json'), 'utf8')) as unknown;
  const dataFiles = readdirSync(CORPUS).filter((f) => /\.(json|jsonl)$/.test(f) && !f.startsWith('MANIFEST'));

  it('has data files to decode', () => {
    expect(dataFiles.length).toBeGreaterThanOrEqual(20);
  });

  it('decodes every data file with zero input errors and the record count the manifest states', () => {
    const counts = recordCounts(manifest);
    expect([...counts.keys()].sort()).toEqual([...dataFiles].sort());
    let total = 0;
    for (const file of dataFiles) {
      const out = collect(decodeBytes(readFileSync(join(CORPUS, file)), file));

      expect(out.errors, file).toEqual([]);
      expect(out.records.length, file).toBe(counts.get(file));
      total += out.records.length;
    }
    expect(total).toBe(225);
  });
});

/** `MANIFEST.json`: `{"files": [{"file", "records", …}]}`. */
function recordCounts(manifest: unknown): Map<string, number> {
  const files = (manifest as { files: { file: string; records: number }[] }).files;
  return new Map(files.map((f) => [f.file, f.records]));
}
