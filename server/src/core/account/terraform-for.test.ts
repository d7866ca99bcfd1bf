// `for` expressions in the account model of Terraform modules (test/fixtures/terraform/for-expressions: locals spread
// into for_each of users and attachments, into a policy document data source, into a module call's for_each and
// arguments, and a called module whose Statement list is a `for` over a variable's default), and smaller cases inline.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCatalog } from '../catalog/catalog';
import { loadTerraformParser } from '../hosts/terraform/parser';
import { AccountEvaluator } from './account-evaluator';
import type { Account } from './model';
import { whatCan } from './what-can';
import { whoCan } from './who-can';
import { readInlineModules, readModuleFolder } from '../../../../test/helpers/inline-modules';

before(() => loadTerraformParser());

const fixture = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'terraform', 'for-expressions');
const team = join(fixture, 'modules', 'team', 'main.tf');
const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;

function readFixture(): Account {
  return readModuleFolder(fixture).account!;
}

/** The span of `needle` in a file (the first one after `after`). */
function spanOf(file: string, needle: string, after = ''): { start: number; end: number } {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(needle, text.indexOf(after));
  assert.ok(start >= 0, `${needle} is in ${file}`);
  return { start, end: start + needle.length };
}

test('for_each over a `for` expression makes one principal or attachment per key, addressed by it', () => {
  const account = readFixture();
  const header = spanOf(join(fixture, 'main.tf'), 'resource "aws_iam_user" "reader" {');
  // The empty name is filtered out by the `if`.
  assert.deepEqual(
    [...account.users.values()].map((user) => [user.arn, user.source.path, user.source.span, user.attached]),
    [
      [arn('user/alice'), 'aws_iam_user.reader["alice"]', header, [arn('policy/read')]],
      [arn('user/bob'), 'aws_iam_user.reader["bob"]', header, [arn('policy/read')]],
    ],
  );
  // Only red is called (blue is filtered out by `if !team.admin`); its readers are the users' ARNs, by index.
  const role = account.roles.get(arn('role/red-team'))!;
  assert.deepEqual([...account.roles.keys()], [arn('role/red-team')]);
  assert.deepEqual(role.source, { file: team, path: 'module.team["red"].aws_iam_role.team', span: spanOf(team, 'resource "aws_iam_role" "team" {') });
  assert.deepEqual(role.trust?.value, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: [arn('user/alice'), arn('user/bob')] } }] });
  assert.deepEqual(account.warnings, [
    `${join(fixture, 'main.tf')}: aws_iam_policy.read policy holds values known only at apply (var.extra_buckets[*]); statements using them are answered as conditional on deploy-time:… keys.`,
  ]);
});

