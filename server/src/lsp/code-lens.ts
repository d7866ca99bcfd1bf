import type { CodeLens } from 'vscode-languageserver';
import { simulateCommand, type SimulateArguments } from '../protocol';
import { toRange } from './convert';
import type { RolePlace } from './account-findings';
import type { Analysis } from './documents';

/**
 * "Simulate request" above the policy (on its Statement key, or at the start of the document without one) and
 * above each statement; "Simulate as this role" above each role of a template or module. The client's command asks for the request and shows the result.
 */
export function codeLensesOf(analysis: Analysis, roles: readonly RolePlace[] = []): CodeLens[] {
  const lens = (span: { start: number; end: number }, title: string, args: SimulateArguments): CodeLens => ({
    range: toRange(analysis.lines, span),
    command: { title, command: simulateCommand, arguments: [args] },
  });
  const lenses: CodeLens[] = [];
  const several = analysis.policies.length > 1;
  analysis.policies.forEach(({ policy, span, variantOf }, policyIndex) => {
    // The second build of a policy for the other branch of `Fn::If` sits at the same place: one set of lenses.
    if (variantOf !== undefined) return;
    // A document with several policies (a template) names the policy too; a plain policy file's arguments stay as they were.
    const target = { uri: analysis.uri, ...(several ? { policyIndex } : {}) };
    lenses.push(lens(policy.statementElement?.keySpan ?? { start: span.start, end: span.start }, 'Simulate request', target));
    for (const statement of policy.statements) {
      const sid = statement.sid?.value?.value;
      const title = sid ? `Simulate request for "${sid}"` : `Simulate request for statement ${statement.index + 1}`;
      lenses.push(lens(statement.span, title, { ...target, statementIndex: statement.index }));
    }
  });
  // "Simulate as this role" above each role a template or module defines (its logical id, its block's header): the
  // request is evaluated with all of the role's policies.
  // A role of a module called several times (count, for_each, several calls) is several roles at one place: each
  // lens names its role.
  const shared = (span: { start: number }) => roles.filter((other) => other.span.start === span.start).length > 1;
  for (const role of roles)
    lenses.push(lens({ start: role.span.start, end: role.span.start }, shared(role.span) ? `Simulate as role ${role.name}` : 'Simulate as this role', { uri: analysis.uri, templateRole: role.arn }));
  if (roles.length > 0) lenses.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return lenses;
}
