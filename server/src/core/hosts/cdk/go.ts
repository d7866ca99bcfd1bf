import type { Node as SyntaxNode } from 'web-tree-sitter';
import { wasmGrammar } from '../tree-sitter';
import type { CdkSource } from './syntax';
import { cdkDocumentTrees, identifier, typedIdentifier, namedChildren as children, parseShapedCdkSource, shaped, ShapedConverter, type Shaped } from './shaped-tree';
import { isPulumiPolicyDocumentType, pulumiPolicyConstant } from './pulumi-policy-document';

/**
 * CDK apps in Go, read by the same readers as TypeScript ones: tree-sitter's Go grammar (tree-sitter-go, MIT) parses
 * the source, and the tree is rewritten in the shape of Babel's tree of the TypeScript that CDK's documentation pairs
 * with it, with the offsets of the Go text:
 * - `awsiam.NewRole(stack, jsii.String("Worker"), &awsiam.RoleProps{AssumedBy: …})` is
 *   `new awsiam.Role(stack, 'Worker', { assumedBy: … })`: a struct's fields are the props, in camelCase;
 * - `jsii.String("x")` is `'x'`, `jsii.Strings(…)` and `&[]*string{…}` arrays, `&map[string]interface{}{…}` objects;
 * - `awsiam.Effect_DENY` is `awsiam.Effect.DENY` and `awsiam.ManagedPolicy_FromAwsManagedPolicyName(…)` is
 *   `awsiam.ManagedPolicy.fromAwsManagedPolicyName(…)`; a method is in camelCase (`role.AddToPolicy` is
 *   `role.addToPolicy`), and a getter (`bucket.BucketArn()`) is the property `bucket.bucketArn`;
 * - `fmt.Sprintf("arn:aws:s3:::%s/*", name)` and `"arn:aws:s3:::" + name` are template literals whose arguments and
 *   operands are placeholders;
 * - `x := value` and `var x = value` are `const`s (`let`s where the code assigns them again), with a parameter's or a
 *   struct field's type;
 * - `import "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"` binds `awsiam` to `aws-cdk-lib/aws-iam`.
 * Pulumi programs in Go are read the same way (pulumi/reader.ts): `iam.NewRole(ctx, "worker", &iam.RoleArgs{…})` is
 * `new iam.Role(ctx, 'worker', { … })` with `iam` bound to `@pulumi/aws/iam`, `pulumi.String("x")` is `'x'`,
 * `pulumi.StringArray{…}` an array, a raw string its text, `pulumi.Run(func(ctx *pulumi.Context) error { … })` a
 * function whose statements are read, `x.(pulumi.StringOutput)` the value `x`.
 * Anything else is an expression only synthesis knows, whose calls are still read.
 * https://docs.aws.amazon.com/cdk/v2/guide/work-with-cdk-go.html
 */
const goGrammar = wasmGrammar('tree-sitter-go.wasm', 'tree-sitter-go', 'Go');

export function loadGoParser(): Promise<void> {
  return goGrammar.load();
}

/** The loaded parser, or why there is none (the benchmark times its parse beside the reader's). */
export const goParser = goGrammar.parser;

const goTrees = cdkDocumentTrees(goGrammar);

/** A Go CDK source, parsed (from `document`'s last tree, when given) and indexed; undefined when the grammar is not loaded. */
export function parseGoCdkSource(text: string, document?: string): CdkSource | undefined {
  return parseShapedCdkSource(goGrammar, goTrees, text, 'go', document, (tree) => new GoConverter(tree.rootNode).program(tree.rootNode));
}

/**
 * `AssumedBy` -> `assumedBy`: Go's exported names are TypeScript's with a capital. An initialism (`ID()`, `URL`) is
 * written in lower case in TypeScript (`role.id`).
 */
function camelCase(name: string): string {
  if (/^[A-Z]{2,4}$/.test(name)) return name.toLowerCase();
  return /^[A-Z][a-z]/.test(name) || /^[A-Z]$/.test(name) ? name[0].toLowerCase() + name.slice(1) : name;
}

