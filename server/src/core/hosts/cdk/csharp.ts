import type { Node as SyntaxNode } from 'web-tree-sitter';
import { wasmGrammar } from '../tree-sitter';
import type { CdkSource } from './syntax';
import { holdsPolicies } from '../pulumi/resources';
import { cdkDocumentTrees, identifier, typedIdentifier, namedChildren as children, namespaceImports, parseShapedCdkSource, shaped, ShapedConverter, type Shaped } from './shaped-tree';
import { isPulumiPolicyDocumentType, pulumiPolicyConstant } from './pulumi-policy-document';

/**
 * CDK apps in C#, read by the same readers as TypeScript ones: tree-sitter's C# grammar (tree-sitter-c-sharp, MIT)
 * parses the source, and the tree is rewritten in the shape of Babel's tree of the TypeScript that CDK's
 * documentation pairs with it, with the offsets of the C# text:
 * - `new Role(this, "Worker", new RoleProps { AssumedBy = … })` is `new Role(this, 'Worker', { assumedBy: … })`: an
 *   object initializer of a props class is the props object, its members in camelCase, as every member a dot names
 *   (`role.AddToPolicy` is `role.addToPolicy`, `bucket.BucketArn` is `bucket.bucketArn`; `Effect.DENY` stays);
 * - `new[] { … }`, `new string[] { … }`, `new List<string> { … }` and `[…]` are arrays, `new Dictionary<string,
 *   object> { { "k", v } }` (or `{ ["k"] = v }`) and an anonymous `new { Version = … }` objects with their keys as
 *   written;
 * - `bucket.BucketArn + "/*"`, `$"arn:aws:s3:::{name}/*"` and `string.Format("arn:aws:s3:::{0}/*", name)` are
 *   template literals whose operands, holes and arguments are placeholders;
 * - `var x = …` is a `const` (a `let` where the code assigns it again), with its declared type, as a field or a
 *   parameter has; a props interface's `IBucket Archive { get; }` declares `archive`;
 * - `using Amazon.CDK.AWS.IAM;` imports the names of `aws-cdk-lib/aws-iam` the file uses, and `using iam =
 *   Amazon.CDK.AWS.IAM;` binds `iam` to it.
 * Anything else is an expression only synthesis knows, whose calls are still read.
 * https://docs.aws.amazon.com/cdk/v2/guide/work-with-cdk-csharp.html
 */
const csharpGrammar = wasmGrammar('tree-sitter-c_sharp.wasm', 'tree-sitter-c-sharp', 'C#');

export function loadCSharpParser(): Promise<void> {
  return csharpGrammar.load();
}

/** The loaded parser, or why there is none (the benchmark times its parse beside the reader's). */
export const csharpParser = csharpGrammar.parser;

const csharpTrees = cdkDocumentTrees(csharpGrammar);

/** A C# CDK source, parsed (from `document`'s last tree, when given) and indexed; undefined when the grammar is not loaded. */
export function parseCSharpCdkSource(text: string, document?: string): CdkSource | undefined {
  return parseShapedCdkSource(csharpGrammar, csharpTrees, text, 'csharp', document, (tree) => new CSharpConverter(text, tree.rootNode).program(tree.rootNode));
}

/**
 * `Amazon.CDK.AWS.StepFunctions.Tasks` -> `aws-cdk-lib/aws-stepfunctions-tasks`, `Amazon.CDK` -> `aws-cdk-lib`; other
 * namespaces as written. jsii names a module's namespace after it in PascalCase, so lower case and hyphens give it back.
 */
export function cdkModuleOfNamespace(namespace: string): string {
  if (namespace === 'Amazon.CDK') return 'aws-cdk-lib';
  const match = /^Amazon\.CDK\.AWS\.([\w.]+)$/.exec(namespace);
  if (match) return `aws-cdk-lib/aws-${match[1].replace(/\./g, '-').toLowerCase()}`;
  // Pulumi's providers: `Pulumi.Aws.Iam` is `@pulumi/aws/iam`, `Pulumi.AwsNative.Iam` `@pulumi/aws-native/iam`.
  const pulumi = /^Pulumi\.(Aws|AwsNative)(?:\.(\w+))?$/.exec(namespace);
  if (pulumi) return `@pulumi/${pulumi[1] === 'Aws' ? 'aws' : 'aws-native'}${pulumi[2] ? `/${pulumi[2].toLowerCase()}` : ''}`;
  return namespace;
}

