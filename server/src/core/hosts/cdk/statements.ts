import type { Node } from '@babel/types';
import type { JsonNode } from '../../policy/model';
import { spanOfNode, type HostJsonNode } from '../../policy/parse-policy';
import type { Span } from '../../text/span';
import { impliedString } from '../terraform/hcl';
import { arrayNode, objectNode, propertyNode, stringNode } from '../terraform/nodes';
import { calleeName, propertyKey, resolved, sourceOf, spanOf, type CdkSource } from './syntax';
import { jsonShapedOf, listOf, placeholderNode, stringOf } from './values';
import type { AddedValues } from './reader';

/** PolicyStatementProps (aws-cdk-lib/aws-iam) and the JSON element each writes. */
const LISTS: Readonly<Record<string, string>> = { actions: 'Action', notActions: 'NotAction', resources: 'Resource', notResources: 'NotResource' };

/**
 * The statement a `new PolicyStatement({ … })` makes, as the JSON CDK synthesizes from it (PolicyStatement.toJSON):
 * `effect` defaults to Allow (`iam.Effect.DENY` is Deny), the lists keep their order, principals merge by type, and
 * `conditions` is written in the JSON shape already. Each element's key node is the property that writes it, so a
 * finding lands on `actions`, one string in it, or the `new` expression.
 *
 * `added`: what the app's `statement.addActions(…)`, `addResources(…)` and the like add to its lists;
 * `allResources`: its `statement.addAllResources()` call, which writes Resource "*". `mutated`: other changes the app
 * makes later, or the statement is returned from a function whose callers may change it: no rule may then say an
 * element is missing.
 */
export function statementOfProps(source: CdkSource, construct: Node, props: Node, mutated: readonly string[], allResources?: Node, added: readonly AddedValues[] = []): JsonNode | undefined {
  const object = resolved(source, props);
  if (object.type !== 'ObjectExpression') return undefined;
  const newSpan = spanOf(construct);
  // The `new` keyword and the class name: where an implied Effect or a missing element is reported.
  const head: Span = { start: newSpan.start, end: construct.type === 'NewExpression' ? construct.callee.end! : newSpan.end };
  const properties: JsonNode[] = [];
  const unread: string[] = [...mutated];
  let effect: JsonNode | undefined;
  for (const member of object.properties) {
    const key = propertyKey(member);
    if (member.type !== 'ObjectProperty' || key === undefined) {
      unread.push(sourceOf(source, member));
      continue;
    }
    const span = spanOf(member);
    const keySpan = spanOf(member.key);
    const value = member.value;
    if (key === 'sid') properties.push(propertyNode(span, 'Sid', keySpan, stringOf(source, value)));
    else if (key === 'effect') effect = propertyNode(span, 'Effect', keySpan, effectOf(source, value));
    else if (key in LISTS) properties.push(propertyNode(span, LISTS[key], keySpan, listOf(source, value)));
    else if (key === 'principals' || key === 'notPrincipals') {
      properties.push(propertyNode(span, key === 'principals' ? 'Principal' : 'NotPrincipal', keySpan, principalsOf(source, value)));
    } else if (key === 'conditions') properties.push(propertyNode(span, 'Condition', keySpan, conditionsOf(source, value)));
  }
  // `statement.addActions('s3:GetObject')` and the like: their values join the element's list (made at the first call
  // when the props have none), each at its place in the call.
  for (const { element, call, values } of added) {
    const items = values
      .flatMap((value) => (value.type === 'SpreadElement' ? listOf(source, value.argument) : listOf(source, value)))
      .flatMap((item) => (item.type === 'array' ? (item.children ?? []) : [item]));
    const at = properties.findIndex((property) => property.children?.[0]?.value === element);
    const [key, list] = at >= 0 ? (properties[at].children ?? []) : [];
    if (key && list) {
      const merged = arrayNode(spanOfNode(list), [...(list.type === 'array' ? (list.children ?? []) : [list]), ...items]);
      properties[at] = propertyNode(spanOfNode(properties[at]), element, spanOfNode(key), merged);
    } else properties.push(propertyNode(spanOf(call), element, spanOf((call as Node & { callee: Node }).callee), arrayNode(spanOf(call), items)));
  }
  // `statement.addAllResources()`: Resource "*", written by that call.
  if (allResources && !properties.some((property) => property.children?.[0]?.value === 'Resource')) {
    const call = spanOf(allResources);
    properties.push(propertyNode(call, 'Resource', call, impliedString('*', call)));
  }
  properties.unshift(effect ?? propertyNode(head, 'Effect', head, impliedString('Allow', head)));
  const statement = objectNode(newSpan, properties);
  if (unread.length > 0) (statement as HostJsonNode).unreadMembers = unread;
  return statement;
}

