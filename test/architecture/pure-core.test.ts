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
  /from ['"](node:)?(fs|fs\/promises|http|https|child_process|dgram|tls|worker_threads)['"]/,
  /from ['"]@aws-lambda-powertools\//,
  /\bprocess\.env\b/,
];

/*
 * `node:net` holds sockets and servers, but also pure address logic: `BlockList` (CIDR containment) and
 * `isIP` (strict address parsing) compute on strings and open nothing. The core may import exactly those
 * by name; any other name, a default or namespace import, or `require` stays forbidden.
 */
const PURE_NET_NAMES = new Set(['BlockList', 'isIP', 'isIPv4', 'isIPv6']);
const NET_IMPORT = /import\s*(type\s*)?([^'";]*?)\s*from\s*['"](node:)?net['"]/g;

function impureNetImports(text: string): string[] {
  const offending: string[] = [];
  for (const m of text.matchAll(NET_IMPORT)) {
    const clause = (m[2] ?? '').trim();
    const named = /^\{([^}]*)\}$/.exec(clause);
    const names =
      named?.[1]
        ?.split(',')
        .map((n) => n.trim().replace(/^type\s+/, ''))
        .filter((n) => n !== '') ?? [];
    if (named === null || names.some((n) => !PURE_NET_NAMES.has(n))) offending.push(m[0]);
  }
  if (/require\(\s*['"](node:)?net['"]\s*\)|import\(\s*['"](node:)?net['"]\s*\)/.test(text)) {
    offending.push('dynamic net import');
  }
  return offending;
}

describe('the pure core (functions/core)', () => {
  const files = tsFiles(CORE);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [relative(CORE, f), f]))(
    '%s imports no AWS SDK and does no I/O',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      const offending = [...FORBIDDEN.filter((re) => re.test(text)).map(String), ...impureNetImports(text)];
      expect(offending).toEqual([]);
    },
  );

  it('allows only the pure address helpers of node:net', () => {
    expect(impureNetImports("import { BlockList, isIP } from 'node:net';")).toEqual([]);
    expect(impureNetImports("import { BlockList, createServer } from 'node:net';")).toHaveLength(1);
    expect(impureNetImports("import { Socket } from 'net';")).toHaveLength(1);
    expect(impureNetImports("import * as net from 'node:net';")).toHaveLength(1);
    expect(impureNetImports("import net from 'node:net';")).toHaveLength(1);
    expect(impureNetImports("const net = require('node:net');")).toHaveLength(1);
  });
});
