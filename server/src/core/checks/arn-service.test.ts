import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { arnService } from './arn-service';

test('arn-service flags upper-case, unknown and missing services', () => {
  const { actual, expected } = spansOf(
    arnService,
    '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:«S3»:::b/*", "arn:aws:«s4»:::b/*", "arn:aws:«:»::b/*", "arn:aws:«DynamoDB»:us-east-1:123456789012:table/t"]}]}',
  );
  assert.deepEqual(actual, expected);
});

test('arn-service lower-cases the service', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:S3:::b/*"}]}';
  const [problem] = runCheck(arnService, text);
  assert.equal(problem.message, 'The service "S3" in an ARN must be lower case. Change it to "s3".');
  assert.equal(applyFix(text, problem), text.replace('S3', 's3'));
});

test('arn-service suggests a known namespace for a misspelt one', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamdb:us-east-1:123456789012:table/t"}]}';
  const [problem] = runCheck(arnService, text);
  assert.equal(problem.message, '"dynamdb" is not the namespace of an AWS service. Did you mean "dynamodb"?');
  assert.equal(applyFix(text, problem), text.replace('dynamdb', 'dynamodb'));
});

test('arn-service accepts namespaces that appear only in ARNs, wildcards and variables', () => {
  // execute-api and s3-object-lambda are ARN namespaces; "kafka" appears in the ARNs of kafka-cluster actions.
  const resources = [
    'arn:aws:execute-api:us-east-1:123456789012:api/stage/GET/*',
    'arn:aws:s3-object-lambda:us-east-1:123456789012:accesspoint/ap',
    'arn:aws:kafka:us-east-1:123456789012:cluster/c/*',
    'arn:aws:*code*:*:123456789012:*',
    'arn:aws:${aws:RequestTag/svc}:*:*:*',
  ];
  assert.deepEqual(runCheck(arnService, JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: resources }] })), []);
});

// EUC sweep: the Chime SDK guide's Lex bot resource policy tests the SIP media application's ARN.
test("arn-service knows the Chime SDK's voiceconnector namespace, which no resource type of the reference declares", () => {
  const policy = JSON.stringify({
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'voiceconnector.chime.amazonaws.com' },
        Action: 'lex:StartConversation',
        Resource: 'arn:aws:lex:us-east-1:111122223333:bot-alias/BOTID/ALIASID',
        Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:voiceconnector:us-east-1:111122223333:sma/abcd' } },
      },
    ],
  });
  assert.deepEqual(runCheck(arnService, policy, 'resource'), []);
  // A misspelling of it is still one.
  assert.equal(runCheck(arnService, policy.replace('arn:aws:voiceconnector', 'arn:aws:voiceconector'), 'resource').length, 1);
});
