// Counts, per rule, how many policies of the real-world corpus (../shared/corpus/realworld/) and of the AWS
// managed policies draw at least one finding of it, and how many warnings each real-world policy draws.
// Usage: node --import tsx scripts/corpus-counts.ts [--json OUT.json] [--before BEFORE.json]
//   --json    also writes the counts as JSON (run it on an older commit to get a baseline)
//   --before  prints the baseline's counts beside this tree's
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { lintPolicy } from '../server/src/core/lint';
import { managedPolicies } from '../test/helpers/managed-policies';
import { realworldPolicies } from '../test/helpers/realworld-corpus';

export interface CorpusCounts {
  /** rule id -> severity -> number of policies with at least one finding of that rule at that severity. */
  realworld: Record<string, Record<string, number>>;
  managed: Record<string, Record<string, number>>;
  realworldPolicies: number;
  managedPolicies: number;
  realworldWarnings: number;
}

function countRules(
  policies: { text: string; policyType?: Parameters<typeof lintPolicy>[1] extends infer O ? (O extends { policyType?: infer T } ? T : never) : never }[],
): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const { text, policyType } of policies) {
    const seen = new Set<string>();
    for (const p of lintPolicy(text, { policyType }).problems) seen.add(`${p.ruleId}\t${p.severity}`);
    for (const key of seen) {
      const [rule, severity] = key.split('\t');
      (counts[rule] ??= {})[severity] = (counts[rule][severity] ?? 0) + 1;
    }
  }
  return counts;
}

export function corpusCounts(): CorpusCounts {
  const realworld = realworldPolicies();
  const managed = managedPolicies().map(({ text }) => ({ text, policyType: 'identity' as const }));
  const realworldWarnings = realworld.reduce((n, { text, policyType }) => n + lintPolicy(text, { policyType }).problems.filter((p) => p.severity === 'warning').length, 0);
  return { realworld: countRules(realworld), managed: countRules(managed), realworldPolicies: realworld.length, managedPolicies: managed.length, realworldWarnings };
}

function cell(counts: Record<string, Record<string, number>> | undefined, rule: string): string {
  const bySeverity = counts?.[rule];
  if (!bySeverity) return '0';
  return Object.entries(bySeverity)
    .sort()
    .map(([severity, n]) => `${n} ${severity.slice(0, 4)}`)
    .join(', ');
}

if (require.main === module) {
  const { values } = parseArgs({ options: { json: { type: 'string' }, before: { type: 'string' } } });
  const after = corpusCounts();
  if (values.json) writeFileSync(values.json, `${JSON.stringify(after, null, 2)}\n`);
  const before = values.before ? (JSON.parse(readFileSync(values.before, 'utf8')) as CorpusCounts) : undefined;
  const rules = [...new Set([...Object.keys(after.realworld), ...Object.keys(after.managed), ...Object.keys(before?.realworld ?? {}), ...Object.keys(before?.managed ?? {})])].sort();
  const header = before
    ? [`| Rule | Real-world (${after.realworldPolicies}) before | after | Managed (${after.managedPolicies}) before | after |`, '| --- | --- | --- | --- | --- |']
    : [`| Rule | Real-world (${after.realworldPolicies}) | Managed (${after.managedPolicies}) |`, '| --- | --- | --- |'];
  const rows = rules.map((rule) =>
    before
      ? `| ${rule} | ${cell(before.realworld, rule)} | ${cell(after.realworld, rule)} | ${cell(before.managed, rule)} | ${cell(after.managed, rule)} |`
      : `| ${rule} | ${cell(after.realworld, rule)} | ${cell(after.managed, rule)} |`,
  );
  console.log([...header, ...rows].join('\n'));
  const perPolicy = (c: CorpusCounts): string => (c.realworldWarnings / c.realworldPolicies).toFixed(2);
  console.log(`\nWarnings per real-world policy: ${before ? `${perPolicy(before)} before, ` : ''}${perPolicy(after)}${before ? ' after' : ''}.`);
}
