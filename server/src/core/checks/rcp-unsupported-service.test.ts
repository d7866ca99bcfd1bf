import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, applyFix, policyWith } from '../../../../test/helpers/checks';
import { rcpUnsupportedService } from './rcp-unsupported-service';

test('rcp-unsupported-service flags actions of services RCPs do not cover', () => {
  const { actual, expected } = spansOf(
    rcpUnsupportedService,
    '{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", «"ec2:RunInstances"», "sts:AssumeRole", «"lambda:*"», "kms:Decrypt", "nosuchservice:Foo", "s*:Get*"], "Resource": "*"}]}',
    'rcp',
  );
  assert.deepEqual(actual, expected);
});

test('rcp-unsupported-service names the service and removes the action', () => {
  const text = policyWith({ Effect: 'Deny', Principal: '*', Action: ['s3:*', 'ec2:RunInstances'], Resource: '*' });
  const [problem] = runCheck(rcpUnsupportedService, text, 'rcp');
  assert.equal(problem.message, 'RCPs do not apply to Amazon EC2 ("ec2"), and AWS rejects an RCP that names its actions. Remove "ec2:RunInstances".');
  assert.equal(applyFix(text, problem), policyWith({ Effect: 'Deny', Principal: '*', Action: ['s3:*'], Resource: '*' }));
});

// AWS's RCP syntax page writes {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"} as its example.
test('rcp-unsupported-service explains what "*" covers in a Deny statement, as information, and says nothing of RCPFullAWSAccess', () => {
  const [problem] = runCheck(rcpUnsupportedService, policyWith({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }), 'rcp');
  assert.equal(problem.severity, 'information');
  assert.match(problem.message, /covers only the services RCPs apply to/);
  assert.deepEqual(runCheck(rcpUnsupportedService, policyWith({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }), 'rcp'), []);
});

test('rcp-unsupported-service accepts supported services and ignores other policy types', () => {
  const text = policyWith({ Effect: 'Deny', Principal: '*', Action: ['s3:*', 'sqs:*', 'kms:*', 'secretsmanager:*', 'sts:AssumeRole'], Resource: '*' });
  assert.deepEqual(runCheck(rcpUnsupportedService, text, 'rcp'), []);
  assert.deepEqual(runCheck(rcpUnsupportedService, policyWith({ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }), 'scp'), []);
});
