// Values a template or module knows only at deploy time (`!Ref Bucket`, `${AWS::AccountId}`, `aws_s3_bucket.b.arn`)
// inside a policy of the account model. The evaluator must never guess them, so a statement that holds one is
// rewritten to be at least as broad as any deployed value (the unknown part of Action, Resource or Principal becomes
// `*`) and is made to wait on a `deploy-time:` condition key no request carries. An Allow that needs such a statement
// is then answered Conditional, never Allowed, and a Deny that may apply makes an allowed answer Conditional too.
//
// A condition entry with an unknown value cannot be made broader without granting more than the deployed policy (an
// `ArnLike AWS:SourceArn` left out lets a service invoke a function from any log group), so its unknown parts become
// the policy variables `${deploy-time:…}` of the same keys: the evaluator substitutes them when a request gives the
// keys and, until then, reports the entry as a condition the answer waits on (an unresolved variable), never as
// met. A positive ARN entry (ArnLike, ArnEquals) is written twice: with each unknown part as `*` (or the part's
// known pattern) under its own operator, so that a request from another resource fails it whether or not the keys
// are given, and with the variables under its twin operator (the two compare alike), exact once they are. Variables
// need "Version": "2012-10-17"; in an older document, and for the operators that take no variables (Numeric, Date,
// IpAddress, Binary), the entry is replaced by a wait on `deploy-time:<operator>/<key>`, which only a request that
// asserts the comparison holds can meet.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN

import type { Placeholder } from '../policy/model';
import { parseConditionOperator } from '../policy/condition-operators';

/**
 * A part of a string known only at deploy: `source` is how the template wrote it; `pattern`, when the reader knows
 * the form of the value (the ARN of a resource of a known type), matches every value it may be, as `*` would.
 */
export interface DeployPart {
  source: string;
  pattern?: string;
  /**
   * What the part stands for in a Principal, where the reader knows it names accounts (account-id-names.ts): the
   * model's own account, the broadest an account can be for the model's principals.
   */
  inPrincipal?: string;
}

/** A string with parts known only at deploy. */
export class DeployString {
  constructor(readonly parts: readonly (string | DeployPart)[]) {}
}

/**
 * A list element written under `Fn::If`: one of `values` at deploy, `undefined` standing for none
 * (`AWS::NoValue`). In a list that matches (Action, Resource, a Statement list) it is every value it may be; in a
 * Not* list it is none of them, which excludes least; either way the statement waits on a `deploy-time:` key.
 */
export class DeployChoice {
  constructor(
    readonly values: readonly DeployValue[],
    readonly source: string,
  ) {}
}

export type DeployValue = string | number | boolean | null | undefined | DeployString | DeployChoice | DeployValue[] | { [key: string]: DeployValue };

/**
 * A string value read by a host reader as a value of the account model. Its placeholders (the host's values known only
 * at deploy, `${aws_iam_role.r.arn}`, `!GetAtt Role.Arn`) are filled in where `resolve` knows them (the template's
 * own entities, the account id and partition given) and are deploy-time parts, named by `resolve`, where not.
 */
export function deployStringOf(value: string, placeholders: readonly Placeholder[] | undefined, resolve: (hole: string, placeholder: Placeholder) => string | DeployPart): string | DeployString {
  const parts: (string | DeployPart)[] = [];
  let position = 0;
  for (const placeholder of placeholders ?? []) {
    if (placeholder.start > position) parts.push(value.slice(position, placeholder.start));
    parts.push(resolve(value.slice(placeholder.start, placeholder.end), placeholder));
    position = placeholder.end;
  }
  if (position < value.length) parts.push(value.slice(position));
  return parts.every((part) => typeof part === 'string') ? parts.join('') : new DeployString(parts.filter((part) => part !== ''));
}

/** The condition key prefix of values known only at deploy (shown to people in Conditional answers). */
export const DEPLOY_TIME_PREFIX = 'deploy-time:';

/**
 * The rewritten statements whose Principal holds values known only at deploy (read as `*`, or with `*` for the
 * unknown parts), so that who-can does not take that `*` for anyone. Kept beside the statements, not in them, so the
 * documents stay IAM's; chosenDocument passes the mark on to its copies.
 */
const principalsKnownAtDeploy = new WeakSet<object>();

/** Whether a statement of the account's copy of a policy has a Principal known only at deploy (see above). */
export function principalKnownAtDeploy(statement: object): boolean {
  return principalsKnownAtDeploy.has(statement);
}

/**
 * A policy document with its deploy-time values rewritten as described above, and the sources of those values, each on
 * one line (an expression written over several lines is named in one warning line).
 */