/**
 * `github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions` -> `aws-cdk-lib/aws-stepfunctions`; Pulumi's AWS provider
 * `github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam` -> `@pulumi/aws/iam` (and `pulumi-aws-native`'s -> `@pulumi/aws-native/iam`);
 * other packages as written.
 */
function moduleName(path: string): string {
  const pulumi = /^github\.com\/pulumi\/pulumi-(aws|aws-native)\/sdk(?:\/v\d+)?\/go\/aws(?:\/(\w+))?$/.exec(path);
  if (pulumi) return pulumi[2] === undefined ? `@pulumi/${pulumi[1]}` : `@pulumi/${pulumi[1]}/${pulumi[2]}`;
  const match = /^github\.com\/aws\/aws-cdk-go\/awscdk(?:\/v2)?(?:\/aws(\w+))?$/.exec(path);
  if (!match) return path;
  return match[1] === undefined ? 'aws-cdk-lib' : `aws-cdk-lib/aws-${match[1]}`;
}

/**
 * Boxing of values (jsii's for the CDK, Pulumi's for its inputs, the pointer helpers of the AWS SDK and autorest):
 * `jsii.String("x")`, `pulumi.String("x")`, `pulumi.StringRef("Allow")` and `aws.String("x")` are the value.
 */
const BOXING =
  /^(?:jsii\.(?:String|Number|Bool)|pulumi\.(?:String|StringRef|StringPtr|StringInput|Bool|BoolRef|BoolPtr|Int|IntRef|IntPtr|Float64|Any|ToStringArray|ToStringMap|ToArray|ToMap)|(?:aws|to)\.(?:String|StringPtr|Bool|BoolPtr))$/;

/** Pulumi's typed lists and maps (`pulumi.StringArray{…}`, `iam.RoleInlinePolicyArray{…}`, `pulumi.StringMap{…}`). */
const PULUMI_LIST_TYPE = /^(?:pulumi|\w+)\.\w*Array$/;
const PULUMI_MAP_TYPE = /^pulumi\.\w*Map$/;
/** No-argument methods that do something rather than read a property (`statement.AddAllResources()`). */
const ACTIONS = /^(?:(?:Add|Apply|Attach|Grant|Bind|Remove)[A-Z]|Node$|Synth|ToString$|ToJSON$)/;

/** `Effect_DENY`, `Runtime_NODEJS_22_X`: a class's static member; `ManagedPolicy_FromAwsManagedPolicyName` its static method. */
const STATIC_MEMBER = /^([A-Z][A-Za-z0-9]*)_([A-Za-z0-9_]+)$/;

class GoConverter extends ShapedConverter {
  /** Names the code assigns after declaring them: their declaration is a `let`. */
  private readonly reassigned = new Set<string>();

  constructor(root: SyntaxNode) {
    super('Go', (node) => node.type === 'interpreted_string_literal' || node.type === 'raw_string_literal');
    for (const assignment of root.descendantsOfType('assignment_statement')) {
      for (const left of children(assignment?.childForFieldName('left') ?? null)) if (left.type === 'identifier') this.reassigned.add(left.text);
    }
  }

  program(root: SyntaxNode): Shaped[] {
    return this.statements(children(root));
  }

