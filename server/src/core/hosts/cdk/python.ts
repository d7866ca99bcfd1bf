import type { Node as SyntaxNode } from 'web-tree-sitter';
import { wasmGrammar } from '../tree-sitter';
import type { CdkSource } from './syntax';
import { cdkDocumentTrees, identifier, parseShapedCdkSource, shaped, type Shaped } from './shaped-tree';

/**
 * CDK apps in Python, read by the same readers as TypeScript ones: tree-sitter's Python grammar (tree-sitter-python,
 * MIT) parses the source, and the tree is rewritten in the shape of Babel's tree of the TypeScript that CDK's
 * documentation pairs with it, with the offsets of the Python text:
 * - `iam.PolicyStatement(actions=[…])` is `new iam.PolicyStatement({ actions: […] })`: a call of a capitalised name
 *   constructs, and keyword arguments are the props object, their names in camelCase (`assumed_by` is `assumedBy`);
 * - `role.add_to_policy(…)` is `role.addToPolicy(…)`, `self` is `this`, lists and tuples are arrays, dicts objects,
 *   `*x` and `**x` spreads, `a if c else b` a conditional, f-strings template literals whose `{…}` are placeholders;
 * - `NAME = value` is a `const` (and a module's public name an exported one), `self.x = value` an assignment;
 * - `from aws_cdk import aws_iam as iam` and `import aws_cdk.aws_iam as iam` are the imports of `aws-cdk-lib/aws-iam`.
 * Anything else is an expression only synthesis knows, whose calls are still read.
 * https://docs.aws.amazon.com/cdk/v2/guide/work-with-cdk-python.html
 */
const pythonGrammar = wasmGrammar('tree-sitter-python.wasm', 'tree-sitter-python', 'Python');

export function loadPythonParser(): Promise<void> {
  return pythonGrammar.load();
}

/** The loaded parser, or why there is none (the benchmark times its parse beside the reader's). */
export const pythonParser = pythonGrammar.parser;

const pythonTrees = cdkDocumentTrees(pythonGrammar);

/** A Python CDK source, parsed (from `document`'s last tree, when given) and indexed; undefined when the grammar is not loaded. */
export function parsePythonCdkSource(text: string, document?: string): CdkSource | undefined {
  return parseShapedCdkSource(pythonGrammar, pythonTrees, text, 'python', document, (tree) => statementsOf(tree.rootNode.namedChildren, text, true));
}

/** `assumed_by` -> `assumedBy`; `ACCOUNT_ID`, `Effect` and `_private` stay as written. */
function camelCase(name: string): string {
  return /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(name) ? name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()) : name;
}

function children(nodes: readonly (SyntaxNode | null)[]): SyntaxNode[] {
  return nodes.filter((node): node is SyntaxNode => node !== null && node.type !== 'comment');
}

function statementsOf(nodes: readonly (SyntaxNode | null)[], text: string, moduleLevel = false): Shaped[] {
  return children(nodes).flatMap((node) => statementOf(node, text, moduleLevel));
}

function statementOf(node: SyntaxNode, text: string, moduleLevel: boolean): Shaped[] {
  if (depth >= MAX_DEPTH) return [];
  depth++;
  try {
    return shapedStatement(node, text, moduleLevel);
  } finally {
    depth--;
  }
}

