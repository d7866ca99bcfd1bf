import type { Problem } from './checks/check';
import type { PolicyDocument, Statement } from './policy/model';

/**
 * A finding the user chose to silence. IAM JSON has no comments, so suppressions live outside the policy, in the
 * `iamPolicy.suppressions` setting: a rule, the files it applies to, and optionally one statement (by Sid, or by
 * 1-based position when the statement has no Sid).
 */
export interface Suppression {
  rule: string;
  /** Glob of the files; every file when absent. */
  file?: string;
  /** The statement's Sid, or `#3` for the third statement; the whole file when absent. */
  statement?: string;
}

/** How a suppression names a statement: its Sid when it has one, else `#` and its 1-based position. */
export function statementReference(statement: Statement): string {
  return statement.sid?.value?.value || `#${statement.index + 1}`;
}

/** The problems that no suppression covers. `appliesToFile` decides whether a suppression's file glob matches. */
export function withoutSuppressed(problems: Problem[], policy: PolicyDocument, suppressions: Suppression[], appliesToFile: (glob: string) => boolean): Problem[] {
  const active = suppressions.filter((s) => s.file === undefined || appliesToFile(s.file));
  if (active.length === 0) return problems;
  return problems.filter((problem) => {
    const rules = active.filter((s) => s.rule === problem.ruleId);
    if (rules.length === 0) return true;
    if (rules.some((s) => s.statement === undefined)) return false;
    const statement = policy.statements.find((s) => problem.span.start >= s.span.start && problem.span.start < s.span.end);
    return !(statement && rules.some((s) => s.statement === statementReference(statement)));
  });
}
