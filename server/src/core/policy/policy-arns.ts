import { DerivedSlot } from './derived';
import type { Catalog } from '../catalog/catalog';
import { valueSpanToDocument, type ValueSpanMapper } from '../text/json-string';
import type { Span } from '../text/span';
import { detached } from '../text/detached';
import { parseArn, splitArn, arnPartitions, type Arn, type ArnField } from './arn';
import { parseConditionOperator } from './condition-operators';
import type { ListElement, Placeholder, PolicyDocument, PrincipalElement, Statement } from './model';
import { isPrincipalArn } from './principals';

/** Where an ARN sits in a statement. */
export type ArnElement = 'Resource' | 'NotResource' | 'Principal' | 'NotPrincipal' | 'Condition';

/** A string of a policy that holds, or should hold, an ARN. */
export interface ArnValue {
  element: ArnElement;
  statement: Statement;
  /** The unescaped string. */
  value: string;
  /** The JSON string token, quotes included. */
  span: Span;
  /** From the source value: host readers set these (see StringValue). */
  mapSpan?: ValueSpanMapper;
  placeholders?: readonly Placeholder[];
  /** Condition values: the condition key and the operator as written. */
  conditionKey?: string;
  operator?: string;
  /**
   * Condition values: whether the operator compares them as plain strings (String operators), where a `*`
   * under StringLike may stand for several ARN fields at once (`arn:aws:codepipeline:*`).
   */
  comparedAsString?: boolean;
  /** The ARN's fields when the value starts with `arn:` and has all six. */
  arn?: Arn;
}

const cache = new DerivedSlot<PolicyDocument, { catalog: Catalog; values: ArnValue[] }>();

/**
 * The values of a policy that the ARN rules check, in document order:
 * - every string in Resource and NotResource, except `*`;
 * - AWS principals that start like an IAM or STS principal ARN (the principal rules report the others);
 * - condition values of keys whose catalog type is ARN or ArrayOfARN, under ARN operators and the
 *   case-sensitive String operators.
 * Computed once per parsed policy and shared by the rules.
 */
export function arnValuesOf(policy: PolicyDocument, catalog: Catalog): readonly ArnValue[] {
  const cached = cache.get(policy);
  if (cached && cached.catalog === catalog) return cached.values;
  const values: ArnValue[] = [];
  for (const statement of policy.statements) collectStatement(statement, catalog, values);
  values.sort((a, b) => a.span.start - b.span.start);
  cache.set(policy, { catalog, values });
  return values;
}

/** The document span of characters `[start, end)` of an ARN value, escapes in the JSON string taken into account. */
export function spanInValue(policy: PolicyDocument, value: Pick<ArnValue, 'span' | 'mapSpan'>, start: number, end: number): Span {
  return value.mapSpan ? value.mapSpan(start, end) : valueSpanToDocument(policy.text, value.span, true, start, end);
}

/**
 * The document span of one field of an ARN value. An empty field has no characters to underline, so its span
 * is the colon that follows it (the colon before it, for an empty resource).
 */
export function spanOfField(policy: PolicyDocument, value: ArnValue, field: ArnField): Span {
  if (field.start < field.end) return spanInValue(policy, value, field.start, field.end);
  const colon = field.end < value.value.length ? field.end : Math.max(0, field.start - 1);
  return spanInValue(policy, value, colon, colon + 1);
}

/**
 * Whether a string that does not start with `arn:` still means to be an ARN: it starts with `arn:` in another
 * case, or it has the shape of an ARN without its prefix (`aws:s3:::bucket`).
 */
export function looksLikeArn(value: string): boolean {
  if (/^arn:/i.test(value)) return true;
  const fields = splitArn(value);
  return fields.length >= 5 && arnPartitions.includes(fields[0].text.toLowerCase());
}

function collectStatement(statement: Statement, catalog: Catalog, values: ArnValue[]): void {
  // Element by element rather than through a table of them: the table was two arrays per statement of garbage.
  collectResources('Resource', statement, statement.resource, values);
  collectResources('NotResource', statement, statement.notResource, values);
  collectPrincipals('Principal', statement, statement.principal, values);
  collectPrincipals('NotPrincipal', statement, statement.notPrincipal, values);
  for (const block of statement.condition?.operators ?? []) {
    const operator = parseConditionOperator(block.operator);
    if (!operator || operator.ignoreCase || (operator.family !== 'Arn' && operator.family !== 'String')) continue;
    for (const entry of block.keys) {
      if (!isArnKey(catalog, entry.key)) continue;
      for (const { value, span, jsonType, mapSpan, placeholders } of entry.values) {
        if (jsonType !== 'string' || value === '*' || startsWithPlaceholder(placeholders)) continue;
        values.push(
          withArn({ element: 'Condition', statement, value, span, mapSpan, placeholders, conditionKey: entry.key, operator: block.operator, comparedAsString: operator.family === 'String' }),
        );
      }
    }
  }
}

