import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { parsePolicy } from '../policy/parse-policy';
import { allResourcesReach, constrainingConditionKeys, coversAllResources } from './statement-scope';

test('coversAllResources knows "*" and ARNs that leave every field open', () => {
  for (const value of ['*', 'arn:*:*:*:*:*', 'arn:aws:*:*:*:*']) assert.ok(coversAllResources(value), value);
  assert.ok(coversAllResources('arn:aws:s3:::*', 's3'));
  assert.ok(coversAllResources('arn:aws:s3:::*/*', 's3'));
  assert.ok(coversAllResources('arn:aws:logs:*:*:*', 'logs'));
  assert.ok(!coversAllResources('arn:aws:s3:::*', 'ec2'), 'another service');
  assert.ok(!coversAllResources('arn:aws:s3:::*'), 'a service ARN is not every resource of every service');
  for (const value of ['arn:aws:s3:::my-bucket/*', 'arn:aws:ec2:*:111122223333:*', 'arn:aws:iam::*:role/*']) assert.ok(!coversAllResources(value, value.split(':')[2]), value);

  // An empty field is open only where the service's ARNs leave it empty: every RDS ARN names an account, and only a
  // global cluster's has no Region (Kubernetes sweep: `rds:*` on `arn:aws:rds:::*` was "every resource").
  assert.ok(!coversAllResources('arn:aws:rds:::*', 'rds'));
  assert.ok(!coversAllResources('arn:aws:rds:*::*', 'rds'));
  assert.ok(coversAllResources('arn:aws:rds::*:*', 'rds'));
  assert.ok(coversAllResources('arn:aws:iam::*:*', 'iam'));
  assert.ok(!coversAllResources('arn:aws:ec2:::*', 'ec2'));
});

test('allResourcesReach points at "*", NotResource, or a statement without resources', () => {
  const [star, not, none, named] = parsePolicy(
    JSON.stringify({
      Statement: [
        { Action: 's3:*', Resource: ['arn:aws:s3:::a', '*'] },
        { Action: 's3:*', NotResource: 'arn:aws:s3:::a' },
        { Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } },
        { Action: 's3:*', Resource: 'arn:aws:s3:::a/*' },
      ],
    }),
  ).statements;
  assert.equal(allResourcesReach(star)?.text, '*');
  assert.equal(allResourcesReach(not)?.text, 'NotResource');
  assert.equal(allResourcesReach(none)?.text, '');
  assert.equal(allResourcesReach(named), undefined);
});

test('constrainingConditionKeys counts keys on resources and requests, not on the caller or the network', () => {
  const [statement] = parsePolicy(
    JSON.stringify({
      Statement: [
        {
          Condition: {
            Bool: { 'aws:SecureTransport': 'true', 'aws:MultiFactorAuthPresent': 'true' },
            IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
            StringEquals: { 'aws:PrincipalTag/team': 'ops', 'aws:ResourceTag/team': 'ops', 'iam:PassedToService': 'ec2.amazonaws.com', 'aws:RequestedRegion': 'eu-west-1' },
          },
        },
      ],
    }),
  ).statements;
  assert.deepEqual(constrainingConditionKeys(statement, getCatalog()), ['aws:ResourceTag/team', 'iam:PassedToService']);
});
