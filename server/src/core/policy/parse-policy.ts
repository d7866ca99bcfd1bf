import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { firstErrorAtEachOffset, missingCloserMessage, trailingCommaMessage, type LocatedParseError } from '../text/json-errors';
import { spanOf, type Span } from '../text/span';
import { parseStrictJsonTree } from './json-tree';
import { DerivedHolder } from './derived';
import { isWhollyDeployTime, shortestValue } from './value-text';
import type {
  ConditionElement,
  ConditionKeyEntry,
  ConditionValue,
  JsonNode,
  ListElement,
  PolicyDocument,
  PrincipalElement,
  Property,
  ScalarElement,
  Statement,
  StringValue,
  SyntaxError,
} from './model';

/**
 * Parses policy text into a PolicyDocument. Never throws: half-typed JSON still yields a model of what parsed,
 * and syntax errors are returned in `syntaxErrors`.
 */
export function parsePolicy(text: string): PolicyDocument {
  // Most documents are strict JSON: the fast parser builds parseTree's tree for them; the rest go through parseTree.
  const strict = parseStrictJsonTree(text);
  if (strict) return policyFromTree(text, strict, []);
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    // Comments are parsed (the iam-policy language is JSON with comments) but reported, because IAM rejects them.
    root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  } catch (error) {
    // jsonc-parser recurses once per nesting level; thousands of levels exhaust the stack. No policy nests like that.
    if (!(error instanceof RangeError)) throw error;
    return {
      text,
      root: undefined,
      syntaxErrors: [
        { message: 'The document is nested too deeply to read. IAM policies nest only a few levels; check for unclosed brackets.', span: spanOf(0, Math.min(1, text.length)), isComment: false },
      ],
      properties: [],
      statementIsObject: false,
      statements: [],
    };
  }
  // A `#` comment (YAML's, a shell's) is no JSON: the parser would stop at each of its words. It is blanked out, offsets
  // kept, so the rest of the policy is read, and reported once.
  const comments = hashCommentsOf(text, errors);
  const source = comments.length > 0 ? blankedOut(text, comments) : text;
  if (comments.length > 0) {
    errors.length = 0;
    root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  }
  const unquoted = unquotedKeysOf(source, errors);
  const found = unquoted.length > 0 ? errorsWithKeysQuoted(source, unquoted) : firstErrorAtEachOffset(errors, source).map((error) => describeSyntaxError(error, source));
  return policyFromTree(text, root, comments.length > 0 ? [...comments.map((comment) => hashCommentError(text, comment)), ...found].sort((a, b) => a.span.start - b.span.start) : found);
}

/** The `#` comments of a text, each from its `#` to the end of its line: where the parser found a `#` as a symbol. */
function hashCommentsOf(text: string, errors: readonly ParseError[]): Span[] {
  const comments: Span[] = [];
  for (const error of errors) {
    if (text[error.offset] !== '#' || printParseErrorCode(error.error) !== 'InvalidSymbol') continue;
    if (comments.length > 0 && comments[comments.length - 1].end > error.offset) continue;
    // By index, not by slicing the rest of the text: a large file of `#` lines would copy it once per line.
    let lineEnd = text.indexOf('\n', error.offset);
    if (lineEnd < 0) lineEnd = text.length;
    else if (text[lineEnd - 1] === '\r') lineEnd--;
    comments.push(spanOf(error.offset, lineEnd - error.offset));
  }
  return comments;
}

function blankedOut(text: string, spans: readonly Span[]): string {
  let result = '';
  let from = 0;
  for (const span of spans) {
    result += text.slice(from, span.start) + ' '.repeat(span.end - span.start);
    from = span.end;
  }
  return result + text.slice(from);
}

function hashCommentError(text: string, comment: Span): SyntaxError {
  const written = text.slice(comment.start, comment.end).trimEnd();
  // The spaces before it on its line go too, so that the line ends where its JSON does.
  let start = comment.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return {
    message: `JSON has no comments, and IAM rejects a policy with one: remove "${written.length > 60 ? `${written.slice(0, 57)}...` : written}".`,
    span: spanOf(comment.start, written.length),
    isComment: false,
    fix: { title: 'Remove the comment', edits: [{ span: spanOf(start, comment.end - start), newText: '' }] },
  };
}

