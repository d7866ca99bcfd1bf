import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks } from './index';

const helperModules = new Set(['check.ts', 'index.ts', 'statement-anchor.ts', 'resolved-actions.ts', 'empty-arn-fields.ts', 'kms-alias-resources.ts', 'opensearch-subresources.ts']);
const ruleFiles = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !helperModules.has(f));

test('every rule module is listed in index.ts under its own file name', () => {
  const ids = allChecks.map((c) => c.id).sort();
  assert.deepEqual(ids, ruleFiles.map((f) => f.replace(/\.ts$/, '')).sort());
});

test('every rule has a unique kebab-case id, a severity, a description and a test file', () => {
  const seen = new Set<string>();
  for (const check of allChecks) {
    assert.match(check.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(!seen.has(check.id), `duplicate id ${check.id}`);
    seen.add(check.id);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(check.severity));
    assert.ok(check.description.length > 20 && check.description.endsWith('.'), `${check.id} needs a sentence of description`);
    assert.ok(readdirSync(__dirname).includes(`${check.id}.test.ts`), `${check.id} has no test file`);
  }
});

test('every rule has a documentation page', () => {
  const docs = join(__dirname, '..', '..', '..', '..', 'docs', 'rules');
  for (const check of allChecks) {
    const page = readFileSync(join(docs, `${check.id}.md`), 'utf8');
    assert.ok(page.startsWith(`# ${check.id}`), `${check.id}.md should start with its id`);
  }
});

test('the README rule table is up to date (npm run docs rewrites it)', async () => {
  const { readmePath, readmeWithRuleTable } = await import('../../../../scripts/rule-table');
  const readme = readFileSync(readmePath, 'utf8');
  assert.equal(readme, readmeWithRuleTable(readme));
});
