import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../policy/parse-policy';
import { isEksProvider, oidcKeyPrefix, testsAnyKey } from './trust';

test("oidcKeyPrefix gives the prefix of a provider's claim keys", () => {
  assert.equal(oidcKeyPrefix('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'), 'token.actions.githubusercontent.com');
  assert.equal(oidcKeyPrefix('arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC'), 'oidc.eks.us-east-1.amazonaws.com/id/ABC');
  assert.equal(oidcKeyPrefix('Accounts.Google.com'), 'accounts.google.com');
  assert.equal(oidcKeyPrefix('arn:aws:iam::111122223333:saml-provider/corp'), undefined);
  assert.ok(isEksProvider('oidc.eks.us-east-1.amazonaws.com/id/ABC'));
  assert.ok(!isEksProvider('token.actions.githubusercontent.com'));
});

test('testsAnyKey compares key names ignoring case', () => {
  const [statement] = parsePolicy('{"Statement": [{"Condition": {"StringEquals": {"AWS:SourceAccount": "111122223333"}}}]}').statements;
  assert.ok(testsAnyKey(statement, ['aws:SourceArn', 'aws:sourceaccount']));
  assert.ok(!testsAnyKey(statement, ['aws:SourceArn']));
});
