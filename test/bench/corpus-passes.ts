// One fresh process of `npm run bench -- corpus` (see benchCorpus in bench.ts): whole passes over the managed policies
// of one kind (jsonc-parser's parseTree, parsePolicy or lintPolicy), one after the other, as a host that re-analyses
// its documents runs them, then one pass after a forced full collection. Prints the CPU milliseconds of every pass as
// JSON. Arguments: the bundled core, a JSON file of the policy texts, the kind, and the number of passes.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseTree } from 'jsonc-parser';
import type { BundledCore } from './bundled-core';

export type PassKind = 'parseTree' | 'parsePolicy' | 'lint';

export interface CorpusPasses {
  /** Every pass in order: the first is cold (JIT, the catalog, the caches); the later ones are the steady state. */
  passes: number[];
  /** One more pass, right after a forced full collection with nothing of the earlier passes alive. */
  afterCollection: number;
  /**
   * For the lint: one more pass, before that collection, against a catalog loaded afresh. The JIT is as warm as in the
   * steady passes, and every cache kept per catalog (action facts, expansions, fits, ARN formats) and the catalog's
   * own lazily built indexes start empty: with the first pass, it splits a cold run's cost into the JIT's and the
   * caches'.
   */
  freshCatalog?: number;
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function cpuTime(body: () => void): number {
  const start = process.cpuUsage();
  body();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

const [coreFile, textsFile, kind, count] = process.argv.slice(2) as [string, string, PassKind, string];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lintPolicy, parsePolicy, loadCatalog } = require(coreFile) as BundledCore;
const texts = JSON.parse(readFileSync(textsFile, 'utf8')) as string[];
const bodies: Record<PassKind, (text: string) => unknown> = {
  parseTree: (text) => parseTree(text, []),
  parsePolicy: (text) => parsePolicy(text),
  lint: (text) => lintPolicy(text, { policyType: 'identity' }),
};
const body = bodies[kind];
if (!body) throw new Error(`unknown pass kind ${kind}`);
// Each pass collects the garbage it makes (and the earlier passes' old garbage it finds): no forced collection
// between them. A forced full collection shrinks the young generation back to its first size and, with no policy
// alive, frees the policy model's hidden classes, so V8 discards the rules' optimised code that depends on them
// ("weak objects" in --trace-deopt: 25 to 105 functions each time); the pass after it then re-warms the JIT through
// scavenges that come far more often. Measured so until 2026-12-03, parseTree took 2.5 to 4 times its steady time
// and lintPolicy 3 to 4 times, a state no host stays in. It is still measured once at the end, and shown.
const passes: number[] = [];
for (let run = 0; run < Number(count); run++) passes.push(cpuTime(() => texts.forEach(body)));
let freshCatalog: number | undefined;
if (kind === 'lint') {
  const catalog = loadCatalog();
  freshCatalog = cpuTime(() => texts.forEach((text) => lintPolicy(text, { policyType: 'identity', catalog })));
}
collectGarbage();
const afterCollection = cpuTime(() => texts.forEach(body));
const result: CorpusPasses = { passes, afterCollection, ...(freshCatalog === undefined ? {} : { freshCatalog }) };
process.stdout.write(JSON.stringify(result));
