// Escalation methods beyond the fixture account's (questions.test.ts): a policy version made the default, a
// permissions boundary removed or replaced, and roles that other accounts may assume. Each case is a small
// authorization-details export; the expected paths are worked out by hand from AWS's documentation:
// - SetDefaultPolicyVersion makes a stored version the one in force for every holder of the policy:
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
// - a permissions boundary caps what identity-based policies allow; without it they apply in full, and
//   iam:PermissionsBoundary names the boundary a Put…PermissionsBoundary request sets:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PermissionsBoundary
// - a permissions boundary removed or replaced on *another* user or role: DeleteRolePermissionsBoundary and
//   DeleteUserPermissionsBoundary take the role's or user's name, so the request's resource is that role's or user's
//   ARN (the Service Authorization Reference lists role* and user* as their resource types); Put…PermissionsBoundary
//   also takes the new boundary's ARN, which is what iam:PermissionsBoundary holds in the request. AWS warns that
//   deleting a boundary "might allow anyone who assumes the role to perform all the actions granted in its
//   permissions policies", so a principal that can remove it and then become the role or user has its policies:
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
// - across accounts, a trust policy naming another account (its ID or root) or one of its principals lets that
//   account's principals assume the role once their own account allows it:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountEvaluator } from './account-evaluator';
import { readAuthorizationDetails } from './authorization-details';
import { findEscalations, type Escalation } from './escalations';

const ID = '111122223333';
const arn = (name: string) => `arn:aws:iam::${ID}:${name}`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const IAM_FULL = 'arn:aws:iam::aws:policy/IAMFullAccess';

type Statement = Record<string, unknown>;
const doc = (...Statement: Statement[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: string | string[], Resource: string | string[] = '*'): Statement => ({ Effect: 'Deny', Action, Resource });

interface Principal {
  name: string;
  inline?: Statement[];
  attached?: string[];
  boundary?: string;
  trust?: ReturnType<typeof doc>;
}

const user = (p: Principal) => ({
  UserName: p.name,
  Arn: arn(`user/${p.name}`),
  UserPolicyList: p.inline ? [{ PolicyName: `${p.name}-inline`, PolicyDocument: doc(...p.inline) }] : [],
  AttachedManagedPolicies: (p.attached ?? []).map((PolicyArn) => ({ PolicyName: PolicyArn.slice(PolicyArn.lastIndexOf('/') + 1), PolicyArn })),
  GroupList: [],
  ...(p.boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: p.boundary } } : {}),
});

const role = (p: Principal) => ({
  RoleName: p.name,
  Arn: arn(`role/${p.name}`),
  AssumeRolePolicyDocument: p.trust ?? doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
  RolePolicyList: p.inline ? [{ PolicyName: `${p.name}-inline`, PolicyDocument: doc(...p.inline) }] : [],
  AttachedManagedPolicies: (p.attached ?? []).map((PolicyArn) => ({ PolicyName: PolicyArn.slice(PolicyArn.lastIndexOf('/') + 1), PolicyArn })),
  ...(p.boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: p.boundary } } : {}),
});

/** A customer managed policy with versions v1, v2, …; `defaultVersion` is the one in force. */
const policy = (name: string, versions: ReturnType<typeof doc>[], defaultVersion = versions.length) => ({
  PolicyName: name,
  Arn: arn(`policy/${name}`),
  DefaultVersionId: `v${defaultVersion}`,
  PolicyVersionList: versions.map((Document, i) => ({ Document, VersionId: `v${i + 1}`, IsDefaultVersion: i + 1 === defaultVersion })),
});

interface Case {
  name: string;
  users?: Principal[];
  roles?: Principal[];
  policies?: ReturnType<typeof policy>[];
  /** Per escalating principal: method, the outside account, conditional, and each step as `from -> to: method [requests]`. */
  expected: { principal: string; method: string; fromAccount?: string; conditional?: true; steps: string[] }[];
}

const trustAccount = (principal: unknown, condition?: Statement) => doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) });

