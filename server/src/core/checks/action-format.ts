import { actionValuesOf, parseActionName } from '../policy/action-name';
import { valueTextSpan } from '../policy/value-text';
import type { Check } from './check';

const validPrefix = /^[A-Za-z0-9*?-]+$/;
const validName = /^[A-Za-z0-9*?_.-]+$/;

export const actionFormat: Check = {
  id: 'action-format',
  severity: 'error',
  description: 'An action is "*" or "service:ActionName": one colon, a service prefix of letters, digits and hyphens, and no spaces.',
  run({ policy, report }) {
    for (const statement of policy.statements) {
      for (const value of actionValuesOf(statement)) {
        const problem = describeProblem(value.value);
        if (!problem) continue;
        const trimmed = value.value.replace(/\s+/g, '');
        const fixes =
          trimmed !== value.value && !describeProblem(trimmed) ? [{ title: `Change to "${trimmed}"`, edits: [{ span: value.span, newText: JSON.stringify(trimmed) }], isPreferred: true }] : [];
        report(valueTextSpan(value), `Action "${value.value}" ${problem}`, { fixes });
      }
    }
  },
};

const wellFormed = /^(?:\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+)$/;

function describeProblem(text: string): string | undefined {
  if (wellFormed.test(text)) return undefined;
  if (text.length === 0) return 'is empty. Write "service:ActionName", for example "s3:GetObject".';
  if (/\s/.test(text)) return 'contains white space. Remove it: action names have no spaces.';
  const colons = text.split(':').length - 1;
  if (colons === 0) return 'has no service prefix. Write "service:ActionName", for example "s3:GetObject".';
  if (colons > 1) return 'has more than one colon. Write "service:ActionName", for example "s3:GetObject".';
  const action = parseActionName({ value: text, span: { start: 0, end: text.length + 2 } });
  if (!action) return 'needs both a service prefix and an action name around the colon.';
  if (!validPrefix.test(action.prefix)) return `has an invalid service prefix "${action.prefix}". Prefixes use only letters, digits and hyphens.`;
  if (!validName.test(action.name)) return `has an invalid action name "${action.name}". Action names use only letters, digits, "*" and "?".`;
  return undefined;
}
