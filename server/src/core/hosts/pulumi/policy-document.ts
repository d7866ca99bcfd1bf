import type { Node } from '@babel/types';
import type { JsonNode } from '../../policy/model';
import type { HostJsonNode } from '../../policy/parse-policy';
import type { Span } from '../../text/span';
import { impliedString } from '../terraform/hcl';
import { arrayNode, conditionOperatorNodes, objectNode, propertyNode, type ConditionOperatorParts } from '../terraform/nodes';
import { calleeName, propertyKey, resolved, sourceOf, spanOf, type CdkSource } from '../cdk/syntax';
import { listOf, placeholderNode, stringOf } from '../cdk/values';

/** A statement's list arguments and the JSON element each writes (camelCase in TypeScript, snake_case in Python). */
const LISTS: Readonly<Record<string, string>> = { actions: 'Action', notActions: 'NotAction', resources: 'Resource', notResources: 'NotResource' };

/** `not_actions` → `notActions`: one spelling of the arguments for both languages. */
function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The policy `aws.iam.getPolicyDocument({ statements: [...] })` renders (Pulumi's form of Terraform's
 * `aws_iam_policy_document`, with the same rules: `effect` defaults to Allow, principals merge by type, conditions by
 * test and variable), each element's key node the argument that writes it. CDK for Terraform's `new
 * DataAwsIamPolicyDocument(this, 'doc', { statement: [...] })` names its blocks as Terraform does (`statement`,
 * `condition`). Undefined when the statements are not a
 * list written here (`statements: props.statements`): only the program's run knows them.
 * https://www.pulumi.com/registry/packages/aws/api-docs/iam/getpolicydocument/
 */
export function policyDocumentOfArgs(source: CdkSource, call: Node, args: Node): JsonNode | undefined {
  const members = argumentsOf(source, args);
  const statements = members.get('statements') ?? members.get('statement');
  const list = statements && resolved(source, statements.value);
  if (!statements || list?.type !== 'ArrayExpression') return undefined;
  const head = headOf(call);
  const items: JsonNode[] = [];
  for (const element of list.elements) {
    const statement = element && element.type !== 'SpreadElement' ? resolved(source, element) : undefined;
    if (statement) items.push(statementOfArgs(source, statement));
  }
  const properties: JsonNode[] = [];
  const version = members.get('version');
  properties.push(
    version ? propertyNode(spanOf(version.member), 'Version', spanOf(version.member.key), stringOf(source, version.value)) : propertyNode(head, 'Version', head, impliedString('2012-10-17', head)),
  );
  const id = members.get('policyId');
  if (id) properties.push(propertyNode(spanOf(id.member), 'Id', spanOf(id.member.key), stringOf(source, id.value)));
  properties.push(propertyNode(spanOf(statements.member), 'Statement', spanOf(statements.member.key), arrayNode(spanOf(list), items)));
  const root = objectNode(spanOf(args), properties);
  // Statements merged in from other documents, or arguments we do not read: the rendered policy may hold more.
  const unread = [...members].filter(([key]) => !['statements', 'statement', 'version', 'policyId'].includes(key)).map(([, member]) => sourceOf(source, member.member));
  unread.push(...unreadMembers(source, args));
  if (unread.length > 0) (root as HostJsonNode).unreadMembers = unread;
  return root;
}

/**
 * An SST permission (`permissions: [{ actions, resources, effect, conditions }]` of an `sst.aws.Function`, or
 * `sst.aws.permission({ … })`) as the statement SST writes into the function's role: `effect` is SST's `"allow"` or
 * `"deny"`, Allow when absent. https://sst.dev/docs/component/aws/function/#permissions
 */
export function sstPermissionStatement(source: CdkSource, permission: Node): JsonNode {
  return statementOfArgs(source, permission, true);
}

