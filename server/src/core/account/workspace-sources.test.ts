// Which workspace files are account sources, by content.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTerraformParser } from '../hosts/terraform/parser';
import type { ModuleFile } from './from-terraform';
import { accountSourceKindOf, readAccountSource, terraformCallerRoots, terraformCallGraph, terraformRootFolders } from './workspace-sources';

before(() => loadTerraformParser());

test('exports, templates with IAM resources and Terraform files with aws_iam_* resources are sources; the rest are not', () => {
  const cases: [string, string, string | undefined][] = [
    ['account.json', '{"UserDetailList": [], "RoleDetailList": []}', 'authorization-details'],
    ['roles-only.json', '\ufeff{\n  "RoleDetailList": []\n}', 'authorization-details'],
    ['stack.json', '{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {}}}}', 'cloudformation'],
    ['stack.yaml', 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n', 'cloudformation'],
    ['stack.template', 'Resources:\n  U:\n    Type: AWS::IAM::User\n', 'cloudformation'],
    ['main.tf', 'resource "aws_iam_role" "r" {\n  name = "r"\n}\n', 'terraform'],
    // A root module that makes its principals through a local module call.
    ['root.tf', 'module "deployer" {\n  source = "./modules/role"\n  name   = "deployer"\n}\n', 'terraform'],
    // A CDK app of CDK v1's one-package monocdk, as of aws-cdk-lib.
    ['stack.ts', "import { aws_iam as iam } from 'monocdk';\nnew iam.Role(this, 'R', { assumedBy: new iam.AccountRootPrincipal() });\n", 'cdk'],
    // Templates without IAM resources, Terraform without IAM, other JSON and YAML.
    ['bucket.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n', undefined],
    ['s3.tf', 'resource "aws_s3_bucket" "b" {}\n', undefined],
    ['vpc.tf', 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n', undefined],
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

test('a folder only ever called by another is read through its callers, not also on its own', () => {
  const folders = new Map<string, ModuleFile[]>([
    ['/ws/live', [{ file: '/ws/live/main.tf', text: 'module "app" {\n  source = "../modules/app"\n  name   = "app"\n}\n' }]],
    ['/ws/modules/app', [{ file: '/ws/modules/app/main.tf', text: 'variable "name" {}\nmodule "role" {\n  source = "./role"\n  name   = var.name\n}\n' }]],
    ['/ws/modules/app/role', [{ file: '/ws/modules/app/role/main.tf', text: 'variable "name" {}\nresource "aws_iam_role" "r" {\n  name = var.name\n}\n' }]],
    // Applied on its own: nothing calls it.
    ['/ws/bootstrap', [{ file: '/ws/bootstrap/iam.tf', text: 'resource "aws_iam_user" "ci" {\n  name = "ci"\n}\n' }]],
    // Two folders that call each other and nothing else: the first is read (and warns of the cycle).
    ['/ws/a', [{ file: '/ws/a/main.tf', text: 'module "b" {\n  source = "../b"\n}\nresource "aws_iam_user" "a" {\n  name = "a"\n}\n' }]],
    ['/ws/b', [{ file: '/ws/b/main.tf', text: 'module "a" {\n  source = "../a"\n}\n' }]],
    // Calls only a folder without IAM resources: nothing to read.
    ['/ws/network', [{ file: '/ws/network/main.tf', text: 'module "vpc" {\n  source = "./vpc"\n}\n' }]],
  ]);
  assert.deepEqual(terraformRootFolders(folders), ['/ws/a', '/ws/bootstrap', '/ws/live']);
  const live = readAccountSource('terraform', '/ws/live', folders.get('/ws/live')!, { accountId: '111122223333', moduleFiles: (folder) => folders.get(folder) });
  assert.deepEqual([...live.account!.roles.keys()], ['arn:aws:iam::111122223333:role/app']);
  assert.deepEqual(live.files, ['/ws/live/main.tf', '/ws/modules/app/main.tf', '/ws/modules/app/role/main.tf']);
  // The editor reads a called module's file through these roots: live calls app directly and role through app.
  const calls = terraformCallGraph(folders);
  assert.deepEqual(calls.get('/ws/modules/app'), ['/ws/modules/app/role']);
  assert.deepEqual(terraformCallerRoots('/ws/modules/app/role', calls), ['/ws/live']);
  assert.deepEqual(terraformCallerRoots('/ws/modules/app', calls), ['/ws/live']);
  // Nothing calls bootstrap; a and b call each other and a is the root read for their cycle; b is read through a.
  assert.deepEqual(terraformCallerRoots('/ws/bootstrap', calls), []);
  assert.deepEqual(terraformCallerRoots('/ws/a', calls), []);
  assert.deepEqual(terraformCallerRoots('/ws/b', calls), ['/ws/a']);
});
