import type { Node as SyntaxNode } from 'web-tree-sitter';
import { wasmGrammar } from '../tree-sitter';
import type { CdkSource } from './syntax';
import { cdkDocumentTrees, identifier, typedIdentifier, namedChildren as children, namespaceImports, parseShapedCdkSource, shaped, ShapedConverter, type Shaped } from './shaped-tree';

/**
 * CDK apps in Java, read by the same readers as TypeScript ones: tree-sitter's Java grammar (tree-sitter-java, MIT)
 * parses the source, and the tree is rewritten in the shape of Babel's tree of the TypeScript that CDK's
 * documentation pairs with it, with the offsets of the Java text:
 * - `Role.Builder.create(this, "Worker").assumedBy(…).build()` is `new Role(this, 'Worker', { assumedBy: … })`, and
 *   `PolicyStatementProps.builder().actions(…).build()` is the props object `{ actions: … }`;
 * - `List.of(…)`, `Arrays.asList(…)` and `new String[] {…}` are arrays, `Map.of(k, v, …)` and a `HashMap` filled by
 *   `put` in its initializer objects;
 * - `"arn:aws:s3:::" + name + "/*"` and `String.format("arn:aws:s3:::%s/*", name)` are template literals whose
 *   operands and arguments are placeholders, and a getter `bucket.getBucketArn()` is the property `bucket.bucketArn`;
 * - a local variable is a `const` (a `let` where the code assigns it again), with its declared type, as a field or a
 *   parameter has; an interface's getter `IBucket getArchive()` declares `archive`;
 * - `import software.amazon.awscdk.services.iam.*` and `import software.amazon.awscdk.services.s3.Bucket` are the
 *   imports of `aws-cdk-lib/aws-iam` and of `Bucket` from `aws-cdk-lib/aws-s3`.
 * Anything else is an expression only synthesis knows, whose calls are still read.
 * https://docs.aws.amazon.com/cdk/v2/guide/work-with-cdk-java.html
 */
const javaGrammar = wasmGrammar('tree-sitter-java.wasm', 'tree-sitter-java', 'Java');

export function loadJavaParser(): Promise<void> {
  return javaGrammar.load();
}

/** The loaded parser, or why there is none (the benchmark times its parse beside the reader's). */
export const javaParser = javaGrammar.parser;

const javaTrees = cdkDocumentTrees(javaGrammar);

/** A Java CDK source, parsed (from `document`'s last tree, when given) and indexed; undefined when the grammar is not loaded. */
export function parseJavaCdkSource(text: string, document?: string): CdkSource | undefined {
  return parseShapedCdkSource(javaGrammar, javaTrees, text, 'java', document, (tree) => new JavaConverter(text, tree.rootNode).program(tree.rootNode));
}

/** `software.amazon.awscdk.services.stepfunctions.tasks` -> `aws-cdk-lib/aws-stepfunctions-tasks`; other packages as written. */
function moduleName(dotted: string): string {
  if (dotted === 'software.amazon.awscdk') return 'aws-cdk-lib';
  const match = /^software\.amazon\.awscdk\.services\.([\w.]+)$/.exec(dotted);
  return match ? `aws-cdk-lib/aws-${match[1].replace(/\./g, '-')}` : dotted;
}

/** `getBucketArn` -> `bucketArn`: a JavaBean getter is the property CDK's TypeScript names. */
function getterProperty(name: string): string | undefined {
  const match = /^get([A-Z])(\w*)$/.exec(name);
  return match ? match[1].toLowerCase() + match[2] : undefined;
}

const LIST_FACTORIES = /^(?:List|Arrays|Collections|Set|ImmutableList|ImmutableSet|Lists|Stream)\.(?:of|asList|singletonList|singleton|copyOf|newArrayList|emptyList|emptySet)$/;
const MAP_FACTORIES = /^(?:Map|ImmutableMap|Collections)\.(?:of|singletonMap|emptyMap|copyOf)$/;
const MAP_TYPES = /^(?:Hash|LinkedHash|Tree|Concurrent)?Map$/;
const LIST_TYPES = /^(?:(?:Array|Linked)List|(?:Hash|LinkedHash|Tree)Set|List|Set)$/;

