import type { Check } from '../checks/check';
import { actionMissing } from '../checks/action-missing';
import { effectMissing } from '../checks/effect-missing';
import { effectValue } from '../checks/effect-value';
import { elementConflict } from '../checks/element-conflict';
import { jsonSyntax } from '../checks/json-syntax';
import { policyNotObject } from '../checks/policy-not-object';
import { statementMissing } from '../checks/statement-missing';
import { valueType } from '../checks/value-type';
import { runChecks } from '../run-checks';
import type { ListElement, PolicyDocument, Statement } from '../policy/model';
import { parsePolicy } from '../policy/parse-policy';
import type { PolicyType } from '../policy/policy-type';
import type { Span } from '../text/span';
import { compileConditions, type ConditionTest, type UnknownOperator } from './conditions';
import { compileGlob, type Glob } from '../text/wildcard';
import { compileResourcePattern, type ResourcePattern } from './patterns';
import { compilePrincipal, type CompiledPrincipal } from './principal';
import type { EvaluationError, PolicyInput, PolicyKind, PolicyRef, PolicySetInput } from './types';

/**
 * The lint rules whose errors make a policy meaningless to evaluate: it is not JSON, not a policy object, or has
 * statements without a valid Effect or Action, with both halves of an element pair, or with values of the wrong
 * shape. IAM rejects such policies, so the evaluator reports them instead of guessing.
 */
export const blockingChecks: readonly Check[] = [jsonSyntax, policyNotObject, statementMissing, valueType, effectMissing, effectValue, elementConflict, actionMissing];

/** Reported for a Condition operator that IAM does not know (it rejects the policy). */
export const UNKNOWN_OPERATOR_RULE = 'condition-operator-unknown';

/** One statement, ready to be matched against many requests. */
export interface CompiledStatement {
  readonly index: number;
  readonly sid?: string;
  readonly deny: boolean;
  readonly span: Span;
  /** Lower-cased Action globs; undefined when the statement uses NotAction. */
  readonly actions?: readonly Glob[];
  readonly notActions?: readonly Glob[];
  readonly actionSpan: Span;
  /** Undefined with NotResource, and when the statement has neither (a role trust policy: the role itself). */
  readonly resources?: readonly ResourcePattern[];
  readonly notResources?: readonly ResourcePattern[];
  readonly resourceSpan?: Span;
  readonly principal?: CompiledPrincipal;
  readonly notPrincipal?: CompiledPrincipal;
  readonly principalSpan?: Span;
  readonly conditions: readonly ConditionTest[];
}

/** One policy, compiled once and evaluated against many requests. */
export interface CompiledPolicy {
  readonly ref: PolicyRef;
  readonly document: PolicyDocument;
  /** Whether `${...}` are policy variables: only with "Version": "2012-10-17". */
  readonly variables: boolean;
  readonly statements: readonly CompiledStatement[];
  readonly allows: readonly CompiledStatement[];
  readonly denies: readonly CompiledStatement[];
  readonly errors: readonly EvaluationError[];
}

const policyTypeOf: Record<PolicyKind, PolicyType> = {
  identity: 'identity',
  resource: 'resource',
  permissionsBoundary: 'boundary',
  scp: 'scp',
  rcp: 'rcp',
  session: 'session',
};

/** Parses (when given text), validates and compiles one policy. Never throws: problems go to `errors`. */
export function compilePolicy(input: PolicyInput, ref: PolicyRef): CompiledPolicy {
  let name: string | undefined;
  let source: string | PolicyDocument;
  if (typeof input === 'object' && 'policy' in input) {
    name = input.name;
    source = input.policy;
  } else {
    source = input;
  }
  const document = typeof source === 'string' ? parsePolicy(source) : source;
  const fullRef: PolicyRef = name !== undefined ? { ...ref, name } : ref;
  const errors: EvaluationError[] = [];
  for (const problem of runChecks(document, { policyType: policyTypeOf[ref.kind] }, blockingChecks)) {
    if (problem.severity === 'error') errors.push({ policy: fullRef, ruleId: problem.ruleId, message: problem.message, span: problem.span });
  }
  // An empty file (a download that failed in CI) is no policy that allows nothing: IAM takes no empty document.
  if (!document.root && errors.length === 0) {
    errors.push({ policy: fullRef, ruleId: 'policy-not-object', message: 'The policy is empty: a policy is a JSON object with a "Statement".', span: { start: 0, end: 0 } });
  }
  // Policy variables came with version 2012-10-17: "If you don't include the Version element and set it to an
  // appropriate version date, variables like ${aws:username} are treated as literal strings in the policy."
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  const variables = document.version?.value?.value === '2012-10-17';
  const unknown: UnknownOperator[] = [];
  const statements = errors.length > 0 ? [] : document.statements.map((statement) => compileStatement(statement, variables, unknown));
  for (const { operator, span } of unknown) {
    errors.push({ policy: fullRef, ruleId: UNKNOWN_OPERATOR_RULE, message: `Condition operator "${operator}" is not one IAM knows, so IAM would reject this policy.`, span });
  }
  return {
    ref: fullRef,
    document,
    variables,
    statements,
    allows: statements.filter((s) => !s.deny),
    denies: statements.filter((s) => s.deny),
    errors,
  };
}

