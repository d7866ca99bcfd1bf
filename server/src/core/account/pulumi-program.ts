import type { Node } from '@babel/types';
import { forEachImport, memberName, resolved, unwrapExpression, type CdkSource } from '../hosts/cdk/syntax';
import { functionNamed, returnedExpressions } from '../hosts/pulumi/reader';
import { joinModulePath, moduleFolderOf } from './terraform-modules';

/** One file of a Pulumi program, parsed. */
export interface ProgramFile {
  file: string;
  source: CdkSource;
}

// The names a TypeScript or JavaScript import of `./iam` may mean, in the order Node and TypeScript try them.
const SCRIPT_CANDIDATES = ['', '.ts', '.js', '.mts', '.mjs', '.cts', '.cjs', '/index.ts', '/index.js'];

/**
 * The files of one Pulumi program, and what a name one of them imports from another is there: `role` of `import {
 * role } from './iam'` is the `new aws.iam.Role(…)` that `iam.ts` exports as `role`. Only the program's own files are
 * followed (a relative import in TypeScript or JavaScript, a module of the program in Python); a package, or a file
 * not in the program, leaves the name unknown.
 */
export class PulumiProgram {
  private readonly byPath = new Map<string, ProgramFile>();
  private readonly imports = new Map<CdkSource, Map<string, { from: string; imported: string | undefined }>>();

  constructor(readonly files: readonly ProgramFile[]) {
    for (const file of files) this.byPath.set(normalized(file.file), file);
  }

  /**
   * The value `node` (read in `file`) names: resolved in its own file, then, for a name it imports (`role`, or
   * `iam.role` of a namespace import), the value the other file exports under that name, resolved there. At most a
   * few files deep, so that two files importing each other end.
   */
  follow(file: ProgramFile, node: Node): { file: ProgramFile; node: Node } {
    let current = { file, node: resolved(file.source, node) };
    for (let step = 0; step < 6; step++) {
      const next = this.imported(current.file, current.node) ?? this.returned(current.file, current.node);
      if (!next) break;
      current = next;
    }
    return current;
  }

  /**
   * What a call of one of the program's functions returns, when every `return` of it gives the same value
   * (`role = create_lambda_role()` with `def create_lambda_role(): role = aws.iam.Role(…); …; return role`): the
   * factory a program makes its roles with. The function is found in the file, in the file it is imported from, or
   * (Go) in another file of the package.
   */
  private returned(file: ProgramFile, node: Node): { file: ProgramFile; node: Node } | undefined {
    if (node.type !== 'CallExpression') return undefined;
    const callee = unwrapExpression(node.callee);
    let found: { file: ProgramFile; node: Node } | undefined;
    if (callee.type === 'Identifier') {
      const local = functionNamed(file.source, callee.name);
      if (local) found = { file, node: local };
      else found = this.imported(file, callee) ?? this.packageFunction(file, callee.name);
    } else if (callee.type === 'MemberExpression') found = this.imported(file, callee);
    const declaration = found && found.node;
    if (!found || !declaration || !/^(?:FunctionDeclaration|FunctionExpression|ArrowFunctionExpression)$/.test(declaration.type)) return undefined;
    const values = returnedExpressions(declaration).map((value) => resolved(found.file.source, value));
    if (values.length === 0 || values.some((value) => value !== values[0])) return undefined;
    return { file: found.file, node: values[0] };
  }

  /** A function of a Go package declared in another of its files (a package's files share their names). */
  private packageFunction(file: ProgramFile, name: string): { file: ProgramFile; node: Node } | undefined {
    if (file.source.language !== 'go') return undefined;
    const folder = moduleFolderOf(normalized(file.file));
    for (const other of this.files) {
      if (other === file || other.source.language !== 'go' || moduleFolderOf(normalized(other.file)) !== folder) continue;
      const declaration = functionNamed(other.source, name);
      if (declaration) return { file: other, node: declaration };
    }
    return undefined;
  }

