// Issue 10 (cold import ≤ +80 ms over bare node): a Lambda bundle must not load an AWS SDK client when it
// is imported. The runtime's SDK is external to the bundles, so a static `import … from '@aws-sdk/…'`
// anywhere in a handler's graph is resolved and evaluated on every cold start — a DynamoDB client loaded
// for a function whose state is in memory cost ~60 ms. Clients are imported dynamically, on first use.
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
/** The handlers of CONTRACT §6 (functions/build.mjs builds these; importing it would run a build). */
const FUNCTIONS = ['stream', 'events', 's3-batch', 'report'];

describe('Lambda bundles at cold start', () => {
  it('import no AWS SDK module statically: every client is loaded on first use', async () => {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: FUNCTIONS.map((name) => join('functions', name, 'index.ts')),
      outdir: 'dist/never-written',
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['@aws-sdk/*'],
      metafile: true,
      logLevel: 'silent',
    });

    const staticSdk = Object.entries(result.metafile.outputs).flatMap(([file, output]) =>
      output.imports
        .filter((i) => i.external && i.path.startsWith('@aws-sdk/') && i.kind === 'import-statement')
        .map((i) => `${file}: ${i.path}`),
    );
    const dynamicSdk = Object.values(result.metafile.outputs).flatMap((o) =>
      o.imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/') && i.kind === 'dynamic-import'),
    );
    expect(Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'))).toHaveLength(4);
    expect(staticSdk).toEqual([]);
    // The check looks at the right thing: the sinks and the state store do reach the SDK, lazily.
    expect(dynamicSdk.map((i) => i.path)).toEqual(
      expect.arrayContaining(['@aws-sdk/client-sns', '@aws-sdk/client-dynamodb']),
    );
  });
});