/** A string literal read as text; a text block (`"""…"""`) reads its lines differently. */
const isJavaText = (node: SyntaxNode) => node.type === 'string_literal' && !node.text.startsWith('"""');

class JavaConverter extends ShapedConverter {
  /** Names the code assigns after declaring them: their declaration is a `let`, whose value is not its first one. */
  private readonly reassigned = new Set<string>();

  constructor(
    private readonly text: string,
    root: SyntaxNode,
  ) {
    super('Java', isJavaText);
    for (const assignment of root.descendantsOfType('assignment_expression')) {
      const left = assignment?.childForFieldName('left');
      if (left?.type === 'identifier') this.reassigned.add(left.text);
    }
  }

  program(root: SyntaxNode): Shaped[] {
    const body = this.statements(children(root));
    return [...this.wildcardImports(root, body), ...body];
  }

  protected shapedStatement(node: SyntaxNode): Shaped[] {
    switch (node.type) {
      case 'package_declaration':
        return [];
      case 'import_declaration':
        return this.importOf(node);
      case 'class_declaration':
      case 'interface_declaration':
      case 'enum_declaration':
      case 'record_declaration': {
        const name = node.childForFieldName('name');
        const body = node.childForFieldName('body');
        return [shaped(node, 'ClassDeclaration', { id: name ? identifier(name) : null, body: shaped(body ?? node, 'ClassBody', { body: this.members(body) }) })];
      }
      case 'method_declaration':
      case 'constructor_declaration':
        return [this.method(node)];
      case 'field_declaration': {
        // `static final` fields are a class's constants, read where they are used as a `const` is.
        const modifiers =
          children(node)
            .find((child) => child.type === 'modifiers')
            ?.text.split(/\s+/) ?? [];
        return this.declarators(node, modifiers.includes('static') && modifiers.includes('final') ? 'VariableDeclaration' : 'ClassProperty');
      }
      case 'local_variable_declaration':
        return this.declarators(node, 'VariableDeclaration');
      case 'block':
      case 'constructor_body':
      case 'static_initializer':
        return [shaped(node, 'BlockStatement', { body: this.statements(children(node)) })];
      case 'expression_statement': {
        const [expression] = children(node);
        return expression ? [shaped(node, 'ExpressionStatement', { expression: this.expression(expression) })] : [];
      }
      case 'return_statement': {
        const [value] = children(node);
        return [shaped(node, 'ReturnStatement', { argument: value ? this.expression(value) : null })];
      }
      case 'explicit_constructor_invocation':
        return [shaped(node, 'ExpressionStatement', { expression: this.unknown(node) })];
      default:
        // if, for, while, try, switch and the rest: the statements of their blocks and clauses, which may make policies.
        return [shaped(node, 'BlockStatement', { body: this.statements(children(node).filter((child) => /statement|block|clause|declaration|switch|body$/.test(child.type))) })];
    }
  }

  private members(body: SyntaxNode | null): Shaped[] {
    return children(body).flatMap((member) => {
      // `IBucket getArchive();` of a props interface declares `archive`, which a grant's receiver `props.getArchive()` reads.
      if (member.type === 'method_declaration' && !member.childForFieldName('body')) {
        const name = member.childForFieldName('name');
        const property = name && getterProperty(name.text);
        const type = this.typeOf(member.childForFieldName('type'));
        return property ? [shaped(member, 'TSPropertySignature', { key: identifier(name, property), ...(type ? { typeAnnotation: type } : {}) })] : [];
      }
      return this.statement(member);
    });
  }

  private method(node: SyntaxNode): Shaped {
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const params = this.typedParameters(node.childForFieldName('parameters'), (type) => this.typeOf(type));
    return shaped(node, 'FunctionDeclaration', {
      id: name ? identifier(name) : null,
      params,
      body: shaped(body ?? node, 'BlockStatement', { body: body ? this.statements(children(body)) : [] }),
    });
  }

