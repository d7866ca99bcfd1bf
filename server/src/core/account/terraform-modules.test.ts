// Terraform modules called from modules in the account model: a root module whose principals are made by local
// module calls (test/fixtures/terraform/nested: root → modules/role → modules/logs, with count, for_each, outputs,
// a remote source, a missing folder and a cycle), and smaller cases inline.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTerraformParser } from '../hosts/terraform/parser';
import { AccountEvaluator } from './account-evaluator';
import { findEscalations } from './escalations';
import type { Account } from './model';
import { whoCan } from './who-can';
import { joinModulePath, moduleFolderOf, referenceOfText, SPLAT } from './terraform-modules';
import { readInlineModules, readModuleFolder } from '../../../../test/helpers/inline-modules';

before(() => loadTerraformParser());

const nested = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'terraform', 'nested');
const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;

function readNested(): { account: Account; policies: ReadonlyMap<string, unknown> } {
  const result = readModuleFolder(nested);
  return { account: result.account!, policies: result.policies };
}

/** The span of the `occurrence`-th `needle` in a fixture file, and that file's path. */
function at(relative: string, needle: string, length = needle.length): { file: string; span: { start: number; end: number } } {
  const file = join(nested, relative);
  const start = readFileSync(file, 'utf8').indexOf(needle);
  assert.ok(start >= 0, `${needle} is in ${relative}`);
  return { file, span: { start, end: start + length } };
}

test('a root module gets the principals its module calls make: one per call, per count index and per for_each key', () => {
  const { account, policies } = readNested();
  assert.deepEqual([...account.users.keys()], [arn('user/ci'), arn('user/looper')]);
  assert.deepEqual([...account.roles.keys()], [arn('role/deployer'), arn('role/audit-reader'), arn('role/billing-reader'), arn('role/worker-0'), arn('role/worker-1')]);
  // The grandchild (modules/logs) is called once per role whose create_logs is left at its default, true.
  assert.deepEqual([...account.policies.keys()], [arn('policy/deployer-logs'), arn('policy/audit-reader-logs'), arn('policy/billing-reader-logs')]);
  // Every module file read is a file of the reading (so the editor finds the places in it); modules/loop once.
  assert.deepEqual(
    [...policies.keys()].map((file) => file.slice(nested.length + 1)),
    ['main.tf', join('modules', 'role', 'main.tf'), join('modules', 'logs', 'main.tf'), join('modules', 'loop', 'main.tf')],
  );
});

test("each instance's arguments are bound to the module's variables, defaults where not passed, outputs read by the caller", () => {
  const { account } = readNested();
  const deployer = account.roles.get(arn('role/deployer'))!;
  // trusted_arns = [aws_iam_user.ci.arn], resolved in the root module; the list spliced into the identifiers.
  assert.deepEqual(deployer.trust?.value, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: [arn('user/ci')] } }] });
  // policy_json = data.aws_iam_policy_document.deploy.json of the root, through var.policy_json in the child.
  assert.deepEqual(
    deployer.inline.map((p) => [p.key, p.value]),
    [
      [
        `${arn('role/deployer')}#inline/deployer-inline`,
        { Version: '2012-10-17', Statement: [{ Sid: 'Deploy', Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: 'arn:aws:lambda:*:*:function:app-*' }] },
      ],
    ],
  );
  // role = module.deployer.role_name in the root; role = var.role_name in the grandchild.
  assert.deepEqual(deployer.attached, ['arn:aws:iam::aws:policy/AdministratorAccess', arn('policy/deployer-logs')]);
  const audit = account.roles.get(arn('role/audit-reader'))!;
  // Not passed: trusted_arns' default; policy_json null, so `count = var.policy_json == null ? 0 : 1` makes no policy.
  assert.deepEqual(audit.trust?.value, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: [arn('root')] } }] });
  assert.deepEqual(audit.inline, []);
  assert.deepEqual(audit.attached, [arn('policy/audit-reader-logs')]);
  assert.deepEqual(account.policies.get(arn('policy/audit-reader-logs'))?.policy.value, {
    Version: '2012-10-17',
    Statement: [{ Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:*:*:log-group:/app/audit-reader:*' }],
  });
  // create_logs = false: the grandchild module's count is 0.
  assert.deepEqual(account.roles.get(arn('role/worker-1'))!.attached, []);
  const ci = account.users.get(arn('user/ci'))!;
  assert.deepEqual(ci.inline[0].value, { Version: '2012-10-17', Statement: [{ Sid: 'AssumeDeployer', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('role/deployer') }] });
});

