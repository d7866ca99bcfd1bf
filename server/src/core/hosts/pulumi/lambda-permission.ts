import type { Node } from '@babel/types';
import type { JsonNode } from '../../policy/model';
import type { Span } from '../../text/span';
import { impliedString } from '../terraform/hcl';
import { arrayNode, objectNode, propertyNode, stringNode } from '../terraform/nodes';
import { propertyKey, resolved, sourceOf, spanOf, unwrapExpression, type CdkSource } from '../cdk/syntax';
import { literalTextOf, stringOf } from '../cdk/values';
import { argumentsObject } from './policy-document';
import { attributeNameOf, terraformTypeOf, type PulumiClass } from './resources';

/** Whether a class is Lambda's permission: `aws.lambda.Permission`, aws-native's, CDK for Terraform's `LambdaPermission`. */
export function isLambdaPermission(resourceClass: PulumiClass): boolean {
  if (resourceClass.provider === 'aws-native') return resourceClass.module.toLowerCase() === 'lambda' && resourceClass.name === 'Permission';
  return terraformTypeOf(resourceClass.module, resourceClass.name, resourceClass.provider) === 'aws_lambda_permission';
}

/** The arguments Lambda writes as conditions of the statement, by Terraform's attribute name (AddPermission's parameters). */
const CONDITIONS: readonly [string, string, string][] = [
  ['source_arn', 'ArnLike', 'aws:SourceArn'],
  ['source_account', 'StringEquals', 'aws:SourceAccount'],
  ['principal_org_id', 'StringEquals', 'aws:PrincipalOrgID'],
  ['function_url_auth_type', 'StringEquals', 'lambda:FunctionUrlAuthType'],
];

// A service principal, also in the China Regions' domain and the older `*.amazon.com` ones (`alexa-appkit.amazon.com`).
const SERVICE_PRINCIPAL = /\.amazon(aws)?\.com(\.cn)?$/;

/**
 * The resource policy of one statement that Lambda's AddPermission writes for `new aws.lambda.Permission(name, {
 * action, function, principal, sourceArn, sourceAccount, principalOrgId, functionUrlAuthType })`: Allow the
 * principal the action on the function, under the conditions the arguments give (as Terraform's aws_lambda_permission,
 * which Pulumi's class is made from, and aws-native's `functionName`). Undefined without an action and a principal,
 * which the provider requires. https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
 */
export function lambdaPermissionPolicy(source: CdkSource, call: Node & { type: 'NewExpression' | 'CallExpression' }): JsonNode | undefined {
  const props = call.arguments.map((argument) => argumentsObject(source, resolved(source, argument as Node))).find((argument) => argument.type === 'ObjectExpression');
  if (!props || props.type !== 'ObjectExpression') return undefined;
  const members = new Map<string, Node & { type: 'ObjectProperty' }>();
  for (const member of props.properties) {
    const key = propertyKey(member);
    if (member.type === 'ObjectProperty' && key !== undefined) members.set(attributeNameOf(key), member);
  }
  const action = members.get('action');
  const principal = members.get('principal');
  if (!action || !principal) return undefined;
  const head = spanOf(call.callee);
  const property = (member: Node & { type: 'ObjectProperty' }, key: string, value: JsonNode) => propertyNode(spanOf(member), key, spanOf(member.key), value);
  const statement: JsonNode[] = [propertyNode(head, 'Effect', head, impliedString('Allow', head)), property(action, 'Action', stringOf(source, action.value))];
  const principalValue = stringOf(source, principal.value);
  if (principalValue.value === '*') statement.push(property(principal, 'Principal', principalValue));
  else {
    const type = typeof principalValue.value === 'string' && SERVICE_PRINCIPAL.test(principalValue.value) ? 'Service' : 'AWS';
    const span = spanOf(principal.value);
    statement.push(property(principal, 'Principal', objectNode(span, [propertyNode(span, type, spanOf(principal.key), principalValue)])));
  }
  const fn = members.get('function') ?? members.get('function_name');
  if (fn) statement.push(property(fn, 'Resource', functionArnOf(source, fn.value)));
  const operators = new Map<string, JsonNode[]>();
  let conditionSpan: Span | undefined;
  for (const [argument, operator, key] of CONDITIONS) {
    const member = members.get(argument);
    if (!member) continue;
    const span = spanOf(member);
    conditionSpan = conditionSpan ? { start: Math.min(conditionSpan.start, span.start), end: Math.max(conditionSpan.end, span.end) } : span;
    operators.set(operator, [...(operators.get(operator) ?? []), propertyNode(span, key, spanOf(member.key), stringOf(source, member.value))]);
  }
  if (conditionSpan) {
    const span = conditionSpan;
    const blocks = [...operators].map(([operator, keys]) => propertyNode(span, operator, span, objectNode(span, keys)));
    statement.push(propertyNode(span, 'Condition', span, objectNode(span, blocks)));
  }
  const callSpan = spanOf(call);
  return objectNode(callSpan, [
    propertyNode(head, 'Version', head, impliedString('2012-10-17', head)),
    propertyNode(callSpan, 'Statement', head, arrayNode(callSpan, [objectNode(callSpan, statement)])),
  ]);
}

/**
 * The function's ARN in the policy: an ARN written as one; otherwise the function (`fn.name`, `fn.arn`, `'my-fn'`),
 * whose ARN Lambda writes, as a placeholder for a Lambda function's ARN at the argument.
 */
function functionArnOf(source: CdkSource, expression: Node): JsonNode {
  const node = resolved(source, expression);
  const literal = literalTextOf(source, node);
  if (literal?.value.startsWith('arn:')) return stringOf(source, expression);
  const written = unwrapExpression(expression);
  // A name written as a string (`'my-fn'`) stands for its function's ARN by that name, not for the quoted text.
  const text = literal && literal.placeholders.length === 0 ? literal.value : sourceOf(source, written);
  const hole = '${' + text + '}';
  return stringNode(spanOf(written), {
    value: hole,
    offsets: [...Array.from({ length: hole.length }, () => written.start!), written.end!],
    placeholders: [{ start: 0, end: hole.length, kind: 'arn', source: text, resource: { service: 'lambda', type: 'function', part: 'arn' } }],
  });
}
