import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactValue } from '../../functions/adapters/logging/redact.ts';
import { crossAccountAssumeRole, SECRET_ACCESS_KEY, SESSION_TOKENS } from './helpers/records.ts';

describe('redaction', () => {
  it('drops credentials, session tokens and secret keys from a whole CloudTrail record', () => {
    const record = crossAccountAssumeRole();

    const safe = JSON.stringify(redactValue({ record }));

    expect(safe).not.toContain(SESSION_TOKENS[0]);
    expect(safe).not.toContain(SECRET_ACCESS_KEY);
    expect(safe).not.toContain('"credentials"');
    expect(safe).toContain('arn:aws:iam::444455556666:role/ProdAdmin');
  });

  it('drops keys whatever their case (SDK responses use SessionToken / SecretAccessKey)', () => {
    const value = {
      Credentials: { AccessKeyId: 'ASIAEXAMPLE', SessionToken: 'abc', SecretAccessKey: 'def' },
    };

    const safe = redactValue(value) as unknown as Record<string, unknown>;

    expect(JSON.stringify(safe)).not.toMatch(/abc|def/);
  });

  it('scrubs a session token that hides inside a string, such as a raw log event message', () => {
    const message = JSON.stringify(crossAccountAssumeRole());

    const safe = redactText(message);

    expect(safe).not.toContain(SESSION_TOKENS[0]);
    expect(safe).not.toContain(SECRET_ACCESS_KEY);
    expect(safe).toContain(`"sessionToken":"${REDACTED}"`);
  });

  it('removes Slack webhook URLs from error texts', () => {
    const text = 'POST https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX failed with 500';

    expect(redactText(text)).toBe(`POST ${REDACTED} failed with 500`);
  });

  it('leaves ordinary text alone', () => {
    const text = 'assume-denied on arn:aws:iam::444455556666:role/ProdAdmin from 203.0.113.10';

    expect(redactText(text)).toBe(text);
  });
});