  /** `Bucket reports = …, logs = …;`: a variable declaration (a `const` unless assigned again), or class fields. */
  private declarators(node: SyntaxNode, kind: 'ClassProperty' | 'VariableDeclaration'): Shaped[] {
    const type = node.childForFieldName('type');
    return node.childrenForFieldName('declarator').flatMap((declarator) => {
      const name = declarator?.childForFieldName('name');
      if (!declarator || !name) return [];
      const value = declarator.childForFieldName('value');
      const init = value ? this.expression(value) : null;
      if (kind === 'ClassProperty') return [shaped(declarator, 'ClassProperty', { key: typedIdentifier(name, this.typeOf(type)), value: init, computed: false })];
      const constant = !this.reassigned.has(name.text);
      const variable = shaped(declarator, 'VariableDeclarator', { id: typedIdentifier(name, this.typeOf(type)), init });
      return [shaped(node, 'VariableDeclaration', { kind: constant ? 'const' : 'let', declarations: [variable] })];
    });
  }

  /** A declared type in TypeScript's shape: `IBucket`, `Optional<IBucket>`'s and `List<…>`'s own name left out. */
  private typeOf(type: SyntaxNode | null): Shaped | undefined {
    if (!type || type.text === 'var') return undefined;
    let named: SyntaxNode | null = type;
    if (named.type === 'generic_type' && /^Optional\b/.test(named.text)) named = children(children(named).find((child) => child.type === 'type_arguments') ?? null)[0] ?? null;
    if (named?.type !== 'type_identifier') return undefined;
    return { type: 'TSTypeAnnotation', start: type.startIndex, end: type.endIndex, typeAnnotation: shaped(named, 'TSTypeReference', { typeName: identifier(named) }) };
  }

  private importOf(node: SyntaxNode): Shaped[] {
    const [name] = children(node).filter((child) => child.type === 'scoped_identifier');
    if (!name || node.text.startsWith('import static')) return [];
    // A wildcard import is read with the names the file uses (wildcardImports).
    if (children(node).some((child) => child.type === 'asterisk')) return [];
    const scope = name.childForFieldName('scope');
    const imported = name.childForFieldName('name');
    if (!scope || !imported) return [];
    const specifier = shaped(imported, 'ImportSpecifier', { local: identifier(imported), imported: identifier(imported) });
    return [shaped(node, 'ImportDeclaration', { source: shaped(scope, 'StringLiteral', { value: moduleName(scope.text) }), specifiers: [specifier] })];
  }

  /** `import software.amazon.awscdk.services.iam.*`: the names the file uses, imported from the packages that have them. */
  private wildcardImports(root: SyntaxNode, body: Shaped[]): Shaped[] {
    const packages = children(root)
      .filter((node) => node.type === 'import_declaration' && children(node).some((child) => child.type === 'asterisk') && !node.text.startsWith('import static'))
      .map((node) => ({ node, module: moduleName(children(node).find((child) => child.type === 'scoped_identifier')?.text ?? '') }));
    return namespaceImports(this.text, body, packages);
  }

  protected shapedExpression(node: SyntaxNode): Shaped {
    switch (node.type) {
      case 'identifier':
        return identifier(node);
      case 'this':
        return shaped(node, 'ThisExpression');
      case 'field_access': {
        const object = node.childForFieldName('object');
        const field = node.childForFieldName('field');
        if (!object || !field) return this.unknown(node);
        return shaped(node, 'MemberExpression', { object: this.expression(object), property: identifier(field), computed: false });
      }
      case 'method_invocation':
        return this.invocation(node);
      case 'object_creation_expression':
        return this.creation(node);
      case 'string_literal':
        // A text block (`"""…"""`, Java 15) holds a policy's JSON as written: its lines, their indentation stripped.
        return node.text.startsWith('"""')
          ? { type: 'StringLiteral', start: node.startIndex, end: node.endIndex, value: textBlockValue(node.text) }
          : { type: 'StringLiteral', start: node.startIndex, end: node.endIndex, value: decoded(node.text.slice(1, -1)) };
      case 'decimal_integer_literal':
      case 'decimal_floating_point_literal':
        return shaped(node, 'NumericLiteral', { value: Number(node.text.replace(/[_lLfFdD]/g, '')) });
      case 'true':
      case 'false':
        return shaped(node, 'BooleanLiteral', { value: node.type === 'true' });
      case 'null_literal':
        return shaped(node, 'NullLiteral');
      case 'array_creation_expression': {
        const initializer = node.childForFieldName('value');
        return initializer ? this.expression(initializer) : this.unknown(node);
      }
      case 'array_initializer':
        return shaped(node, 'ArrayExpression', { elements: children(node).map((item) => this.expression(item)) });
      case 'binary_expression':
        return this.concatenation(node) ?? this.unknown(node);
      case 'ternary_expression':
        return this.conditional(node);
      case 'assignment_expression':
        return this.assignment(node);
      case 'parenthesized_expression':
      case 'cast_expression':
        return this.inner(node);
      default:
        return this.unknown(node);
    }
  }

