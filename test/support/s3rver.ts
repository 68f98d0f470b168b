// The local S3 the tests use is the one `npm run demo:s3` uses: s3rver with its listing defects repaired.
export { type LocalS3, startLocalS3 } from '../../functions/tools/local-s3.ts';
