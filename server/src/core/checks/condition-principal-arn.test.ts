import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionPrincipalArn } from './condition-principal-arn';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { prepareHostReaders } from '../hosts/index';

before(() => prepareHostReaders());

const keyPolicy = (condition: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*", "Condition": ${condition}}]}`;

// From a real Terraform module: a key policy letting SNS use the key for one topic, with the topic under aws:PrincipalArn.
test("condition-principal-arn flags another service's ARN under aws:PrincipalArn, and fixes the key to aws:SourceArn", () => {
  const text = keyPolicy('{"ArnEquals": {"aws:PrincipalArn": "arn:aws:sns:eu-west-1:111122223333:alerts"}}');
  const [problem] = runCheck(conditionPrincipalArn, text);
  assert.equal(
    problem.message,
    '"arn:aws:sns:eu-west-1:111122223333:alerts" is an ARN of sns, but aws:PrincipalArn holds the ARN of the IAM user, role or account that makes the request, so it never matches. For a service that acts for this resource, test "aws:SourceArn".',
  );
  assert.equal(applyFix(text, problem), keyPolicy('{"ArnEquals": {"aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:alerts"}}'));
  const { actual, expected } = spansOf(conditionPrincipalArn, keyPolicy('{"ArnLike": {"aws:PrincipalArn": ["«arn:aws:sns:*:111122223333:*»", "arn:aws:iam::111122223333:role/App"]}}'));
  assert.deepEqual(actual, expected);
  // The real module's value: placeholders for the Region and account, the service written out.
  assert.equal(runCheck(conditionPrincipalArn, keyPolicy('{"StringEquals": {"aws:PrincipalArn": "arn:aws:sns:${var.aws_region}:${local.account}:nifi-node-down"}}')).length, 1);
  // With an IAM ARN beside it, the key is right for that one: no fix to rename it.
  assert.equal(runCheck(conditionPrincipalArn, keyPolicy('{"ArnLike": {"aws:PrincipalArn": ["arn:aws:sns:*:111122223333:*", "arn:aws:iam::111122223333:role/App"]}}'))[0].fixes, undefined);
});

test("condition-principal-arn flags a role session's ARN and fixes it to the role's, which is what the key holds", () => {
  const text = keyPolicy('{"StringLike": {"aws:PrincipalArn": "arn:aws:sts::111122223333:assumed-role/Deployer/*"}}');
  const [problem] = runCheck(conditionPrincipalArn, text);
  assert.equal(
    problem.message,
    '"arn:aws:sts::111122223333:assumed-role/Deployer/*" is a role session\'s ARN, but for a role aws:PrincipalArn holds the role\'s ARN ("arn:aws:iam::111122223333:role/Deployer"), so it never matches.',
  );
  assert.equal(applyFix(text, problem), keyPolicy('{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Deployer"}}'));
});

test('condition-principal-arn accepts IAM ARNs, federated users, wildcards, variables, other keys and other operators', () => {
  const text = keyPolicy(
    '{"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:role/*", "arn:aws:iam::*:root", "arn:aws:sts::111122223333:federated-user/alice", "arn:*:*:*:111122223333:*", "arn:aws:${aws:PrincipalTag/svc}:*:*:*", "*"]}, "ArnEquals": {"aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:alerts"}, "Null": {"aws:PrincipalArn": "false"}}',
  );
  assert.deepEqual(runCheck(conditionPrincipalArn, text), []);
});

test("condition-principal-arn judges a Terraform value whose Region and account are the module's, its service written out", () => {
  const text = [
    'resource "aws_kms_key" "alerts" {',
    '  policy = <<POLICY',
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [{',
    '    "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "kms:Decrypt", "Resource": "*",',
    '    "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:sns:${var.aws_region}:${local.account}:alerts"}}',
    '  }]',
    '}',
    'POLICY',
    '}',
    '',
  ].join('\n');
  const found = analyzeDocument({ text, uri: 'file:///m/main.tf' }, { config: defaultConfiguration }).problems.filter((problem) => problem.ruleId === 'condition-principal-arn');
  assert.deepEqual(
    found.map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['arn:aws:sns:${var.aws_region}:${local.account}:alerts'],
  );
});