function shapedStatement(node: SyntaxNode, text: string, moduleLevel: boolean): Shaped[] {
  switch (node.type) {
    case 'import_from_statement':
    case 'import_statement':
      return importOf(node);
    case 'expression_statement': {
      const [expression] = children(node.namedChildren);
      if (expression?.type === 'assignment') return [assignmentOf(expression, text, moduleLevel)];
      return expression ? [shaped(node, 'ExpressionStatement', { expression: expressionOf(expression, text) })] : [];
    }
    case 'return_statement': {
      const [value] = children(node.namedChildren);
      return [shaped(node, 'ReturnStatement', { argument: value ? expressionOf(value, text) : null })];
    }
    // `assert response == {"policyDocument": {…}}`: what a test expects may be a policy (code sweep 3, Powertools).
    case 'assert_statement': {
      const [test] = children(node.namedChildren);
      return test ? [shaped(node, 'ExpressionStatement', { expression: expressionOf(test, text) })] : [];
    }
    case 'function_definition': {
      const name = node.childForFieldName('name');
      const body = node.childForFieldName('body');
      return [
        shaped(node, 'FunctionDeclaration', {
          id: name ? identifier(name) : null,
          params: parametersOf(node.childForFieldName('parameters')),
          body: shaped(body ?? node, 'BlockStatement', { body: body ? statementsOf(body.namedChildren, text) : [] }),
        }),
      ];
    }
    case 'class_definition': {
      const name = node.childForFieldName('name');
      const body = node.childForFieldName('body');
      return [shaped(node, 'ClassDeclaration', { id: name ? identifier(name) : null, body: shaped(body ?? node, 'ClassBody', { body: body ? statementsOf(body.namedChildren, text) : [] }) })];
    }
    case 'block':
      return [shaped(node, 'BlockStatement', { body: statementsOf(node.namedChildren, text) })];
    case 'decorated_definition': {
      const definition = node.childForFieldName('definition');
      return definition ? statementOf(definition, text, moduleLevel) : [];
    }
    default:
      // if, for, while, with, try and the rest: their blocks' statements, which may make policies too.
      return [
        shaped(node, 'BlockStatement', {
          body: children(node.namedChildren).flatMap((child) => (child.type === 'block' || /_clause$/.test(child.type) ? statementsOf(child.namedChildren, text) : [])),
        }),
      ];
  }
}

/** `aws_cdk.aws_iam` -> `aws-cdk-lib/aws-iam`, `aws_cdk` -> `aws-cdk-lib`; other modules keep their dotted name. */
function moduleName(dotted: string): string {
  if (dotted === 'aws_cdk') return 'aws-cdk-lib';
  const match = /^aws_cdk\.(aws_\w+)$/.exec(dotted);
  return match ? `aws-cdk-lib/${match[1].replace(/_/g, '-')}` : dotted;
}

function importOf(node: SyntaxNode): Shaped[] {
  const specifier = (name: SyntaxNode, alias: SyntaxNode | null, namespace: boolean) =>
    shaped(name, namespace ? 'ImportNamespaceSpecifier' : 'ImportSpecifier', { local: identifier(alias ?? name, (alias ?? name).text.split('.').pop()!), imported: identifier(name) });
  if (node.type === 'import_from_statement') {
    const module = node.childForFieldName('module_name');
    if (!module) return [];
    const names = node.childrenForFieldName('name').filter((name) => name !== null);
    const specifiers = names.map((name) => (name.type === 'aliased_import' ? specifier(name.childForFieldName('name')!, name.childForFieldName('alias'), false) : specifier(name, null, false)));
    return [shaped(node, 'ImportDeclaration', { source: shaped(module, 'StringLiteral', { value: moduleName(module.text) }), specifiers })];
  }
  // `import aws_cdk.aws_iam as iam`: one declaration per module named.
  return children(node.namedChildren).map((name) => {
    const dotted = name.type === 'aliased_import' ? name.childForFieldName('name')! : name;
    const alias = name.type === 'aliased_import' ? name.childForFieldName('alias') : null;
    return shaped(name, 'ImportDeclaration', { source: shaped(dotted, 'StringLiteral', { value: moduleName(dotted.text) }), specifiers: alias ? [specifier(dotted, alias, true)] : [] });
  });
}

/** A function's parameters with their type hints (`bucket: s3.IBucket`), which tell what a grant's receiver is. */
function parametersOf(parameters: SyntaxNode | null): Shaped[] {
  return children(parameters?.namedChildren ?? []).flatMap((parameter) => {
    if (parameter.type !== 'typed_parameter' && parameter.type !== 'typed_default_parameter') return [];
    const name = parameter.childForFieldName('name') ?? children(parameter.namedChildren).find((child) => child.type === 'identifier');
    const type = parameter.childForFieldName('type');
    return name ? [typedIdentifier(name, type)] : [];
  });
}

