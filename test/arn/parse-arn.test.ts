import { describe, expect, it } from 'vitest';
import {
  cleanArn,
  isAccountId,
  parseArn,
  partitionFor,
  splitArn,
} from '../../functions/core/arn/parse-arn.ts';
import { parseAssumedRoleArn, parseRoleArn, roleNameOf } from '../../functions/core/arn/role-arn.ts';

describe('parseArn', () => {
  it('splits an ARN into its five named parts, the resource keeping its colons and slashes', () => {
    expect(parseArn('arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/x:*')).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'us-east-1',
      account: '111122223333',
      resource: 'log-group:/aws/lambda/x:*',
    });
  });

  it('refuses text that is not an ARN: another prefix, too few parts, no partition or service', () => {
    expect(parseArn('111122223333')).toBeUndefined();
    expect(parseArn('urn:aws:iam::111122223333:role/x')).toBeUndefined();
    expect(parseArn('arn:aws:iam::111122223333')).toBeUndefined();
    expect(parseArn('arn::iam::111122223333:role/x')).toBeUndefined();
    expect(parseArn('arn:aws:::111122223333:role/x')).toBeUndefined();
  });

  it('cuts a pattern into six parts without judging them', () => {
    expect(splitArn('arn:*:iam::*:role/*')).toEqual(['arn', '*', 'iam', '', '*', 'role/*']);
    expect(splitArn('arn:*:role/x')).toBeUndefined();
  });
});

describe('role and session ARNs', () => {
  it('reads the role a session ARN belongs to, with its session name', () => {
    expect(parseAssumedRoleArn('arn:aws-cn:sts::444455556666:assumed-role/Deploy/build-7')).toEqual({
      partition: 'aws-cn',
      account: '444455556666',
      roleArn: 'arn:aws-cn:iam::444455556666:role/Deploy',
      roleName: 'Deploy',
      sessionName: 'build-7',
    });
    expect(parseAssumedRoleArn('arn:aws:sts::444455556666:assumed-role/Deploy')?.sessionName).toBeUndefined();
  });

  it('refuses ARNs that are not role sessions', () => {
    expect(parseAssumedRoleArn('arn:aws:iam::444455556666:role/Deploy')).toBeUndefined();
    expect(parseAssumedRoleArn('arn:aws:sts::444455556666:federated-user/bob')).toBeUndefined();
    expect(parseAssumedRoleArn('arn:aws:sts::444455556666:assumed-role//x')).toBeUndefined();
    expect(parseAssumedRoleArn('arn:aws:iam::444455556666:assumed-role/Deploy/x')).toBeUndefined();
  });

  it('reads a role ARN with its path, and its name alone', () => {
    expect(parseRoleArn('arn:aws:iam::111122223333:role/ci/ci-runner')).toEqual({
      partition: 'aws',
      account: '111122223333',
      pathAndName: 'ci/ci-runner',
      roleName: 'ci-runner',
      hasPath: true,
    });
    expect(parseRoleArn('arn:aws:iam::111122223333:role/Deploy')?.hasPath).toBe(false);
    expect(roleNameOf('arn:aws:iam::111122223333:role/ci/ci-runner')).toBe('ci/ci-runner');
    expect(roleNameOf('arn:aws:iam::111122223333:user/alice')).toBeUndefined();
    expect(roleNameOf('arn:aws:iam::111122223333:role/')).toBeUndefined();
    // Only IAM names roles: an sts ARN with a role-like resource is no role.
    expect(parseRoleArn('arn:aws:sts::111122223333:role/Deploy')).toBeUndefined();
  });
});

describe('ARN helpers', () => {
  it('removes whitespace that some records put inside ARNs', () => {
    expect(cleanArn(' arn:aws:iam:: 111122223333:role/x \n')).toBe('arn:aws:iam::111122223333:role/x');
    expect(cleanArn('arn:aws:iam::\t111122223333:role/x')).toBe('arn:aws:iam::111122223333:role/x');
    expect(cleanArn('arn:aws:iam::111122223333:\nrole/x')).toBe('arn:aws:iam::111122223333:role/x');
  });

  it('knows an account id by its 12 digits', () => {
    expect(isAccountId('111122223333')).toBe(true);
    expect(isAccountId('11112222333')).toBe(false);
    expect(isAccountId('11112222333x')).toBe(false);
    // Masked and formatted ids in exports: characters below '0' are no digits either.
    expect(isAccountId('************')).toBe(false);
    expect(isAccountId('1111-2222-33')).toBe(false);
    expect(isAccountId(undefined)).toBe(false);
  });

  it('takes the partition from an ARN, else from the region', () => {
    expect(partitionFor('arn:aws-us-gov:iam::111122223333:user/x', 'us-east-1')).toBe('aws-us-gov');
    expect(partitionFor(undefined, 'cn-north-1')).toBe('aws-cn');
    expect(partitionFor('not an arn', undefined)).toBe('aws');
    expect(partitionFor(undefined, 'us-isob-east-1')).toBe('aws-iso-b');
    expect(partitionFor(undefined, 'eu-isoe-west-1')).toBe('aws-iso-e');
    expect(partitionFor(undefined, 'us-isof-south-1')).toBe('aws-iso-f');
    expect(partitionFor(undefined, 'eusc-de-east-1')).toBe('aws-eusc');
  });
});
