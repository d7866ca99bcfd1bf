import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { forEachProperty, parsePolicy, propertiesOf, stringValuesOf } from './parse-policy';
import { inferPolicyType } from './policy-type';

test('every element carries the exact span of its value', () => {
  const { text, spans } = marked('{"Version": «"2012-10-17"», "Statement": [{"Sid": «"A"», "Effect": «"Allow"», "Action": [«"s3:GetObject"», «"s3:PutObject"»], "Resource": «"arn:aws:s3:::b/*"»}]}');
  const policy = parsePolicy(text);
  const [statement] = policy.statements;
  assert.deepEqual([policy.version?.value?.span, statement.sid?.value?.span, statement.effect?.value?.span, ...statement.action!.values.map((v) => v.span), statement.resource!.values[0].span], spans);
  assert.equal(statement.action!.isArray, true);
  assert.equal(statement.resource!.isArray, false);
  assert.deepEqual(
    statement.action!.values.map((v) => v.value),
    ['s3:GetObject', 's3:PutObject'],
  );
});

test('key spans point at the key, including its quotes', () => {
  const { text, spans } = marked('{«"Statement"»: {«"Effect"»: "Deny"}}');
  const policy = parsePolicy(text);
  assert.equal(policy.statementIsObject, true);
  assert.deepEqual([policy.statementElement!.keySpan, policy.statements[0].effect!.property.keySpan], spans);
});

test('principals are read in both shapes', () => {
  const { text, spans } = marked('{"Statement": [{"Principal": «"*"»}, {"NotPrincipal": {"AWS": [«"111122223333"»], «"Service"»: "ec2.amazonaws.com"}}]}');
  const [first, second] = parsePolicy(text).statements;
  assert.deepEqual(first.principal!.wildcard!.span, spans[0]);
  assert.deepEqual(
    second.notPrincipal!.entries.map((e) => e.type),
    ['AWS', 'Service'],
  );
  assert.deepEqual(second.notPrincipal!.entries[0].values[0].span, spans[1]);
  assert.deepEqual(second.notPrincipal!.entries[1].property.keySpan, spans[2]);
});

test('conditions keep operators, keys and typed values with spans; numbers keep their source text', () => {
  const { text, spans } = marked('{"Statement": [{"Condition": {«"NumericLessThan"»: {«"aws:MultiFactorAuthAge"»: «1.0»}, "Bool": {"aws:SecureTransport": [«true», «"false"»]}}}]}');
  const condition = parsePolicy(text).statements[0].condition!;
  const [numeric, bool] = condition.operators;
  assert.deepEqual(numeric.property.keySpan, spans[0]);
  assert.deepEqual(numeric.keys[0].property.keySpan, spans[1]);
  assert.deepEqual(numeric.keys[0].values, [{ value: '1.0', jsonType: 'number', span: spans[2] }]);
  assert.deepEqual(
    bool.keys[0].values.map((v) => [v.value, v.jsonType]),
    [
      ['true', 'boolean'],
      ['false', 'string'],
    ],
  );
  assert.deepEqual(
    bool.keys[0].values.map((v) => v.span),
    spans.slice(3),
  );
});

test('half-typed JSON still yields a model of what parsed, and the errors', () => {
  const policy = parsePolicy('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get');
  assert.equal(policy.version?.value?.value, '2012-10-17');
  assert.equal(policy.statements.length, 1);
  assert.equal(policy.statements[0].effect?.value?.value, 'Allow');
  assert.ok(policy.syntaxErrors.length > 0);
});

test('the parser never throws on garbage', () => {
  for (const text of ['', ']', '{"Statement": ', '"just a string"', '\u0000\uD800', '{"a": {"b": {"c": [[[[', '{,,,}', '{"Statement": [1, null, "x", {}]}']) {
    const policy = parsePolicy(text);
    assert.equal(typeof policy.syntaxErrors.length, 'number');
  }
  assert.equal(parsePolicy('{"Statement": [1, null, "x", {}]}').statements.length, 1);
});

test('of duplicate keys the last takes effect, as CloudFormation, jsonencode and JSON.parse read them', () => {
  const policy = parsePolicy('{"Version": "2008-10-17", "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "s3:GetObject", "Action": "s3:PutObject"}]}');
  assert.equal(policy.version?.value?.value, '2012-10-17');
  assert.equal(policy.statements[0].effect?.value?.value, 'Deny');
  assert.deepEqual(
    policy.statements[0].action?.values.map((value) => value.value),
    ['s3:PutObject'],
  );
  const twice = parsePolicy('{"Statement": {"Effect": "Allow"}, "Statement": [{"Effect": "Deny"}, {"Effect": "Deny"}]}');
  assert.deepEqual(
    twice.statements.map((statement) => statement.effect?.value?.value),
    ['Deny', 'Deny'],
  );
});

