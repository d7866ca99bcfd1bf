import type { File } from '@babel/types';
import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';
import { IncrementalParser, type WasmGrammar } from '../tree-sitter';
import { indexCdkFile, type CdkSource } from './syntax';

// What the readers of CDK apps in other languages than TypeScript share (python.ts, java.ts): their tree-sitter tree
// rewritten as a tree in the shape of Babel's, with the offsets of the source text, then indexed as a TypeScript
// source is.

/** A Babel-shaped node: only the fields the readers look at. */
export interface Shaped {
  type: string;
  start: number;
  end: number;
  [field: string]: unknown;
}

export function shaped(node: SyntaxNode, type: string, fields: Record<string, unknown> = {}): Shaped {
  return { type, start: node.startIndex, end: node.endIndex, ...fields };
}

export function identifier(node: SyntaxNode, name = node.text): Shaped {
  return shaped(node, 'Identifier', { name });
}

/** A name with the type it is declared with (`Bucket reports`, `reports awss3.IBucket`), when the type is one TypeScript has. */
export function typedIdentifier(name: SyntaxNode, annotation: Shaped | undefined): Shaped {
  return { ...identifier(name), ...(annotation ? { typeAnnotation: annotation } : {}) };
}

// The trees of the editor documents of each language: a source is converted whole after every edit, so a tree with
// an error is parsed again from scratch (IncrementalOptions.freshOnError), and only the few being edited are kept.
const documentTrees: IncrementalParser[] = [];

/** The editor documents' trees of one language's grammar. */
export function cdkDocumentTrees(grammar: WasmGrammar): IncrementalParser {
  const trees = new IncrementalParser(grammar.parser, { maxDocuments: 4, freshOnError: true });
  documentTrees.push(trees);
  return trees;
}

/** Frees the trees kept for a closed editor document. */
export function forgetCdkDocumentTrees(document: string): void {
  for (const trees of documentTrees) trees.forget(document);
}

/**
 * A source parsed with `grammar` and its tree rewritten by `statements` into a program's body, indexed; undefined
 * when the grammar is not loaded. An editor document (`document`, its URI) is parsed from its last tree in `trees`;
 * a file read once is parsed from scratch and its tree freed after.
 */
export function parseShapedCdkSource(
  grammar: WasmGrammar,
  trees: IncrementalParser,
  text: string,
  language: CdkSource['language'],
  document: string | undefined,
  statements: (tree: Tree) => Shaped[],
): CdkSource | undefined {
  const parser = grammar.parser();
  if (parser instanceof Error) return undefined;
  const tree = document !== undefined ? trees.parse(document, text) : parser.parse(text);
  if (!tree) return undefined;
  try {
    const file = { type: 'File', start: 0, end: text.length, program: { type: 'Program', start: 0, end: text.length, body: statements(tree) } };
    return { ...indexCdkFile(text, file as unknown as File), language };
  } finally {
    if (document === undefined) tree.delete();
  }
}

/** A node's named children, comments left out. */
export function namedChildren(node: SyntaxNode | null): SyntaxNode[] {
  return (node?.namedChildren ?? []).filter((child): child is SyntaxNode => child !== null && !/comment$/.test(child.type));
}

/**
 * IAM's classes, for a name a namespace import brings in when the file opens several CDK packages: `Role` of Java's
 * `services.iam.*` or C#'s `Amazon.CDK.AWS.IAM` beside S3's.
 */
const IAM_CLASSES =
  /^(?:I?(?:Role|User|Group|Principal|Grantable|ManagedPolicy|Policy)|PolicyStatement|PolicyDocument|Effect|Grant|\w+Principal|PolicyStatementProps|PolicyDocumentProps|RoleProps|UserProps|GroupProps|PolicyProps|ManagedPolicyProps|Cfn(?:Role|User|Group|Policy|ManagedPolicy|AccessKey|InstanceProfile)\w*|InstanceProfile|LazyRole|PermissionsBoundary)$/;

/** The core module's classes an app names most (`aws-cdk-lib`: Java's `software.amazon.awscdk.*`, C#'s `Amazon.CDK`). */
const CORE_CLASSES =
  /^(?:I?Stack(?:Props)?|App|Fn|Aws|Arn|ArnFormat|Duration|RemovalPolicy|CfnOutput|CfnParameter|CfnCondition|Tags|Token|Lazy|Environment|Size|SecretValue|Stage|NestedStack|Names|Annotations|Aspects)$/;

/**
 * Imports by name, for the namespaces a file opens whole (Java's `import software.amazon.awscdk.services.iam.*`, C#'s
 * `using Amazon.CDK.AWS.IAM;`): each capitalised name the file uses and does not import otherwise, from the package
 * that has it: IAM's classes from IAM's, the core's from `aws-cdk-lib`, the rest from the one other CDK package
 * opened, if there is one.
 */