  protected shapedStatement(node: SyntaxNode): Shaped[] {
    switch (node.type) {
      case 'package_clause':
        return [];
      case 'import_declaration':
        return node.descendantsOfType('import_spec').flatMap((spec) => (spec ? this.importOf(spec) : []));
      case 'function_declaration':
      case 'method_declaration':
        return [this.function(node)];
      case 'type_declaration':
        return node.descendantsOfType('type_spec').flatMap((spec) => (spec ? this.typeOf(spec) : []));
      case 'var_declaration':
      case 'const_declaration':
        return node
          .descendantsOfType(['var_spec', 'const_spec'])
          .flatMap((spec) => (spec ? this.declaration(spec, spec.childrenForFieldName('name'), spec.childForFieldName('value'), spec.childForFieldName('type')) : []));
      case 'short_var_declaration':
        return this.declaration(node, children(node.childForFieldName('left')), node.childForFieldName('right'), null);
      case 'block':
      case 'statement_list':
        return [shaped(node, 'BlockStatement', { body: this.statements(children(node)) })];
      case 'expression_statement': {
        const [expression] = children(node);
        return expression ? [shaped(node, 'ExpressionStatement', { expression: this.expression(expression) })] : [];
      }
      case 'assignment_statement': {
        const [left] = children(node.childForFieldName('left'));
        const [right] = children(node.childForFieldName('right'));
        if (!left || !right || node.childForFieldName('operator')?.text !== '=') return [shaped(node, 'ExpressionStatement', { expression: this.unknown(node) })];
        return [shaped(node, 'ExpressionStatement', { expression: shaped(node, 'AssignmentExpression', { operator: '=', left: this.expression(left), right: this.expression(right) }) })];
      }
      case 'return_statement': {
        const [values] = children(node);
        const [value] = values?.type === 'expression_list' ? children(values) : values ? [values] : [];
        return [shaped(node, 'ReturnStatement', { argument: value ? this.expression(value) : null })];
      }
      default:
        // if, for, switch and the rest: the statements of their blocks and clauses, which may make policies.
        return [shaped(node, 'BlockStatement', { body: this.statements(children(node).filter((child) => /statement|block|clause|declaration|case/.test(child.type))) })];
    }
  }

  private function(node: SyntaxNode): Shaped {
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const params = children(node.childForFieldName('parameters')).flatMap((parameter) =>
      parameter.childrenForFieldName('name').flatMap((parameterName) => (parameterName ? [typedIdentifier(parameterName, this.typeAnnotation(parameter.childForFieldName('type')))] : [])),
    );
    return shaped(node, 'FunctionDeclaration', {
      id: name ? identifier(name) : null,
      params,
      body: shaped(body ?? node, 'BlockStatement', { body: body ? this.statements(children(body)) : [] }),
    });
  }

  /** `type AppStackProps struct { Archive awss3.IBucket }`: each field declares its name (`archive`) with its type. */
  private typeOf(spec: SyntaxNode): Shaped[] {
    const struct = spec.childForFieldName('type');
    if (struct?.type !== 'struct_type') return [];
    const fields = struct.descendantsOfType('field_declaration').flatMap((field) =>
      (field?.childrenForFieldName('name') ?? []).flatMap((name) => {
        if (!name) return [];
        const type = this.typeAnnotation(field!.childForFieldName('type'));
        return [shaped(field!, 'TSPropertySignature', { key: identifier(name, camelCase(name.text)), ...(type ? { typeAnnotation: type } : {}) })];
      }),
    );
    return [shaped(spec, 'ClassDeclaration', { id: null, body: shaped(struct, 'ClassBody', { body: fields }) })];
  }

  /** `x, y := a, b` and `var x = a`: a `const` for each name (a `let` for one the code assigns again). */
  private declaration(node: SyntaxNode, names: (SyntaxNode | null)[], values: SyntaxNode | null, type: SyntaxNode | null): Shaped[] {
    const valueNodes = values?.type === 'expression_list' ? children(values) : values ? [values] : [];
    return names.flatMap((name, index) => {
      if (!name || name.type !== 'identifier') return [];
      const value = valueNodes[index];
      const declarator = shaped(name, 'VariableDeclarator', { id: typedIdentifier(name, this.typeAnnotation(type)), init: value ? this.expression(value) : null });
      return [shaped(node, 'VariableDeclaration', { kind: this.reassigned.has(name.text) ? 'let' : 'const', declarations: [declarator] })];
    });
  }

