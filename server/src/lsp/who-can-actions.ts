import type { CodeAction, CodeActionParams } from 'vscode-languageserver';
import type { Statement, StringValue } from '../core/policy/model';
import { whoCanCommand, type WhoCanArguments } from '../protocol';
import type { Analysis } from './documents';

// "Who can…" from an action name or an ARN under the cursor in any policy (a policy file, a template, a .tf file):
// the command asks for the request, pre-filled from the statement, and answers from the workspace's account.

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/;

/** The "Who can…" code action for the value under the cursor, when it is an action or an ARN of a statement. */
export function whoCanActionsOf(analysis: Analysis, params: CodeActionParams): CodeAction[] {
  if (params.context.only && params.context.only.length > 0) return [];
  const offset = analysis.lines.offsetAt(params.range.start);
  for (const { policy } of analysis.policies) {
    const statement = policy.statements.find((s) => offset >= s.span.start && offset <= s.span.end);
    if (!statement) continue;
    const args = argumentsAt(statement, offset);
    if (!args) return [];
    const title = `Who can ${args.action ?? 'do this'}${args.resource && args.resource !== '*' ? ` on ${shorten(args.resource)}` : ''}? (IAM account)`;
    return [{ title, command: { title, command: whoCanCommand, arguments: [args] } }];
  }
  return [];
}

function argumentsAt(statement: Statement, offset: number): WhoCanArguments | undefined {
  const at = (values: readonly StringValue[] | undefined) => values?.find((v) => offset >= v.span.start && offset <= v.span.end);
  const actions = statement.action?.values ?? [];
  const resources = statement.resource?.values ?? [];
  // Who-can asks about one request: the first action written out (a wildcard names many).
  const firstAction = actions.find((a) => ACTION.test(a.value))?.value;
  const firstResource = resources[0]?.value;
  const action = at(actions);
  if (action && ACTION.test(action.value)) return { action: action.value, ...(firstResource !== undefined ? { resource: firstResource } : {}) };
  const resource = at(resources) ?? at(statement.notResource?.values) ?? at(statement.principal?.entries.flatMap((e) => e.values));
  if (resource && resource.value.startsWith('arn:')) return { ...(firstAction !== undefined ? { action: firstAction } : {}), resource: resource.value };
  return undefined;
}

function shorten(arn: string): string {
  return arn.length > 60 ? `${arn.slice(0, 57)}…` : arn;
}
