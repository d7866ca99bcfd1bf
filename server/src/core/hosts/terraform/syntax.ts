import type { Language, TreeCursor } from 'web-tree-sitter';

/**
 * A plain-JavaScript copy of part of a tree-sitter tree. Every property read on a web-tree-sitter node is a call
 * into WebAssembly and `namedChildren` allocates a node object per child, which made reading a 450 KB file take
 * several times its parse. A tree cursor copies a block's nodes in one pass instead, and the reader works on the
 * copy, which is dropped once the block is read.
 */
export class HclNode {
  readonly children: HclNode[] = [];
  private named: HclNode[] | undefined;

  constructor(
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    private readonly source: { text: string },
  ) {}

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  private error: boolean | undefined;

  /** True when this node or one inside it is an error or a missing token. */
  get hasError(): boolean {
    return (this.error ??= this.isError || this.isMissing || this.children.some((child) => child.hasError));
  }

  get namedChildren(): HclNode[] {
    return (this.named ??= this.children.filter((child) => child.isNamed));
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  get firstNamedChild(): HclNode | undefined {
    return this.namedChildren[0];
  }

  get lastNamedChild(): HclNode | undefined {
    return this.namedChildren[this.namedChildren.length - 1];
  }

  get lastChild(): HclNode | undefined {
    return this.children[this.children.length - 1];
  }

  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex);
  }
}

/** Names and named-ness by node type id, looked up in the grammar once per type instead of once per node. */
const typeTables = new WeakMap<Language, { names: (string | undefined)[]; named: boolean[] }>();

/**
 * Copies the node under `cursor` and everything inside it; the cursor ends where it started. Four calls into the
 * parser per node: type id, start, end, and the move. A missing token (one tree-sitter inserted to recover) is
 * the only kind of node with no text, so it is told by its empty range.
 */
export function copySubtree(cursor: TreeCursor, language: Language, source: { text: string }): HclNode {
  let table = typeTables.get(language);
  if (!table) typeTables.set(language, (table = { names: [], named: [] }));
  const copy = (): HclNode => {
    const id = cursor.nodeTypeId;
    let type = table.names[id];
    if (type === undefined) {
      type = table.names[id] = cursor.nodeType;
      table.named[id] = cursor.nodeIsNamed;
    }
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const node = new HclNode(type, start, end, table.named[id], start === end && type !== 'ERROR', source);
    if (cursor.gotoFirstChild()) {
      do node.children.push(copy());
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    return node;
  };
  return copy();
}
