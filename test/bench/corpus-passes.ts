// One fresh process of `npm run bench -- corpus` (see benchCorpus in bench.ts): whole passes over the managed
// policies with jsonc-parser's parseTree, parsePolicy and lintPolicy, interleaved, each from a fully collected heap.
// Prints the CPU milliseconds of every pass as JSON. Arguments: the bundled core, a JSON file of the policy texts, and
// the number of passes.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseTree } from 'jsonc-parser';
import type { BundledCore } from './bundled-core';

export interface CorpusPasses {
  parseTree: number[];
  parsePolicy: number[];
  lint: number[];
  /** lintPolicy passes that start after a collection in which no policy of the corpus was alive. */
  lintAfterEmptyCollection: number[];
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

// The results of the last lint pass stay referenced through the collections before the passes that follow, as a host
// holds what it analysed (the editor its open documents, the CLI its reports). A full collection in which no policy
// is alive lets V8 drop the hidden classes (maps) of the policy model and the rules' objects, and with them the
// optimised code of every function that embedded one ("marking dependent code for deoptimization, reason: weak
// objects"): the pass after such a collection re-optimises about 130 functions. No host lints in that state (over
// the managed policies `iam-policy lint` runs one full collection, with the file being linted alive, and deoptimises
// nothing for weak objects), so that pass is timed apart, as lintAfterEmptyCollection.
const alive: { lastLint: unknown[] } = { lastLint: [] };

/** The CPU milliseconds of one pass, from a fully collected heap; `keep`: its results become `alive.lastLint`. */
function cpuTime(body: (text: string) => unknown, keep = false): number {
  collectGarbage();
  const results = new Array<unknown>(texts.length);
  const start = process.cpuUsage();
  for (let i = 0; i < texts.length; i++) results[i] = body(texts[i]);
  const { user, system } = process.cpuUsage(start);
  if (keep) alive.lastLint = results;
  return (user + system) / 1000;
}

const [coreFile, textsFile, count] = process.argv.slice(2);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lintPolicy, parsePolicy } = require(coreFile) as BundledCore;
const texts = JSON.parse(readFileSync(textsFile, 'utf8')) as string[];
const passes: CorpusPasses = { parseTree: [], parsePolicy: [], lint: [], lintAfterEmptyCollection: [] };
lintPolicy(texts[0], { policyType: 'identity' });
const lint = (text: string) => lintPolicy(text, { policyType: 'identity' });
for (let run = 0; run < Number(count); run++) {
  passes.parseTree.push(cpuTime((text) => parseTree(text, [])));
  passes.parsePolicy.push(cpuTime(parsePolicy));
  alive.lastLint = [];
  passes.lintAfterEmptyCollection.push(cpuTime(lint, true));
  passes.lint.push(cpuTime(lint, true));
}
process.stdout.write(JSON.stringify(passes));
