import assert from 'node:assert/strict';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parseStrictJsonTree, strictTreeFacts } from '../../server/src/core/policy/json-tree';
import { countPolicyCharacters } from '../../server/src/core/policy/size';
import { managedPolicies } from './managed-policies';
import { Random } from './random';

// The fast JSON tree compared with jsonc-parser's parseTree: shared by server/src/core/policy/json-tree.test.ts and
// json-tree.slow.test.ts (the managed-policy and real-world corpora, and the full run of random edits).

const options = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true };

/** Where two trees differ (keys, values, offsets, parent links), or undefined when they are the same. */
function difference(fast: JsonNode, slow: JsonNode, parent: JsonNode | undefined, path = '$'): string | undefined {
  const keys = Object.keys(fast).sort().join();
  if (keys !== Object.keys(slow).sort().join()) return `${path}: keys ${keys} against ${Object.keys(slow).sort().join()}`;
  if (fast.parent !== parent) return `${path}: parent link`;
  for (const key of ['type', 'offset', 'length', 'colonOffset'] as const) {
    if (fast[key] !== slow[key]) return `${path}: ${key} ${fast[key]} against ${slow[key]}`;
  }
  if (!Object.is(fast.value, slow.value)) return `${path}: value ${JSON.stringify(fast.value)} against ${JSON.stringify(slow.value)}`;
  if ((fast.children?.length ?? -1) !== (slow.children?.length ?? -1)) return `${path}: ${fast.children?.length} children against ${slow.children?.length}`;
  for (let i = 0; i < (fast.children?.length ?? 0); i++) {
    const found = difference(fast.children![i], slow.children![i], fast, `${path}/${i}`);
    if (found) return found;
  }
  return undefined;
}

/** The offsets of the keys repeated in their object (each occurrence after the first), by a walk of parseTree's tree. */
function repeatedKeyOffsets(node: JsonNode): number[] {
  const found: number[] = [];
  if (node.type === 'object') {
    const seen = new Set<unknown>();
    for (const property of node.children ?? []) {
      const key = property.children![0];
      if (seen.has(key.value)) found.push(key.offset);
      seen.add(key.value);
    }
  }
  for (const child of node.children ?? []) found.push(...repeatedKeyOffsets(child));
  return found.sort((a, b) => a - b);
}

/** The fast tree, when there is one, is parseTree's node for node, and it is there whenever parseTree found no error in strict JSON. */
export function assertSameAsParseTree(text: string, label: string): JsonNode | undefined {
  const errors: ParseError[] = [];
  const slow = parseTree(text, errors, options);
  const fast = parseStrictJsonTree(text);
  if (fast) {
    assert.deepEqual(errors, [], `${label}: the fast parser accepted text with syntax errors`);
    assert.ok(slow, label);
    assert.equal(difference(fast, slow, undefined), undefined, label);
    assert.equal('parent' in fast, false, `${label}: the root has no parent link`);
    const facts = strictTreeFacts(fast)!;
    assert.equal(facts.text, text, label);
    assert.deepEqual(
      facts.duplicateKeys.map((key) => key.offset),
      repeatedKeyOffsets(slow),
      `${label}: repeated keys`,
    );
    assert.equal(text.length - facts.surrogatePairs, countPolicyCharacters(text, { countWhitespace: true }), `${label}: characters`);
    assert.equal(text.length - facts.surrogatePairs - facts.whitespace, countPolicyCharacters(text, { countWhitespace: false }), `${label}: characters without white space`);
  } else {
    assert.equal(strictTreeFacts(slow), undefined, label);
  }
  return fast;
}

/** The first `runs` of a seeded run of random edits of managed policies, each text compared; how many the fast parser accepted. */
export function randomEdits(runs: number): number {
  const random = new Random(12);
  const texts = managedPolicies()
    .filter((_, i) => i % 40 === 0)
    .map((p) => p.text);
  const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '0', '-', '.', 'e', 't', 'n', '/', '*', '\\u', '\t', '1', 'a', '"Effect": "Deny", ', '😀', '\uDE00'];
  let accepted = 0;
  for (let run = 0; run < runs; run++) {
    let text = random.pick(texts);
    for (let edit = 0; edit <= random.int(3); edit++) {
      const at = random.int(text.length);
      const kind = random.int(3);
      if (kind === 0) text = text.slice(0, at) + text.slice(at + 1 + random.int(3));
      else if (kind === 1) text = text.slice(0, at) + random.pick(pieces) + text.slice(at);
      else text = text.slice(0, at) + random.pick(pieces) + text.slice(at + 1);
    }
    if (assertSameAsParseTree(text, `seed 12, run ${run}`)) accepted++;
  }
  return accepted;
}
