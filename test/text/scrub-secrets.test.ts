import { describe, expect, it } from 'vitest';
import { SECRET_MARKER, scrubSecrets } from '../../functions/core/text/scrub-secrets.ts';
import { accessKeyId, olderSessionToken, secretAccessKey, sessionToken } from './secret-shapes.ts';

describe('scrubSecrets', () => {
  it('replaces a session token inside a user agent, whatever its shape', () => {
    const current = sessionToken();
    const older = olderSessionToken();

    const out = scrubSecrets(`aws-cli/2.15 md/${current} exec-env/${older}`);

    expect(out).toBe(`aws-cli/2.15 md/${SECRET_MARKER} exec-env/${SECRET_MARKER}`);
  });

  it('replaces a URL-encoded session token in a presigned URL', () => {
    const token = encodeURIComponent(sessionToken().replace(/.{20}/, '$&/+'));

    const out = scrubSecrets(`https://s3.amazonaws.com/b/k?X-Amz-Security-Token=${token}&X-Amz-Date=1`);

    expect(out).toBe(`https://s3.amazonaws.com/b/k?X-Amz-Security-Token=${SECRET_MARKER}&X-Amz-Date=1`);
  });

  it('replaces a secret access key next to its access key id, in either order, and keeps the id', () => {
    const id = accessKeyId('AKIA');
    const key = secretAccessKey();

    expect(scrubSecrets(`creds ${id}:${key} leaked`)).toBe(`creds ${id}:${SECRET_MARKER} leaked`);
    expect(scrubSecrets(`${key} / ${id}`)).toBe(`${SECRET_MARKER} / ${id}`);
  });

  it('replaces quoted credential pairs, even when the value is cut off', () => {
    const secret = secretAccessKey();
    const text = `{"SessionToken": "abc\\"def", "secretAccessKey":"${secret}"} and {"sessionToken":"unterminated`;

    const out = scrubSecrets(text);

    expect(out).toBe(
      `{"SessionToken": "${SECRET_MARKER}", "secretAccessKey":"${SECRET_MARKER}"} and {"sessionToken":"${SECRET_MARKER}"`,
    );
  });

  it('replaces key = value credential pairs of config files and shells', () => {
    const secret = secretAccessKey();

    const out = scrubSecrets(`aws_secret_access_key = ${secret}\nAWS_SESSION_TOKEN='${secret}x'`);

    expect(out).toBe(`aws_secret_access_key = ${SECRET_MARKER}\nAWS_SESSION_TOKEN='${SECRET_MARKER}'`);
  });

  it('replaces Slack and Teams webhook URLs', () => {
    const text =
      'POST https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX failed; ' +
      'then https://acme.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123 too';

    expect(scrubSecrets(text)).toBe(`POST ${SECRET_MARKER} failed; then ${SECRET_MARKER} too`);
  });

  it('leaves ordinary text alone, including 40-character names far from any access key id', () => {
    const text =
      'assume-denied on arn:aws:iam::444455556666:role/ProdAdmin from 203.0.113.10 ' +
      `by ${accessKeyId()} with session ci-runner-42; sha ${'0123456789abcdef'.repeat(3)}`;
    const name = 'role/DataPipelineExportRoleForAnalytics2';

    expect(scrubSecrets(text)).toBe(text);
    expect(scrubSecrets(`${name} secret rotation`)).toBe(`${name} secret rotation`);
  });

  it('takes linear time on long hostile text', () => {
    const hostile = `${'"sessionToken":'.repeat(20_000)}${'AKIA'.repeat(20_000)}${'a'.repeat(200_000)}`;
    const started = performance.now();

    scrubSecrets(hostile);

    // A hang guard, not a benchmark: quadratic behaviour on this input takes minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