export function namespaceImports(text: string, body: Shaped[], opened: { node: SyntaxNode; module: string }[]): Shaped[] {
  const packages = opened.filter(({ module }) => module.startsWith('aws-cdk-lib'));
  if (packages.length === 0) return [];
  const explicit = new Set(body.filter((node) => node.type === 'ImportDeclaration').flatMap((node) => (node.specifiers as Shaped[]).map((specifier) => (specifier.local as Shaped).name as string)));
  // Read from the text, not the tree: a walk that makes a node of each identifier costs more than the rest of the
  // conversion, and a name written in a comment or string only adds an import nothing uses.
  const used = new Set([...text.matchAll(/\b[A-Z][A-Za-z0-9]*\b/g)].map(([name]) => name).filter((name) => !/^[A-Z0-9_]+$/.test(name)));
  const iam = packages.find(({ module }) => module === 'aws-cdk-lib/aws-iam');
  const core = packages.find(({ module }) => module === 'aws-cdk-lib');
  const others = packages.filter((entry) => entry !== iam && entry !== core);
  const byModule = new Map<(typeof packages)[number], string[]>();
  for (const name of [...used].filter((name) => !explicit.has(name)).sort()) {
    const from = iam && IAM_CLASSES.test(name) ? iam : core && CORE_CLASSES.test(name) ? core : others.length === 1 ? others[0] : others.length === 0 ? core : undefined;
    if (from) byModule.set(from, [...(byModule.get(from) ?? []), name]);
  }
  return [...byModule].map(([{ node, module }, names]) =>
    shaped(node, 'ImportDeclaration', {
      source: shaped(node, 'StringLiteral', { value: module }),
      specifiers: names.map((name) => shaped(node, 'ImportSpecifier', { local: { ...identifier(node), name }, imported: { ...identifier(node), name } })),
    }),
  );
}

// How deep a tree is rewritten before the rest is one value only synthesis knows: damaged text (a run of unclosed
// brackets) nests as deep as it is long, and no policy is written that deep.
const MAX_DEPTH = 100;

/**
 * What the Java and Go converters share: statements and expressions rewritten under a depth limit, an expression
 * only synthesis knows (`<Language>_<node type>`, with its parts read for calls), and the strings code builds
 * (a concatenation, a format call) as template literals whose other parts are placeholders.
 */
export abstract class ShapedConverter {
  private depth = 0;

  protected constructor(
    /** The prefix of the type of an expression only synthesis knows: `Java`, `Go`. */
    private readonly language: string,
    /** Whether a node is a string literal the converter reads as text (not a Java text block). */
    private readonly isText: (node: SyntaxNode) => boolean,
  ) {}

  protected abstract shapedStatement(node: SyntaxNode): Shaped[];
  protected abstract shapedExpression(node: SyntaxNode): Shaped;

  protected statement(node: SyntaxNode): Shaped[] {
    return this.nested(
      () => this.shapedStatement(node),
      () => [],
    );
  }

  protected statements(nodes: SyntaxNode[]): Shaped[] {
    return nodes.flatMap((node) => this.statement(node));
  }

  /** A method's parameters (Java's `formal_parameters`, C#'s `parameter_list`), each named and typed as written. */
  protected typedParameters(list: SyntaxNode | null, typeOf: (type: SyntaxNode | null) => Shaped | undefined): Shaped[] {
    return namedChildren(list).flatMap((parameter) => {
      const name = parameter.childForFieldName('name');
      return name ? [typedIdentifier(name, typeOf(parameter.childForFieldName('type')))] : [];
    });
  }

  protected expression(node: SyntaxNode): Shaped {
    return this.nested(
      () => this.shapedExpression(node),
      () => shaped(node, `${this.language}_${node.type}`),
    );
  }

  protected unknown(node: SyntaxNode): Shaped {
    return shaped(node, `${this.language}_${node.type}`, { parts: namedChildren(node).map((child) => this.expression(child)) });
  }

  private nested<T>(body: () => T, tooDeep: () => T): T {
    if (this.depth >= MAX_DEPTH) return tooDeep();
    this.depth++;
    try {
      return body();
    } finally {
      this.depth--;
    }
  }

  /** `ready ? a : b` (Java's ternary_expression, C#'s conditional_expression, with the same fields). */
  protected conditional(node: SyntaxNode): Shaped {
    const [test, consequent, alternate] = ['condition', 'consequence', 'alternative'].map((field) => node.childForFieldName(field));
    if (!test || !consequent || !alternate) return this.unknown(node);
    return shaped(node, 'ConditionalExpression', { test: this.expression(test), consequent: this.expression(consequent), alternate: this.expression(alternate) });
  }