/** `iam.Effect.ALLOW`, `Effect.DENY`, or the string; anything else a placeholder. */
function effectOf(source: CdkSource, expression: Node): JsonNode {
  const node = resolved(source, expression);
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const member = node.property.name;
    if (member === 'ALLOW' || member === 'DENY') return impliedString(member === 'ALLOW' ? 'Allow' : 'Deny', spanOf(node));
  }
  return stringOf(source, expression);
}

/** How CDK's principal classes are written in the policy JSON, by the type they write and the argument they take. */
const PRINCIPAL_CLASSES: Readonly<Record<string, string>> = {
  ServicePrincipal: 'Service',
  ArnPrincipal: 'AWS',
  AccountPrincipal: 'AWS',
  CanonicalUserPrincipal: 'CanonicalUser',
};

/**
 * `principals: [new iam.ServicePrincipal('lambda.amazonaws.com'), new iam.AccountPrincipal('111122223333')]` merged
 * by type, as CDK's PrincipalPolicyFragment writes them; `new iam.AnyPrincipal()` and `new iam.StarPrincipal()`
 * are everyone, and a role or user imported by its ARN (`iam.Role.fromRoleArn(…)`) is that ARN. Any other principal (a role's `grantPrincipal`, a FederatedPrincipal with its conditions, an
 * OrganizationPrincipal, which adds a condition) makes the element one placeholder: whom it names is known only at
 * synthesis, and a principal we cannot read must not read as missing or as everyone.
 */
function principalsOf(source: CdkSource, expression: Node): JsonNode {
  const list = resolved(source, expression);
  if (list.type !== 'ArrayExpression') return placeholderNode(source, expression);
  const byType = new Map<string, { span: Span; keySpan: Span; values: JsonNode[] }>();
  let everyone: JsonNode | undefined;
  for (const element of list.elements) {
    const principal = element && element.type !== 'SpreadElement' ? resolved(source, element) : undefined;
    const name = principal ? calleeName(principal) : undefined;
    // `iam.Role.fromRoleArn(this, 'Ci', 'arn:aws:iam::…:role/ci')`: a role or user of another stack, named by its ARN;
    // `iam.Role.fromRoleName(this, 'Ci', 'ci')` by its name, in the stack's account and partition.
    const imported = principal?.type === 'CallExpression' && name !== undefined && IMPORTED_PRINCIPALS[name] !== undefined ? principal.arguments[2] : undefined;
    if (imported && imported.type !== 'SpreadElement' && imported.type !== 'ArgumentPlaceholder') {
      const entry = byType.get('AWS') ?? { span: spanOf(principal!), keySpan: spanOf(principal!), values: [] };
      const written = stringOf(source, imported);
      const kind = IMPORTED_PRINCIPALS[name!];
      entry.values.push(kind === 'arn' ? written : stackArn(`iam::\${AWS::AccountId}:${kind}/`, written, spanOf(principal!)));
      byType.set('AWS', entry);
      continue;
    }
    if (!principal || principal.type !== 'NewExpression' || name === undefined) return placeholderNode(source, expression);
    if (name === 'AnyPrincipal' || name === 'StarPrincipal') {
      everyone ??= impliedString('*', spanOf(principal));
      continue;
    }
    const type = PRINCIPAL_CLASSES[name];
    const argument = principal.arguments[0];
    if (!type || !argument || argument.type === 'SpreadElement' || argument.type === 'ArgumentPlaceholder') return placeholderNode(source, expression);
    const entry = byType.get(type) ?? { span: spanOf(principal), keySpan: spanOf(principal.callee), values: [] };
    entry.values.push(stringOf(source, argument));
    byType.set(type, entry);
  }
  if (everyone && byType.size === 0) return everyone;
  if (everyone) byType.set('AWS', { span: spanOf(list), keySpan: spanOf(list), values: [everyone, ...(byType.get('AWS')?.values ?? [])] });
  const entries = [...byType].map(([type, entry]) => propertyNode(entry.span, type, entry.keySpan, arrayNode(entry.span, entry.values)));
  return objectNode(spanOf(list), entries);
}

