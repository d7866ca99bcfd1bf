import type { TreeCursor } from 'web-tree-sitter';

/**
 * A plain-JavaScript copy of part of a tree-sitter tree. Every property read on a web-tree-sitter node is a call
 * into WebAssembly and `namedChildren` allocates a node object per child, which made reading a 450 KB file take
 * several times its parse. A tree cursor copies a block's nodes in one pass instead, and the reader works on the
 * copy; the copies of unchanged blocks are reused across edits (shifted when text before them changed).
 */
export class HclNode {
  readonly children: HclNode[] = [];
  private named: HclNode[] | undefined;

  constructor(
    readonly type: string,
    public startIndex: number,
    public endIndex: number,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    private readonly source: { text: string },
  ) {}

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  /** True when this node or one inside it is an error or a missing token. */
  get hasError(): boolean {
    return this.isError || this.isMissing || this.children.some((child) => child.hasError);
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

  /** A copy `delta` characters later in `text`, for a block whose text is unchanged but moved. */
  shifted(delta: number, source: { text: string }): HclNode {
    const copy = new HclNode(this.type, this.startIndex + delta, this.endIndex + delta, this.isNamed, this.isMissing, source);
    for (const child of this.children) copy.children.push(child.shifted(delta, source));
    return copy;
  }
}

/** Copies the node under `cursor` and everything inside it; the cursor ends where it started. */
export function copySubtree(cursor: TreeCursor, source: { text: string }): HclNode {
  const node = new HclNode(cursor.nodeType, cursor.startIndex, cursor.endIndex, cursor.nodeIsNamed, cursor.nodeIsMissing, source);
  if (cursor.gotoFirstChild()) {
    do node.children.push(copySubtree(cursor, source));
    while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  return node;
}
