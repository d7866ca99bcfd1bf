// Terraform's JSON syntax (.tf.json) in the account model: a root module and a called module both written in JSON
// (test/fixtures/terraform/json-modules), a .tf root calling a .tf.json module, escapes inside interpolations, and
// which JSON folders are root modules of a workspace.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTerraformParser } from '../hosts/terraform/parser';
import { AccountEvaluator } from './account-evaluator';
import type { Account } from './model';
import { whoCan } from './who-can';
import { accountSourceKindOf, terraformRootFolders } from './workspace-sources';
import { folderModuleFiles, readInlineModules, readModuleFolder } from '../../../../test/helpers/inline-modules';

before(() => loadTerraformParser());

const fixture = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'terraform', 'json-modules');
const main = join(fixture, 'main.tf.json');
const serviceRole = join(fixture, 'modules', 'service-role', 'main.tf.json');
const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;

function readFixture(): Account {
  return readModuleFolder(fixture).account!;
}

function spanOf(file: string, needle: string): { start: number; end: number } {
  const start = readFileSync(file, 'utf8').indexOf(needle);
  assert.ok(start >= 0, `${needle} is in ${file}`);
  return { start, end: start + needle.length };
}

test('a .tf.json root module and the .tf.json module it calls: principals at their blocks, addressed from the root', () => {
  const account = readFixture();
  assert.deepEqual(
    [...account.users.values()].map((user) => user.source),
    [{ file: main, path: 'aws_iam_user.deployer', span: spanOf(main, '"deployer": {') }],
  );
  const header = spanOf(serviceRole, '"service": {');
  assert.deepEqual(
    [...account.roles.values()].map((role) => [role.arn, role.source]),
    [
      [arn('role/app-lambda'), { file: serviceRole, path: 'module.service_roles.aws_iam_role.service["lambda"]', span: header }],
      [arn('role/app-states'), { file: serviceRole, path: 'module.service_roles.aws_iam_role.service["states"]', span: header }],
    ],
  );
  assert.deepEqual(account.warnings, []);
});

test('.tf.json policies: a JSON string with interpolations, a data source through an inline_policy block, an output list', () => {
  const account = readFixture();
  const lambda = account.roles.get(arn('role/app-lambda'))!;
  // `${each.key}` inside the JSON policy string, per instance.
  assert.deepEqual(lambda.trust?.value, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const [logs] = lambda.inline;
  assert.equal(logs.key, `${arn('role/app-lambda')}#inline/logs`);
  assert.deepEqual(logs.value, {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:*:*:log-group:/app/*' }],
  });
  assert.deepEqual(logs.written?.statements, [
    { index: 0, sid: 'Logs', span: { start: spanOf(serviceRole, '{\n            "sid": "Logs"').start, end: spanOf(serviceRole, '/*"]\n          }').end } },
  ]);
  // "Resource": "${module.service_roles.arns}": the module's output, a list made by a `for` expression.
  const [pass] = account.users.get(arn('user/deployer'))!.inline;
  assert.deepEqual(pass.value, {
    Version: '2012-10-17',
    Statement: [{ Sid: 'PassServiceRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: [arn('role/app-lambda'), arn('role/app-states')] }],
  });
  assert.equal(pass.written?.file, main);
  assert.deepEqual(
    pass.written?.statements.map((s) => [s.sid, readFileSync(main, 'utf8').slice(s.span.start, s.span.start + 9)]),
    [['PassServiceRoles', '{\\"Sid\\":']],
  );
  const evaluator = new AccountEvaluator(account);
  assert.deepEqual(
    whoCan(evaluator, 'iam:PassRole', arn('role/app-states')).allowed.map((entry) => [entry.principal, entry.decision, entry.via.map((via) => `${via.policy} › ${via.statement}`)]),
    [[arn('user/deployer'), 'Allowed', ['pass-service-roles › PassServiceRoles']]],
  );
  assert.deepEqual(
    whoCan(evaluator, 'logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:/app/x:log-stream:s').allowed.map((entry) => entry.principal),
    [arn('role/app-lambda'), arn('role/app-states')],
  );
});

test('a .tf root calls a .tf.json module; escaped quotes in "${jsonencode(...)}" and "${…}" values that are lists and numbers', () => {
  const account = readInlineModules({
    'root/main.tf': `
module "ops" {
  source  = "./ops"
  readers = ["arn:aws:iam::111122223333:root"]
  copies  = 2
}
`,
    'root/ops/main.tf.json': JSON.stringify(
      {
        variable: { readers: {}, copies: {} },
        resource: {
          aws_iam_role: {
            ops: {
              count: '${var.copies}',
              name: 'ops-${count.index}',
              assume_role_policy: '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Action" = "sts:AssumeRole", "Principal" = {"AWS" = var.readers}}]})}',
            },
          },
          aws_iam_role_policy_attachment: {
            ops: { role: '${aws_iam_role.ops[1].name}', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
          },
        },
      },
      null,
      2,
    ),
  });
  assert.deepEqual(
    [...account.roles.values()].map((role) => [role.source.path, role.attached, role.trust?.value]),
    [0, 1].map((index) => [
      `module.ops.aws_iam_role.ops[${index}]`,
      index === 1 ? ['arn:aws:iam::aws:policy/ReadOnlyAccess'] : [],
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: ['arn:aws:iam::111122223333:root'] } }] },
    ]),
  );
});

test('.tf.json files are account sources by content, and a JSON folder called by another is no root', () => {
  assert.equal(accountSourceKindOf('main.tf.json', '{"resource": {"aws_iam_role": {"r": {"name": "r"}}}}'), 'terraform');
  assert.equal(accountSourceKindOf('root.tf.json', '{"module": {"m": {"source": "./m"}}}'), 'terraform');
  assert.equal(accountSourceKindOf('s3.tf.json', '{"resource": {"aws_s3_bucket": {"b": {}}}}'), undefined);
  assert.equal(accountSourceKindOf('vpc.tf.json', '{"module": {"vpc": {"source": "terraform-aws-modules/vpc/aws"}}}'), undefined);
  const folders = new Map([fixture, join(fixture, 'modules', 'service-role')].map((folder) => [folder, folderModuleFiles(folder)!]));
  assert.deepEqual(terraformRootFolders(folders), [fixture]);
});

test('a `for` inside a called .tf.json module\'s "${jsonencode(…)}" over its variable is the caller\'s elements, escapes and all', () => {
  const module = JSON.stringify(
    {
      variable: { buckets: {} },
      locals: { actions: ['GetObject', 'GetObjectVersion'] },
      resource: {
        aws_iam_policy: {
          read: {
            name: 'read',
            policy:
              '${jsonencode({Version = "2012-10-17", Statement = [{Sid = "Read", Effect = "Allow", Action = [for a in local.actions : "s3:${a}"], Resource = [for b in var.buckets : "arn:aws:s3:::${b}/*" if b != "skip"]}]})}',
          },
        },
      },
    },
    null,
    2,
  );
  const account = readInlineModules({ 'root/main.tf': 'module "m" {\n  source  = "../modules/m"\n  buckets = ["x", "skip", "y"]\n}\n', 'modules/m/main.tf.json': module });
  const policy = account.policies.get(arn('policy/read'))!.policy;
  assert.deepEqual(policy.value, {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: ['arn:aws:s3:::x/*', 'arn:aws:s3:::y/*'] }],
  });
  assert.deepEqual(account.warnings, []);
  const statement = module.indexOf('{Sid = ');
  assert.deepEqual(policy.written?.statements, [{ index: 0, sid: 'Read', span: { start: statement, end: module.indexOf('}]})}') + 1 } }]);
});
