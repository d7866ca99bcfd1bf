import type { File } from '@babel/types';
import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';
import type { WasmGrammar } from '../tree-sitter';
import { indexCdkFile, type CdkSource } from './syntax';

// What the readers of CDK apps in other languages than TypeScript share (python.ts, java.ts): their tree-sitter tree
// rewritten as a tree in the shape of Babel's, with the offsets of the source text, then indexed as a TypeScript
// source is.

/** A Babel-shaped node: only the fields the readers look at. */
export interface Shaped {
  type: string;
  start: number;
  end: number;
  [field: string]: unknown;
}

export function shaped(node: SyntaxNode, type: string, fields: Record<string, unknown> = {}): Shaped {
  return { type, start: node.startIndex, end: node.endIndex, ...fields };
}

export function identifier(node: SyntaxNode, name = node.text): Shaped {
  return shaped(node, 'Identifier', { name });
}

/**
 * A source parsed with `grammar` and its tree rewritten by `statements` into a program's body, indexed; undefined
 * when the grammar is not loaded. The tree is freed after.
 */
export function parseShapedCdkSource(grammar: WasmGrammar, text: string, language: CdkSource['language'], statements: (tree: Tree) => Shaped[]): CdkSource | undefined {
  const parser = grammar.parser();
  if (parser instanceof Error) return undefined;
  const tree = parser.parse(text);
  if (!tree) return undefined;
  try {
    const file = { type: 'File', start: 0, end: text.length, program: { type: 'Program', start: 0, end: text.length, body: statements(tree) } };
    return { ...indexCdkFile(text, file as unknown as File), language };
  } finally {
    tree.delete();
  }
}
