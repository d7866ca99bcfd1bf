import type { HclNode as SyntaxNode } from './syntax';
import type { JsonNode } from '../../policy/model';
import type { HostJsonNode } from '../../policy/parse-policy';
import {
  attributesOf,
  blockHeader,
  blocksNamed,
  bodyOf,
  functionArguments,
  impliedString,
  listStrings,
  objectValues,
  scalarOf,
  spanOfSyntax,
  templateOf,
  throughLocal,
  unwrap,
  type Attribute,
} from './hcl';
import { arrayNode, conditionOperatorNodes, convertedToString, objectNode, propertyNode, stringNode, type ConditionOperatorParts } from './nodes';
import { namesBoundSymbol, valueOfExpression, withSymbols } from './expansion';
import type { TemplateText } from './template';

/**
 * `data "aws_iam_policy_document"` as the JSON the AWS provider renders from it (terraform-provider-aws,
 * website/docs/d/iam_policy_document.html.markdown): `version` defaults to 2012-10-17 and `effect` to Allow,
 * `principals`/`not_principals` blocks merge by `type` (`type = "*"` is the `"Principal": "*"` form), `condition`
 * blocks merge by `test` and then `variable`, and `&{…}` is written for the IAM variable `${…}`. Each element's
 * key node is the HCL name that wrote it, so findings land on `actions`, on one string in it, or on a block.
 * A data source with source or override documents is this data source's own part of the merge (merge.ts).
 */
export function policyDocumentNodes(text: string, block: SyntaxNode): JsonNode {
  const body = bodyOf(block);
  const attributes = attributesOf(body);
  const statements = blocksNamed(body, 'statement', text);
  const header = block.namedChildren.filter((child) => child?.type === 'string_lit');
  const nameSpan = spanOfSyntax(header[1] ?? header[0] ?? block);
  const properties: JsonNode[] = [];
  const version = attributes.get('version');
  properties.push(version ? scalarProperty(text, version, 'Version') : propertyNode(nameSpan, 'Version', nameSpan, impliedString('2012-10-17', nameSpan)));
  const id = attributes.get('policy_id');
  if (id) properties.push(scalarProperty(text, id, 'Id'));
  if (statements.length > 0) {
    const items = statements.map(({ block: statementBlock, keyword, body: statementBody, symbols }) => withSymbols(symbols, () => statementNode(text, statementBlock, keyword, statementBody)));
    const dynamicBlocks = statements.map(({ block: statementBlock, symbols }) => (symbols === undefined && blockHeader(statementBlock)[0] === 'dynamic' ? statementBlock : undefined));
    markExclusiveGuards(text, dynamicBlocks, items);
    markMaybeAbsent(text, dynamicBlocks, items);
    const first = statements[0];
    const span = { start: first.block.startIndex, end: statements[statements.length - 1].block.endIndex };
    properties.push(propertyNode(span, 'Statement', spanOfSyntax(first.keyword), arrayNode(span, items)));
  }
  return objectNode(spanOfSyntax(block), properties);
}

/**
 * The policy a module makes of a list (or map) of statements given as objects in the policy document's own terms
 * (terraform-aws-modules' `policy_statements`, `key_statements`, `queue_policy_statements`: `{ sid, effect, actions,
 * resources, principals = [{ type, identifiers }], condition = [{ test, variable, values }] }`), each object read as a
 * `statement` block; undefined when the value holds no such object.
 */
export function statementListNodes(text: string, value: SyntaxNode, keyword: SyntaxNode): JsonNode | undefined {
  const node = unwrap(value);
  const elements =
    node.type === 'tuple' ? node.namedChildren.filter((child) => child?.type === 'expression').map((child) => unwrap(child!)) : node.type === 'object' ? objectValues(node).map(unwrap) : [];
  const objects = elements.filter((element): element is SyntaxNode => element?.type === 'object' && isStatementObject(element));
  if (objects.length === 0 || objects.length !== elements.length) return undefined;
  const span = spanOfSyntax(value);
  const keywordSpan = spanOfSyntax(keyword);
  return objectNode(span, [
    propertyNode(keywordSpan, 'Version', keywordSpan, impliedString('2012-10-17', keywordSpan)),
    propertyNode(
      span,
      'Statement',
      keywordSpan,
      arrayNode(
        span,
        objects.map((object) => withModuleResource(object, statementNode(text, object, object, object, conditionArgumentOf(object)))),
      ),
    ),
  ]);
}

