import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Parser } from 'web-tree-sitter';

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
