// Where the rules' CPU goes over the managed policies (a planning aid, not a target): `node --import tsx test/bench/rule-costs.ts`.
// Every timing runs on policies parsed afresh, as the lint does: a policy parsed once and checked again finds the
// per-policy structures of its first check built, and the rules measured that way summed to half their cost together.
// The sum of the parts exceeds the whole by the timer's overhead and the collections it brings forward.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseTree } from 'jsonc-parser';
import { bundledCore } from './bundled-core';
import { managedPolicies } from '../helpers/managed-policies';
import { median } from './stats';

type Policy = ReturnType<typeof core.parsePolicy>;

const core = bundledCore();
const texts = managedPolicies().map((p) => p.text);
const catalog = core.getCatalog();
const options = { policyType: 'identity' as const, catalog };
const runs = Number(process.env.RUNS ?? 5);

// The per-policy structures that several rules read, each after those it is built from (its cost is its own).
const builders: [string, (policy: Policy) => unknown][] = [
  ['statementActionsOf', (policy) => core.statementActionsOf(policy)],
  ['unconditionalDeniesOf', (policy) => core.unconditionalDeniesOf(policy)],
  ['resolvedActions', (policy) => core.resolvedActions(policy, catalog)],
  ['statementFitsOf', (policy) => core.statementFitsOf(policy, catalog)],
  ['conditionBlocksOf', (policy) => core.conditionBlocksOf(policy)],
  ['variableSitesOf', (policy) => core.variableSitesOf(policy)],
  ['arnValuesOf', (policy) => core.arnValuesOf(policy, catalog)],
];
const buildAll = (policy: Policy) => builders.forEach(([, build]) => build(policy));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
const collectGarbage = () => gc();
const collectYoung = () => gc({ type: 'minor' });

/** CPU milliseconds of `body`, from a fully collected heap. */
function cpu(body: () => void): number {
  collectGarbage();
  const start = process.cpuUsage();
  body();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/**
 * The median CPU time of `body` over the corpus, as the lint meets it: policies parsed afresh and readied by `prepare`
 * outside the timing, a few at a time. Holding the whole corpus would make each collection copy all of it, a cost
 * the lint never pays; timing each policy alone would count a clock read (microseconds) per policy.
 */
function onFreshParses(prepare: (policy: Policy) => void, body: (policy: Policy) => void): number {
  return median(
    Array.from({ length: runs }, () => {
      collectGarbage();
      let total = 0;
      for (let at = 0; at < texts.length; at += batchSize) {
        const batch = texts.slice(at, at + batchSize).map((text) => core.parsePolicy(text));
        batch.forEach(prepare);
        // Else the collection that the untimed parses made due falls into the timing, with the batch to copy.
        collectYoung();
        const start = process.cpuUsage();
        batch.forEach(body);
        const { user, system } = process.cpuUsage(start);
        total += (user + system) / 1000;
      }
      return total;
    }),
  );
}
const batchSize = 32;

const none = () => {};
const checkAll = (policy: Policy) => core.checkPolicy(policy, options);
checkAll(core.parsePolicy(texts[0]));
texts.forEach((t) => parseTree(t, []));
const parse = median(Array.from({ length: runs }, () => cpu(() => texts.forEach((t) => parseTree(t, [])))));
const model = median(Array.from({ length: runs }, () => cpu(() => texts.forEach((t) => core.parsePolicy(t)))));
const together = onFreshParses(none, checkAll);
const reparsed = texts.map((text) => core.parsePolicy(text));
reparsed.forEach(checkAll);
const reused = median(Array.from({ length: runs }, () => cpu(() => reparsed.forEach(checkAll))));
const x = (ms: number) => `${ms.toFixed(1).padStart(7)} ms  ${(ms / parse).toFixed(2)}x`;

console.log(`parseTree ${parse.toFixed(1)} ms; parsePolicy ${model.toFixed(1)} ms (${(model / parse).toFixed(2)}x); median of ${runs}`);
console.log(`${'every rule, fresh parses (as lintPolicy)'.padEnd(44)} ${x(together)}`);
console.log(`${'every rule, parses checked before'.padEnd(44)} ${x(reused)}`);

console.log('\nShared per-policy structures, each built on its own (what it is built from already built)');
let shared = 0;
for (let i = 0; i < builders.length; i++) {
  const before = builders.slice(0, i);
  const t = onFreshParses((policy) => before.forEach(([, build]) => build(policy)), builders[i][1]);
  shared += t;
  console.log(`${builders[i][0].padEnd(44)} ${x(t)}`);
}
console.log(`${'sum of the shared structures'.padEnd(44)} ${x(shared)}`);

console.log('\nEach rule alone, the shared structures already built');
const floor = onFreshParses(buildAll, (policy) => core.checkPolicy(policy, options, []));
console.log(`${'(no rule: the floor of each figure below)'.padEnd(44)} ${x(floor)}`);
const rows: [string, number][] = [];
for (const check of core.allChecks) rows.push([check.id, onFreshParses(buildAll, (policy) => core.checkPolicy(policy, options, [check]))]);
rows.sort((a, b) => b[1] - a[1]);
let total = 0;
for (const [id, t] of rows) {
  total += t;
  console.log(`${id.padEnd(44)} ${x(t)}`);
}
console.log(`${'sum of the rules alone'.padEnd(44)} ${x(total)}`);
console.log(`${'  + the shared structures'.padEnd(44)} ${x(total + shared)}  (every rule together: ${x(together).trim()})`);