/** Compiles one statement of the policy model (also used by `compilePolicyValue`). */
export function compileStatement(statement: Statement, variables: boolean, unknown: UnknownOperator[]): CompiledStatement {
  const actionElement = statement.action ?? statement.notAction!;
  const resourceElement = statement.resource ?? statement.notResource;
  const principalElement = statement.principal ?? statement.notPrincipal;
  const compiled: {
    -readonly [K in keyof CompiledStatement]: CompiledStatement[K];
  } = {
    index: statement.index,
    deny: statement.effect?.value?.value === 'Deny',
    span: statement.span,
    actionSpan: actionElement.property.span,
    conditions: statement.condition ? compileConditions(statement.condition, variables, unknown) : [],
  };
  const sid = statement.sid?.value?.value;
  if (sid !== undefined) compiled.sid = sid;
  if (statement.action) compiled.actions = actionGlobs(statement.action);
  else compiled.notActions = actionGlobs(statement.notAction!);
  if (resourceElement) {
    compiled.resourceSpan = resourceElement.property.span;
    const patterns = resourceElement.values.map((value) => compileResourcePattern(value.value, variables));
    if (statement.resource) compiled.resources = patterns;
    else compiled.notResources = patterns;
  }
  if (principalElement) {
    compiled.principalSpan = principalElement.property.span;
    if (statement.principal) compiled.principal = compilePrincipal(statement.principal);
    else compiled.notPrincipal = compilePrincipal(statement.notPrincipal!);
  }
  return compiled;
}

// "Action names are not case sensitive": patterns are folded here, the request's action once per request.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
function actionGlobs(element: ListElement): Glob[] {
  return element.values.map((value) => compileGlob(value.value, true));
}

/** Every policy of a request, compiled. `errors` gathers the errors of all of them. */
export interface CompiledPolicySet {
  readonly identity: readonly CompiledPolicy[];
  readonly resource?: CompiledPolicy;
  readonly permissionsBoundary?: CompiledPolicy;
  readonly scps: readonly (readonly CompiledPolicy[])[];
  readonly rcps: readonly (readonly CompiledPolicy[])[];
  readonly session?: CompiledPolicy;
  readonly errors: readonly EvaluationError[];
}

/**
 * Compiles the policies of a request once, so that many requests can be evaluated against them. `compile` lets a
 * caller share compiled policies between sets (the CLI caches them by their text).
 */
export function compilePolicies(input: PolicySetInput, compile: (policy: PolicyInput, ref: PolicyRef) => CompiledPolicy = compilePolicy): CompiledPolicySet {
  const identity = (input.identity ?? []).map((policy, index) => compile(policy, { kind: 'identity', index }));
  const resource = input.resource ? compile(input.resource, { kind: 'resource', index: 0 }) : undefined;
  const permissionsBoundary = input.permissionsBoundary ? compile(input.permissionsBoundary, { kind: 'permissionsBoundary', index: 0 }) : undefined;
  const scps = (input.scps ?? []).map((level, levelIndex) => level.map((policy, index) => compile(policy, { kind: 'scp', index, level: levelIndex })));
  const rcps = (input.rcps ?? []).map((level, levelIndex) => level.map((policy, index) => compile(policy, { kind: 'rcp', index, level: levelIndex })));
  const session = input.session ? compile(input.session, { kind: 'session', index: 0 }) : undefined;
  const all = [...rcps.flat(), ...scps.flat(), ...(resource ? [resource] : []), ...identity, ...(permissionsBoundary ? [permissionsBoundary] : []), ...(session ? [session] : [])];
  return {
    identity,
    ...(resource ? { resource } : {}),
    ...(permissionsBoundary ? { permissionsBoundary } : {}),
    scps,
    rcps,
    ...(session ? { session } : {}),
    errors: all.flatMap((policy) => policy.errors),
  };
}

/** Whether `value` is already compiled, so `evaluate` can take either form. */
export function isCompiledPolicySet(value: PolicySetInput | CompiledPolicySet): value is CompiledPolicySet {
  return 'errors' in value && Array.isArray((value as CompiledPolicySet).errors);
}
