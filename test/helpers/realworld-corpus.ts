import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PolicyType } from '../../server/src/core/policy/policy-type';

/**
 * The real-world corpus sits beside the repository, in `../shared/corpus/realworld/` (in CI and in every
 * worktree's shared folder); REALWORLD_CORPUS overrides the folder.
 */
export function realworldCorpusDir(): string {
  const repoRoot = resolve(__dirname, '..', '..');
  const candidates = process.env.REALWORLD_CORPUS
    ? [resolve(process.env.REALWORLD_CORPUS)]
    : [resolve(repoRoot, '..', 'shared', 'corpus', 'realworld'), resolve(repoRoot, '..', '..', 'shared', 'corpus', 'realworld')];
  const found = candidates.find((dir) => existsSync(join(dir, 'policies')));
  if (!found) {
    throw new Error(
      `The real-world policy corpus is missing: looked for a policies/ folder in ${candidates.join(' and ')}. Check it out beside the repository (../shared/corpus/realworld/) or set REALWORLD_CORPUS.`,
    );
  }
  return found;
}

export interface RealworldPolicy {
  file: string;
  text: string;
  /** SCPs and RCPs are named so (see the corpus README); every other type is inferred from the content. */
  policyType?: PolicyType;
}

/** The type the corpus README gives a file by its name: `*-scp-*` / `*_scp` are SCPs and `*rcp*` are RCPs. */
export function corpusPolicyType(file: string): PolicyType | undefined {
  if (/(^|[-_])scp([-_.]|$)/i.test(file)) return 'scp';
  if (/rcp/i.test(file)) return 'rcp';
  return undefined;
}

/** Every policy of the real-world corpus, sorted by file name. */
export function realworldPolicies(): RealworldPolicy[] {
  const dir = join(realworldCorpusDir(), 'policies');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8'), policyType: corpusPolicyType(file) }));
}
