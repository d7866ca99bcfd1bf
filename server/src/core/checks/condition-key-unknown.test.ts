import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionKeyUnknown } from './condition-key-unknown';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-key-unknown flags unknown global keys and keys a service does not define', () => {
  const { actual, expected } = spansOf(
    conditionKeyUnknown,
    policy('{"IpAddress": {«"aws:SoruceIp"»: "203.0.113.0/24"}, "StringLike": {«"s3:prefixx"»: "home/*", "s3:prefix": "x", «"aws:ARN"»: "arn:aws:iam::111122223333:user/*"}}'),
  );
  assert.deepEqual(actual, expected);
});

test("condition-key-unknown names a placeholder left in a key, as AWS's pages write the OIDC provider's", () => {
  const { actual, expected } = spansOf(
    conditionKeyUnknown,
    policy('{"StringEquals": {«"<OIDC_provider_name>:sub"»: "system:serviceaccount:ns:sa", "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud": "sts.amazonaws.com", «"aws:RequestTag/YOUR_TAG"»: "x"}}'),
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(conditionKeyUnknown, policy('{"StringEquals": {"<OIDC_provider_name>:sub": "system:serviceaccount:ns:sa"}}'));
  assert.equal(problem.message, '"<OIDC_provider_name>:sub" holds the placeholder "<OIDC_provider_name>", left in for someone to fill, so no request carries this key. Write the key it stands for.');
});

test('condition-key-unknown says what to use and fixes the name', () => {
  const text = policy('{"IpAddress": {"aws:SoruceIp": "203.0.113.0/24"}}');
  const [problem] = runCheck(conditionKeyUnknown, text);
  assert.equal(problem.message, '"aws:SoruceIp" is not a global condition key, so no request carries it. Did you mean "aws:SourceIp"?');
  assert.equal(applyFix(text, problem), policy('{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}'));

  const service = policy('{"StringLike": {"s3:prefixx": "home/*"}}');
  const [serviceProblem] = runCheck(conditionKeyUnknown, service);
  assert.equal(serviceProblem.message, '"s3:prefixx" is not a condition key of Amazon S3, so no request carries it. Did you mean "s3:prefix"?');
  assert.equal(serviceProblem.fixes?.[0].isPreferred, true);
  assert.equal(applyFix(service, serviceProblem), policy('{"StringLike": {"s3:prefix": "home/*"}}'));
});

test('condition-key-unknown keeps the tag key when the tag condition key is misspelt', () => {
  const text = policy('{"StringEquals": {"aws:ResourceTags/team": "blue"}}');
  const [problem] = runCheck(conditionKeyUnknown, text);
  assert.equal(applyFix(text, problem), policy('{"StringEquals": {"aws:ResourceTag/team": "blue"}}'));
});

test('condition-key-unknown points aws:ARN to the keys that replace it', () => {
  const [problem] = runCheck(conditionKeyUnknown, policy('{"ArnLike": {"aws:ARN": "arn:aws:iam::111122223333:user/*"}}'));
  assert.match(problem.message, /Use "aws:PrincipalArn" for the principal or "aws:SourceArn"/);
});

test('condition-key-unknown accepts known keys in any case, templates, identity-provider keys and keys of unknown prefixes', () => {
  const text = policy(
    '{"StringEquals": {"AWS:SourceVpc": "vpc-1a2b3c4d", "aws:ResourceTag/team": "x", "s3:ExistingObjectTag/a": "b", "saml:aud": "x", "token.actions.githubusercontent.com:sub": "repo:o/r:*", "aws:PrincipalOrgMasterAccountId": "111122223333"}}',
  );
  assert.deepEqual(runCheck(conditionKeyUnknown, text), []);
});

test('condition-key-unknown leaves malformed and incomplete keys to their own rules', () => {
  assert.deepEqual(runCheck(conditionKeyUnknown, policy('{"StringEquals": {"SourceVpc": "x", "aws:ResourceTag": "y", "aws:": "z"}}')), []);
});