const cases: Case[] = [
  {
    // cfn-lint's quickstart IAM template: the admin policy asks for MFA, and only EC2 may assume the role.
    name: 'MFA: a statement only MFA-validated sessions meet gives nothing to a role only a service assumes',
    roles: [{ name: 'ec2-admin', inline: [allow('iam:*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })] }],
    expected: [],
  },
  {
    name: 'MFA: the same role, assumable by the account too, escalates when its session used MFA',
    roles: [
      {
        name: 'mfa-admin',
        inline: [allow('iam:*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })],
        trust: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com', AWS: arn('root') }, Action: 'sts:AssumeRole' }),
      },
    ],
    expected: [
      {
        principal: arn('role/mfa-admin'),
        method: 'put-own-policy',
        conditional: true,
        steps: ['role/mfa-admin -> administrator: put-own-policy [iam:PutRolePolicy role/mfa-admin]'],
      },
    ],
  },
  {
    // Terraformer's import of an EKS account: AWS writes a service-linked role's policies and only its service assumes
    // it, so a path from it is none the account can narrow. The same grant on a role of the account's own is one.
    name: 'a service-linked role is no escalation subject; a role of the account with the same policy is',
    roles: [
      { name: 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling', inline: [allow('iam:PutRolePolicy')] },
      { name: 'autoscaling-ops', inline: [allow('iam:PutRolePolicy')] },
    ],
    expected: [
      {
        principal: arn('role/autoscaling-ops'),
        method: 'put-own-policy',
        steps: ['role/autoscaling-ops -> administrator: put-own-policy [iam:PutRolePolicy role/autoscaling-ops]'],
      },
    ],
  },
  {
    name: 'SetDefaultPolicyVersion: v1 of a policy the user holds allows everything',
    users: [{ name: 'uma', attached: [arn('policy/Tools')] }],
    policies: [policy('Tools', [doc(allow('*')), doc(allow('s3:GetObject'), allow('iam:SetDefaultPolicyVersion', arn('policy/Tools')))])],
    expected: [{ principal: arn('user/uma'), method: 'set-default-policy-version', steps: ['user/uma -> administrator: set-default-policy-version [iam:SetDefaultPolicyVersion policy/Tools]'] }],
  },
  {
    name: 'SetDefaultPolicyVersion: v1 lets the user write its own inline policy, so two requests',
    users: [{ name: 'uma', attached: [arn('policy/Tools')] }],
    policies: [policy('Tools', [doc(allow('iam:PutUserPolicy', arn('user/uma'))), doc(allow('iam:SetDefaultPolicyVersion', arn('policy/Tools')))])],
    expected: [
      {
        principal: arn('user/uma'),
        method: 'set-default-policy-version',
        steps: ['user/uma -> administrator: set-default-policy-version [iam:SetDefaultPolicyVersion policy/Tools, iam:PutUserPolicy user/uma]'],
      },
    ],
  },
  {
    name: 'SetDefaultPolicyVersion: the other version grants less, so nothing',
    users: [{ name: 'uma', attached: [arn('policy/Tools')] }],
    policies: [policy('Tools', [doc(allow('s3:ListBucket')), doc(allow('iam:SetDefaultPolicyVersion', arn('policy/Tools')))])],
    expected: [],
  },
  {
    name: 'SetDefaultPolicyVersion: allowed only on another policy, so the broad version cannot be set',
    users: [{ name: 'uma', attached: [arn('policy/Tools')] }],
    policies: [policy('Tools', [doc(allow('*')), doc(allow('iam:SetDefaultPolicyVersion', arn('policy/Other')))])],
    expected: [],
  },
  {
    name: 'boundary removal: an AdministratorAccess role capped by a boundary that allows deleting it',
    roles: [{ name: 'capped', attached: [ADMIN], boundary: arn('policy/Cap') }],
    policies: [policy('Cap', [doc(allow(['s3:*', 'iam:DeleteRolePermissionsBoundary']))])],
    expected: [
      { principal: arn('role/capped'), method: 'remove-permissions-boundary', steps: ['role/capped -> administrator: remove-permissions-boundary [iam:DeleteRolePermissionsBoundary role/capped]'] },
    ],
  },
  {
    name: 'boundary removal: the boundary does not allow deleting itself, so nothing',
    roles: [{ name: 'capped', attached: [ADMIN], boundary: arn('policy/Cap') }],
    policies: [policy('Cap', [doc(allow('s3:*'))])],
    expected: [],
  },
  {
    name: 'boundary removal: nothing to gain when the identity policies are narrow too',
    roles: [{ name: 'narrow', inline: [allow(['s3:GetObject', 'iam:DeleteRolePermissionsBoundary'])], boundary: arn('policy/Cap') }],
    policies: [policy('Cap', [doc(allow('*'))])],
    expected: [],
  },
  {
    name: 'boundary replaced: deleting is denied, but putting the Open policy as boundary is allowed; then IAMFullAccess writes an inline policy',
    users: [
      {
        name: 'ivan',
        attached: [IAM_FULL],
        inline: [
          deny('iam:DeleteUserPermissionsBoundary'),
          allow('iam:PutUserPermissionsBoundary', arn('user/ivan'), { Condition: { StringEquals: { 'iam:PermissionsBoundary': arn('policy/Open') } } }),
        ],
        boundary: arn('policy/IamOnly'),
      },
    ],
    policies: [policy('IamOnly', [doc(allow('iam:*'))]), policy('Open', [doc(allow('*'))])],
    expected: [
      {
        principal: arn('user/ivan'),
        method: 'remove-permissions-boundary',
        steps: ['user/ivan -> administrator: remove-permissions-boundary [iam:PutUserPermissionsBoundary user/ivan, iam:PutUserPolicy user/ivan]'],
      },
    ],
  },
  // Another principal's boundary: user a removes or replaces the boundary of b, an AdministratorAccess role or user
  // capped by Cap (which lets b do nothing with IAM, so b cannot remove it itself), and then becomes b.
  {
    name: "another's boundary: a user removes an administrator role's boundary, then assumes the role",
    users: [{ name: 'a', inline: [allow('iam:DeleteRolePermissionsBoundary', arn('role/b')), allow('sts:AssumeRole', arn('role/b'))] }],
    roles: [{ name: 'b', attached: [ADMIN], boundary: arn('policy/Cap'), trust: trustAccount(arn('user/a')) }],
    policies: [policy('Cap', [doc(allow('s3:*'))])],
    expected: [
      {
        principal: arn('user/a'),
        method: 'chain',
        steps: ['user/a -> role/b: remove-permissions-boundary [iam:DeleteRolePermissionsBoundary role/b]', 'user/a -> role/b: assume-role [sts:AssumeRole role/b]'],
      },
    ],
  },
  {
    // In the same account a trust policy naming the user is enough to assume the role, with no identity-based Allow.
    name: "another's boundary: removed, then the role assumed by a user its trust policy names, with no sts:AssumeRole of its own",
    users: [{ name: 'a', inline: [allow('iam:DeleteRolePermissionsBoundary', arn('role/b'))] }],
    roles: [{ name: 'b', attached: [ADMIN], boundary: arn('policy/Cap'), trust: trustAccount(arn('user/a')) }],
    policies: [policy('Cap', [doc(allow('s3:*'))])],
    expected: [
      {
        principal: arn('user/a'),
        method: 'chain',
        steps: ['user/a -> role/b: remove-permissions-boundary [iam:DeleteRolePermissionsBoundary role/b]', 'user/a -> role/b: assume-role [sts:AssumeRole role/b]'],
      },
    ],
  },
  {
    name: "another's boundary: removed, then the role assumed through a trust policy open to any principal",
    users: [{ name: 'a', inline: [allow('iam:DeleteRolePermissionsBoundary', arn('role/b'))] }],
    roles: [{ name: 'b', attached: [ADMIN], boundary: arn('policy/Cap'), trust: trustAccount('*') }],
    policies: [policy('Cap', [doc(allow('s3:*'))])],
    expected: [
      {
        principal: arn('user/a'),
        method: 'chain',
        steps: ['user/a -> role/b: remove-permissions-boundary [iam:DeleteRolePermissionsBoundary role/b]', 'user/a -> role/b: assume-role [sts:AssumeRole role/b]'],
      },
    ],
  },
  {
    name: "another's boundary: removed, then the role is passed to Lambda",
    users: [
      {
        name: 'a',
        inline: [allow(['iam:DeleteRolePermissionsBoundary', 'iam:PassRole'], arn('role/b')), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])],
      },
    ],
    roles: [{ name: 'b', attached: [ADMIN], boundary: arn('policy/Cap'), trust: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }) }],
    policies: [policy('Cap', [doc(allow('s3:*'))])],
    expected: [
      {
        principal: arn('user/a'),
        method: 'chain',
        steps: [
          'user/a -> role/b: remove-permissions-boundary [iam:DeleteRolePermissionsBoundary role/b]',
          'user/a -> role/b: pass-role [iam:PassRole role/b, lambda:CreateFunction *, lambda:InvokeFunction *]',
        ],
      },
    ],
  },
  {
    name: "another's boundary: a user's boundary removed, then an access key created for that user",
    users: [
      { name: 'a', inline: [allow(['iam:DeleteUserPermissionsBoundary', 'iam:CreateAccessKey'], arn('user/c'))] },
      { name: 'c', attached: [ADMIN], boundary: arn('policy/Cap') },
    ],
    policies: [policy('Cap', [doc(allow('s3:*'))])],
    expected: [
      {
        principal: arn('user/a'),
        method: 'chain',
        steps: ['user/a -> user/c: remove-permissions-boundary [iam:DeleteUserPermissionsBoundary user/c]', 'user/a -> user/c: create-access-key [iam:CreateAccessKey user/c]'],
      },
    ],
  },
  {
    name: "another's boundary: replaced with the Open policy, as the iam:PermissionsBoundary condition allows",
    users: [
      {
        name: 'a',
        inline: [allow('iam:PutRolePermissionsBoundary', arn('role/b'), { Condition: { StringEquals: { 'iam:PermissionsBoundary': arn('policy/Open') } } }), allow('sts:AssumeRole', arn('role/b'))],
      },
    ],
    roles: [{ name: 'b', attached: [ADMIN], boundary: arn('policy/Cap'), trust: trustAccount(arn('user/a')) }],
    policies: [policy('Cap', [doc(allow('s3:*'))]), policy('Open', [doc(allow('*'))])],
    expected: [
      {
        principal: arn('user/a'),
        method: 'chain',
        steps: ['user/a -> role/b: remove-permissions-boundary [iam:PutRolePermissionsBoundary role/b]', 'user/a -> role/b: assume-role [sts:AssumeRole role/b]'],
      },
    ],
  },
  {
    name: "another's boundary: the role reached through another role, and unbounded it writes its own policy",
    users: [{ name: 'a', inline: [allow('iam:DeleteRolePermissionsBoundary', arn('role/b')), allow('sts:AssumeRole', arn('role/hop'))] }],
    roles: [
      { name: 'hop', inline: [allow('sts:AssumeRole', arn('role/b'))], trust: trustAccount(arn('user/a')) },
      { name: 'b', inline: [allow('iam:PutRolePolicy', arn('role/b'))], boundary: arn('policy/Cap'), trust: trustAccount(arn('role/hop')) },
    ],
    policies: [policy('Cap', [doc(allow('s3:*'))])],
    expected: [
      {
        principal: arn('user/a'),
        method: 'chain',
        steps: [
          'user/a -> role/b: remove-permissions-boundary [iam:DeleteRolePermissionsBoundary role/b]',
          'user/a -> role/hop: assume-role [sts:AssumeRole role/hop]',
          'role/hop -> role/b: assume-role [sts:AssumeRole role/b]',
          'role/b -> administrator: put-own-policy [iam:PutRolePolicy role/b]',
        ],
      },
    ],
  },
  {
    name: "another's boundary: a Deny on removing it, and no Put allowed, so nothing",
    users: [{ name: 'a', inline: [allow('sts:AssumeRole', arn('role/b')), allow('iam:DeleteRolePermissionsBoundary'), deny('iam:DeleteRolePermissionsBoundary', arn('role/*'))] }],
    roles: [{ name: 'b', attached: [ADMIN], boundary: arn('policy/Cap'), trust: trustAccount(arn('user/a')) }],
    policies: [policy('Cap', [doc(allow('s3:*'))])],
    expected: [],
  },
  {
    name: "another's boundary: Put allowed only with the Cap boundary itself, so the condition fails for any looser one",
    users: [
      {
        name: 'a',
        inline: [allow('iam:PutRolePermissionsBoundary', arn('role/b'), { Condition: { StringEquals: { 'iam:PermissionsBoundary': arn('policy/Cap') } } }), allow('sts:AssumeRole', arn('role/b'))],
      },
    ],
    roles: [{ name: 'b', attached: [ADMIN], boundary: arn('policy/Cap'), trust: trustAccount(arn('user/a')) }],
    policies: [policy('Cap', [doc(allow('s3:*'))]), policy('Open', [doc(allow('*'))])],
    expected: [],
  },
  {
    name: "another's boundary: removable, but the role's trust policy does not admit the user, so nothing",
    users: [{ name: 'a', inline: [allow(['iam:DeleteRolePermissionsBoundary', 'sts:AssumeRole'], arn('role/b'))] }],
    roles: [{ name: 'b', attached: [ADMIN], boundary: arn('policy/Cap'), trust: trustAccount(arn('user/other')) }],
    policies: [policy('Cap', [doc(allow('s3:*'))])],
    expected: [],
  },
  {
    name: "another's boundary: the remover's own boundary does not allow the removal, so nothing",
    users: [{ name: 'a', inline: [allow(['iam:DeleteRolePermissionsBoundary', 'sts:AssumeRole'], arn('role/b'))], boundary: arn('policy/AssumeOnly') }],
    roles: [{ name: 'b', attached: [ADMIN], boundary: arn('policy/Cap'), trust: trustAccount(arn('user/a')) }],
    policies: [policy('Cap', [doc(allow('s3:*'))]), policy('AssumeOnly', [doc(allow('sts:AssumeRole'))])],
    expected: [],
  },
  {
    // iam-vulnerable's fp5: no session issued before 2020 is still alive, so the statement grants nothing.
    name: 'an Allow only for sessions issued before a past date: nothing; after it: unconditional, as a fresh session meets it',
    users: [
      { name: 'old', inline: [allow('iam:PutUserPolicy', arn('user/old'), { Condition: { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } } })] },
      { name: 'fresh', inline: [allow('iam:PutUserPolicy', arn('user/fresh'), { Condition: { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } } })] },
    ],
    expected: [{ principal: arn('user/fresh'), method: 'put-own-policy', steps: ['user/fresh -> administrator: put-own-policy [iam:PutUserPolicy user/fresh]'] }],
  },
  {
    // IAM's "Revoke active sessions" adds this Deny; once its date is 36 hours past it denies no session in use.
    name: "a role's revoked older sessions: the Deny on aws:TokenIssueTime before a past date leaves its administrator access unconditional",
    roles: [
      {
        name: 'ops',
        attached: [ADMIN],
        inline: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2021-03-04T05:06:07Z' } } }],
        trust: trustAccount('arn:aws:iam::444455556666:root'),
      },
    ],
    expected: [
      { principal: 'arn:aws:iam::444455556666:root', method: 'assume-role', fromAccount: '444455556666', steps: ['arn:aws:iam::444455556666:root -> role/ops: assume-role [sts:AssumeRole role/ops]'] },
    ],
  },
  {
    name: 'cross-account: an administrator role trusting another account root',
    roles: [{ name: 'ops', attached: [ADMIN], trust: trustAccount('arn:aws:iam::444455556666:root') }],
    expected: [
      { principal: 'arn:aws:iam::444455556666:root', method: 'assume-role', fromAccount: '444455556666', steps: ['arn:aws:iam::444455556666:root -> role/ops: assume-role [sts:AssumeRole role/ops]'] },
    ],
  },
  {
    name: 'cross-account: the account written as an ID, with an external ID condition: conditional',
    roles: [{ name: 'ops', attached: [ADMIN], trust: trustAccount(['444455556666'], { StringEquals: { 'sts:ExternalId': 'x-123' } }) }],
    expected: [
      {
        principal: 'arn:aws:iam::444455556666:root',
        method: 'assume-role',
        fromAccount: '444455556666',
        conditional: true,
        steps: ['arn:aws:iam::444455556666:root -> role/ops: assume-role [sts:AssumeRole role/ops]'],
      },
    ],
  },
  {
    name: 'cross-account: a named role of another account, into a role that can write its own policy',
    roles: [{ name: 'deploy', inline: [allow('iam:PutRolePolicy', arn('role/deploy'))], trust: trustAccount('arn:aws:iam::444455556666:role/ci') }],
    expected: [
      { principal: arn('role/deploy'), method: 'put-own-policy', steps: ['role/deploy -> administrator: put-own-policy [iam:PutRolePolicy role/deploy]'] },
      {
        principal: 'arn:aws:iam::444455556666:role/ci',
        method: 'chain',
        fromAccount: '444455556666',
        steps: ['arn:aws:iam::444455556666:role/ci -> role/deploy: assume-role [sts:AssumeRole role/deploy]', 'role/deploy -> administrator: put-own-policy [iam:PutRolePolicy role/deploy]'],
      },
    ],
  },
  {
    name: 'cross-account: the own account root, or a role that cannot escalate, is no path from outside',
    roles: [
      { name: 'ops', attached: [ADMIN], trust: trustAccount(`arn:aws:iam::${ID}:root`) },
      { name: 'reader', inline: [allow('s3:GetObject')], trust: trustAccount('arn:aws:iam::444455556666:root') },
    ],
    expected: [],
  },
];

const short = (value: string) => value.replace(`arn:aws:iam::${ID}:`, '');

function summary(escalation: Escalation) {
  return {
    principal: escalation.principal,
    method: escalation.method,
    ...(escalation.fromAccount ? { fromAccount: escalation.fromAccount } : {}),
    ...(escalation.conditional ? { conditional: escalation.conditional } : {}),
    steps: escalation.path.map((step) => `${short(step.from)} -> ${short(step.to)}: ${step.method} [${step.requests.map((r) => `${r.action} ${short(r.resource)}`).join(', ')}]`),
  };
}

for (const c of cases) {
  test(`escalations: ${c.name}`, () => {
    const details = { UserDetailList: (c.users ?? []).map(user), GroupDetailList: [], RoleDetailList: (c.roles ?? []).map(role), Policies: c.policies ?? [] };
    const { account, error } = readAuthorizationDetails(JSON.stringify(details), 'case.json');
    assert.equal(error, undefined);
    assert.deepEqual(findEscalations(new AccountEvaluator(account!)).escalations.map(summary), c.expected);
  });
}

test('escalations: the step of a policy version names the version and cites the statement that allows it', () => {
  const details = {
    UserDetailList: [user({ name: 'uma', attached: [arn('policy/Tools')] })],
    Policies: [policy('Tools', [doc(allow('*')), doc({ Sid: 'SetVersions', ...allow('iam:SetDefaultPolicyVersion', arn('policy/Tools')) })])],
  };
  const [found] = findEscalations(new AccountEvaluator(readAuthorizationDetails(JSON.stringify(details), 'case.json').account!)).escalations;
  assert.match(found.path[0].description, /^makes version v1 of arn:aws:iam::111122223333:policy\/Tools, which it holds, the default/);
  assert.deepEqual(
    found.path[0].requests[0].via.map((v) => [v.policy, v.statement]),
    [[arn('policy/Tools'), 'SetVersions']],
  );
});