  /** `awss3.IBucket` (or `*awss3.Bucket`) as TypeScript's `awss3.IBucket`. */
  private typeAnnotation(type: SyntaxNode | null): Shaped | undefined {
    const named = type?.type === 'pointer_type' ? children(type)[0] : type;
    if (named?.type !== 'qualified_type') return undefined;
    const pkg = named.childForFieldName('package');
    const typeName = named.childForFieldName('name');
    if (!pkg || !typeName) return undefined;
    const reference = shaped(named, 'TSTypeReference', { typeName: shaped(named, 'TSQualifiedName', { left: identifier(pkg), right: identifier(typeName) }) });
    return { type: 'TSTypeAnnotation', start: type!.startIndex, end: type!.endIndex, typeAnnotation: reference };
  }

  /** `import awsiam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"`: the package bound to its name or alias. */
  private importOf(spec: SyntaxNode): Shaped[] {
    const path = spec.childForFieldName('path');
    if (!path) return [];
    const from = path.text.slice(1, -1);
    const alias = spec.childForFieldName('name');
    const local =
      alias && alias.type === 'package_identifier'
        ? alias.text
        : (from
            .split('/')
            .filter((part) => !/^v\d+$/.test(part))
            .pop() ?? from);
    const specifier = shaped(spec, 'ImportNamespaceSpecifier', { local: identifier(alias ?? path, local) });
    return [shaped(spec, 'ImportDeclaration', { source: shaped(path, 'StringLiteral', { value: moduleName(from) }), specifiers: [specifier] })];
  }

  protected shapedExpression(node: SyntaxNode): Shaped {
    switch (node.type) {
      case 'identifier':
        return identifier(node);
      case 'selector_expression':
        return this.selector(node, node.childForFieldName('operand'), node.childForFieldName('field'));
      case 'call_expression':
        return this.call(node);
      case 'interpreted_string_literal':
        return { type: 'StringLiteral', start: node.startIndex, end: node.endIndex, value: decoded(node.text.slice(1, -1)) };
      case 'raw_string_literal':
        // A raw string has no escapes; Go drops its carriage returns (values.ts reads it the same way).
        return { type: 'StringLiteral', start: node.startIndex, end: node.endIndex, value: node.text.slice(1, -1).replace(/\r/g, '') };
      case 'func_literal':
        // `pulumi.Run(func(ctx *pulumi.Context) error { … })`: a Pulumi program's resources are made in a closure.
        return { ...this.function(node), type: 'FunctionExpression', id: null };
      case 'int_literal':
      case 'float_literal':
        return shaped(node, 'NumericLiteral', { value: Number(node.text.replace(/_/g, '')) });
      case 'true':
      case 'false':
        return shaped(node, 'BooleanLiteral', { value: node.type === 'true' });
      case 'nil':
        return shaped(node, 'NullLiteral');
      case 'composite_literal':
        return this.composite(node);
      case 'unary_expression': {
        // `&props` and `*name`: the value itself.
        const operand = node.childForFieldName('operand');
        return operand && /^[&*]$/.test(node.childForFieldName('operator')?.text ?? '') ? this.expression(operand) : this.unknown(node);
      }
      case 'parenthesized_expression': {
        const [inner] = children(node);
        return inner ? this.expression(inner) : this.unknown(node);
      }
      case 'type_assertion_expression': {
        // `policy.(pulumi.StringOutput)`: the value, as TypeScript's `as` is.
        const operand = node.childForFieldName('operand');
        return operand ? this.expression(operand) : this.unknown(node);
      }
      case 'binary_expression':
        return this.concatenation(node) ?? this.unknown(node);
      default:
        return this.unknown(node);
    }
  }