/**
 * A statement object without resources: the module fills in its own resource (terraform-aws-modules' sqs, sns, msk and
 * kms modules write `try(statement.value.resources, [aws_sqs_queue.this.arn])`), so the statement has a Resource known
 * when the module is applied, written here as one placeholder at the object.
 */
function withModuleResource(object: SyntaxNode, statement: JsonNode): JsonNode {
  const attributes = attributesOf(object);
  // Only a resource policy's statements (they name principals) take the module's resource; an identity or trust module adds none.
  if (attributes.has('resources') || attributes.has('not_resources') || !(attributes.has('principals') || attributes.has('not_principals'))) return statement;
  const span = spanOfSyntax(object);
  const source = "the module's resource";
  const value = '${' + source + '}';
  const resource = stringNode(span, {
    value,
    offsets: [...Array.from({ length: value.length }, () => span.start), span.start + 1],
    placeholders: [{ start: 0, end: value.length, kind: 'arn', source }],
  });
  const at = { start: span.start, end: span.start + 1 };
  return objectNode(span, [...(statement.children ?? []), propertyNode(at, 'Resource', at, resource)]);
}

// A statement object names its actions (or not_actions); a map of other settings is no statement list.
function isStatementObject(object: SyntaxNode): boolean {
  const attributes = attributesOf(object);
  return (attributes.has('actions') || attributes.has('not_actions')) && [...attributes.keys()].every((key) => STATEMENT_ARGUMENTS.has(key));
}

// Modules name a statement's conditions `condition` (terraform-aws-modules' current versions) or `conditions` (sqs up to
// 4.x, sns up to 6.x, kms up to 3.x, ecr 2.x): the one written is read.
const STATEMENT_ARGUMENTS = new Set(['sid', 'effect', 'actions', 'not_actions', 'resources', 'not_resources', 'principals', 'not_principals', 'condition', 'conditions']);

function conditionArgumentOf(object: SyntaxNode): string {
  const attributes = attributesOf(object);
  return attributes.has('conditions') && !attributes.has('condition') ? 'conditions' : 'condition';
}

/**
 * Dynamic statement blocks whose `for_each` is `… && var.kind == "private" ? [1] : []` in one and `… == "public"` in
 * another are never both in one deployed policy (terraform-aws-modules' ecr gives both a `ReadWrite` Sid so): each
 * such statement is marked as written in the branch of its value of that choice (HostJsonNode.branches), so that no
 * rule compares the two as if they were. Only a choice that two statements guard with different values is marked.
 */
function markExclusiveGuards(text: string, dynamicBlocks: readonly (SyntaxNode | undefined)[], items: readonly JsonNode[]): void {
  const guards = dynamicBlocks.map((block) => {
    const forEach = block && attributesOf(bodyOf(block)).get('for_each')?.value;
    return forEach ? guardEqualities(text, forEach) : undefined;
  });
  const valuesOf = new Map<string, Set<string>>();
  for (const guard of guards) for (const [subject, value] of guard ?? []) valuesOf.set(subject, (valuesOf.get(subject) ?? new Set()).add(value));
  const choices = new Map<string, { choice: object; branches: string[] }>();
  guards.forEach((guard, index) => {
    for (const [subject, value] of guard ?? []) {
      if ((valuesOf.get(subject)?.size ?? 0) < 2) continue;
      let choice = choices.get(subject);
      if (!choice) choices.set(subject, (choice = { choice: {}, branches: [] }));
      if (!choice.branches.includes(value)) choice.branches.push(value);
      const host = items[index] as HostJsonNode;
      host.branches = [...(host.branches ?? []), { choice: choice.choice, branch: choice.branches.indexOf(value) }];
    }
  });
}