function collectResources(element: 'Resource' | 'NotResource', statement: Statement, list: ListElement | undefined, values: ArnValue[]): void {
  for (const { value, span, mapSpan, placeholders } of list?.values ?? []) {
    if (value !== '*' && !startsWithPlaceholder(placeholders)) values.push(withArn({ element, statement, value, span, mapSpan, placeholders }));
  }
}

function collectPrincipals(element: 'Principal' | 'NotPrincipal', statement: Statement, principal: PrincipalElement | undefined, values: ArnValue[]): void {
  for (const entry of principal?.entries ?? []) {
    if (entry.type !== 'AWS') continue;
    for (const { value, span, mapSpan, placeholders } of entry.values) {
      if (isPrincipalArn(value) || (placeholders?.length && value.startsWith('arn:'))) values.push(withArn({ element, statement, value, span, mapSpan, placeholders }));
    }
  }
}

const arnKeys = new WeakMap<Catalog, Map<string, boolean>>();
// Key names repeat across statements and policies, and a tag key (aws:ResourceTag/team) costs the catalog a search
// through its key templates; bounded like parsedArns.
const arnKeyLimit = 20_000;

/** Whether the catalog gives the condition key, as written, the type ARN or ArrayOfARN. */
export function isArnKey(catalog: Catalog, key: string): boolean {
  let known = arnKeys.get(catalog);
  if (!known) arnKeys.set(catalog, (known = new Map()));
  let isArn = known.get(key);
  if (isArn === undefined) {
    const type = catalog.findConditionKey(key)?.type;
    isArn = type === 'ARN' || type === 'ArrayOfARN';
    if (known.size >= arnKeyLimit) known.clear();
    known.set(detached(key), isArn);
  }
  return isArn;
}

/**
 * A value that starts with a placeholder (`!GetAtt Queue.Arn`, `${Bucket.Arn}/*`) has no literal ARN text to check.
 * Later placeholders are written `${…}` in the value, which the ARN helpers read as any text of one field, so the
 * literal fields around them (`arn:${AWS::Partition}:s3::${Bucket}/*` has too few) are still checked.
 */
function startsWithPlaceholder(placeholders: readonly Placeholder[] | undefined): boolean {
  return placeholders?.some((placeholder) => placeholder.start === 0) ?? false;
}

// Parsed ARNs hold offsets into their own string only, so one parse serves every policy and keystroke that repeats
// the string, and so does the format match cached on it (arn-formats.ts). Bounded so a hostile file cannot grow it.
const parsedArns = new Map<string, Arn | null>();
const parsedArnLimit = 20_000;

/** `parseArn(text)`, kept by text: the result is shared, so do not modify it. */
export function parsedArnOf(text: string): Arn | undefined {
  let arn = parsedArns.get(text);
  if (arn === undefined) {
    // The fields of a parse are slices of the string parsed: of a copy, lest they keep the policy text alive.
    const kept = detached(text);
    arn = parseArn(kept) ?? null;
    if (parsedArns.size >= parsedArnLimit) parsedArns.clear();
    parsedArns.set(kept, arn);
  }
  return arn ?? undefined;
}

/**
 * The ARNs in which a rule found nothing to report, by their shared parse (see parsedArnOf) and the catalog it
 * asked. Each ARN rule looks at every ARN value of every parse, and the same texts recur across keystrokes and
 * policies (7,751 values, 2,633 texts in the managed policies), nearly all of them fine: a rule whose verdict on an
 * ARN depends only on its text and the catalog records the quiet ones here and skips them next time.
 */
export class QuietArns {
  // On the parse itself, which dies with it when parsedArnOf's cache lets it go: a WeakMap lookup per value and
  // rule cost about as much as the tests it saved.
  private readonly quiet = new DerivedSlot<Arn, Catalog>('arn');

  has(arn: Arn, catalog: Catalog): boolean {
    return this.quiet.get(arn) === catalog;
  }

  add(arn: Arn, catalog: Catalog): void {
    this.quiet.set(arn, catalog);
  }
}

function withArn(value: ArnValue): ArnValue {
  const arn = parsedArnOf(value.value);
  // The value is a fresh object of collectStatement's: set the field instead of copying it.
  if (arn) value.arn = arn;
  return value;
}
