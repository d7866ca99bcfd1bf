import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../policy/parse-policy';
import { resourceReachOf } from './resource-reach';

const role = ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'];
const instance = ['arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}'];
const fn = ['arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}'];

function statementWith(resource: unknown, key = 'Resource') {
  return parsePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', [key]: resource }] })).statements[0];
}

test('resourceReachOf: "*", the whole type, NotResource and no Resource reach every resource of the type', () => {
  for (const [resource, templates] of [
    ['*', role],
    ['arn:aws:iam::*:*', role],
    ['arn:aws:iam::111122223333:role/*', role],
    ['arn:aws:iam::*:ro*', role],
    ['arn:aws:ec2:*:*:instance/*', instance],
    ['arn:aws:lambda:us-east-1:111122223333:function:*', fn],
  ] as const) {
    assert.deepEqual(resourceReachOf(statementWith(resource), templates), { kind: 'all' }, resource);
  }
  assert.deepEqual(resourceReachOf(statementWith('arn:aws:iam::*:role/x', 'NotResource'), role), { kind: 'all' });
  const noResource = parsePolicy('{"Statement": [{"Effect": "Allow", "Action": "iam:PassRole"}]}').statements[0];
  assert.deepEqual(resourceReachOf(noResource, role), { kind: 'all' });
});

test('resourceReachOf names the literal prefix of resources limited by name', () => {
  const reach = resourceReachOf(statementWith(['arn:aws:iam::111122223333:role/web', 'arn:aws:iam::*:role/app/*']), role);
  assert.equal(reach?.kind, 'prefix');
  assert.deepEqual(reach?.kind === 'prefix' && reach.values.map((v) => [v.value.value, v.prefix]), [['arn:aws:iam::*:role/app/*', 'role/app/']]);
  const functions = resourceReachOf(statementWith('arn:aws:lambda:*:*:function:app-*'), fn);
  assert.deepEqual(functions?.kind === 'prefix' && functions.values.map((v) => v.prefix), ['function:app-']);
});

test('resourceReachOf is undefined for exact names, other types, other services and excluded values', () => {
  for (const [resource, templates] of [
    ['arn:aws:iam::111122223333:role/web', role],
    ['arn:aws:iam::*:role/Admin', role],
    ['arn:aws:iam::*:user/*', role],
    ['arn:aws:s3:::bucket/*', role],
    ['arn:aws:ec2:*:*:volume/*', instance],
    ['arn:aws:iam::*:role/${aws:username}', role],
  ] as const) {
    assert.equal(resourceReachOf(statementWith(resource), templates), undefined, resource);
  }
  const servicePaths = (arn: { resource: { text: string } }) => arn.resource.text.startsWith('role/service-role/');
  assert.equal(resourceReachOf(statementWith('arn:aws:iam::*:role/service-role/*'), role, servicePaths), undefined);
});

test('resourceReachOf answers each templates array and each Resource for itself, though it keeps their parses', () => {
  const prefixOf = (resource: string, templates: readonly string[]) => {
    const reach = resourceReachOf(statementWith(resource), templates);
    return reach?.kind === 'prefix' ? reach.values.map((v) => v.prefix) : reach?.kind;
  };
  assert.deepEqual(prefixOf('arn:aws:iam::*:role/app/*', role), ['role/app/']);
  // The same templates array after an edit of the Resource, and the same Resource with other templates.
  assert.deepEqual(prefixOf('arn:aws:iam::*:role/*', role), 'all');
  assert.deepEqual(prefixOf('arn:aws:iam::*:role/app/*', instance), undefined);
  // A distinct array with the same templates is answered alike.
  assert.deepEqual(prefixOf('arn:aws:iam::*:role/app/*', [...role]), ['role/app/']);
});
