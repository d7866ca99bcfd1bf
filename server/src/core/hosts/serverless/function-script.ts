import type { EmbeddedPolicy, HostDocument, HostInput } from '../host';
import type { CfnEntry } from '../cloudformation/nodes';
import { templateContextOf } from '../cloudformation/reader';
import type { Fix } from '../../checks/check';
import { writeFix } from '../cdk/reader';
import { addStatementList, functionRoleStatements } from './statement-list';
import { parseScriptExports } from './script';
import { NO_SERVICE_VALUES } from './variables';

/** Whether a file may be a function's configuration written in code: a script that names `iamRoleStatements`. */
export function mayBeFunctionScript(uri: string, text: string): boolean {
  return /\.[cm]?[jt]s$/i.test(uri.replace(/[?#].*$/, '')) && !/\.d\.[cm]?ts$/i.test(uri) && /\biamRoleStatements\b/.test(text);
}

/**
 * A function's configuration kept in its own module, as the framework's TypeScript template lays a service out
 * (`src/functions/hello/index.ts` exports `{ handler, events }`, and `serverless.ts` imports it into `functions`):
 * the statements of the serverless-iam-roles-per-function plugin (`iamRoleStatements`) are the function's role's
 * policy, checked here where they are written. The service file sees only the imported name, a value known when the
 * service is packaged. An exported object of such configurations (`export const functions = { hello: {…} }`) is
 * read function by function. Their `${…}`, `Ref` and `Fn::GetAtt` name what the service file defines.
 */
export function readFunctionScript(input: HostInput): HostDocument | undefined {
  const lists: { entry: CfnEntry; name: string }[] = [];
  for (const { name, value } of parseScriptExports(input.text)) {
    if (value.kind !== 'map') continue;
    const own = functionRoleStatements(value);
    if (own) {
      lists.push({ entry: own, name: name === 'default' ? 'iamRoleStatements' : `${name} › iamRoleStatements` });
      continue;
    }
    // A map of functions (not a service's `provider`, which has no code of its own).
    for (const member of value.entries) {
      const statements = functionRoleStatements(member.value);
      if (statements) lists.push({ entry: statements, name: `${name === 'default' ? '' : `${name} › `}${member.key} › iamRoleStatements` });
    }
  }
  if (lists.length === 0) return undefined;
  const context = templateContextOf(input.text, 'yaml', { kind: 'map', span: { start: 0, end: input.text.length }, entries: [] });
  context.serverless = NO_SERVICE_VALUES;
  const policies: EmbeddedPolicy[] = [];
  for (const { entry, name } of lists) addStatementList(policies, entry, name, context);
  if (policies.length === 0) return undefined;
  return {
    kind: 'serverless',
    policies: policies.map((policy) => ({ ...policy, writeFix: (fix: Fix) => writeFix(input.text, fix) })),
    problems: [...context.problems].sort((a, b) => a.span.start - b.span.start),
  };
}
