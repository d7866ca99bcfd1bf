import type { ConditionElement, ConditionValue, JsonNode, ListElement, PolicyDocument, PrincipalElement, Property, Statement, StringValue } from '../policy/model';
import type { Span } from '../text/span';
import { compileGlob } from '../text/wildcard';
import { compilePolicy, type CompiledPolicy, type CompiledStatement } from './compile';
import { compileConditions, type UnknownOperator } from './conditions';
import { compileResourcePattern } from './patterns';
import { compilePrincipal } from './principal';
import type { EvaluationError, PolicyRef } from './types';

// The fast way to compile a policy that arrives as a parsed JSON value (a batch line, an account export): no
// span-carrying parse and no lint pass. It accepts only values whose shape is plainly valid (the shape the
// blocking lint rules demand, and stricter); anything else goes through `compilePolicy` on the JSON text, which
// finds and reports the exact problems. Spans in the result are empty: callers that show positions in a file
// use `compilePolicy`. Numbers in Condition values are read as JSON.parse gives them (`1.50` is `1.5`).

const NO_SPAN: Span = Object.freeze({ start: 0, end: 0 });
const NO_NODE = Object.freeze({ type: 'object', offset: 0, length: 0 }) as JsonNode;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Compiles a policy given as a JSON value. Same result as `compilePolicy(JSON.stringify(value), ref)` for the
 * decisions it gives (statements, globs, conditions); `name` names the policy in results. The statements are
 * compiled straight from the value; the policy model (`document`) is built only if someone reads it.
 */
export function compilePolicyValue(value: unknown, ref: PolicyRef, name?: string): CompiledPolicy {
  const fallback = () => compilePolicy(name !== undefined ? { name, policy: JSON.stringify(value) } : JSON.stringify(value), ref);
  if (!isObject(value)) return fallback();
  if (value.Version !== undefined && typeof value.Version !== 'string') return fallback();
  if (value.Id !== undefined && typeof value.Id !== 'string') return fallback();
  const raw = value.Statement;
  const items = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : undefined;
  if (!items || items.length === 0) return fallback();
  const variables = value.Version === '2012-10-17';
  const unknown: UnknownOperator[] = [];
  const statements: CompiledStatement[] = [];
  const allows: CompiledStatement[] = [];
  const denies: CompiledStatement[] = [];
  for (let index = 0; index < items.length; index++) {
    const statement = compiledStatementOf(items[index], index, variables, unknown);
    if (!statement) return fallback();
    statements.push(statement);
    (statement.deny ? denies : allows).push(statement);
  }
  if (unknown.length > 0) return fallback();
  return new ValuePolicy(name !== undefined ? { ...ref, name } : ref, value, variables, statements, allows, denies);
}

/**
 * A policy compiled from its value. The model is built from the value on first read of `document` (a getter on the
 * prototype: an accessor on each object would give every object its own hidden class, which V8 keeps).
 */
class ValuePolicy implements CompiledPolicy {
  readonly errors: readonly EvaluationError[] = [];
  #value: Json;
  #document?: PolicyDocument;

  constructor(
    readonly ref: PolicyRef,
    value: Json,
    readonly variables: boolean,
    readonly statements: readonly CompiledStatement[],
    readonly allows: readonly CompiledStatement[],
    readonly denies: readonly CompiledStatement[],
  ) {
    this.#value = value;
  }

  get document(): PolicyDocument {
    this.#document ??= documentOf(this.#value)!;
    return this.#document;
  }
}

/**
 * One statement compiled from its value, as `compileStatement` compiles its model (same fields, same order);
 * undefined when it is not plainly valid (the checks of `statementOf`).
 */
function compiledStatementOf(item: unknown, index: number, variables: boolean, unknown: UnknownOperator[]): CompiledStatement | undefined {
  if (!isObject(item)) return undefined;
  const effect = item.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') return undefined;
  const sid = item.Sid;
  if (sid !== undefined && typeof sid !== 'string') return undefined;
  const action = item.Action;
  const notAction = item.NotAction;
  if ((action === undefined) === (notAction === undefined)) return undefined;
  const resource = item.Resource;
  const notResource = item.NotResource;
  if (resource !== undefined && notResource !== undefined) return undefined;
  if (item.Principal !== undefined && item.NotPrincipal !== undefined) return undefined;
  const actions = plainStrings(action ?? notAction);
  if (!actions) return undefined;
  const resourceValue = resource ?? notResource;
  const resources = resourceValue === undefined ? undefined : plainStrings(resourceValue);
  if (resourceValue !== undefined && !resources) return undefined;
  let principal: PrincipalElement | undefined;
  if (item.Principal !== undefined || item.NotPrincipal !== undefined) {
    principal = item.Principal !== undefined ? principalOf('Principal', item.Principal) : principalOf('NotPrincipal', item.NotPrincipal);
    if (!principal) return undefined;
  }
  let condition: ConditionElement | undefined;
  if (item.Condition !== undefined) {
    condition = conditionOf(item.Condition);
    if (!condition) return undefined;
  }
  const compiled: { -readonly [K in keyof CompiledStatement]: CompiledStatement[K] } = {
    index,
    deny: effect === 'Deny',
    span: NO_SPAN,
    actionSpan: NO_SPAN,
    conditions: condition ? compileConditions(condition, variables, unknown) : [],
  };
  if (sid !== undefined) compiled.sid = sid as string;
  const globs = actions.map((pattern) => compileGlob(pattern, true));
  if (action !== undefined) compiled.actions = globs;
  else compiled.notActions = globs;
  if (resources) {
    compiled.resourceSpan = NO_SPAN;
    const patterns = resources.map((pattern) => compileResourcePattern(pattern, variables));
    if (resource !== undefined) compiled.resources = patterns;
    else compiled.notResources = patterns;
  }
  if (principal) {
    compiled.principalSpan = NO_SPAN;
    if (item.Principal !== undefined) compiled.principal = compilePrincipal(principal);
    else compiled.notPrincipal = compilePrincipal(principal);
  }
  return compiled;
}

