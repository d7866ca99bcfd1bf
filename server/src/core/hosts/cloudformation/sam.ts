import type { Problem } from '../../checks/check';
import type { Span } from '../../text/span';
import type { EmbeddedPolicy } from '../host';
import { ifBranches, isNoValue } from './intrinsics';
import { entryOf, isIntrinsicKey, valueOf, type CfnMap, type CfnNode } from './nodes';
import samData from './sam-data.json';
import { coarseText } from './text-map';
import { noFixes } from './writer';

export interface SamPolicy {
  node: CfnNode;
  path: string;
  extra?: Partial<EmbeddedPolicy>;
}

interface SamTemplate {
  parameters: string[];
  statement: unknown[];
}

const templates = samData.templates as unknown as Record<string, SamTemplate>;
const managedPolicies = samData.managedPolicies as Record<string, string>;

/** The ARN SAM writes for an AWS managed policy name in `Policies` (aws partition), or undefined for a name it does not know. */
export function samManagedPolicyArn(name: string): string | undefined {
  const path = managedPolicies[name];
  return path === undefined ? undefined : `arn:aws:iam::aws:policy/${path}${name}`;
}

/** The names of SAM's policy templates (`SQSPollerPolicy`, `DynamoDBCrudPolicy` …). */
export function samPolicyTemplateNames(): string[] {
  return Object.keys(templates);
}

/**
 * The rules' defaults on a SAM policy template's expansion, whose text is SAM's: the user picks the template, and can
 * act on what it grants (wildcards, exposure), not on how SAM words it.
 * - SAM writes its generated documents without a Version (aws/serverless-application-model#3265).
 * - `SQSPollerPolicy` names `sqs:ChangeMessageVisibilityBatch` and `sqs:DeleteMessageBatch`, which IAM does not know
 *   (the batch calls are authorized by the single actions) and ignores; the CodeCommit templates list two actions
 *   twice; several put List actions, which take no resource, in statements on the user's resource. None is wrong for
 *   the user to deploy, and an error there failed `iam-policy lint` on every template using SQSPollerPolicy.
 * - Where SAM's text grants less than it says (`EC2CopyImagePolicy` writes an account into the image ARN, which image
 *   ARNs have none of, so it matches no image), the finding stays, as information: it explains an AccessDenied.
 */
const expandedSeverities = {
  'version-missing': 'off',
  'action-unknown': 'off',
  'redundant-action': 'off',
  'resource-level-unsupported': 'off',
  'arn-account': 'information',
  'action-resource-mismatch': 'information',
} as const;

/**
 * `wildcard-action`'s advice on a narrow pattern (`sqs:SendMessage*`, one action: write its full name) is about SAM's
 * wording; its warnings on what a pattern grants (`textract:*`) stay.
 */
function isSamWording(problem: Problem): boolean {
  return problem.ruleId === 'wildcard-action' && problem.severity === 'information';
}

/**
 * The policy documents of a SAM function's or state machine's `Policies`: a single item or a list of them, each an
 * inline document (a map with `Statement`), an AWS managed policy name or ARN, or a SAM policy template
 * (`SQSPollerPolicy: {QueueName: …}`), which is expanded from SAM's own template list with every finding placed on
 * the template's name; `Fn::If` items count with both branches. A name SAM does not know is a template problem.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html
 */
export function samPolicies(properties: CfnMap, problems: Problem[]): SamPolicy[] {
  const policies = valueOf(properties, 'Policies');
  if (!policies) return [];
  // "If the Role property is set, this property is ignored": SAM attaches Policies only to the role it makes itself.
  // A Role that is there only under a condition (`!If [c, !GetAtt R.Arn, !Ref AWS::NoValue]`) leaves them in use.
  const role = valueOf(properties, 'Role');
  const policiesEntry = entryOf(properties, 'Policies');
  if (role && policiesEntry && !isNoValue(role) && !(role.kind === 'fn' && ifBranches(role))) {
    problems.push({
      ruleId: 'sam-policies-ignored',
      severity: 'warning',
      message:
        'SAM ignores Policies when Role is set: it attaches them only to the role it makes itself, so none of these policies is deployed. Grant them on the role Role names, or remove Role and let SAM make the role.',
      span: policiesEntry.keySpan,
    });
  }
  const items = policies.kind === 'seq' ? policies.items.map((item, index) => ({ item, path: `Policies[${index}]` })) : [{ item: policies, path: 'Policies' }];
  const result: SamPolicy[] = [];
  for (const { item, path } of items) {
    const branches = item.kind === 'fn' ? ifBranches(item) : undefined;
    for (const each of branches ?? [item]) {
      if (!each || isNoValue(each)) continue;
      if (each.kind === 'map' && entryOf(each, 'Statement')) result.push({ node: each, path });
      else if (each.kind === 'map' && each.entries.length === 1 && !isIntrinsicKey(each.entries[0].key)) {
        const [entry] = each.entries;
        const node = expandSamPolicyTemplate(each);
        if (!node) {
          problems.push(unknown(entry.keySpan, `SAM has no policy template named "${entry.key}", so the transform fails. See the list of SAM policy templates.`));
          continue;
        }
        result.push({ node, path: `${path} › ${entry.key}`, extra: { severities: expandedSeverities, hostWording: isSamWording, writeFix: noFixes } });
      } else if (each.kind === 'scalar' && !each.value.startsWith('arn:') && samManagedPolicyArn(each.value) === undefined) {
        problems.push(unknown(each.span, `"${each.value}" is neither an ARN nor an AWS managed policy SAM knows, so the role cannot attach it. Write the policy's ARN, or check the name.`));
      }
    }
  }
  return result;
}

/**
 * A `Policies` item that names a SAM policy template (`SQSPollerPolicy: {QueueName: …}`) as the policy document SAM
 * writes for it, every node placed on the template's name; undefined for a name SAM does not know.
 */
export function expandSamPolicyTemplate(item: CfnMap): CfnNode | undefined {
  const [entry] = item.entries;
  const template = entry && templates[entry.key];
  return template ? expand(template, entry.value, entry.keySpan) : undefined;
}

function unknown(span: Span, message: string): Problem {
  return { ruleId: 'sam-policy-unknown', severity: 'warning', message, span };
}

/**
 * A policy template's statements as template nodes, every one placed on the template's name in the user's template,
 * with `Ref` to a template parameter replaced by the value the user gave (an intrinsic stays a placeholder).
 */
function expand(template: SamTemplate, parameters: CfnNode | undefined, at: Span): CfnNode {
  const convert = (value: unknown): CfnNode => {
    if (Array.isArray(value)) return { kind: 'seq', span: at, items: value.map(convert) };
    if (value && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 1 && entries[0][0] === 'Ref' && typeof entries[0][1] === 'string' && template.parameters.includes(entries[0][1])) {
        const given = valueOf(parameters, entries[0][1]);
        if (given) return given;
      }
      const map: CfnMap = { kind: 'map', span: at, entries: entries.map(([key, v]) => ({ key, keySpan: at, value: convert(v), span: at })) };
      if (entries.length === 1 && isIntrinsicKey(entries[0][0])) return { kind: 'fn', name: entries[0][0], arg: map.entries[0].value, span: at };
      return map;
    }
    const text = String(value);
    const jsonType = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : value === null ? 'null' : 'string';
    return { kind: 'scalar', span: at, value: text, jsonType, style: 'JSON', text: () => coarseText(text, at) };
  };
  return { kind: 'map', span: at, entries: [{ key: 'Statement', keySpan: at, value: convert(template.statement), span: at }] };
}
