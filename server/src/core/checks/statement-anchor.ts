import type { Statement } from '../policy/model';
import { spanOf, type Span } from '../text/span';

/** Where to report something a whole statement lacks: its opening brace, so the squiggle stays short. */
export function statementAnchor(statement: Statement): Span {
  return spanOf(statement.span.start, 1);
}

/** How a statement is named in messages: by Sid when it has one, else by its position. */
export function statementLabel(statement: Statement): string {
  const sid = statement.sid?.value?.value;
  return sid ? `Statement "${sid}"` : `Statement ${statement.index + 1}`;
}

/**
 * A statement written `{}`: effect-missing reports it once, as empty, and the rules for each element it lacks (Action,
 * Resource, Principal) leave it alone, so one mistake is not four findings at one brace (code sweep 2).
 */
export function isEmptyStatement(statement: Statement): boolean {
  return statement.properties.length === 0 && statement.node?.type === 'object' && (statement.node.children?.length ?? 0) === 0;
}
