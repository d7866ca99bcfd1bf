import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPlaceholderText, placeholderIn } from './placeholder-text';

test('placeholder text: brackets, YOUR_, capitals, account and region words, X digits', () => {
  for (const text of [
    '<account-id>',
    '<YOUR AWS ACCOUNT NUMBER>',
    '{{region}}',
    '{account_id}',
    '[ACCOUNT_ID]',
    '((kms_key_arn))',
    'YOUR_ACCOUNT_ID',
    'your-account',
    'ACCOUNT_ID',
    'AWS_REGION',
    'REGION',
    'account_id',
    'aws-account-number',
    'XXXXXXXXXXXX',
    '123456789XXX',
  ]) {
    assert.equal(isPlaceholderText(text), true, text);
  }
  // Real values, host placeholders and policy variables are not.
  for (const text of ['111122223333', 'us-east-1', 'aws', '*', '${AWS::AccountId}', '${aws:username}', 'eu-west-1a', 'prod', 'AWS', '']) {
    assert.equal(isPlaceholderText(text), false, text);
  }
});

test('placeholder in a principal: whole, bracketed inside, YOUR_ word, or the account field; never another ARN part', () => {
  assert.equal(placeholderIn('<YOUR ADMIN USER ARN>'), '<YOUR ADMIN USER ARN>');
  assert.equal(placeholderIn('arn:aws:iam::<account_id>:oidc-provider/token.actions.githubusercontent.com'), '<account_id>');
  assert.equal(placeholderIn('arn:aws:iam::ACCOUNT_ID:role/deployer'), 'ACCOUNT_ID');
  assert.equal(placeholderIn('arn:aws:iam::111122223333:role/YOUR_ROLE'), 'YOUR_ROLE');
  assert.equal(placeholderIn('arn:aws:iam::((account_id)):role/deployer'), '((account_id))');
  assert.equal(placeholderIn('arn:aws:iam::111122223333:DEPLOYER_ROLE'), undefined);
  assert.equal(placeholderIn('arn:aws:iam:111122223333:role/x'), undefined);
});
