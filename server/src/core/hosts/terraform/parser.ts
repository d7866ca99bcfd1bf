import type { Edit, Tree } from 'web-tree-sitter';
import { treeSitter, wasmGrammar } from '../tree-sitter';
import { parsableText } from './iam-variables';

/** The HCL parser: tree-sitter's Terraform grammar (tree-sitter-grammars/tree-sitter-hcl, Apache-2.0). */
export const GRAMMAR_WASM = 'tree-sitter-terraform.wasm';
const terraformGrammar = wasmGrammar(GRAMMAR_WASM, '@tree-sitter-grammars/tree-sitter-hcl', 'Terraform');

/** Loads the runtime and the grammar once; later calls return the same promise. Never rejects: a failure is kept for `terraformParser()`. */
export function loadTerraformParser(): Promise<void> {
  return terraformGrammar.load();
}

/** The loaded parser, or why there is none: not loaded yet, or a wasm file missing. */
export const terraformParser = terraformGrammar.parser;

/**
 * Parses `text`, reusing the tree of the previous text of the same document when there is one: the change between
 * the two is found as one edit (common prefix and suffix), the old tree is told about it, and tree-sitter
 * re-parses only what the edit touched. Returns undefined when the parser is not loaded.
 */
export class IncrementalParser {
  private readonly trees = new Map<string, { text: string; parsed: string; tree: Tree }>();

  constructor(private readonly maxDocuments = 64) {}

  parse(uri: string, text: string): Tree | undefined {
    const instance = terraformParser();
    if (instance instanceof Error) return undefined;
    const previous = this.trees.get(uri);
    if (previous?.text === text) return previous.tree;
    // The parser reads IAM policy variables written as interpolations masked (iam-variables.ts); the edit is found
    // between the texts it read, since an edit next to one changes its mask.
    const parsed = parsableText(text);
    let tree: Tree | null;
    if (previous) {
      previous.tree.edit(editBetween(previous.parsed, parsed));
      tree = instance.parse(parsed, previous.tree);
      previous.tree.delete();
    } else {
      tree = instance.parse(parsed);
    }
    this.trees.delete(uri);
    if (!tree) return undefined;
    this.trees.set(uri, { text, parsed, tree });
    if (this.trees.size > this.maxDocuments) this.forget(this.trees.keys().next().value!);
    return tree;
  }

  forget(uri: string): void {
    this.trees.get(uri)?.tree.delete();
    this.trees.delete(uri);
  }
}

/** The single edit that turns `before` into `after`: the longest common prefix and suffix are kept. */
export function editBetween(before: string, after: string): Edit {
  const limit = Math.min(before.length, after.length);
  // Whole chunks first (compared natively), then characters: a large file costs a few hundred comparisons.
  const chunk = 2048;
  let start = 0;
  while (start + chunk <= limit && before.slice(start, start + chunk) === after.slice(start, start + chunk)) start += chunk;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix + chunk <= limit - start && before.slice(before.length - suffix - chunk, before.length - suffix) === after.slice(after.length - suffix - chunk, after.length - suffix)) suffix += chunk;
  while (suffix < limit - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const oldEnd = before.length - suffix;
  const newEnd = after.length - suffix;
  return new (treeSitter().Edit)({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  });
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    row++;
    lineStart = index + 1;
  }
  return { row, column: offset - lineStart };
}
