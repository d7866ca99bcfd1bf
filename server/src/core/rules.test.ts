import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, knownRuleIds } from './rules';

test('every rule id is unique and has a documentation page', () => {
  assert.equal(knownRuleIds().size, allRules.length);
  for (const rule of allRules) assert.ok(existsSync(join(__dirname, '..', '..', '..', 'docs', 'rules', `${rule.id}.md`)), rule.id);
});

test('the rules host readers report are known, so settings and --rule accept them', () => {
  for (const id of ['yaml-account-number', 'yaml-syntax', 'cfn-sub-policy-variable', 'sam-policy-unknown', 'terraform-syntax', 'terraform-parser', 'escalation-path'])
    assert.ok(knownRuleIds().has(id), id);
});