export function deployTimeDocument(value: { [key: string]: DeployValue }): { document: Record<string, unknown>; placeholders: string[] } {
  const placeholders: string[] = [];
  const document: Record<string, unknown> = {};
  // `${…}` are policy variables only in a 2012-10-17 document; written elsewhere in an older one they are text.
  const variables = value.Version === '2012-10-17';
  for (const [key, field] of Object.entries(value)) {
    if (key === 'Statement') {
      const statements = Array.isArray(field) ? field : [field];
      const rewritten = statements
        .flatMap((item) => (item instanceof DeployChoice ? item.values.map((value) => ({ value, sources: [item.source] })) : [{ value: item, sources: [] }]))
        .flatMap(({ value: statement, sources: chosen }) => {
          if (statement === undefined && chosen.length > 0) return [];
          if (isObjectValue(statement)) return rewriteStatement(statement, placeholders, variables, chosen);
          // A whole statement known only at deploy may allow or deny anything.
          const sources = sourcesOf(statement);
          if (sources.length === 0) return [];
          placeholders.push(...sources);
          const condition = { StringLike: Object.fromEntries([...new Set(sources)].map((source) => [`${DEPLOY_TIME_PREFIX}${keyOf(source)}`, '*'])) };
          return ['Allow', 'Deny'].map((Effect) => ({ Effect, Action: '*', Resource: '*', Condition: condition }));
        });
      document.Statement = Array.isArray(field) || rewritten.length !== 1 ? rewritten : rewritten[0];
    } else document[key] = plain(field, (part) => part.source, placeholders);
  }
  return { document, placeholders: [...new Set(placeholders.map((source) => source.replace(/\s+/g, ' ')))] };
}

/** A choice made at deploy that a policy depends on: its source (`Condition UseLogs`, `Ref Param`, a Terraform condition) and the value it needs. */
export interface DeployChoiceValue {
  source: string;
  value: string;
}

/** The context key that gives a deploy-time source's value (`deploy-time:Condition/UseLogs`). */
export function deployTimeKey(source: string): string {
  return `${DEPLOY_TIME_PREFIX}${keyOf(source)}`;
}

/**
 * A document whose statements are there only when choices made at deploy go their way (an `Fn::If` condition is
 * true or false, a parameter names this policy): each statement also needs the choices' deploy-time keys equal to
 * those values, so that an answer through it is Conditional until the request context says how the choices went, and
 * exact once it does.
 */
export function chosenDocument(document: Record<string, unknown>, choices: readonly DeployChoiceValue[]): Record<string, unknown> {
  const choose = (statement: unknown): unknown => {
    if (!statement || typeof statement !== 'object' || Array.isArray(statement)) return statement;
    const written = statement as Record<string, unknown>;
    const condition = { ...((written.Condition as Record<string, Record<string, unknown>> | undefined) ?? {}) };
    condition.StringEquals = { ...(condition.StringEquals ?? {}), ...Object.fromEntries(choices.map(({ source, value }) => [deployTimeKey(source), value])) };
    const chosen = { ...written, Condition: condition };
    if (principalsKnownAtDeploy.has(written)) principalsKnownAtDeploy.add(chosen);
    return chosen;
  };
  const statements = document.Statement;
  return { ...document, Statement: Array.isArray(statements) ? statements.map(choose) : choose(statements) };
}

/** Whether a value is an object of values (a statement, a Condition block), not a list or a deploy-time value. */
export function isObjectValue(value: DeployValue): value is { [key: string]: DeployValue } {
  return !!value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof DeployString) && !(value instanceof DeployChoice);
}

/** The sources of the deploy-time values in a value (`Ref BoundaryArn`, `var.boundary`), in order, repeated as met. */
export function sourcesOf(value: DeployValue): string[] {
  if (value instanceof DeployString) return value.parts.flatMap((part) => (typeof part === 'string' ? [] : [part.source]));
  if (value instanceof DeployChoice) return [value.source, ...value.values.flatMap(sourcesOf)];
  if (Array.isArray(value)) return value.flatMap(sourcesOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(sourcesOf);
  return [];
}

/**
 * The value with each deploy-time part written by `fill`, which is told whether the part starts a string that goes on
 * after it (`${var.bucket_arn}/*`).
 */
function plain(value: DeployValue, fill: (part: DeployPart, leading: boolean) => string, seen: string[]): unknown {
  if (value instanceof DeployString) {
    seen.push(...sourcesOf(value));
    return value.parts.map((part, index) => (typeof part === 'string' ? part : fill(part, index === 0 && value.parts.length > 1))).join('');
  }
  if (Array.isArray(value))
    return value.flatMap((item) => {
      if (!(item instanceof DeployChoice)) return [plain(item, fill, seen)];
      seen.push(item.source);
      // Every value it may be where values match; none where they exclude (a Not* list), which excludes least.
      return fill === nothing ? [] : item.values.filter((choice) => choice !== undefined).map((choice) => plain(choice, fill, seen));
    });
  if (value instanceof DeployChoice) {
    seen.push(...sourcesOf(value));
    return fill({ source: value.source }, false);
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item, fill, seen)]));
  return value;
}