/**
 * Imports by name for the Pulumi namespaces a file opens (`using Pulumi.Aws.Iam;`): each capitalised name the file
 * uses, from the one opened module whose class of that name holds a policy (`Role` from `iam`, `BucketPolicy` from
 * `s3`), or from the only module opened.
 */
function pulumiNamespaceImports(text: string, opened: { node: SyntaxNode; module: string }[]): Shaped[] {
  const modules = opened.flatMap(({ node, module }) => {
    const match = /^@pulumi\/(aws|aws-native)\/(\w+)$/.exec(module);
    return match ? [{ node, module, provider: match[1] as 'aws' | 'aws-native', name: match[2] }] : [];
  });
  if (modules.length === 0) return [];
  const byModule = new Map<(typeof modules)[number], string[]>();
  for (const name of new Set([...text.matchAll(/\b[A-Z][A-Za-z0-9]*\b/g)].map(([found]) => found))) {
    const holders = modules.length === 1 ? modules : modules.filter((module) => holdsPolicies({ provider: module.provider, module: module.name, name }));
    if (holders.length === 1) byModule.set(holders[0], [...(byModule.get(holders[0]) ?? []), name]);
  }
  return [...byModule].map(([{ node, module }, names]) =>
    shaped(node, 'ImportDeclaration', {
      source: shaped(node, 'StringLiteral', { value: module }),
      specifiers: names.map((name) => shaped(node, 'ImportSpecifier', { local: { ...identifier(node), name }, imported: { ...identifier(node), name } })),
    }),
  );
}

/** `AddToPolicy` -> `addToPolicy`: .NET's member names are TypeScript's with a capital; a constant (`ALLOW`) is as written. */
function camelCase(name: string): string {
  // A name tree-sitter inserts where the text lacks one (`role.(…)`) is empty.
  if (name === '' || (/^[A-Z][A-Z0-9_]*$/.test(name) && name.length > 1)) return name;
  return name[0].toLowerCase() + name.slice(1);
}

const LIST_TYPES = /^(?:List|IList|IEnumerable|ICollection|IReadOnlyList|HashSet|ISet|Collection|ReadOnlyCollection|ImmutableList|ImmutableArray)$/;
const MAP_TYPES = /^(?:Dictionary|IDictionary|IReadOnlyDictionary|SortedDictionary|ImmutableDictionary|ConcurrentDictionary|Hashtable)$/;
/** The list arguments of Pulumi's policy documents, which C# may give a single item (InputList's conversion). */
const INPUT_LISTS = new Set(['Statements', 'Actions', 'NotActions', 'Resources', 'NotResources', 'Principals', 'NotPrincipals', 'Identifiers', 'Conditions', 'Values']);

/** The .NET string type as a format's owner writes it: `string.Format`, `String.Format`, `System.String.Format`. */
const STRING_TYPES = /^(?:string|String|System\.String)$/;

/**
 * A string literal whose text a concatenation's ranges read: a regular one, between its quotes and with its escapes,
 * and a verbatim one (an SDK program's `@"{""AWS"":""" + arn + @"""}"`). A raw string is read whole, as a value of its
 * own; a format's pattern is a regular string only (see `call`).
 */
const isCSharpText = (node: SyntaxNode) => node.type === 'string_literal' || node.type === 'verbatim_string_literal';

class CSharpConverter extends ShapedConverter {
  /** Names the code assigns after declaring them: their declaration is a `let`, whose value is not its first one. */
  private readonly reassigned = new Set<string>();

  constructor(
    private readonly text: string,
    root: SyntaxNode,
  ) {
    super('CSharp', isCSharpText);
    for (const assignment of root.descendantsOfType('assignment_expression')) {
      const left = assignment?.childForFieldName('left');
      // An object initializer's member (`AssumedBy = …`) sets a property, not a variable.
      if (left?.type === 'identifier' && assignment?.parent?.type !== 'initializer_expression') this.reassigned.add(left.text);
    }
  }

