import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionTagKeyMissing } from './condition-tag-key-missing';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-tag-key-missing flags tag condition keys without their tag key', () => {
  const { actual, expected } = spansOf(
    conditionTagKeyMissing,
    policy('{"StringEquals": {«"aws:ResourceTag"»: "blue", «"aws:PrincipalTag/"»: "x", «"ec2:ResourceTag"»: "y", «"kms:EncryptionContext:"»: "z"}}'),
  );
  assert.deepEqual(actual, expected);
});

test('condition-tag-key-missing shows where the tag key goes', () => {
  const [problem] = runCheck(conditionTagKeyMissing, policy('{"StringEquals": {"aws:ResourceTag": "blue"}}'));
  assert.equal(problem.message, 'Condition key "aws:ResourceTag" is missing its tag key. Add it after "aws:ResourceTag/", as in "aws:ResourceTag/team".');
  const [context] = runCheck(conditionTagKeyMissing, policy('{"StringEquals": {"kms:EncryptionContext": "x"}}'));
  assert.equal(context.message, 'Condition key "kms:EncryptionContext" is missing its key name. Add it after "kms:EncryptionContext:", as in "kms:EncryptionContext:name".');
});

test('condition-tag-key-missing accepts tag keys with their tag and keys that merely start alike', () => {
  const text = policy('{"StringEquals": {"aws:ResourceTag/team": "blue", "aws:TagKeys": "team", "s3:ExistingObjectTag/x": "y", "aws:RequestTag/a/b": "c"}}');
  assert.deepEqual(runCheck(conditionTagKeyMissing, text), []);
});
