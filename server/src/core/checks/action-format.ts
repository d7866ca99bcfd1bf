import { isWellFormedAction, parseActionName } from '../policy/action-name';
import type { StringValue } from '../policy/model';
import { hasPlaceholder, valueTextSpan } from '../policy/value-text';
import { statementActionsOf, type StatementActions } from '../risk/action-grants';
import type { Check } from './check';

const validPrefix = /^[A-Za-z0-9*?-]+$/;
const validName = /^[A-Za-z0-9*?_.-]+$/;

export const actionFormat: Check = {
  id: 'action-format',
  severity: 'error',
  description: 'An action is "*" or "service:ActionName": one colon, a service prefix of letters, digits and hyphens, and no spaces.',
  run({ policy, report }) {
    const check = (value: StringValue) => {
      if (hasPlaceholder(value)) {
        const problem = writtenPartProblem(value);
        if (problem) report(valueTextSpan(value), `Action "${value.value}" ${problem}`);
        return;
      }
      const problem = describeProblem(value.value);
      if (!problem) return;
      // White space, and punctuation left from a list written elsewhere (`"kms:Decrypt,"`), are a slip of the pen.
      const trimmed = value.value.replace(/\s+/g, '').replace(/^[,;'"`]+|[,;'"`]+$/g, '');
      const fixes =
        trimmed !== value.value && !describeProblem(trimmed) ? [{ title: `Change to "${trimmed}"`, edits: [{ span: value.span, newText: JSON.stringify(trimmed) }], isPreferred: true }] : [];
      report(valueTextSpan(value), `Action "${value.value}" ${problem}`, { fixes });
    };
    const indexes = statementActionsOf(policy);
    for (let s = 0; s < indexes.length; s++) {
      const { action, notAction } = indexes[s].statement;
      // The index is of Action, else of NotAction: only its suspects need a look. A statement with both
      // (element-conflict) has its NotAction values checked one by one.
      if (action) for (const i of suspectsOf(indexes[s])) check(action.values[i]);
      if (notAction) {
        if (action) for (const value of notAction.values) check(value);
        else for (const i of suspectsOf(indexes[s])) check(notAction.values[i]);
      }
    }
  },
};

// The memo key of a list's suspects (see StatementActions.memo).
const listSuspects = {};
const noSuspects: readonly number[] = [];

/**
 * The positions of a list's malformed values, tested as written once per list: the memo lives with the list's index,
 * which one list of values as written shares across parses. A regular expression per value was most of this rule's
 * cost, for the 59,000 values of the managed policies; testing the quarter of them with a "k" (a Kelvin sign, U+212A,
 * lower-cases to one) again at each parse cost about 1.3 ms a pass.
 */
function suspectsOf(grants: StatementActions): readonly number[] {
  let suspects = grants.memo.get(listSuspects) as readonly number[] | undefined;
  if (!suspects) {
    const values = grants.element?.values ?? [];
    let found: number[] | undefined;
    for (let i = 0; i < values.length; i++) if (!isWellFormedAction(values[i].value)) (found ??= []).push(i);
    grants.memo.set(listSuspects, (suspects = found ?? noSuspects));
  }
  return suspects;
}

/**
 * What is wrong with the text written around a value's placeholders (`"s3:${var.bucket}/${var.prefix}"`) whatever the
 * values filled in: a character no action has, or a second colon. Undefined when some values would make an action.
 */
function writtenPartProblem(value: StringValue): string | undefined {
  const text = value.value;
  const holes = [...(value.placeholders ?? [])].sort((a, b) => a.start - b.start);
  let colons = 0;
  let at = 0;
  for (const hole of [...holes, { start: text.length, end: text.length }]) {
    for (let i = at; i < hole.start; i++) {
      const c = text[i];
      if (c === ':') colons++;
      else if (!/[A-Za-z0-9*?_.-]/.test(c))
        return `holds ${/\s/.test(c) ? 'white space' : `"${c}"`} as written, which no action has whatever the values filled in. Write "service:ActionName", for example "s3:GetObject".`;
    }
    at = Math.max(at, hole.end);
  }
  return colons > 1 ? 'has more than one colon as written, whatever the values filled in. Write "service:ActionName", for example "s3:GetObject".' : undefined;
}

function describeProblem(text: string): string | undefined {
  if (isWellFormedAction(text)) return undefined;
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
