// Which workspace files are account sources, by content.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSourceKindOf, readAccountSource } from './workspace-sources';

test('exports, templates with IAM resources and Terraform files with aws_iam_* resources are sources; the rest are not', () => {
  const cases: [string, string, string | undefined][] = [
    ['account.json', '{"UserDetailList": [], "RoleDetailList": []}', 'authorization-details'],
    ['roles-only.json', '\ufeff{\n  "RoleDetailList": []\n}', 'authorization-details'],
    ['stack.json', '{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {}}}}', 'cloudformation'],
    ['stack.yaml', 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n', 'cloudformation'],
    ['stack.template', 'Resources:\n  U:\n    Type: AWS::IAM::User\n', 'cloudformation'],
    ['main.tf', 'resource "aws_iam_role" "r" {\n  name = "r"\n}\n', 'terraform'],
    // Templates without IAM resources, Terraform without IAM, other JSON and YAML.
    ['bucket.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n', undefined],
    ['s3.tf', 'resource "aws_s3_bucket" "b" {}\n', undefined],
    ['policy.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateRole", "Resource": "*"}]}', undefined],
    ['package.json', '{"name": "x", "description": "reads AWS::IAM::Role"}', undefined],
    ['workflow.yml', 'on: push\njobs:\n  x:\n    steps:\n      - run: echo AWS::IAM::Role\n', undefined],
  ];
  assert.deepEqual(
    cases.map(([file, text]) => [file, accountSourceKindOf(file, text)]),
    cases.map(([file, , kind]) => [file, kind]),
  );
});

test("a source that does not parse gives its reader's message, never a throw", () => {
  const reading = readAccountSource('authorization-details', 'broken.json', [{ file: 'broken.json', text: '{"UserDetailList": [' }]);
  assert.equal(reading.account, undefined);
  assert.match(reading.error!, /^broken\.json is not valid JSON/);
  const template = readAccountSource('cloudformation', 't.yaml', [{ file: 't.yaml', text: 'Resources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: u\n' }], {
    accountId: '111122223333',
  });
  assert.deepEqual([...template.account!.users.keys()], ['arn:aws:iam::111122223333:user/u']);
});
