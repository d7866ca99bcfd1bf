import type { CompiledPolicy, CompiledStatement } from './compile';
import { evaluateTest, TEST_MISSING_KEY, TEST_PASSED, TEST_UNRESOLVED } from './conditions';
import { MATCH, matchResourcePattern, UNRESOLVED } from './patterns';
import { GRANT_DIRECT, GRANT_NONE, notPrincipalExcludes, principalGrant } from './principal';
import type { PreparedRequest } from './request';
import type { StatementFailure } from './types';
import { lastUnresolved } from './variables';
import { matchGlob, type Glob } from '../text/wildcard';

// One statement against the request, and the three questions asked of a policy's statements.

/** Receives why a statement did not match, in explain mode only. */
export interface MissSink {
  failure?: StatementFailure;
}

function anyGlob(globs: readonly Glob[], text: string): boolean {
  for (let i = 0; i < globs.length; i++) if (matchGlob(globs[i], text, true)) return true;
  return false;
}

/**
 * GRANT_NONE when the statement does not apply; otherwise how its Principal names the requester (GRANT_DIRECT when
 * it has no Principal, as in identity-based policies, SCPs and boundaries).
 */
export function matchStatement(statement: CompiledStatement, request: PreparedRequest, requiresPrincipal: boolean, sink: MissSink | undefined): number {
  if (statement.actions ? !anyGlob(statement.actions, request.actionLower) : anyGlob(statement.notActions!, request.actionLower)) {
    if (sink) sink.failure = { element: statement.actions ? 'Action' : 'NotAction', span: statement.actionSpan };
    return GRANT_NONE;
  }
  if (statement.resources) {
    let matched = false;
    let unresolved: string | undefined;
    for (const pattern of statement.resources) {
      const result = matchResourcePattern(pattern, request.resource, request.context);
      if (result === MATCH) {
        matched = true;
        break;
      }
      if (result === UNRESOLVED) unresolved = lastUnresolved.key;
    }
    if (!matched) {
      if (sink) sink.failure = { element: 'Resource', span: statement.resourceSpan!, ...(unresolved !== undefined ? { unresolvedVariable: unresolved } : {}) };
      return GRANT_NONE;
    }
  } else if (statement.notResources) {
    for (const pattern of statement.notResources) {
      const result = matchResourcePattern(pattern, request.resource, request.context);
      // An unreadable NotResource value cannot be shown not to match: the statement does not apply.
      if (result !== MATCH && result !== UNRESOLVED) continue;
      if (sink) sink.failure = { element: 'NotResource', span: statement.resourceSpan!, ...(result === UNRESOLVED ? { unresolvedVariable: lastUnresolved.key } : {}) };
      return GRANT_NONE;
    }
  }
  let grant = GRANT_DIRECT;
  if (statement.principal) {
    grant = principalGrant(statement.principal, request.principal, request.context);
    if (grant === GRANT_NONE) {
      if (sink) sink.failure = { element: 'Principal', span: statement.principalSpan! };
      return GRANT_NONE;
    }
  } else if (statement.notPrincipal) {
    // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a permissions
    // boundary policy attached, regardless of the values specified in the NotPrincipal element."
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    const boundaryRule = statement.deny && request.hasBoundary && request.iamPrincipal;
    if (!boundaryRule && notPrincipalExcludes(statement.notPrincipal, request.principal, request.context, statement.deny)) {
      if (sink) sink.failure = { element: 'NotPrincipal', span: statement.principalSpan! };
      return GRANT_NONE;
    }
  } else if (requiresPrincipal) {
    if (sink) sink.failure = { element: 'Principal', span: statement.span, missing: true };
    return GRANT_NONE;
  }
  const conditions = statement.conditions;
  // In explain mode a key the request lacks is not the last word: a later test that fails outright decides, so that
  // an answer waiting on context never waits on a statement that could not match whatever the context.
  let undecided: StatementFailure | undefined;
  for (let i = 0; i < conditions.length; i++) {
    const result = evaluateTest(conditions[i], request.context);
    if (result === TEST_PASSED) continue;
    if (!sink) return GRANT_NONE;
    const failure = conditionFailure(conditions[i], result);
    if (failure.reason === 'no-match') {
      sink.failure = failure;
      return GRANT_NONE;
    }
    undecided ??= failure;
  }
  if (undecided) {
    sink!.failure = undecided;
    return GRANT_NONE;
  }
  return grant;
}

function conditionFailure(test: CompiledStatement['conditions'][number], result: number): StatementFailure & { element: 'Condition' } {
  return {
    element: 'Condition',
    operator: test.operator,
    key: test.key,
    span: test.span,
    reason: result === TEST_MISSING_KEY ? 'missing-key' : result === TEST_UNRESOLVED ? 'unresolved-variable' : 'no-match',
    ...(result === TEST_UNRESOLVED ? { variable: lastUnresolved.key } : {}),
  };
}

export function policyDenies(policy: CompiledPolicy, request: PreparedRequest): boolean {
  const requiresPrincipal = policy.ref.kind === 'resource';
  for (const statement of policy.denies) if (matchStatement(statement, request, requiresPrincipal, undefined) !== GRANT_NONE) return true;
  return false;
}

export function policyAllows(policy: CompiledPolicy, request: PreparedRequest): boolean {
  for (const statement of policy.allows) if (matchStatement(statement, request, false, undefined) !== GRANT_NONE) return true;
  return false;
}

export function policyGrant(policy: CompiledPolicy, request: PreparedRequest): number {
  let best = GRANT_NONE;
  for (const statement of policy.allows) {
    const grant = matchStatement(statement, request, true, undefined);
    if (grant > best) best = grant;
    if (best === GRANT_DIRECT) break;
  }
  return best;
}
