import type { Expression, File, Node } from '@babel/types';
import type { Span } from '../../text/span';

/**
 * A CDK app's source file parsed with Babel's TypeScript parser, with what the readers ask of it: each node's parent,
 * and the `const` bindings whose values a policy may name (`actions: READ_ACTIONS`).
 */
export interface CdkSource {
  text: string;
  file: File;
  parentOf: Map<Node, Node>;
  /** `const NAME = value` of the file, by name, for names declared once (a name declared twice is not resolved). */
  constants: Map<string, Expression>;
  /**
   * The names declared more than once (in several functions, as Python programs often do), each declaration with
   * the function (or the program) it is declared in and its value, null when it is no `const` with a value: a use
   * of the name reads the declaration of its own function, when that function declares it once.
   */
  scopedConstants?: Map<string, { scope: Node; value: Expression | null }[]>;
  /** Every `new X(...)` and `X.y(...)` call, in document order, for the readers to pick theirs from. */
  calls: Node[];
  /** Every object literal, in document order. */
  objects: Node[];
  /** The language of an app's source other than TypeScript, read in the shape of the TypeScript CDK pairs with it (python.ts, java.ts, go.ts, csharp.ts). */
  language?: 'python' | 'java' | 'go' | 'csharp';
  /** The types names are declared with (`bucket: s3.IBucket` as a parameter, variable, class member or interface property). */
  typed: Map<string, Node[]>;
}

let babel: typeof import('@babel/parser') | undefined;

/** Babel's parser, required on first use rather than imported: a process that meets no CDK source never loads it. */
function babelParser(): typeof import('@babel/parser') {
  return (babel ??= require('@babel/parser') as typeof import('@babel/parser'));
}

const BABEL_OPTIONS: import('@babel/parser').ParserOptions = {
  sourceType: 'module',
  plugins: ['typescript', 'decorators-legacy'],
  errorRecovery: true,
  allowReturnOutsideFunction: true,
  allowUndeclaredExports: true,
};

/** Parses TypeScript (and JavaScript, which it accepts). Undefined when Babel cannot recover a tree from the text. */
export function parseCdkSource(text: string): CdkSource | undefined {
  let file: File;
  try {
    file = babelParser().parse(text, BABEL_OPTIONS);
  } catch {
    return undefined;
  }
  return indexCdkFile(text, file);
}

/** Why Babel recovers no tree from the text (`Unexpected token (3:10)`); undefined when it does. */
export function cdkParseError(text: string): string | undefined {
  try {
    babelParser().parse(text, BABEL_OPTIONS);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What the readers ask of a parsed file (a Babel tree, or a Python source's tree in Babel's shape: python.ts). */
export function indexCdkFile(text: string, file: File): CdkSource {
  const aliases = cdkImportAliases(file);
  if (aliases.size > 0) unalias(file.program, aliases);
  const parentOf = new Map<Node, Node>();
  const declared = new Map<string, Expression | null>();
  const declarators: { name: string; node: Node; value: Expression | null }[] = [];
  const calls: Node[] = [];
  const objects: Node[] = [];
  const typed = new Map<string, Node[]>();
  // Names whose value the code changes after binding it (`const principals = []` then `principals.push(…)`): their
  // literal is not their value.
  const changed = new Set<string>();
  const visit = (node: Node, parent: Node | undefined) => {
    if (parent) parentOf.set(node, parent);
    // `fn.role?.addToPrincipalPolicy(…)` is read as `fn.role.addToPrincipalPolicy(…)`: whether the chain may stop
    // short changes nothing a policy is, and every reader then meets one kind of call and member.
    if (node.type === 'OptionalCallExpression') (node as Node).type = 'CallExpression';
    else if (node.type === 'OptionalMemberExpression') (node as Node).type = 'MemberExpression';
    const annotation = 'typeAnnotation' in node && node.typeAnnotation?.type === 'TSTypeAnnotation' ? node.typeAnnotation.typeAnnotation : undefined;
    const annotated = node.type === 'Identifier' ? node.name : (node.type === 'ClassProperty' || node.type === 'TSPropertySignature') && node.key.type === 'Identifier' ? node.key.name : undefined;
    if (annotation && annotated !== undefined) typed.set(annotated, [...(typed.get(annotated) ?? []), annotation]);
    switch (node.type) {
      case 'NewExpression':
      case 'CallExpression':
        calls.push(node);
        if (node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier' && MUTATORS.has(node.callee.property.name)) {
          const root = rootName(node.callee.object);
          if (root) changed.add(root);
        }
        break;
      case 'AssignmentExpression': {
        const root = node.left.type === 'MemberExpression' ? rootName(node.left) : undefined;
        if (root) changed.add(root);
        break;
      }
      case 'ObjectExpression':
        objects.push(node);
        break;
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier') {
          const declaration = parent?.type === 'VariableDeclaration' ? parent : undefined;
          const name = node.id.name;
          // A second declaration of a name (another scope's) makes it ambiguous here.
          declared.set(name, declared.has(name) || declaration?.kind !== 'const' || !node.init ? null : node.init);
          declarators.push({ name, node, value: declaration?.kind === 'const' && node.init ? node.init : null });
        }
        break;
    }
    for (const key of Object.keys(node) as (keyof Node)[]) {
      if (SKIPPED_KEYS.has(key)) continue;
      const value = node[key] as unknown;
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item, node);
      } else if (isNode(value)) visit(value, node);
    }
  };
  visit(file.program, undefined);
  const constants = new Map<string, Expression>();
  for (const [name, value] of declared) if (value && !changed.has(name)) constants.set(name, value);
  const scopedConstants = new Map<string, { scope: Node; value: Expression | null }[]>();
  for (const { name, node, value } of declarators) {
    if (declared.get(name) !== null || changed.has(name)) continue;
    const entries = scopedConstants.get(name) ?? [];
    entries.push({ scope: scopeOf(parentOf, node), value });
    scopedConstants.set(name, entries);
  }
  return { text, file, parentOf, constants, ...(scopedConstants.size > 0 ? { scopedConstants } : {}), calls, objects, typed };
}

const SCOPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'ObjectMethod', 'Program']);

/** The function a node is in, or the program. */
function scopeOf(parentOf: ReadonlyMap<Node, Node>, node: Node): Node {
  let current = node;
  for (let parent = parentOf.get(current); parent; current = parent, parent = parentOf.get(current)) if (SCOPES.has(parent.type)) return parent;
  return current;
}

/** The value of a name declared more than once in the file, from the declaration in the use's own function. */
function scopedValue(source: CdkSource, identifier: Node & { name: string }): Expression | undefined {
  const entries = source.scopedConstants?.get(identifier.name);
  if (!entries) return undefined;
  let current: Node = identifier;
  for (let parent = source.parentOf.get(current); parent; current = parent, parent = source.parentOf.get(current)) {
    if (!SCOPES.has(parent.type)) continue;
    // A parameter of the same name hides the declarations around its function.
    if ('params' in parent && parent.params.some((param) => param.type === 'Identifier' && param.name === identifier.name)) return undefined;
    const own = entries.filter((entry) => entry.scope === parent);
    if (own.length > 1) return undefined;
    if (own.length === 1) return own[0].value ?? undefined;
  }
  return undefined;
}

// JavaScript's, Python's list and dict methods (`append`, `extend`, `update`…) and Java's.
const MUTATORS = new Set([
  'push',
  'unshift',
  'splice',
  'pop',
  'shift',
  'fill',
  'sort',
  'reverse',
  'copyWithin',
  'set',
  'delete',
  'add',
  'clear',
  'append',
  'extend',
  'insert',
  'remove',
  'update',
  'setdefault',
  // Java's collections.
  'put',
  'putAll',
  'addAll',
]);

/** `principals` for `principals.push`, `props.list[0]`: the name a member chain starts from. */
function rootName(node: Node): string | undefined {
  let current = node;
  while (current.type === 'MemberExpression') current = current.object;
  return current.type === 'Identifier' ? current.name : undefined;
}

/** A module of the CDK, as a TypeScript or Python file (python.ts) imports it. */
const CDK_MODULE_NAME = /^(?:aws-cdk-lib|monocdk)(?:\/[\w-]+)?$|^@aws-cdk\//;

/**
 * The classes a file imports from the CDK under another name (`import { PolicyStatement as Statement }`, Python's
 * `from aws_cdk.aws_iam import PolicyStatement as Statement`, `const { Grant: IamGrant } = require(…)`): local name to
 * the CDK's.
 */
function cdkImportAliases(file: File): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const statement of file.program.body) {
    if (statement.type === 'ImportDeclaration' && CDK_MODULE_NAME.test(statement.source.value)) {
      for (const specifier of statement.specifiers) {
        if (specifier.type !== 'ImportSpecifier') continue;
        const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
        if (imported !== specifier.local.name) aliases.set(specifier.local.name, imported);
      }
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const init = unwrapInterop(declarator.init);
        if (init?.type !== 'CallExpression' || init.callee.type !== 'Identifier' || init.callee.name !== 'require' || init.arguments[0]?.type !== 'StringLiteral') continue;
        if (!CDK_MODULE_NAME.test(init.arguments[0].value) || declarator.id.type !== 'ObjectPattern') continue;
        for (const property of declarator.id.properties)
          if (property.type === 'ObjectProperty' && property.key.type === 'Identifier' && property.value.type === 'Identifier' && property.key.name !== property.value.name)
            aliases.set(property.value.name, property.key.name);
      }
    }
  }
  return aliases;
}

