import type { CodeLens } from 'vscode-languageserver';
import { simulateCommand, type SimulateArguments } from '../protocol';
import { toRange } from './convert';
import type { Analysis } from './documents';

/**
 * "Simulate request" above the policy (on its Statement key, or at the start of the document without one) and
 * above each statement. The client's command asks for the request and shows the result.
 */
export function codeLensesOf(analysis: Analysis): CodeLens[] {
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
  return lenses;
}