  private arguments(node: SyntaxNode): SyntaxNode[] {
    return children(node.childForFieldName('arguments'));
  }

  private invocation(node: SyntaxNode): Shaped {
    const name = node.childForFieldName('name');
    const object = node.childForFieldName('object');
    if (!name) return this.unknown(node);
    const args = this.arguments(node);
    if (name.text === 'build' && args.length === 0 && object) {
      const built = this.builder(node, object);
      if (built) return built;
    }
    const called = object ? `${object.text}.${name.text}` : name.text;
    if (LIST_FACTORIES.test(called)) return shaped(node, 'ArrayExpression', { elements: args.map((item) => this.expression(item)) });
    if (MAP_FACTORIES.test(called)) return this.mapOf(node, args);
    if (called === 'Map.ofEntries')
      return this.mapOf(
        node,
        args.flatMap((entry) =>
          entry.type === 'method_invocation' && /^(?:Map\.)?entry$/.test(`${entry.childForFieldName('object')?.text ?? ''}.${entry.childForFieldName('name')?.text}`.replace(/^\./, ''))
            ? this.arguments(entry)
            : [],
        ),
      );
    if (called === 'String.format') return this.format(args, /%(?:(\d+)\$)?[sd]/) ?? this.call(node, object, name, args);
    const property = object && args.length === 0 ? getterProperty(name.text) : undefined;
    if (property) return shaped(node, 'MemberExpression', { object: this.expression(object!), property: identifier(name, property), computed: false });
    return this.call(node, object, name, args);
  }

  private call(node: SyntaxNode, object: SyntaxNode | null, name: SyntaxNode, args: SyntaxNode[]): Shaped {
    const callee = object
      ? shaped(node, 'MemberExpression', { start: object.startIndex, end: name.endIndex, object: this.expression(object), property: identifier(name), computed: false })
      : identifier(name);
    return shaped(node, 'CallExpression', { callee, arguments: args.map((argument) => this.expression(argument)) });
  }

  /**
   * `X.Builder.create(scope, id).a(1).b(2).build()` is `new X(scope, id, { a: 1, b: 2 })`, and
   * `XProps.builder().a(1).build()` is `{ a: 1 }`: the builder's calls, from the last to the one that starts it.
   */
  private builder(node: SyntaxNode, object: SyntaxNode): Shaped | undefined {
    const setters: SyntaxNode[] = [];
    let current: SyntaxNode | null = object;
    while (current?.type === 'method_invocation') {
      const name = current.childForFieldName('name')?.text;
      const owner: SyntaxNode | null = current.childForFieldName('object');
      if (name === 'create' && owner?.type === 'field_access' && owner.childForFieldName('field')?.text === 'Builder') {
        const constructed = owner.childForFieldName('object');
        if (!constructed) return undefined;
        const props = this.props(setters, current.endIndex, node.endIndex);
        return shaped(node, 'NewExpression', { callee: this.expression(constructed), arguments: [...this.arguments(current).map((argument) => this.expression(argument)), ...(props ? [props] : [])] });
      }
      if (name === 'builder' && owner && this.arguments(current).length === 0) return this.props(setters, current.endIndex, node.endIndex) ?? shaped(node, 'ObjectExpression', { properties: [] });
      setters.unshift(current);
      current = owner;
    }
    return undefined;
  }

  private props(setters: SyntaxNode[], start: number, end: number): Shaped | undefined {
    if (setters.length === 0) return undefined;
    const properties = setters.map((setter) => {
      const name = setter.childForFieldName('name')!;
      const args = this.arguments(setter);
      const value =
        args.length === 1
          ? this.expression(args[0])
          : args.length === 0
            ? shaped(setter, 'BooleanLiteral', { value: true })
            : shaped(setter, 'ArrayExpression', { elements: args.map((argument) => this.expression(argument)) });
      return { type: 'ObjectProperty', start: name.startIndex, end: setter.endIndex, key: identifier(name), value, computed: false };
    });
    return { type: 'ObjectExpression', start, end, properties };
  }

