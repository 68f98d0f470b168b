import { readFileSync } from 'node:fs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { loadTrustFile } from '../../functions/adapters/config/load-trust-file.ts';
import { formatConfigIssue } from '../../functions/core/trust/describe-trust-config.ts';
import { TRUST_FILE } from './helpers/records.ts';

const NOW = Date.parse('2026-03-02T10:00:00Z');

describe('loadTrustFile, the loader of the CLI and the Lambda functions', () => {
  it('loads a trust file with its expired suppressions as warnings that name file, line and key', async () => {
    const loaded = await loadTrustFile({ kind: 'file', path: TRUST_FILE }, { now: NOW });

    if (!loaded.ok) throw new Error(loaded.error.map(formatConfigIssue).join('\n'));
    expect(loaded.value.file).toBe(TRUST_FILE);
    expect(loaded.value.config.roles.length).toBeGreaterThan(0);
    expect(loaded.value.warnings.map(formatConfigIssue)).toEqual([
      expect.stringMatching(new RegExp(`^${TRUST_FILE}:\\d+(:\\d+)? suppressions\\[\\d+\\]`)),
    ]);
  });

  it('loads the same file from an SSM parameter, named ssm:NAME in messages', async () => {
    const ssm = new SSMClient({ region: 'us-east-1' });
    const mock = mockClient(ssm);
    mock
      .on(GetParameterCommand)
      .resolves({ Parameter: { Value: 'version: 1\naccounts: [12345]\nroles: []\n' } });

    const loaded = await loadTrustFile(
      { kind: 'ssm', name: '/rolewatch/trust' },
      { now: NOW, ssm: () => ssm },
    );

    mock.restore();
    expect(!loaded.ok && loaded.error.map(formatConfigIssue)).toEqual([
      expect.stringMatching(/^ssm:\/rolewatch\/trust:2:\d+ accounts\[0\]: /),
    ]);
  });

  it('reports an unreadable file as one issue naming the file and the reason', async () => {
    const loaded = await loadTrustFile({ kind: 'file', path: 'no/such/trust.yaml' }, { now: NOW });

    expect(!loaded.ok && loaded.error.map(formatConfigIssue)).toEqual([
      "no/such/trust.yaml: cannot read the trust file (ENOENT: no such file or directory, open 'no/such/trust.yaml')",
    ]);
  });

  it('judges against an empty trust file when there is none', async () => {
    const loaded = await loadTrustFile(undefined, { now: NOW });

    expect(loaded.ok && loaded.value.file).toBe('<no trust file>');
    expect(loaded.ok && loaded.value.config.roles).toEqual([]);
    expect(readFileSync(TRUST_FILE, 'utf8')).toContain('version: 1');
  });
});
