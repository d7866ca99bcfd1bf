import type { Node } from '@babel/types';
import type { JsonNode, Placeholder } from '../../policy/model';
import { spanOfNode, type HostJsonNode } from '../../policy/parse-policy';
import type { Span } from '../../text/span';
import { impliedString } from '../terraform/hcl';
import { arrayNode, objectNode, propertyNode, stringNode } from '../terraform/nodes';
import { calleeName, propertyKey, resolved, sourceOf, spanOf, type CdkSource } from './syntax';
import { jsonShapedOf, listOf, placeholderNode, stringOf } from './values';

/** PolicyStatementProps (aws-cdk-lib/aws-iam) and the JSON element each writes. */
const LISTS: Readonly<Record<string, string>> = { actions: 'Action', notActions: 'NotAction', resources: 'Resource', notResources: 'NotResource' };

/** GrantOnPrincipalOptions: `Grant.addToPrincipal` makes a statement of `actions` on `resourceArns`. */
export const GRANT_LISTS: Readonly<Record<string, string>> = { actions: 'Action', resourceArns: 'Resource' };

/**
 * A call the app makes on a statement after making it: `statement.addResources(…)`, Python's `add_resources`, C#'s
 * `AddResources`, its method named as in TypeScript.
 */
export interface StatementCall {
  method: string;
  call: Node;
  args: Node[];
}

/** The PolicyStatement methods that add to a list, and the element each adds to. */
const LIST_METHODS: Readonly<Record<string, string>> = {
  addActions: 'Action',
  addNotActions: 'NotAction',
  addResources: 'Resource',
  addNotResources: 'NotResource',
  addAllResources: 'Resource',
};

/** The PolicyStatement methods that add principals, and the element each adds to. */
const PRINCIPAL_METHODS: Readonly<Record<string, 'Principal' | 'NotPrincipal'>> = {
  addPrincipals: 'Principal',
  addNotPrincipals: 'NotPrincipal',
  addAwsAccountPrincipal: 'Principal',
  addArnPrincipal: 'Principal',
  addServicePrincipal: 'Principal',
  addCanonicalUserPrincipal: 'Principal',
  addFederatedPrincipal: 'Principal',
  addAccountRootPrincipal: 'Principal',
  addAnyPrincipal: 'Principal',
};

/** The conditions CDK's one-key helpers write: `addSourceArnCondition(arn)` is `ArnEquals: { 'aws:SourceArn': arn }`. */
const CONDITION_HELPERS: Readonly<Record<string, { operator: string; key: string }>> = {
  addAccountCondition: { operator: 'StringEquals', key: 'sts:ExternalId' },
  addSourceAccountCondition: { operator: 'StringEquals', key: 'aws:SourceAccount' },
  addSourceArnCondition: { operator: 'ArnEquals', key: 'aws:SourceArn' },
};

/** The methods whose effect on a statement is read; any other call on it leaves the statement open to change. */
export const STATEMENT_METHODS: ReadonlySet<string> = new Set([...Object.keys(LIST_METHODS), ...Object.keys(PRINCIPAL_METHODS), ...Object.keys(CONDITION_HELPERS), 'addCondition', 'addConditions']);

/**
 * The statement a `new PolicyStatement({ … })` makes, as the JSON CDK synthesizes from it (PolicyStatement.toJSON):
 * `effect` defaults to Allow (`iam.Effect.DENY` is Deny), the lists keep their order, principals merge by type, and
 * `conditions` is written in the JSON shape already. Each element's key node is the property that writes it, so a
 * finding lands on `actions`, one string in it, or the `new` expression.
 *
 * `calls`: what the app's `statement.addActions(…)`, `addPrincipals(…)`, `addCondition(…)` and the like add, read
 * in order after the props, as CDK applies them. `mutated`: other changes the app makes later, or the statement is
 * returned from a function whose callers may change it: no rule may then say an element is missing.
 */
