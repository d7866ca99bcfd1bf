import type { Node } from '@babel/types';
import { isIntrinsicKey, type CfnEntry, type CfnMap, type CfnNode, type CfnScalar, type CfnSeq } from '../cloudformation/nodes';
import { coarseText, MappedText } from '../cloudformation/text-map';
import { stringOf } from '../cdk/values';
import { parseCdkSource, propertyKey, resolved, sourceOf, spanOf, type CdkSource } from '../cdk/syntax';
import type { HostJsonNode } from '../../policy/parse-policy';
import type { Span } from '../../text/span';

/**
 * A Serverless Framework service written in TypeScript or JavaScript (`serverless.ts`, the framework's TypeScript
 * template, or `serverless.js`): the object the file exports, as the nodes a `serverless.yml` parses into, so the
 * service reader reads it as it reads YAML. A name bound by `const` in the file is read where it is bound, a spread
 * of such an object or list is spliced in, and a string literal's characters keep their places in the source. Any
 * other expression (an imported name, a call, a member) is a value known when the service is packaged: `${…}` of
 * its source, as a Serverless variable is.
 */
export function parseServerlessScript(text: string, modules?: ScriptModules): CfnMap | undefined {
  const service = parseScriptExports(text, modules).find((exported) => exported.name === 'default')?.value;
  return service?.kind === 'map' ? service : undefined;
}

/**
 * The values a script imports from the project's own modules (`import hello from '@functions/hello'`), read where the
 * import names them (script-modules.ts). Without it, an imported name is a value known when the service is packaged.
 */
export interface ScriptModules {
  /** What module `specifier` exports as `name` (`default`, a name, or `*` for all of them as a map), placed at `at`. */
  imported(specifier: string, name: string, at: Span): CfnNode | undefined;
}

/** An object or list a module exports, as the nodes YAML parses into, by the name it is exported as. */
export interface ScriptExport {
  /** `default` for `export default`, `export =` and `module.exports =`; the name of `export const x` and `exports.x =`. */
  name: string;
  value: CfnMap | CfnSeq;
}

/**
 * The objects and lists a module exports, read as parseServerlessScript reads the service's: what a function's configuration
 * file (`src/functions/hello/index.ts` of the framework's TypeScript template) gives the service file that imports it.
 */
export function parseScriptExports(text: string, modules?: ScriptModules): ScriptExport[] {
  return parseScriptModule(text, modules).exports;
}

/** A module's re-exports (`export { default as hello } from './hello'`, `export * from './x'`), for script-modules.ts. */
export interface ScriptReexport {
  from: string;
  /** The name the module exports it as, or `*` for `export * from`. */
  name: string;
  /** The name the other module exports it as (`default`), or `*`. */
  imported: string;
}

/** What a module exports: the objects it writes (parseScriptExports) and what it exports from other modules. */
export function parseScriptModule(text: string, modules?: ScriptModules): { exports: ScriptExport[]; reexports: ScriptReexport[] } {
  const source = parseCdkSource(text);
  if (!source) return { exports: [], reexports: [] };
  const nodes = new ScriptNodes(source, modules);
  const exports: ScriptExport[] = [];
  for (const { name, object } of exportedObjects(source)) {
    const value = nodes.node(object, 0);
    if (value?.kind === 'map' || value?.kind === 'seq') exports.push({ name, value });
  }
  for (const { name, local } of listedExports(source)) {
    if (exports.some((known) => known.name === name)) continue;
    const value = nodes.node(local, 0);
    if (value?.kind === 'map' || value?.kind === 'seq') exports.push({ name, value });
  }
  return { exports, reexports: reexportsOf(source) };
}

function reexportsOf(source: CdkSource): ScriptReexport[] {
  const found: ScriptReexport[] = [];
  for (const statement of source.file.program.body) {
    if (statement.type === 'ExportAllDeclaration') found.push({ from: statement.source.value, name: '*', imported: '*' });
    if (statement.type !== 'ExportNamedDeclaration' || !statement.source) continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type === 'ExportSpecifier') found.push({ from: statement.source.value, name: exportName(specifier.exported), imported: specifier.local.name });
      else if (specifier.type === 'ExportNamespaceSpecifier') found.push({ from: statement.source.value, name: specifier.exported.name, imported: '*' });
    }
  }
  return found;
}

