import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(import.meta.dirname, '..', '..', 'functions', 'core');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// The core must stay a pure function of its inputs so that the CLI, the Lambda handlers and the tests
// run the same engine: no AWS SDK, no file system, no network, no child processes, no environment (time comes in as a parameter).
const FORBIDDEN = [
  /from ['"]@aws-sdk\//,
  /from ['"]aws-sdk['"]/,
  /from ['"](node:)?(fs|fs\/promises|net|http|https|child_process|dgram|tls|worker_threads)['"]/,
  /from ['"]@aws-lambda-powertools\//,
  /\bprocess\.env\b/,
];

describe('the pure core (functions/core)', () => {
  const files = tsFiles(CORE);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [relative(CORE, f), f]))(
    '%s imports no AWS SDK and does no I/O',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      const offending = FORBIDDEN.filter((re) => re.test(text)).map(String);
      expect(offending).toEqual([]);
    },
  );
});