test("principals and statements point into the called module's file, addressed from the root module", () => {
  const { account } = readNested();
  const role = (name: string) => account.roles.get(arn(`role/${name}`))!;
  const header = at(join('modules', 'role', 'main.tf'), 'resource "aws_iam_role" "this" {');
  for (const [name, address] of [
    ['deployer', 'module.deployer.aws_iam_role.this'],
    ['audit-reader', 'module.readers["audit"].aws_iam_role.this'],
    ['worker-1', 'module.workers[1].aws_iam_role.this'],
  ])
    assert.deepEqual(role(name).source, { file: header.file, path: address, span: header.span });
  assert.deepEqual(account.users.get(arn('user/looper'))!.source, { ...at(join('modules', 'loop', 'main.tf'), 'resource "aws_iam_user" "looper" {'), path: 'module.loop.aws_iam_user.looper' });
  // The deployer's inline policy is written in the root module (the data source passed as policy_json).
  const inline = role('deployer').inline[0];
  const document = at('main.tf', 'data "aws_iam_policy_document" "deploy" {');
  assert.equal(inline.source.file, document.file);
  assert.equal(inline.source.path, 'module.deployer.aws_iam_role_policy.this.policy');
  assert.equal(inline.written?.file, document.file);
  assert.equal(inline.written?.statements[0].span.start, at('main.tf', 'statement {').span.start);
  // The logs policy of each instance is written once, in the grandchild's file.
  const logs = account.policies.get(arn('policy/billing-reader-logs'))!.policy;
  const value = at(join('modules', 'logs', 'main.tf'), 'jsonencode({');
  assert.equal(logs.written?.file, value.file);
  assert.equal(logs.written?.span.start, value.span.start);
  assert.equal(logs.source.path, 'module.readers["billing"].module.logs[0].aws_iam_policy.logs.policy');
  assert.equal(logs.written?.statements[0].sid, 'WriteLogs');
});

test('remote sources are named once, a missing folder and a cycle are warned about, and nothing is fetched', () => {
  const { account } = readNested();
  const main = join(nested, 'main.tf');
  assert.deepEqual(account.warnings, [
    `${join(nested, 'modules', 'loop', 'main.tf')}: module.loop.module.again calls ../loop, a module that is already calling it (Terraform refuses such a cycle); it is not followed.`,
    `${main}: module.gone calls ./modules/not-here, a folder without .tf files here; the IAM resources it creates are missing.`,
    'Modules from the registry, git or other remote sources are not read (that needs terraform init and the network); the IAM resources of module.vpc ("terraform-aws-modules/vpc/aws") are missing.',
  ]);
});

test('who-can and escalations see the principals made through module calls', () => {
  const { account } = readNested();
  const evaluator = new AccountEvaluator(account);
  // Checked by hand: audit-reader holds audit-reader-logs (logs:PutLogEvents on /app/audit-reader:*); deployer holds
  // AdministratorAccess; billing-reader's logs policy is for its own log group; the workers hold nothing.
  const answer = whoCan(evaluator, 'logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:/app/audit-reader:log-stream:s1');
  assert.deepEqual(
    answer.allowed.map((entry) => [entry.principal, entry.decision, entry.via.map((via) => `${via.policy} › ${via.statement}`)]),
    [
      [arn('role/deployer'), 'Allowed', ['arn:aws:iam::aws:policy/AdministratorAccess › #1']],
      [arn('role/audit-reader'), 'Allowed', [`${arn('policy/audit-reader-logs')} › WriteLogs`]],
    ],
  );
  // Only ci may assume the deployer (its trust names ci's ARN, passed by the root module).
  assert.deepEqual(answer.allowed[0].assumableBy, [{ principal: arn('user/ci'), decision: 'Allowed' }]);
  const escalations = findEscalations(evaluator).escalations.map((e) => [e.principal, e.method, e.path.map((step) => step.to)]);
  assert.deepEqual(escalations, [[arn('user/ci'), 'assume-role', [arn('role/deployer')]]]);
});