/** `export { hello, bye as goodbye }` of names the file binds or imports: each name and the identifier it exports. */
function listedExports(source: CdkSource): { name: string; local: Node }[] {
  const found: { name: string; local: Node }[] = [];
  for (const statement of source.file.program.body) {
    if (statement.type !== 'ExportNamedDeclaration' || statement.source) continue;
    for (const specifier of statement.specifiers) if (specifier.type === 'ExportSpecifier') found.push({ name: exportName(specifier.exported), local: specifier.local });
  }
  return found;
}

function exportName(node: Node): string {
  return node.type === 'Identifier' ? node.name : node.type === 'StringLiteral' ? node.value : '';
}

/** The names a file binds by importing them from a relative or aliased path: the module and the name it exports. */
function importedNames(source: CdkSource): Map<string, { from: string; name: string }> {
  const names = new Map<string, { from: string; name: string }>();
  for (const statement of source.file.program.body) {
    if (statement.type === 'ImportDeclaration') {
      if (statement.importKind === 'type') continue;
      for (const specifier of statement.specifiers) {
        const name = specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.type === 'ImportNamespaceSpecifier' ? '*' : exportName(specifier.imported);
        names.set(specifier.local.name, { from: statement.source.value, name });
      }
    } else if (statement.type === 'VariableDeclaration') {
      // `const hello = require('./src/functions/hello')`: its `module.exports`.
      for (const declarator of statement.declarations) {
        const init = declarator.init;
        if (declarator.id.type !== 'Identifier' || init?.type !== 'CallExpression' || init.callee.type !== 'Identifier' || init.callee.name !== 'require') continue;
        const [argument] = init.arguments;
        if (argument?.type === 'StringLiteral') names.set(declarator.id.name, { from: argument.value, name: 'default' });
      }
    }
  }
  return names;
}

/**
 * The objects and lists of `export default …`, `export = …`, `module.exports = …`, `export const x = …`, `exports.x = …`
 * and `module.exports.x = …`, through `const` bindings, in document order.
 */
function exportedObjects(source: CdkSource): { name: string; object: Node }[] {
  const found: { name: string; object: Node }[] = [];
  const add = (name: string, value: Node | null | undefined) => {
    if (!value) return;
    const object = resolved(source, value);
    if (object.type === 'ObjectExpression' || object.type === 'ArrayExpression') found.push({ name, object });
  };
  for (const statement of source.file.program.body) {
    if (statement.type === 'ExportDefaultDeclaration') add('default', statement.declaration);
    else if (statement.type === 'TSExportAssignment') add('default', statement.expression);
    else if (statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'VariableDeclaration') {
      for (const declarator of statement.declaration.declarations) if (declarator.id.type === 'Identifier') add(declarator.id.name, declarator.init);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const target = statement.expression.left;
      if (target.type !== 'MemberExpression') continue;
      const written = sourceOf(source, target).replace(/\s/g, '');
      const member = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(written);
      if (written === 'module.exports') add('default', statement.expression.right);
      else if (member) add(member[1], statement.expression.right);
    }
  }
  return found;
}

// How deep a value is read: no service file nests deeper, and a damaged file's tree may.
const MAX_DEPTH = 64;

class ScriptNodes {
  private imports: Map<string, { from: string; name: string }> | undefined;

  constructor(
    private readonly source: CdkSource,
    private readonly modules?: ScriptModules,
  ) {}

