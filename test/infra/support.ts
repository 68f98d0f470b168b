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

/**
 * An app writing to a fresh temporary folder. Without `withProjectContext` it has CDK's defaults; with it,
 * the project's feature flags.
 *
 * CDK's built-in CloudFormation validation (a WebAssembly rule engine: about 2 s to start in each test
 * process, then about 1 s a synthesis) is left out unless `validateTemplates` asks for it: the synthesis of
 * the deployed stacks in rolewatch-stack.test.ts runs it, with the project's flag that makes a violation
 * fail the synthesis, as `npm run synth` (a step of .ci/run) does for the whole app.
 */
export function testApp(options: { withProjectContext?: boolean; validateTemplates?: boolean } = {}): {
  app: App;
  outdir: string;
} {
  const outdir = mkdtempSync(join(tmpdir(), 'rolewatch-cdk-'));
  const context = options.withProjectContext === true ? { ...PROJECT_CONTEXT } : {};
  const builtinCloudFormationValidation = options.validateTemplates === true;
  return { app: new App({ outdir, context, builtinCloudFormationValidation }), outdir };
}

/** An app with the project's feature flags (see testApp). */
export function projectApp(options: { validateTemplates?: boolean } = {}): { app: App; outdir: string } {
  return testApp({ ...options, withProjectContext: true });
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
