import { conditionBlocksOf, conditionValueSpan } from '../policy/condition-blocks';
import type { ConditionKeyEntry } from '../policy/model';
import { hasPolicyVariable } from '../policy/arn';
import { PatternSet } from '../risk/pattern-cover';
import { arrayItemRemover } from '../risk/policy-edits';
import type { Check, Fix, TextEdit } from './check';

export const redundantConditionValue: Check = {
  id: 'redundant-condition-value',
  severity: 'hint',
  onlyWith: 'Condition',
  description: 'A condition value listed twice for the same key, or one that a wildcard value of a StringLike test already matches, adds nothing: a key matches when any one value does.',
  run({ policy, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (!operator || operator.family === 'Null') continue;
      // StringLike patterns cover one another as globs; ARN operators match part by part, so only duplicates there.
      const globs = operator.like && operator.family === 'String';
      for (const entry of block.entry.keys) {
        if (entry.values.length < 2) continue;
        const redundant = redundantValuesOf(entry, operator.ignoreCase, globs);
        if (redundant.length === 0) continue;
        const remove = arrayItemRemover(entry);
        for (const [index, by, duplicate] of redundant) {
          const value = entry.values[index];
          const why = duplicate ? `"${value.value}" is listed twice for "${entry.key}".` : `"${value.value}" is already matched by "${entry.values[by].value}" for "${entry.key}".`;
          report(conditionValueSpan(policy.text, value), `${why} Remove it.`, { fixes: removeFix(remove(value.span)) });
        }
      }
    }
  },
};

/**
 * The positions of the key's values that an earlier one repeats (`duplicate`), or that a glob among them matches
 * (with `globs`; of two globs that match each other, the later). Each value is looked up rather than compared with
 * every other: a list of 4,000 values took 0.4 s.
 */
function redundantValuesOf(entry: ConditionKeyEntry, ignoreCase: boolean, globs: boolean | undefined): [index: number, by: number, duplicate: boolean][] {
  const found: [index: number, by: number, duplicate: boolean][] = [];
  const firstOf = new Map<string, number>();
  let patterns: PatternSet | undefined;
  if (globs) {
    patterns = new PatternSet(() => undefined, false);
    entry.values.forEach(({ value }, index) => {
      if (!hasPolicyVariable(value)) patterns!.add(value, index);
    });
  }
  entry.values.forEach(({ value }, index) => {
    const key = ignoreCase ? value.toLowerCase() : value;
    const first = firstOf.get(key);
    if (first !== undefined) {
      found.push([index, first, true]);
      return;
    }
    firstOf.set(key, index);
    const by = patterns && !hasPolicyVariable(value) ? patterns.coveringIndex(value, index, true) : undefined;
    if (by !== undefined) found.push([index, by, false]);
  });
  return found;
}

// A key matches when any of its values does, so removing a covered value changes nothing: safe for "Fix all".
function removeFix(edit: TextEdit | undefined): Fix[] {
  return edit ? [{ title: 'Remove the redundant value', edits: [edit], isPreferred: true }] : [];
}