/**
 * A dynamic statement block whose `for_each` the reader cannot evaluate (`var.enabled ? [1] : []`, `var.statements`)
 * writes its statement zero or more times: it is marked as written in the one branch of a choice its `for_each` makes
 * (HostJsonNode.branches), so that it is not taken to be in the policy whenever another statement is. Blocks with the
 * same `for_each` share the choice. terraform-aws-modules' kms gives the `Default` and `KeyOwner` statements the same
 * actions, each under a `for_each` of its own: neither makes the other redundant.
 */
function markMaybeAbsent(text: string, dynamicBlocks: readonly (SyntaxNode | undefined)[], items: readonly JsonNode[]): void {
  const choices = new Map<string, object>();
  dynamicBlocks.forEach((block, index) => {
    const forEach = block && attributesOf(bodyOf(block)).get('for_each')?.value;
    if (!forEach) return;
    const written = text.slice(forEach.startIndex, forEach.endIndex).replace(/\s+/g, ' ');
    let choice = choices.get(written);
    if (!choice) choices.set(written, (choice = {}));
    const host = items[index] as HostJsonNode;
    host.branches = [...(host.branches ?? []), { choice, branch: 0 }];
  });
}

/**
 * The equalities a `for_each` of the form `condition ? list : []` requires of its condition, as written subject → literal
 * (`var.repository_type` → `private`): each `subject == "literal"` joined by `&&`. Empty for any other form.
 */
function guardEqualities(text: string, forEach: SyntaxNode): Map<string, string> {
  const found = new Map<string, string>();
  const node = unwrap(forEach);
  if (node.type !== 'conditional') return found;
  const [condition, , otherwise] = node.namedChildren.filter((child) => child.type === 'expression');
  if (!condition || !otherwise || !isEmptyCollection(otherwise)) return found;
  const visit = (expression: SyntaxNode): void => {
    let current = expression;
    while ((current.type === 'expression' || current.type === 'operation') && current.namedChildCount === 1) current = current.firstNamedChild!;
    if (current.type !== 'binary_operation') return;
    const operator = current.children.find((child) => !child.isNamed && (child.type === '&&' || child.type === '=='));
    if (!operator) return;
    const before = current.children.filter((child) => child.endIndex <= operator.startIndex);
    const after = current.children.filter((child) => child.startIndex >= operator.endIndex);
    if (operator.type === '&&') {
      for (const side of [before, after]) if (side.length === 1) visit(side[0]);
      return;
    }
    const literal = (side: SyntaxNode[]) => (side.length === 1 ? stringLiteralOf(side[0]) : undefined);
    const subject = (side: SyntaxNode[]) => (side.length > 0 ? text.slice(side[0].startIndex, side[side.length - 1].endIndex).replace(/\s+/g, '') : undefined);
    const [left, right] = [literal(before), literal(after)];
    if (right !== undefined && left === undefined && subject(before)) found.set(subject(before)!, right);
    else if (left !== undefined && right === undefined && subject(after)) found.set(subject(after)!, left);
  };
  visit(condition);
  return found;
}

// `[]`, `{}`, `toset([])`: a for_each of no elements.
function isEmptyCollection(expression: SyntaxNode): boolean {
  const node = unwrap(expression);
  if (node.type === 'tuple' || node.type === 'object')
    return node.namedChildren.every((child) => child.type === 'tuple_start' || child.type === 'tuple_end' || child.type === 'object_start' || child.type === 'object_end');
  const name = node.type === 'function_call' ? node.firstNamedChild?.text : undefined;
  const [argument, ...rest] = node.type === 'function_call' ? functionArguments(node) : [];
  return (name === 'toset' || name === 'tolist' || name === 'tomap') && argument !== undefined && rest.length === 0 && isEmptyCollection(argument);
}

// The text of a literal string without interpolation (`"private"`), else undefined.
function stringLiteralOf(node: SyntaxNode): string | undefined {
  let current = node;
  while ((current.type === 'expression' || current.type === 'literal_value') && current.namedChildCount === 1) current = current.firstNamedChild!;
  if (current.type !== 'string_lit') return undefined;
  const parts = current.namedChildren.filter((child) => child.type !== 'quoted_template_start' && child.type !== 'quoted_template_end');
  if (parts.length > 1 || (parts.length === 1 && parts[0].type !== 'template_literal')) return undefined;
  return parts.length === 0 ? '' : parts[0].text;
}

