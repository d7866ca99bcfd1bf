// Needs dist/managed-policies.json: `npm run build` (or `npm run managed-policies`) makes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManagedPolicies, readManagedPolicyRow } from './managed-policies';

const bundled = join(__dirname, '..', '..', '..', '..', 'dist', 'managed-policies.json');

test('every bundled policy read by itself is the one the whole file gives', () => {
  const whole = loadManagedPolicies(bundled);
  const arns = readFileSync(bundled, 'utf8')
    .split('\n')
    .slice(1, -2)
    .map((line) => line.slice(1, line.indexOf('"', 1)));
  assert.equal(arns.length, whole.count);
  for (const arn of arns) assert.deepEqual(readManagedPolicyRow(bundled, arn), { policy: whole.find(arn), version: whole.version }, arn);
  // Another partition, a path that is not the policy's, and names before the first and after the last are left to the whole file.
  for (const arn of ['arn:aws-cn:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/service-role/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AAA', 'arn:aws:iam::aws:policy/zzz'])
    assert.equal(readManagedPolicyRow(bundled, arn), undefined, arn);
});

test('a row that does not parse, a file cut short or of format 1 is left to the whole file, which reports it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'managed-policy-row-'));
  const good = ['v3', '2024-05-01', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }];
  const rows = `{"f":2,"v":"9.9.9","d":"2024-05-01","p":{\n"arn:aws:iam::aws:policy/Broken":["v1",oops],\n"arn:aws:iam::aws:policy/service-role/Good":${JSON.stringify(good)}\n}}\n`;
  writeFileSync(join(dir, 'lines.json'), rows);
  assert.deepEqual(readManagedPolicyRow(join(dir, 'lines.json'), 'arn:aws:iam::aws:policy/service-role/Good'), {
    policy: { arn: 'arn:aws:iam::aws:policy/service-role/Good', name: 'Good', versionId: 'v3', updated: '2024-05-01', document: good[2] },
    version: '9.9.9',
  });
  assert.throws(() => readManagedPolicyRow(join(dir, 'lines.json'), 'arn:aws:iam::aws:policy/Broken'), SyntaxError);
  writeFileSync(join(dir, 'cut.json'), rows.slice(0, -4));
  assert.equal(readManagedPolicyRow(join(dir, 'cut.json'), 'arn:aws:iam::aws:policy/service-role/Good'), undefined);
  writeFileSync(join(dir, 'one-line.json'), JSON.stringify({ f: 1, v: '1.0.0', d: '2023-01-02', p: { 'arn:aws:iam::aws:policy/Good': good } }));
  assert.equal(readManagedPolicyRow(join(dir, 'one-line.json'), 'arn:aws:iam::aws:policy/Good'), undefined);
});