test('a `for` expression in a policy document is its elements; one over a variable set at apply stays unknown', () => {
  const account = readFixture();
  const read = account.policies.get(arn('policy/read'))!.policy;
  assert.deepEqual(read.value, {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadTeamBuckets',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        // values() of the map in key order (blue, red), each team's buckets flattened into the list.
        Resource: ['arn:aws:s3:::blue-data/*', 'arn:aws:s3:::red-data/*', 'arn:aws:s3:::red-logs/*'],
      },
      // var.extra_buckets has no value before apply: the body once, with the bucket any element of the list, so the
      // Resource is still an object ARN and the statement waits on the list.
      {
        Sid: 'ReadExtra',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::*/*',
        Condition: { StringLike: { 'deploy-time:var.extra_buckets[*]': '*' } },
      },
    ],
  });
  const main = join(fixture, 'main.tf');
  assert.deepEqual(read.written?.statements, [
    { index: 0, sid: 'ReadTeamBuckets', span: { start: spanOf(main, 'statement {').start, end: spanOf(main, '  }\n  statement {').start + 3 } },
    { index: 1, sid: 'ReadExtra', span: { start: spanOf(main, 'statement {', 'ReadTeamBuckets').start, end: spanOf(main, '  }\n}\n', 'ReadExtra').start + 3 } },
  ]);
});

test("`Statement = [for …]` over a called module's default makes one statement per key, each placed at the one body", () => {
  const account = readFixture();
  const [inline] = account.roles.get(arn('role/red-team'))!.inline;
  const resources = ['arn:aws:s3:::red-data/*', 'arn:aws:s3:::red-logs/*'];
  assert.deepEqual(inline.value, {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: resources },
      { Sid: 'Write', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: resources },
    ],
  });
  const body = spanOf(team, '{\n      Sid      = sid');
  const bodySpan = { start: body.start, end: spanOf(team, '}]\n', 'Sid      = sid').start + 1 };
  assert.equal(inline.written?.file, team);
  assert.deepEqual(inline.written?.statements, [
    { index: 0, sid: 'Read', span: bodySpan },
    { index: 1, sid: 'Write', span: bodySpan },
  ]);
});

test('who-can and what-can answer with the values the `for` expressions make (checked by hand)', () => {
  const evaluator = new AccountEvaluator(readFixture());
  const answer = (action: string, resource: string) =>
    whoCan(evaluator, action, resource).allowed.map((entry) => [entry.principal, entry.decision, entry.via.map((via) => `${via.policy} › ${via.statement}`)]);
  // red-logs is a red bucket: the readers through ReadTeamBuckets, the red team through its Read statement.
  assert.deepEqual(answer('s3:GetObject', 'arn:aws:s3:::red-logs/report.csv'), [
    [arn('user/alice'), 'Allowed', [`${arn('policy/read')} › ReadTeamBuckets`]],
    [arn('user/bob'), 'Allowed', [`${arn('policy/read')} › ReadTeamBuckets`]],
    [arn('role/red-team'), 'Allowed', [`buckets › Read`]],
  ]);
  // Only the red team writes, and only to red buckets; blue's buckets are not in its list.
  assert.deepEqual(answer('s3:DeleteObject', 'arn:aws:s3:::red-data/k'), [[arn('role/red-team'), 'Allowed', [`buckets › Write`]]]);
  assert.deepEqual(answer('s3:PutObject', 'arn:aws:s3:::blue-data/k'), []);
  // Another bucket: only the statement whose list is known at apply may allow it.
  assert.deepEqual(
    whoCan(evaluator, 's3:GetObject', 'arn:aws:s3:::other/k').allowed.map((entry) => [entry.principal, entry.decision]),
    [
      [arn('user/alice'), 'Conditional'],
      [arn('user/bob'), 'Conditional'],
    ],
  );
  const red = evaluator.account.roles.get(arn('role/red-team'))!;
  assert.deepEqual(
    whatCan(evaluator, red, getCatalog(), 's3').allowed.map((entry) => [entry.action, entry.resources]),
    [
      ['s3:DeleteObject', resources()],
      ['s3:GetObject', resources()],
      ['s3:PutObject', resources()],
    ],
  );
  function resources() {
    return ['arn:aws:s3:::red-data/*', 'arn:aws:s3:::red-logs/*'];
  }
});

test('`for` expressions: an index symbol, map results with `...` grouping, and an unknown filter leaves the list unknown', () => {
  const account = readInlineModules({
    'root/main.tf': `
locals {
  services = ["lambda", "ecs-tasks", "ec2"]
  by_prefix = { for name in local.services : substr(name, 0, 1) => "\${name}.amazonaws.com"... }
}
variable "skip" { type = bool }
resource "aws_iam_role" "indexed" {
  name = "indexed"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = [for i, name in local.services : "\${name}.amazonaws.com" if i < 2] } }]
  })
}
resource "aws_iam_role" "filtered" {
  name = "filtered"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = [for name in local.services : "\${name}.amazonaws.com" if !var.skip] } }]
  })
}
module "grouped" {
  source   = "./grouped"
  services = { for name in local.services : (name == "ec2" ? "compute" : "containers") => "\${name}.amazonaws.com"... }
}
`,
    'root/grouped/main.tf': `
variable "services" { type = map(list(string)) }
resource "aws_iam_role" "r" {
  for_each = var.services
  name = each.key
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = each.value } }]
  })
}
`,
  });
  const principal = (name: string) => (account.roles.get(arn(`role/${name}`))?.trust?.value as { Statement: { Principal: unknown; Condition?: unknown }[] } | undefined)?.Statement[0];
  assert.deepEqual(principal('indexed'), { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'] } });
  // `if !var.skip` is known only at apply: which services are listed is not known, so the written body stands for them.
  assert.deepEqual(principal('filtered'), { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['*.amazonaws.com'] }, Condition: { StringLike: { 'deploy-time:name': '*' } } });
  // `...` groups the values of a key made more than once; a map is iterated by key (compute, containers).
  assert.deepEqual(
    [...account.roles.values()]
      .filter((role) => role.source.path?.startsWith('module.'))
      .map((role) => [role.source.path, (role.trust?.value as { Statement: { Principal: unknown }[] }).Statement[0].Principal]),
    [
      ['module.grouped.aws_iam_role.r["compute"]', { Service: ['ec2.amazonaws.com'] }],
      ['module.grouped.aws_iam_role.r["containers"]', { Service: ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'] }],
    ],
  );
});

test('a resource with for_each named as a whole is a map of its instances: for_each over it, and `for` over it', () => {
  const main = `
resource "aws_iam_policy_attachment" "data" {
  name       = "data"
  policy_arn = aws_iam_policy.read.arn
  users      = [for u in aws_iam_user.users : u.name if u.tags.team == "data"]
}
resource "aws_iam_user_policy_attachment" "each" {
  for_each   = aws_iam_user.users
  user       = each.value.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
resource "aws_iam_user" "users" {
  for_each = { carol = "data", alice = "data", bob = "ops" }
  name     = each.key
  tags     = { team = each.value }
}
resource "aws_iam_policy" "read" {
  name   = "read"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}
resource "aws_iam_role" "readers" {
  name               = "readers"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = [for u in aws_iam_user.users : u.arn] } }] })
}
resource "aws_iam_role" "counted" {
  count              = 2
  name               = "counted-\${count.index}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "counted" {
  for_each   = { for i, role in aws_iam_role.counted : role.name => i }
  role       = each.key
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
variable "later" {}
resource "aws_iam_user" "later" {
  for_each = var.later
  name     = each.key
}
resource "aws_iam_role" "later" {
  name               = "later"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = [for u in aws_iam_user.later : u.arn] } }] })
}
`;
  const account = readInlineModules({ 'root/main.tf': main });
  const read = arn('policy/read');
  const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  // Every user gets ReadOnlyAccess through for_each over the users; read goes to exactly the data team.
  assert.deepEqual(
    [...account.users.values()].map((user) => [user.arn, user.attached]),
    [
      [arn('user/carol'), [readOnly, read]],
      [arn('user/alice'), [readOnly, read]],
      [arn('user/bob'), [readOnly]],
      [arn('user/aws_iam_user.later'), []],
    ],
  );
  // The instances in key order, as Terraform iterates a map.
  assert.deepEqual(account.roles.get(arn('role/readers'))!.trust?.value, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: [arn('user/alice'), arn('user/bob'), arn('user/carol')] } }],
  });
  assert.deepEqual(
    [arn('role/counted-0'), arn('role/counted-1')].map((role) => account.roles.get(role)?.attached),
    [[readOnly], [readOnly]],
  );
  // Which users aws_iam_user.later makes is known only at apply: the principal is any of their ARNs.
  assert.deepEqual(account.roles.get(arn('role/later'))!.trust?.value, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: ['*'] }, Condition: { StringLike: { 'deploy-time:aws_iam_user.later[*].arn': '*' } } }],
  });
});

test("a bucket's `arn` and `id` are known from its literal name; a bucket named at apply stays unknown", () => {
  const account = readInlineModules({
    'root/main.tf': `
resource "aws_s3_bucket" "data" {
  bucket = "team-data"
}
resource "aws_s3_bucket" "logs" {
  bucket = "team-logs"
}
resource "aws_s3_bucket" "scratch" {
  bucket_prefix = "scratch-"
}
resource "aws_iam_user" "reader" {
  name = "reader"
}
resource "aws_iam_user_policy" "read" {
  user = aws_iam_user.reader.name
  name = "read"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Data", Effect = "Allow", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.data.arn}/*" },
      { Sid = "Logs", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::\${aws_s3_bucket.logs.id}/*" },
      { Sid = "Scratch", Effect = "Allow", Action = "s3:PutObject", Resource = "\${aws_s3_bucket.scratch.arn}/*" },
    ]
  })
}
`,
  });
  const evaluator = new AccountEvaluator(account);
  // Allowed: the granting statements; Conditional: each statement and the key known only at apply it waits on.
  const answer = (action: string, resource: string) =>
    whoCan(evaluator, action, resource).allowed.map((entry) => [
      entry.principal,
      entry.decision,
      entry.decision === 'Allowed' ? entry.via.map((via) => via.statement) : (entry.conditions ?? []).map((condition) => `${condition.statement} ${condition.key}`),
    ]);
  assert.deepEqual(answer('s3:GetObject', 'arn:aws:s3:::team-data/report.csv'), [[arn('user/reader'), 'Allowed', ['Data']]]);
  assert.deepEqual(answer('s3:GetObject', 'arn:aws:s3:::team-logs/2026/12/02.log'), [[arn('user/reader'), 'Allowed', ['Logs']]]);
  assert.deepEqual(answer('s3:GetObject', 'arn:aws:s3:::other/report.csv'), []);
  // bucket_prefix: the name is made at apply, so the grant depends on it (`${aws_s3_bucket.scratch.arn}/*` is an ARN
  // whatever the bucket, not `*/*`, which matches none).
  assert.deepEqual(answer('s3:PutObject', 'arn:aws:s3:::scratch-123/k'), [[arn('user/reader'), 'Conditional', ['Scratch deploy-time:aws_s3_bucket.scratch.arn']]]);
});
