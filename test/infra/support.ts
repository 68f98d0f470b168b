import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { RolewatchPropsError } from '../../infra/validate-props.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** The feature flags of cdk.json, so that the tests synthesize what `npm run synth` does. */
export const PROJECT_CONTEXT: Readonly<Record<string, unknown>> = (
  JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }
).context;

/** An app writing to a fresh temporary folder, with the project's feature flags. */
export function projectApp(): { app: App; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'rolewatch-cdk-'));
  return { app: new App({ outdir, context: { ...PROJECT_CONTEXT } }), outdir };
}

/**
 * A dist folder shaped like `npm run build`'s output (a bundle and its esbuild report per function),
 * so that the infrastructure tests do not depend on building the functions; the bundles themselves
 * are tested by test/lambda/invoke-local.test.ts.
 */
export function fakeDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'rolewatch-dist-'));
  for (const name of ['stream', 'events', 's3-batch', 'report']) {
    mkdirSync(join(dist, name));
    writeFileSync(join(dist, name, 'index.mjs'), `export const handler = async () => '${name}';\n`);
    writeFileSync(join(dist, name, 'meta.json'), '{}\n');
  }
  return dist;
}

/** The problems of the RolewatchPropsError that `run` throws (and a failure if it throws none). */
export function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (e) {
    if (e instanceof RolewatchPropsError) return e.problems;
    throw e;
  }
  throw new Error('expected a RolewatchPropsError');
}
