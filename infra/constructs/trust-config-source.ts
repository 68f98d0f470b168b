import { aws_iam as iam, aws_kms as kms, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LOOKS_LIKE_TRUST_FILE_PATH } from '../../functions/adapters/settings/aws-names.ts';
import type { TrustSource } from '../validate-props.ts';

export interface TrustConfigSourceProps {
  readonly source: TrustSource;
  /** The customer managed key of a SecureString parameter or an SSE-KMS object. @default - none */
  readonly kmsKeyArn?: string;
}

/**
 * Where the functions read the trust file: the value of `ROLEWATCH_CONFIG` and the permission to read
 * it — `ssm:GetParameter` on that one parameter, or `s3:GetObject` on that one object.
 */
export class TrustConfigSource extends Construct {
  /** The value of `ROLEWATCH_CONFIG`. */
  readonly configValue: string;
  /** The file to copy into each bundle, when the trust file is deployed with the code. */
  readonly bundledFile: { readonly path: string; readonly bundleName: string } | undefined;
  readonly #resourceArn: string | undefined;
  readonly #actions: readonly string[];
  readonly #key: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: TrustConfigSourceProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const source = props.source;
    switch (source.kind) {
      case 'file':
        // A bare name ending in .yaml: the handler resolves it against the bundle root (LAMBDA_TASK_ROOT).
        this.configValue = source.bundleName;
        this.bundledFile = { path: source.path, bundleName: source.bundleName };
        this.#resourceArn = undefined;
        this.#actions = [];
        break;
      case 'ssm': {
        // The explicit `ssm:` form only where the bare name would be read as a file path.
        this.configValue = LOOKS_LIKE_TRUST_FILE_PATH.test(source.name) ? `ssm:${source.name}` : source.name;
        this.bundledFile = undefined;
        this.#resourceArn = stack.formatArn({
          service: 'ssm',
          resource: 'parameter',
          resourceName: source.name.replace(/^\//, ''),
        });
        this.#actions = ['ssm:GetParameter'];
        break;
      }
      case 's3':
        this.configValue = `s3://${source.bucket}/${source.key}`;
        this.bundledFile = undefined;
        this.#resourceArn = `arn:${stack.partition}:s3:::${source.bucket}/${source.key}`;
        this.#actions = ['s3:GetObject'];
        break;
    }
    this.#key = props.kmsKeyArn === undefined ? undefined : kms.Key.fromKeyArn(this, 'Key', props.kmsKeyArn);
  }

  /** Lets `grantee` read the trust file (nothing to grant when it is in the bundle). */
  grantRead(grantee: iam.IGrantable): void {
    if (this.#resourceArn === undefined) return;
    iam.Grant.addToPrincipal({ grantee, actions: [...this.#actions], resourceArns: [this.#resourceArn] });
    this.#key?.grantDecrypt(grantee);
  }
}
