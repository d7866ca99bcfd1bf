import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** How a launcher keeps V8's code cache of the bundle it loads. */
export interface CodeCacheOptions {
  /** The cache files' prefix, one per launcher: `cli`, `server`. */
  prefix: string;
  /** What the compiled code depends on besides the bundle's text and node: the command, the V8 flags. */
  variant: string;
  /** False in a thread that only reads the cache (a lint worker): the main thread writes it. */
  write: boolean;
  /**
   * A process that runs on (the language server) writes a missing cache this long after it started, or at exit if
   * sooner; a command writes it at exit. Either way the cache holds the functions the run compiled by then, not only
   * the bundle's top level.
   */
  writeAfterMs?: number;
  /**
   * Files beside the bundle that it requires only when it needs them (the CLI's YAML parser), by the name it requires
   * them by (`./cli-yaml.js`): each is loaded with a code cache of its own, named after it. None may run `import()`
   * (see below): web-tree-sitter, which does, is required without a cache.
   */
  libraries?: readonly string[];
}

/**
 * Requires `file` (a CommonJS bundle) compiled with V8's code cache when there is one: a process otherwise parses the
 * bundle and compiles each function it calls anew. The cache is kept in $IAM_POLICY_CACHE_DIR (the VS Code client
 * sets it to the extension's storage, which VS Code removes with the extension), else $XDG_CACHE_HOME/iam-policy-author
 * (else ~/.cache/iam-policy-author), named after two keys: the bundle's (its text, node's version) and the variant's (V8 refuses a cache made
 * under other flags). IAM_POLICY_NO_CACHE=1 turns it off; any failure to read or write it falls back to a plain
 * require, and a cache never changes what the code does.
 */
export function requireWithCodeCache(file: string, options: CodeCacheOptions | undefined): unknown {
  if (!options || process.env.IAM_POLICY_NO_CACHE === '1') return require(file);
  let source: string;
  let folder: string;
  let bundleKey: string;
  let cacheFile: string;
  try {
    source = readFileSync(file, 'utf8');
    bundleKey = keyOf(`${process.version} ${process.arch}\n`, source);
    folder = process.env.IAM_POLICY_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'iam-policy-author');
    cacheFile = join(folder, `${options.prefix}-${bundleKey}-${keyOf(options.variant)}.v8cache`);
  } catch {
    return require(file);
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: this run writes it.
  }
  // No `import()` may run from the bundle: node 20 drops a script's dynamic-import loader when its code comes from the
  // cache ("A dynamic import callback was not specified"). The bundles load web-tree-sitter, which has one, from a file
  // of its own (esbuild.mjs; test/packaging/vsix.test.ts checks).
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (options.write && (cachedData === undefined || script.cachedDataRejected)) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      try {
        makeFolder(folder);
        const partial = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
        removeStaleCaches(folder, `${options.prefix}-`, bundleKey);
      } catch {
        // A cache that cannot be written costs the next run its compile, nothing more.
      }
    };
    process.once('exit', write);
    if (options.writeAfterMs !== undefined) setTimeout(write, options.writeAfterMs).unref();
  }
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(file));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
  wrapper.call(loaded.exports, loaded.exports, requireWithLibraries(file, options), loaded, file, dirname(file));
  loaded.loaded = true;
  return loaded.exports;
}

/**
 * The `require` a bundle is run with: its libraries (`options.libraries`) come with code caches of their own, each
 * loaded once; anything else as node requires it. Compiling the YAML parser's functions anew cost a command that reads
 * one small template about 20 ms, a third of its first parse.
 */
function requireWithLibraries(file: string, options: CodeCacheOptions): NodeRequire {
  const plain = createRequire(file);
  if (!options.libraries?.length) return plain;
  const libraries = new Map<string, unknown>();
  const required = ((id: string): unknown => {
    if (!options.libraries!.includes(id)) return plain(id);
    if (!libraries.has(id)) {
      const name = id.replace(/^.*\//, '').replace(/\.js$/, '');
      libraries.set(id, requireWithCodeCache(join(dirname(file), id), { ...options, prefix: `${options.prefix}.${name}`, libraries: [] }));
    }
    return libraries.get(id);
  }) as NodeRequire;
  return Object.assign(required, { resolve: plain.resolve, cache: plain.cache, extensions: plain.extensions, main: plain.main });
}

/**
 * Makes `folder` and its missing parents, one at a time: node 20's `mkdirSync(…, { recursive: true })` never returns
 * where the parent exists but refuses the name with ENOENT (a folder under /proc), and a CLI whose
 * IAM_POLICY_CACHE_DIR pointed there spun at exit instead of ending. Compiled code that runs as the user: no one
 * else may write it (0700).
 */
export function makeFolder(folder: string): void {
  const missing: string[] = [];
  for (let path = folder; !existsSync(path); path = dirname(path)) {
    missing.push(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing.reverse()) mkdirSync(path, { mode: 0o700 });
}

function keyOf(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 16);
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Each upgrade of the extension, the CLI or node makes new caches and leaves the old ones, about 1 MB each: when a
 * bundle writes a cache, its launcher's caches of other bundles not written for a week are removed, and half-written
 * files a day old. A week, because two installs used in turn (a global one and a project's) would otherwise delete
 * each other's.
 */
function removeStaleCaches(folder: string, prefix: string, bundleKey: string): void {
  const now = Date.now();
  for (const name of readdirSync(folder)) {
    if (!name.startsWith(prefix)) continue;
    const otherBundle = name.endsWith('.v8cache') && !name.startsWith(`${prefix}${bundleKey}-`);
    const maxAge = name.endsWith('.tmp') ? DAY : otherBundle ? 7 * DAY : undefined;
    if (maxAge === undefined) continue;
    try {
      const path = join(folder, name);
      if (now - statSync(path).mtimeMs > maxAge) unlinkSync(path);
    } catch {
      // Gone already, or not ours to remove: left as it is.
    }
  }
}
