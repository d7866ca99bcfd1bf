import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { parsePolicy } from '../policy/parse-policy';
import { contextText, contextValueOf, fillArnTemplate, principalParts, simulationInputs } from './inputs';

const policy = parsePolicy(`{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": ["s3:getobject", "s3:GetObjectT?gging", "custom:Thing"], "Resource": ["arn:aws:s3:::home/\${aws:username}/*", "arn:aws:s3:::home"]},
  {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "x", "aws:RequestedRegion": "eu-west-1"}, "Bool": {"aws:secureTransport": "false"}}}
]}`);
const alice = 'arn:aws:iam::111122223333:user/alice';

test('actions: named ones first as the catalog spells them, then wildcard expansions, NotAction marked, duplicates merged', () => {
  const { actions, actionsLeftOut } = simulationInputs(policy, getCatalog());
  assert.deepEqual(actions.slice(0, 3), [
    { name: 's3:GetObject', description: 'Grants permission to retrieve objects from Amazon S3', accessLevel: 'Read', from: ['s3:getobject'] },
    { name: 'custom:Thing', from: ['custom:Thing'] },
    { name: 's3:GetObjectTagging', description: actions[2].description, accessLevel: 'Read', from: ['s3:GetObjectT?gging'] },
  ]);
  const iam = actions.filter((a) => a.name.startsWith('iam:'));
  assert.ok(iam.length > 100 && iam.every((a) => a.notAction && a.from[0] === 'iam:*'));
  assert.equal(actionsLeftOut, 0);
  const capped = simulationInputs(policy, getCatalog(), { maxActions: 5 });
  assert.equal(capped.actions.length, 5);
  assert.equal(capped.actionsLeftOut, actions.length - 5);
});

test('a statement index limits actions and resources to that statement, not the context keys', () => {
  const inputs = simulationInputs(policy, getCatalog(), { statementIndex: 0 });
  assert.deepEqual(
    inputs.actions.map((a) => a.name),
    ['s3:GetObject', 'custom:Thing', 's3:GetObjectTagging'],
  );
  assert.deepEqual(
    inputs.resources.map((r) => [r.value, r.origin, r.detail]),
    [
      ['arn:aws:s3:::home/${aws:username}/*', 'statement', 'Resource of statement 1 "Read"'],
      ['arn:aws:s3:::home', 'statement', 'Resource of statement 1 "Read"'],
    ],
  );
  assert.deepEqual(
    inputs.contextKeys.map((k) => [k.name, k.type, k.multiValued, k.usedIn]),
    [
      ['aws:PrincipalTag/team', 'String', false, ['Condition']],
      ['aws:RequestedRegion', 'String', false, ['Condition']],
      ['aws:secureTransport', 'Bool', false, ['Condition']],
      ['aws:username', 'String', false, ['variable']],
    ],
  );
});

test('with an action, fitting statement resources come first, then its ARN formats filled from the principal, then the rest', () => {
  const inputs = simulationInputs(policy, getCatalog(), { statementIndex: 0, action: 's3:GetObject', principal: 'arn:aws-cn:iam::444455556666:role/app' });
  assert.deepEqual(
    inputs.resources.map((r) => [r.value, r.origin, r.fitsAction]),
    [
      ['arn:aws:s3:::home/${aws:username}/*', 'statement', true],
      ['arn:aws-cn:s3:${Region}:444455556666:accesspoint/${AccessPointName}/object/${ObjectName}', 'template', undefined],
      ['arn:aws-cn:s3:::${BucketName}/${ObjectName}', 'template', undefined],
      ['arn:aws-cn:s3::444455556666:accesspoint/${AccessPointAlias}/object/${ObjectName}', 'template', undefined],
      ['arn:aws:s3:::home', 'statement', false],
    ],
  );
  const listAll = simulationInputs(policy, getCatalog(), { statementIndex: 0, action: 's3:ListAllMyBuckets' });
  assert.deepEqual(listAll.resources.at(-1), { value: '*', origin: 'any', detail: 's3:ListAllMyBuckets takes no resource ARN' });
});

test('with a principal, the keys derivable from it get their value as a default', () => {
  const inputs = simulationInputs(policy, getCatalog(), { principal: alice });
  assert.deepEqual(Object.fromEntries(inputs.contextKeys.map((k) => [k.name, k.defaultValue])), {
    'aws:PrincipalTag/team': undefined,
    'aws:RequestedRegion': undefined,
    'aws:secureTransport': undefined,
    'aws:username': 'alice',
  });
  const other = parsePolicy(
    '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}, "NumericLessThan": {"aws:EpochTime": "1"}}}]}',
  );
  const withOthers = simulationInputs(policy, getCatalog(), { principal: alice, otherPolicies: [other], now: new Date('2025-01-02T03:04:05Z') });
  assert.deepEqual(
    withOthers.contextKeys.slice(-2).map((k) => [k.name, k.type, k.defaultValue]),
    [
      ['aws:PrincipalArn', 'ARN', alice],
      ['aws:EpochTime', 'Date', '1735787045'],
    ],
  );
});

test('ARN templates, principal parts and context values as text', () => {
  assert.equal(
    fillArnTemplate('arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}', { Partition: 'aws', Account: '111122223333' }),
    'arn:aws:dynamodb:${Region}:111122223333:table/${TableName}',
  );
  assert.deepEqual(principalParts(alice), { partition: 'aws', account: '111122223333' });
  assert.deepEqual(principalParts('444455556666'), { partition: 'aws', account: '444455556666' });
  assert.deepEqual(principalParts('s3.amazonaws.com'), { partition: 'aws' });
  assert.deepEqual(principalParts(undefined), { partition: 'aws' });
  assert.deepEqual(contextValueOf('["env", "team", 3]'), ['env', 'team', '3']);
  assert.equal(contextValueOf('[not json'), '[not json');
  assert.equal(contextValueOf('203.0.113.7'), '203.0.113.7');
  assert.equal(contextText(['a', 'b']), '["a","b"]');
  assert.equal(contextText(false), 'false');
  assert.equal(contextText(new Date('2025-01-02T03:04:05Z')), '2025-01-02T03:04:05.000Z');
});