/** A string, or a non-empty array of strings, as a list (the array itself: never changed). */
function plainStrings(value: unknown): readonly string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || value.length === 0) return undefined;
  for (const item of value) if (typeof item !== 'string') return undefined;
  return value as string[];
}

/** The policy model of a plainly valid policy value, with empty spans; undefined for anything else. */
function documentOf(value: unknown): PolicyDocument | undefined {
  if (!isObject(value)) return undefined;
  if (value.Version !== undefined && typeof value.Version !== 'string') return undefined;
  if (value.Id !== undefined && typeof value.Id !== 'string') return undefined;
  const raw = value.Statement;
  const items = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : undefined;
  if (!items || items.length === 0) return undefined;
  const statements: Statement[] = [];
  for (let index = 0; index < items.length; index++) {
    const statement = statementOf(items[index], index);
    if (!statement) return undefined;
    statements.push(statement);
  }
  return {
    text: '',
    root: undefined,
    syntaxErrors: [],
    properties: [],
    ...(typeof value.Version === 'string' ? { version: { property: property('Version'), value: stringValue(value.Version) } } : {}),
    statementIsObject: !Array.isArray(raw),
    statements,
  };
}

function statementOf(item: unknown, index: number): Statement | undefined {
  if (!isObject(item)) return undefined;
  if (item.Effect !== 'Allow' && item.Effect !== 'Deny') return undefined;
  if (item.Sid !== undefined && typeof item.Sid !== 'string') return undefined;
  if ((item.Action === undefined) === (item.NotAction === undefined)) return undefined;
  if (item.Resource !== undefined && item.NotResource !== undefined) return undefined;
  if (item.Principal !== undefined && item.NotPrincipal !== undefined) return undefined;
  const statement: Statement = { index, node: NO_NODE, span: NO_SPAN, properties: [], effect: { property: property('Effect'), value: stringValue(item.Effect) } };
  if (item.Sid !== undefined) statement.sid = { property: property('Sid'), value: stringValue(item.Sid as string) };
  for (const [key, field] of [
    ['Action', 'action'],
    ['NotAction', 'notAction'],
    ['Resource', 'resource'],
    ['NotResource', 'notResource'],
  ] as const) {
    if (item[key] === undefined) continue;
    const list = listOf(key, item[key]);
    if (!list) return undefined;
    statement[field] = list;
  }
  for (const [key, field] of [
    ['Principal', 'principal'],
    ['NotPrincipal', 'notPrincipal'],
  ] as const) {
    if (item[key] === undefined) continue;
    const principal = principalOf(key, item[key]);
    if (!principal) return undefined;
    statement[field] = principal;
  }
  if (item.Condition !== undefined) {
    const condition = conditionOf(item.Condition);
    if (!condition) return undefined;
    statement.condition = condition;
  }
  return statement;
}

// Positionless elements are all alike: one frozen property per key serves every statement.
const properties = new Map<string, Property>();

function property(key: string): Property {
  let found = properties.get(key);
  if (!found) {
    if (properties.size >= 4096) properties.clear();
    properties.set(key, (found = Object.freeze({ key, keySpan: NO_SPAN, valueNode: undefined, span: NO_SPAN })));
  }
  return found;
}

function stringValue(value: string): StringValue {
  return { value, span: NO_SPAN };
}

/** A string, or a non-empty array of strings. */
function stringsOf(value: unknown): StringValue[] | undefined {
  if (typeof value === 'string') return [stringValue(value)];
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) return undefined;
  return value.map(stringValue);
}

function listOf(key: string, value: unknown): ListElement | undefined {
  const values = stringsOf(value);
  return values ? { property: property(key), values, isArray: Array.isArray(value) } : undefined;
}

function principalOf(key: string, value: unknown): PrincipalElement | undefined {
  if (value === '*') return { property: property(key), wildcard: stringValue('*'), entries: [] };
  if (!isObject(value) || Object.keys(value).length === 0) return undefined;
  const entries: PrincipalElement['entries'] = [];
  for (const [type, raw] of Object.entries(value)) {
    const values = stringsOf(raw);
    if (!values) return undefined;
    entries.push({ property: property(type), type, values, isArray: Array.isArray(raw) });
  }
  return { property: property(key), entries };
}

function conditionValue(value: unknown): ConditionValue | undefined {
  if (typeof value === 'string') return { value, jsonType: 'string', span: NO_SPAN };
  if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value), jsonType: 'number', span: NO_SPAN };
  if (typeof value === 'boolean') return { value: String(value), jsonType: 'boolean', span: NO_SPAN };
  return undefined;
}

function conditionOf(value: unknown): ConditionElement | undefined {
  if (!isObject(value)) return undefined;
  const operators: ConditionElement['operators'] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (!isObject(block)) return undefined;
    const keys: ConditionElement['operators'][number]['keys'] = [];
    for (const [key, raw] of Object.entries(block)) {
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) return undefined;
      const values: ConditionValue[] = [];
      for (const item of list) {
        const converted = conditionValue(item);
        if (!converted) return undefined;
        values.push(converted);
      }
      keys.push({ property: property(key), key, values, isArray: Array.isArray(raw) });
    }
    operators.push({ property: property(operator), operator, keys });
  }
  return { property: property('Condition'), operators };
}
