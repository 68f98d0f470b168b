#!/usr/bin/env node
// `npx rolewatch` entry point: runs the bundled CLI built by `npm ci` (the `prepare` script).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'index.mjs');
if (!existsSync(cli)) {
  process.stderr.write('rolewatch: the CLI is not built yet; run `npm ci` (or `npm run build`) first.\n');
  process.exit(2);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv.slice(2));
