import type { JSONPath } from 'jsonc-parser';
import type { JsonNode, PolicyDocument, Statement, StringValue, ConditionValue } from '../policy/model';
import type { Span } from '../text/span';
import type { CompletionContext } from './context';

/**
 * Where the cursor is in a policy read from a host document (a YAML or JSON template, a .tf file), found in the
 * policy MODEL rather than in the text: the model's node tree has every key and value at its span in the host text,
 * whatever the host's syntax, so the element path is the same as for a plain JSON policy. What is typed is read from
 * the model's value through its span mapper, so YAML escapes, block scalars and HCL templates do not matter.
 *
 * Returns undefined where the cursor is on nothing completion can name: between a host's own keys, on an HCL name
 * (`actions`) that the model renames (`Action`), or on an element the host implies (Terraform's default Effect).
 */
export function modelContextAt(policy: PolicyDocument, cursor: number): CompletionContext | undefined {
  const root = policy.root;
  // The model is walked at the anchor (before `Action: ` 's blank), the empty token sits at the cursor.
  const offset = completionAnchor(policy.text, cursor);
  if (!root || !within(root, offset)) return undefined;
  const path: JSONPath = [];
  let node: JsonNode = root;
  let token: CompletionContext['token'] | undefined;
  let position: CompletionContext['position'] = 'value';
  for (;;) {
    if (node.type === 'object') {
      const partial = node !== root ? typedAsKey(policy.text, node, path, offset) : undefined;
      if (partial) {
        token = partial;
        break;
      }
      const property = node.children?.find((child) => within(child, offset) && !implied(child));
      if (!property) return undefined;
      const [key, value] = property.children ?? [];
      if (!key) return undefined;
      // In HCL a block's value can span its own key (`condition { test = … }`): the key wins unless the cursor is past it in a value after it.
      if (within(key, offset) && (!value || value.offset <= key.offset || offset < value.offset)) {
        // A key completion writes the name as the host wrote it; an HCL attribute name that the model renames is no key to complete.
        const written = keyToken(policy.text, key, offset);
        if (!written) return undefined;
        path.push(String(key.value));
        position = 'key';
        token = written;
        break;
      }
      path.push(String(key.value));
      if (!value || !within(value, offset)) {
        // `Action: |` with no value yet: an empty token at the cursor.
        token = { typed: '', span: { start: cursor, end: cursor }, quoted: false };
        break;
      }
      node = value;
      continue;
    }
    if (node.type === 'array') {
      const items = node.children ?? [];
      const index = items.findIndex((item) => within(item, offset));
      if (index < 0) {
        path.push(items.filter((item) => item.offset + item.length <= offset).length);
        token = { typed: '', span: { start: cursor, end: cursor }, quoted: false };
        break;
      }
      path.push(index);
      node = items[index];
      continue;
    }
    token = node.type === 'null' && node.length === 0 ? { typed: '', span: { start: cursor, end: cursor }, quoted: false } : valueToken(policy, node, offset);
    break;
  }
  if (!token) return undefined;
  const inStatement = path[0] === 'Statement' && path.length > 1;
  const statementPath = inStatement ? (typeof path[1] === 'number' ? path.slice(2) : path.slice(1)) : undefined;
  return { position, path, ...(statementPath ? { statementPath } : {}), token };
}

/**
 * Where to look for the cursor in the model: YAML's `Action: ` and `- ` end their empty value before the blank the
 * user typed, so a cursor after blanks that follow `:` or `-` belongs to the value before them.
 */
export function completionAnchor(text: string, cursor: number): number {
  let start = cursor;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return start < cursor && (text[start - 1] === ':' || text[start - 1] === '-') ? start : cursor;
}

/** The string value of the model whose span holds `offset`, with its span mapper: what hover and completion read. */
export function modelValueAt(policy: PolicyDocument, offset: number): StringValue | ConditionValue | undefined {
  let found: StringValue | ConditionValue | undefined;
  const consider = (value: StringValue | ConditionValue | undefined) => {
    if (value && value.span.start <= offset && offset <= value.span.end && (!found || value.span.end - value.span.start < found.span.end - found.span.start)) found = value;
  };
  consider(policy.version?.value);
  for (const statement of policy.statements) {
    if (offset < statement.span.start || offset > statement.span.end) continue;
    for (const value of statementValues(statement)) consider(value);
  }
  return found;
}