  program(root: SyntaxNode): Shaped[] {
    const body = this.statements(children(root));
    return [...this.usings(root, body), ...body];
  }

  protected shapedStatement(node: SyntaxNode): Shaped[] {
    switch (node.type) {
      case 'using_directive':
        return this.aliasOf(node);
      case 'namespace_declaration':
      case 'file_scoped_namespace_declaration':
      case 'declaration_list':
      case 'global_statement':
        return this.statements(children(node.childForFieldName('body') ?? node).filter((child) => child.type !== 'identifier' && child.type !== 'qualified_name'));
      case 'class_declaration':
      case 'struct_declaration':
      case 'interface_declaration':
      case 'record_declaration': {
        const name = node.childForFieldName('name');
        const body = node.childForFieldName('body');
        return [shaped(node, 'ClassDeclaration', { id: name ? identifier(name) : null, body: shaped(body ?? node, 'ClassBody', { body: this.members(body) }) })];
      }
      case 'method_declaration':
      case 'constructor_declaration':
      case 'local_function_statement':
        return [this.method(node)];
      case 'field_declaration': {
        // `static readonly` and `const` fields are a class's constants, read where they are used as a `const` is.
        const modifiers = children(node)
          .filter((child) => child.type === 'modifier')
          .map((child) => child.text);
        const constant = modifiers.includes('const') || (modifiers.includes('static') && modifiers.includes('readonly'));
        const declaration = children(node).find((child) => child.type === 'variable_declaration');
        return declaration ? this.declarators(declaration, constant ? 'VariableDeclaration' : 'ClassProperty') : [];
      }
      case 'property_declaration': {
        // `public Role Worker { get; } = new Role(…)`: a property with its first value.
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        if (!name) return [];
        return [shaped(node, 'ClassProperty', { key: typedIdentifier(name, this.typeOf(node.childForFieldName('type'))), value: value ? this.expression(value) : null, computed: false })];
      }
      case 'local_declaration_statement': {
        const declaration = children(node).find((child) => child.type === 'variable_declaration');
        return declaration ? this.declarators(declaration, 'VariableDeclaration') : [];
      }
      case 'block':
        return [shaped(node, 'BlockStatement', { body: this.statements(children(node)) })];
      case 'expression_statement': {
        const [expression] = children(node);
        return expression ? [shaped(node, 'ExpressionStatement', { expression: this.expression(expression) })] : [];
      }
      case 'return_statement': {
        const [value] = children(node);
        return [shaped(node, 'ReturnStatement', { argument: value ? this.expression(value) : null })];
      }
      default:
        // if, for, foreach, while, try, switch, using and the rest: the statements of their blocks and clauses, which may make policies.
        return [shaped(node, 'BlockStatement', { body: this.statements(children(node).filter((child) => /statement|block|clause|declaration|section|body$/.test(child.type))) })];
    }
  }

  private members(body: SyntaxNode | null): Shaped[] {
    return children(body).flatMap((member) => {
      // `IBucket Archive { get; }` of a props interface declares `archive`, which a grant's receiver `props.Archive` reads.
      if (member.type === 'property_declaration' && body?.parent?.type === 'interface_declaration') {
        const name = member.childForFieldName('name');
        const type = this.typeOf(member.childForFieldName('type'));
        return name ? [shaped(member, 'TSPropertySignature', { key: identifier(name, camelCase(name.text)), ...(type ? { typeAnnotation: type } : {}) })] : [];
      }
      return this.statement(member);
    });
  }

  private method(node: SyntaxNode): Shaped {
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const params = this.typedParameters(node.childForFieldName('parameters'), (type) => this.typeOf(type));
    // An expression-bodied member (`=> new PolicyStatement(…)`) returns its expression.
    const arrow = body?.type === 'arrow_expression_clause' ? children(body)[0] : undefined;
    const statements = arrow ? [shaped(arrow, 'ReturnStatement', { argument: this.expression(arrow) })] : body ? this.statements(children(body)) : [];
    return shaped(node, 'FunctionDeclaration', {
      id: name ? identifier(name) : null,
      params,
      body: shaped(body ?? node, 'BlockStatement', { body: statements }),
    });
  }

