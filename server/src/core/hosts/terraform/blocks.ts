import { terraformParser } from './parser';
import { parsableText } from './iam-variables';
import { terraformJsonBlocks } from './json-blocks';
import { copySubtree, type HclNode } from './syntax';
import type { Tree } from 'web-tree-sitter';
import { isJsonModuleFile } from './file-names';

/**
 * The top-level blocks of a Terraform file as plain syntax trees (`resource`, `data`, `variable` …), for readers that
 * need whole blocks rather than the policies in them (the account model). The parser must be loaded first
 * (`prepareHostReaders()` or `loadTerraformParser()`); otherwise the error says so. Never throws.
 */
export function terraformBlocks(text: string): HclNode[] | Error {
  const tree = parseTerraformText(text);
  if (tree instanceof Error) return tree;
  try {
    return blocksOfTree(tree, text);
  } finally {
    tree.delete();
  }
}

/** The tree of a `.tf` text, or why there is none (the parser not loaded, a failed parse). The caller deletes the tree. */
export function parseTerraformText(text: string): Tree | Error {
  const instance = terraformParser();
  if (instance instanceof Error) return instance;
  try {
    return instance.parse(parsableText(text)) ?? new Error('The Terraform parser returned no tree.');
  } catch (error) {
    return error as Error;
  }
}

/**
 * The top-level blocks of a parsed `.tf` file, copied: the tree may be deleted afterwards. `copies`: blocks of this tree
 * copied before, by their start, taken instead of copied again.
 */
export function blocksOfTree(tree: Tree, text: string, copies?: ReadonlyMap<number, HclNode>): HclNode[] {
  const cursor = tree.walk();
  const blocks: HclNode[] = [];
  try {
    if (cursor.gotoFirstChild()) {
      do {
        if (cursor.nodeType !== 'body' || !cursor.gotoFirstChild()) continue;
        do if ((cursor.nodeType as string) === 'block') blocks.push(copies?.get(cursor.startIndex) ?? copySubtree(cursor, tree.language, { text }));
        while (cursor.gotoNextSibling());
        cursor.gotoParent();
      } while (cursor.gotoNextSibling());
    }
  } finally {
    cursor.delete();
  }
  return blocks;
}

/**
 * The top-level blocks of a module's file in either syntax (`terraformJsonBlocks` for `.tf.json`), and the text their
 * nodes' offsets and text refer to (for `.tf.json`, the JSON text with its interpolations unescaped in place, and the
 * map from its offsets to the JSON text's, where the host reader's spans are).
 */
export function moduleFileBlocks(file: string, text: string): { blocks: HclNode[]; text: string; jsonOffset?: (offset: number) => number } | Error {
  if (isJsonModuleFile(file)) return terraformJsonBlocks(text);
  const blocks = terraformBlocks(text);
  return blocks instanceof Error ? blocks : { blocks, text };
}
