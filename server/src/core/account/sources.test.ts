// The fixture account written three ways (test/fixtures/account: the authorization-details export, a CloudFormation
// template, a Terraform module) must give the same answers to what-can, who-can and escalations.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCatalog } from '../catalog/catalog';
import { AccountEvaluator } from './account-evaluator';
import { readAuthorizationDetails } from './authorization-details';
import { findEscalations } from './escalations';
import { readTemplateAccount } from './from-cloudformation';
import { readModuleAccount } from './from-terraform';
import { loadTerraformParser } from '../hosts/terraform/parser';
import type { Account } from './model';
import { whatCan } from './what-can';
import { whoCan } from './who-can';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'account');
const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');

const exported = readAuthorizationDetails(read('authorization-details.json'), 'authorization-details.json').account!;
const template = readTemplateAccount(read('template.yaml'), 'template.yaml', { accountId: '111122223333' }).account!;

const accounts = new Map<string, Account>([['template.yaml', template]]);

before(async () => {
  await loadTerraformParser();
  const folder = join(fixtures, 'terraform');
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.tf'))
    .sort()
    .map((name) => ({ file: `terraform/${name}`, text: readFileSync(join(folder, name), 'utf8') }));
  const result = readModuleAccount(files, { accountId: '111122223333' });
  assert.equal(result.error, undefined);
  accounts.set('terraform/', result.account!);
});

const requests: [string, string, Record<string, string>?][] = [
  ['s3:GetObject', 'arn:aws:s3:::corp-data/report.csv'],
  ['s3:PutObject', 'arn:aws:s3:::corp-data/x'],
  ['s3:PutObject', 'arn:aws:s3:::corp-data/x', { 'aws:MultiFactorAuthPresent': 'true' }],
  ['s3:DeleteObject', 'arn:aws:s3:::corp-data/audit/2024.log'],
  ['s3:GetObject', 'arn:aws:s3:::home/alice/notes.txt'],
  ['s3:ListAllMyBuckets', '*'],
  ['iam:CreatePolicyVersion', arn('policy/BobTools')],
  ['iam:CreateAccessKey', arn('user/ops-admin')],
  ['iam:PassRole', arn('role/admin-lambda')],
  ['sts:AssumeRole', arn('role/deployer')],
  ['sts:AssumeRole', arn('role/reader')],
  ['sts:AssumeRole', arn('role/admin-lambda')],
];

function whoCanAnswers(account: Account, action: string, resource: string, context?: Record<string, string>) {
  const result = whoCan(new AccountEvaluator(account, { context }), action, resource);
  return { errors: result.errors, allowed: result.allowed.map((e) => [e.principal, e.decision, (e.conditions ?? []).map((c) => c.key), (e.via ?? []).map((v) => [v.kind, v.statement])]) };
}

for (const file of ['template.yaml', 'terraform/']) {
  test(`${file} defines the export's principals and policies`, () => {
    const account = accounts.get(file)!;
    assert.deepEqual([...account.users.keys()], [...exported.users.keys()]);
    assert.deepEqual([...account.roles.keys()], [...exported.roles.keys()]);
    assert.deepEqual([...account.groups.keys()], [...exported.groups.keys()]);
    assert.deepEqual([...account.policies.keys()].sort(), [...exported.policies.keys()].sort());
    for (const user of exported.users.values()) {
      const other = account.users.get(user.arn)!;
      assert.deepEqual([other.groups, other.attached, other.boundary, other.inline.map((p) => p.value)], [user.groups, user.attached, user.boundary, user.inline.map((p) => p.value)], user.arn);
    }
    for (const role of exported.roles.values()) assert.deepEqual(account.roles.get(role.arn)!.trust?.value, role.trust?.value, role.arn);
  });

  for (const [action, resource, context] of requests) {
    test(`who-can ${action} ${resource}${context ? ' with context' : ''}: ${file} answers as the export`, () => {
      assert.deepEqual(whoCanAnswers(accounts.get(file)!, action, resource, context), whoCanAnswers(exported, action, resource, context));
    });
  }

  test(`what-can: ${file} answers as the export for every principal`, () => {
    for (const principal of [...exported.users.values(), ...exported.roles.values()]) {
      const answer = (from: Account) =>
        whatCan(
          new AccountEvaluator(from),
          (from.users.get(principal.arn) ?? from.roles.get(principal.arn))!,
          getCatalog(),
          principal.arn.endsWith('ops-admin') || principal.arn.endsWith('admin-lambda') ? 'iam' : undefined,
        );
      const mine = answer(accounts.get(file)!);
      const theirs = answer(exported);
      assert.deepEqual(mine.errors, []);
      assert.deepEqual(
        mine.allowed.map((e) => [e.action, e.resources, e.decision, e.via.map((v) => v.statement)]),
        theirs.allowed.map((e) => [e.action, e.resources, e.decision, e.via.map((v) => v.statement)]),
        principal.arn,
      );
    }
  });

  test(`escalations: ${file} finds the export's paths`, () => {
    const shape = (from: Account) => {
      const result = findEscalations(new AccountEvaluator(from));
      return [result.administrators, result.escalations.map((e) => [e.principal, e.method, e.path.map((s) => [s.from, s.to, s.method, s.requests.map((r) => `${r.action} ${r.resource}`)])])];
    };
    const mine = shape(accounts.get(file)!);
    assert.deepEqual(mine, shape(exported));
    // Worked out by hand (questions.test.ts): bob, carol, dave (through deployer) and deployer.
    assert.deepEqual(
      (mine[1] as [string][]).map(([who]) => who),
      [arn('user/bob'), arn('user/carol'), arn('user/dave'), arn('role/deployer')],
    );
  });
}
