import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../policy/parse-policy';
import { statementActionsOf } from './action-grants';

test('statementActionsOf says where a statement matches an action, through names, wildcards or NotAction', () => {
  const text = JSON.stringify({
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 'IAM:Pass*', '*:List*'], Resource: '*' },
      { Effect: 'Deny', NotAction: ['iam:*'], Resource: '*' },
      { Effect: 'allow', Action: '*', Resource: '*' },
    ],
  });
  const policy = parsePolicy(text);
  const [named, not, star] = statementActionsOf(policy);
  const at = (span: { start: number; end: number } | undefined) => span && text.slice(span.start, span.end);
  assert.equal(named.effect, 'Allow');
  assert.equal(at(named.matchSpan('s3:getobject')), '"s3:GetObject"');
  assert.equal(at(named.matchSpan('iam:PassRole')), '"IAM:Pass*"');
  assert.equal(at(named.matchSpan('ec2:ListImages')), '"*:List*"');
  assert.equal(named.matchSpan('s3:PutObject'), undefined);
  assert.equal(at(not.matchSpan('s3:PutObject')), '"NotAction"');
  assert.equal(not.matchSpan('iam:PassRole'), undefined);
  assert.equal(star.effect, undefined, 'an Effect IAM rejects is neither Allow nor Deny');
  assert.equal(at(star.star?.span), '"*"');
  assert.equal(statementActionsOf(policy), statementActionsOf(policy), 'computed once per parsed policy');
});

test('statementActionsOf reuses what it derived for a list whose text did not change', () => {
  const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:GetObject'], Resource: '*' }] });
  const [first] = statementActionsOf(parsePolicy(text));
  const [again] = statementActionsOf(parsePolicy(` ${text}`));
  assert.equal(first.memo, again.memo);
  assert.equal(again.valueMatching('s3:GetObject')?.span.start, first.valueMatching('s3:GetObject')!.span.start + 1, 'spans come from the new parse');
});

test('statementActionsOf shares a list index only between lists of the same values under the same element', () => {
  const policyOf = (statement: object) => parsePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Resource: '*', ...statement }] }));
  const [action] = statementActionsOf(policyOf({ Action: ['*', 's3:GetObject'] }));
  const [notAction] = statementActionsOf(policyOf({ NotAction: ['*', 's3:GetObject'] }));
  const [reformatted] = statementActionsOf(parsePolicy('{"Statement":{"Effect":"Allow","Resource":"*","Action":[ "*",\n "s3:GetObject" ]}}'));
  const [other] = statementActionsOf(policyOf({ Action: ['*', 's3:GetObjects'] }));
  assert.notEqual(action.memo, notAction.memo);
  assert.equal(action.star?.value, '*');
  assert.equal(notAction.star, undefined, 'NotAction "*" is not a grant of every action');
  assert.equal(action.memo, reformatted.memo, 'the values decide, not how the list is written');
  assert.notEqual(action.memo, other.memo);
  assert.equal(other.valueMatching('s3:GetObject')?.value, '*');
});
