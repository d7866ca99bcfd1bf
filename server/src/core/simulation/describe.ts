import type { EvaluationRequest, StatementFailure, StatementRef } from '../evaluator/types';

// How results of the evaluator are put in words, the same in the terminal and in the editor.

/** `Allow statement 2 "ReadOwnHome"`: how messages name a statement. */
export function statementLabel(statement: StatementRef): string {
  return `${statement.effect} statement ${statement.index + 1}${statement.sid ? ` "${statement.sid}"` : ''}`;
}

/** Why a statement does not apply to the request, e.g. `Condition Bool "aws:SecureTransport": the request value does not match`. */
export function describeFailure(failure: StatementFailure, request: EvaluationRequest): string {
  switch (failure.element) {
    case 'Action':
      return `Action does not match ${request.action}`;
    case 'NotAction':
      return `NotAction covers ${request.action}`;
    case 'Resource':
      return failure.unresolvedVariable !== undefined
        ? `Resource does not match ${request.resource} (\${${failure.unresolvedVariable}} has no value in the request)`
        : `Resource does not match ${request.resource}`;
    case 'NotResource':
      return failure.unresolvedVariable !== undefined ? `NotResource has \${${failure.unresolvedVariable}} without a value` : `NotResource covers ${request.resource}`;
    case 'Principal':
      return failure.missing ? 'the statement of a resource-based policy has no Principal' : `Principal does not name ${request.principal ?? 'an anonymous caller'}`;
    case 'NotPrincipal':
      return `NotPrincipal leaves out ${request.principal}`;
    case 'Condition': {
      const where = `Condition ${failure.operator} "${failure.key}"`;
      if (failure.reason === 'missing-key') return `${where}: the key is not in the request context`;
      if (failure.reason === 'unresolved-variable') return `${where}: \${${failure.variable}} has no value in the request`;
      return `${where}: the request value does not match`;
    }
  }
}
