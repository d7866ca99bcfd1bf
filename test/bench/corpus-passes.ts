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
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function cpuTime(body: () => void): number {
  collectGarbage();
  const start = process.cpuUsage();
  body();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

const [coreFile, textsFile, count] = process.argv.slice(2);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lintPolicy, parsePolicy } = require(coreFile) as BundledCore;
const texts = JSON.parse(readFileSync(textsFile, 'utf8')) as string[];
const passes: CorpusPasses = { parseTree: [], parsePolicy: [], lint: [] };
lintPolicy(texts[0], { policyType: 'identity' });
for (let run = 0; run < Number(count); run++) {
  passes.parseTree.push(cpuTime(() => texts.forEach((text) => parseTree(text, []))));
  passes.parsePolicy.push(cpuTime(() => texts.forEach((text) => parsePolicy(text))));
  passes.lint.push(cpuTime(() => texts.forEach((text) => lintPolicy(text, { policyType: 'identity' }))));
}
process.stdout.write(JSON.stringify(passes));
