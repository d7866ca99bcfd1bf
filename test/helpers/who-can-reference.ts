import assert from 'node:assert/strict';
import { Random } from './random';
import { compilePolicies, compilePolicy, evaluate, type CompiledPolicy, type NamedPolicy } from '../../server/src/core/evaluator/index';
import { AccountEvaluator, type AccountQueryOptions, type PrincipalDecision } from '../../server/src/core/account/account-evaluator';
import { readAuthorizationDetails } from '../../server/src/core/account/authorization-details';
import type { Account, AccountPrincipal } from '../../server/src/core/account/model';
import { principalPolicies } from '../../server/src/core/account/principal-policies';
import { whoCan } from '../../server/src/core/account/who-can';

// who-can on a varied random account compared with evaluating every principal with all of its policies: shared by
// server/src/core/account/who-can-prefilter.test.ts (one seed) and who-can-prefilter.slow.test.ts (the next).

const ACCOUNT = '111122223333';
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const ACTIONS = ['s3:GetObject', 's3:PutObject', 'dynamodb:GetItem', 'sqs:SendMessage', 'iam:PassRole', 'ec2:StartInstances', 'kms:Decrypt'];
const PATTERNS = [
  's3:GetObject',
  'S3:GETOBJECT',
  'S3:GetOBJECT*',
  'İam:Pass*',
  'SQS:Send*',
  's3:Get*',
  's3:*',
  's?:*Object',
  '*',
  'dynamodb:*',
  'sqs:Send*',
  'iam:PassRole',
  'ec2:*Instances',
  'kms:*',
  'kms:Decrypt',
  '*:Get*',
];
const RESOURCES = [
  '*',
  'arn:aws:s3:::data/*',
  'arn:aws:s3:::data/in/*',
  'arn:aws:s3:::other/*',
  'arn:aws:s3:::data/home/${aws:username}/*',
  `arn:aws:dynamodb:*:${ACCOUNT}:table/t*`,
  `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
  `arn:aws:iam::${ACCOUNT}:role/*`,
  `arn:aws:ec2:us-*:${ACCOUNT}:instance/*`,
];
const CONDITIONS = [
  { Bool: { 'aws:SecureTransport': 'true' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
  { StringLike: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
  { ArnLike: { 'aws:PrincipalArn': arn('user', 'u-1*') } },
];

function statement(random: Random): Record<string, unknown> {
  const pick = (count: number) => Array.from({ length: count }, () => random.pick(PATTERNS));
  const actions = random.int(3) === 0 ? random.pick(PATTERNS) : pick(1 + random.int(3));
  const result: Record<string, unknown> = { Effect: random.int(4) === 0 ? 'Deny' : 'Allow' };
  if (random.int(8) === 0) result.NotAction = actions;
  else result.Action = actions;
  const resources = random.int(2) === 0 ? random.pick(RESOURCES) : [random.pick(RESOURCES), random.pick(RESOURCES)];
  if (random.int(10) === 0) result.NotResource = resources;
  else result.Resource = resources;
  if (random.int(3) === 0) result.Condition = random.pick(CONDITIONS);
  return result;
}

const document = (random: Random, statements = 1 + random.int(3)) => ({
  Version: random.int(6) === 0 ? '2008-10-17' : '2012-10-17',
  Statement: Array.from({ length: statements }, () => statement(random)),
});

/** An authorization-details export small enough to evaluate every principal for every request. */
function variedAccount(seed: number): Account {
  const random = new Random(seed);
  const policies = Array.from({ length: 30 }, (_, i) => arn('policy', `p-${i}`));
  const Policies = policies.map((policyArn, i) => ({
    PolicyName: `p-${i}`,
    Arn: policyArn,
    DefaultVersionId: 'v1',
    PolicyVersionList: [{ Document: document(random), VersionId: 'v1', IsDefaultVersion: true }],
  }));
  const boundary = arn('policy', 'boundary');
  Policies.push({
    PolicyName: 'boundary',
    Arn: boundary,
    DefaultVersionId: 'v1',
    PolicyVersionList: [{ Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }, VersionId: 'v1', IsDefaultVersion: true }],
  });
  const managed = ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess'];
  const attached = () => Array.from({ length: random.int(3) }, () => (random.int(6) === 0 ? random.pick(managed) : random.pick(policies))).map((PolicyArn) => ({ PolicyArn }));
  const inline = (name: string) => (random.int(2) === 0 ? [{ PolicyName: name, PolicyDocument: document(random) }] : []);
  const groups = Array.from({ length: 8 }, (_, i) => `g-${i}`);
  const GroupDetailList = groups.map((name) => ({ GroupName: name, Arn: arn('group', name), GroupPolicyList: inline(`${name}-inline`), AttachedManagedPolicies: attached() }));
  const UserDetailList = Array.from({ length: 40 }, (_, i) => ({
    UserName: `u-${i}`,
    Arn: arn('user', `u-${i}`),
    UserPolicyList: inline(`u-${i}-inline`),
    GroupList: Array.from({ length: random.int(3) }, () => random.pick(groups)),
    AttachedManagedPolicies: attached(),
    ...(random.int(4) === 0 ? { PermissionsBoundary: { PermissionsBoundaryArn: boundary } } : {}),
    Tags: random.int(2) === 0 ? [{ Key: 'team', Value: random.pick(['red', 'blue']) }] : [],
  }));
  const trustPrincipals = [{ Service: 'lambda.amazonaws.com' }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { AWS: ACCOUNT }, { AWS: [arn('user', 'u-3'), arn('role', 'r-2')] }, '*'];
  const RoleDetailList = Array.from({ length: 30 }, (_, i) => ({
    RoleName: `r-${i}`,
    Arn: arn('role', `r-${i}`),
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: random.pick(trustPrincipals), Action: 'sts:AssumeRole', ...(random.int(4) === 0 ? { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } : {}) },
        ...(random.int(5) === 0 ? [{ Effect: 'Deny', Principal: { AWS: arn('user', 'u-5') }, Action: 'sts:AssumeRole' }] : []),
      ],
    },
    RolePolicyList: inline(`r-${i}-inline`),
    AttachedManagedPolicies: attached(),
    ...(random.int(4) === 0 ? { PermissionsBoundary: { PermissionsBoundaryArn: boundary } } : {}),
    Tags: [],
  }));
  const result = readAuthorizationDetails(JSON.stringify({ UserDetailList, GroupDetailList, RoleDetailList, Policies }), 'varied.json');
  assert.deepEqual(result.account?.warnings, []);
  return result.account!;
}

