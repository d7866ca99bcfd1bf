import { parse as parseJsonc } from 'jsonc-parser';
import type { CfnMap, CfnNode } from '../cloudformation/nodes';
import { joinModulePath, moduleFolderOf } from '../../account/terraform-modules';
import { stripBom } from '../../text/bom';
import type { Span } from '../../text/span';
import { placedAt } from './includes';
import { parseScriptModule, type ScriptExport, type ScriptModules, type ScriptReexport } from './script';

// How many modules deep an import is followed (serverless.ts → @functions/index → ./hello), and a guard on cycles.
const MAX_DEPTH = 6;
const EXTENSIONS = ['.ts', '.js', '.mts', '.mjs', '.cts', '.cjs'];
// How many folders above the service file its tsconfig.json is looked for (a service in a monorepo's package).
const MAX_CONFIG_LEVELS = 3;

/**
 * The project's own modules a `serverless.ts` imports, read as the framework reads them when it loads the file:
 * `import hello from './src/functions/hello'` is that folder's `index.ts` (or `.js`) `export default`, and
 * `@functions/hello` a path the project maps in its `tsconfig.json` (`compilerOptions.paths`, through `extends`), as
 * the framework's TypeScript template does. Re-exports (`export { default as hello } from './hello'`) are followed. A
 * package (`@serverless/typescript`) or a file `readFile` cannot read leaves the name a value known when packaged.
 */
export function scriptModules(serviceFile: string, readFile: (path: string) => string | undefined): ScriptModules {
  return new ProjectModules(serviceFile, readFile).for(serviceFile, 0);
}

interface ReadModule {
  exports: ScriptExport[];
  reexports: ScriptReexport[];
}

class ProjectModules {
  private readonly modules = new Map<string, ReadModule | null>();
  private readonly texts = new Map<string, string | undefined>();
  private aliases: { pattern: string; targets: string[] }[] | undefined;

  constructor(
    private readonly serviceFile: string,
    private readonly readFile: (path: string) => string | undefined,
  ) {}

  /** The imports of the module `file`, `depth` modules away from the service file. */
  for(file: string, depth: number): ScriptModules {
    return { imported: (specifier, name, at) => this.imported(file, specifier, name, at, depth) };
  }

  private imported(from: string, specifier: string, name: string, at: Span, depth: number): CfnNode | undefined {
    const value = this.exported(this.resolve(from, specifier), name, depth + 1);
    return value && placedAt(value, at);
  }