/** A name with its type hint in TypeScript's shape: `s3.IBucket` a qualified name, `X | None` and `Optional[X]` X. */
function typedIdentifier(name: SyntaxNode, type: SyntaxNode | null): Shaped {
  const hint = type && typeReferenceOf(children(type.namedChildren)[0] ?? null);
  return { ...identifier(name), ...(hint ? { typeAnnotation: { type: 'TSTypeAnnotation', start: type!.startIndex, end: type!.endIndex, typeAnnotation: hint } } : {}) };
}

function typeReferenceOf(node: SyntaxNode | null): Shaped | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return shaped(node, 'TSTypeReference', { typeName: identifier(node) });
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    if (object?.type !== 'identifier' || !attribute) return undefined;
    return shaped(node, 'TSTypeReference', { typeName: shaped(node, 'TSQualifiedName', { left: identifier(object), right: identifier(attribute) }) });
  }
  if (node.type === 'binary_operator') {
    const types = [node.childForFieldName('left'), node.childForFieldName('right')].map(typeReferenceOf).filter((type) => type !== undefined);
    return types.length > 0 ? shaped(node, 'TSUnionType', { types }) : undefined;
  }
  // `Optional[s3.IBucket]`: the type inside.
  if (node.type === 'generic_type' && children(node.namedChildren)[0]?.text === 'Optional') {
    const inner = children(node.namedChildren).find((child) => child.type === 'type_parameter');
    return typeReferenceOf(inner ? (children(children(inner.namedChildren)[0]?.namedChildren ?? [])[0] ?? null) : null);
  }
  return undefined;
}

/** `NAME = value` (a const; at module level, a public name is one other modules import) or `self.x = value`. */
function assignmentOf(node: SyntaxNode, text: string, moduleLevel: boolean): Shaped {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const value = right ? expressionOf(right, text) : null;
  if (left?.type === 'identifier' && !right) {
    // `table: dynamodb.ITable` in a class of props: a declaration with its type hint.
    return shaped(node, 'TSPropertySignature', { key: typedIdentifier(left, null), ...typeHintOf(node) });
  }
  if (left?.type === 'identifier') {
    const declarator = shaped(node, 'VariableDeclarator', { id: typedIdentifier(left, node.childForFieldName('type')), init: value });
    const declaration = shaped(node, 'VariableDeclaration', { kind: 'const', declarations: [declarator] });
    return moduleLevel && !left.text.startsWith('_') ? shaped(node, 'ExportNamedDeclaration', { declaration, specifiers: [] }) : declaration;
  }
  return shaped(node, 'ExpressionStatement', {
    expression: shaped(node, 'AssignmentExpression', { operator: '=', left: left ? expressionOf(left, text) : null, right: value }),
  });
}

// How deep expressions nest before the rest is one value only synthesis knows: damaged text (a run of unclosed
// brackets) nests as deep as it is long, and no policy is written that deep.
const MAX_DEPTH = 100;
let depth = 0;

function typeHintOf(node: SyntaxNode): { typeAnnotation?: Shaped } {
  const type = node.childForFieldName('type');
  const hint = type && typeReferenceOf(children(type.namedChildren)[0] ?? null);
  return hint ? { typeAnnotation: { type: 'TSTypeAnnotation', start: type!.startIndex, end: type!.endIndex, typeAnnotation: hint } } : {};
}

function expressionOf(node: SyntaxNode, text: string): Shaped {
  if (depth >= MAX_DEPTH) return shaped(node, `Python_${node.type}`);
  depth++;
  try {
    return shapedExpression(node, text);
  } finally {
    depth--;
  }
}

