import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { resourceExposure } from './resource-exposure';

test('resource-exposure flags actions that open resources to others on every resource', () => {
  const { actual, expected } = spansOf(
    resourceExposure,
    '{"Statement": [{"Effect": "Allow", "Action": [«"s3:PutBucketPolicy"», "s3:GetBucketPolicy", «"ec2:ModifySnapshotAttribute"», "kms:Decrypt", «"redshift:AuthorizeDataShare"»], "Resource": "*"}]}',
  );
  assert.deepEqual(actual, expected);
});

test('resource-exposure says what the holder can change', () => {
  const [problem] = runCheck(resourceExposure, policyWith({ Effect: 'Allow', Action: 'kms:CreateGrant', Resource: '*' }));
  assert.equal(
    problem.message,
    '"kms:CreateGrant" allows kms:CreateGrant on every resource and without conditions: the holder can change the resource-based policy, ACL, grants or sharing of any resource in reach and open it to other accounts or the public. Name the resources in "Resource", or limit the change with conditions.',
  );
});

test('resource-exposure says turning off Block Public Access is what lets public policies and ACLs take effect', () => {
  // Sysdig's quarantine policy (SaaS sweep) allows s3:PutBucketPublicAccessBlock on "*".
  const [problem] = runCheck(resourceExposure, policyWith({ Effect: 'Allow', Action: ['s3:PutBucketPublicAccessBlock', 's3:PutAccountPublicAccessBlock'], Resource: '*' }));
  assert.match(
    problem.message,
    /: the holder can turn off the Block Public Access settings of any bucket or account in reach, which is what keeps public bucket policies and ACLs from taking effect\. Name/,
  );
  const [mixed] = runCheck(resourceExposure, policyWith({ Effect: 'Allow', Action: 's3:PutBucketP*', Resource: '*' }));
  assert.match(mixed.message, /the holder can change the resource-based policy, ACL, grants or sharing/);
});

test('resource-exposure counts the Write actions that make an image or a snapshot public', () => {
  const [problem] = runCheck(resourceExposure, policyWith({ Effect: 'Allow', Action: ['rds:ModifyDBSnapshotAttribute', 'ec2:ModifyImageAttribute'], Resource: '*' }));
  assert.match(problem.message, /^"rds:ModifyDBSnapshotAttribute" allows rds:ModifyDBSnapshotAttribute on every resource/);
  assert.equal(runCheck(resourceExposure, policyWith({ Effect: 'Allow', Action: 'rds:*', Resource: '*' }))[0].message.includes('rds:ModifyDBSnapshotAttribute'), true);
});

test('resource-exposure accepts reads and removals, IAM and Identity Center identity changes, named resources, conditions and Deny', () => {
  const cases = [
    { Effect: 'Allow', Action: ['s3:GetBucketPolicy', 's3:DeleteBucketPolicy', 'glue:ListEntities'], Resource: '*' },
    // What IAM identities may do is privilege-escalation's to report.
    { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' },
    // Nor do IAM Identity Center's permission sets open a resource: AWS's example for its administrators.
    { Effect: 'Allow', Action: ['sso:AttachManagedPolicyToPermissionSet', 'sso:PutPermissionsBoundaryToPermissionSet', 'sso:PutPermissionsPolicy', 'sso:UpdatePermissionSet'], Resource: '*' },
    // Organizations' SCPs, RCPs and tag policies bind its accounts and let no one in (organizations sweep).
    { Effect: 'Allow', Action: ['organizations:AttachPolicy', 'organizations:UpdatePolicy', 'organizations:CreatePolicy'], Resource: '*' },
    { Effect: 'Allow', Action: 's3:PutBucketPolicy', Resource: 'arn:aws:s3:::my-bucket' },
    { Effect: 'Allow', Action: 'kms:CreateGrant', Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
    { Effect: 'Deny', Action: 's3:PutBucketPolicy', Resource: '*' },
    // Taking access away, and Permissions management that lets no one in (a stack policy guards stack updates).
    { Effect: 'Allow', Action: ['redshift:DeauthorizeDataShare', 's3:DissociateAccessGrantsIdentityCenter', 'lakeformation:BatchRevokePermissions'], Resource: '*' },
    { Effect: 'Allow', Action: ['cloudformation:SetStackPolicy', 'bedrock-agentcore:AuthorizeAction', 'bedrock-agentcore:PartiallyAuthorizeActions'], Resource: '*' },
    // Only an AWS-authorized account (SageMaker's, WorkSpaces') may be let attach a network interface (AI sweep).
    { Effect: 'Allow', Action: 'ec2:CreateNetworkInterfacePermission', Resource: '*' },
    // Checking a policy, and resetting a snapshot's permissions to the private default (SystemAdministrator's ec2:Reset*).
    { Effect: 'Allow', Action: ['secretsmanager:ValidateResourcePolicy', 'ec2:ResetSnapshotAttribute', 'ec2:ResetImageAttribute'], Resource: '*' },
  ];
  for (const statement of cases) assert.deepEqual(runCheck(resourceExposure, policyWith(statement)), [], JSON.stringify(statement));
});

test('resource-exposure leaves out actions the policy denies unconditionally on the same resources', () => {
  const { actual, expected } = spansOf(
    resourceExposure,
    `{"Statement": [
      {"Effect": "Allow", "Action": ["s3:PutBucketPolicy", "ec2:ModifySnapshotAttribute"], "Resource": "*"},
      {"Effect": "Deny", "Action": ["s3:PutBucket*", "ec2:ModifySnapshotAttribute"], "Resource": ["*"]},
      {"Effect": "Allow", "Action": «"kms:PutKeyPolicy"», "Resource": "*"},
      {"Effect": "Deny", "Action": "kms:PutKeyPolicy", "Resource": "arn:aws:kms:*:111122223333:key/*"}]}`,
  );
  assert.deepEqual(actual, expected);
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
test('resource-exposure is quiet in a permissions boundary, which grants nothing by itself', () => {
  const text = policyWith({ Effect: 'Allow', Action: ['s3:PutBucketPolicy', 'kms:PutKeyPolicy'], Resource: '*' });
  assert.equal(runCheck(resourceExposure, text, 'identity').length, 2);
  assert.deepEqual(runCheck(resourceExposure, text, 'boundary'), []);
});

test('resource-exposure says which conditions a statement has do not limit what it acts on, rather than that it has none', () => {
  // terraform-aws-secure-baseline's manager role (escalation sweep): an MFA condition was read as "without conditions".
  const statement = { Effect: 'Allow', Action: 'iam:UpdateAssumeRolePolicy', Resource: '*' };
  const [plain] = runCheck(resourceExposure, policyWith(statement));
  assert.match(plain.message, /on every resource and without conditions: /);
  const [mfa] = runCheck(resourceExposure, policyWith({ ...statement, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }));
  assert.match(mfa.message, /on every resource and with no condition on what it acts on: /);
});

test("resource-exposure flags Organizations' resource policy, which delegates its administration to other accounts", () => {
  const { actual, expected } = spansOf(resourceExposure, '{"Statement": [{"Effect": "Allow", "Action": [«"organizations:PutResourcePolicy"», "organizations:AttachPolicy"], "Resource": "*"}]}');
  assert.deepEqual(actual, expected);
});