  /** `x = value`; a compound assignment (`+=`) is a value only synthesis knows. */
  protected assignment(node: SyntaxNode): Shaped {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right || node.childForFieldName('operator')?.text !== '=') return this.unknown(node);
    return shaped(node, 'AssignmentExpression', { operator: '=', left: this.expression(left), right: this.expression(right) });
  }

  /** `(x)`, and a cast's `(string) x` (its `value`): the expression inside. */
  protected inner(node: SyntaxNode): Shaped {
    const inner = node.type.startsWith('cast') ? node.childForFieldName('value') : namedChildren(node)[0];
    return inner ? this.expression(inner) : this.unknown(node);
  }

  /**
   * `"arn:aws:s3:::" + name + "/*"`: a template literal whose string operands are its text (adjacent ones joined,
   * `ranges`) and whose other operands are placeholders. A sum without a string literal (a number's) is a value only
   * synthesis knows, its operands read for calls. Undefined for an expression of another operator.
   */
  protected concatenation(node: SyntaxNode): Shaped | undefined {
    // Left to right, without recursion: a long sum nests as deep as it is long. An operand of another operator
    // (`"a" + (b - c)`) is a placeholder of its own.
    const operands: SyntaxNode[] = [];
    const pending: SyntaxNode[] = [node];
    while (pending.length > 0) {
      const current = pending.pop()!;
      const inner = current.type === 'parenthesized_expression' && namedChildren(current)[0]?.type === 'binary_expression' ? namedChildren(current)[0] : current;
      const left = inner.type === 'binary_expression' ? inner.childForFieldName('left') : null;
      const right = inner.type === 'binary_expression' ? inner.childForFieldName('right') : null;
      if (left && right && inner.childForFieldName('operator')?.text === '+') pending.push(right, left);
      else if (inner === node) return undefined;
      else operands.push(inner);
    }
    // Once, flat: read as nested unknowns instead, each level of a long sum of numbers walked the rest of it again.
    if (!operands.some(this.isText)) return shaped(node, `${this.language}_${node.type}`, { parts: operands.map((operand) => this.expression(operand)) });
    const quasis: Shaped[] = [];
    const expressions: Shaped[] = [];
    // `raw`: a Go raw string, whose backslashes are text; `verbatim`: a C# verbatim string (`@"…"`), whose backslashes
    // are text and whose doubled quotes are one.
    let ranges: { start: number; end: number; raw?: boolean; verbatim?: boolean }[] = [];
    let position = node.startIndex;
    const closeQuasi = () => {
      quasis.push({ type: 'TemplateElement', start: ranges[0]?.start ?? position, end: ranges[ranges.length - 1]?.end ?? position, ranges });
      ranges = [];
    };
    for (const operand of operands) {
      if (this.isText(operand) && operand.text.startsWith('@"')) ranges.push({ start: operand.startIndex + 2, end: operand.endIndex - 1, raw: true, verbatim: true });
      else if (this.isText(operand)) ranges.push({ start: operand.startIndex + 1, end: operand.endIndex - 1, ...(operand.text.startsWith('`') ? { raw: true } : {}) });
      else {
        closeQuasi();
        expressions.push(this.expression(operand));
      }
      position = operand.endIndex;
    }
    closeQuasi();
    return shaped(node, 'TemplateLiteral', { quasis, expressions });
  }

  /**
   * `String.format("arn:aws:s3:::%s/*", name)`, `fmt.Sprintf(…)`: the format's text, each verb `verbs` matches a
   * placeholder of its argument (a verb's first group, when it has one, is the argument's position, from
   * `firstPosition`); `%%` is one percent sign, or in .NET's formats `{{` one brace (`doubled` on the quasis).
   */
  protected format(args: SyntaxNode[], verbs: RegExp, { doubled = '%', firstPosition = 1 }: { doubled?: '%' | '{}'; firstPosition?: 0 | 1 } = {}): Shaped | undefined {
    const [pattern, ...values] = args;
    if (!pattern || !this.isText(pattern)) return undefined;
    const quasis: Shaped[] = [];
    const expressions: Shaped[] = [];
    let position = pattern.startIndex + 1;
    const end = pattern.endIndex - 1;
    const raw = pattern.text.startsWith('`') ? { raw: true } : {};
    const escape = doubled === '%' ? '%%' : '\\{\\{|\\}\\}';
    for (const match of pattern.text.slice(1, -1).matchAll(new RegExp(`${verbs.source}|${escape}`, 'g'))) {
      if (match[0] === '%%' || match[0] === '{{' || match[0] === '}}') continue;
      const value = values[match[1] ? Number(match[1]) - firstPosition : expressions.length];
      if (!value) return undefined;
      const at = pattern.startIndex + 1 + match.index;
      quasis.push({ type: 'TemplateElement', start: position, end: at, doubled, ...raw });
      expressions.push(this.expression(value));
      position = at + match[0].length;
    }
    quasis.push({ type: 'TemplateElement', start: position, end, doubled, ...raw });
    return { type: 'TemplateLiteral', start: pattern.startIndex, end: pattern.endIndex, quasis, expressions };
  }
}
