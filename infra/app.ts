// The CDK app (cdk.json runs it): `npm run synth -- -c trustFile=rolewatch.yaml` synthesizes to cdk.out/,
// `npm run deploy -- -c trustFile=rolewatch.yaml` deploys, with the CDK CLI pinned in package.json.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploySettings } from './context-props.ts';
import { RolewatchStack } from './rolewatch-stack.ts';
import { RolewatchPropsError } from './validate-props.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The CDK CLI sets CDK_OUTDIR; run directly, the app writes to <repository>/cdk.out.
const app = new App(process.env.CDK_OUTDIR === undefined ? { outdir: join(root, 'cdk.out') } : {});
try {
  const settings = readDeploySettings(app.node.getAllContext(), (path) =>
    JSON.parse(readFileSync(path, 'utf8')),
  );
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  new RolewatchStack(app, settings.stackName, {
    ...settings.props,
    ...(account === undefined || region === undefined ? {} : { env: { account, region } }),
  });
} catch (e) {
  // Wrong settings are the user's to fix: the message, not a stack trace.
  if (!(e instanceof RolewatchPropsError)) throw e;
  console.error(e.message);
  process.exit(2);
}
// cdk-nag runs as a policy-validation plugin: an unacknowledged finding fails the synthesis.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
