import type { EmbeddedPolicy } from '../host';
import { entryOf, type CfnEntry, type CfnNode } from '../cloudformation/nodes';
import { syntaxWriter, wrapStatement } from '../cloudformation/reader';
import { policyFromNodes } from '../cloudformation/policy-tree';
import { YamlSyntaxIndex } from '../cloudformation/writer';
import type { TemplateContext } from '../cloudformation/intrinsics';
import type { PolicyType } from '../../policy/policy-type';

// The Serverless Framework writes the role's policy (and the REST API's) with this Version, and the statements have
// none of their own.
const statementSeverities = { 'version-missing': 'off', 'policy-variable-version': 'off' } as const;

/** A list of statements the framework writes into a policy (the functions' role's, the REST API's), read as that policy. */
export function addStatementList(policies: EmbeddedPolicy[], entry: CfnEntry | undefined, name: string, context: TemplateContext, policyType: PolicyType = 'identity'): void {
  if (!entry?.value || !isStatementList(entry.value)) return;
  // No statements to add: the Framework's role keeps its own, and the serverless-iam-roles-per-function plugin gives
  // a function written `iamRoleStatements: []` a role of its own with only those (its README's way to do so).
  if (entry.value.kind === 'seq' && entry.value.items.length === 0) return;
  const index = new YamlSyntaxIndex();
  const root = wrapStatement(entry, context, index);
  if (!root) return;
  policies.push({ policy: policyFromNodes(context, root), policyType, span: entry.span, name, severities: statementSeverities, ...syntaxWriter(context, index) });
}

// A list, or one statement written as a map; a string is a variable the framework fills in (`${file(iam.yml)}`).
function isStatementList(node: CfnNode): boolean {
  return node.kind === 'seq' || node.kind === 'map' || node.kind === 'fn';
}

/**
 * The serverless-iam-roles-per-function plugin's statements of a function's configuration: a map with the function's
 * code (`handler`, or a container `image`) and a list of `iamRoleStatements`.
 */
export function functionRoleStatements(node: CfnNode | undefined): CfnEntry | undefined {
  if (node?.kind !== 'map' || (!entryOf(node, 'handler') && !entryOf(node, 'image'))) return undefined;
  const statements = entryOf(node, 'iamRoleStatements');
  return statements?.value?.kind === 'seq' ? statements : undefined;
}