function statementValues(statement: Statement): (StringValue | ConditionValue)[] {
  const values: (StringValue | ConditionValue)[] = [];
  for (const scalar of [statement.sid, statement.effect]) if (scalar?.value) values.push(scalar.value);
  for (const list of [statement.action, statement.notAction, statement.resource, statement.notResource]) if (list) values.push(...list.values);
  for (const principal of [statement.principal, statement.notPrincipal]) {
    if (!principal) continue;
    if (principal.wildcard) values.push(principal.wildcard);
    for (const entry of principal.entries) values.push(...entry.values);
  }
  for (const operator of statement.condition?.operators ?? []) for (const key of operator.keys) values.push(...key.values);
  return values;
}

function valueToken(policy: PolicyDocument, node: JsonNode, offset: number): CompletionContext['token'] | undefined {
  const span: Span = { start: node.offset, end: node.offset + node.length };
  if (node.type === 'null') return { typed: '', span, quoted: false };
  if (node.type !== 'string') return undefined;
  const value = modelValueAt(policy, offset);
  const quoted = isQuote(policy.text[span.start]);
  if (!value?.mapSpan || value.span.start !== span.start || value.span.end !== span.end) {
    // A string without a mapper is written as JSON: its text is the value between the quotes.
    const first = span.start + (quoted ? 1 : 0);
    return { typed: policy.text.slice(first, Math.max(first, offset)), span, quoted };
  }
  return { typed: value.value.slice(0, valueIndexAt(value, offset)), span, quoted };
}

/** How many characters of the value lie before `offset` in the host text. */
export function valueIndexAt(value: StringValue | ConditionValue, offset: number): number {
  const map = value.mapSpan;
  if (!map) return Math.max(0, Math.min(value.value.length, offset - value.span.start - 1));
  let low = 0;
  let high = value.value.length;
  // The mapper is monotonic: the largest index whose start is at or before the cursor.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (map(middle, middle).start <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

const listElements = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);

/**
 * `Action: s3:` is a YAML mapping `{s3: null}` until the action name follows the colon. In a list element, a plain
 * key ending at the cursor's colon is the value being typed.
 */
function typedAsKey(text: string, node: JsonNode, path: JSONPath, offset: number): CompletionContext['token'] | undefined {
  const last = typeof path[path.length - 1] === 'number' ? path[path.length - 2] : path[path.length - 1];
  if (!listElements.has(String(last)) || path[0] !== 'Statement') return undefined;
  const key = node.children?.[0]?.children?.[0];
  if (!key || isQuote(text[key.offset])) return undefined;
  const end = key.offset + key.length;
  if (text[end] !== ':' || offset < key.offset || offset > end + 1) return undefined;
  return { typed: text.slice(key.offset, offset), span: { start: key.offset, end: end + 1 }, quoted: false };
}

function keyToken(text: string, key: JsonNode, offset: number): CompletionContext['token'] | undefined {
  const span: Span = { start: key.offset, end: key.offset + key.length };
  const quoted = isQuote(text[span.start]);
  const inner = quoted ? text.slice(span.start + 1, span.end - 1) : text.slice(span.start, span.end);
  if (inner !== key.value) return undefined;
  const first = span.start + (quoted ? 1 : 0);
  return { typed: text.slice(first, Math.max(first, offset)), span, quoted };
}

function within(node: JsonNode, offset: number): boolean {
  return node.offset <= offset && offset <= node.offset + node.length;
}

// Terraform's default `effect` and `version` are model elements whose key and value both sit on the block keyword.
function implied(property: JsonNode): boolean {
  const [key, value] = property.children ?? [];
  return !!key && !!value && key.offset === value.offset && key.length === value.length;
}

function isQuote(char: string | undefined): boolean {
  return char === '"' || char === "'";
}
