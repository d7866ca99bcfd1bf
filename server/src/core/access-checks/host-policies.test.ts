import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { terraformReader } from '../hosts/terraform/index';
import { checkNoNewAccessByName, matchBasePolicies } from './host-policies';

before(async () => {
  await terraformReader.prepare!();
});

const analyze = (text: string, uri: string) => analyzeDocument({ text, uri }, { config: defaultConfiguration }).policies;

const inline = (name: string, action: string) => `        - PolicyName: ${name}
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ${action}
                Resource: "*"
`;
const role = (policies: string) => `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
${policies}`;

test('CloudFormation: inserting Policies[0] leaves the named inline policies after it matched with themselves', () => {
  const base = analyze(role(inline('read', 's3:GetObject') + inline('send', 'sqs:SendMessage')), 'file:///t.yaml');
  const next = analyze(role(inline('logs', 'logs:PutLogEvents') + inline('read', 's3:GetObject') + inline('send', 'sqs:SendMessage')), 'file:///t.yaml');
  assert.deepEqual(
    next.map((policy) => policy.matchKey ?? policy.name),
    [
      'AppRole › AssumeRolePolicyDocument',
      'AppRole › Policies[PolicyName "logs"] › PolicyDocument',
      'AppRole › Policies[PolicyName "read"] › PolicyDocument',
      'AppRole › Policies[PolicyName "send"] › PolicyDocument',
    ],
  );
  assert.deepEqual(
    matchBasePolicies(base, next).map((policy) => policy?.name),
    ['AppRole › AssumeRolePolicyDocument', undefined, 'AppRole › Policies[0] › PolicyDocument', 'AppRole › Policies[1] › PolicyDocument'],
  );
  const results = checkNoNewAccessByName(base, next);
  assert.deepEqual(
    results.map((entry) => [entry.name, entry.hasBase, entry.result.result]),
    [
      ['AppRole › AssumeRolePolicyDocument', true, 'PASS'],
      ['AppRole › Policies[0] › PolicyDocument', false, 'FAIL'],
      ['AppRole › Policies[1] › PolicyDocument', true, 'PASS'],
      ['AppRole › Policies[2] › PolicyDocument', true, 'PASS'],
    ],
  );
  assert.deepEqual(results[1].result.actions, ['logs:PutLogEvents']);
});

test('CloudFormation: a renamed inline policy is a new policy; without PolicyName the index matches', () => {
  const base = analyze(role(inline('read', 's3:GetObject')), 'file:///t.yaml');
  const renamed = analyze(role(inline('reader', 's3:GetObject')), 'file:///t.yaml');
  assert.deepEqual(
    checkNoNewAccessByName(base, renamed).map((entry) => [entry.hasBase, entry.result.result]),
    [
      [true, 'PASS'],
      [false, 'FAIL'],
    ],
  );
  // PolicyName given by an intrinsic: not a name the reader can compare, so the policy is matched by its index.
  const computed = (action: string) => role(inline('!Sub "${AWS::StackName}-read"', action));
  const before = analyze(computed('s3:GetObject'), 'file:///t.yaml');
  const after = analyze(computed('s3:GetObject'), 'file:///t.yaml');
  assert.equal(after[1].matchKey, undefined);
  assert.deepEqual(
    matchBasePolicies(before, after).map((policy) => policy?.name),
    ['AppRole › AssumeRolePolicyDocument', 'AppRole › Policies[0] › PolicyDocument'],
  );
});

const tfRole = (blocks: [string | undefined, string][]) => `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
${blocks
  .map(
    ([name, action]) => `  inline_policy {
${name !== undefined ? `    name   = "${name}"\n` : ''}    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }] })
  }
`,
  )
  .join('')}}
`;

test('Terraform: inline_policy blocks are matched by their name; unnamed blocks pair in order', () => {
  const base = analyze(
    tfRole([
      ['read', 's3:GetObject'],
      ['send', 'sqs:SendMessage'],
    ]),
    'file:///main.tf',
  );
  const next = analyze(
    tfRole([
      ['logs', 'logs:PutLogEvents'],
      ['read', 's3:GetObject'],
      ['send', 'sqs:SendMessage'],
    ]),
    'file:///main.tf',
  );
  assert.deepEqual(
    next.map((policy) => policy.matchKey),
    [undefined, 'aws_iam_role.app.inline_policy["logs"].policy', 'aws_iam_role.app.inline_policy["read"].policy', 'aws_iam_role.app.inline_policy["send"].policy'],
  );
  assert.deepEqual(
    checkNoNewAccessByName(base, next).map((entry) => [entry.hasBase, entry.result.result, entry.result.actions ?? []]),
    [
      [true, 'PASS', []],
      [false, 'FAIL', ['logs:PutLogEvents']],
      [true, 'PASS', []],
      [true, 'PASS', []],
    ],
  );
  // Unnamed blocks share one name: the first is compared with the first, the second with the second (before, every
  // block was compared with the last one of the base).
  const unnamed = (first: string, second: string) =>
    analyze(
      tfRole([
        [undefined, first],
        [undefined, second],
      ]),
      'file:///main.tf',
    );
  assert.deepEqual(
    checkNoNewAccessByName(unnamed('s3:GetObject', 'sqs:SendMessage'), unnamed('s3:GetObject', 'sqs:SendMessage')).map((entry) => entry.result.result),
    ['PASS', 'PASS', 'PASS'],
  );
});