  /** `awsiam.Effect_DENY` -> `awsiam.Effect.DENY`; `role.RoleArn` -> `role.roleArn`. */
  private selector(node: SyntaxNode, operand: SyntaxNode | null, field: SyntaxNode | null): Shaped {
    if (!operand || !field) return this.unknown(node);
    const constant = pulumiPolicyConstant(field.text);
    if (constant !== undefined && operand.type === 'identifier') return { type: 'StringLiteral', start: node.startIndex, end: node.endIndex, value: constant, implied: true };
    const object = this.expression(operand);
    const member = STATIC_MEMBER.exec(field.text);
    if (member) {
      const owner = {
        type: 'MemberExpression',
        start: node.startIndex,
        end: field.startIndex + member[1].length,
        object,
        property: { ...identifier(field, member[1]), end: field.startIndex + member[1].length },
        computed: false,
      };
      const name = /^[A-Z0-9_]+$/.test(member[2]) ? member[2] : camelCase(member[2]);
      return shaped(node, 'MemberExpression', { object: owner, property: identifier(field, name), computed: false });
    }
    return shaped(node, 'MemberExpression', { object, property: identifier(field, camelCase(field.text)), computed: false });
  }

  private call(node: SyntaxNode): Shaped {
    const callee = node.childForFieldName('function');
    const args = children(node.childForFieldName('arguments'));
    if (!callee) return this.unknown(node);
    const called = callee.type === 'selector_expression' ? `${callee.childForFieldName('operand')?.text}.${callee.childForFieldName('field')?.text}` : callee.text;
    if (BOXING.test(called) && args.length === 1) return this.expression(args[0]);
    // A conversion (`string(policyJSON)` of the bytes `json.Marshal` gives) is its operand.
    if (called === 'string' && args.length === 1) return this.expression(args[0]);
    if (called === 'pulumi.Sprintf') return this.format(args, /%[sdv]/) ?? this.unknown(node);
    if (called === 'jsii.Strings' || called === 'jsii.Numbers') return shaped(node, 'ArrayExpression', { elements: args.map((item) => this.expression(item)) });
    if (called === 'fmt.Sprintf') return this.format(args, /%[sdv]/) ?? this.unknown(node);
    if (callee.type === 'selector_expression') {
      const operand = callee.childForFieldName('operand');
      const field = callee.childForFieldName('field');
      if (!operand || !field) return this.unknown(node);
      // `awsiam.NewRole(…)`: a construction of the package's class.
      const constructed = /^New([A-Z]\w*)$/.exec(field.text);
      if (constructed && operand.type === 'identifier') {
        const start = field.startIndex + 'New'.length;
        const property = { type: 'Identifier', start, end: field.endIndex, name: constructed[1] };
        const classCallee = { type: 'MemberExpression', start: callee.startIndex, end: callee.endIndex, object: identifier(operand), property, computed: false };
        return shaped(node, 'NewExpression', { callee: classCallee, arguments: args.map((argument) => this.expression(argument)) });
      }
      const member = this.selector(callee, operand, field);
      // A getter (`bucket.BucketArn()`, `awslambda.Runtime_NODEJS_22_X()`) is the property it reads.
      if (args.length === 0 && !ACTIONS.test(field.text)) return { ...member, start: node.startIndex, end: node.endIndex };
      return shaped(node, 'CallExpression', { callee: member, arguments: args.map((argument) => this.expression(argument)) });
    }
    return shaped(node, 'CallExpression', { callee: this.expression(callee), arguments: args.map((argument) => this.expression(argument)) });
  }

  /** `awsiam.RoleProps{…}` (a struct: its fields in camelCase), `map[string]interface{}{…}` and `[]*string{…}`. */
  private composite(node: SyntaxNode): Shaped {
    return this.literal(node, node.childForFieldName('type'), node.childForFieldName('body'));
  }

