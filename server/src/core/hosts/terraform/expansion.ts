import { DeployChoice, DeployString, type DeployValue } from '../../account/deploy-time';
import type { JsonNode, Placeholder } from '../../policy/model';
import type { Span } from '../../text/span';
import { arrayNode, mappedStringNode, objectNode, propertyNode, scalarNode } from './nodes';
import type { HclNode } from './syntax';

// While a block is read, the reader may evaluate expressions to expand what Terraform repeats: a `for` expression over
// a known collection and a `dynamic` block over a known for_each become their elements. Who reads decides what is
// known: the editor knows the file's (and module's) locals, the account model a module instance's variables too. The
// symbols of the dynamic block being expanded (`statement.value`) are bound while its content is read. The reader is
// synchronous, so this is one read's state, as the locals are (hcl.ts, withLocals).

/** Evaluates an expression written in `text` with `symbols` bound; a part known only at apply is a DeployString. */
export type Evaluate = (expression: HclNode, text: string, symbols: ReadonlyMap<string, DeployValue> | undefined) => DeployValue;

let evaluate: Evaluate | undefined;
let symbols: ReadonlyMap<string, DeployValue> | undefined;
// Set while the evaluator runs: it reads templates through the reader's own functions, which must then not evaluate again.
let busy = false;
/** The nodes made from evaluated values: they stand for the values, so the account model takes them as they are. */
const expanded = new WeakSet<JsonNode>();

// The spans of the nodes made in this read: a fix or completion edit inside one would rewrite the whole expression
// that made the value (a `for`, a function call, a `local.x`) with text meant for one of its elements.
let madeSpans: Span[] | undefined;

/** Runs `read`, adding the span of every node made from an evaluated value to `spans`. */
export function collectingMadeSpans<T>(spans: Span[], read: () => T): T {
  const saved = madeSpans;
  madeSpans = spans;
  try {
    return read();
  } finally {
    madeSpans = saved;
  }
}

/** Whether a node was made from an evaluated value (an element of an expanded `for` expression or dynamic block). */
export function isExpandedNode(node: JsonNode): boolean {
  return expanded.has(node);
}

/** Runs `read` with expressions evaluated by `evaluator` (and no symbols bound). */
export function withEvaluation<T>(evaluator: Evaluate | undefined, read: () => T): T {
  const saved = [evaluate, symbols] as const;
  evaluate = evaluator;
  symbols = undefined;
  try {
    return read();
  } finally {
    [evaluate, symbols] = saved;
  }
}

/** Runs `read` with `bound` added to the symbols (a dynamic block's iterator while its content is read). */
export function withSymbols<T>(bound: ReadonlyMap<string, DeployValue> | undefined, read: () => T): T {
  if (!bound || bound.size === 0) return read();
  const saved = symbols;
  symbols = new Map([...(symbols ?? []), ...bound]);
  try {
    return read();
  } finally {
    symbols = saved;
  }
}

/** The symbols bound now, for a dynamic block nested in another. */
export function boundSymbols(): ReadonlyMap<string, DeployValue> | undefined {
  return symbols;
}

/** Whether expressions are evaluated in this read. */
export function evaluating(): boolean {
  return evaluate !== undefined;
}

/** An expression's value in this read; undefined when nothing evaluates here or nothing of it is known. */
export function valueOfExpression(expression: HclNode, text: string): DeployValue {
  if (!evaluate || busy) return undefined;
  let value: DeployValue;
  busy = true;
  try {
    value = evaluate(expression, text, symbols);
  } finally {
    busy = false;
  }
  // The evaluator writes a wholly unknown expression as one deploy-time part: that says nothing the reader's own placeholder doesn't.
  if (value instanceof DeployString && value.parts.length === 1 && typeof value.parts[0] !== 'string') return undefined;
  return value;
}

/** Whether an expression names a bound symbol (`statement.value.actions`, `"${s.key}"`), so that its value may be known. */
export function namesBoundSymbol(expression: HclNode): boolean {
  if (!symbols || symbols.size === 0 || busy) return false;
  const visit = (node: HclNode): boolean => (node.type === 'variable_expr' && symbols!.has(node.text)) || node.namedChildren.some(visit);
  return visit(expression);
}

/**
 * A value as policy nodes, every node spanning `span` (the expression that made it): strings, numbers, booleans,
 * lists, maps; a deploy-time part as a placeholder written `${source}`. Undefined for a value that cannot be a policy
 * value (a choice among values).
 */
export function nodeOfValue(value: DeployValue, span: Span): JsonNode | undefined {
  const node = nodeOf(value, span);
  if (node) {
    markExpanded(node);
    madeSpans?.push(span);
  }
  return node;
}

function markExpanded(node: JsonNode): void {
  expanded.add(node);
  for (const child of node.children ?? []) markExpanded(child);
}

function nodeOf(value: DeployValue, span: Span): JsonNode | undefined {
  if (typeof value === 'string') return spannedString(value, span, []);
  if (typeof value === 'number') return scalarNode('number', span, value);
  if (typeof value === 'boolean') return scalarNode('boolean', span, value);
  if (value === null) return scalarNode('null', span, null);
  if (value instanceof DeployString) {
    let text = '';
    const placeholders: Placeholder[] = [];
    for (const part of value.parts) {
      if (typeof part === 'string') text += part;
      else {
        const source = /^\$\{[\s\S]*\}$/.test(part.source) ? part.source : `\${${part.source}}`;
        placeholders.push({ start: text.length, end: text.length + source.length, kind: 'string', source });
        text += source;
      }
    }
    return spannedString(text, span, placeholders);
  }
  if (value === undefined || value instanceof DeployChoice) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => nodeOf(item, span));
    return items.every((item) => item !== undefined) ? arrayNode(span, items as JsonNode[]) : undefined;
  }
  const properties: JsonNode[] = [];
  for (const [key, item] of Object.entries(value)) {
    const node = nodeOf(item, span);
    if (!node) return undefined;
    properties.push(propertyNode(span, key, span, node));
  }
  return objectNode(span, properties);
}

/** A made string: no part of it is written anywhere, so any part of it is the whole expression that made it. */
function spannedString(value: string, span: Span, placeholders: Placeholder[]): JsonNode {
  return mappedStringNode(span, value, () => ({ ...span }), placeholders);
}
