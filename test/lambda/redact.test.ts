import { describe, expect, it } from 'vitest';
import { createLogger } from '../../functions/adapters/logging/create-logger.ts';
import { redactReplacer, redactValue } from '../../functions/adapters/logging/redact.ts';
import { SECRET_MARKER } from '../../functions/core/text/scrub-secrets.ts';
import { sessionToken } from '../text/secret-shapes.ts';
import { captureOutput } from './helpers/capture-output.ts';
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

    const safe = JSON.stringify({ message }, redactReplacer);

    expect(safe).not.toContain(SESSION_TOKENS[0]);
    expect(safe).not.toContain(SECRET_ACCESS_KEY);
    expect(JSON.parse(safe).message).toContain(`"sessionToken":"${SECRET_MARKER}"`);
  });
});

describe('the Lambda logger', () => {
  it('writes invisible characters as \\u escapes and scrubs tokens in every line', () => {
    const output = captureOutput();
    const token = sessionToken();
    const name = `deploy${String.fromCodePoint(0x202e)}nimda${String.fromCodePoint(0x2028)}x`;
    try {
      const log = createLogger({ functionName: 'stream' });
      log.warn('input error', { sessionName: name, reason: `bad token ${token}` });
    } finally {
      output.restore();
    }

    const text = output.text();
    expect(text).not.toContain(token.slice(0, 30));
    expect(/[\u2028\u202e]/u.test(text)).toBe(false);
    expect(text).toContain('deploy\\u202enimda\\u2028x');
    const [line] = output.logs();
    expect(line?.sessionName).toBe(name);
    expect(line?.reason).toBe(`bad token ${SECRET_MARKER}`);
  });
});