// Matching fields: the unknown part may be anything, so `*` matches every deployed value. The Not* fields: a value
// that matches nothing excludes nothing, so the statement applies at least as widely as the deployed one.
const wildcard = (part: DeployPart) => part.pattern ?? '*';
const principalWildcard = (part: DeployPart) => part.inPrincipal ?? part.pattern ?? '*';
const nothing = (part: { source: string }) => `(deploy-time ${part.source})`;
// A Resource value that starts with an unknown part and goes on (`${var.bucket_arn}/*`, `!Sub '${BucketArn}/*'`) is an
// ARN whatever the part is, since IAM takes no other Resource than `*` and ARNs. A lone `*` there would be bound to
// the ARN's first segment (`*/*` matches no ARN), so the part stands for any ARN's first five segments and the start
// of its sixth.
const ANY_ARN = 'arn:*:*:*:*:*';
const resourceWildcard = (part: DeployPart, leading: boolean) => part.pattern ?? (leading ? ANY_ARN : '*');

function rewriteStatement(statement: { [key: string]: DeployValue }, all: string[], variables: boolean, chosen: string[] = []): Record<string, unknown>[] {
  // An Effect known only at deploy: the statement may be either.
  if (statement.Effect instanceof DeployString || statement.Effect instanceof DeployChoice)
    return ['Allow', 'Deny'].flatMap((Effect) => rewriteOne({ ...statement, Effect }, all, variables, [...chosen, ...sourcesOf(statement.Effect)]));
  return rewriteOne(statement, all, variables, chosen);
}

// ArnEquals and ArnLike compare alike: "ArnEquals, ArnLike: Case-sensitive matching of the ARN".
const TWIN_OPERATORS: Record<string, string> = { ArnLike: 'ArnEquals', ArnEquals: 'ArnLike' };

function rewriteOne(statement: { [key: string]: DeployValue }, all: string[], variables: boolean, effectSources: string[]): Record<string, unknown>[] {
  const seen: string[] = [...effectSources];
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(statement)) {
    if (key === 'Condition') continue;
    result[key] = plain(field, key.startsWith('Not') ? nothing : key === 'Resource' ? resourceWildcard : key === 'Principal' ? principalWildcard : wildcard, seen);
  }
  const condition: Record<string, Record<string, unknown>> = {};
  const unknownEntries: { operator: string; conditionKey: string; conditionValue: DeployValue }[] = [];
  const written = statement.Condition;
  if (isObjectValue(written)) {
    for (const [operator, entries] of Object.entries(written)) {
      if (!isObjectValue(entries)) {
        seen.push(...sourcesOf(entries));
        continue;
      }
      for (const [conditionKey, conditionValue] of Object.entries(entries)) {
        if (sourcesOf(conditionValue).length === 0) (condition[operator] ??= {})[conditionKey] = plain(conditionValue, wildcard, seen);
        else unknownEntries.push({ operator, conditionKey, conditionValue });
      }
    }
  } else if (written !== undefined) seen.push(...sourcesOf(written));
  // After the known entries, so that a twin operator the template writes itself is seen taken.
  for (const { operator, conditionKey, conditionValue } of unknownEntries) {
    const parsed = parseConditionOperator(operator);
    if (!variables || !parsed?.policyVariables) {
      seen.push(...sourcesOf(conditionValue));
      (condition.StringLike ??= {})[`${DEPLOY_TIME_PREFIX}${operator}/${conditionKey}`] = '*';
      continue;
    }
    const twin = !parsed.negated && parsed.setQualifier === undefined ? TWIN_OPERATORS[parsed.base] : undefined;
    const twinOperator = twin && `${twin}${parsed.ifExists ? 'IfExists' : ''}`;
    const twinFree = twinOperator && !(conditionKey in (condition[twinOperator] ?? {})) && !(isObjectValue(written) && isObjectValue(written[twinOperator]) && conditionKey in written[twinOperator]);
    if (!twinFree) {
      (condition[operator] ??= {})[conditionKey] = plain(conditionValue, variable, seen);
      continue;
    }
    // A request from another resource fails the wildcard copy outright, which the evaluator's explanation puts
    // before the exact copy's wait on its variables: the answer is "no", not Conditional.
    (condition[operator] ??= {})[conditionKey] = plain(conditionValue, wildcard, seen);
    (condition[twinOperator] ??= {})[conditionKey] = plain(conditionValue, variable, seen);
  }
  for (const source of new Set(seen)) (condition.StringLike ??= {})[`${DEPLOY_TIME_PREFIX}${keyOf(source)}`] = '*';
  if (Object.keys(condition).length > 0) result.Condition = condition;
  if (sourcesOf(statement.Principal).length > 0) principalsKnownAtDeploy.add(result);
  all.push(...seen);
  return [result];
}

function keyOf(source: string): string {
  return source.replace(/^\$\{|\}$/g, '').replace(/\s+/g, '/');
}

// A variable's key may hold only the characters of key names (policy-variables.ts); others become `_`, so a key
// such as a Terraform `for` expression resolves only when given under that spelling.
const variable = (part: { source: string }) => `\${${DEPLOY_TIME_PREFIX}${keyOf(part.source).replace(/[^\p{L}\p{N}_.:/@+=-]/gu, '_')}}`;
