import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionAudienceSetOperator } from './condition-audience-set-operator';

const provider = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

test('condition-audience-set-operator flags set operators on an OIDC audience claim', () => {
  const { actual, expected } = spansOf(
    conditionAudienceSetOperator,
    `{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "${provider}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAllValues:StringEquals": {«"token.actions.githubusercontent.com:aud"»: "sts.amazonaws.com"}, "ForAnyValue:StringLike": {«"oidc.example.com:aud"»: "app-*"}}}]}`,
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('condition-audience-set-operator warns on ForAllValues and rewrites ForAnyValue as the plain operator', () => {
  const forAll = `{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "${provider}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAllValues:StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}`;
  const [all] = runCheck(conditionAudienceSetOperator, forAll, 'trust');
  assert.equal(all.severity, 'warning');
  assert.equal(
    all.message,
    '"token.actions.githubusercontent.com:aud" holds a single audience, and "ForAllValues:StringEquals" is also true when the token carries none, so the audience check can be skipped. Use "StringEquals".',
  );
  assert.equal(applyFix(forAll, all), forAll.replace('ForAllValues:StringEquals', 'StringEquals'));
  assert.equal(all.fixes![0].isPreferred, undefined);
  const forAny = forAll.replace('ForAllValues:', 'ForAnyValue:');
  const [any] = runCheck(conditionAudienceSetOperator, forAny, 'trust');
  assert.equal(any.severity, 'information');
  assert.equal(applyFix(forAny, any), forAll.replace('ForAllValues:StringEquals', 'StringEquals'));
  assert.equal(any.fixes![0].isPreferred, true);
});

test('condition-audience-set-operator accepts plain operators, other claims and keys the catalog knows', () => {
  const cases = [
    { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
    // amr is multivalued; Cognito's guide uses ForAnyValue on it.
    { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
    // condition-set-operator reports the keys the catalog knows.
    { 'ForAnyValue:StringEquals': { 'accounts.google.com:aud': 'client-id' } },
  ];
  for (const condition of cases) {
    const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }] });
    assert.deepEqual(runCheck(conditionAudienceSetOperator, text, 'trust'), [], JSON.stringify(condition));
  }
});
