import type { JsonNode, Placeholder, Property } from '../policy/model';
import { forEachProperty, isDeployTimeNode, spanOfNode, withoutReplaced, type HostJsonNode } from '../policy/parse-policy';
import type { Check, CheckContext } from './check';
import { describeJsonType } from './policy-not-object';

export const valueType: Check = {
  id: 'value-type',
  severity: 'error',
  description:
    'Each element takes values of one shape: Version, Id, Sid and Effect a string; Statement an object or an array of objects; Action, Resource and their Not forms a string or an array of strings; Principal "*" or an object of principal types; Condition an object of operators, each an object of keys with a string, number, boolean or array of them.',
  run(context) {
    const { policy } = context;
    // A value a later key of the same name replaces is not deployed (duplicate-key reports the repeat).
    for (const property of withoutReplaced(policy.properties)) {
      if (property.key === 'Version' || property.key === 'Id') expectString(context, property);
      if (property.key === 'Statement') expectStatements(context, property);
    }
    for (const statement of policy.statements) {
      for (const property of withoutReplaced(statement.properties)) {
        switch (property.key) {
          case 'Sid':
          case 'Effect':
            expectString(context, property);
            break;
          case 'Action':
          case 'NotAction':
          case 'Resource':
          case 'NotResource':
            expectStringOrStrings(context, property.key, property.valueNode);
            break;
          case 'Principal':
          case 'NotPrincipal':
            expectPrincipal(context, property);
            break;
          case 'Condition':
            expectCondition(context, property);
            break;
        }
      }
    }
  },
};

function expectString(context: CheckContext, property: Property): void {
  const node = property.valueNode;
  if (node && node.type !== 'string') context.report(spanOfNode(node), `"${property.key}" must be a string, not ${describeJsonType(node.type)}.`);
}

// In a host document, a value wholly known only at deploy time may have any shape: CDK's CfnJson gives a Condition
// block as `{"StringEquals": {"Fn::GetAtt": [...]}}`, a custom resource's attribute that is the object of keys.
function expectStatements(context: CheckContext, property: Property): void {
  const node = property.valueNode;
  if (!node || node.type === 'object' || isDeployTimeNode(node)) return;
  if (node.type !== 'array') {
    context.report(spanOfNode(node), `"Statement" must be a statement object or an array of them, not ${describeJsonType(node.type)}.`);
    return;
  }
  for (const item of node.children ?? []) {
    if (item.type !== 'object' && !isDeployTimeNode(item)) context.report(spanOfNode(item), `Each entry of "Statement" must be a statement object, not ${describeJsonType(item.type)}.`);
  }
}

// `parent` is the Principal element of a principal entry, which messages name `"Principal.AWS"`.
function expectStringOrStrings(context: CheckContext, key: string, node: JsonNode | undefined, parent?: string): void {
  if (!node || node.type === 'string') return;
  if (node.type !== 'array') {
    context.report(spanOfNode(node), `${elementName(key, parent)} must be a string or an array of strings, not ${describeJsonType(node.type)}.`);
    return;
  }
  for (const item of node.children ?? []) {
    if (item.type !== 'string') context.report(spanOfNode(item), `Each entry of ${elementName(key, parent)} must be a string, not ${describeJsonType(item.type)}.`);
  }
}

function elementName(key: string, parent: string | undefined): string {
  return parent === undefined ? `"${key}"` : `"${parent}.${key}"`;
}

function expectPrincipal(context: CheckContext, property: Property): void {
  const node = property.valueNode;
  if (!node) return;
  if (node.type === 'string') {
    // A principal known only at deploy time (Terraform's dynamic `principals` block) may be any principal; one known
    // to be an ARN (a CDK role's `roleArn`, `arn:aws:iam::${Account}:root`) is a string that is not "*" all the same
    // (DMS sweep: a key policy of AWS's RDS snapshot export sample).
    const holes = (node as HostJsonNode).placeholders;
    if (node.value !== '*' && (!holes?.length || isArnText(node.value, holes))) {
      const whole = holes?.length === 1 && holes[0].start === 0 && holes[0].end === node.value.length ? holes[0] : undefined;
      const example = whole ? `{"AWS": ${whole.source}}` : `{"AWS": "${node.value}"}`;
      context.report(spanOfNode(node), `"${property.key}" as a string must be "*". Name principals in an object, for example ${example}.`);
    }
    return;
  }
  if (node.type !== 'object') {
    context.report(spanOfNode(node), `"${property.key}" must be "*" or an object such as {"AWS": [...]}, not ${describeJsonType(node.type)}.`);
    return;
  }
  forEachProperty(node, (key, value) => expectStringOrStrings(context, key, value, property.key));
}

function expectCondition(context: CheckContext, property: Property): void {
  const node = property.valueNode;
  if (!node || isDeployTimeNode(node)) return;
  if (node.type !== 'object') {
    context.report(spanOfNode(node), `"Condition" must be an object of condition operators, not ${describeJsonType(node.type)}.`);
    return;
  }
  forEachProperty(node, (operator, block) => {
    if (!block || isDeployTimeNode(block)) return;
    if (block.type !== 'object') {
      context.report(spanOfNode(block), `Condition operator "${operator}" must map to an object of condition keys, not ${describeJsonType(block.type)}.`);
      return;
    }
    forEachProperty(block, (key, values) => expectConditionValues(context, key, values));
  });
}

const conditionScalarTypes = new Set(['string', 'number', 'boolean']);

function expectConditionValues(context: CheckContext, key: string, node: JsonNode | undefined): void {
  if (!node || conditionScalarTypes.has(node.type)) return;
  const items: JsonNode[] = node.type === 'array' ? (node.children ?? []) : [node];
  for (const item of items) {
    if (!conditionScalarTypes.has(item.type)) {
      context.report(spanOfNode(item), `Condition key "${key}" takes strings, numbers or booleans, or an array of them, not ${describeJsonType(item.type)}.`);
    }
  }
}

/** Whether a value with placeholders is an ARN whatever they become: written `arn:…`, or one value known to be an ARN. */
function isArnText(value: string, holes: readonly Placeholder[]): boolean {
  if (value.startsWith('arn:')) return true;
  return holes.length === 1 && holes[0].kind === 'arn' && holes[0].start === 0 && holes[0].end === value.length;
}