  /** What the module at `path` exports as `name`; `*`: every export, as one map by name. */
  private exported(path: string | undefined, name: string, depth: number): CfnNode | undefined {
    if (path === undefined || depth > MAX_DEPTH) return undefined;
    const read = this.read(path, depth);
    if (!read) return undefined;
    if (name === '*') {
      const all: CfnMap = { kind: 'map', span: { start: 0, end: 0 }, entries: [] };
      const add = (key: string, value: CfnNode | undefined) => {
        if (value && key !== 'default' && !all.entries.some((entry) => entry.key === key)) all.entries.push({ key, keySpan: all.span, value, span: all.span });
      };
      for (const exported of read.exports) add(exported.name, exported.value);
      for (const reexport of read.reexports) {
        if (reexport.name !== '*') add(reexport.name, this.exported(this.resolve(path, reexport.from), reexport.imported, depth + 1));
        else for (const entry of this.allOf(this.resolve(path, reexport.from), depth + 1)) add(entry.key, entry.value);
      }
      return all;
    }
    const own = read.exports.find((exported) => exported.name === name);
    if (own) return own.value;
    for (const reexport of read.reexports) {
      if (reexport.name === name) return this.exported(this.resolve(path, reexport.from), reexport.imported, depth + 1);
      if (reexport.name === '*' && name !== 'default') {
        const found = this.exported(this.resolve(path, reexport.from), name, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  private allOf(path: string | undefined, depth: number) {
    const all = this.exported(path, '*', depth);
    return all?.kind === 'map' ? all.entries : [];
  }

  private read(path: string, depth: number): ReadModule | undefined {
    if (this.modules.has(path)) return this.modules.get(path) ?? undefined;
    // Marked before it is read: a module that imports itself, directly or not, reads as unknown there.
    this.modules.set(path, null);
    const text = this.text(path);
    if (text === undefined) return undefined;
    const read = parseScriptModule(stripBom(text), this.for(path, depth));
    this.modules.set(path, read);
    return read;
  }

  private text(path: string): string | undefined {
    if (!this.texts.has(path)) this.texts.set(path, this.readFile(path));
    return this.texts.get(path);
  }

  private nearestConfig(): string | undefined {
    let folder = moduleFolderOf(this.serviceFile);
    for (let up = 0; up <= MAX_CONFIG_LEVELS; up++) {
      const config = joinModulePath(folder, 'tsconfig.json');
      if (this.text(config) !== undefined) return config;
      const parent = moduleFolderOf(folder);
      if (parent === folder || parent === '' || /^[a-z][\w+.-]*:\/?\/?$/i.test(parent)) return undefined;
      folder = parent;
    }
    return undefined;
  }

  /** The file an import names, as TypeScript's module resolution finds it; undefined for a package. */
  private resolve(from: string, specifier: string): string | undefined {
    const bases = specifier.startsWith('.') ? [joinModulePath(moduleFolderOf(from), specifier)] : this.aliasTargets(specifier);
    for (const base of bases) {
      for (const candidate of candidatesOf(base)) if (this.text(candidate) !== undefined) return candidate;
    }
    return undefined;
  }

  private aliasTargets(specifier: string): string[] {
    this.aliases ??= this.readAliases();
    const targets: string[] = [];
    for (const { pattern, targets: mapped } of this.aliases) {
      const star = pattern.indexOf('*');
      if (star < 0) {
        if (pattern === specifier) targets.push(...mapped);
        continue;
      }
      const head = pattern.slice(0, star);
      const tail = pattern.slice(star + 1);
      if (specifier.length < head.length + tail.length || !specifier.startsWith(head) || !specifier.endsWith(tail)) continue;
      const matched = specifier.slice(head.length, specifier.length - tail.length);
      targets.push(...mapped.map((target) => target.replace('*', matched)));
    }
    return targets;
  }

  /**
   * `compilerOptions.paths` of the service's `tsconfig.json` (beside it, else in the nearest folder above, as
   * TypeScript finds it) and the configurations it extends, as paths.
   */
  private readAliases(): { pattern: string; targets: string[] }[] {
    const aliases: { pattern: string; targets: string[] }[] = [];
    let config = this.nearestConfig();
    for (let step = 0; config !== undefined && step < 4; step++) {
      const text = this.text(config);
      if (text === undefined) break;
      const parsed = parseJsonc(stripBom(text)) as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
      const options = parsed?.compilerOptions;
      const base = joinModulePath(moduleFolderOf(config), typeof options?.baseUrl === 'string' ? options.baseUrl : '.');
      if (options?.paths && typeof options.paths === 'object') {
        for (const [pattern, mapped] of Object.entries(options.paths as Record<string, unknown>)) {
          // A configuration's own paths replace those it extends, as TypeScript merges them.
          if (aliases.some((alias) => alias.pattern === pattern) || !Array.isArray(mapped)) continue;
          aliases.push({ pattern, targets: mapped.filter((target): target is string => typeof target === 'string').map((target) => joinModulePath(base, target)) });
        }
      }
      const parent = parsed?.extends;
      config = typeof parent === 'string' && parent.startsWith('.') ? joinModulePath(moduleFolderOf(config), parent.endsWith('.json') ? parent : `${parent}.json`) : undefined;
    }
    return aliases;
  }
}

/** The files `base` may name: itself, with an extension, a `.js` import of a `.ts` file, or a folder's index. */
function candidatesOf(base: string): string[] {
  const written = /\.[cm]?[jt]s$/i.test(base) ? [base] : [];
  const typed = /\.[cm]?js$/i.test(base) ? [base.replace(/js$/i, 'ts')] : [];
  return [...written, ...typed, ...EXTENSIONS.map((extension) => base + extension), ...EXTENSIONS.map((extension) => joinModulePath(base, `index${extension}`))];
}
