import { valueSpanToDocument } from '../text/json-string';
import type { Span } from '../text/span';
import { parseConditionOperator, type ParsedConditionOperator } from './condition-operators';
import { DerivedSlot } from './derived';
import type { ConditionOperatorEntry, ConditionValue, PolicyDocument, Statement } from './model';

/** One operator of a statement's Condition, e.g. `"StringEquals": {…}`, with the operator taken apart. */
export interface ConditionBlock {
  readonly statement: Statement;
  readonly entry: ConditionOperatorEntry;
  /** The block as written, with the values known only at deploy time that `entry` leaves out. */
  readonly written: ConditionOperatorEntry;
  /** Undefined when IAM does not know the operator; condition-operator-unknown reports those. */
  readonly operator?: ParsedConditionOperator;
}

const cache = new DerivedSlot<PolicyDocument, readonly ConditionBlock[]>();

/** Every condition operator block of the policy in document order, computed once per parsed policy for all rules. */
export function conditionBlocksOf(policy: PolicyDocument): readonly ConditionBlock[] {
  let blocks = cache.get(policy);
  if (!blocks) {
    const list: ConditionBlock[] = [];
    for (const statement of policy.statements) {
      for (const written of statement.condition?.operators ?? []) {
        const entry = withoutPlaceholders(written);
        const operator = parseConditionOperator(entry.operator);
        list.push(operator ? { statement, entry, written, operator } : { statement, entry, written });
      }
    }
    blocks = list;
    cache.set(policy, blocks);
  }
  return blocks;
}

/**
 * A template's condition values known only at deploy time (`!Ref VpcId`, `${AWS::AccountId}`) are left out, so no
 * condition rule judges their format; the block is a copy only when it has such values.
 */
function withoutPlaceholders(entry: ConditionOperatorEntry): ConditionOperatorEntry {
  if (!entry.keys.some((key) => key.values.some((value) => value.placeholders?.length))) return entry;
  return { ...entry, keys: entry.keys.map((key) => ({ ...key, values: key.values.filter((value) => !value.placeholders?.length) })) };
}

/** The span of `[start, end)` of a condition value's text in the document, inside the quotes; the whole value by default. */
export function conditionValueSpan(text: string, value: ConditionValue, start = 0, end = value.value.length): Span {
  return value.mapSpan ? value.mapSpan(start, end) : valueSpanToDocument(text, value.span, value.jsonType === 'string', start, end);
}

/**
 * The edit that renames a block's operator, or undefined when another block of the same Condition already has
 * the new name (the rename would create a duplicate key).
 */
export function renameOperatorEdit(block: ConditionBlock, name: string): { span: Span; newText: string } | undefined {
  const taken = block.statement.condition?.operators.some((other) => other !== block.entry && other.operator === name);
  return taken ? undefined : { span: block.entry.property.keySpan, newText: JSON.stringify(name) };
}
