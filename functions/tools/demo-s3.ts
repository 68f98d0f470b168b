/**
 * `npm run demo:s3`: the demo trail read straight from S3, end to end and offline.
 *
 * Starts a local S3 (s3rver) on loopback, uploads the generated demo trail under CloudTrail's own key
 * layout (`AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/…json.gz`), then runs the bundled CLI,
 * `rolewatch scan s3://rolewatch-demo-trail`, in a child process that finds the local S3 the way it
 * would find a VPC endpoint: through the SDK's own `AWS_ENDPOINT_URL_S3` setting. Extra arguments
 * are passed to `scan` (`npm run demo:s3 -- --format json`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_START, generateTrail } from '../trail-generator/generate-trail.ts';
import { startLocalS3 } from './local-s3.ts';

const BUCKET = 'rolewatch-demo-trail';
const root = join(import.meta.dirname, '..', '..');

async function main(): Promise<number> {
  const s3 = await startLocalS3([BUCKET]);
  try {
    const objects = [...generateTrail({ records: 3000, demo: true })].map((file) => ({
      key: file.key,
      body: gzipSync(JSON.stringify({ Records: file.records })),
    }));
    await s3.putAll(BUCKET, objects);
    process.stderr.write(
      `demo:s3: ${objects.length} CloudTrail log objects in s3://${BUCKET} on a local S3 at ${s3.endpoint}\n`,
    );
    const since = DEFAULT_START;
    const until = new Date(Date.parse(DEFAULT_START) + 86_400_000).toISOString();
    const args = [
      join(root, 'bin', 'rolewatch.mjs'),
      'scan',
      '--config',
      join(root, 'fixtures', 'trust', 'example-org.yaml'),
      '--since',
      since,
      '--until',
      until,
      ...process.argv.slice(2),
      `s3://${BUCKET}`,
    ];
    process.stderr.write(
      `demo:s3: AWS_ENDPOINT_URL_S3=${s3.endpoint} rolewatch ${args.slice(1).join(' ')}\n`,
    );
    const child = spawn(process.execPath, args, {
      stdio: 'inherit',
      env: {
        ...process.env,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_REGION: 'us-east-1',
        // s3rver's own key pair; no profile, no shared files, no instance metadata.
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: '',
        AWS_CONFIG_FILE: '/nonexistent/rolewatch-demo',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/rolewatch-demo',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 3)));
  } finally {
    await s3.stop();
  }
}

process.exitCode = await main();