function scalarProperty(text: string, attribute: Attribute, key: string, iamVariables = true): JsonNode {
  return propertyNode(spanOfSyntax(attribute.node), key, spanOfSyntax(attribute.name), attribute.value ? scalarOf(text, attribute.value, iamVariables) : undefined);
}

function listProperty(text: string, attribute: Attribute, key: string): JsonNode {
  const value = attribute.value ? arrayNode(spanOfSyntax(attribute.value), listStrings(text, attribute.value, true).items.map(convertedToString)) : undefined;
  return propertyNode(spanOfSyntax(attribute.node), key, spanOfSyntax(attribute.name), value);
}

const LISTS: [string, string][] = [
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

/**
 * Whether an expression may be null, which the provider reads as an unset argument: `null`, `lookup(m, "k", null)`,
 * `try(x, null)`, `c ? x : null` (the idiom of dynamic statement blocks fed from a variable), and any reference
 * (`statement.value.not_actions`, `var.actions`), whose value may be null when the module is applied: only a literal
 * list or string, or a list function, is certainly set.
 */
function mayBeNull(expression: SyntaxNode | undefined): boolean {
  if (!expression) return false;
  const node = unwrap(expression);
  if (node.type === 'null_lit') return true;
  if (node.type === 'expression' && node.firstNamedChild?.type === 'variable_expr') return !throughLocal(expression, () => true);
  if (node.type === 'function_call') return functionArguments(node).some((argument) => unwrap(argument).type === 'null_lit');
  if (node.type === 'conditional')
    return node.namedChildren
      .filter((child) => child.type === 'expression')
      .slice(1)
      .some((branch) => unwrap(branch).type === 'null_lit');
  return false;
}

/**
 * Of two arguments that exclude each other (`actions` and `not_actions`), the ones to read: both when both are
 * certain (the conflict is real), else the certain one, else (both may be null, as in a dynamic block fed from a
 * variable) the first, which is one placeholder and reports nothing.
 */
function exclusive<T>(first: T | undefined, second: T | undefined, maybeNull: (value: T) => boolean): [T | undefined, T | undefined] {
  if (!first || !second) return [first, second];
  const [a, b] = [maybeNull(first), maybeNull(second)];
  if (!a && !b) return [first, second];
  if (a && b) return [first, undefined];
  return a ? [undefined, second] : [first, undefined];
}

/** The statement a `statement` block (or one copy of a dynamic one) makes. */
function isEmptyList(attribute: Attribute | undefined): boolean {
  const value = attribute?.value && unwrap(attribute.value);
  return value?.type === 'tuple' && value.namedChildren.every((child) => child?.type !== 'expression');
}

export function statementNode(text: string, block: SyntaxNode, keyword: SyntaxNode, body: SyntaxNode | undefined, conditionArgument = 'condition'): JsonNode {
  const attributes = attributesOf(body);
  // An argument set to a literal null is not set, nor one a dynamic block's copy evaluates to null
  // (`lookup(statement.value, "not_actions", null)`); one it evaluates to something else is certainly set.
  const certain = new Set<Attribute>();
  for (const [name, attribute] of attributes) {
    if (!attribute.value) continue;
    if (unwrap(attribute.value).type === 'null_lit') attributes.delete(name);
    else if (namesBoundSymbol(attribute.value)) {
      const value = valueOfExpression(attribute.value, text);
      if (value === null) attributes.delete(name);
      else if (value !== undefined) certain.add(attribute);
    }
  }
  for (const [first, second] of [
    ['actions', 'not_actions'],
    ['resources', 'not_resources'],
  ]) {
    // The provider leaves an empty list out of the JSON: `resources = []` beside `not_resources` is no second element
    // (AWS's MWAA sample, orchestration sweep: a FALSE element-conflict error and empty-value warning).
    for (const [name, other] of [
      [first, second],
      [second, first],
    ])
      if (isEmptyList(attributes.get(name)) && attributes.has(other)) attributes.delete(name);
    const kept = exclusive(attributes.get(first), attributes.get(second), (attribute) => !certain.has(attribute) && mayBeNull(attribute.value));
    if (!kept[0]) attributes.delete(first);
    if (!kept[1]) attributes.delete(second);
  }
  const properties: JsonNode[] = [];
  const sid = attributes.get('sid');
  if (sid) properties.push(scalarProperty(text, sid, 'Sid'));
  const effect = attributes.get('effect');
  const keywordSpan = spanOfSyntax(keyword);
  properties.push(effect ? scalarProperty(text, effect, 'Effect') : propertyNode(keywordSpan, 'Effect', keywordSpan, impliedString('Allow', keywordSpan)));
  for (const [name, key] of LISTS) {
    const attribute = attributes.get(name);
    if (attribute) properties.push(listProperty(text, attribute, key));
  }
  // A Principal read from dynamic blocks of unknown type is one placeholder, which may as well be absent.
  const placeholderValue = (property: JsonNode) => Boolean((property.children?.[1] as HostJsonNode | undefined)?.placeholders?.length);
  const principals = exclusive(principalProperty(text, body, 'principals', 'Principal'), principalProperty(text, body, 'not_principals', 'NotPrincipal'), placeholderValue);
  for (const principal of principals) if (principal) properties.push(principal);
  const condition = conditionProperty(text, body, conditionArgument);
  if (condition) properties.push(condition);
  return objectNode(spanOfSyntax(block), properties);
}

/** `principals { type, identifiers }` blocks merged by type into one Principal object, or `"*"` for `type = "*"`. */
function principalProperty(text: string, body: SyntaxNode | undefined, name: string, key: string): JsonNode | undefined {
  const blocks = blocksNamed(body, name, text);
  if (blocks.length === 0) return undefined;
  const span = { start: blocks[0].block.startIndex, end: blocks[blocks.length - 1].block.endIndex };
  const keySpan = spanOfSyntax(blocks[0].keyword);
  const byType = new Map<string, { keySpan: { start: number; end: number }; span: { start: number; end: number }; values: JsonNode[]; valueSpan: { start: number; end: number } }>();
  let wildcard: JsonNode | undefined;
  let unknown: SyntaxNode | undefined;
  for (const { block, keyword, body: principalBody, symbols } of blocks) {
    const attributes = attributesOf(principalBody);
    const typeAttribute = attributes.get('type');
    const identifiers = attributes.get('identifiers');
    const typeTemplate = withSymbols(symbols, () => (typeAttribute?.value ? typeOf(text, typeAttribute.value) : undefined));
    if (typeAttribute?.value && (!typeTemplate || typeTemplate.placeholders.length > 0)) {
      // `type = principals.value.type` in a dynamic block: which principals these are is known only at plan time.
      unknown ??= typeAttribute.value;
      continue;
    }
    const type = typeTemplate?.value ?? '';
    const values = identifiers?.value ? withSymbols(symbols, () => listStrings(text, identifiers.value!, true).items.map(convertedToString)) : [];
    if (type === '*' && values.length > 0 && values.every((value) => value.value === '*')) {
      wildcard ??= values[0];
      continue;
    }
    const typeSpan = typeAttribute?.value ? spanOfSyntax(typeAttribute.value) : spanOfSyntax(keyword);
    const valueSpan = identifiers?.value ? spanOfSyntax(identifiers.value) : spanOfSyntax(block);
    const entry = byType.get(type);
    if (entry) entry.values.push(...values);
    else byType.set(type, { keySpan: typeSpan, span: spanOfSyntax(block), values, valueSpan });
  }
  if (byType.size === 0 && wildcard) return propertyNode(span, key, keySpan, wildcard);
  // Only principals of unknown type: the element is there, its value one placeholder, so no rule reports it missing or wrong.
  if (byType.size === 0 && unknown) return propertyNode(span, key, keySpan, scalarOf(text, unknown, false));
  const entries = [...byType].map(([type, entry]) => propertyNode(entry.span, type, entry.keySpan, arrayNode(entry.valueSpan, entry.values)));
  return propertyNode(span, key, keySpan, objectNode(span, entries));
}

/** `condition { test, variable, values }` blocks merged into `{test: {variable: values}}`. */
function conditionProperty(text: string, body: SyntaxNode | undefined, name = 'condition'): JsonNode | undefined {
  const blocks = blocksNamed(body, name, text);
  if (blocks.length === 0) return undefined;
  const span = { start: blocks[0].block.startIndex, end: blocks[blocks.length - 1].block.endIndex };
  const operators = new Map<string, ConditionOperatorParts>();
  const unread: string[] = [];
  for (const { block, keyword, body: conditionBody, symbols } of blocks) {
    const attributes = attributesOf(conditionBody);
    const test = attributes.get('test');
    const variable = attributes.get('variable');
    const values = attributes.get('values');
    const testTemplate = withSymbols(symbols, () => (test?.value ? typeOf(text, test.value) : undefined));
    const variableTemplate = withSymbols(symbols, () => (variable?.value ? typeOf(text, variable.value, true) : undefined));
    // `test = condition.value.test` in a dynamic block, `variable = format("%s:sub", local.issuer)`: an operator or key
    // known only at plan time is not a test we can read, but it is a test (the Condition says so, see HostJsonNode).
    const unreadTest = test?.value && (!testTemplate || testTemplate.placeholders.length > 0) ? test.value : undefined;
    const unreadVariable = variable?.value && !variableTemplate ? variable.value : undefined;
    if (unreadTest || unreadVariable) {
      const expression = (unreadTest ?? unreadVariable)!;
      unread.push(text.slice(expression.startIndex, expression.endIndex));
      continue;
    }
    const testText = testTemplate?.value ?? '';
    const variableText = variableTemplate?.value ?? (variable?.value ? text.slice(variable.value.startIndex, variable.value.endIndex) : '');
    const items = values?.value ? withSymbols(symbols, () => listStrings(text, values.value!, true).items.map(convertedToString)) : undefined;
    const keySpan = variable?.value ? spanOfSyntax(variable.value) : spanOfSyntax(keyword);
    let operator = operators.get(testText);
    if (!operator) operators.set(testText, (operator = { span: spanOfSyntax(block), testSpan: test?.value ? spanOfSyntax(test.value) : spanOfSyntax(keyword), keys: new Map() }));
    // Blocks with the same test and variable are one key whose values the provider appends in order
    // (terraform-provider-aws, internal/service/iam/policy_model.go, the condition set's MarshalJSON).
    const key = operator.keys.get(variableText);
    if (key) {
      if (items) key.items = [...(key.items ?? []), ...items];
    } else {
      // A key the configuration computes (`variable = "${var.subject_key}"`) keeps its placeholders: it may be any key.
      const computed = variableTemplate && variableTemplate.placeholders.length > 0 ? stringNode(keySpan, variableTemplate) : undefined;
      operator.keys.set(variableText, { span: spanOfSyntax(block), ...(computed ? { key: computed } : {}), keySpan, valueSpan: values?.value ? spanOfSyntax(values.value) : undefined, items });
    }
  }
  if (operators.size === 0 && unread.length === 0) return undefined;
  const condition = objectNode(span, conditionOperatorNodes(operators)) as HostJsonNode;
  if (unread.length > 0) condition.unreadTests = unread;
  return propertyNode(span, 'Condition', spanOfSyntax(blocks[0].keyword), condition);
}

/**
 * A string argument that says what a block is (a principal's `type`, a condition's `test` and `variable`): a string
 * or template, or in a dynamic block's copy the string its iterator gives (`type = principals.value.type`).
 */
function typeOf(text: string, expression: SyntaxNode, iamVariables = false): TemplateText | undefined {
  const template = templateOf(text, expression, iamVariables);
  if (template || !namesBoundSymbol(expression)) return template;
  const made = scalarOf(text, expression, iamVariables);
  return made.type === 'string' && typeof made.value === 'string'
    ? { value: made.value, offsets: [...Array.from({ length: made.value.length }, () => made.offset), made.offset + made.length], placeholders: [...((made as HostJsonNode).placeholders ?? [])] }
    : undefined;
}

/** The data source's address, `data.aws_iam_policy_document.name`, when `block` is one. */
export function policyDocumentAddress(block: SyntaxNode): string | undefined {
  const [kind, type, name] = blockHeader(block);
  return kind === 'data' && type === 'aws_iam_policy_document' && name !== undefined ? `data.aws_iam_policy_document.${name}` : undefined;
}