  /** `Bucket reports = …, logs = …;`: a variable declaration (a `const` unless assigned again), or class fields. */
  private declarators(node: SyntaxNode, kind: 'ClassProperty' | 'VariableDeclaration'): Shaped[] {
    const type = node.childForFieldName('type');
    return children(node)
      .filter((child) => child.type === 'variable_declarator')
      .flatMap((declarator) => {
        const name = declarator.childForFieldName('name');
        if (!name) return [];
        const value = children(declarator).find((child) => child.id !== name.id && child.type !== 'bracketed_argument_list');
        const init = value ? this.initial(value, type) : null;
        if (kind === 'ClassProperty') return [shaped(declarator, 'ClassProperty', { key: typedIdentifier(name, this.typeOf(type)), value: init, computed: false })];
        const constant = !this.reassigned.has(name.text);
        const variable = shaped(declarator, 'VariableDeclarator', { id: typedIdentifier(name, this.typeOf(type)), init });
        return [shaped(node, 'VariableDeclaration', { kind: constant ? 'const' : 'let', declarations: [variable] })];
      });
  }

  /** A declaration's value: `string[] actions = { "s3:GetObject" }` is an array, as its type says. */
  private initial(value: SyntaxNode, type: SyntaxNode | null): Shaped {
    if (value.type === 'initializer_expression' && type?.type === 'array_type') return this.array(value, children(value));
    return this.expression(value);
  }

  /** A declared type in TypeScript's shape: `IBucket` and `iam.IRole`; a nullable one (`IBucket?`) as its type. */
  private typeOf(type: SyntaxNode | null): Shaped | undefined {
    const named = type?.type === 'nullable_type' ? children(type)[0] : type;
    if (!named) return undefined;
    const annotation = (typeAnnotation: Shaped): Shaped => ({ type: 'TSTypeAnnotation', start: type!.startIndex, end: type!.endIndex, typeAnnotation });
    if (named.type === 'identifier') return annotation(shaped(named, 'TSTypeReference', { typeName: identifier(named) }));
    const qualifier = named.type === 'qualified_name' ? named.childForFieldName('qualifier') : null;
    const last = named.type === 'qualified_name' ? named.childForFieldName('name') : null;
    if (qualifier?.type === 'identifier' && last?.type === 'identifier') {
      return annotation(shaped(named, 'TSTypeReference', { typeName: shaped(named, 'TSQualifiedName', { left: identifier(qualifier), right: identifier(last) }) }));
    }
    return undefined;
  }

  /** `using iam = Amazon.CDK.AWS.IAM;`: the namespace bound to its alias, as `import * as iam from 'aws-cdk-lib/aws-iam'`. */
  private aliasOf(node: SyntaxNode): Shaped[] {
    const alias = node.childForFieldName('name');
    const target = children(node).find((child) => child.id !== alias?.id && (child.type === 'qualified_name' || child.type === 'identifier'));
    if (!alias || !target) return [];
    const specifier = shaped(alias, 'ImportNamespaceSpecifier', { local: identifier(alias) });
    return [shaped(node, 'ImportDeclaration', { source: shaped(target, 'StringLiteral', { value: cdkModuleOfNamespace(target.text) }), specifiers: [specifier] })];
  }

  /** `using Amazon.CDK.AWS.IAM;`: an import, by name, of each capitalised name the file uses from the CDK namespaces it opens. */
  private usings(root: SyntaxNode, body: Shaped[]): Shaped[] {
    const opened = children(root)
      .filter((node) => node.type === 'using_directive' && !node.childForFieldName('name') && !children(node).some((child) => child.type === 'static'))
      .flatMap((node) => {
        const target = children(node).find((child) => child.type === 'qualified_name' || child.type === 'identifier');
        return target ? [{ node, module: cdkModuleOfNamespace(target.text) }] : [];
      });
    return [...namespaceImports(this.text, body, opened), ...pulumiNamespaceImports(this.text, opened)];
  }