  /** `Map.of("StringEquals", Map.of(…))`: keys and values in turn. */
  private mapOf(node: SyntaxNode, args: SyntaxNode[]): Shaped {
    const properties: Shaped[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) {
      const key = this.expression(args[i]);
      properties.push({ type: 'ObjectProperty', start: args[i].startIndex, end: args[i + 1].endIndex, key, value: this.expression(args[i + 1]), computed: key.type !== 'StringLiteral' });
    }
    return shaped(node, 'ObjectExpression', { properties });
  }

  /** `new PolicyStatement(props)`, and the collections Java code fills as it makes them. */
  private creation(node: SyntaxNode): Shaped {
    const type = node.childForFieldName('type');
    const args = this.arguments(node);
    const typeName = type?.type === 'generic_type' ? children(type).find((child) => child.type === 'type_identifier' || child.type === 'scoped_type_identifier') : type;
    const simple = typeName?.text.split('.').pop() ?? '';
    const initializer = children(node).find((child) => child.type === 'class_body');
    // `new HashMap<…>() {{ put("aws:SourceAccount", account); }}` and `new ArrayList<>(List.of(…))`.
    if (MAP_TYPES.test(simple) || LIST_TYPES.test(simple)) {
      if (args.length === 1 && !initializer) return this.expression(args[0]);
      const calls = (initializer?.descendantsOfType('method_invocation') ?? []).filter(
        (call): call is SyntaxNode => call !== null && !call.childForFieldName('object') && call.parent?.type === 'expression_statement',
      );
      if (MAP_TYPES.test(simple))
        return this.mapOf(
          node,
          calls.filter((call) => call.childForFieldName('name')?.text === 'put').flatMap((call) => this.arguments(call).slice(0, 2)),
        );
      return shaped(node, 'ArrayExpression', {
        elements: calls.filter((call) => call.childForFieldName('name')?.text === 'add').flatMap((call) => this.arguments(call).map((item) => this.expression(item))),
      });
    }
    if (!typeName) return this.unknown(node);
    const callee = typeName.type === 'scoped_type_identifier' ? this.scopedType(typeName) : identifier(typeName);
    return shaped(node, 'NewExpression', { callee, arguments: args.map((argument) => this.expression(argument)) });
  }

  /** `iam.Role` written in full (`software.amazon.awscdk.services.iam.Role`): a member chain. */
  private scopedType(node: SyntaxNode): Shaped {
    const parts = children(node);
    const last = parts[parts.length - 1];
    if (parts.length < 2 || !last) return identifier(node);
    const object = parts[0].type === 'scoped_type_identifier' ? this.scopedType(parts[0]) : identifier(parts[0]);
    return shaped(node, 'MemberExpression', { object, property: identifier(last), computed: false });
  }
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', s: ' ', '"': '"', "'": "'", '\\': '\\' };

/** A string literal's value: Java's escapes, octal and `\uXXXX` among them. */
function decoded(body: string): string {
  return body.replace(/\\(u+[0-9a-fA-F]{4}|[0-3]?[0-7]{1,2}|.)/g, (whole, escape: string) => {
    if (escape[0] === 'u') return String.fromCharCode(parseInt(escape.replace(/^u+/, ''), 16));
    if (/^[0-7]/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    return ESCAPES[escape] ?? whole;
  });
}

/**
 * A text block's value: the lines after the opening `"""`, the indentation they and the closing delimiter share removed,
 * trailing spaces dropped, escapes resolved (JLS 3.10.6).
 */
function textBlockValue(written: string): string {
  const body = written.slice(3, -3).replace(/\r\n?/g, '\n');
  const lines = body.slice(body.indexOf('\n') + 1).split('\n');
  const significant = lines.filter((line, index) => line.trim() !== '' || index === lines.length - 1);
  const indent = Math.min(...significant.map((line) => (line.trim() === '' ? line.length : /^[ \t]*/.exec(line)![0].length)));
  return decoded(lines.map((line) => line.slice(indent).replace(/[ \t]+$/, '')).join('\n'));
}
