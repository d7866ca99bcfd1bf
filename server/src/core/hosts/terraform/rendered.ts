import type { JsonNode } from '../../policy/model';
import { shortestValue } from '../../policy/value-text';
import type { HostJsonNode } from '../../policy/parse-policy';

/**
 * The policy text AWS receives from a Terraform policy, for the size rules, with each placeholder at its shortest
 * value (`shortestValue`), so that a policy is reported over a quota only when it is over whatever they become.
 *
 * - `jsonencode(...)` renders compact JSON (https://developer.hashicorp.com/terraform/language/functions/jsonencode).
 * - `data "aws_iam_policy_document"` renders its `json` attribute indented by two spaces, with every statement's
 *   `Sid` present (`"Sid": ""` when the block has none), and a one-element list of actions, resources, principal
 *   identifiers or condition values written as a plain string (terraform-provider-aws,
 *   website/docs/d/iam_policy_document.html.markdown; research notes A2).
 */
export function renderedPolicyText(root: JsonNode, kind: 'jsonencode' | 'policy-document'): string {
  return JSON.stringify(renderedPolicyValue(root, kind, shortestText), null, kind === 'jsonencode' ? undefined : 2);
}

function shortestText(node: JsonNode): unknown {
  const holes = (node as HostJsonNode).placeholders;
  if (typeof node.value !== 'string' || !holes?.length) return node.value;
  return shortestValue({ value: node.value, placeholders: holes });
}

/**
 * The value renderedPolicyText writes out. `stringOf` gives each string node's value; by default the text as written,
 * placeholders included (the account model maps them to deploy-time values instead). `valueAt`, when it answers
 * for a node, gives that node's whole value instead (the account model's value of a `for` expression, which the
 * reader wrote as one copy of its body).
 */
export function renderedPolicyValue(
  root: JsonNode,
  kind: 'jsonencode' | 'policy-document',
  stringOf: (node: JsonNode) => unknown = (node) => node.value,
  valueAt?: (node: JsonNode) => unknown,
  unreadTests?: (sources: readonly string[]) => unknown,
): unknown {
  const leaf: Leaf = Object.assign((node: JsonNode) => stringOf(node), valueAt ? { valueAt } : {}, unreadTests ? { unreadTests } : {});
  return kind === 'jsonencode' ? valueOf(root, leaf) : policyDocumentValue(root, leaf);
}

/**
 * `unreadTests`, when given, is the value of the tests a Condition holds that the reader could not read
 * (HostJsonNode.unreadTests): the account model's deploy-time value, which makes the statement wait on them. The
 * size rules render without it.
 */
type Leaf = ((node: JsonNode) => unknown) & { valueAt?: (node: JsonNode) => unknown; unreadTests?: (sources: readonly string[]) => unknown };

/** The operator under which a Condition's unread tests are rendered (no IAM operator, so nothing else reads it). */
const UNREAD_TESTS_OPERATOR = '(tests known only at apply)';

function withUnreadTests(rendered: Record<string, unknown>, node: JsonNode, leaf: Leaf): Record<string, unknown> {
  const sources = (node as HostJsonNode).unreadTests;
  if (!sources?.length || !leaf.unreadTests) return rendered;
  return { ...rendered, [UNREAD_TESTS_OPERATOR]: leaf.unreadTests(sources) };
}

/** One statement of a policy document data source as its rendered value, each string's value given by `stringOf`. */
export function renderedStatementValue(statement: JsonNode, stringOf: (node: JsonNode) => unknown, unreadTests?: (sources: readonly string[]) => unknown): unknown {
  return statementValue(
    statement,
    Object.assign((node: JsonNode) => stringOf(node), unreadTests ? { unreadTests } : {}),
  );
}

function valueOf(node: JsonNode | undefined, leaf: Leaf): unknown {
  const replaced = node && leaf.valueAt?.(node);
  if (replaced !== undefined) return replaced;
  switch (node?.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const [key, value] of membersOf(node)) if (!(key in result)) result[key] = valueOf(value, leaf);
      return withUnreadTests(result, node, leaf);
    }
    case 'array':
      return (node.children ?? []).map((child) => valueOf(child, leaf));
    case 'string':
      return leaf(node);
    case 'number':
      return Number(node.value);
    case 'boolean':
      return Boolean(node.value);
    default:
      return null;
  }
}

function membersOf(node: JsonNode): [string, JsonNode | undefined][] {
  const result: [string, JsonNode | undefined][] = [];
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key) result.push([String(key.value), value]);
  }
  return result;
}

function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  return membersOf(node).find(([name]) => name === key)?.[1];
}

// A list of one renders as the string itself; actions, resources and identifiers are sets (no repeats), condition values a list.
function setValue(node: JsonNode | undefined, leaf: Leaf, isSet = true): unknown {
  const value = valueOf(node, leaf);
  if (!Array.isArray(value)) return value;
  const keys = value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  const unique = isSet ? value.filter((_, i) => keys.indexOf(keys[i]) === i) : value;
  return unique.length === 1 ? unique[0] : unique;
}

function policyDocumentValue(root: JsonNode, leaf: Leaf): unknown {
  const result: Record<string, unknown> = {};
  const version = member(root, 'Version');
  if (version) result.Version = valueOf(version, leaf);
  const id = member(root, 'Id');
  if (id) result.Id = valueOf(id, leaf);
  const statements = member(root, 'Statement');
  if (statements?.type === 'array') result.Statement = (statements.children ?? []).map((statement) => leaf.valueAt?.(statement) ?? statementValue(statement, leaf));
  return result;
}

function statementValue(node: JsonNode, leaf: Leaf): unknown {
  const result: Record<string, unknown> = { Sid: valueOf(member(node, 'Sid'), leaf) ?? '' };
  const effect = member(node, 'Effect');
  if (effect) result.Effect = valueOf(effect, leaf);
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    const list = member(node, key);
    if (list) result[key] = setValue(list, leaf);
  }
  for (const key of ['Principal', 'NotPrincipal']) {
    const principal = member(node, key);
    if (principal?.type === 'object') result[key] = Object.fromEntries(membersOf(principal).map(([type, identifiers]) => [type, setValue(identifiers, leaf)]));
    else if (principal) result[key] = valueOf(principal, leaf);
  }
  const condition = member(node, 'Condition');
  if (condition?.type === 'object') {
    result.Condition = withUnreadTests(
      Object.fromEntries(
        membersOf(condition).map(([test, keys]) => [test, keys?.type === 'object' ? Object.fromEntries(membersOf(keys).map(([variable, values]) => [variable, setValue(values, leaf, false)])) : {}]),
      ),
      condition,
      leaf,
    );
  }
  return result;
}