const SCPS: NamedPolicy[][] = [
  [{ name: 'root-allow-all', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }],
  [
    {
      name: 'ou-guardrails',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', NotAction: 'kms:*', Resource: '*' },
          { Effect: 'Deny', Action: 'sqs:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ],
      }),
    },
  ],
];

function requests(account: Account): [string, string][] {
  const list: [string, string][] = [];
  for (const action of ACTIONS)
    for (const resource of [
      'arn:aws:s3:::data/in/x',
      'arn:aws:s3:::data/home/u-1/f',
      'arn:aws:s3:::other/y',
      `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t1`,
      `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
      `arn:aws:iam::${ACCOUNT}:role/r-1`,
      `arn:aws:ec2:us-west-2:${ACCOUNT}:instance/i-1`,
    ])
      list.push([action, resource]);
  for (const role of [...account.roles.values()].slice(0, 10)) list.push(['sts:AssumeRole', role.arn]);
  return list;
}

/**
 * What the plain evaluator says for the principal with all of its policies, none left out, each compiled from its
 * text with the lint pass (`compilePolicy`, once per policy and place).
 */
function unfiltered(evaluator: AccountEvaluator, principal: AccountPrincipal, action: string, resource: string, options: AccountQueryOptions, compiled: Map<string, CompiledPolicy>): string {
  const { identity, boundary } = principalPolicies(evaluator.account, principal);
  const trust = action === 'sts:AssumeRole' ? evaluator.account.roles.get(resource)?.trust : undefined;
  const set = compilePolicies(
    {
      identity: identity.map((policy) => ({ name: policy.key, policy: policy.text })),
      resource: trust ? { name: trust.key, policy: trust.text } : null,
      permissionsBoundary: boundary ? { name: boundary.key, policy: boundary.text } : null,
      scps: (options.scps ?? []) as NamedPolicy[][],
    },
    (input, ref) => {
      const key = `${ref.kind}\u0000${ref.level ?? ''}\u0000${ref.index}\u0000${(input as NamedPolicy).name}`;
      let policy = compiled.get(key);
      if (!policy) compiled.set(key, (policy = compilePolicy(input, ref)));
      return policy;
    },
  );
  const outcome = evaluate({ principal: principal.arn, action, resource, context: evaluator.contextFor(principal) }, set, { explain: false });
  assert.equal(outcome.errors, undefined);
  return outcome.decision;
}

/** Allowed by the evaluator, from an account decision: Allowed, or Conditional only because of a Deny's missing key. */
function allowedOf(decision: PrincipalDecision): boolean {
  if (decision.decision === 'Allowed') return true;
  return decision.decision === 'Conditional' && decision.conditions!.every((need) => need.effect === 'Deny');
}

export const OPTIONS: [string, AccountQueryOptions][] = [
  ['no SCPs, no context', {}],
  ['SCP levels, no context', { scps: SCPS }],
  ['SCP levels, context given', { scps: SCPS, context: { 'aws:SecureTransport': 'true', 'aws:MultiFactorAuthPresent': 'false', 'aws:ResourceTag/team': 'red' } }],
];

/** who-can on the account of `seed`, every request of `requests`, against the plain evaluator. */
export function assertWhoCanAsEveryPrincipal(seed: number, options: AccountQueryOptions): void {
  const account = variedAccount(seed);
  const now = new Date('2026-01-01T00:00:00Z');
  const compiled = new Map<string, CompiledPolicy>();
  const assumersChecked = new Set<string>();
  let assumersAllowed = 0;
  let allowedSeen = 0;
  let deniedSeen = 0;
  // One evaluator asked every request in turn: what it learnt of the policies for earlier actions (the services
  // their Action values name, the statements scanned) must not change a later answer.
  const shared = new AccountEvaluator(account, { ...options, now });
  for (const [action, resource] of requests(account)) {
    const result = whoCan(new AccountEvaluator(account, { ...options, now }), action, resource);
    assert.deepEqual(whoCan(shared, action, resource), result, `${action} ${resource}, asked of an evaluator that answered the requests before it`);
    // The same answer as deciding for every principal, none skipped.
    const reference = new AccountEvaluator(account, { ...options, now });
    const expected = [...account.users.values(), ...account.roles.values()]
      .map((principal) => [principal.arn, reference.decide(principal, action, resource)] as const)
      .filter(([, decision]) => decision.decision === 'Allowed' || decision.decision === 'Conditional');
    const accountPrincipals = result.allowed.filter((entry) => entry.type === 'user' || entry.type === 'role');
    assert.deepEqual(
      accountPrincipals.map((entry) => [entry.principal, entry.decision, entry.via, entry.conditions]),
      expected.map(([principal, decision]) => [principal, decision.decision, decision.via, decision.conditions]),
      `${action} ${resource}`,
    );
    assert.deepEqual(result.errors, []);
    // Who can assume each allowed role: listed when the evaluator allows it, and Allowed only when it does.
    for (const entry of accountPrincipals) {
      if (entry.type !== 'role' || assumersChecked.has(entry.principal)) continue;
      assumersChecked.add(entry.principal);
      const assumers = new Map(entry.assumableBy!.map((assumer) => [assumer.principal, assumer.decision]));
      for (const principal of [...account.users.values(), ...account.roles.values()]) {
        if (principal.arn === entry.principal) continue;
        const plain = unfiltered(reference, principal, 'sts:AssumeRole', entry.principal, options, compiled);
        const listed = assumers.get(principal.arn);
        assert.ok(plain !== 'Allowed' || listed !== undefined, `${principal.arn} may assume ${entry.principal} but is not listed`);
        assert.ok(listed !== 'Allowed' || plain === 'Allowed', `${principal.arn} is listed as allowed to assume ${entry.principal}; the evaluator says ${plain}`);
        if (plain === 'Allowed') assumersAllowed++;
      }
    }
    // And allowed exactly when the evaluator, given every policy of the principal, allows.
    const listed = new Map(accountPrincipals.map((entry) => [entry.principal, entry]));
    for (const principal of [...account.users.values(), ...account.roles.values()]) {
      const plain = unfiltered(reference, principal, action, resource, options, compiled);
      const entry = listed.get(principal.arn);
      const allowed = entry ? allowedOf({ decision: entry.decision, via: entry.via, ...(entry.conditions ? { conditions: entry.conditions } : {}) }) : false;
      assert.equal(allowed, plain === 'Allowed', `${principal.arn} ${action} ${resource}: evaluator ${plain}, who-can ${entry?.decision ?? 'not listed'}`);
      if (plain === 'Allowed') allowedSeen++;
      else deniedSeen++;
    }
  }
  // The account is varied enough that both answers occur often.
  assert.ok(allowedSeen > 100 && deniedSeen > 100, `${allowedSeen} allowed, ${deniedSeen} denied`);
  assert.ok(assumersAllowed > 20, `${assumersAllowed} assumers allowed`);
}
