// Walks the access-check case tables in test/access-checks/cases/*.json, like the evaluator's case tables. Each
// file: { source, cases: [{ name, check, old?, new?, policy?, policyType?, mode?, actions?, resources?,
// resourceType?, expected: { result, actions?, witnessAction?, witnessResource?, witnessPrincipal?, witnessContext?, reasonIncludes? } }] }. Every FAIL's witness is re-checked here, apart
// from the check's own re-check: `evaluate` must give the new (or only) policy's verdict Allow and the old one's not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkAccessNotGranted, checkNoNewAccess, checkNoPublicAccess, type AccessCheckResult } from '../../server/src/core/access-checks/index';
import { verdictOn } from '../helpers/verdict';

interface Case {
  name: string;
  check: 'no-new-access' | 'access-not-granted' | 'no-public-access';
  old?: object;
  new?: object;
  policy?: object;
  policyType?: 'identity' | 'resource';
  mode?: 'catalog' | 'string';
  actions?: string[];
  resources?: string[];
  resourceType?: string;
  expected: { result: string; actions?: string[]; witnessAction?: string; witnessResource?: string; witnessPrincipal?: string; witnessContext?: Record<string, unknown>; reasonIncludes?: string };
}

const folder = join(__dirname, 'cases');

function run(entry: Case): AccessCheckResult {
  const mode = entry.mode ?? 'catalog';
  switch (entry.check) {
    case 'no-new-access':
      return checkNoNewAccess(JSON.stringify(entry.old), JSON.stringify(entry.new), { policyType: entry.policyType ?? 'identity', mode });
    case 'access-not-granted':
      return checkAccessNotGranted(JSON.stringify(entry.policy), {
        policyType: entry.policyType ?? 'identity',
        mode,
        ...(entry.actions ? { actions: entry.actions } : {}),
        ...(entry.resources ? { resources: entry.resources } : {}),
      });
    case 'no-public-access':
      return checkNoPublicAccess(JSON.stringify(entry.policy), entry.resourceType!, { mode });
  }
}

for (const file of readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .sort()) {
  const { cases } = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { cases: Case[] };
  for (const entry of cases) {
    test(`${file}: ${entry.name}`, () => {
      const result = run(entry);
      assert.equal(result.result, entry.expected.result, result.reasons.join(' '));
      if (entry.expected.reasonIncludes)
        assert.ok(
          result.reasons.some((reason) => reason.includes(entry.expected.reasonIncludes!)),
          result.reasons.join(' '),
        );
      if (result.result !== 'FAIL') {
        assert.equal(result.witness, undefined);
        return;
      }
      const witness = result.witness!;
      assert.ok(witness, 'every FAIL carries a witness');
      const type = entry.check === 'no-public-access' ? 'resource' : (entry.policyType ?? 'identity');
      assert.equal(verdictOn(witness, (entry.new ?? entry.policy)!, type), 'Allow');
      if (entry.old) assert.notEqual(verdictOn(witness, entry.old, type), 'Allow');
      if (entry.check === 'no-public-access') assert.ok(witness.principal === undefined || !/111122223333|444455556666/.test(witness.principal), witness.principal);
      if (entry.expected.witnessAction) assert.equal(witness.action, entry.expected.witnessAction);
      if (entry.expected.witnessResource !== undefined) assert.equal(witness.resource, entry.expected.witnessResource);
      if (entry.expected.witnessPrincipal) assert.equal(witness.principal, entry.expected.witnessPrincipal);
      if (entry.expected.witnessContext) assert.deepEqual(witness.context, entry.expected.witnessContext);
      if (entry.expected.actions) for (const action of entry.expected.actions) assert.ok(result.actions!.includes(action), `${action} in ${result.actions!.slice(0, 20).join(', ')}`);
    });
  }
}
