import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { configSourceFromEnv } from '../../functions/adapters/config/config-source.ts';
import { loadConfigText } from '../../functions/adapters/config/load-config-text.ts';

const options = { baseDir: '/var/task', fileExists: (p: string) => p === '/var/task/trust' };
const parse = (value: string | undefined) => configSourceFromEnv({ ROLEWATCH_CONFIG: value }, options);

describe('ROLEWATCH_CONFIG', () => {
  it('reads an s3:// URL as bucket and key', () => {
    expect(parse('s3://config-bucket/rolewatch/trust.yaml')).toEqual({
      ok: true,
      value: { kind: 's3', bucket: 'config-bucket', key: 'rolewatch/trust.yaml' },
    });
  });

  it('resolves a relative YAML path against the bundle root', () => {
    expect(parse('config/trust.yaml')).toEqual({
      ok: true,
      value: { kind: 'file', path: '/var/task/config/trust.yaml' },
    });
  });

  it('takes a name that is not a file in the bundle as an SSM parameter', () => {
    expect(parse('/rolewatch/trust')).toEqual({
      ok: true,
      value: { kind: 'ssm', name: '/rolewatch/trust' },
    });
  });

  it('prefers an existing file over an SSM parameter of the same name', () => {
    expect(parse('trust')).toEqual({
      ok: true,
      value: { kind: 'file', path: '/var/task/trust' },
    });
  });

  it('honours explicit ssm: and file: prefixes', () => {
    expect(parse('ssm:trust.yaml')).toEqual({
      ok: true,
      value: { kind: 'ssm', name: 'trust.yaml' },
    });
    expect(parse('file:/opt/trust')).toEqual({
      ok: true,
      value: { kind: 'file', path: '/opt/trust' },
    });
  });

  it('fails with a message naming the variable when it is unset or malformed', () => {
    const unset = parse(undefined);
    const noKey = parse('s3://bucket-only');

    expect(!unset.ok && unset.error).toEqual([
      'ROLEWATCH_CONFIG: required: name a trust file in the bundle, an s3:// URL or an SSM parameter',
    ]);
    expect(!noKey.ok && noKey.error).toEqual([
      'ROLEWATCH_CONFIG: "s3://bucket-only" must be s3://BUCKET/KEY',
    ]);
  });
});

describe('reading the trust file text', () => {
  const noClient = (): never => {
    throw new Error('no client expected');
  };

  it('reads an S3 object with GetObject', async () => {
    const s3 = new S3Client({ region: 'us-east-1' });
    const mock = mockClient(s3);
    mock.on(GetObjectCommand, { Bucket: 'config-bucket', Key: 'trust.yaml' }).resolves({
      Body: { transformToString: async () => 'version: 1\n' } as never,
      ContentLength: 11,
    });

    const result = await loadConfigText(
      { kind: 's3', bucket: 'config-bucket', key: 'trust.yaml' },
      { s3: () => s3, ssm: noClient },
    );

    expect(result).toEqual({
      ok: true,
      value: { text: 'version: 1\n', file: 's3://config-bucket/trust.yaml' },
    });
    mock.restore();
  });

  it('reads a SecureString SSM parameter with decryption', async () => {
    const ssm = new SSMClient({ region: 'us-east-1' });
    const mock = mockClient(ssm);
    mock.on(GetParameterCommand, { Name: '/rolewatch/trust', WithDecryption: true }).resolves({
      Parameter: { Name: '/rolewatch/trust', Type: 'SecureString', Value: 'version: 1\n', Version: 3 },
    });

    const result = await loadConfigText(
      { kind: 'ssm', name: '/rolewatch/trust' },
      { s3: noClient, ssm: () => ssm },
    );

    expect(result).toEqual({ ok: true, value: { text: 'version: 1\n', file: 'ssm:/rolewatch/trust' } });
    mock.restore();
  });

  it('turns a missing object or parameter into a message that names the source', async () => {
    const s3 = new S3Client({ region: 'us-east-1' });
    const ssm = new SSMClient({ region: 'us-east-1' });
    const s3Mock = mockClient(s3);
    const ssmMock = mockClient(ssm);
    s3Mock
      .on(GetObjectCommand)
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
    ssmMock.on(GetParameterCommand).rejects(new ParameterNotFound({ message: '', $metadata: {} }));

    const a = await loadConfigText(
      { kind: 's3', bucket: 'b', key: 'k.yaml' },
      { s3: () => s3, ssm: () => ssm },
    );
    const b = await loadConfigText({ kind: 'ssm', name: '/missing' }, { s3: () => s3, ssm: () => ssm });

    expect(!a.ok && a.error).toEqual({
      file: 's3://b/k.yaml',
      reason: 'cannot read the trust file (NoSuchKey: The specified key does not exist.)',
    });
    expect(!b.ok && b.error).toEqual({
      file: 'ssm:/missing',
      reason: 'cannot read the trust file (ParameterNotFound)',
    });
    s3Mock.restore();
    ssmMock.restore();
  });

  it('reports a missing file with its path', async () => {
    const result = await loadConfigText(
      { kind: 'file', path: '/nonexistent/trust.yaml' },
      { s3: noClient, ssm: noClient },
    );

    expect(!result.ok && result.error).toEqual({
      file: '/nonexistent/trust.yaml',
      reason:
        "cannot read the trust file (ENOENT: no such file or directory, open '/nonexistent/trust.yaml')",
    });
  });
});
