import type { ListElement, PrincipalElement, Statement } from './model';

/** The element names IAM knows at the top level of a policy. */
export const topLevelElements = ['Version', 'Id', 'Statement'] as const;

/** The element names IAM knows inside a statement. */
export const statementElements = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;

/** The principal types a Principal object may name. */
export const principalTypes = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

export const policyVersions = ['2012-10-17', '2008-10-17'] as const;

/**
 * Whether a statement writes one of these elements in another letter case (`effect`, `action`): IAM rejects the name,
 * and unknown-element reports it where it is, so the rules for a missing element say nothing more.
 */
export function writtenInOtherCase(statement: Statement, ...names: string[]): boolean {
  const lower = names.map((name) => name.toLowerCase());
  return statement.properties.some((property) => !names.includes(property.key) && lower.includes(property.key.toLowerCase()));
}

/** The list elements of a statement with their names, for checks that treat them alike. */
export function listElementsOf(statement: Statement): { name: string; element: ListElement }[] {
  const result: { name: string; element: ListElement }[] = [];
  if (statement.action) result.push({ name: 'Action', element: statement.action });
  if (statement.notAction) result.push({ name: 'NotAction', element: statement.notAction });
  if (statement.resource) result.push({ name: 'Resource', element: statement.resource });
  if (statement.notResource) result.push({ name: 'NotResource', element: statement.notResource });
  return result;
}

export function principalElementsOf(statement: Statement): { name: string; element: PrincipalElement }[] {
  const result: { name: string; element: PrincipalElement }[] = [];
  if (statement.principal) result.push({ name: 'Principal', element: statement.principal });
  if (statement.notPrincipal) result.push({ name: 'NotPrincipal', element: statement.notPrincipal });
  return result;
}
