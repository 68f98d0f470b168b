import { describe, expect, it } from 'vitest';
import { alertPayload } from '../../functions/adapters/sinks/alert-payload.ts';
import { toEntry } from '../../functions/adapters/sinks/eventbridge-sink.ts';
import { toAsff } from '../../functions/adapters/sinks/securityhub-sink.ts';
import { slackMessage } from '../../functions/adapters/sinks/slack-sink.ts';
import { renderJson, renderJsonLines } from '../../functions/core/render/render-json.ts';
import { renderSarif } from '../../functions/core/render/render-sarif.ts';
import { renderTable } from '../../functions/core/render/render-table.ts';
import { RULES } from '../../functions/core/rules/registry.ts';
import { engineFor, type JsonObject, judgeRecord, scanOf, scenarioRecord } from './support.ts';

// STS session tokens start with this prefix; test tokens are assembled at run time so that no
// credential-shaped literal is committed (secret scanners rightly flag those).
const STS_TOKEN_PREFIX = 'IQoJb3JpZ2lu';

const EXTERNAL_ID = 'rolewatch-shared-secret-ExternalId-8d41';
const TOKEN_CODE = '402913';
const SECRET_ACCESS_KEY = 'rolewatchFakeSecretKey/Q9x2EXAMPLEKEYvalue0001';
const SESSION_TOKEN = `${STS_TOKEN_PREFIX}X2VjEXAMPLEONLYrolewatchSecurityTestToken//////////wEaCXVzLWVhc3QtMQ==`;

describe('credential material in a record never reaches an output', () => {
  // A vendor assuming its role with the agreed ExternalId and an MFA code, with a response that (unlike
  // CloudTrail's) also carries a secret key; every rule that can fire is made to fire.
  const record = scenarioRecord('external-id-missing', 'near-miss');
  Object.assign(record.requestParameters as JsonObject, {
    externalId: EXTERNAL_ID,
    tokenCode: TOKEN_CODE,
    serialNumber: 'arn:aws:iam::999900001111:mfa/vendor',
    durationSeconds: 43200,
  });
  const response = record.responseElements as JsonObject;
  Object.assign(response.credentials as JsonObject, {
    secretAccessKey: SECRET_ACCESS_KEY,
    sessionToken: SESSION_TOKEN,
  });
  const engine = engineFor(`version: 1
accounts: ["111122223333"]
defaults: { maxSessionSeconds: 900, unlistedRoles: alert, allowChaining: false }
roles:
  - arn: "arn:aws:iam::*:role/*"
    trustedPrincipals: ["111122223333"]
    requireMfa: true
    requireSourceIdentity: true
    sessionNamePattern: "^x$"
    sourceCidrs: ["192.0.2.0/24"]
`);
  const findings = judgeRecord(record, engine);
  const scan = scanOf(findings);
  const now = new Date('2026-11-29T00:00:00Z');
  const outputs: Record<string, string> = {
    json: renderJson(scan),
    jsonl: renderJsonLines(scan),
    sarif: renderSarif(scan, RULES, '0.0.0'),
    table: renderTable(scan, { width: 300 }),
    alerts: JSON.stringify(findings.map(alertPayload)),
    slack: JSON.stringify(slackMessage(findings)),
    securityhub: JSON.stringify(
      findings.map((f) =>
        toAsff(f, { region: 'us-east-1', accountId: '111122223333', productArn: 'p', now }),
      ),
    ),
    eventbridge: JSON.stringify(findings.map((f) => toEntry(f, 'rolewatch'))),
  };

  it('judges the record (several findings to render)', () => {
    expect(findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['external-account', 'session-too-long', 'session-name-mismatch']),
    );
  });

  it.each(Object.keys(outputs))(
    '%s carries no ExternalId, token code, secret key or session token',
    (name) => {
      const text = outputs[name] ?? '';

      expect(text.length).toBeGreaterThan(200);
      for (const secret of [EXTERNAL_ID, TOKEN_CODE, SECRET_ACCESS_KEY, SESSION_TOKEN]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/"credentials"|sessionToken|secretAccessKey/);
    },
  );
});
