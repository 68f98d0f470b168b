/**
 * The fictional organisation the generator simulates; it mirrors fixtures/trust/example-org.yaml.
 * Documentation-range IP addresses (RFC 5737 / RFC 3849) only.
 */
export const ACCOUNTS = {
  identity: '111122223333',
  prod: '444455556666',
  tooling: '777788889999',
  vendor: '999900001111',
  /** Not ours and not trusted anywhere: only its calls into our roles are ever seen. */
  outsider: '210987654321',
} as const;

/** Accounts whose trails the generator writes (the vendor's own copy of its calls included). */
export const TRAIL_ACCOUNTS = [ACCOUNTS.identity, ACCOUNTS.prod, ACCOUNTS.tooling, ACCOUNTS.vendor] as const;

export const PARTITION = 'aws';

export const roleArn = (account: string, name: string): string =>
  `arn:${PARTITION}:iam::${account}:role/${name}`;
export const userArn = (account: string, name: string): string =>
  `arn:${PARTITION}:iam::${account}:user/${name}`;

export const OKTA_PROVIDER_ARN = `arn:${PARTITION}:iam::${ACCOUNTS.identity}:saml-provider/Okta`;
export const GITHUB_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_PROVIDER_ARN = `arn:${PARTITION}:iam::${ACCOUNTS.tooling}:oidc-provider/${GITHUB_HOST}`;

export const ROLES = {
  oktaAdmin: roleArn(ACCOUNTS.identity, 'OktaAdmin'),
  prodAdmin: roleArn(ACCOUNTS.prod, 'ProdAdmin'),
  readOnly: roleArn(ACCOUNTS.prod, 'ReadOnly'),
  githubActions: roleArn(ACCOUNTS.tooling, 'github-actions'),
  deploy: roleArn(ACCOUNTS.prod, 'Deploy'),
  vendorMonitoring: roleArn(ACCOUNTS.prod, 'VendorMonitoring'),
} as const;

export const PEOPLE = [
  'alice.nguyen',
  'bruno.costa',
  'chen.wei',
  'dana.kowalski',
  'emeka.obi',
  'farah.haddad',
  'gustav.berg',
  'hana.sato',
  'ivan.petrov',
  'julia.santos',
] as const;

export const EMAIL_DOMAIN = 'acme.example';

/** Office egress (inside ProdAdmin's sourceCidrs) and CI runners (outside it). */
export const OFFICE_V4_PREFIX = '203.0.113.';
export const OFFICE_V6_PREFIX = '2001:db8:ac:10::';
export const CI_V4_PREFIX = '198.51.100.';
export const VENDOR_V4_PREFIX = '192.0.2.';

export type AwsService = 'lambda.amazonaws.com' | 'ec2.amazonaws.com' | 'ecs-tasks.amazonaws.com';

/** Workload roles per account: which service assumes them and in which regions they run. */
export interface WorkloadRole {
  readonly account: string;
  readonly name: string;
  readonly service: AwsService;
  readonly regions: readonly string[];
  /** Relative frequency among workload sessions. */
  readonly weight: number;
}

export const WORKLOAD_ROLES: readonly WorkloadRole[] = [
  {
    account: ACCOUNTS.prod,
    name: 'service-role/orders-api',
    service: 'lambda.amazonaws.com',
    regions: ['us-east-1', 'eu-west-1'],
    weight: 8,
  },
  {
    account: ACCOUNTS.prod,
    name: 'service-role/payments-worker',
    service: 'lambda.amazonaws.com',
    regions: ['us-east-1'],
    weight: 5,
  },
  {
    account: ACCOUNTS.prod,
    name: 'app-checkout',
    service: 'ecs-tasks.amazonaws.com',
    regions: ['us-east-1', 'eu-west-1'],
    weight: 6,
  },
  {
    account: ACCOUNTS.prod,
    name: 'app-search',
    service: 'ecs-tasks.amazonaws.com',
    regions: ['us-east-1'],
    weight: 4,
  },
  {
    account: ACCOUNTS.prod,
    name: 'app-batch-ec2',
    service: 'ec2.amazonaws.com',
    regions: ['us-east-1'],
    weight: 3,
  },
  {
    account: ACCOUNTS.tooling,
    name: 'service-role/build-cache-pruner',
    service: 'lambda.amazonaws.com',
    regions: ['us-east-1'],
    weight: 2,
  },
  {
    account: ACCOUNTS.tooling,
    name: 'app-runner-fleet',
    service: 'ec2.amazonaws.com',
    regions: ['us-east-1'],
    weight: 2,
  },
  {
    account: ACCOUNTS.identity,
    name: 'service-role/scim-sync',
    service: 'lambda.amazonaws.com',
    regions: ['us-east-1'],
    weight: 1,
  },
  {
    account: ACCOUNTS.vendor,
    name: 'service-role/collector-scheduler',
    service: 'lambda.amazonaws.com',
    regions: ['us-east-1'],
    weight: 1,
  },
];

export const GITHUB_SUBJECTS = [
  'repo:acme/app:ref:refs/heads/main',
  'repo:acme/infra:environment:production',
] as const;

export const CLI_USER_AGENTS = [
  'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#sts.assume-role',
  'aws-cli/2.21.3 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-1016-aws md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#sts.assume-role',
  'Boto3/1.35.71 md/Botocore#1.35.71 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.71',
] as const;

export const SDK_JS_USER_AGENT =
  'aws-sdk-js/3.693.0 ua/2.1 os/linux#6.1.112-124.190.amzn2023.x86_64 lang/js md/nodejs#20.18.0 api/sts#3.693.0 m/E,e';