function shapedExpression(node: SyntaxNode, text: string): Shaped {
  switch (node.type) {
    case 'identifier':
      return node.text === 'self' ? shaped(node, 'ThisExpression') : identifier(node);
    case 'attribute': {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      if (!object || !attribute) return unknown(node, text);
      return shaped(node, 'MemberExpression', { object: expressionOf(object, text), property: identifier(attribute, camelCase(attribute.text)), computed: false });
    }
    case 'call':
      return callOf(node, text);
    case 'string':
      return stringOf(node, text);
    case 'integer':
    case 'float':
      return shaped(node, 'NumericLiteral', { value: Number(node.text.replace(/_/g, '')) });
    case 'true':
    case 'false':
      return shaped(node, 'BooleanLiteral', { value: node.type === 'true' });
    case 'none':
      return shaped(node, 'NullLiteral');
    case 'list':
    case 'tuple':
      return shaped(node, 'ArrayExpression', { elements: children(node.namedChildren).map((item) => expressionOf(item, text)) });
    case 'list_splat':
    case 'dictionary_splat': {
      const [argument] = children(node.namedChildren);
      return shaped(node, 'SpreadElement', { argument: argument ? expressionOf(argument, text) : unknown(node, text) });
    }
    case 'dictionary':
      return shaped(node, 'ObjectExpression', {
        properties: children(node.namedChildren).map((pair) => {
          if (pair.type !== 'pair') return expressionOf(pair, text);
          const key = pair.childForFieldName('key')!;
          const value = pair.childForFieldName('value')!;
          const shapedKey = expressionOf(key, text);
          // An f-string key (`f"{issuer}:sub"`) is computed: its text is a template with holes, as `[\`${issuer}:sub\`]` in TypeScript.
          return shaped(pair, 'ObjectProperty', { key: shapedKey, value: expressionOf(value, text), computed: shapedKey.type !== 'StringLiteral' });
        }),
      });
    case 'conditional_expression': {
      const [consequent, test, alternate] = children(node.namedChildren);
      if (!consequent || !test || !alternate) return unknown(node, text);
      return shaped(node, 'ConditionalExpression', { test: expressionOf(test, text), consequent: expressionOf(consequent, text), alternate: expressionOf(alternate, text) });
    }
    case 'parenthesized_expression': {
      const [inner] = children(node.namedChildren);
      return inner ? expressionOf(inner, text) : unknown(node, text);
    }
    case 'binary_operator':
      return percentFormatted(node, text) ?? unknown(node, text);
    case 'lambda': {
      // `bucket.arn.apply(lambda arn: json.dumps({…}))` (Pulumi): the value is what the body makes.
      const body = node.childForFieldName('body');
      const parameters = node.childForFieldName('parameters');
      if (!body) return unknown(node, text);
      const params = parameters ? children(parameters.namedChildren).map((parameter) => (parameter.type === 'identifier' ? identifier(parameter) : unknown(parameter, text))) : [];
      return shaped(node, 'ArrowFunctionExpression', { params, body: expressionOf(body, text) });
    }
    default:
      return unknown(node, text);
  }
}

/** An expression only synthesis knows (a comprehension, an operator): its own type, with its parts read for calls. */
function unknown(node: SyntaxNode, text: string): Shaped {
  return shaped(node, `Python_${node.type}`, { parts: children(node.namedChildren).map((child) => expressionOf(child, text)) });
}

/** A capitalised name constructs (`iam.Role(…)`); keyword arguments are the props, the last argument. */
function callOf(node: SyntaxNode, text: string): Shaped {
  const callee = node.childForFieldName('function');
  const argumentList = node.childForFieldName('arguments');
  if (!callee) return unknown(node, text);
  const positional: Shaped[] = [];
  const keywords: SyntaxNode[] = [];
  for (const argument of children(argumentList?.namedChildren ?? [])) {
    // `**props` spreads into the props, as `{ ...props }` would.
    if (argument.type === 'keyword_argument' || argument.type === 'dictionary_splat') keywords.push(argument);
    else positional.push(expressionOf(argument, text));
  }
  if (keywords.length > 0) {
    const props = keywords.map((keyword) => {
      if (keyword.type === 'dictionary_splat') return expressionOf(keyword, text);
      const name = keyword.childForFieldName('name')!;
      const value = keyword.childForFieldName('value');
      return shaped(keyword, 'ObjectProperty', { key: identifier(name, camelCase(name.text)), value: value ? expressionOf(value, text) : unknown(keyword, text), computed: false });
    });
    positional.push({ type: 'ObjectExpression', start: keywords[0].startIndex, end: keywords[keywords.length - 1].endIndex, properties: props });
  }
  const calleeNode = expressionOf(callee, text);
  const name = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee.text;
  return shaped(node, name && /^[A-Z]/.test(name) && !/^[A-Z0-9_]+$/.test(name) ? 'NewExpression' : 'CallExpression', { callee: calleeNode, arguments: positional });
}