/**
 * Writes each use of an aliased CDK class with the CDK's name (`new Statement(…)` as `new PolicyStatement(…)`), so the
 * readers, which know the CDK's names, read it. Names in other places (a property `x.Statement`, a key
 * `{ Statement: … }`) are left as written.
 */
function unalias(root: Node, aliases: ReadonlyMap<string, string>): void {
  const visit = (node: Node, parent: Node | undefined, key: string | undefined) => {
    if (node.type === 'Identifier') {
      const name = aliases.get(node.name);
      const isName =
        !(parent?.type === 'MemberExpression' && key === 'property' && !parent.computed) &&
        !(parent?.type === 'ObjectProperty' && key === 'key' && !parent.computed) &&
        !(parent?.type === 'ImportSpecifier' && key === 'imported');
      if (name !== undefined && isName) node.name = name;
      return;
    }
    for (const field of Object.keys(node) as (keyof Node)[]) {
      if (SKIPPED_KEYS.has(field)) continue;
      const value = node[field] as unknown;
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item, node, field);
      } else if (isNode(value)) visit(value, node, field);
    }
  };
  visit(root, undefined, undefined);
}

const SKIPPED_KEYS = new Set<string>(['loc', 'start', 'end', 'extra', 'range', 'leadingComments', 'trailingComments', 'innerComments', 'typeAnnotation', 'returnType', 'typeParameters']);

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function spanOf(node: Node): Span {
  return { start: node.start ?? 0, end: node.end ?? 0 };
}

export function sourceOf(source: CdkSource, node: Node): string {
  return source.text.slice(node.start ?? 0, node.end ?? 0);
}

/** The expression without TypeScript's assertions and parentheses around it (`[...] as const`, `x!`, `(x)`). */
export function unwrapExpression(node: Node): Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        current = current.expression;
        continue;
      default:
        return current;
    }
  }
}

/**
 * What an expression names through `const` bindings of the file: the value of `READ_ACTIONS` for `READ_ACTIONS`,
 * followed a few steps (`const A = B`); the expression itself otherwise.
 */
export function resolved(source: CdkSource, node: Node): Node {
  let current = unwrapExpression(node);
  for (let step = 0; step < 8 && current.type === 'Identifier'; step++) {
    const value = source.constants.get(current.name) ?? scopedValue(source, current);
    if (!value) break;
    current = unwrapExpression(value);
  }
  return current;
}

/**
 * The name a call or `new` expression calls, without its module: `PolicyStatement` for `new iam.PolicyStatement(…)`
 * and for `new PolicyStatement(…)`, `fromJson` for `iam.PolicyDocument.fromJson(…)`.
 */
export function calleeName(node: Node): string | undefined {
  if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return undefined;
  return memberName(node.callee);
}

/** `addToPolicy` for `role.addToPolicy` and for `addToPolicy`: the name a callee or member ends with. */
export function memberName(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') return node.property.name;
  return undefined;
}

/** `PolicyDocument` for `iam.PolicyDocument.fromJson`: the name before the called one. */
export function calleeOwnerName(node: Node): string | undefined {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return undefined;
  return memberName(node.callee.object);
}

/** The key of an object literal's property, when it is written as a name or a string (`actions`, `'Statement'`). */
export function propertyKey(node: Node): string | undefined {
  if (node.type !== 'ObjectProperty' || node.computed) return undefined;
  if (node.key.type === 'Identifier') return node.key.name;
  if (node.key.type === 'StringLiteral') return node.key.value;
  return undefined;
}

/**
 * The CDK module (`aws-s3`) a construct class comes from, as the file imports it: `s3.Bucket` with
 * `import * as s3 from 'aws-cdk-lib/aws-s3'` (or `aws_s3 as s3` from aws-cdk-lib, or CDK v1's `@aws-cdk/aws-s3` or `monocdk`, or a
 * `require` or `import s3 = require(…)` of either), or `Bucket` imported by name. Undefined when the file does not say.
 */
export function moduleOfClass(source: CdkSource, callee: Node): string | undefined {
  let imports = importsBySource.get(source);
  if (!imports) importsBySource.set(source, (imports = importsOf(source)));
  if (callee.type === 'Identifier') return imports.classes.get(callee.name);
  if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier') return imports.namespaces.get(callee.object.name);
  return undefined;
}

