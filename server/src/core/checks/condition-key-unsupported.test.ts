import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionKeyUnsupported } from './condition-key-unsupported';

const statement = (action: string, condition: string, element = 'Action') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "${element}": ${action}, "Resource": "*", "Condition": ${condition}}]}`;

test('condition-key-unsupported flags a service key that none of the actions supports', () => {
  const { actual, expected } = spansOf(
    conditionKeyUnsupported,
    statement('["s3:GetObject", "s3:PutObject"]', '{"StringEquals": {«"ec2:InstanceType"»: "t3.micro", "s3:x-amz-acl": "private"}, "StringLike": {«"kms:ViaService"»: "s3.*.amazonaws.com"}}'),
  );
  assert.deepEqual(actual, expected);
});

test('condition-key-unsupported names the actions that ignore the key', () => {
  const [problem] = runCheck(conditionKeyUnsupported, statement('["s3:GetObject", "s3:PutObject"]', '{"StringEquals": {"ec2:InstanceType": "t3.micro"}}'));
  assert.equal(
    problem.message,
    'Condition key "ec2:InstanceType" does not apply to s3:GetObject or s3:PutObject: no request for them carries it. Remove the condition or move it to a statement with actions that support the key.',
  );
  const [many] = runCheck(conditionKeyUnsupported, statement('["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]', '{"StringEquals": {"ec2:InstanceType": "t3.micro"}}'));
  assert.match(many.message, /s3:GetObject, s3:PutObject, s3:DeleteObject and 1 more:/);
});

test('condition-key-unsupported accepts a key of another service that an action or its resource type supports', () => {
  const cases: Array<[string, string]> = [
    ['["s3:GetObject", "arc-zonal-shift:StartZonalShift"]', '{"StringEquals": {"elasticloadbalancing:ResourceTag/team": "blue"}}'],
    ['"cases:CreateCase"', '{"ArnLike": {"connect:UserArn": "arn:aws:connect:*"}}'],
    ['"s3:ListBucket"', '{"StringLike": {"S3:PREFIX": "home/*"}}'],
    ['"s3:GetObject"', '{"StringEquals": {"s3:ExistingObjectTag/team": "blue"}}'],
    ['"ec2:StartInstances"', '{"StringEquals": {"ec2:ResourceTag/team": "blue"}}'],
    ['"kms:Decrypt"', '{"StringEquals": {"kms:EncryptionContext:purpose": "x"}}'],
    ['"s3:Get*"', '{"StringEquals": {"s3:ExistingObjectTag/team": "blue"}}'],
  ];
  for (const [action, condition] of cases) assert.deepEqual(runCheck(conditionKeyUnsupported, statement(action, condition)), [], `${action} ${condition}`);
});

test('condition-key-unsupported trusts a service with its own keys, which the reference lists incompletely', () => {
  const cases: Array<[string, string]> = [
    ['["s3:GetObject", "ec2:RunInstances"]', '{"StringEquals": {"ec2:InstanceType": "t3.micro"}}'],
    ['"aws-marketplace:Subscribe"', '{"StringEquals": {"aws-marketplace:ProductId": "prod-123"}}'],
  ];
  for (const [action, condition] of cases) assert.deepEqual(runCheck(conditionKeyUnsupported, statement(action, condition)), [], `${action} ${condition}`);
});

test('condition-key-unsupported does not judge global keys, NotAction, "*", unknown actions or unknown keys', () => {
  const cases: Array<[string, string, string?]> = [
    ['"s3:GetObject"', '{"StringEquals": {"aws:ResourceTag/team": "blue", "aws:SourceVpc": "vpc-1a2b3c4d"}}'],
    ['"s3:GetObject"', '{"StringEquals": {"ec2:InstanceType": "t3.micro"}}', 'NotAction'],
    ['"*"', '{"StringEquals": {"ec2:InstanceType": "t3.micro"}}'],
    ['"*:Get*"', '{"StringEquals": {"ec2:InstanceType": "t3.micro"}}'],
    ['["s3:GetObject", "s3:NoSuchAction"]', '{"StringEquals": {"ec2:InstanceType": "t3.micro"}}'],
    ['"s3:GetObject"', '{"StringEquals": {"ec2:NoSuchKey": "x", "saml:aud": "y", "deepracer:UserToken": "z"}}'],
  ];
  for (const [action, condition, element] of cases) assert.deepEqual(runCheck(conditionKeyUnsupported, statement(action, condition, element)), [], `${action} ${condition}`);
});

test('condition-key-unsupported judges each statement of a list it has seen, in other case too, and after an edit', () => {
  const text = `{"Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*", "Condition": {"StringEquals": {«"ec2:InstanceType"»: "t3.micro"}}},
    {"Effect": "Allow", "Action": ["S3:getobject", "s3:putobject"], "Resource": "*", "Condition": {"StringEquals": {"s3:x-amz-acl": "private"}, "StringLike": {«"kms:ViaService"»: "s3.*"}}},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
    {"Effect": "Allow", "Action": ["s3:GetObject", "ec2:RunInstances"], "Resource": "*", "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}}
  ]}`;
  const { actual, expected } = spansOf(conditionKeyUnsupported, text);
  assert.deepEqual(actual, expected);
  assert.deepEqual(runCheck(conditionKeyUnsupported, statement('["s3:GetObject", "kms:Decrypt"]', '{"StringLike": {"kms:ViaService": "s3.*"}}')), []);
  assert.equal(runCheck(conditionKeyUnsupported, statement('["s3:GetObject", "s3:PutObject"]', '{"StringLike": {"kms:ViaService": "s3.*"}}')).length, 1);
});