export function statementOfProps(
  source: CdkSource,
  construct: Node,
  props: Node,
  mutated: readonly string[],
  calls: readonly StatementCall[] = [],
  lists: Readonly<Record<string, string>> = LISTS,
): JsonNode | undefined {
  const object = resolved(source, props);
  if (object.type !== 'ObjectExpression') return undefined;
  const newSpan = spanOf(construct);
  // `new` and the class name, or the method called (`iam.Grant.addToPrincipal`): where an implied Effect or a missing element is reported.
  const head: Span = { start: newSpan.start, end: construct.type === 'NewExpression' || construct.type === 'CallExpression' ? construct.callee.end! : newSpan.end };
  const properties: JsonNode[] = [];
  const unread: string[] = [...mutated];
  const principals = new Map<'Principal' | 'NotPrincipal', PrincipalsWritten>();
  const conditions: ConditionsWritten = { parts: [] };
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
    else if (key in lists) properties.push(propertyNode(span, lists[key], keySpan, listOf(source, value)));
    else if (key === 'principals' || key === 'notPrincipals') {
      const list = resolved(source, value);
      const parts = list.type === 'ArrayExpression' ? principalPartsOfList(source, list.elements) : undefined;
      principals.set(key === 'principals' ? 'Principal' : 'NotPrincipal', { span, keySpan, listSpan: spanOf(list), parts: parts ?? placeholderNode(source, value) });
      // CDK adds the props' principals, and the conditions they bring, before the props' conditions.
      const brought = (parts ?? []).flatMap((part) => (part.conditions ? [part.conditions] : []));
      if (brought.length > 0) conditions.at ??= { span, keySpan };
      conditions.parts.unshift(...brought);
    } else if (key === 'conditions') {
      conditions.at = { span, keySpan };
      conditions.parts.push(conditionsOf(source, value));
    }
  }
  for (const call of calls) {
    const read = addCall(source, call, properties, principals, conditions);
    if (!read) unread.push(sourceOf(source, call.call));
  }
  for (const [element, written] of principals) properties.push(propertyNode(written.span, element, written.keySpan, principalsElement(written)));
  if (conditions.at && conditions.parts.length > 0) properties.push(propertyNode(conditions.at.span, 'Condition', conditions.at.keySpan, mergedConditions(conditions.parts, conditions.at.span)));
  properties.unshift(effect ?? propertyNode(head, 'Effect', head, impliedString('Allow', head)));
  const statement = objectNode(newSpan, properties);
  if (unread.length > 0) (statement as HostJsonNode).unreadMembers = unread;
  return statement;
}

/** A statement's principals as written so far: the parts to merge by type, or one placeholder for a list CDK cannot show. */
interface PrincipalsWritten {
  span: Span;
  keySpan: Span;
  listSpan: Span;
  parts: PrincipalPart[] | JsonNode;
}

/** A statement's Condition as written so far: its objects in the order CDK merges them, and where the element is. */
interface ConditionsWritten {
  at?: { span: Span; keySpan: Span };
  parts: JsonNode[];
}

/**
 * What one call adds to the statement, as CDK's method of that name does; false for a call whose arguments are not
 * what the method takes (its effect is then unknown).
 */
function addCall(
  source: CdkSource,
  { method, call, args }: StatementCall,
  properties: JsonNode[],
  principals: Map<'Principal' | 'NotPrincipal', PrincipalsWritten>,
  conditions: ConditionsWritten,
): boolean {
  const span = spanOf(call);
  const callee = spanOf((call as Node & { callee: Node }).callee);
  const element = LIST_METHODS[method];
  if (element) {
    // addAllResources() writes "*"; the others their arguments, each at its place in the call.
    const items =
      method === 'addAllResources'
        ? args.length === 0
          ? [impliedString('*', span)]
          : []
        : args
            .flatMap((value) => (value.type === 'SpreadElement' ? listOf(source, value.argument) : listOf(source, value)))
            .flatMap((item) => (item.type === 'array' ? (item.children ?? []) : [item]));
    if (items.length === 0) return false;
    const at = properties.findIndex((property) => property.children?.[0]?.value === element);
    const [key, list] = at >= 0 ? (properties[at].children ?? []) : [];
    if (key && list) {
      const merged = arrayNode(spanOfNode(list), [...(list.type === 'array' ? (list.children ?? []) : [list]), ...items]);
      properties[at] = propertyNode(spanOfNode(properties[at]), element, spanOfNode(key), merged);
    } else properties.push(propertyNode(span, element, callee, arrayNode(span, items)));
    return true;
  }
  const principalElement = PRINCIPAL_METHODS[method];
  if (principalElement) {
    const parts = principalPartsOfCall(source, method, call, args);
    const written = principals.get(principalElement) ?? { span, keySpan: callee, listSpan: span, parts: [] };
    if (!parts) written.parts = placeholderNode(source, call);
    else if (Array.isArray(written.parts)) written.parts = [...written.parts, ...parts];
    principals.set(principalElement, written);
    const brought = (parts ?? []).flatMap((part) => (part.conditions ? [part.conditions] : []));
    if (brought.length > 0) conditions.at ??= { span, keySpan: callee };
    conditions.parts.push(...brought);
    return parts !== undefined;
  }
  // A test the code computes (`addCondition(operator, …)`) may be any test: the Condition is not read as complete.
  const added = conditionsOfCall(source, method, call, args) ?? unreadConditions(sourceOf(source, call), span);
  conditions.at ??= { span, keySpan: callee };
  conditions.parts.push(added);
  return true;
}

