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

  // Shapes a hostile-input review got through (every one reached every output format).
  const SK = secretAccessKey();
  const AK = accessKeyId();
  const TOK = sessionToken();
  const OLD = olderSessionToken();
  const jwt = `${Buffer.from('{"alg":"RS256","kid":"k1"}').toString('base64url')}.${Buffer.from(
    '{"sub":"repo:acme/app:ref:refs/heads/main","aud":"sts.amazonaws.com"}',
  ).toString('base64url')}.${secretAccessKey().replace(/[/+]/g, '_')}`;
  const slackPath = `services/T${AK.slice(4, 12)}/B${AK.slice(12)}/${SK.slice(0, 24).replace(/[/+]/g, 'x')}`;
  it.each([
    ['a secret key after `secret=` next to its id', `secret=${SK} ${AK}`, SK],
    ['a secret key after its id and `secret=`', `${AK} secret=${SK}`, SK],
    ['a query parameter', `${AK}&Secret=${SK}&x=1`, SK],
    ['a shell export', `export AWS_SECRET_ACCESS_KEY=${SK}`, SK],
    ['a CLI flag', `aws configure set --secret-access-key ${SK} --profile x`, SK],
    ['YAML', `aws_secret_access_key: ${SK}`, SK],
    ['JSON with the aws_ prefix', `{"aws_secret_access_key": "${SK}"}`, SK],
    ['compact JSON', `{"SecretAccessKey":"${SK}"}`, SK],
    ['a Python dict', `{'SecretAccessKey': '${SK}'}`, SK],
    ['secretKey=', `secretKey=${SK}`, SK],
    ['`secret` and a space', `secret ${SK}`, SK],
    ['client_secret=', `client_secret=${SK}`, SK],
    ['a URL-encoded token after %3D', `X-Amz-Security-Token%3D${TOK}`, TOK],
    ['a token after an underscore', `token_${TOK}`, TOK],
    ['a token glued to a letter', `x${TOK}`, TOK],
    ['an older token after its name and a space', `session-token ${OLD}`, OLD],
    ['an OIDC token (JWT)', `web identity token ${jwt} rejected`, jwt.split('.')[2] as string],
    ['a Slack webhook over http', `http://hooks.slack.com/${slackPath}`, slackPath],
    ['a Slack webhook without scheme', `posting to hooks.slack.com/${slackPath} failed`, slackPath],
    [
      'a Teams workflow URL with a port',
      `https://prod-01.westus.logic.azure.com:443/workflows/${AK}/triggers/manual/paths/invoke?sig=${SK}`,
      SK,
    ],
    ['an Office 365 connector URL', `https://outlook.office.com/webhook/${AK}@x/IncomingWebhook/${SK}`, SK],
    ['a Discord webhook', `https://discord.com/api/webhooks/123/${SK}`, SK],
  ])('replaces %s', (_shape, text, secret) => {
    const out = scrubSecrets(text);

    expect(out).not.toContain(secret);
    expect(out).toContain(SECRET_MARKER);
  });

  it('keeps the names and prose around what it replaces', () => {
    expect(scrubSecrets(`--secret-access-key ${SK} --profile x`)).toBe(
      `--secret-access-key ${SECRET_MARKER} --profile x`,
    );
    expect(scrubSecrets(`${AK} secret=${SK}`)).toBe(`${AK} secret=${SECRET_MARKER}`);
    // After a space, only a random-looking value is taken for the secret.
    for (const prose of [
      'the session_token expired; refresh credentials',
      'rotate the secret accesskeyrotationpolicy tomorrow',
      'SecurityToken InvalidClientTokenIdException returned',
    ]) {
      expect(scrubSecrets(prose)).toBe(prose);
    }
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
