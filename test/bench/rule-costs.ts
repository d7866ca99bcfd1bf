// Per-rule CPU over the managed policies, warm caches (a planning aid, not a target): `node --import tsx test/bench/rule-costs.ts`.
import { parseTree } from 'jsonc-parser';
import { bundledCore } from './bundled-core';
import { managedPolicies } from '../helpers/managed-policies';
import { median } from './stats';

const core = bundledCore();
const texts = managedPolicies().map((p) => p.text);
const parsed = texts.map((t) => core.parsePolicy(t));
const catalog = core.getCatalog();
for (const p of parsed) core.checkPolicy(p, { policyType: 'identity', catalog });
const cpu = (body: () => void) => {
  const s = process.cpuUsage();
  body();
  const u = process.cpuUsage(s);
  return (u.user + u.system) / 1000;
};
const parse = median(Array.from({ length: 5 }, () => cpu(() => texts.forEach((t) => parseTree(t, [])))));
const model = median(Array.from({ length: 5 }, () => cpu(() => texts.forEach((t) => core.parsePolicy(t)))));
const rows: [string, number][] = [];
for (const check of core.allChecks) {
  const t = median(Array.from({ length: 5 }, () => cpu(() => parsed.forEach((p) => core.checkPolicy(p, { policyType: 'identity', catalog }, [check])))));
  rows.push([check.id, t]);
}
rows.sort((a, b) => b[1] - a[1]);
console.log(`parseTree ${parse.toFixed(1)} ms; parsePolicy ${model.toFixed(1)} ms (${(model / parse).toFixed(2)}x)`);
let total = 0;
for (const [id, t] of rows) {
  total += t;
  console.log(`${id.padEnd(40)} ${t.toFixed(1).padStart(7)} ms  ${(t / parse).toFixed(2)}x`);
}
console.log(`sum of rules ${total.toFixed(1)} ms (${(total / parse).toFixed(2)}x)`);