/** The static methods that import a role or user as a principal, and what their third argument is. */
const IMPORTED_PRINCIPALS: Readonly<Record<string, 'arn' | 'role' | 'user'>> = { fromRoleArn: 'arn', fromUserArn: 'arn', fromRoleName: 'role', fromUserName: 'user' };

/**
 * `arn:${AWS::Partition}:<rest><name>`, as CDK synthesizes an ARN in the stack's partition and account: the prefix
 * implied by the call (its span), the name's characters where the code writes them.
 */
function stackArn(rest: string, name: JsonNode, call: Span): JsonNode {
  const host = name as HostJsonNode;
  const prefix = `arn:\${AWS::Partition}:${rest}`;
  const value = prefix + String(host.value ?? '');
  const nameStart = host.offset;
  const offsets = [...Array.from({ length: prefix.length }, () => call.start), ...Array.from({ length: value.length - prefix.length }, (_, i) => host.mapSpan?.(i, i + 1).start ?? nameStart)];
  offsets.push(host.mapSpan ? host.mapSpan(0, value.length - prefix.length).end : host.offset + host.length);
  const placeholders = [
    { start: 4, end: 4 + '${AWS::Partition}'.length, kind: 'partition' as const, source: '${AWS::Partition}' },
    { start: prefix.length - rest.length + 'iam::'.length, end: prefix.length - rest.length + 'iam::${AWS::AccountId}'.length, kind: 'account' as const, source: '${AWS::AccountId}' },
    ...(host.placeholders ?? []).map((hole) => ({ ...hole, start: hole.start + prefix.length, end: hole.end + prefix.length })),
  ];
  return stringNode({ start: call.start, end: host.offset + host.length }, { value, offsets, placeholders });
}

/**
 * `conditions`, written as the JSON's Condition object. A test CDK cannot show here (a spread, an operator whose
 * keys are a variable, a whole map from elsewhere) is a test left unread, so no rule reads the Condition as complete.
 */
function conditionsOf(source: CdkSource, expression: Node): JsonNode {
  const node = resolved(source, expression);
  const unread: string[] = [];
  const operators: JsonNode[] = [];
  if (node.type === 'ObjectExpression') {
    for (const member of node.properties) {
      const key = propertyKey(member);
      const value = member.type === 'ObjectProperty' ? resolved(source, member.value) : undefined;
      if (member.type !== 'ObjectProperty' || key === undefined || value?.type !== 'ObjectExpression') {
        unread.push(sourceOf(source, member));
        continue;
      }
      operators.push(propertyNode(spanOf(member), key, spanOf(member.key), jsonShapedOf(source, value)));
    }
  } else unread.push(sourceOf(source, expression));
  const condition = objectNode(spanOf(node.type === 'ObjectExpression' ? node : expression), operators);
  if (unread.length > 0) (condition as HostJsonNode).unreadTests = unread;
  return condition;
}
