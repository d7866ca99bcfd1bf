import type { Problem } from './checks/check';
import type { PolicyDocument, Statement } from './policy/model';
import type { Span } from './text/span';

/** The rules that say the text does not parse: a finding of theirs marks where the policy is broken. */
export const PARSE_RULES: ReadonlySet<string> = new Set(['json-syntax', 'yaml-syntax', 'terraform-syntax']);

// Findings about the text itself, or about the tool, whatever the parser made of the rest.
// policy-size measures the text as written, whatever it parses to.
const KEPT_RULES: ReadonlySet<string> = new Set([...PARSE_RULES, 'json-comment', 'duplicate-key', 'policy-size', 'internal-error', 'catalog-unavailable']);

/**
 * The findings that do not read a part of the policy the parser had to guess. The parser recovers from a syntax
 * error by guessing: a missing `]` makes the next key an entry of the list (`"Action": ["s3:GetObject" "Resource":
 * …`), so the statement seems to have no Resource and an action named "Resource"; an unclosed quote in YAML runs on
 * into the next statements. Those findings are false, and the syntax error already says what to fix. So from the
 * first syntax error on, the statements report nothing but syntax errors (the one holding it, and every statement
 * after it), nor do the findings outside every statement (Version, unknown top-level elements). The statements
 * before it parsed as written and keep their findings, as they do while the user types further down.
 * `hostErrors` are the host's syntax errors inside the policy (a JSON template's), which the policy model does not hold.
 */
export function withoutFindingsOnBrokenText(problems: Problem[], policy: PolicyDocument, hostErrors: readonly Span[] = []): Problem[] {
  let first = Infinity;
  for (const error of hostErrors) first = Math.min(first, error.start);
  const errors = policy.syntaxErrors.filter((error) => !error.isComment);
  for (const error of errors) first = Math.min(first, error.span.start);
  if (first === Infinity || problems.length === 0) return problems;
  // One comma missing and nothing else wrong: the parser read the rest as written (`"Sid": "A" "Effect": …`), so
  // the findings stand. A `]` or `}` left out also reports a missing comma, but never alone.
  if (hostErrors.length === 0 && errors.length === 1 && errors[0].missingComma) return problems;
  // A statement is guessed at when it holds the first error or starts after it.
  const guessed = (statement: Statement) => statement.span.end >= first;
  return problems.filter((problem) => {
    if (KEPT_RULES.has(problem.ruleId)) return true;
    const statement = statementAt(policy.statements, problem.span.start);
    return statement !== undefined && !guessed(statement);
  });
}

// An error at the very end of an unclosed statement (the `}` expected at the end of the file) is inside it.
function statementAt(statements: readonly Statement[], offset: number): Statement | undefined {
  return statements.find((statement) => statement.span.start <= offset && offset <= statement.span.end);
}
