import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { principalServiceUnknown } from './principal-service-unknown';

test('principal-service-unknown flags a service principal a letter or two from one AWS uses, Region and suffix kept', () => {
  const { actual, expected } = spansOf(
    principalServiceUnknown,
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": [«"lamda.amazonaws.com"», «"cloudfromation.amazonaws.com"», «"delivery.log.amazonaws.com"», «"loggs.eu-west-1.amazonaws.com.cn"», «"ssmincidents.amazonaws.com"»]}, "Action": "sts:AssumeRole"}]}',
    'trust',
  );
  assert.deepEqual(actual, expected);
  const trust = policyWith({ Effect: 'Allow', Principal: { Service: 'loggs.eu-west-1.amazonaws.com' }, Action: 'sts:AssumeRole' });
  const [problem] = runCheck(principalServiceUnknown, trust, 'trust');
  assert.match(problem.message, /did you mean "logs\.eu-west-1\.amazonaws\.com"\?/);
  assert.equal(applyFix(trust, problem), policyWith({ Effect: 'Allow', Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Action: 'sts:AssumeRole' }));
});

test('principal-service-unknown accepts known principals, service prefixes, names near none or near two, and leaves other shapes to principal-service-format', () => {
  const quiet = [
    'lambda.amazonaws.com',
    'logs.us-east-1.amazonaws.com',
    'ecs-tasks.amazonaws.com',
    // A service's prefix in the catalog, though no managed policy names it as a principal.
    'ivschat.amazonaws.com',
    // Near nothing known: perhaps a principal the list lacks.
    'vpc-flow-logs.amazonaws.com',
    // Three letters: ecs, eks, ecr and ec2 are all one letter apart.
    'ecz.amazonaws.com',
    // Other suffixes, capitals and placeholders are not this rule's.
    'Lamda.amazonaws.com',
    'lamda.amazon.com',
    '${var.service}.amazonaws.com',
    '*',
  ];
  for (const service of quiet) {
    const trust = policyWith({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
    assert.deepEqual(runCheck(principalServiceUnknown, trust, 'trust'), [], service);
  }
  const identity = policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  assert.deepEqual(runCheck(principalServiceUnknown, identity, 'identity'), []);
});

test('principal-service-unknown reads resource policies too: a bucket policy for CloudFront with the principal mistyped', () => {
  const { actual, expected } = spansOf(
    principalServiceUnknown,
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": «"cloudfrount.amazonaws.com"»}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}',
    'resource',
  );
  assert.deepEqual(actual, expected);
});