test('a repeated condition operator, condition key or principal type keeps only its last block', () => {
  const policy = parsePolicy(
    JSON.stringify({ Statement: { Effect: 'Allow', Principal: { AWS: 'x' }, Condition: { StringEquals: { 'aws:SourceAccount': '1' } } } })
      .replace('"AWS":"x"', '"AWS":"111122223333","Service":"s3.amazonaws.com","AWS":"444455556666"')
      .replace('{"aws:SourceAccount":"1"}', '{"aws:SourceAccount":"1","aws:SourceAccount":"2","aws:SourceArn":"a"},"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"aws:SourceAccount":"3"}'),
  );
  const statement = policy.statements[0];
  assert.deepEqual(
    statement.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [
      ['Service', ['s3.amazonaws.com']],
      ['AWS', ['444455556666']],
    ],
  );
  assert.deepEqual(
    statement.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => `${key.key}=${key.values.map((value) => value.value)}`)]),
    [
      ['Bool', ['aws:SecureTransport=true']],
      ['StringEquals', ['aws:SourceAccount=3']],
    ],
  );
  const inOneOperator = parsePolicy('{"Statement": {"Condition": {"StringEquals": {"aws:SourceAccount": "1", "aws:SourceArn": "a", "aws:SourceAccount": "2"}}}}');
  assert.deepEqual(
    inOneOperator.statements[0].condition?.operators[0].keys.map((key) => `${key.key}=${key.values[0].value}`),
    ['aws:SourceArn=a', 'aws:SourceAccount=2'],
  );
});

test('policy type inference: identity, resource, trust', () => {
  const type = (statement: object) => inferPolicyType(parsePolicy(JSON.stringify({ Statement: [statement] })));
  assert.equal(type({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), 'identity');
  assert.equal(type({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }), 'resource');
  assert.equal(type({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'trust');
  assert.equal(type({ Effect: 'Allow', Principal: { Federated: 'x' }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] }), 'trust');
  assert.equal(type({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }), 'resource');
  // AWS's Access Analyzer samples write a role trust reference policy with the other STS actions under NotAction.
  const policy = (...statements: object[]) => inferPolicyType(parsePolicy(JSON.stringify({ Statement: statements })));
  const assume = { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' };
  assert.equal(policy(assume, { Effect: 'Allow', Principal: '*', NotAction: 'sts:AssumeRole' }), 'trust');
  assert.equal(policy({ Effect: 'Allow', Principal: '*', NotAction: 'sts:AssumeRole' }), 'resource');
  assert.equal(policy(assume, { Effect: 'Allow', Principal: '*', NotAction: 's3:GetObject' }), 'resource');
});

test('forEachProperty visits the keys and value nodes propertiesOf lists, repeated keys included', () => {
  const { text, spans } = marked('{"Statement": {"Condition": {"StringEquals": «{"aws:username": "a"}», "Bool": «"true"», "StringEquals": «[]»}}}');
  const condition = parsePolicy(text).statements[0].condition!.property.valueNode!;
  const visited: [string, { start: number; end: number } | undefined][] = [];
  forEachProperty(condition, (key, valueNode) => visited.push([key, valueNode && { start: valueNode.offset, end: valueNode.offset + valueNode.length }]));
  assert.deepEqual(visited, [
    ['StringEquals', spans[0]],
    ['Bool', spans[1]],
    ['StringEquals', spans[2]],
  ]);
  assert.deepEqual(
    propertiesOf(condition).map((property) => property.key),
    visited.map(([key]) => key),
  );
});

test('a list with entries that are not strings keeps only its strings, in order', () => {
  const { text, spans } = marked('{"Statement": {"Action": [«"s3:GetObject"», 7, {"a": 1}, «"s3:PutObject"»]}}');
  const values = stringValuesOf(parsePolicy(text).statements[0].action!.property.valueNode);
  assert.deepEqual(
    values.map((value) => value.span),
    spans,
  );
  assert.deepEqual(
    values.map((value) => value.value),
    ['s3:GetObject', 's3:PutObject'],
  );
});
