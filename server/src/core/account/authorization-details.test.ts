import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeAccounts, readAuthorizationDetails } from './authorization-details';
import { emptyAccount, type Account } from './model';
import { findPrincipal, principalPolicies } from './principal-policies';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'account');
// The same account in the four shapes SDKs write documents in: JSON objects (AWS CLI), RFC 3986 URL-encoded text
// (Go and Java SDKs, as IAM sends it), HTML-escaped text (seen from JS SDK v3) and plain JSON text.
const encodings = ['authorization-details.json', 'authorization-details-url-encoded.json', 'authorization-details-html-entities.json', 'authorization-details-json-strings.json'];

function read(name: string): Account {
  const file = join(fixtures, name);
  const result = readAuthorizationDetails(readFileSync(file, 'utf8'), name);
  assert.equal(result.error, undefined);
  return result.account!;
}

/** The model with documents as values, so different encodings of one document compare equal. */
function normalised(account: Account) {
  const doc = (text: string) => JSON.parse(text);
  const policies = (list: { name: string; text: string }[]) => list.map((p) => [p.name, doc(p.text)]);
  return {
    users: [...account.users.values()].map((u) => [u.arn, u.groups, u.attached, u.boundary, policies(u.inline)]),
    groups: [...account.groups.values()].map((g) => [g.arn, g.attached, policies(g.inline)]),
    roles: [...account.roles.values()].map((r) => [r.arn, r.attached, policies(r.inline), r.trust && doc(r.trust.text)]),
    policies: [...account.policies.values()].map((p) => [p.arn, p.policy.versionId, doc(p.policy.text)]),
    warnings: account.warnings.length,
  };
}

