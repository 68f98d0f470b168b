// The CDK app: `npx tsx infra/app.ts` synthesizes to cdk.out/;
// `npx aws-cdk@2 deploy --app "npx tsx infra/app.ts" -c trustFile=rolewatch.yaml` deploys.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploySettings } from './context-props.ts';
import { RolewatchStack } from './rolewatch-stack.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The CDK CLI sets CDK_OUTDIR; run directly, the app writes to <repository>/cdk.out.
const app = new App(process.env.CDK_OUTDIR === undefined ? { outdir: join(root, 'cdk.out') } : {});
const settings = readDeploySettings(
  (key) => app.node.tryGetContext(key),
  (path) => JSON.parse(readFileSync(path, 'utf8')),
);
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
new RolewatchStack(app, settings.stackName, {
  ...settings.props,
  ...(account === undefined || region === undefined ? {} : { env: { account, region } }),
});
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
app.synth();