  protected shapedExpression(node: SyntaxNode): Shaped {
    switch (node.type) {
      case 'identifier':
        return identifier(node);
      case 'this':
        return shaped(node, 'ThisExpression');
      case 'member_access_expression': {
        const object = node.childForFieldName('expression');
        const name = node.childForFieldName('name');
        if (!object || !name) return this.unknown(node);
        // `PolicyStatementEffect.ALLOW`, `PolicyDocumentVersion.PolicyDocumentVersion_2012_10_17`: the enum's value.
        const constant = pulumiPolicyConstant(name.text, object.text.replace(/^.*\./, ''));
        if (constant !== undefined) return { type: 'StringLiteral', start: node.startIndex, end: node.endIndex, value: constant, implied: true };
        const member = name.type === 'generic_name' ? (children(name)[0] ?? name) : name;
        return shaped(node, 'MemberExpression', { object: this.expression(object), property: identifier(member, camelCase(member.text)), computed: false });
      }
      case 'invocation_expression':
        return this.invocation(node);
      case 'object_creation_expression':
        return this.creation(node);
      case 'anonymous_object_creation_expression':
        return this.anonymousObject(node);
      case 'implicit_object_creation_expression': {
        // `new() { Statements = … }`: the declared type's object; its initializer is the props object.
        const initializer = node.childForFieldName('initializer') ?? children(node).find((child) => child.type === 'initializer_expression');
        return initializer ? this.propsObject(node, initializer) : this.unknown(node);
      }
      case 'lambda_expression':
        return this.lambda(node);
      case 'implicit_array_creation_expression':
      case 'array_creation_expression': {
        const initializer = children(node).find((child) => child.type === 'initializer_expression');
        return initializer ? this.array(node, children(initializer)) : this.unknown(node);
      }
      case 'collection_expression':
        // `["s3:GetObject", .. ReadActions]`: each collection_element holds an expression_element (its value) or a
        // spread, read as TypeScript's `...ReadActions`.
        return shaped(node, 'ArrayExpression', {
          elements: children(node).map((element) => {
            const [inner] = children(element);
            const [value] = children(inner ?? null);
            if (inner?.type === 'spread_element' && value) return shaped(inner, 'SpreadElement', { argument: this.expression(value) });
            return this.expression(inner?.type === 'expression_element' ? (value ?? inner) : (inner ?? element));
          }),
        });
      case 'string_literal':
        return { type: 'StringLiteral', start: node.startIndex, end: node.endIndex, value: decoded(node.text.slice(1, -1)) };
      case 'verbatim_string_literal':
        // `@"…"`: no escapes, a doubled quote is one (values.ts reads it the same way).
        return { type: 'StringLiteral', start: node.startIndex, end: node.endIndex, value: node.text.slice(2, -1).replace(/""/g, '"') };
      case 'raw_string_literal':
        return this.rawString(node);
      case 'interpolated_string_expression':
        return this.interpolation(node);
      case 'integer_literal':
      case 'real_literal':
        return shaped(node, 'NumericLiteral', { value: Number(node.text.replace(/[_lLuUfFdDmM]/g, '')) });
      case 'boolean_literal':
        return shaped(node, 'BooleanLiteral', { value: node.text === 'true' });
      case 'null_literal':
        return shaped(node, 'NullLiteral');
      case 'binary_expression':
        return this.concatenation(node) ?? this.unknown(node);
      case 'conditional_expression':
        return this.conditional(node);
      case 'assignment_expression':
        return this.assignment(node);
      case 'parenthesized_expression':
      case 'cast_expression':
        return this.inner(node);
      case 'postfix_unary_expression':
        // `props!`: the value, as TypeScript's `!` is.
        return node.text.endsWith('!') && children(node)[0] ? this.expression(children(node)[0]) : this.unknown(node);
      default:
        return this.unknown(node);
    }
  }

  /** An argument list's values, each argument's expression (a named argument's value). */
  private arguments(node: SyntaxNode | null): SyntaxNode[] {
    return children(node).flatMap((argument) => {
      // `this` is a keyword of the grammar, not a named node.
      const values = argument.children.filter(
        (child): child is SyntaxNode => child !== null && (child.isNamed || child.type === 'this') && !/comment$/.test(child.type) && child.id !== argument.childForFieldName('name')?.id,
      );
      return values.length > 0 ? [values[values.length - 1]] : [];
    });
  }

