import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Edit, Parser, Point, Tree } from 'web-tree-sitter';

/**
 * tree-sitter grammars run by web-tree-sitter (MIT): WebAssembly, so nothing is compiled on install. Each grammar
 * loads once per process, in a host reader's `prepare`; its trees give UTF-16 offsets of every node and keep going
 * past broken text.
 */
export const RUNTIME_WASM = 'web-tree-sitter.wasm';

/** A wasm file, looked up beside the running bundle (dist/) and then in node_modules (tests run the sources). */
function findWasm(name: string, packageDir: string): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const tried: string[] = [];
  for (let dir = here; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, name), join(dir, 'dist', name), join(dir, 'node_modules', packageDir, name)]) {
      if (existsSync(candidate)) return candidate;
      tried.push(candidate);
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(`Cannot find ${name} (tried ${tried.slice(0, 3).join(', ')} and their parents). Run \`npm run build\` to copy it to dist/.`);
}

/** web-tree-sitter, required on first use rather than imported: a process that reads no such file never loads it. */
export function treeSitter(): typeof import('web-tree-sitter') {
  return require('web-tree-sitter') as typeof import('web-tree-sitter');
}

let runtime: Promise<void> | undefined;

/** A grammar's parser, loaded on the first `load()`: `parser()` is it, or why there is none. */
export interface WasmGrammar {
  /** Loads the runtime and the grammar once; later calls return the same promise. Never rejects: a failure is kept for `parser()`. */
  load(): Promise<void>;
  parser(): Parser | Error;
}

/** The grammar in `wasm` (shipped in dist/, found in `packageDir` under node_modules when running the sources). */
export function wasmGrammar(wasm: string, packageDir: string, label: string): WasmGrammar {
  let loading: Promise<void> | undefined;
  let loaded: Parser | undefined;
  let loadError: Error | undefined;
  return {
    load() {
      loading ??= (async () => {
        try {
          const { Language, Parser } = treeSitter();
          runtime ??= Parser.init({ locateFile: () => findWasm(RUNTIME_WASM, 'web-tree-sitter') });
          await runtime;
          const language = await Language.load(findWasm(wasm, packageDir));
          const instance = new Parser();
          instance.setLanguage(language);
          loaded = instance;
        } catch (error) {
          loadError = error as Error;
        }
      })();
      return loading;
    },
    parser() {
      return loaded ?? loadError ?? new Error(`The ${label} parser is not loaded yet.`);
    },
  };
}

/** How an IncrementalParser keeps trees. */
export interface IncrementalOptions {
  /** How many documents' trees are kept: the one parsed least recently goes first. */
  maxDocuments: number;
  /** The text the grammar reads, when it is not the document's own (Terraform's masked IAM variables). */
  parsable?: (text: string) => string;
  /**
   * Parse a tree with a syntax error again from scratch. tree-sitter recovers from errors by heuristics that may end
   * otherwise after an edit than from scratch (seen in Java), so with this what a document shows never depends on how
   * it was typed. For a source whose tree is converted whole after each edit (CDK) that costs little, and only while
   * the text is broken; a large `.tf` file re-reads only the blocks an edit touched, and a parse from scratch would
   * be most of its cost.
   */
  freshOnError?: boolean;
}

/**
 * Parses each document's next text from its last tree: the change between the two texts is found as one edit (their
 * common head and tail kept), the old tree is told about it, and tree-sitter parses again only what the edit touched.
 * After a one-character edit in a 100 KB source that takes well under a millisecond, against 12–35 ms from scratch.
 * A tree takes about 25 bytes of WebAssembly memory per character of its text while it is kept.
 */
export class IncrementalParser {
  private readonly trees = new Map<string, { text: string; parsed: string; tree: Tree }>();

  constructor(
    private readonly parser: () => Parser | Error,
    private readonly options: IncrementalOptions,
  ) {}

  /** The tree of `text`, kept until the document's next text is parsed or it is forgotten; undefined without a parser. */
  parse(document: string, text: string): Tree | undefined {
    const instance = this.parser();
    if (instance instanceof Error) return undefined;
    const previous = this.trees.get(document);
    // Kept as the most recently used either way: a document read again unchanged is still being edited.
    this.trees.delete(document);
    if (previous?.text === text) {
      this.trees.set(document, previous);
      return previous.tree;
    }
    const parsed = this.options.parsable ? this.options.parsable(text) : text;
    let tree: Tree | null;
    if (previous) {
      previous.tree.edit(editBetween(previous.parsed, parsed));
      tree = instance.parse(parsed, previous.tree);
      previous.tree.delete();
      if (tree?.rootNode.hasError && this.options.freshOnError) {
        tree.delete();
        tree = instance.parse(parsed);
      }
    } else tree = instance.parse(parsed);
    if (!tree) return undefined;
    this.trees.set(document, { text, parsed, tree });
    if (this.trees.size > this.options.maxDocuments) this.forget(this.trees.keys().next().value!);
    return tree;
  }

  forget(document: string): void {
    this.trees.get(document)?.tree.delete();
    this.trees.delete(document);
  }
}

/**
 * The edit that turns `before` into `after`, as tree-sitter takes it: the text between their common head and their
 * common tail replaced. Indexes and columns are UTF-16 code units, as web-tree-sitter counts them.
 */
export function editBetween(before: string, after: string): Edit {
  const shorter = Math.min(before.length, after.length);
  // Whole chunks first (compared natively), then characters: a large file costs a few hundred comparisons.
  const chunk = 2048;
  let start = 0;
  while (start + chunk <= shorter && before.slice(start, start + chunk) === after.slice(start, start + chunk)) start += chunk;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // An edit that begins or ends inside a surrogate pair takes in the whole character.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let tail = 0;
  while (tail + chunk <= shorter - start && before.slice(before.length - tail - chunk, before.length - tail) === after.slice(after.length - tail - chunk, after.length - tail)) tail += chunk;
  while (tail < shorter - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  if (tail > 0 && (isHighSurrogate(before.charCodeAt(before.length - 1 - tail)) || isHighSurrogate(after.charCodeAt(after.length - 1 - tail)))) tail--;
  const startPosition = pointAt(before, start, 0, { row: 0, column: 0 });
  const { Edit } = treeSitter();
  return new Edit({
    startIndex: start,
    oldEndIndex: before.length - tail,
    newEndIndex: after.length - tail,
    startPosition,
    oldEndPosition: pointAt(before, before.length - tail, start, startPosition),
    newEndPosition: pointAt(after, after.length - tail, start, startPosition),
  });
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The row and column of `index` in `text`, counted on from `from`, whose point is `fromPoint`. */
function pointAt(text: string, index: number, from: number, fromPoint: Point): Point {
  let { row } = fromPoint;
  let lineStart = from - fromPoint.column;
  for (let newline = text.indexOf('\n', from); newline !== -1 && newline < index; newline = text.indexOf('\n', newline + 1)) {
    row++;
    lineStart = newline + 1;
  }
  return { row, column: index - lineStart };
}