  node(expression: Node, depth: number): CfnNode | undefined {
    const node = resolved(this.source, expression);
    if (depth > MAX_DEPTH) return this.unknown(node);
    switch (node.type) {
      case 'Identifier':
        return this.imported(node) ?? this.unknown(node);
      case 'ObjectExpression':
        return this.map(node, depth);
      case 'ArrayExpression': {
        const items: CfnNode[] = [];
        for (const element of node.elements) {
          if (!element) continue;
          if (element.type === 'SpreadElement') {
            // `...sharedStatements` of a list the file writes (or imports): its items, as if written here.
            const spread = resolved(this.source, element.argument);
            const read = spread.type === 'ArrayExpression' ? this.node(spread, depth + 1) : spread.type === 'Identifier' ? this.imported(spread) : undefined;
            if (read?.kind === 'seq') items.push(...read.items);
            else items.push(this.unknown(element.argument));
          } else {
            const item = this.node(element, depth + 1);
            if (item) items.push(item);
          }
        }
        return { kind: 'seq', span: spanOf(node), flow: true, items };
      }
      case 'StringLiteral':
      case 'TemplateLiteral':
        return this.string(node);
      case 'NumericLiteral':
        return this.literal(node, 'number', String(node.value));
      case 'BooleanLiteral':
        return this.literal(node, 'boolean', String(node.value));
      case 'NullLiteral':
        return this.literal(node, 'null', 'null');
      default:
        return this.unknown(node);
    }
  }

  private map(object: Node, depth: number): CfnNode {
    const map: CfnMap = { kind: 'map', span: spanOf(object), flow: true, entries: [] };
    if (object.type !== 'ObjectExpression') return map;
    for (const member of object.properties) {
      if (member.type === 'SpreadElement') {
        // `...sharedStatements` of an object the file writes (or imports): its members, as if written here.
        const spread = resolved(this.source, member.argument);
        const read = spread.type === 'ObjectExpression' ? this.node(spread, depth + 1) : spread.type === 'Identifier' ? this.imported(spread) : undefined;
        if (read?.kind === 'map') map.entries.push(...read.entries);
        continue;
      }
      const key = propertyKey(member);
      if (member.type !== 'ObjectProperty' || key === undefined) continue;
      const entry: CfnEntry = { key, keySpan: spanOf(member.key), value: this.node(member.value, depth + 1), span: spanOf(member) };
      map.entries.push(entry);
    }
    // `{ 'Fn::GetAtt': ['Table', 'Arn'] }` is CloudFormation's intrinsic, as in a JSON template.
    if (map.entries.length === 1 && isIntrinsicKey(map.entries[0].key)) return { kind: 'fn', name: map.entries[0].key, arg: map.entries[0].value, span: map.span };
    return map;
  }

  /** What an imported name is, when the modules are read and the name is imported from one. */
  private imported(node: Node): CfnNode | undefined {
    if (!this.modules || node.type !== 'Identifier') return undefined;
    this.imports ??= importedNames(this.source);
    const binding = this.imports.get(node.name);
    return binding && this.modules.imported(binding.from, binding.name, spanOf(node));
  }

  /** A string or template literal: its characters at their places; a template's `${…}` kept as written. */
  private string(node: Node): CfnScalar {
    const read = stringOf(this.source, node) as HostJsonNode & { value: string };
    const value = read.value;
    const map = read.mapSpan;
    return scalar(spanOf(node), value, 'string', () => {
      const text = new MappedText({ start: (node.start ?? 0) + 1, end: (node.start ?? 0) + 1 });
      for (let i = 0; i < value.length; i++) {
        const span = map ? map(i, i + 1) : spanOf(node);
        text.push(value[i], span.start, span.end);
      }
      return text;
    });
  }

  private literal(node: Node, jsonType: CfnScalar['jsonType'], value: string): CfnScalar {
    return scalar(spanOf(node), value, jsonType, () => coarseText(value, spanOf(node)));
  }

  /** An expression only the packaging knows: `${…}` of its source, over the expression's whole span. */
  private unknown(node: Node): CfnScalar {
    const value = `\${${sourceOf(this.source, node).replace(/\s+/g, ' ')}}`;
    return scalar(spanOf(node), value, 'string', () => coarseText(value, spanOf(node)));
  }
}

function scalar(span: Span, value: string, jsonType: CfnScalar['jsonType'], make: () => MappedText): CfnScalar {
  let text: MappedText | undefined;
  return { kind: 'scalar', span, value, jsonType, style: 'JSON', text: () => (text ??= make()) };
}