  /**
   * A literal's body read as its type says: a slice's or array's elements, a map's entries by their keys as written, a
   * struct's fields in camelCase. An element written without its type (`[]map[string]any{{"Effect": "Allow"}}`)
   * takes the slice's element type or the map's value type.
   */
  private literal(node: SyntaxNode, type: SyntaxNode | null, body: SyntaxNode | null): Shaped {
    const elements = children(body);
    const named = type?.type === 'pointer_type' ? children(type)[0] : type;
    if (named?.type === 'slice_type' || named?.type === 'array_type' || named?.type === 'implicit_length_array_type') {
      const elementType = named.childForFieldName('element');
      return shaped(node, 'ArrayExpression', { elements: elements.map((element) => this.element(element, elementType)) });
    }
    if (named?.type === 'qualified_type' && PULUMI_LIST_TYPE.test(named.text)) return shaped(node, 'ArrayExpression', { elements: elements.map((element) => this.element(element, null)) });
    const map = named?.type === 'map_type' || (named?.type === 'qualified_type' && PULUMI_MAP_TYPE.test(named.text));
    // Pulumi's typed policy document (`iam.PolicyDocumentArgs{Version: …, Statement: …}`): its fields are the
    // policy's own element names, as written.
    const asWritten = map || (named !== null && named !== undefined && isPulumiPolicyDocumentType(named.text)) || hasIamFieldsOnly(elements);
    const valueType = named?.type === 'map_type' ? named.childForFieldName('value') : null;
    const properties = elements.flatMap((element) => {
      if (element.type !== 'keyed_element') return [];
      const [keyElement, valueElement] = children(element);
      const key = keyElement && (children(keyElement)[0] ?? keyElement);
      if (!key || !valueElement) return [];
      const keyNode = key.type === 'identifier' || key.type === 'field_identifier' ? identifier(key, asWritten ? key.text : camelCase(key.text)) : this.expression(key);
      return [
        { type: 'ObjectProperty', start: element.startIndex, end: element.endIndex, key: keyNode, value: this.element(valueElement, valueType), computed: map && keyNode.type !== 'StringLiteral' },
      ];
    });
    // The struct's type (`sts.AssumeRoleInput`, `iot.CreatePolicyInput`) says what a policy in its fields is.
    return shaped(node, 'ObjectExpression', { properties, ...(named ? { literalType: named.text } : {}) });
  }

  /** A literal's element: its expression, or a literal whose type is left out (`{…}` in `[]M{{…}}`), read as `type`. */
  private element(element: SyntaxNode, type: SyntaxNode | null): Shaped {
    const [inner] = children(element);
    const value = element.type === 'literal_element' ? inner : element;
    if (!value) return this.unknown(element);
    if (value.type === 'literal_value') return this.literal(value, type, value);
    return this.expression(value);
  }
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };

/** An interpreted string's value: Go's escapes, `\uXXXX` and `\xXX` among them. */
function decoded(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (whole, escape: string) => {
    const code = /^[uUx]./.test(escape) ? parseInt(escape.slice(1), 16) : undefined;
    if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    if (/^[0-7]{3}$/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    return ESCAPES[escape] ?? whole;
  });
}

// The elements of a policy and its statements, as JSON names them.
const IAM_FIELDS = new Set(['Version', 'Id', 'Statement', 'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

/**
 * A struct a program declares for a policy's JSON, its fields named as IAM's elements (`PolicyDocument{Version: …,
 * Statement: []StatementEntry{{Effect: …, Action: …, Resource: …}}}`, which `json.Marshal` writes under those names):
 * read as written, not in camelCase as the props of CDK's and Pulumi's structs, whose fields are plural (`Actions`).
 */
function hasIamFieldsOnly(elements: SyntaxNode[]): boolean {
  const names: string[] = [];
  for (const element of elements) {
    if (element.type !== 'keyed_element') return false;
    const key = children(element)[0];
    const name = key && (children(key)[0] ?? key);
    if (!name || (name.type !== 'field_identifier' && name.type !== 'identifier')) return false;
    names.push(name.text);
  }
  return names.length >= 2 && names.every((name) => IAM_FIELDS.has(name)) && (names.includes('Statement') || (names.includes('Effect') && (names.includes('Action') || names.includes('NotAction'))));
}
