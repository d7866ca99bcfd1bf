// The in-place reads that let who-can skip most policies without scanning them (`mayApply`, used for the principals
// with an Allow and for the inline policies of a request), and the principals they must still find or exclude.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../../test/helpers/random';
import { AccountEvaluator, mayApply } from './account-evaluator';
import { readAuthorizationDetails } from './authorization-details';
import type { Account, AccountPolicy } from './model';
import { whoCan } from './who-can';

const ACCOUNT = '111122223333';
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;

const ACTIONS = ['s3:getobject', 'sts:assumerole', 'iam:passrole', 'dynamodb:getitem', 'kms:decrypt'];
const PATTERNS = [
  's3:GetObject',
  'S3:GETOBJECT',
  's3:Get*',
  'S3:*',
  's?:GetObject',
  '*',
  'sts:Assume*',
  'STS:ASSUMEROLE',
  'iam:*',
  'ſ3:GetObject',
  'İam:PassRole',
  'kms:Decrypt*',
  'dynamodb:*Item',
  's3:GetObjectAcl',
];
const RESOURCES = ['*', 'arn:aws:s3:::data/*', 'arn:aws:s3:::data/${aws:username}/*', 'arn:aws:s3:::other/x', `arn:aws:iam::${ACCOUNT}:role/r?`, 'arn:aws:kms:*'];
const REQUESTED = [undefined, 'arn:aws:s3:::data/in/x', 'arn:aws:s3:::data/u/x', 'arn:aws:s3:::other/x', `arn:aws:iam::${ACCOUNT}:role/r1`, 'arn:aws:kms:us-east-1:1:key/k'];

/** A statement, sometimes malformed the ways `scanStatements` refuses (a number for Action, neither Action nor NotAction). */
function statement(random: Random): unknown {
  switch (random.int(20)) {
    case 0:
      return { Effect: 'Allow', Action: [random.pick(PATTERNS), 5], Resource: '*' };
    case 1:
      return { Effect: 'Allow', Resource: '*' };
    case 2:
      return 'not a statement';
    case 3:
      return { Effect: 'Allow', Action: random.pick(PATTERNS), Resource: [] };
    default: {
      const patterns = Array.from({ length: 1 + random.int(3) }, () => random.pick(PATTERNS));
      const result: Record<string, unknown> = { Effect: random.pick(['Allow', 'Deny', 'allow']) };
      result[random.int(6) === 0 ? 'NotAction' : 'Action'] = random.int(2) === 0 ? patterns[0] : patterns;
      const resources = random.int(2) === 0 ? random.pick(RESOURCES) : [random.pick(RESOURCES), random.pick(RESOURCES)];
      if (random.int(8) === 0) result.NotResource = resources;
      else if (random.int(10) !== 0) result.Resource = resources;
      return result;
    }
  }
}

test('mayApply answers as the scanned statements do, for every action, resource and effect filter', () => {
  const random = new Random(7);
  const evaluator = new AccountEvaluator({ users: new Map(), groups: new Map(), roles: new Map(), policies: new Map(), resourcePolicies: [], accountIds: new Set(), warnings: [] });
  let applies = 0;
  let allows = 0;
  for (let i = 0; i < 400; i++) {
    const value = random.int(30) === 0 ? { Statement: statement(random) } : { Version: '2012-10-17', Statement: Array.from({ length: random.int(4) }, () => statement(random)) };
    const policy: AccountPolicy = { key: `p-${i}`, name: `p-${i}`, kind: 'inline', text: JSON.stringify(value), value, source: { file: 'f' } };
    for (const action of ACTIONS) {
      for (const resource of REQUESTED) {
        const where = `${JSON.stringify(value)} ${action} ${resource}`;
        assert.equal(mayApply(value, action, resource, false), evaluator.mentions(policy, action, resource), where);
        assert.equal(mayApply(value, action, resource, true), evaluator.allowsAction(policy, action, resource), where);
        if (mayApply(value, action, resource, false)) applies++;
        if (mayApply(value, action, resource, true)) allows++;
      }
    }
  }
  assert.ok(applies > 1000 && allows > 500 && allows < applies, `${applies} apply, ${allows} allow`);
});

test('mayApply reads a malformed document as applying, so the evaluator reports it', () => {
  for (const value of [undefined, {}, { Statement: 'x' }, { Statement: [{ Effect: 'Allow', Action: 3, Resource: '*' }] }, { Statement: [{ Effect: 'Deny', NotAction: [null] }] }]) {
    assert.equal(mayApply(value, 's3:getobject', 'arn:aws:s3:::b/k', true), true, JSON.stringify(value));
  }
  assert.equal(mayApply({ Statement: [] }, 's3:getobject', undefined, false), false);
});

test('mayApply matches action patterns case-insensitively, non-ASCII ones as lower-cased', () => {
  const allows = (pattern: string, action: string) => mayApply({ Statement: [{ Effect: 'Allow', Action: pattern, Resource: '*' }] }, action, '*', true);
  assert.equal(allows('S3:GETOBJECT', 's3:getobject'), true);
  assert.equal(allows('S3:GET*', 's3:getobject'), true);
  assert.equal(allows('S3:GETOBJEC', 's3:getobject'), false);
  assert.equal(allows('S3:GETOBJECTS', 's3:getobject'), false);
  // 'İ' lower-cases to two characters; 'ſ' is its own lower case, so neither names iam: or s3: actions.
  assert.equal(allows('İam:PassRole', 'iam:passrole'), false);
  assert.equal(allows('İam:PassRole', 'i̇am:passrole'), true);
  assert.equal(allows('ſ3:GetObject', 's3:getobject'), false);
});

const ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

/** A small export: each user holds one inline policy, some a boundary. */
function account(users: Record<string, { policy: unknown; boundary?: unknown }>, roles: Record<string, { trust: unknown; policy?: unknown }> = {}): Account {
  const Policies: unknown[] = [];
  const UserDetailList = Object.entries(users).map(([name, { policy, boundary }]) => {
    if (boundary)
      Policies.push({
        PolicyName: `${name}-boundary`,
        Arn: arn('policy', `${name}-boundary`),
        DefaultVersionId: 'v1',
        PolicyVersionList: [{ Document: boundary, VersionId: 'v1', IsDefaultVersion: true }],
      });
    return {
      UserName: name,
      Arn: arn('user', name),
      UserPolicyList: [{ PolicyName: `${name}-inline`, PolicyDocument: policy }],
      GroupList: [],
      AttachedManagedPolicies: [],
      ...(boundary ? { PermissionsBoundary: { PermissionsBoundaryArn: arn('policy', `${name}-boundary`) } } : {}),
      Tags: [],
    };
  });
  const RoleDetailList = Object.entries(roles).map(([name, { trust, policy }]) => ({
    RoleName: name,
    Arn: arn('role', name),
    AssumeRolePolicyDocument: trust,
    RolePolicyList: policy ? [{ PolicyName: `${name}-inline`, PolicyDocument: policy }] : [],
    AttachedManagedPolicies: [],
    Tags: [],
  }));
  return readAuthorizationDetails(JSON.stringify({ UserDetailList, GroupDetailList: [], RoleDetailList, Policies }), 'small.json').account!;
}

const allowed = (account: Account, action: string, resource: string) => whoCan(new AccountEvaluator(account), action, resource).allowed.map((entry) => [entry.principal, entry.decision]);

test('who-can finds a principal allowed by NotAction or by a `*` action, and not one whose NotAction excludes the action', () => {
  const subject = account({
    'not-iam': { policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] } },
    star: { policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
    'not-s3': { policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['S3:*'], Resource: '*' }] } },
    'other-bucket': { policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }] } },
  });
  assert.deepEqual(allowed(subject, 's3:GetObject', 'arn:aws:s3:::data/k'), [
    [arn('user', 'not-iam'), 'Allowed'],
    [arn('user', 'star'), 'Allowed'],
  ]);
  assert.deepEqual(allowed(subject, 'iam:CreateUser', '*'), [
    [arn('user', 'star'), 'Allowed'],
    [arn('user', 'not-s3'), 'Allowed'],
  ]);
});

test('who-can leaves out a principal whose permissions boundary denies the action or does not allow it', () => {
  const subject = account({
    free: { policy: ALL },
    'deny-boundary': {
      policy: ALL,
      boundary: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' },
        ],
      },
    },
    'narrow-boundary': { policy: ALL, boundary: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] } },
    'wide-boundary': { policy: ALL, boundary: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] } },
  });
  assert.deepEqual(allowed(subject, 's3:GetObject', 'arn:aws:s3:::data/k'), [
    [arn('user', 'free'), 'Allowed'],
    [arn('user', 'wide-boundary'), 'Allowed'],
  ]);
  assert.deepEqual(allowed(subject, 's3:PutObject', 'arn:aws:s3:::data/k'), [
    [arn('user', 'free'), 'Allowed'],
    [arn('user', 'deny-boundary'), 'Allowed'],
    [arn('user', 'wide-boundary'), 'Allowed'],
  ]);
});

test('who-can reports a principal with a malformed inline policy instead of skipping it', () => {
  const subject = account({ broken: { policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 42, Resource: '*' }] } }, free: { policy: ALL } });
  const result = whoCan(new AccountEvaluator(subject), 's3:GetObject', 'arn:aws:s3:::data/k');
  assert.deepEqual(
    result.allowed.map((entry) => entry.principal),
    [arn('user', 'free')],
  );
  assert.deepEqual(
    result.errors.map((error) => error.principal),
    [arn('user', 'broken')],
  );
});

test('who can assume a role: the users its trust policy names and, trusting the account, those allowed sts:AssumeRole, in account order', () => {
  const assume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
  const subject = account(
    { a: { policy: ALL }, b: { policy: assume }, c: { policy: ALL }, d: { policy: assume } },
    {
      target: {
        trust: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: [arn('user', 'c'), `arn:aws:iam::${ACCOUNT}:root`] }, Action: 'sts:AssumeRole' },
            { Effect: 'Deny', Principal: { AWS: arn('user', 'd') }, Action: 'sts:AssumeRole' },
          ],
        },
        policy: ALL,
      },
    },
  );
  const role = whoCan(new AccountEvaluator(subject), 's3:GetObject', 'arn:aws:s3:::data/k').allowed.find((entry) => entry.type === 'role');
  // c is named but holds no sts:AssumeRole grant: the trust policy alone allows it (same account, role trust).
  assert.deepEqual(role?.assumableBy, [
    { principal: arn('user', 'b'), decision: 'Allowed' },
    { principal: arn('user', 'c'), decision: 'Allowed' },
  ]);
});
