import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { conditionAccountFormat } from './condition-account-format';

// From real key and topic policies: kms:CallerAccount compared with an ARN, account IDs left as placeholders.
test('condition-account-format flags values of account keys that are no account ID, at the value', () => {
  const { actual, expected } = spansOf(
    conditionAccountFormat,
    `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {
      "StringEquals": {"kms:CallerAccount": ["«arn:aws:iam::111122223333:root»", "444455556666"], "aws:SourceAccount": "«YOUR_ACCOUNT_ID»", "aws:PrincipalAccount": "«1111-2222-3333»"},
      "StringLike": {"aws:ResourceAccount": ["1111222233*", "«acme-*»"]}}}]}`,
    'resource',
  );
  assert.deepEqual(actual, expected);
});

test('condition-account-format writes the account an ARN names, and says a placeholder is one', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': 'arn:aws:iam::111122223333:root' } } });
  const [problem] = runCheck(conditionAccountFormat, text, 'resource');
  assert.equal(
    problem.message,
    '"arn:aws:iam::111122223333:root" is an ARN, not an account ID: kms:CallerAccount holds the 12-digit ID of an account, so this value never matches. Write "111122223333".',
  );
  assert.equal(applyFix(text, problem), text.replace('arn:aws:iam::111122223333:root', '111122223333'));
  const [placeholder] = runCheck(conditionAccountFormat, text.replace('arn:aws:iam::111122223333:root', '<account-id>'), 'resource');
  assert.match(placeholder.message, /^"<account-id>" is a placeholder left in/);
});

test('condition-account-format accepts account IDs, policy variables, other keys and operators', () => {
  const cases = [
    { StringEquals: { 'aws:SourceAccount': '111122223333', 'aws:PrincipalAccount': '${aws:ResourceAccount}' } },
    { StringEquals: { 'aws:SourceArn': 'arn:aws:iam::111122223333:root' } },
    { ArnLike: { 'aws:SourceAccount': 'arn:aws:iam::111122223333:root' } },
    // A wildcard under StringEquals is condition-wildcard-without-like's.
    { StringEquals: { 'aws:SourceAccount': '1111*' } },
  ];
  for (const Condition of cases) {
    const text = policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition });
    assert.deepEqual(runCheck(conditionAccountFormat, text, 'resource'), [], JSON.stringify(Condition));
  }
});

// From real Terraform: the account's root ARN built from a variable.
test('condition-account-format flags an ARN whose account is known only at deploy time', () => {
  const problems = runCheckOnTemplateStatement(
    conditionAccountFormat,
    {
      Principal: "{AWS: '*'}",
      Action: 'kms:Decrypt',
      Condition: "{StringEquals: {'kms:CallerAccount': !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root', 'aws:SourceAccount': !Ref AWS::AccountId}}",
    },
    'resource',
  );
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /is an ARN, not an account ID: kms:CallerAccount/);
});

test('condition-account-format reads aws:VpceAccount, the account of the VPC endpoint the request came through', () => {
  const { actual, expected } = spansOf(
    conditionAccountFormat,
    '{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:VpceAccount": ["«<my-account-id>»", "111122223333"]}}}]}',
  );
  assert.deepEqual(actual, expected);
});
