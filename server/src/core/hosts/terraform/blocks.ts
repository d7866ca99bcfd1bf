import { terraformParser } from './parser';
import { copySubtree, type HclNode } from './syntax';

/**
 * The top-level blocks of a Terraform file as plain syntax trees (`resource`, `data`, `variable` …), for readers that
 * need whole blocks rather than the policies in them (the account model). The parser must be loaded first
 * (`prepareHostReaders()` or `loadTerraformParser()`); otherwise the error says so. Never throws.
 */
export function terraformBlocks(text: string): HclNode[] | Error {
  const instance = terraformParser();
  if (instance instanceof Error) return instance;
  let tree;
  try {
    tree = instance.parse(text);
  } catch (error) {
    return error as Error;
  }
  if (!tree) return new Error('The Terraform parser returned no tree.');
  const cursor = tree.walk();
  const blocks: HclNode[] = [];
  try {
    if (cursor.gotoFirstChild()) {
      do {
        if (cursor.nodeType !== 'body' || !cursor.gotoFirstChild()) continue;
        do if ((cursor.nodeType as string) === 'block') blocks.push(copySubtree(cursor, tree.language, { text }));
        while (cursor.gotoNextSibling());
        cursor.gotoParent();
      } while (cursor.gotoNextSibling());
    }
  } finally {
    cursor.delete();
    tree.delete();
  }
  return blocks;
}
