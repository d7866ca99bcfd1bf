import type { JsonNode } from './model';
import { statementElements } from './elements';

/**
 * Files that hold statements another policy takes in (a Terraform template joined into a key policy's Statement, a
 * JSON file a module splices into one, AWS's SCP examples kept as one statement to paste): read as the statements
 * of a policy whose `Statement` key is written nowhere, so every rule checks them where they are.
 */

/** A statement (`Effect`, an action element, nothing but statement elements), or a non-empty list of nothing else. */
export function isStatementFragment(root: JsonNode): boolean {
  if (root.type === 'array') return (root.children ?? []).length > 0 && (root.children ?? []).every(isStatementNode);
  return isStatementNode(root);
}

function isStatementNode(node: JsonNode): boolean {
  if (node.type !== 'object') return false;
  const keys = (node.children ?? []).map((property) => String(property.children?.[0]?.value));
  const known: readonly string[] = statementElements;
  return keys.includes('Effect') && (keys.includes('Action') || keys.includes('NotAction')) && keys.every((key) => known.includes(key));
}

/** The statements as the value of a `Statement` whose key is written nowhere (an empty span at their start). */
export function asStatementList(statements: JsonNode): JsonNode {
  const root: JsonNode = { type: 'object', offset: statements.offset, length: statements.length, children: [] };
  const property: JsonNode = { type: 'property', offset: statements.offset, length: statements.length, parent: root, colonOffset: statements.offset, children: [] };
  (statements as { parent?: JsonNode }).parent = property;
  property.children!.push({ type: 'string', offset: statements.offset, length: 0, value: 'Statement', parent: property }, statements);
  root.children!.push(property);
  return root;
}

/** The policy around the statements has the Version, which the file cannot say (as a service wraps a statement it takes). */
export const fragmentSeverities = { 'version-missing': 'off', 'policy-variable-version': 'off' } as const;
