import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from './host';
import type { PolicyType } from '../policy/policy-type';
import { scalarValue, type CfnNode } from './cloudformation/nodes';
import { addPolicy, documentContextOf, hostParseProblems, isYamlDocument, templateSeverities } from './cloudformation/reader';
import { parseTemplateText } from './cloudformation/jinja';
import { ownResourcePolicySeverities, type HostSeverities } from './resource-policy-defaults';

/**
 * Ansible task files and playbooks that write a policy inline in a task of the AWS collections (amazon.aws,
 * community.aws, and the short names before collections): a role's trust policy, an inline or managed policy, a
 * bucket, queue, topic or key policy, as a YAML mapping or a JSON string. A value that is one Jinja expression
 * (`"{{ lookup('file', 'policy.json') }}"`, `"{{ policy | to_json }}"`) is the rendering's: the file it reads is
 * checked where it is. Jinja inside a policy (`"arn:aws:s3:::{{ bucket }}/*"`) is a value known when the play runs.
 * https://docs.ansible.com/ansible/latest/collections/amazon/aws/
 */
const moduleParameters: Record<string, readonly { parameter: string; type: PolicyType; severities?: HostSeverities }[]> = {
  iam_role: [{ parameter: 'assume_role_policy_document', type: 'trust' }],
  iam_policy: [{ parameter: 'policy_json', type: 'identity' }],
  iam_managed_policy: [{ parameter: 'policy', type: 'identity' }],
  // The `iam` module before iam_role: `trust_policy` is the role's trust policy.
  iam: [{ parameter: 'trust_policy', type: 'trust' }],
  s3_bucket: [{ parameter: 'policy', type: 'resource' }],
  sqs_queue: [{ parameter: 'policy', type: 'resource' }],
  sns_topic: [{ parameter: 'policy', type: 'resource' }],
  kms_key: [{ parameter: 'policy', type: 'resource' }],
  // kms_key's name before community.aws 5 (https://docs.ansible.com/ansible/latest/collections/community/aws/).
  aws_kms: [{ parameter: 'policy', type: 'resource' }],
  // An OpenSearch domain's access policy.
  opensearch: [{ parameter: 'access_policies', type: 'resource' }],
  // A repository policy names no Resource: the repository is its resource.
  ecs_ecr: [{ parameter: 'policy', type: 'resource', severities: ownResourcePolicySeverities }],
};

// Module names hold digits too: s3_bucket.
const MODULE_KEY = /^(?:(?:amazon|community)\.aws\.)?([a-z0-9_]+)$/;
// A task line that calls one of the modules: cheap before the YAML parser.
const CALLS_MODULE = /^[ \t]*(?:-[ \t]+)?(?:(?:amazon|community)\.aws\.)?(?:iam_role|iam_policy|iam_managed_policy|iam|s3_bucket|sqs_queue|sns_topic|kms_key|aws_kms|opensearch|ecs_ecr)[ \t]*:/m;
// Keys under which tasks nest: a play's lists and a block's.
const TASK_LISTS = new Set(['tasks', 'pre_tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always']);

export const ansibleReader: HostReader = {
  kind: 'ansible',
  extensions: ['.yml', '.yaml'],
  read(input: HostInput): HostDocument | undefined {
    // The name first: the module regex scans the whole text, and `lint DIR` asks every reader of every JSON file.
    if (!isYamlDocument(input)) return undefined;
    if (!CALLS_MODULE.test(input.text)) return undefined;
    let parsed;
    try {
      parsed = parseTemplateText(input.text, 'yaml');
    } catch {
      return undefined;
    }
    // Task files and playbooks are lists; a template, a service file or a manifest is a mapping.
    if (parsed.root?.kind !== 'seq') return undefined;
    const context = documentContextOf(input.text, 'yaml');
    const policies: EmbeddedPolicy[] = [];
    let calls = 0;
    const visitTasks = (list: CfnNode | undefined, depth: number) => {
      if (list?.kind !== 'seq' || depth > 20) return;
      for (const task of list.items) {
        if (task.kind !== 'map') continue;
        const taskName = scalarValue(task.entries.find((entry) => entry.key === 'name')?.value);
        for (const entry of task.entries) {
          if (TASK_LISTS.has(entry.key)) visitTasks(entry.value, depth + 1);
          const module = MODULE_KEY.exec(entry.key)?.[1];
          const parameters = module !== undefined ? moduleParameters[module] : undefined;
          if (!parameters || entry.value?.kind !== 'map') continue;
          calls++;
          for (const { parameter, type, severities } of parameters) {
            const value = entry.value.entries.find((candidate) => candidate.key === parameter)?.value;
            if (!value || isJinjaExpression(input.text, value)) continue;
            const name = `${taskName ?? entry.key} › ${parameter}`;
            addPolicy(policies, value, type, name, name, context, severities ? { severities: { ...templateSeverities, ...severities } } : {});
          }
        }
      }
    };
    visitTasks(parsed.root, 0);
    if (calls === 0) return undefined;
    const problems = hostParseProblems(parsed.errors, policies, 'yaml', { drops: 'Ansible warns and uses the last value, dropping the one above' }, input.text);
    return { kind: 'ansible', policies, problems: [...problems, ...context.problems].sort((a, b) => a.span.start - b.span.start) };
  },
};

/**
 * A value written as a Jinja expression, `"{{ … }}"` (no policy text starts so): the rendering gives the policy. Read
 * from the source, since the parser sees Jinja masked.
 */
function isJinjaExpression(text: string, node: CfnNode): boolean {
  return node.kind === 'scalar' && /^["']?\s*\{\{/.test(text.slice(node.span.start, node.span.end));
}