/**
 * Property names written without quotes, as a JavaScript object has them (`{ Version: "2012-10-17" }`): each an
 * invalid symbol to jsonc-parser, followed by a colon.
 */
function unquotedKeysOf(text: string, errors: readonly ParseError[]): Span[] {
  return errors
    .filter((error) => printParseErrorCode(error.error) === 'InvalidSymbol' && /^[A-Za-z_$][\w$]*$/.test(text.slice(error.offset, error.offset + error.length)))
    .filter((error) => /^\s*:/.test(text.slice(error.offset + error.length, error.offset + error.length + 64)))
    .map((error) => spanOf(error.offset, error.length));
}

/**
 * The syntax errors of a text with property names not in quotes: one error per such name, with one fix that quotes
 * them all, then what a parse of the text with the names quoted still finds (a trailing comma), at its place in the
 * text. Recovering from the names, the parser would otherwise report two or three errors after each one.
 */
function errorsWithKeysQuoted(text: string, keys: readonly Span[]): SyntaxError[] {
  const fix = {
    title: 'Put every property name in double quotes',
    edits: keys.flatMap((key) => [
      { span: spanOf(key.start, 0), newText: '"' },
      { span: spanOf(key.end, 0), newText: '"' },
    ]),
  };
  const found: SyntaxError[] = keys.map((key) => {
    const name = text.slice(key.start, key.end);
    return { message: `Property name ${name} is not in double quotes, which JSON requires: write "${name}".`, span: key, isComment: false, fix };
  });
  // The quoted text, and where each of its offsets was in `text` (a quote at the name it was put around).
  let quoted = '';
  const original: number[] = [];
  let from = 0;
  for (const key of keys) {
    for (let i = from; i < key.start; i++) original.push(i);
    quoted += `${text.slice(from, key.start)}"${text.slice(key.start, key.end)}"`;
    original.push(key.start);
    for (let i = key.start; i < key.end; i++) original.push(i);
    original.push(key.end);
    from = key.end;
  }
  quoted += text.slice(from);
  for (let i = from; i <= text.length; i++) original.push(i);
  const errors: ParseError[] = [];
  try {
    parseTree(quoted, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  for (const error of firstErrorAtEachOffset(errors, quoted)) {
    const start = original[error.offset] ?? text.length;
    const end = original[Math.min(error.offset + error.length, quoted.length)] ?? text.length;
    const described = describeSyntaxError({ ...error, offset: start, length: end - start }, text);
    found.push(described);
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Builds the policy model from a parsed tree. Host readers (templates) call this with nodes they built, whose offsets
 * point into the host text and whose string nodes may carry `mapSpan` and `placeholders` (see HostJsonNode).
 */
export function policyFromTree(text: string, root: JsonNode | undefined, syntaxErrors: SyntaxError[]): PolicyDocument {
  const properties = root?.type === 'object' ? propertiesOf(root) : [];
  const document: PolicyDocument = new ParsedPolicy(text, root, syntaxErrors, properties);
  for (const property of properties) {
    switch (property.key) {
      case 'Version':
        if (takesEffect(document.version, property)) document.version = scalarElement(property);
        break;
      case 'Id':
        if (takesEffect(document.id, property)) document.id = scalarElement(property);
        break;
      case 'Statement':
        if (!takesEffect(document.statementElement, property)) break;
        document.statementElement = property;
        document.statementIsObject = property.valueNode?.type === 'object';
        document.statements = statementNodes(property.valueNode).map((node, index) => parseStatement(node, index, text));
        break;
    }
  }
  return document;
}

function describeSyntaxError(error: LocatedParseError, text: string): SyntaxError {
  if (error.trailingComma) return { message: trailingCommaMessage(error.trailingComma), span: spanOf(error.offset, 1), isComment: false };
  if (error.missingCloser) return { message: missingCloserMessage(error.missingCloser), span: spanOf(error.offset, 1), isComment: false };
  const code = printParseErrorCode(error.error);
  const isComment = code === 'InvalidCommentToken';
  // A zero-length error at the end of the text would be invisible; widen it to the last character.
  const length = error.length > 0 ? error.length : error.offset < text.length ? 1 : 0;
  const start = error.length > 0 || error.offset < text.length ? error.offset : Math.max(0, text.length - 1);
  const described: SyntaxError = { message: syntaxMessages[code] ?? `JSON syntax error: ${code}.`, span: spanOf(start, Math.max(length, start < text.length ? 1 : 0)), isComment };
  if (code === 'CommaExpected') described.missingComma = true;
  return described;
}

// Keyed by jsonc-parser's error names: its ParseErrorCode is a const enum, which isolated modules cannot read.
const syntaxMessages: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol. Policy JSON allows only objects, arrays, strings, numbers, true, false and null.',
  InvalidNumberFormat: 'Invalid number format.',
  // A comma before a closing bracket has its own message (json-errors.ts atTrailingComma): these are other places.
  PropertyNameExpected: 'Property name expected: an object holds "Key": value pairs, each key in double quotes.',
  ValueExpected: 'Value expected: a string, a number, an object, an array, true, false or null.',
  ColonExpected: 'Colon expected after the property name.',
  CommaExpected: 'Comma expected between entries.',
  CloseBraceExpected: 'Closing brace "}" expected.',
  CloseBracketExpected: 'Closing bracket "]" expected.',
  EndOfFileExpected: 'End of file expected. A policy is a single JSON object.',
  InvalidCommentToken: 'IAM does not accept comments in a policy. Remove the comment before you use the policy.',
  UnexpectedEndOfComment: 'Unexpected end of comment. Close it with "*/".',
  UnexpectedEndOfString: 'Unexpected end of string. Close it with a double quote.',
  UnexpectedEndOfNumber: 'Unexpected end of number.',
  InvalidUnicode: 'Invalid unicode escape sequence.',
  InvalidEscapeCharacter: 'Invalid escape character in string.',
  InvalidCharacter: 'Invalid character in string. Control characters must be escaped.',
};

export function spanOfNode(node: JsonNode): Span {
  return spanOf(node.offset, node.length);
}

/** The properties of a JSON object node, in source order, including duplicates. */
export function propertiesOf(node: JsonNode): Property[] {
  const children = node.children ?? [];
  // An array of the properties' number, not one grown by push (17 slots for a statement's three): the model lives,
  // and each collection copies it, for as long as its policy is linted.
  if (children.every(isProperty)) return children.map(propertyOf);
  const result: Property[] = [];
  for (const child of children) if (isProperty(child)) result.push(propertyOf(child));
  return result;
}

function isProperty(child: JsonNode): boolean {
  return child.type === 'property' && child.children !== undefined && child.children.length > 0;
}

function propertyOf(child: JsonNode): Property {
  const keyNode = child.children![0];
  const property: Property = { key: String(keyNode.value), keySpan: spanOfNode(keyNode), valueNode: child.children![1], span: spanOfNode(child) };
  if ((child as HostJsonNode).alternative) property.alternative = true;
  return property;
}

/**
 * Calls `visit` with the key and value node of each property of a JSON object node, in source order, as
 * `propertiesOf` lists them, without making Property objects: for rules that need no span of the key.
 */
export function forEachProperty(node: JsonNode, visit: (key: string, valueNode: JsonNode | undefined) => void): void {
  for (const child of node.children ?? []) if (isProperty(child)) visit(String(child.children![0].value), child.children![1]);
}

/** A tree node a host reader built: a string or scalar may say how its value maps to the host text. */
export interface HostJsonNode extends JsonNode {
  mapSpan?: StringValue['mapSpan'];
  placeholders?: StringValue['placeholders'];
  /**
   * On a Condition object: the tests the host left out because it could not read them, as written (a Terraform
   * `condition` block whose `variable` is `format("%s:sub", local.issuer)`).
   */
  unreadTests?: readonly string[];
  /**
   * On a policy or statement object: the members an interpolation writes where members go, as written (a Terraform
   * heredoc's `{ ${var.statement_body} }`). Any element may be among them, so no rule may say one is missing.
   */
  unreadMembers?: readonly string[];
  /**
   * On a property: written in another branch of a template's `%{ if } … %{ else } … %{ endif }` than an earlier
   * property of the same key, so the two are never in one rendered policy.
   */
  alternative?: true;
  /**
   * On a statement object: the branch of each choice that writes it (a Terraform conditional in a list of statements,
   * `var.admin ? [{…}] : [{…}]`). Two statements from different branches of one choice are never in one deployed
   * policy, so no rule may compare them as if they were.
   */
  branches?: readonly { choice: object; branch: number }[];
}

/**
 * Whether the statement `a` is in every deployed policy `b` is in: `a` is written in no branch of a choice
 * (HostJsonNode.branches) that `b` is not written in too. A statement another covers adds nothing only then.
 */
export function isPresentWhenever(a: JsonNode, b: JsonNode): boolean {
  const ofA = (a as HostJsonNode).branches;
  if (!ofA) return true;
  const ofB = (b as HostJsonNode).branches ?? [];
  return ofA.every((one) => ofB.some((other) => one.choice === other.choice && one.branch === other.branch));
}

/** Whether two statements come from different branches of one choice (HostJsonNode.branches). */
export function areAlternatives(a: JsonNode, b: JsonNode): boolean {
  const ofA = (a as HostJsonNode).branches;
  const ofB = (b as HostJsonNode).branches;
  if (!ofA || !ofB) return false;
  return ofA.some((one) => ofB.some((other) => one.choice === other.choice && one.branch !== other.branch));
}

/** Whether a host wrote some of the object's members by interpolation (HostJsonNode.unreadMembers). */
export function hasUnreadMembers(node: JsonNode | undefined): boolean {
  return ((node as HostJsonNode | undefined)?.unreadMembers?.length ?? 0) > 0;
}

export function stringValueOf(node: JsonNode | undefined): StringValue | undefined {
  if (node?.type !== 'string') return undefined;
  const { mapSpan, placeholders, branches } = node as HostJsonNode;
  const value: StringValue = mapSpan
    ? { value: node.value as string, span: spanOfNode(node), mapSpan, ...(placeholders?.length ? { placeholders } : {}) }
    : { value: node.value as string, span: spanOfNode(node) };
  if (branches) value.branches = branches;
  return value;
}

/**
 * Whether the value `a` of a list is in it whenever `b` is: `a` is written in no branch of a choice (StringValue.branches,
 * `c ? a : b` in a list) that `b` is not written in too. A value another covers adds nothing only then.
 */
export function isValuePresentWhenever(a: StringValue, b: StringValue): boolean {
  if (!a.branches) return true;
  const ofB = b.branches ?? [];
  return a.branches.every((one) => ofB.some((other) => one.choice === other.choice && one.branch === other.branch));
}

/** The strings of a string-or-array-of-strings value; other entries are skipped. */
export function stringValuesOf(node: JsonNode | undefined): StringValue[] {
  if (!node) return [];
  if (node.type === 'string') return [stringValueOf(node)!];
  if (node.type !== 'array') return [];
  const children = node.children ?? [];
  // Sized to the list, as propertiesOf's array is.
  if (children.every(isString)) return children.map((item) => stringValueOf(item)!);
  const result: StringValue[] = [];
  for (const item of children) {
    const value = stringValueOf(item);
    if (value) result.push(value);
  }
  return result;
}

function isString(node: JsonNode): boolean {
  return node.type === 'string';
}

/**
 * Whether `property` is the one of its key that takes effect, given the element read from an earlier one (if any). Of
 * a key written twice, the last takes effect, as CloudFormation, Terraform's `jsonencode`, JSON.parse and the YAML
 * parsers of the AWS CLI and SAM read it (the duplicate-key rule reports the repeat); a key in another branch of a
 * template's choice than the earlier one (HostJsonNode.alternative) is never beside it, and the first branch is read.
 */
function takesEffect(earlier: { property: Property } | Property | undefined, property: Property): boolean {
  return earlier === undefined || !property.alternative;
}

/**
 * `properties` less each one a later property of the same key replaces (see takesEffect): of two `StringEquals`
 * blocks in one Condition, or two `AWS` lists in one Principal, only the last is deployed. The same array when no key
 * repeats, as in almost every object.
 */
export function withoutReplaced(properties: Property[]): Property[] {
  if (properties.length < 2 || !repeatsAKey(properties)) return properties;
  let replaced: Set<Property> | undefined;
  const lastOfKey = new Map<string, Property>();
  for (const property of properties) {
    const earlier = lastOfKey.get(property.key);
    if (earlier !== undefined && !property.alternative) (replaced ??= new Set()).add(earlier);
    lastOfKey.set(property.key, property);
  }
  return replaced ? properties.filter((property) => !replaced.has(property)) : properties;
}

// A statement's few elements are compared pairwise: value-type asks of every statement, and no key repeats in almost all.
function repeatsAKey(properties: readonly Property[]): boolean {
  if (properties.length > 16) return true;
  for (let i = 1; i < properties.length; i++) for (let j = 0; j < i; j++) if (properties[i].key === properties[j].key) return true;
  return false;
}

function scalarElement(property: Property): ScalarElement {
  return { property, value: stringValueOf(property.valueNode) };
}

function listElement(property: Property): ListElement {
  return { property, values: stringValuesOf(property.valueNode), isArray: property.valueNode?.type === 'array' };
}

function statementNodes(node: JsonNode | undefined): JsonNode[] {
  if (node?.type === 'object') return [node];
  if (node?.type === 'array') return (node.children ?? []).filter((child) => child.type === 'object');
  return [];
}

function parseStatement(node: JsonNode, index: number, text: string): Statement {
  const properties = propertiesOf(node);
  const statement = new ParsedStatement(index, node, spanOfNode(node), properties);
  for (const property of properties) {
    switch (property.key) {
      case 'Sid':
        if (takesEffect(statement.sid, property)) statement.sid = scalarElement(property);
        break;
      case 'Effect':
        if (takesEffect(statement.effect, property)) statement.effect = scalarElement(property);
        break;
      case 'Action':
        if (takesEffect(statement.action, property)) statement.action = listElement(property);
        break;
      case 'NotAction':
        if (takesEffect(statement.notAction, property)) statement.notAction = listElement(property);
        break;
      case 'Resource':
        if (takesEffect(statement.resource, property)) statement.resource = listElement(property);
        break;
      case 'NotResource':
        if (takesEffect(statement.notResource, property)) statement.notResource = listElement(property);
        break;
      case 'Principal':
        if (takesEffect(statement.principal, property)) statement.principal = principalElement(property);
        break;
      case 'NotPrincipal':
        if (takesEffect(statement.notPrincipal, property)) statement.notPrincipal = principalElement(property);
        break;
      case 'Condition':
        if (takesEffect(statement.condition, property)) statement.condition = conditionElement(property, text);
        break;
    }
  }
  return statement;
}

// A class for the DerivedHolder's private slots. Version, Id and Statement are added as found, as they always were.
class ParsedPolicy extends DerivedHolder implements PolicyDocument {
  text: string;
  root: JsonNode | undefined;
  syntaxErrors: SyntaxError[];
  properties: Property[];
  statementIsObject = false;
  statements: Statement[] = [];

  constructor(text: string, root: JsonNode | undefined, syntaxErrors: SyntaxError[], properties: Property[]) {
    super();
    this.text = text;
    this.root = root;
    this.syntaxErrors = syntaxErrors;
    this.properties = properties;
  }
}

// Every optional element declared up front, so that all statements share one hidden class: the 89 rules read these
// fields in hot loops, and statements built field by field in source order took 33 shapes over the managed policies.
class ParsedStatement extends DerivedHolder implements Statement {
  index: number;
  node: JsonNode;
  span: Span;
  properties: Property[];
  sid: ScalarElement | undefined = undefined;
  effect: ScalarElement | undefined = undefined;
  action: ListElement | undefined = undefined;
  notAction: ListElement | undefined = undefined;
  resource: ListElement | undefined = undefined;
  notResource: ListElement | undefined = undefined;
  principal: PrincipalElement | undefined = undefined;
  notPrincipal: PrincipalElement | undefined = undefined;
  condition: ConditionElement | undefined = undefined;

  constructor(index: number, node: JsonNode, span: Span, properties: Property[]) {
    super();
    this.index = index;
    this.node = node;
    this.span = span;
    this.properties = properties;
  }
}

function principalElement(property: Property): PrincipalElement {
  const node = property.valueNode;
  const element: PrincipalElement = { property, entries: [] };
  if (node?.type === 'string') element.wildcard = stringValueOf(node);
  if (node?.type === 'object') {
    element.entries = withoutReplaced(propertiesOf(node)).map((entry) => ({
      property: entry,
      type: entry.key,
      values: stringValuesOf(entry.valueNode),
      isArray: entry.valueNode?.type === 'array',
    }));
  }
  return element;
}

function conditionElement(property: Property, text: string): ConditionElement {
  const node = property.valueNode;
  const operators =
    node?.type === 'object'
      ? withoutReplaced(propertiesOf(node)).map((operatorProperty) => ({
          property: operatorProperty,
          operator: operatorProperty.key,
          keys: operatorProperty.valueNode?.type === 'object' ? withoutReplaced(propertiesOf(operatorProperty.valueNode)).map((keyProperty) => conditionKeyEntry(keyProperty, text)) : [],
        }))
      : [];
  const deployTime = isDeployTimeNode(node) || ((node as HostJsonNode | undefined)?.unreadTests?.length ?? 0) > 0 || operators.some((operator) => isDeployTimeNode(operator.property.valueNode));
  return deployTime ? { property, operators, deployTime: true } : { property, operators };
}

/** Whether a node of a host document is one value known only at deploy time, which may have any shape once deployed. */
export function isDeployTimeNode(node: JsonNode | undefined): boolean {
  return node?.type === 'string' && isWhollyDeployTime(node as HostJsonNode);
}

function conditionKeyEntry(property: Property, text: string): ConditionKeyEntry {
  const node = property.valueNode;
  const items = node?.type === 'array' ? (node.children ?? []) : node ? [node] : [];
  const values: ConditionValue[] = [];
  for (const item of items) {
    const value = conditionValueOf(item, text);
    if (value) values.push(value);
  }
  // The key node is the first child of the property the value belongs to.
  const keyPlaceholders = (node?.parent?.children?.[0] as HostJsonNode | undefined)?.placeholders;
  return { property, key: property.key, values, isArray: node?.type === 'array', keyPlaceholders: keyPlaceholders?.length ? keyPlaceholders : undefined };
}

// Numbers keep their source text: IAM compares `1.0` and `1` as the strings it was given.
function conditionValueOf(node: JsonNode, text: string): ConditionValue | undefined {
  const span = spanOfNode(node);
  const { mapSpan, placeholders } = node as HostJsonNode;
  if (mapSpan && node.type === 'string') return { value: node.value as string, jsonType: 'string', span, mapSpan, ...(placeholders?.length ? { placeholders } : {}) };
  switch (node.type) {
    case 'string':
      return { value: node.value as string, jsonType: 'string', span };
    case 'number':
      return { value: text.slice(span.start, span.end), jsonType: 'number', span };
    case 'boolean':
      return { value: String(node.value), jsonType: 'boolean', span };
    case 'null':
      return { value: 'null', jsonType: 'null', span };
    default:
      return undefined;
  }
}

/** The JSON value of a host document's node, each string's placeholders at their shortest (for the size rules). */
export function shortestNodeValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value && !(String(key.value) in result)) result[String(key.value)] = shortestNodeValue(value);
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map(shortestNodeValue);
    case 'string': {
      const { placeholders } = node as HostJsonNode;
      return placeholders?.length ? shortestValue({ value: node.value as string, placeholders }) : node.value;
    }
    default:
      return node.value;
  }
}