test("a module's output can re-export its own module call's output; for_each over a map binds each.value", () => {
  const account = readInlineModules({
    'root/main.tf': `
module "team" {
  source   = "../team"
  for_each = { dev = { path = "/dev/" }, ops = { path = "/ops/" } }
  name     = each.key
  path     = each.value.path
  actions  = ["s3:GetObject", "s3:PutObject"]
}
resource "aws_iam_group_membership" "ops" {
  name  = "ops"
  group = module.team["ops"].group_name
  users = [module.team["ops"].user_name]
}
`,
    'team/main.tf': `
variable "name" {}
variable "path" { default = "/" }
variable "actions" { type = list(string) }
resource "aws_iam_group" "g" {
  name = "\${var.name}-group"
}
module "member" {
  source = "./member"
  name   = var.name
  path   = var.path
  grants = var.actions
}
output "group_name" { value = aws_iam_group.g.name }
output "user_name" { value = module.member.user_name }
`,
    'team/member/main.tf': `
variable "name" {}
variable "path" {}
variable "grants" {}
resource "aws_iam_user" "u" {
  name = "\${var.name}-user"
  path = var.path
}
resource "aws_iam_user_policy" "p" {
  name   = "grants"
  user   = aws_iam_user.u.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = var.grants, Resource = "*" }] })
}
output "user_name" { value = aws_iam_user.u.name }
`,
  });
  assert.deepEqual([...account.users.keys()], [arn('user/dev/dev-user'), arn('user/ops/ops-user')]);
  assert.deepEqual([...account.groups.keys()], [arn('group/dev-group'), arn('group/ops-group')]);
  assert.deepEqual(account.users.get(arn('user/ops/ops-user'))!.groups, ['ops-group']);
  assert.deepEqual(account.users.get(arn('user/dev/dev-user'))!.groups, []);
  assert.deepEqual(account.users.get(arn('user/dev/dev-user'))!.inline[0].value, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }] });
  assert.deepEqual(account.warnings, []);
});

test('a count or for_each known only at apply reads one instance; two calls naming the same role keep the first', () => {
  const account = readInlineModules({
    'root/main.tf': `
variable "regions" { type = list(string) }
module "per_region" {
  source   = "./role"
  for_each = toset(var.regions)
  name     = "regional"
}
module "again" {
  source = "./role"
  name   = "regional"
}
`,
    'root/role/main.tf': `
variable "name" {}
resource "aws_iam_role" "r" {
  name               = var.name
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
`,
  });
  assert.deepEqual([...account.roles.keys()], [arn('role/regional')]);
  assert.equal(account.roles.get(arn('role/regional'))!.source.path, 'module.per_region.aws_iam_role.r');
  assert.deepEqual(account.warnings, [
    'root/main.tf: module.per_region has count or for_each known only at apply; its module is read as one instance.',
    `root/role/main.tf: module.again.aws_iam_role.r makes ${arn('role/regional')}, which module.per_region.aws_iam_role.r makes too (AWS refuses the second); the first is kept.`,
  ]);
});

test("the root module's variables stay known only at apply (tfvars may set them); without a folder reader calls are named", () => {
  const account = readInlineModules(
    {
      'root/main.tf': `
variable "name" { default = "from-default" }
resource "aws_iam_user" "u" { name = var.name }
module "child" { source = "./child" }
`,
      'root/child/main.tf': 'resource "aws_iam_user" "c" { name = "child" }\n',
    },
    { follow: false },
  );
  assert.deepEqual([...account.users.keys()], [arn('user/aws_iam_user.u')]);
  assert.deepEqual(account.warnings, [
    'root/main.tf: module.child calls ./child, which is not read here; the IAM resources it creates are missing.',
    'root/main.tf: aws_iam_user.u has no literal name (Terraform or AWS names it at apply), so it is named aws_iam_user.u here (synthetic ARN).',
  ]);
});

test('module paths and reference texts', () => {
  assert.equal(joinModulePath('/work/infra', './modules/role/'), '/work/infra/modules/role');
  assert.equal(joinModulePath('/work/infra/modules/role', '../logs'), '/work/infra/modules/logs');
  assert.equal(joinModulePath('file:///work/infra', '../shared/./iam'), 'file:///work/shared/iam');
  assert.equal(joinModulePath('C:\\infra\\live', '..\\modules\\role'), 'C:\\infra\\modules\\role');
  assert.equal(joinModulePath('', './modules/role'), 'modules/role');
  assert.equal(joinModulePath('', '../up'), '../up');
  assert.equal(moduleFolderOf('file:///work/infra/main.tf'), 'file:///work/infra');
  assert.deepEqual(referenceOfText('${module.readers["audit"].role_arn}'), { first: 'module', steps: ['readers', { index: 'audit' }, 'role_arn'] });
  assert.deepEqual(referenceOfText('aws_iam_role.this[0].arn'), { first: 'aws_iam_role', steps: ['this', { index: 0 }, 'arn'] });
  assert.deepEqual(referenceOfText('aws_iam_role.this.*.arn'), { first: 'aws_iam_role', steps: ['this', SPLAT, 'arn'] });
  assert.equal(referenceOfText('${upper(var.x)}'), undefined);
});

