// Writes what is generated from the rules themselves: the rule table in README.md (between its markers)
// and the `iamPolicy.rules` setting schema in package.json (one property per rule id, so VS Code
// completes the ids and does not warn on a valid `"wildcard-resource": "off"`).
// Usage: node --import tsx scripts/rule-table.ts   (npm run docs)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../server/src/core/rules';

export const readmePath = join(__dirname, '..', 'README.md');
export const packageJsonPath = join(__dirname, '..', 'package.json');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';

/** The values `iamPolicy.rules` accepts for a rule, as lsp/settings.ts reads them. */
export const ruleSettingValues = ['off', 'error', 'warning', 'information', 'hint'] as const;

export function ruleTable(): string {
  const rows = allRules.map((c) => `| [\`${c.id}\`](docs/rules/${c.id}.md) | ${c.severity} | ${c.description.replace(/\|/g, '\\|')} |`);
  return ['| Rule | Default | What it catches |', '| --- | --- | --- |', ...rows].join('\n');
}

export function readmeWithRuleTable(readme: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md needs the markers ${start} and ${end}`);
  return `${readme.slice(0, from + start.length)}\n${ruleTable()}\n${readme.slice(to)}`;
}

/**
 * The JSON schema of the `iamPolicy.rules` setting: every rule id as a property (sorted, with its description and
 * default severity), and no other property, so an unknown id is flagged in settings.json.
 */
export function rulesSettingSchema(): Record<string, unknown> {
  const ids = [...allRules].sort((a, b) => a.id.localeCompare(b.id));
  return {
    type: 'object',
    default: {},
    markdownDescription: 'Change the severity of a rule or turn it off, by rule id, for example `{ "version-missing": "off", "empty-value": "error" }`. See the rule table in the README.',
    properties: Object.fromEntries(ids.map((c) => [c.id, { type: 'string', enum: [...ruleSettingValues], default: c.severity, description: c.description }])),
    additionalProperties: false,
    scope: 'resource',
  };
}

/** package.json's text with the `iamPolicy.rules` schema regenerated; everything else, key order included, stays as it is. */
export function packageJsonWithRuleSchema(text: string): string {
  const manifest = JSON.parse(text);
  const properties = manifest?.contributes?.configuration?.properties;
  if (!properties || typeof properties !== 'object') throw new Error('package.json has no contributes.configuration.properties');
  properties['iamPolicy.rules'] = rulesSettingSchema();
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(readmePath, readmeWithRuleTable(readFileSync(readmePath, 'utf8')));
  writeFileSync(packageJsonPath, packageJsonWithRuleSchema(readFileSync(packageJsonPath, 'utf8')));
  console.log(`Wrote ${allRules.length} rules into README.md and the iamPolicy.rules schema in package.json`);
}
