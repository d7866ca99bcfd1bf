import type { Problem } from '../../checks/check';
import type { EmbeddedPolicy } from '../host';
import { ifBranches, isNoValue, type TemplateContext } from './intrinsics';
import { entryOf, valueOf, type CfnMap, type CfnNode } from './nodes';

export interface SamPolicy {
  node: CfnNode;
  path: string;
  extra?: Partial<EmbeddedPolicy>;
}

/**
 * The policy documents of a SAM function's or state machine's `Policies`: a single item or a list of them, each an
 * inline document (a map with `Statement`), a managed policy name or ARN, or a SAM policy template
 * (`SQSPollerPolicy: {QueueName: …}`); `Fn::If` items count with both branches.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies
 */
export function samPolicies(properties: CfnMap, context: TemplateContext, problems: Problem[]): SamPolicy[] {
  const policies = valueOf(properties, 'Policies');
  if (!policies) return [];
  const items = policies.kind === 'seq' ? policies.items.map((item, index) => ({ item, path: `Policies[${index}]` })) : [{ item: policies, path: 'Policies' }];
  const result: SamPolicy[] = [];
  for (const { item, path } of items) {
    const branches = item.kind === 'fn' ? ifBranches(item) : undefined;
    for (const each of branches ?? [item]) {
      if (!each || isNoValue(each)) continue;
      // Inline documents; names, ARNs and templates are resolved by SAM at deploy time.
      if (each.kind === 'map' && entryOf(each, 'Statement')) result.push({ node: each, path });
    }
  }
  void context;
  void problems;
  return result;
}