// The idioms of terraform-aws-modules/iam (modules/iam-assumable-role-with-oidc, main.tf): resources gated by
// `count = var.create_role ? 1 : 0`, read back with `join("", aws_iam_role.this.*.name)`, one attachment per ARN.
test('a resource whose count is known to be 0 or 1 is left out or read with count.index 0; join and splats of it resolve', () => {
  const account = readInlineModules({
    'root/main.tf': `
module "on" {
  source           = "../iam-role"
  create_role      = true
  role_name        = "irsa"
  role_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
}
module "off" {
  source    = "../iam-role"
  role_name = "never"
}
`,
    'iam-role/main.tf': `
variable "create_role" { default = false }
variable "role_name" {}
variable "role_policy_arns" { default = [] }
resource "aws_iam_role" "this" {
  count              = var.create_role ? 1 : 0
  name               = var.role_name
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "custom" {
  count      = var.create_role && length(var.role_policy_arns) > 0 ? length(var.role_policy_arns) : 0
  role       = join("", aws_iam_role.this.*.name)
  policy_arn = var.role_policy_arns[count.index]
}
`,
  });
  assert.deepEqual([...account.roles.keys()], [arn('role/irsa')]);
  assert.deepEqual(account.roles.get(arn('role/irsa'))!.attached, ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  assert.deepEqual(account.warnings, []);
});

test('module calls are followed 16 modules deep, then a warning says where they stop', () => {
  const files: Record<string, string> = { 'root/main.tf': 'module "next" {\n  source = "../m1"\n}\n' };
  for (let level = 1; level <= 18; level++) files[`m${level}/main.tf`] = `resource "aws_iam_user" "u" {\n  name = "level-${level}"\n}\nmodule "next" {\n  source = "../m${level + 1}"\n}\n`;
  const account = readInlineModules(files);
  assert.deepEqual(
    [...account.users.keys()],
    Array.from({ length: 16 }, (_, i) => arn(`user/level-${i + 1}`)),
  );
  assert.deepEqual(account.warnings, [`m16/main.tf: ${Array(16).fill('module.next.').join('')}module.next is nested more than 16 modules deep; it is not followed.`]);
});

test("a called module's optional resource waits on a key named by the call: two calls are two choices", () => {
  const account = readInlineModules({
    'root/main.tf': `
variable "reader" { type = bool }
module "reader" {
  source = "./role"
  name   = "reader"
  create = var.reader
}
module "writer" {
  source = "./role"
  name   = "writer"
  create = true
}
`,
    'root/role/main.tf': `
variable "name" {}
variable "create" { type = bool }
resource "aws_iam_role" "r" {
  count              = var.create ? 1 : 0
  name               = var.name
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "read" {
  count      = var.create ? 1 : 0
  role       = aws_iam_role.r[0].name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"
}
`,
  });
  const decide = (name: string, context?: Record<string, string>) => {
    const role = account.roles.get(arn(`role/${name}`))!;
    return new AccountEvaluator(account, { context }).decide(role, 'sqs:ListQueues', '*').decision;
  };
  // The writer's create is known (true); the reader's is the root's variable, known only at apply.
  assert.equal(decide('writer'), 'Allowed');
  assert.equal(decide('reader'), 'Conditional');
  assert.equal(decide('reader', { 'deploy-time:module.reader/var.create': 'true' }), 'Allowed');
  assert.equal(decide('reader', { 'deploy-time:module.reader/var.create': 'false' }), 'ImplicitlyDenied');
  assert.deepEqual(
    account.warnings.filter((warning) => warning.includes('created only when')),
    ['r', 'read'].map(
      (name, i) =>
        `root/role/main.tf: module.reader.${['aws_iam_role', 'aws_iam_role_policy_attachment'][i]}.${name} is created only when var.create (in module.reader) is true at apply; answers through it are Conditional until --context gives deploy-time:module.reader/var.create=true or its opposite.`,
    ),
  );
});
