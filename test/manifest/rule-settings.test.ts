import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allRules } from '../../server/src/core/rules';
import { normalizeSettings } from '../../server/src/lsp/settings';
import { packageJsonPath, packageJsonWithRuleSchema } from '../../scripts/rule-table';

interface RuleProperty {
  type: string;
  enum: string[];
  default: string;
  description: string;
}
interface RulesSchema {
  properties: Record<string, RuleProperty>;
  additionalProperties: boolean;
}

const manifestText = readFileSync(packageJsonPath, 'utf8');
const rulesSchema = JSON.parse(manifestText).contributes.configuration.properties['iamPolicy.rules'] as RulesSchema;

test('the iamPolicy.rules schema in package.json is up to date (npm run docs rewrites it)', () => {
  assert.equal(manifestText, packageJsonWithRuleSchema(manifestText));
});

test('the iamPolicy.rules schema lists every rule id, and only those, with its default severity', () => {
  assert.deepEqual(Object.keys(rulesSchema.properties).sort(), allRules.map((c) => c.id).sort());
  assert.ok(rulesSchema.properties['yaml-account-number'] && rulesSchema.properties['terraform-syntax'], 'host rules are settable too');
  assert.equal(rulesSchema.additionalProperties, false);
  for (const rule of allRules) assert.equal(rulesSchema.properties[rule.id].default, rule.severity, rule.id);
});

test('a setting the schema accepts, such as "wildcard-resource": "off", is one the server accepts', () => {
  assert.ok(rulesSchema.properties['wildcard-resource'].enum.includes('off'));
  for (const value of rulesSchema.properties['wildcard-resource'].enum) {
    const { settings, problems } = normalizeSettings({ rules: { 'wildcard-resource': value } });
    assert.deepEqual(problems, [], value);
    assert.equal(settings.rules['wildcard-resource'], value);
  }
});