  private invocation(node: SyntaxNode): Shaped {
    const callee = node.childForFieldName('function');
    const args = this.arguments(node.childForFieldName('arguments'));
    if (!callee) return this.unknown(node);
    if (callee.type === 'member_access_expression') {
      const owner = callee.childForFieldName('expression');
      const name = callee.childForFieldName('name')?.text;
      // Pulumi's functions are classes with an `Invoke`: `Aws.Iam.GetPolicyDocument.Invoke(args)` is TypeScript's
      // `aws.iam.getPolicyDocument(args)`.
      const invoked = owner?.type === 'member_access_expression' ? owner.childForFieldName('name')?.text : owner?.text;
      if (owner && (name === 'Invoke' || name === 'InvokeAsync') && invoked && /^Get[A-Z]/.test(invoked)) {
        // `GetPolicyDocument.Invoke(…)` with the module's namespace opened: the function `getPolicyDocument`.
        const function_ = owner.type === 'identifier' ? identifier(owner, camelCase(owner.text)) : this.expression(owner);
        return shaped(node, 'CallExpression', { callee: function_, arguments: args.map((argument) => this.expression(argument)) });
      }
      // Pulumi's `Output.Format($"…{bucket.Arn}…")`: the interpolated string, its holes known at deploy.
      if (owner?.text === 'Output' && name === 'Format' && args.length === 1 && args[0].type === 'interpolated_string_expression') return this.expression(args[0]);
      // A verbatim format string (`@"…"`) is left to synthesis: its text starts a character later.
      if (owner && STRING_TYPES.test(owner.text) && name === 'Format' && args[0]?.type === 'string_literal')
        return this.format(args, /\{(\d+)(?:,-?\d+)?(?::[^}]*)?\}/, { doubled: '{}', firstPosition: 0 }) ?? this.call(node, callee, args);
    }
    return this.call(node, callee, args);
  }

  private call(node: SyntaxNode, callee: SyntaxNode, args: SyntaxNode[]): Shaped {
    return shaped(node, 'CallExpression', { callee: this.expression(callee), arguments: args.map((argument) => this.expression(argument)) });
  }

  /**
   * `new PolicyStatement(props)`; `new RoleProps { AssumedBy = … }`, an object of props in camelCase; and the
   * collections C# code fills as it makes them.
   */
  private creation(node: SyntaxNode): Shaped {
    const type = node.childForFieldName('type');
    const args = this.arguments(node.childForFieldName('arguments'));
    const initializer = node.childForFieldName('initializer');
    const typeName = type?.type === 'generic_name' ? children(type)[0] : type;
    // `Dictionary<string, object>`, `System.Collections.Generic.Dictionary<string, object>`: the class's own name.
    const last = type?.type === 'qualified_name' ? type.childForFieldName('name') : type;
    const simple = (last?.type === 'generic_name' ? children(last)[0]?.text : last?.text) ?? '';
    if (MAP_TYPES.test(simple)) {
      if (!initializer) return args.length === 1 ? this.expression(args[0]) : shaped(node, 'ObjectExpression', { properties: [] });
      return this.dictionary(node, initializer);
    }
    if (LIST_TYPES.test(simple)) {
      if (!initializer) return args.length === 1 ? this.expression(args[0]) : shaped(node, 'ArrayExpression', { elements: [] });
      return this.array(node, children(initializer));
    }
    if (initializer && args.length === 0) return this.propsObject(node, initializer, simple);
    if (!typeName) return this.unknown(node);
    const callee = typeName.type === 'qualified_name' ? this.qualified(typeName) : identifier(typeName);
    return shaped(node, 'NewExpression', { callee, arguments: args.map((argument) => this.expression(argument)) });
  }

  /**
   * `iam.Role`, or Pulumi's `Aws.Iam.Role` (through `using Aws = Pulumi.Aws;`): a member chain whose middle names are
   * modules, in lower case as TypeScript writes them (`aws.iam.Role`).
   */
  private qualified(node: SyntaxNode, last = true): Shaped {
    const qualifier = node.childForFieldName('qualifier');
    const name = node.childForFieldName('name');
    if (!qualifier || !name) return identifier(node);
    const object = qualifier.type === 'qualified_name' ? this.qualified(qualifier, false) : identifier(qualifier);
    return shaped(node, 'MemberExpression', { object, property: identifier(name, last ? name.text : name.text.toLowerCase()), computed: false });
  }

  private array(node: SyntaxNode, elements: SyntaxNode[]): Shaped {
    return shaped(node, 'ArrayExpression', { elements: elements.map((element) => this.expression(element)) });
  }

  /** `new RoleProps { AssumedBy = …, Path = "/" }`: the props object, its members in camelCase. */
  private propsObject(node: SyntaxNode, initializer: SyntaxNode, typeName?: string): Shaped {
    // Pulumi's inputs (`…Args`, or a target-typed `new()`): an InputList takes a single item as a list of one
    // (`Actions = "sns:Publish"`, `Statements = new GetPolicyDocumentStatementInputArgs { … }`).
    const pulumiArgs = typeName === undefined || typeName.endsWith('Args');
    // Pulumi's typed policy document (`new PolicyDocumentArgs { Version = …, Statement = … }`): its members are the
    // policy's own element names, as written.
    const asWritten = typeName !== undefined && isPulumiPolicyDocumentType(typeName);
    const properties = children(initializer).flatMap((member) => {
      const left = member.type === 'assignment_expression' ? member.childForFieldName('left') : null;
      const right = member.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) return [];
      // `Values = { accountId }` adds to the list the object already has: a list of those items.
      let value = right.type === 'initializer_expression' ? this.array(right, children(right)) : this.expression(right);
      if (pulumiArgs && INPUT_LISTS.has(left.text) && value.type !== 'ArrayExpression') value = shaped(right, 'ArrayExpression', { elements: [value] });
      return [{ type: 'ObjectProperty', start: member.startIndex, end: member.endIndex, key: identifier(left, asWritten ? left.text : camelCase(left.text)), value, computed: false }];
    });
    // The type names what the object is for, as a Go composite literal's does: `new AssumeRoleRequest { Policy = … }`
    // holds a session policy wherever the program then sends it.
    return shaped(node, 'ObjectExpression', { properties, ...(typeName ? { literalType: typeName } : {}) });
  }

  /** `{ { "StringEquals", … } }` and `{ ["StringEquals"] = … }`: a dictionary's entries, their keys as written. */
  private dictionary(node: SyntaxNode, initializer: SyntaxNode): Shaped {
    const properties = children(initializer).flatMap((entry) => {
      let keyNode: SyntaxNode | undefined;
      let valueNode: SyntaxNode | null | undefined;
      if (entry.type === 'initializer_expression') [keyNode, valueNode] = children(entry);
      else if (entry.type === 'assignment_expression' && entry.childForFieldName('left')?.type === 'element_binding_expression') {
        keyNode = this.arguments(entry.childForFieldName('left'))[0] ?? children(entry.childForFieldName('left'))[0];
        valueNode = entry.childForFieldName('right');
      }
      if (!keyNode || !valueNode) return [];
      const key = this.expression(keyNode);
      return [{ type: 'ObjectProperty', start: entry.startIndex, end: entry.endIndex, key, value: this.expression(valueNode), computed: key.type !== 'StringLiteral' }];
    });
    return shaped(node, 'ObjectExpression', { properties });
  }

  /** `d => d.Json`, `(d) => { return …; }`: an arrow function (Pulumi's `Apply` takes one). */
  private lambda(node: SyntaxNode): Shaped {
    const parameters = node.childForFieldName('parameters');
    const body = node.childForFieldName('body');
    // One parameter without parentheses is an implicit_parameter; a list's are parameters with names.
    const names =
      parameters?.type === 'implicit_parameter' || parameters?.type === 'identifier'
        ? [parameters]
        : children(parameters).flatMap((parameter) => {
            const name = parameter.childForFieldName('name');
            return name ? [name] : [];
          });
    if (!body) return this.unknown(node);
    const shapedBody = body.type === 'block' ? shaped(body, 'BlockStatement', { body: this.statements(children(body)) }) : this.expression(body);
    return shaped(node, 'ArrowFunctionExpression', { params: names.map((name) => identifier(name)), body: shapedBody, expression: body.type !== 'block' });
  }

  /** `new { Version = "2012-10-17", Statement = … }`: an object whose keys are the names as written. */
  private anonymousObject(node: SyntaxNode): Shaped {
    const properties: Shaped[] = [];
    const parts = node.children.filter((child): child is SyntaxNode => child !== null && !/comment$/.test(child.type));
    for (let i = 0; i + 2 < parts.length; i++) {
      const [name, equals, value] = [parts[i], parts[i + 1], parts[i + 2]];
      if (name.type !== 'identifier' || equals.type !== '=' || !value.isNamed) continue;
      properties.push({ type: 'ObjectProperty', start: name.startIndex, end: value.endIndex, key: identifier(name), value: this.expression(value), computed: false });
      i += 2;
    }
    return shaped(node, 'ObjectExpression', { properties });
  }

  /** `"""…"""`: the text between the quotes and the lines that hold them, its indentation kept (values.ts reads the same). */
  private rawString(node: SyntaxNode): Shaped {
    const quotes = /^"+/.exec(node.text)![0].length;
    return { type: 'StringLiteral', start: node.startIndex, end: node.endIndex, value: node.text.slice(quotes, -quotes), raw: true };
  }

  /**
   * `$"arn:aws:s3:::{bucket.BucketName}/*"`: a template literal whose holes are placeholders; its doubled braces are
   * one (`{{`), and a verbatim one's (`$@"…"`) backslashes are text.
   */
  private interpolation(node: SyntaxNode): Shaped {
    const start = node.children.find((child) => child?.type === 'interpolation_start');
    if (!start) return this.unknown(node);
    const rawQuotes = node.children.filter((child) => child?.type === 'interpolation_quote' && /^"{3,}$/.test(child.text));
    if (rawQuotes.length === 2) return this.rawInterpolation(node, rawQuotes[0]!, rawQuotes[1]!);
    if (/"""/.test(node.text)) return this.unknown(node);
    // A verbatim one's backslashes are text and its doubled quotes one quote (`$@"{{ ""Version"": … }}"`).
    const verbatim = start.text.includes('@');
    const raw = verbatim ? { raw: true } : {};
    const doubled = verbatim ? '{}"' : '{}';
    const quasis: Shaped[] = [];
    const expressions: Shaped[] = [];
    let position = start.endIndex + 1;
    for (const part of children(node)) {
      if (part.type !== 'interpolation') continue;
      const [value] = children(part).filter((child) => child.type !== 'interpolation_brace' && child.type !== 'interpolation_alignment_clause' && child.type !== 'interpolation_format_clause');
      if (!value) return this.unknown(node);
      quasis.push({ type: 'TemplateElement', start: position, end: part.startIndex, doubled, ...raw });
      expressions.push(this.expression(value));
      position = part.endIndex;
    }
    quasis.push({ type: 'TemplateElement', start: position, end: node.endIndex - 1, doubled, ...raw });
    return shaped(node, 'TemplateLiteral', { quasis, expressions });
  }

  /**
   * `$$"""{ "Resource": "arn:aws:s3:::{{bucket}}/*" }"""`: a raw interpolated string, as written between its quotes;
   * its holes take as many braces as it has dollar signs, so fewer braces (JSON's) are text.
   */
  private rawInterpolation(node: SyntaxNode, open: SyntaxNode, close: SyntaxNode): Shaped {
    const quasis: Shaped[] = [];
    const expressions: Shaped[] = [];
    let position = open.endIndex;
    for (const part of children(node)) {
      if (part.type !== 'interpolation') continue;
      const [value] = children(part).filter((child) => child.type !== 'interpolation_brace' && child.type !== 'interpolation_alignment_clause' && child.type !== 'interpolation_format_clause');
      if (!value) return this.unknown(node);
      quasis.push({ type: 'TemplateElement', start: position, end: part.startIndex, raw: true });
      expressions.push(this.expression(value));
      position = part.endIndex;
    }
    quasis.push({ type: 'TemplateElement', start: position, end: close.startIndex, raw: true });
    return shaped(node, 'TemplateLiteral', { quasis, expressions });
  }
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', e: '\x1b', '0': '\0', '\\': '\\', '"': '"', "'": "'" };

/** A regular string literal's value: C#'s escapes, `\uXXXX`, `\UXXXXXXXX` and `\x` with one to four digits among them. */
function decoded(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{1,4}|.)/g, (whole, escape: string) => {
    if (/^[uUx]./.test(escape)) {
      const code = parseInt(escape.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ESCAPES[escape] ?? whole;
  });
}