/** `addCondition('StringEquals', { … })`, `addConditions({ … })` and the one-key helpers, as a Condition object. */
function conditionsOfCall(source: CdkSource, method: string, call: Node, args: readonly Node[]): JsonNode | undefined {
  const span = spanOf(call);
  const callee = spanOf((call as Node & { callee: Node }).callee);
  const [first] = args.map((arg) => (arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder' ? undefined : arg));
  if (method === 'addConditions') {
    const { conditions } = argumentsByName(source, args, ['conditions']);
    return conditions ? conditionsOf(source, conditions) : undefined;
  }
  if (method === 'addCondition') {
    const { key, value: written } = argumentsByName(source, args, ['key', 'value']);
    if (!key || !written) return undefined;
    const operator = stringOf(source, key) as HostJsonNode;
    const value = resolved(source, written);
    if (operator.placeholders?.length || value.type !== 'ObjectExpression') return undefined;
    return objectNode(span, [propertyNode(span, operator, spanOfNode(operator), jsonShapedOf(source, value))]);
  }
  const helper = CONDITION_HELPERS[method];
  if (!helper || args.length !== 1 || !first) return undefined;
  const test = objectNode(span, [propertyNode(span, helper.key, callee, stringOf(source, first))]);
  return objectNode(span, [propertyNode(span, helper.operator, callee, test)]);
}

/** A Condition of tests only synthesis knows, written by `code`. */
function unreadConditions(code: string, span: Span): JsonNode {
  const condition = objectNode(span, []);
  (condition as HostJsonNode).unreadTests = [code];
  return condition;
}

/**
 * The statement's Condition from its parts in order, as CDK merges them: an operator's keys joined, a key written
 * again replacing the earlier value (addCondition's documented "the last one wins"). One part is kept as read.
 */
function mergedConditions(parts: readonly JsonNode[], span: Span): JsonNode {
  if (parts.length === 1) return parts[0];
  const operators = new Map<string, { property: JsonNode; keys: Map<string, JsonNode> | undefined; value: JsonNode | undefined }>();
  const unread: string[] = [];
  for (const part of parts) {
    unread.push(...((part as HostJsonNode).unreadTests ?? []));
    for (const property of part.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key) continue;
      const name = String(key.value);
      const merged = operators.get(name) ?? { property, keys: new Map<string, JsonNode>(), value: undefined };
      if (value?.type === 'object') {
        merged.keys ??= new Map();
        for (const test of value.children ?? []) merged.keys.set(String(test.children?.[0]?.value), test);
        merged.value = undefined;
      } else {
        // A test whose keys only synthesis knows replaces what came before it.
        merged.keys = undefined;
        merged.value = value;
      }
      operators.set(name, merged);
    }
  }
  const members = [...operators.values()].map(({ property, keys, value }) => {
    const [key, first] = property.children ?? [];
    const tests = value ?? objectNode(first ? spanOfNode(first) : spanOfNode(property), [...(keys ?? new Map<string, JsonNode>()).values()]);
    return propertyNode(spanOfNode(property), key, spanOfNode(key), tests);
  });
  const condition = objectNode(span, members);
  if (unread.length > 0) (condition as HostJsonNode).unreadTests = unread;
  return condition;
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

/** The principal classes that write a federated identity (their first argument) and the conditions of their second. */
const FEDERATED_CLASSES = new Set(['FederatedPrincipal', 'WebIdentityPrincipal', 'OpenIdConnectPrincipal', 'SamlPrincipal']);

/**
 * The provider's parameter as each class names it, which Python may pass by keyword too (`federated=arn`,
 * `conditions={…}`, EMR sweep).
 */
const PROVIDER_PARAMETERS: Readonly<Record<string, string>> = {
  FederatedPrincipal: 'federated',
  WebIdentityPrincipal: 'identityProvider',
  OpenIdConnectPrincipal: 'openIdConnectProvider',
  SamlPrincipal: 'samlProvider',
};

/** Their parameters: the provider, its conditions, and (FederatedPrincipal's) the action it assumes roles with. */
function federatedParameters(name: string): string[] {
  return [PROVIDER_PARAMETERS[name] ?? 'provider', 'conditions', 'assumeRoleAction'];
}

/**
 * One principal as CDK's PrincipalPolicyFragment writes it: a type and a value (`Service`, `events.amazonaws.com`),
 * or everyone; and the conditions a principal adds to the statement (a FederatedPrincipal's, an
 * OrganizationPrincipal's `aws:PrincipalOrgID`).
 */
interface PrincipalPart {
  type: string | '*';
  value: JsonNode;
  span: Span;
  keySpan: Span;
  conditions?: JsonNode;
}

/** The parts of a list of principals; undefined when one of them is a principal CDK cannot show here. */
function principalPartsOfList(source: CdkSource, elements: readonly (Node | null)[]): PrincipalPart[] | undefined {
  const parts: PrincipalPart[] = [];
  for (const element of elements) {
    const part = element && element.type !== 'SpreadElement' && element.type !== 'ArgumentPlaceholder' ? principalPartOf(source, element) : undefined;
    if (!part) return undefined;
    parts.push(part);
  }
  return parts;
}

/**
 * `new iam.ServicePrincipal('lambda.amazonaws.com')`, `new iam.AccountPrincipal('111122223333')`: the type and value
 * the principal writes; `new iam.AnyPrincipal()` (`AWS` "*") and `new iam.StarPrincipal()` ("*") are everyone, and a role or user
 * imported by its ARN (`iam.Role.fromRoleArn(…)`) is that ARN. Any other principal (a role's `grantPrincipal`, a
 * CompositePrincipal) is undefined: whom it names is known only at synthesis, and a principal we cannot read must
 * not read as missing or as everyone.
 */
function principalPartOf(source: CdkSource, expression: Node): PrincipalPart | undefined {
  const principal = resolved(source, expression);
  const name = calleeName(principal);
  if (name === undefined || (principal.type !== 'NewExpression' && principal.type !== 'CallExpression')) return undefined;
  const span = spanOf(principal);
  const [first, second] = principal.arguments.map((arg) => (arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder' ? undefined : arg));
  // `iam.Role.fromRoleArn(this, 'Ci', 'arn:aws:iam::…:role/ci')`: a role or user of another stack, named by its ARN;
  // `iam.Role.fromRoleName(this, 'Ci', 'ci')` by its name, in the stack's account and partition.
  if (principal.type === 'CallExpression') {
    const kind = IMPORTED_PRINCIPALS[name];
    const imported = principal.arguments[2];
    if (kind === undefined || !imported || imported.type === 'SpreadElement' || imported.type === 'ArgumentPlaceholder') return undefined;
    const written = stringOf(source, imported);
    return { type: 'AWS', value: kind === 'arn' ? written : stackArn(`iam::\${AWS::AccountId}:${kind}/`, written, span), span, keySpan: span };
  }
  // CDK writes AnyPrincipal as `{"AWS": "*"}` (it is an ArnPrincipal of "*"), StarPrincipal as a bare `"*"`.
  if (name === 'AnyPrincipal') return { type: 'AWS', value: impliedString('*', span), span, keySpan: span };
  if (name === 'StarPrincipal') return { type: '*', value: impliedString('*', span), span, keySpan: span };
  if (name === 'AccountRootPrincipal') return { type: 'AWS', value: stackArn('iam::${AWS::AccountId}:', impliedString('root', span), span), span, keySpan: span };
  // Everyone in the organization: CDK writes AWS "*" and the organization's ID as a condition.
  if (name === 'OrganizationPrincipal' && first)
    return { type: 'AWS', value: impliedString('*', span), span, keySpan: span, conditions: impliedConditions(span, 'StringEquals', 'aws:PrincipalOrgID', stringOf(source, first)) };
  if (FEDERATED_CLASSES.has(name) && first) {
    const byName = argumentsByName(source, principal.arguments, federatedParameters(name));
    const { conditions } = byName;
    const provider = byName[PROVIDER_PARAMETERS[name]] ?? first;
    // A provider construct (OpenIdConnectPrincipal's, SamlPrincipal's) names itself by an ARN synthesis makes.
    const value = providerArnOf(source, provider) ?? (name === 'OpenIdConnectPrincipal' || name === 'SamlPrincipal' ? placeholderNode(source, provider) : stringOf(source, provider));
    return { type: 'Federated', value, span, keySpan: spanOf(principal.callee), ...(conditions && !isAbsent(conditions) ? { conditions: conditionsOf(source, conditions) } : {}) };
  }
  const type = PRINCIPAL_CLASSES[name];
  if (!type || !first) return undefined;
  // `new iam.ServicePrincipal('states.amazonaws.com', { conditions: { … } })`: the conditions it brings.
  const options = name === 'ServicePrincipal' && second ? resolved(source, second) : undefined;
  const conditions = options?.type === 'ObjectExpression' ? options.properties.find((member) => member.type === 'ObjectProperty' && propertyKey(member) === 'conditions') : undefined;
  return { type, value: stringOf(source, first), span, keySpan: spanOf(principal.callee), ...(conditions?.type === 'ObjectProperty' ? { conditions: conditionsOf(source, conditions.value) } : {}) };
}

/**
 * The ARN of an OIDC provider the file makes or imports, for the principal that trusts it: `provider` or
 * `provider.openIdConnectProviderArn` of `new iam.OpenIdConnectProvider(this, 'GitHub', { url:
 * 'https://token.actions.githubusercontent.com' })` is `arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/
 * token.actions.githubusercontent.com`, as IAM names it (so rules know whose tokens the role takes), implied at the
 * principal's argument; `OpenIdConnectProvider.fromOpenIdConnectProviderArn(this, 'GitHub', arn)` is its `arn`.
 */
function providerArnOf(source: CdkSource, expression: Node): JsonNode | undefined {
  let node = resolved(source, expression);
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && node.property.name === 'openIdConnectProviderArn') node = resolved(source, node.object);
  const name = calleeName(node);
  if (node.type === 'CallExpression' && name === 'fromOpenIdConnectProviderArn') {
    const arn = node.arguments[2];
    return arn && arn.type !== 'SpreadElement' && arn.type !== 'ArgumentPlaceholder' ? stringOf(source, arn) : undefined;
  }
  if (node.type !== 'NewExpression' || (name !== 'OpenIdConnectProvider' && name !== 'OidcProviderNative')) return undefined;
  const props = node.arguments[2] && node.arguments[2].type !== 'SpreadElement' && node.arguments[2].type !== 'ArgumentPlaceholder' ? resolved(source, node.arguments[2]) : undefined;
  const url = props?.type === 'ObjectExpression' ? props.properties.find((member) => member.type === 'ObjectProperty' && propertyKey(member) === 'url') : undefined;
  const written = url?.type === 'ObjectProperty' ? (stringOf(source, url.value) as HostJsonNode) : undefined;
  if (!written || written.placeholders?.length || typeof written.value !== 'string') return undefined;
  const host = written.value.replace(/^https:\/\//i, '');
  const at = spanOf(expression);
  return stackArn('iam::${AWS::AccountId}:oidc-provider/', impliedString(host, at), at);
}

/** What a principal method adds: `addServicePrincipal('sns.amazonaws.com')` a Service, `addAnyPrincipal()` everyone. */
function principalPartsOfCall(source: CdkSource, method: string, call: Node, args: readonly Node[]): PrincipalPart[] | undefined {
  if (method === 'addPrincipals' || method === 'addNotPrincipals') return args.length > 0 ? principalPartsOfList(source, args) : undefined;
  const span = spanOf(call);
  const keySpan = spanOf((call as Node & { callee: Node }).callee);
  const [first, second] = args.map((arg) => (arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder' ? undefined : arg));
  switch (method) {
    case 'addAnyPrincipal':
      return args.length === 0 ? [{ type: 'AWS', value: impliedString('*', span), span, keySpan }] : undefined;
    case 'addAccountRootPrincipal':
      return args.length === 0 ? [{ type: 'AWS', value: stackArn('iam::${AWS::AccountId}:', impliedString('root', span), span), span, keySpan }] : undefined;
    case 'addFederatedPrincipal': {
      const { federated, conditions } = argumentsByName(source, args, ['federated', 'conditions']);
      return federated && conditions ? [{ type: 'Federated', value: stringOf(source, federated), span, keySpan, conditions: conditionsOf(source, conditions) }] : undefined;
    }
  }
  const type = { addAwsAccountPrincipal: 'AWS', addArnPrincipal: 'AWS', addServicePrincipal: 'Service', addCanonicalUserPrincipal: 'CanonicalUser' }[method];
  // addServicePrincipal's options (a Region, conditions) change what it writes: such a call is not read.
  if (!type || !first || args.length > (isAbsent(second) ? 2 : 1)) return undefined;
  return [{ type, value: stringOf(source, first), span, keySpan }];
}

/**
 * A call's arguments by the names of its parameters, as aws-cdk-lib declares them: positional ones in order and, in a
 * Python source, the keyword arguments, which its converter gives as one props object last
 * (`iam.FederatedPrincipal(arn, conditions={…}, assume_role_action="…")`).
 */
function argumentsByName(source: CdkSource, args: readonly Node[], names: readonly string[]): Partial<Record<string, Node>> {
  const given = args.map((arg) => (arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder' ? undefined : arg));
  const byName: Partial<Record<string, Node>> = {};
  let positional = given;
  const last = given[given.length - 1];
  if (
    source.language === 'python' &&
    last?.type === 'ObjectExpression' &&
    last.properties.length > 0 &&
    last.properties.every((member) => member.type === 'ObjectProperty' && names.includes(propertyKey(member) ?? ''))
  ) {
    positional = given.slice(0, -1);
    for (const member of last.properties) if (member.type === 'ObjectProperty') byName[propertyKey(member)!] = member.value;
  }
  names.forEach((name, index) => {
    if (byName[name] === undefined && positional[index]) byName[name] = positional[index];
  });
  return byName;
}

/** An argument written as nothing: `undefined`, Python's `None`, Go's `nil`, `null`. */
function isAbsent(node: Node | undefined): boolean {
  return node === undefined || node.type === 'NullLiteral' || (node.type === 'Identifier' && /^(?:undefined|None|nil)$/.test(node.name));
}

/** `{ Operator: { key: value } }`, implied by the call or principal at `span`. */
function impliedConditions(span: Span, operator: string, key: string, value: JsonNode): JsonNode {
  return objectNode(span, [propertyNode(span, operator, span, objectNode(span, [propertyNode(span, key, span, value)]))]);
}

/**
 * The Principal element from its parts, merged by type as CDK's PrincipalPolicyFragment writes them; everyone alone
 * is `"*"`, beside others `AWS: "*"`.
 */
function principalsElement(written: PrincipalsWritten): JsonNode {
  if (!Array.isArray(written.parts)) return written.parts;
  const byType = new Map<string, { span: Span; keySpan: Span; values: JsonNode[] }>();
  let everyone: JsonNode | undefined;
  for (const part of written.parts) {
    if (part.type === '*') {
      everyone ??= part.value;
      continue;
    }
    const entry = byType.get(part.type) ?? { span: part.span, keySpan: part.keySpan, values: [] };
    entry.values.push(part.value);
    byType.set(part.type, entry);
  }
  if (everyone && byType.size === 0) return everyone;
  if (everyone) byType.set('AWS', { span: written.listSpan, keySpan: written.listSpan, values: [everyone, ...(byType.get('AWS')?.values ?? [])] });
  const entries = [...byType].map(([type, entry]) => propertyNode(entry.span, type, entry.keySpan, arrayNode(entry.span, entry.values)));
  return objectNode(written.listSpan, entries);
}

/**
 * The statement CDK adds to a bucket's policy for `publicReadAccess: true` or `bucket.grantPublicAccess(keyPrefix,
 * ...actions)`: everyone (`{"AWS": "*"}`) may take the actions (`s3:GetObject` by default) on the bucket's objects
 * under the prefix (`*` by default). Every element is implied at `at`, the code that writes it, save the actions and
 * prefix the call names. `open`: the grant the call returns is kept, so the code may add conditions to its statement.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_s3.Bucket.html#grantwbrpublicwbraccesskeyprefix-allowedactions
 */
export function publicAccessStatement(source: CdkSource, at: Span, bucket: string, args: readonly Node[], open: boolean): JsonNode {
  // By position: `grantPublicAccess(undefined, 's3:PutObject')` keeps the default prefix and names the action.
  const given = args.map((arg) => (arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder' || isAbsent(arg) ? undefined : arg));
  const [prefixArg, ...rest] = given;
  const actionArgs = rest.flatMap((arg) => (arg ? [arg] : []));
  const prefix = prefixArg ? (stringOf(source, prefixArg) as HostJsonNode) : undefined;
  const actions = actionArgs.length > 0 ? actionArgs.map((arg) => stringOf(source, arg)) : [impliedString('s3:GetObject', at)];
  const head = 'arn:${AWS::Partition}:s3:::';
  const bucketHole = '${' + bucket + '}';
  const written = prefix && !prefix.placeholders?.length && typeof prefix.value === 'string' ? prefix.value : undefined;
  const tail = written ?? (prefix ? '${' + sourceOf(source, prefixArg!) + '}' : '*');
  const value = `${head}${bucketHole}/${tail}`;
  const placeholders: Placeholder[] = [
    { start: 4, end: 4 + '${AWS::Partition}'.length, kind: 'partition', source: '${AWS::Partition}' },
    { start: head.length, end: head.length + bucketHole.length, kind: 'string', source: bucket, resource: { service: 's3', type: 'bucket', part: 'name' } },
    ...(written === undefined && prefix ? [{ start: value.length - tail.length, end: value.length, kind: 'string' as const, source: sourceOf(source, prefixArg!) }] : []),
  ];
  const resource = stringNode(at, { value, offsets: [...Array.from({ length: value.length }, () => at.start), at.end], placeholders });
  const statement = objectNode(at, [
    propertyNode(at, 'Effect', at, impliedString('Allow', at)),
    propertyNode(at, 'Principal', at, objectNode(at, [propertyNode(at, 'AWS', at, impliedString('*', at))])),
    propertyNode(at, 'Action', at, arrayNode(at, actions)),
    propertyNode(at, 'Resource', at, resource),
    ...(open ? [propertyNode(at, 'Condition', at, unreadConditions('grant.resourceStatement', at))] : []),
  ]);
  return statement;
}

/** The props of `fn.addPermission(id, { … })` CDK writes as conditions of the function's policy statement. */
const PERMISSION_CONDITIONS: readonly [string, string, string][] = [
  ['sourceArn', 'ArnLike', 'aws:SourceArn'],
  ['sourceAccount', 'StringEquals', 'aws:SourceAccount'],
  ['principalOrgId', 'StringEquals', 'aws:PrincipalOrgID'],
  ['functionUrlAuthType', 'StringEquals', 'lambda:FunctionUrlAuthType'],
];

/**
 * The statement Lambda adds to a function's resource policy for CDK's `fn.addPermission(id, { principal, action,
 * sourceArn, sourceAccount, principalOrgId, functionUrlAuthType })` (an AWS::Lambda::Permission): the principal may
 * take the action (`lambda:InvokeFunction` by default) on the function, under the conditions the props give. Undefined
 * when the principal is one CDK cannot show here.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda.Permission.html
 */
export function lambdaPermissionStatement(source: CdkSource, call: Node & { callee: Node }, props: Node & { type: 'ObjectExpression' }): JsonNode | undefined {
  const member = (key: string) => props.properties.find((each): each is typeof each & { type: 'ObjectProperty' } => each.type === 'ObjectProperty' && propertyKey(each) === key);
  const principalMember = member('principal');
  const read = principalMember ? principalPartOf(source, principalMember.value) : undefined;
  if (!principalMember || !read) return undefined;
  // Lambda's permission takes an ARN principal's ARN as its Principal: AnyPrincipal's "*" is written "*" there.
  const part: PrincipalPart = read.type === 'AWS' && read.value.value === '*' && !read.conditions ? { ...read, type: '*' } : read;
  const span = spanOf(call);
  const keySpan = spanOf(principalMember.key);
  const functionOf = call.callee.type === 'MemberExpression' ? call.callee.object : call.callee;
  const fn = sourceOf(source, functionOf);
  const hole = '${' + fn + '.functionArn}';
  const resource = stringNode(spanOf(functionOf), {
    value: hole,
    offsets: [...Array.from({ length: hole.length }, () => functionOf.start!), functionOf.end!],
    placeholders: [{ start: 0, end: hole.length, kind: 'arn', source: `${fn}.functionArn`, resource: { service: 'lambda', type: 'function', part: 'arn' } }],
  });
  const action = member('action');
  const properties = [
    propertyNode(span, 'Effect', keySpan, impliedString('Allow', keySpan)),
    propertyNode(spanOf(principalMember), 'Principal', keySpan, principalsElement({ span: spanOf(principalMember), keySpan, listSpan: spanOf(principalMember.value), parts: [part] })),
    action ? propertyNode(spanOf(action), 'Action', spanOf(action.key), stringOf(source, action.value)) : propertyNode(span, 'Action', keySpan, impliedString('lambda:InvokeFunction', keySpan)),
    propertyNode(spanOf(functionOf), 'Resource', spanOf(functionOf), resource),
  ];
  const parts: JsonNode[] = part.conditions ? [part.conditions] : [];
  for (const [key, operator, conditionKey] of PERMISSION_CONDITIONS) {
    const written = member(key);
    if (!written) continue;
    const at = spanOf(written);
    // `lambda.FunctionUrlAuthType.NONE` is the string Lambda writes, "NONE"; other props are values as written
    // (`props.ACCOUNT_ID` a placeholder, not the text "ACCOUNT_ID").
    const value = (key === 'functionUrlAuthType' ? enumMemberName(source, written.value) : undefined) ?? stringOf(source, written.value);
    parts.push(objectNode(at, [propertyNode(at, operator, spanOf(written.key), objectNode(at, [propertyNode(at, conditionKey, spanOf(written.key), value)]))]));
  }
  if (parts.length > 0) properties.push(propertyNode(span, 'Condition', keySpan, mergedConditions(parts, span)));
  return objectNode(span, properties);
}

/** `lambda.FunctionUrlAuthType.NONE`: the name of an enum member, as the string CDK writes for it. */
function enumMemberName(source: CdkSource, expression: Node): JsonNode | undefined {
  const node = resolved(source, expression);
  if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier' || !/^[A-Z][A-Z0-9_]*$/.test(node.property.name)) return undefined;
  return impliedString(node.property.name, spanOf(node));
}

/** The action a principal class assumes a role with (`IPrincipal.assumeRoleAction`); `sts:AssumeRole` for the others. */
const ASSUME_ROLE_ACTIONS: Readonly<Record<string, string>> = {
  WebIdentityPrincipal: 'sts:AssumeRoleWithWebIdentity',
  OpenIdConnectPrincipal: 'sts:AssumeRoleWithWebIdentity',
  SamlPrincipal: 'sts:AssumeRoleWithSAML',
};

/**
 * The statements of the trust policy CDK writes for a role's `assumedBy` (createAssumeRolePolicy): one per principal
 * of a CompositePrincipal, each allowing the action the principal assumes roles with (a FederatedPrincipal's third
 * argument), with the conditions the principal brings, those of `.withConditions(…)` and the role's `externalIds`
 * (`sts:ExternalId`). Undefined when a principal is one CDK cannot show here: whom the role trusts is then not read.
 */
export function trustStatementsOf(source: CdkSource, expression: Node, externalIds?: Node): JsonNode[] | undefined {
  const node = resolved(source, expression);
  const name = calleeName(node);
  // `.withSessionTags()`: the principal may also tag its session (SessionTagsPrincipal adds sts:TagSession).
  if (node.type === 'CallExpression' && name === 'withSessionTags' && node.callee.type === 'MemberExpression' && node.arguments.length === 0) {
    const tagging = impliedString('sts:TagSession', spanOf(node.callee.property));
    return trustStatementsOf(source, node.callee.object, externalIds)?.map((statement) => withAction(statement, tagging));
  }
  if (node.type === 'CallExpression' && name === 'withConditions' && node.callee.type === 'MemberExpression') {
    const given = argumentsByName(source, node.arguments, ['conditions']).conditions;
    if (!given) return undefined;
    return trustStatementsOf(source, node.callee.object, externalIds)?.map((statement) => withCondition(statement, conditionsOf(source, given), spanOf(node)));
  }
  if (node.type === 'NewExpression' && name === 'CompositePrincipal') {
    const principals = [...node.arguments, ...principalsAddedTo(source, node)];
    const statements = principals.map((argument) => (argument.type === 'SpreadElement' || argument.type === 'ArgumentPlaceholder' ? undefined : trustStatementsOf(source, argument, externalIds)));
    return statements.every((each) => each !== undefined) && statements.length > 0 ? statements.flat() : undefined;
  }
  const part = name === 'CompositePrincipal' ? undefined : principalPartOf(source, node);
  if (!part) return undefined;
  const span = spanOf(node);
  const given = node.type === 'NewExpression' && name === 'FederatedPrincipal' ? argumentsByName(source, node.arguments, federatedParameters(name)).assumeRoleAction : undefined;
  const action = given && !isAbsent(given) ? stringOf(source, given) : impliedString(ASSUME_ROLE_ACTIONS[name ?? ''] ?? 'sts:AssumeRole', part.keySpan);
  const principal = part.type === '*' ? impliedString('*', span) : objectNode(span, [propertyNode(span, part.type, part.keySpan, part.value)]);
  let statement = objectNode(span, [
    propertyNode(part.keySpan, 'Effect', part.keySpan, impliedString('Allow', part.keySpan)),
    propertyNode(span, 'Principal', part.keySpan, principal),
    propertyNode(part.keySpan, 'Action', part.keySpan, action),
  ]);
  if (part.conditions) statement = withCondition(statement, part.conditions, span);
  if (externalIds) {
    const ids = listOf(source, externalIds);
    statement = withCondition(
      statement,
      objectNode(spanOf(externalIds), [
        propertyNode(spanOf(externalIds), 'StringEquals', spanOf(externalIds), objectNode(spanOf(externalIds), [propertyNode(spanOf(externalIds), 'sts:ExternalId', spanOf(externalIds), ids)])),
      ]),
      span,
    );
  }
  return [statement];
}

/**
 * The principals the app adds to a CompositePrincipal after making it (`principals.addPrincipals(new
 * iam.ServicePrincipal('ssm.amazonaws.com'))`, Python's `add_principals`), which CDK's trust policy holds too.
 */
export function principalsAddedTo(source: CdkSource, composite: Node): Node[] {
  const added: Node[] = [];
  for (const call of source.calls) {
    const method = calleeName(call);
    if (call.type !== 'CallExpression' || (method !== 'addPrincipals' && method !== 'add_principals') || call.callee.type !== 'MemberExpression') continue;
    if (resolved(source, call.callee.object) === composite) added.push(...(call.arguments as Node[]));
  }
  return added;
}

/** The statement with one more action in its Action. */
function withAction(statement: JsonNode, action: JsonNode): JsonNode {
  const properties = (statement.children ?? []).map((property) => {
    const [key, value] = property.children ?? [];
    if (key?.value !== 'Action' || !value) return property;
    return propertyNode(spanOfNode(property), 'Action', spanOfNode(key), arrayNode(spanOfNode(value), [...(value.type === 'array' ? (value.children ?? []) : [value]), action]));
  });
  const rebuilt = objectNode(spanOfNode(statement), properties);
  if ((statement as HostJsonNode).unreadMembers) (rebuilt as HostJsonNode).unreadMembers = (statement as HostJsonNode).unreadMembers;
  return rebuilt;
}

/** The statement with `condition` merged into its Condition, as CDK's addConditions does. */
function withCondition(statement: JsonNode, condition: JsonNode, span: Span): JsonNode {
  const properties = [...(statement.children ?? [])];
  const at = properties.findIndex((property) => property.children?.[0]?.value === 'Condition');
  const existing = at >= 0 ? properties[at].children?.[1] : undefined;
  const merged = existing ? mergedConditions([existing, condition], spanOfNode(existing)) : condition;
  const property = propertyNode(at >= 0 ? spanOfNode(properties[at]) : span, 'Condition', at >= 0 ? spanOfNode(properties[at].children![0]) : spanOfNode(condition), merged);
  if (at >= 0) properties[at] = property;
  else properties.push(property);
  const rebuilt = objectNode(spanOfNode(statement), properties);
  if ((statement as HostJsonNode).unreadMembers) (rebuilt as HostJsonNode).unreadMembers = (statement as HostJsonNode).unreadMembers;
  return rebuilt;
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