/** One statement's arguments (`{ actions, resources, principals, conditions }`) as the JSON statement. */
function statementOfArgs(source: CdkSource, statement: Node, sstEffect = false): JsonNode {
  const span = spanOf(statement);
  const members = argumentsOf(source, statement);
  const properties: JsonNode[] = [];
  const unread = unreadMembers(source, statement);
  const sid = members.get('sid');
  if (sid) properties.push(propertyNode(spanOf(sid.member), 'Sid', spanOf(sid.member.key), stringOf(source, sid.value)));
  const effect = members.get('effect');
  const head = { start: span.start, end: Math.min(span.end, span.start + 1) };
  properties.push(
    effect ? propertyNode(spanOf(effect.member), 'Effect', spanOf(effect.member.key), effectOf(source, effect.value, sstEffect)) : propertyNode(head, 'Effect', head, impliedString('Allow', head)),
  );
  for (const [key, element] of Object.entries(LISTS)) {
    const list = members.get(key);
    if (list) properties.push(propertyNode(spanOf(list.member), element, spanOf(list.member.key), listOf(source, list.value)));
  }
  for (const [key, element] of [
    ['principals', 'Principal'],
    ['notPrincipals', 'NotPrincipal'],
  ]) {
    const principals = members.get(key);
    if (principals) properties.push(propertyNode(spanOf(principals.member), element, spanOf(principals.member.key), principalsOf(source, principals.value)));
  }
  const conditions = members.get('conditions') ?? members.get('condition');
  if (conditions) properties.push(propertyNode(spanOf(conditions.member), 'Condition', spanOf(conditions.member.key), conditionsOf(source, conditions.value)));
  for (const [key, member] of members) if (!['sid', 'effect', 'principals', 'notPrincipals', 'conditions', 'condition'].includes(key) && !(key in LISTS)) unread.push(sourceOf(source, member.member));
  const node = objectNode(span, properties);
  if (unread.length > 0) (node as HostJsonNode).unreadMembers = unread;
  return node;
}

/** The Effect an argument writes: SST spells it `"allow"` or `"deny"`, which is IAM's Allow or Deny. */
function effectOf(source: CdkSource, expression: Node, sstEffect: boolean): JsonNode {
  const node = resolved(source, expression);
  if (sstEffect && node.type === 'StringLiteral' && (node.value === 'allow' || node.value === 'deny')) return impliedString(node.value === 'allow' ? 'Allow' : 'Deny', spanOf(node));
  return stringOf(source, expression);
}

/**
 * `principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }]` merged by type; `type: '*'` with
 * identifiers `['*']` is everyone. A principal whose type the program computes makes the element one placeholder.
 */
function principalsOf(source: CdkSource, expression: Node): JsonNode {
  const list = resolved(source, expression);
  if (list.type !== 'ArrayExpression') return placeholderNode(source, expression);
  const byType = new Map<string, { span: Span; keySpan: Span; values: JsonNode[] }>();
  let everyone: JsonNode | undefined;
  for (const element of list.elements) {
    const principal = element && element.type !== 'SpreadElement' ? resolved(source, element) : undefined;
    const members = principal ? argumentsOf(source, principal) : undefined;
    const type = members?.get('type');
    const typeNode = type && resolved(source, type.value);
    if (!principal || !members || typeNode?.type !== 'StringLiteral') return placeholderNode(source, expression);
    const identifiers = members.get('identifiers');
    const values = identifiers ? (listOf(source, identifiers.value).children ?? [listOf(source, identifiers.value)]) : [];
    if (typeNode.value === '*' && values.length > 0 && values.every((value) => value.value === '*')) {
      everyone ??= values[0];
      continue;
    }
    const entry = byType.get(typeNode.value) ?? { span: spanOf(principal), keySpan: spanOf(typeNode), values: [] };
    entry.values.push(...values);
    byType.set(typeNode.value, entry);
  }
  if (everyone && byType.size === 0) return everyone;
  const entries = [...byType].map(([type, entry]) => propertyNode(entry.span, type, entry.keySpan, arrayNode(entry.span, entry.values)));
  return objectNode(spanOf(list), entries);
}

/**
 * `conditions: [{ test, variable, values }]` merged into `{ test: { variable: values } }`, values of the same test and
 * variable appended in order, as the provider renders them. A test the program computes is a test left unread.
 */
