import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { actionServiceUnknown } from './action-service-unknown';

test('action-service-unknown flags the prefix of an unknown service', () => {
  const { actual, expected } = spansOf(actionServiceUnknown, '{"Statement": [{"Action": ["«s33»:GetObject", "ec2:RunInstances"], "NotAction": "«lamda»:Invoke*"}]}');
  assert.deepEqual(actual, expected);
});

test('action-service-unknown suggests the closest prefix and fixes it', () => {
  const text = '{"Statement": [{"Action": "dynamodbb:GetItem"}]}';
  const [problem] = runCheck(actionServiceUnknown, text);
  assert.equal(problem.message, '"dynamodbb" is not a known AWS service prefix. Did you mean "dynamodb"?');
  assert.equal(applyFix(text, problem), '{"Statement": [{"Action": "dynamodb:GetItem"}]}');
});

test('action-service-unknown accepts known prefixes in any case and wildcard prefixes', () => {
  assert.deepEqual(runCheck(actionServiceUnknown, '{"Statement": [{"Action": ["S3:GetObject", "*:List*", "s*:Get*", "*"]}]}'), []);
});

test('action-service-unknown says so, as information, of a prefix AWS managed policies still grant', () => {
  // IoT 1-Click is retired and gone from the Service Authorization Reference, yet AWSIoT1ClickFullAccess grants
  // iot1click:*: a policy copied from it is not a typo, and "Did you mean iot?" would be the wrong fix.
  const text = '{"Statement": [{"Action": ["iot1click:*", "iot1clik:ListProjects"]}]}';
  const [retired, typo] = runCheck(actionServiceUnknown, text);
  assert.equal(text.slice(retired.span.start, retired.span.end), 'iot1click');
  assert.equal(retired.severity, 'information');
  assert.match(retired.message, /^"iot1click" is not a service prefix in the Service Authorization Reference, though the AWS managed policy AWSIoT1Click\w+ grants its actions: /);
  assert.equal(retired.fixes, undefined);
  assert.equal(text.slice(typo.span.start, typo.span.end), 'iot1clik');
  assert.equal(typo.severity, 'error');
});

test("action-service-unknown suggests the service a prefix names (its name's words or initials), and among several the ones with the action", () => {
  const suggested = (action: string) => runCheck(actionServiceUnknown, policyWith({ Effect: 'Allow', Action: action, Resource: '*' }))[0].fixes!.map((fix) => fix.title);
  // The escalation sweep's "efs:*" was offered "ebs", a service of another name; an unfound spelling stays near.
  assert.deepEqual(suggested('efs:*'), ['Change to "elasticfilesystem:*"']);
  assert.deepEqual(suggested('eventbridge:PutEvents'), ['Change to "events:PutEvents"']);
  assert.deepEqual(suggested('stepfunctions:StartExecution'), ['Change to "states:StartExecution"']);
  assert.deepEqual(suggested('elb:DescribeLoadBalancers'), ['Change to "elasticloadbalancing:DescribeLoadBalancers"']);
  // Amazon MSK's control plane, and its clusters' data plane, which has a DescribeCluster too.
  assert.deepEqual(suggested('msk:DescribeCluster'), ['Change to "kafka:DescribeCluster"', 'Change to "kafka-cluster:DescribeCluster"']);
  // Cognito's user pools have ListUsers; its identity pools do not.
  assert.deepEqual(suggested('cognito:ListUsers'), ['Change to "cognito-idp:ListUsers"']);
  // DynamoDB and DAX both have GetItem; the nearer spelling first.
  assert.deepEqual(suggested('dynamo:GetItem'), ['Change to "dynamodb:GetItem"', 'Change to "dax:GetItem"']);
  // An SDK client's short name.
  assert.deepEqual(suggested('sfn:StartExecution'), ['Change to "states:StartExecution"']);
  assert.deepEqual(suggested('lamda:InvokeFunction'), ['Change to "lambda:InvokeFunction"']);
});

test("action-service-unknown suggests the prefix IAM uses for a CLI command's API: bedrock for bedrock-agent, sso for sso-admin", () => {
  // Identity Center sweep: "Did you mean bedrock-agentcore?" for bedrock-agent:GetKnowledgeBase, no suggestion for sso-admin:*.
  const messages = (action: string) => runCheck(actionServiceUnknown, policyWith({ Effect: 'Allow', Action: action, Resource: '*' })).map((problem) => problem.message);
  assert.deepEqual(messages('bedrock-agent:GetKnowledgeBase'), ['"bedrock-agent" is not a known AWS service prefix. Did you mean "bedrock"?']);
  assert.deepEqual(messages('bedrock-agent-runtime:Retrieve'), ['"bedrock-agent-runtime" is not a known AWS service prefix. Did you mean "bedrock"?']);
  assert.deepEqual(messages('sso-admin:*'), ['"sso-admin" is not a known AWS service prefix. Did you mean "sso"?']);
});
