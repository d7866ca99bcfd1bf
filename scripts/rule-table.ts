// Writes the rule table into README.md between its markers, from the rules themselves.
// Usage: node --import tsx scripts/rule-table.ts   (npm run docs)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks } from '../server/src/core/checks/index';

export const readmePath = join(__dirname, '..', 'README.md');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';

export function ruleTable(): string {
  const rows = allChecks.map((c) => `| [\`${c.id}\`](docs/rules/${c.id}.md) | ${c.severity} | ${c.description.replace(/\|/g, '\\|')} |`);
  return ['| Rule | Default | What it catches |', '| --- | --- | --- |', ...rows].join('\n');
}

export function readmeWithRuleTable(readme: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md needs the markers ${start} and ${end}`);
  return `${readme.slice(0, from + start.length)}\n${ruleTable()}\n${readme.slice(to)}`;
}

if (require.main === module) {
  writeFileSync(readmePath, readmeWithRuleTable(readFileSync(readmePath, 'utf8')));
  console.log(`Wrote ${allChecks.length} rules into README.md`);
}