function conditionsOf(source: CdkSource, expression: Node): JsonNode {
  const list = resolved(source, expression);
  const unread: string[] = [];
  const operators = new Map<string, ConditionOperatorParts>();
  const elements = list.type === 'ArrayExpression' ? list.elements : [];
  if (list.type !== 'ArrayExpression') unread.push(sourceOf(source, expression));
  for (const element of elements) {
    const condition = element && element.type !== 'SpreadElement' ? resolved(source, element) : undefined;
    const members = condition ? argumentsOf(source, condition) : undefined;
    const test = members?.get('test');
    const variable = members?.get('variable');
    const testNode = test && resolved(source, test.value);
    if (!condition || !members || !test || !variable || testNode?.type !== 'StringLiteral') {
      if (element) unread.push(sourceOf(source, element));
      continue;
    }
    const variableNode = stringOf(source, variable.value);
    const values = members.get('values');
    const items = values ? (listOf(source, values.value).children ?? [listOf(source, values.value)]) : [];
    let operator = operators.get(testNode.value);
    if (!operator) operators.set(testNode.value, (operator = { span: spanOf(condition), testSpan: spanOf(testNode), keys: new Map() }));
    const name = String(variableNode.value);
    const key = operator.keys.get(name);
    if (key) key.items = [...(key.items ?? []), ...items];
    else operator.keys.set(name, { span: spanOf(condition), key: variableNode, keySpan: spanOf(variable.value), valueSpan: values ? spanOf(values.value) : spanOf(condition), items });
  }
  const node = objectNode(spanOf(list), conditionOperatorNodes(operators));
  if (unread.length > 0) (node as HostJsonNode).unreadTests = unread;
  return node;
}

/**
 * The object of arguments a value writes: the object itself, or the keyword arguments of Python's argument classes
 * (`aws.iam.GetPolicyDocumentStatementArgs(actions=[…])`, `GetPolicyDocumentStatementPrincipalArgs(type=…)`).
 */
export function argumentsObject(source: CdkSource, node: Node): Node {
  const value = resolved(source, node);
  if (value.type !== 'NewExpression' && value.type !== 'CallExpression') return value;
  const name = calleeName(value) ?? '';
  // Pulumi's `RoleInlinePolicyArgs(…)`; CDK for Terraform's structs in Python, a class called with keywords alone
  // (`IamRoleInlinePolicy(name=…, policy=…)`, `DataAwsIamPolicyDocumentStatement(actions=…)`).
  const struct = /Args(?:Dict)?$/.test(name) || (source.language === 'python' && /^[A-Z]/.test(name) && value.arguments.length === 1);
  const object = struct ? value.arguments.find((argument) => argument.type === 'ObjectExpression') : undefined;
  return object ?? value;
}

type Member = { member: Node & { type: 'ObjectProperty' }; value: Node };

/** An object's arguments by name (camelCase), each with its property. */
function argumentsOf(source: CdkSource, node: Node): Map<string, Member> {
  const members = new Map<string, Member>();
  const object = argumentsObject(source, node);
  if (object.type !== 'ObjectExpression') return members;
  for (const member of object.properties) {
    const key = propertyKey(member);
    if (member.type === 'ObjectProperty' && key !== undefined) members.set(camelCase(key), { member, value: member.value });
  }
  return members;
}

/** The members of an object written as a spread or with a computed key: the program fills them in. */
function unreadMembers(source: CdkSource, node: Node): string[] {
  const object = argumentsObject(source, node);
  if (object.type !== 'ObjectExpression') return [sourceOf(source, node)];
  return object.properties.filter((member) => member.type !== 'ObjectProperty' || propertyKey(member) === undefined).map((member) => sourceOf(source, member));
}

/** `aws.iam.getPolicyDocument`: where an implied Version is reported. */
function headOf(call: Node): Span {
  return call.type === 'CallExpression' ? spanOf(call.callee) : spanOf(call);
}