test('reads users, groups, roles and customer managed policies', () => {
  const account = read('authorization-details.json');
  assert.deepEqual(
    [...account.users.values()].map((u) => u.name),
    ['ops-admin', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank'],
  );
  assert.deepEqual(
    [...account.groups.values()].map((g) => g.name),
    ['developers', 'support'],
  );
  assert.deepEqual(
    [...account.roles.values()].map((r) => r.name),
    ['deployer', 'admin-lambda', 'reader'],
  );
  assert.deepEqual([...account.accountIds], ['111122223333']);
  assert.deepEqual(account.warnings, []);
  const alice = account.users.get('arn:aws:iam::111122223333:user/alice')!;
  assert.deepEqual(alice.groups, ['developers']);
  assert.deepEqual(alice.tags, { team: 'web' });
  assert.equal(alice.inline[0].key, 'arn:aws:iam::111122223333:user/alice#inline/ReadOwnHome');
  assert.equal(alice.inline[0].source.path, 'UserDetailList[1].UserPolicyList[0]');
  const erin = account.users.get('arn:aws:iam::111122223333:user/erin')!;
  assert.equal(erin.boundary, 'arn:aws:iam::111122223333:policy/S3Only');
  const reader = account.roles.get('arn:aws:iam::111122223333:role/reader')!;
  assert.deepEqual(JSON.parse(reader.trust!.text).Statement[0].Principal.AWS, ['arn:aws:iam::111122223333:user/frank', 'AROAEXAMPLEDELETED01']);
});

test('a customer managed policy is its default version, not the newest or the first', () => {
  const account = read('authorization-details.json');
  const devRead = account.policies.get('arn:aws:iam::111122223333:policy/DevRead')!;
  assert.equal(devRead.policy.versionId, 'v2');
  assert.equal(JSON.parse(devRead.policy.text).Statement[0].Sid, 'ReadCorpData');
  assert.equal(devRead.policy.source.path, 'Policies[0].PolicyVersionList[1]');
});

test('every document encoding gives the same account', () => {
  const expected = normalised(read(encodings[0]));
  for (const name of encodings.slice(1)) assert.deepEqual(normalised(read(name)), expected, name);
});

test('gathers a user’s policies: inline, attached, each group’s, and the boundary', () => {
  const account = read('authorization-details.json');
  const alice = findPrincipal(account, 'alice');
  assert.ok(typeof alice !== 'string');
  assert.deepEqual(
    principalPolicies(account, alice).identity.map((p) => p.key),
    ['arn:aws:iam::111122223333:user/alice#inline/ReadOwnHome', 'arn:aws:iam::111122223333:policy/DevRead'],
  );
  const erin = findPrincipal(account, 'user/erin');
  assert.ok(typeof erin !== 'string');
  const gathered = principalPolicies(account, erin);
  assert.deepEqual(
    gathered.identity.map((p) => [p.key, p.kind]),
    [
      ['arn:aws:iam::111122223333:user/erin#inline/Data', 'inline'],
      ['arn:aws:iam::aws:policy/IAMFullAccess', 'aws-managed'],
    ],
  );
  assert.equal(gathered.boundary?.key, 'arn:aws:iam::111122223333:policy/S3Only');
  assert.match(gathered.identity[1].note!, /^bundled version v\d+ of \d{4}-\d\d-\d\d$/);
});

test('finds principals by ARN, name, kind/name, and a role session ARN; says why when it cannot', () => {
  const account = read('authorization-details.json');
  const arn = (found: ReturnType<typeof findPrincipal>) => (typeof found === 'string' ? found : found.arn);
  assert.equal(arn(findPrincipal(account, 'arn:aws:iam::111122223333:role/reader')), 'arn:aws:iam::111122223333:role/reader');
  assert.equal(arn(findPrincipal(account, 'role/deployer')), 'arn:aws:iam::111122223333:role/deployer');
  assert.equal(arn(findPrincipal(account, 'arn:aws:sts::111122223333:assumed-role/deployer/ci-run')), 'arn:aws:iam::111122223333:role/deployer');
  assert.equal(findPrincipal(account, 'mallory'), 'No user or role named "mallory" in the account.');
  assert.equal(findPrincipal(account, 'arn:aws:iam::111122223333:user/mallory'), 'No user or role with ARN arn:aws:iam::111122223333:user/mallory in the account.');
  const twice = emptyAccount();
  mergeAccounts(twice, account);
  const role = { ...account.roles.get('arn:aws:iam::111122223333:role/reader')!, arn: 'arn:aws:iam::111122223333:role/team/alice', name: 'alice' };
  twice.roles.set(role.arn, role);
  assert.match(findPrincipal(twice, 'alice') as string, /^"alice" names 2 principals .* give the ARN, or user\/NAME or role\/NAME\.$/);
  assert.equal(arn(findPrincipal(twice, 'user/alice')), 'arn:aws:iam::111122223333:user/alice');
});

test('a file that is not an export gets a clear error', () => {
  assert.match(readAuthorizationDetails('{"UserDetailList": [', 'a.json').error!, /^a\.json is not valid JSON \(/);
  assert.equal(
    readAuthorizationDetails('[]', 'a.json').error,
    'a.json is not the output of `aws iam get-account-authorization-details`: it needs at least one of UserDetailList, GroupDetailList, RoleDetailList, Policies.',
  );
  assert.equal(
    readAuthorizationDetails('{"Statement": []}', 'p.json').error,
    'p.json is not the output of `aws iam get-account-authorization-details`: it needs at least one of UserDetailList, GroupDetailList, RoleDetailList, Policies.',
  );
  assert.equal(readAuthorizationDetails('{"RoleDetailList": {}}', 'a.json').error, 'a.json: RoleDetailList must be a list.');
});

test('unusable entries are left out with a warning naming them', () => {
  const text = JSON.stringify({
    UserDetailList: [null, { UserName: 'no-arn' }, { Arn: 'arn:aws:iam::111122223333:user/u', UserPolicyList: [{ PolicyName: 'Broken', PolicyDocument: '%7Bnope' }], AttachedManagedPolicies: [{}] }],
    RoleDetailList: [{ Arn: 'arn:aws:iam::111122223333:role/r', AssumeRolePolicyDocument: 7 }],
    Policies: [{ Arn: 'arn:aws:iam::111122223333:policy/p', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: false, Document: {} }] }],
  });
  const { account } = readAuthorizationDetails(text, 'x.json');
  assert.deepEqual(account!.warnings, [
    'x.json: Policies[0] policy arn:aws:iam::111122223333:policy/p has no default version in PolicyVersionList; it is left out.',
    'x.json: UserDetailList[0] is not an object; it is left out.',
    'x.json: UserDetailList[1] has no Arn; it is left out.',
    'x.json: UserDetailList[2].UserPolicyList[0] inline policy Broken of arn:aws:iam::111122223333:user/u: the URL-decoded policy document is not valid JSON; it is left out.',
    'x.json: UserDetailList[2].AttachedManagedPolicies[0] has no PolicyArn; it is left out.',
    'x.json: RoleDetailList[0].AssumeRolePolicyDocument trust policy of arn:aws:iam::111122223333:role/r: a policy document must be a JSON object or a string, not number; it is left out.',
  ]);
  assert.equal(account!.users.size, 1);
  assert.equal(account!.roles.get('arn:aws:iam::111122223333:role/r')!.trust, undefined);
});

test('merging accounts keeps both and warns when one ARN comes from two files', () => {
  const a = read('authorization-details.json');
  const b = readAuthorizationDetails(
    JSON.stringify({ UserDetailList: [{ Arn: 'arn:aws:iam::111122223333:user/alice', UserName: 'alice' }, { Arn: 'arn:aws:iam::444455556666:user/zed' }] }),
    'other.json',
  ).account!;
  const merged = mergeAccounts(a, b);
  assert.equal(merged.users.size, 8);
  assert.deepEqual([...merged.accountIds], ['111122223333', '444455556666']);
  assert.deepEqual(merged.warnings, ['arn:aws:iam::111122223333:user/alice is defined in both authorization-details.json and other.json; using other.json.']);
});
