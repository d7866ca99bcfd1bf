import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { tuneForCommand, v8FlagsFor } from './batch-tuning';

// Entry of dist/cli.js, the `iam-policy` command. Linting and the account questions are batches run once, cold (every
// policy of a file or an account read once): some V8 flags for that are only read when code is compiled or objects
// are allocated, so they are set here, in a bundle of a few lines, before the CLI's own bundle is read and compiled.

type Commands = typeof import('./main');

// One cache per command: a cache holds every function the run that wrote it compiled, and reading one costs about as
// much as compiling the bundle's text, so `--version` reading the cache of a `lint` would gain nothing.
const cachedCommands = new Set(['lint', 'simulate', 'test', 'what-can', 'who-can', 'escalations', 'check']);

// A lint worker (`--jobs`) starts here too, and loads the bundle as the main thread did; its top level then runs the
// worker. V8's flags belong to the process: the main thread has set them already.
const command = process.argv[2];
if (isMainThread) tuneForCommand(command);
const commands = loadCommands();
if (isMainThread) commands.main(__filename);

/**
 * dist/cli-commands.js, compiled with V8's code cache when there is one: every run otherwise parses the 1 MB bundle
 * and compiles each function it calls anew. The cache is the bytecode of the functions a first run compiled, kept in
 * $XDG_CACHE_HOME/iam-policy-author (else ~/.cache), under a name made of two keys: the bundle's (its text, node's
 * version) and the command's (the command and its V8 flags: V8 refuses a cache made under other flags).
 * IAM_POLICY_NO_CACHE=1 turns it off; any failure to read or write it falls back to a plain require.
 */
function loadCommands(): Commands {
  const file = join(__dirname, 'cli-commands.js');
  if (process.env.IAM_POLICY_NO_CACHE === '1') return require(file) as Commands;
  let source: string;
  let cacheFolder: string;
  let bundleKey: string;
  let cacheFile: string;
  try {
    source = readFileSync(file, 'utf8');
    bundleKey = keyOf(`${process.version} ${process.arch}\n`, source);
    const commandKey = keyOf(`${cachedCommands.has(command!) ? command : ''} ${v8FlagsFor(command).join(' ')}`);
    cacheFolder = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'iam-policy-author');
    cacheFile = join(cacheFolder, `cli-${bundleKey}-${commandKey}.v8cache`);
  } catch {
    return require(file) as Commands;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: this run writes it.
  }
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (isMainThread && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit, so that the cache holds the functions this run compiled, not only the bundle's top level.
    process.once('exit', () => {
      try {
        // Compiled code that runs as the user: no one else may write it.
        mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        const partial = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
        removeStaleCaches(cacheFolder, bundleKey);
      } catch {
        // A cache that cannot be written costs the next run its compile, nothing more.
      }
    });
  }
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(file));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
  wrapper.call(loaded.exports, loaded.exports, createRequire(file), loaded, file, dirname(file));
  loaded.loaded = true;
  return loaded.exports as Commands;
}

function keyOf(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 16);
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Each upgrade of the CLI or of node makes new caches and leaves the old ones, about 1 MB per command used: when this
 * bundle writes a cache, the others' caches not written for a week are removed, and half-written files a day old.
 * A week, because two installs used in turn (a global one and a project's) would otherwise delete each other's.
 */
function removeStaleCaches(folder: string, bundleKey: string): void {
  const now = Date.now();
  for (const name of readdirSync(folder)) {
    if (!name.startsWith('cli-')) continue;
    const otherBundle = name.endsWith('.v8cache') && !name.startsWith(`cli-${bundleKey}-`);
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
