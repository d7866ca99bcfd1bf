import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { regionDenyGlobalServices } from './region-deny-global-services';

// From real SCPs: a Region deny that lists no us-east-1 and exempts no global service, and one that forgot Support.
test('region-deny-global-services flags a Region deny that also denies the global services, at the key', () => {
  const { actual, expected } = spansOf(
    regionDenyGlobalServices,
    `{"Statement": [
      {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {«"aws:RequestedRegion"»: ["us-west-1", "eu-west-3"]}}},
      {"Effect": "Deny", "NotAction": ["iam:*", "organizations:*", "route53:*", "cloudfront:*"], "Resource": "*", "Condition": {"StringNotEquals": {«"aws:RequestedRegion"»: "ap-south-1"}}},
      {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"StringNotLike": {«"aws:RequestedRegion"»: "eu-*"}}}
    ]}`,
    'scp',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(
    regionDenyGlobalServices,
    policyWith({ Effect: 'Deny', NotAction: ['iam:*', 'route53:*', 'cloudfront:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'ap-south-1' } } }),
    'scp',
  );
  assert.equal(
    problem.message,
    'Requests to global services go to us-east-1, which "StringNotEquals" leaves out, so this statement also denies Support in every Region. Exempt it with NotAction, as AWS\'s Region-deny example does, or list "us-east-1".',
  );
});

test('region-deny-global-services accepts us-east-1 in the list, exempted global services, other services and Allow', () => {
  const cases = [
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotLike: { 'aws:RequestedRegion': ['eu-*', 'us-*'] } } },
    // AWS's own example: the four global services it names are exempt.
    { Effect: 'Deny', NotAction: ['cloudfront:*', 'iam:*', 'route53:*', 'support:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] } } },
    { Effect: 'Deny', Action: ['ec2:*', 's3:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': '${AllowedRegion}' } } },
    { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'ap-east-1' } } },
    // Both Action and NotAction (element-conflict's error): the exemptions in NotAction were meant (organizations sweep).
    { Effect: 'Deny', Action: '*', NotAction: ['iam:*', 'route53:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'ap-southeast-2' } } },
  ];
  for (const statement of cases) assert.deepEqual(runCheck(regionDenyGlobalServices, policyWith(statement), 'scp'), [], JSON.stringify(statement));
  // A bucket policy's Deny of "*" outside a Region reaches the bucket's own requests only.
  const bucketDeny = { Effect: 'Deny', Principal: '*', Action: '*', Resource: 'arn:aws:s3:::reports/*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } };
  assert.deepEqual(runCheck(regionDenyGlobalServices, policyWith(bucketDeny), 'resource'), []);
  assert.equal(runCheck(regionDenyGlobalServices, policyWith({ ...bucketDeny, Principal: undefined, Resource: '*' }), 'identity').length, 1);
});

// AWS's data perimeter SCP pins a VPC ID to its Region: only requests through an endpoint of that VPC carry the key.
test('region-deny-global-services leaves alone a Region test that applies only to requests through VPC endpoints', () => {
  const pinned = {
    Sid: 'SourceVPCRegion',
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-0abc' }, StringNotEqualsIfExists: { 'aws:RequestedRegion': 'eu-west-1' } },
  };
  assert.deepEqual(runCheck(regionDenyGlobalServices, policyWith(pinned), 'scp'), []);
  assert.deepEqual(runCheck(regionDenyGlobalServices, policyWith({ ...pinned, Condition: { ...pinned.Condition, StringEquals: undefined, Null: { 'aws:SourceVpce': 'false' } } }), 'scp'), []);
  // A test that requests without the key pass, or a key of another kind, leaves the deny as broad as before.
  for (const other of [{ StringNotEquals: { 'aws:SourceVpc': 'vpc-0abc' } }, { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-0abc' } }, { StringEquals: { 'aws:PrincipalTag/team': 'ops' } }]) {
    const broad = { ...pinned, Condition: { StringNotEqualsIfExists: { 'aws:RequestedRegion': 'eu-west-1' }, ...other } };
    assert.equal(runCheck(regionDenyGlobalServices, policyWith(broad), 'scp').length, 1, JSON.stringify(other));
  }
});