/** The CDK modules a file imports: by the namespace it binds (`s3`), and by the class names it imports. */
interface CdkImports {
  namespaces: Map<string, string>;
  classes: Map<string, string>;
}

const importsBySource = new WeakMap<CdkSource, CdkImports>();

const CDK_MODULE = /^(?:aws-cdk-lib\/|monocdk\/|@aws-cdk\/)(aws-[\w-]+)$/;

function importsOf(source: CdkSource): CdkImports {
  const namespaces = new Map<string, string>();
  const classes = new Map<string, string>();
  const bind = (from: string, local: string, imported: string | undefined) => {
    const module = CDK_MODULE.exec(from)?.[1];
    if (module) {
      if (imported === undefined) namespaces.set(local, module);
      else classes.set(local, module);
    } else if ((from === 'aws-cdk-lib' || from === 'monocdk') && imported?.startsWith('aws_')) namespaces.set(local, imported.replace(/_/g, '-'));
  };
  forEachImport(source, bind);
  return { namespaces, classes };
}

/**
 * Calls `bind` for each name a file binds to a module: `import * as s3 from 'm'` and `const s3 = require('m')` as
 * (`m`, `s3`, undefined), `import { Bucket } from 'm'` and `const { Bucket } = require('m')` as (`m`, `Bucket`,
 * `Bucket`), `import s3 = require('m')`, and Python's `import m` (no alias) as (`m`, `m`, undefined).
 */
export function forEachImport(source: CdkSource, bind: (from: string, local: string, imported: string | undefined) => void): void {
  for (const statement of source.file.program.body) {
    if (statement.type === 'ImportDeclaration') {
      if (statement.specifiers.length === 0 && source.language === 'python') bind(statement.source.value, statement.source.value, undefined);
      for (const specifier of statement.specifiers) {
        const imported = specifier.type === 'ImportSpecifier' ? (specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value) : undefined;
        bind(statement.source.value, specifier.local.name, imported);
      }
    } else if (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference') {
      bind(statement.moduleReference.expression.value, statement.id.name, undefined);
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const init = unwrapInterop(declarator.init);
        if (init?.type !== 'CallExpression' || init.callee.type !== 'Identifier' || init.callee.name !== 'require' || init.arguments[0]?.type !== 'StringLiteral') continue;
        const from = init.arguments[0].value;
        if (declarator.id.type === 'Identifier') bind(from, declarator.id.name, undefined);
        else if (declarator.id.type === 'ObjectPattern')
          for (const property of declarator.id.properties)
            if (property.type === 'ObjectProperty' && property.key.type === 'Identifier' && property.value.type === 'Identifier') bind(from, property.value.name, property.key.name);
      }
    }
  }
}

/**
 * The `require(…)` TypeScript's CommonJS output wraps for `import * as aws from 'm'` and default imports:
 * `__importStar(require('m'))`, `__importDefault(require('m'))`, and tslib's `tslib_1.__importStar(require('m'))`.
 */
function unwrapInterop(init: Node | null | undefined): Node | null | undefined {
  if (init?.type !== 'CallExpression' || init.arguments.length !== 1) return init;
  const callee = init.callee.type === 'MemberExpression' && init.callee.property.type === 'Identifier' ? init.callee.property.name : init.callee.type === 'Identifier' ? init.callee.name : undefined;
  return callee === '__importStar' || callee === '__importDefault' ? (init.arguments[0] as Node) : init;
}

/**
 * The classes a name is declared as (`bucket: s3.IBucket`, `props?: { table: Table }`), each with the CDK module its
 * type comes from when the file's imports say; a union's `undefined` is left out.
 */
export function declaredTypesOf(source: CdkSource, name: string): { name: string; module: string | undefined }[] {
  let imports = importsBySource.get(source);
  if (!imports) importsBySource.set(source, (imports = importsOf(source)));
  const known = imports;
  const types: { name: string; module: string | undefined }[] = [];
  const add = (type: Node) => {
    if (type.type === 'TSUnionType') for (const member of type.types) add(member);
    else if (type.type === 'TSTypeReference' && type.typeName.type === 'Identifier') types.push({ name: type.typeName.name, module: known.classes.get(type.typeName.name) });
    else if (type.type === 'TSTypeReference' && type.typeName.type === 'TSQualifiedName' && type.typeName.left.type === 'Identifier')
      types.push({ name: type.typeName.right.name, module: known.namespaces.get(type.typeName.left.name) });
  };
  for (const type of source.typed.get(name) ?? []) add(type);
  return types;
}
