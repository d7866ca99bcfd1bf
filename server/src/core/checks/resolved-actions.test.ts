import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { parsePolicy } from '../policy/parse-policy';
import { ActionIssue, resolvedActions } from './resolved-actions';

const catalog = getCatalog();
const issuesOf = (actions: string[], element = 'Action') => resolvedActions(parsePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', [element]: actions, Resource: '*' }] })), catalog).issues;

test('resolvedActions says which findings its values may hold, for lists seen before and after an edit', () => {
  assert.equal(issuesOf(['s3:GetObject', 's3:Get*', '*']), 0);
  assert.equal(issuesOf(['s3:GetObject', 's3:Get*', '*']), 0);
  assert.equal(issuesOf(['s3:GetObject', 's3:Gte*', '*']), ActionIssue.UnmatchedWildcard);
  assert.equal(issuesOf(['S3:getobject', 's3:Nope']), ActionIssue.UnknownAction | ActionIssue.Miscased);
  assert.equal(issuesOf(['s3:GetObject', 'nosuchservice:Get']), ActionIssue.UnknownService);
  assert.equal(issuesOf(['s3:GetObject', 'nosuchservice:Get'], 'NotAction'), ActionIssue.UnknownService);
  assert.equal(issuesOf(['s3:GetObject']), 0);
});

test('resolvedActions takes the issues of both lists of a statement with Action and NotAction', () => {
  const policy = parsePolicy('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "NotAction": ["s3:Nope"], "Resource": "*"}, {"Effect": "Allow", "Action": "x1:Y", "Resource": "*"}]}');
  assert.equal(resolvedActions(policy, catalog).issues, ActionIssue.UnknownAction | ActionIssue.UnknownService);
});

test('resolvedActions marks the lists with an action not written as AWS writes it, by the values as written', () => {
  const listIssuesOf = (text: string) => resolvedActions(parsePolicy(text), catalog).listIssues;
  const text =
    '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}, {"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "S3:getObject", "Resource": "*"}]}';
  assert.deepEqual(listIssuesOf(text), [0, 0, ActionIssue.Miscased]);
  // The same lists edited to another case: their answers are new, not those kept for the values before.
  assert.deepEqual(listIssuesOf(text.replace('s3:PutObject', 's3:putobject')), [ActionIssue.Miscased, 0, ActionIssue.Miscased]);
  assert.deepEqual(listIssuesOf(text), [0, 0, ActionIssue.Miscased]);
  assert.deepEqual(listIssuesOf(text.replace('"NotAction": "S3:getObject"', '"NotAction": "s3:GetObject"')), [0, 0, 0]);
});
