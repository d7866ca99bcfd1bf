import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { parsePolicy } from '../policy/parse-policy';
import { statementActionsOf } from './action-grants';
import { listedActionsGranted, serviceRunsOf } from './sensitive-actions';

test('serviceRunsOf cuts the names into runs of one service, in order, with the service in lower case', () => {
  const runs = serviceRunsOf(['STS:AssumeRole', 'sts:GetFederationToken', 'iam:PassRole', 'sts:TagSession', 'nocolon']);
  assert.deepEqual(
    runs.map((run) => [run.service, run.names]),
    [
      ['sts', ['STS:AssumeRole', 'sts:GetFederationToken']],
      ['iam', ['iam:PassRole']],
      ['sts', ['sts:TagSession']],
      ['', ['nocolon']],
    ],
  );
});

test('listedActionsGranted finds the names the list matches, by name, by pattern or by a wildcard service, in the order of the names', () => {
  const catalog = getCatalog();
  const names = ['sts:AssumeRole', 'ec2:GetPasswordData', 's3:GetObject', 'ssm:GetParameter'];
  const granted = (action: unknown) => {
    const policy = parsePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }));
    return listedActionsGranted(catalog, names, statementActionsOf(policy)[0]).map((a) => a.fullName);
  };
  assert.deepEqual(granted(['ssm:Get*', 'STS:assumerole']), ['sts:AssumeRole', 'ssm:GetParameter']);
  assert.deepEqual(granted('*:Get*'), ['ec2:GetPasswordData', 's3:GetObject', 'ssm:GetParameter']);
  assert.deepEqual(granted(['iam:PassRole', 'kms:*']), []);
});