/**
 * A string: plain quotes are a string literal whose escapes read as JavaScript's do; an f-string is a template literal
 * whose `{…}` are placeholders. Raw, byte and triple-quoted strings, which read differently, are values only synthesis
 * knows (none writes a policy value in practice).
 */
function stringOf(node: SyntaxNode, text: string): Shaped {
  const opening = children(node.children).find((child) => child.type === 'string_start');
  const closing = children(node.children).find((child) => child.type === 'string_end');
  if (!opening || !closing) return unknown(node, text);
  const prefix = opening.text.replace(/["']+$/, '').toLowerCase();
  const quotes = opening.text.slice(prefix.length);
  if ((quotes.length !== 1 && quotes.length !== 3) || /[rb]/.test(prefix)) return unknown(node, text);
  // The literal's span holds one quote each side, a triple-quoted string's innermost (a Pulumi program's `"""{ JSON }"""`).
  const start = opening.endIndex - 1;
  const end = closing.startIndex + 1;
  if (!prefix.includes('f')) return { type: 'StringLiteral', start, end, value: decoded(text.slice(start + 1, end - 1)) };
  const quasis: Shaped[] = [];
  const expressions: Shaped[] = [];
  let position = opening.endIndex;
  for (const hole of children(node.namedChildren).filter((child) => child.type === 'interpolation')) {
    quasis.push({ type: 'TemplateElement', start: position, end: hole.startIndex });
    const [expression] = children(hole.namedChildren);
    expressions.push(expression ? expressionOf(expression, text) : unknown(hole, text));
    position = hole.endIndex;
  }
  quasis.push({ type: 'TemplateElement', start: position, end: closing.startIndex });
  return { type: 'TemplateLiteral', start, end, quasis, expressions };
}

/**
 * `"states.%s.amazonaws.com" % region`, `"arn:aws:s3:::%s/%s" % (bucket, key)`: a template literal whose conversions
 * (`%s`, `%d`, `%(name)s`) are placeholders of the values on the right (the one value, the tuple's in order, or for a
 * named conversion the mapping), as a format string's are in Go and Java; `%%` is one percent sign. Undefined for any
 * other operator, or a format written otherwise than in plain quotes.
 * https://docs.python.org/3/library/stdtypes.html#printf-style-string-formatting
 */
function percentFormatted(node: SyntaxNode, text: string): Shaped | undefined {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (node.childForFieldName('operator')?.text !== '%' || left?.type !== 'string' || !right) return undefined;
  const format = stringOf(left, text);
  if (format.type !== 'StringLiteral') return undefined;
  const values = right.type === 'tuple' || right.type === 'parenthesized_expression' ? children(right.namedChildren) : [right];
  const quasis: Shaped[] = [];
  const expressions: Shaped[] = [];
  const start = format.start as number;
  const end = format.end as number;
  let position = start + 1;
  for (const match of text.slice(start + 1, end - 1).matchAll(/%(\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa]|%%/g)) {
    if (match[0] === '%%') continue;
    const value = match[1] !== undefined ? (namedValue(right, match[1].slice(1, -1)) ?? right) : values[expressions.length];
    if (!value) return undefined;
    const at = start + 1 + match.index;
    quasis.push({ type: 'TemplateElement', start: position, end: at, doubled: '%' });
    expressions.push(expressionOf(value, text));
    position = at + match[0].length;
  }
  if (expressions.length === 0) return undefined;
  quasis.push({ type: 'TemplateElement', start: position, end: end - 1, doubled: '%' });
  return { type: 'TemplateLiteral', start, end, quasis, expressions };
}

/** The value a dict literal gives `name` (`{"prefix": "reports"}`), for `%(prefix)s`. */
function namedValue(mapping: SyntaxNode, name: string): SyntaxNode | undefined {
  if (mapping.type !== 'dictionary') return undefined;
  for (const pair of children(mapping.namedChildren)) {
    const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
    if (key?.type === 'string' && /^(['"])(.*)\1$/s.test(key.text) && key.text.slice(1, -1) === name) return pair.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

function decoded(body: string): string {
  return body.replace(/\\(.)/g, (whole, char: string) => ESCAPES[char] ?? whole);
}
