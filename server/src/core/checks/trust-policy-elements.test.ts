import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, applyFix, policyWith } from '../../../../test/helpers/checks';
import { trustPolicyElements } from './trust-policy-elements';
import { marked } from '../../../../test/helpers/marked';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { terraformReader } from '../hosts/terraform/index';

test('trust-policy-elements flags Resource, "Principal": "*" and actions a trust policy cannot grant', () => {
  const { actual, expected } = spansOf(
    trustPolicyElements,
    '{"Statement": [{"Effect": "Allow", "Principal": «"*"», "Action": ["sts:AssumeRole", «"s3:GetObject"», "sts:*"], «"Resource"»: "*"}, {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": «"iam:PassRole"», «"NotResource"»: "x"}]}',
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('trust-policy-elements removes Resource', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' });
  const [problem] = runCheck(trustPolicyElements, text, 'trust');
  assert.equal(problem.message, 'A role trust policy applies to the role it is attached to, so it cannot have "Resource". Remove "Resource".');
  assert.equal(applyFix(text, problem), policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
});

test('trust-policy-elements warns about {"AWS": "*"} without a condition', () => {
  const { actual, expected } = spansOf(trustPolicyElements, '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": «"*"»}, "Action": "sts:AssumeRole"}]}', 'trust');
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(trustPolicyElements, policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }), 'trust');
  assert.equal(problem.severity, 'warning');
  const withCondition = policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } });
  assert.deepEqual(runCheck(trustPolicyElements, withCondition, 'trust'), []);
});

test('trust-policy-elements accepts an ordinary trust policy and ignores other policy types', () => {
  const trust = policyWith({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'STS:setcontext'] });
  assert.deepEqual(runCheck(trustPolicyElements, trust, 'trust'), []);
  assert.deepEqual(runCheck(trustPolicyElements, policyWith({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }), 'resource'), []);
});

test('trust-policy-elements leaves alone resources known only at deploy time, which may be null, and flags written ones', async () => {
  // terraform-aws-eks-pod-identity main.tf: extra trust statements from a variable, each argument `try(…, null)`.
  await terraformReader.prepare!();
  const { text, spans } = marked(`variable "trust_policy_statements" { type = any }
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
    «resources» = ["*"]
  }
  dynamic "statement" {
    for_each = var.trust_policy_statements
    content {
      actions       = try(statement.value.actions, null)
      resources     = try(statement.value.resources, null)
      not_resources = try(statement.value.not_resources, null)
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::111122223333:root"]
      }
    }
  }
}
resource "aws_iam_role" "this" {
  name               = "pods"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
`);
  const problems = analyzeDocument({ text, uri: 'file:///work/pod-identity/main.tf' }, { config: defaultConfiguration }).problems.filter((p) => p.ruleId === 'trust-policy-elements');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
});

test('trust-policy-elements leaves "sts: AssumeRole" to action-format: with the space removed it is a trust action', () => {
  const trust = policyWith({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['sts: AssumeRole', 'sts:AssumeRole ', 's3: GetObject'] });
  assert.deepEqual(
    runCheck(trustPolicyElements, trust, 'trust').map((problem) => trust.slice(problem.span.start, problem.span.end)),
    ['"s3: GetObject"'],
  );
});

test('trust-policy-elements leaves a mistyped STS action to action-unknown, and still flags a known STS action a trust policy cannot grant', () => {
  const trust = policyWith({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['sts:AssumeRoles', 'sts:GetCallerIdentity', 'sts:AssumeRole'] });
  assert.deepEqual(
    runCheck(trustPolicyElements, trust, 'trust').map((problem) => trust.slice(problem.span.start, problem.span.end)),
    ['"sts:GetCallerIdentity"'],
  );
});
