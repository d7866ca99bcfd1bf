import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, applyFix, policyWith } from '../../../../test/helpers/checks';
import { checkPolicy } from '../lint';
import { terraformReader } from '../hosts/terraform/index';
import { principalServiceFormat } from './principal-service-format';

test('principal-service-format flags values that are not service host names', () => {
  const { actual, expected } = spansOf(
    principalServiceFormat,
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": [«"arn:aws:iam::111122223333:role/x"», «"111122223333"», «"lambda"», «"EC2.amazonaws.com"», «"my service"», «"ec2.amazon.com"», "ecs-tasks.amazonaws.com", "ec2.amazonaws.com.cn", "*.amazonaws.com"]}, "Action": "sts:AssumeRole"}]}',
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('principal-service-format completes a bare service name and lowercases a host', () => {
  const bare = policyWith({ Effect: 'Allow', Principal: { Service: 'lambda' }, Action: 'sts:AssumeRole' });
  const [problem] = runCheck(principalServiceFormat, bare, 'trust');
  assert.equal(problem.message, '"lambda" is not a service principal. Service principals are host names; did you mean "lambda.amazonaws.com"?');
  assert.equal(applyFix(bare, problem), bare.replace('"lambda"', '"lambda.amazonaws.com"'));
  const upper = policyWith({ Effect: 'Allow', Principal: { Service: 'EC2.amazonaws.com' }, Action: 'sts:AssumeRole' });
  const [caseProblem] = runCheck(principalServiceFormat, upper, 'trust');
  assert.equal(caseProblem.message, 'Service principal "EC2.amazonaws.com" must be lowercase. Change it to "ec2.amazonaws.com".');
  assert.equal(applyFix(upper, caseProblem), upper.replace('EC2', 'ec2'));
  const padded = policyWith({ Effect: 'Allow', Principal: { Service: ' ec2.amazonaws.com ' }, Action: 'sts:AssumeRole' });
  assert.equal(applyFix(padded, runCheck(principalServiceFormat, padded, 'trust')[0]), padded.replace(' ec2.amazonaws.com ', 'ec2.amazonaws.com'));
});

test('principal-service-format offers no lowercase fix for a placeholder left in the host name', () => {
  // swasthikunder's KMS key policy grants "logs.REGION.amazonaws.com": lowercased, Fix All hid the placeholder behind
  // logs.region.amazonaws.com, which names no Region. A service written in capitals is still lowercased.
  const policy = policyWith({ Effect: 'Allow', Principal: { Service: ['logs.REGION.amazonaws.com', 'Logs.us-east-1.amazonaws.com'] }, Action: 'kms:Decrypt', Resource: '*' });
  const [placeholder, capitals] = runCheck(principalServiceFormat, policy, 'resource');
  assert.equal(placeholder.message, 'Service principal "logs.REGION.amazonaws.com" holds "REGION", which looks like a placeholder: write the value it stands for, in lowercase.');
  assert.equal(placeholder.fixes, undefined);
  assert.equal(capitals.message, 'Service principal "Logs.us-east-1.amazonaws.com" must be lowercase. Change it to "logs.us-east-1.amazonaws.com".');
});

test('principal-service-format says the word "region" left where a Region code goes is a placeholder', () => {
  // AWS's cross-account log delivery sample writes the trust of its CloudWatch Logs role so (log destinations sweep).
  const policy = policyWith({ Effect: 'Allow', Principal: { Service: ['logs.region.amazonaws.com', 'logs.your-region.amazonaws.com', 'logs.eu-west-1.amazonaws.com'] }, Action: 'sts:AssumeRole' });
  assert.deepEqual(
    runCheck(principalServiceFormat, policy, 'trust').map((problem) => problem.message),
    [
      'Service principal "logs.region.amazonaws.com" holds "region", which looks like a placeholder: write the value it stands for, such as "us-east-1".',
      'Service principal "logs.your-region.amazonaws.com" holds "your-region", which looks like a placeholder: write the value it stands for, such as "us-east-1".',
    ],
  );
});

test('principal-service-format only warns about an undocumented ending and suggests amazonaws.com', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.amazon.com' }, Action: 'sts:AssumeRole' });
  const [problem] = runCheck(principalServiceFormat, text, 'trust');
  assert.equal(problem.severity, 'warning');
  assert.equal(applyFix(text, problem), text.replace('ec2.amazon.com', 'ec2.amazonaws.com'));
});

test('principal-service-format suggests amazonaws.com for a domain a letter or two from it', () => {
  // Service-principal sweep: `ecs-tasks.amazonws.com`, `sqs.amazonws.com` got no suggestion.
  for (const [written, meant] of [
    ['ecs-tasks.amazonws.com', 'ecs-tasks.amazonaws.com'],
    ['sqs.amazonaws.co', 'sqs.amazonaws.com'],
    ['logs.eu-west-1.amazonaws.con', 'logs.eu-west-1.amazonaws.com'],
  ]) {
    const text = policyWith({ Effect: 'Allow', Principal: { Service: written }, Action: 'sts:AssumeRole' });
    const [problem] = runCheck(principalServiceFormat, text, 'trust');
    assert.match(problem.message, new RegExp(`did you mean "${meant.replace(/\./g, '\\.')}"\\?`), written);
    assert.equal(applyFix(text, problem), text.replace(written, meant));
  }
  const [other] = runCheck(principalServiceFormat, policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.example.org' }, Action: 'sts:AssumeRole' }), 'trust');
  assert.match(other.message, /Check the service principal in the service's documentation\.$/);
});

test('principal-service-format accepts documented service principals', () => {
  const services = ['ec2.amazonaws.com', 'logs.eu-west-1.amazonaws.com', 'ec2.amazonaws.com.cn', 'alexa-appkit.amazon.com', 'delivery.logs.amazonaws.com'];
  assert.deepEqual(runCheck(principalServiceFormat, policyWith({ Effect: 'Allow', Principal: { Service: services }, Action: 'lambda:InvokeFunction', Resource: '*' }), 'resource'), []);
  assert.deepEqual(runCheck(principalServiceFormat, policyWith({ Principal: { Service: 'lambda' } }), 'scp'), []);
});

test('principal-service-format does not judge a host name with a placeholder in it, but still an ARN', async () => {
  // terraform-aws-eks main.tf: `identifiers = ["eks.${local.dns_suffix}"]`, the partition's DNS suffix.
  await terraformReader.prepare!();
  const text = `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["eks.\${local.dns_suffix}", "ec2.\${data.aws_partition.current.dns_suffix}", "arn:\${local.partition}:iam::111122223333:role/x"]
    }
  }
}
`;
  const [embedded] = terraformReader.read({ text, uri: 'file:///work/service-principals.tf' })!.policies;
  const problems = checkPolicy(embedded.policy, { policyType: 'trust' }, [principalServiceFormat]);
  assert.deepEqual(
    problems.map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['"arn:${local.partition}:iam::111122223333:role/x"'],
  );
});

test('principal-service-format names a placeholder left in a service principal', () => {
  const [problem] = runCheck(principalServiceFormat, policyWith({ Effect: 'Allow', Principal: { Service: 'logs.{your-region}.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'trust');
  assert.equal(
    problem.message,
    '"logs.{your-region}.amazonaws.com" holds the placeholder "{your-region}", left in for someone to fill. Write the service principal it stands for, such as "logs.us-east-1.amazonaws.com".',
  );
});