  private imported(file: ProgramFile, node: Node): { file: ProgramFile; node: Node } | undefined {
    const bindings = this.importsOf(file.source);
    let binding: { from: string; imported: string | undefined } | undefined;
    let exported: string | undefined;
    if (node.type === 'Identifier') {
      binding = bindings.get(node.name);
      // A default import (`import role from './role'`) is the module's default export.
      exported = binding && (binding.imported ?? 'default');
    } else if (node.type === 'MemberExpression' && !node.computed) {
      const object = unwrapExpression(node.object);
      binding = object.type === 'Identifier' ? bindings.get(object.name) : undefined;
      // `iam.role` of `import * as iam from './iam'` (Python's `import iam`, `from infra import iam`).
      exported = binding && binding.imported === undefined ? memberName(node) : undefined;
      if (binding?.imported !== undefined && file.source.language === 'python') {
        // `from infra import iam` then `iam.role`: the module `infra/iam.py`.
        const module = this.moduleFile(file, `${binding.from}${binding.from.endsWith('.') ? '' : '.'}${binding.imported}`);
        const value = module && memberName(node) ? this.exportedValue(module, memberName(node)!) : undefined;
        return value && { file: module!, node: value };
      }
    }
    if (!binding || exported === undefined) return undefined;
    const module = this.moduleFile(file, binding.from);
    const value = module && this.exportedValue(module, exported);
    return value && { file: module!, node: value };
  }

  private importsOf(source: CdkSource): Map<string, { from: string; imported: string | undefined }> {
    let bindings = this.imports.get(source);
    if (!bindings) {
      const found = new Map<string, { from: string; imported: string | undefined }>();
      forEachImport(source, (from, local, imported) => found.set(local, { from, imported }));
      // `const storage = await import('./infra/storage')` (or a `require`) anywhere in the file: an SST app's `run()`
      // loads its infra files so, and may take names from them (`const { bucket } = await import(…)`).
      for (const node of source.parentOf.keys()) {
        if (node.type !== 'VariableDeclarator') continue;
        const init = node.init?.type === 'AwaitExpression' ? node.init.argument : node.init;
        const loads = init?.type === 'CallExpression' && (init.callee.type === 'Import' || (init.callee.type === 'Identifier' && init.callee.name === 'require'));
        const from = loads && init.arguments[0]?.type === 'StringLiteral' ? init.arguments[0].value : undefined;
        if (from === undefined) continue;
        if (node.id.type === 'Identifier') found.set(node.id.name, { from, imported: undefined });
        else if (node.id.type === 'ObjectPattern')
          for (const property of node.id.properties)
            if (property.type === 'ObjectProperty' && property.key.type === 'Identifier' && property.value.type === 'Identifier') found.set(property.value.name, { from, imported: property.key.name });
      }
      this.imports.set(source, (bindings = found));
    }
    return bindings;
  }

  /** The file of the program a module specifier names from `file`, if the program holds it. */
  private moduleFile(file: ProgramFile, from: string): ProgramFile | undefined {
    const folder = moduleFolderOf(normalized(file.file));
    if (file.source.language === 'python') {
      // `.iam` and `..shared.iam` from the file's package; `infra.iam` from the file's folder or one above it.
      const relative = /^(\.+)(.*)$/.exec(from);
      const path = (relative ? relative[2] : from).replace(/\./g, '/');
      const bases = relative ? [joinModulePath(folder, '../'.repeat(relative[1].length - 1) || '.')] : ancestors(folder);
      for (const base of bases) {
        for (const candidate of [`${path}.py`, `${path}/__init__.py`]) {
          const found = this.byPath.get(joinModulePath(base, candidate));
          if (found) return found;
        }
      }
      return undefined;
    }
    if (!from.startsWith('.')) return undefined;
    const target = joinModulePath(folder, from.replace(/\.[mc]?js$/, ''));
    for (const suffix of SCRIPT_CANDIDATES) {
      const found = this.byPath.get(target + suffix);
      if (found) return found;
    }
    return undefined;
  }

  /** The value a file exports under `name` (`export const role = …`, `export default role`, a Python module's `role = …`). */
  private exportedValue(module: ProgramFile, name: string): Node | undefined {
    const { source } = module;
    if (name === 'default') {
      for (const statement of source.file.program.body) {
        if (statement.type === 'ExportDefaultDeclaration') return resolved(source, statement.declaration as Node);
      }
      return undefined;
    }
    // `export { worker as role }`: the local name it exports.
    for (const statement of source.file.program.body) {
      if (statement.type !== 'ExportNamedDeclaration' || statement.source) continue;
      for (const specifier of statement.specifiers) {
        const exportedName = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value;
        if (specifier.type === 'ExportSpecifier' && exportedName === name) return resolved(source, specifier.local);
      }
    }
    const value = source.constants.get(name);
    return value ? resolved(source, value) : functionNamed(source, name);
  }
}

/** The folder and those above it, nearest first. */
function ancestors(folder: string): string[] {
  const found = [folder];
  for (let current = folder; moduleFolderOf(current) !== current && current !== '';) {
    current = moduleFolderOf(current);
    found.push(current);
  }
  return found;
}

function normalized(path: string): string {
  return path.replace(/\\/g, '/');
}
