import type { Catalog } from '../catalog/catalog';
import { compilePolicies, evaluate, type CompiledPolicy } from '../evaluator/index';
import { evaluateTest, TEST_PASSED } from '../evaluator/conditions';
import { ContextLookup } from '../evaluator/context';
import type { EvaluationRequest, RequestContext, StatementMiss } from '../evaluator/types';
import type { Statement } from '../policy/model';
import type { ActionFinding, CheckPolicyType, Witness } from './search';

// What a no-new-access FAIL is made of, for people: each class of newly allowed actions with its witness, sorted by
// why the old policy refused the witness. The evaluator says which element of each old statement did not match the
// witness; the nearest miss names the change: a Deny that applied, a Condition the witness does not meet (a condition
// removed or loosened), a Resource or Principal that does not cover it (widened), or no statement for the action at
// all (a new action).

/** Why the old policy does not allow a witness the new one allows. */
export type DifferenceKind = 'new-action' | 'wider-resource' | 'wider-principal' | 'looser-condition' | 'removed-deny';

/** One class of newly allowed actions (they behave alike in both policies), with its witness. */
export interface NewAccessDifference {
  kind: DifferenceKind;
  /** The catalog actions of the class; in string mode, one action outside the catalog when `future`. */
  actions: string[];
  future: boolean;
  /** The actions by service and access level (the catalog's), in catalog order. */
  services: { service: string; accessLevel: string; actions: string[] }[];
  /** A request the new policy allows and the old one does not, confirmed by the evaluator. */
  witness: Witness;
  /** One sentence: what changed, naming the old statement. */
  detail: string;
  /** The old statement the witness missed most narrowly (`Allow statement 2 "ReadLogs"`). */
  oldStatement?: string;
  /** `looser-condition`: the old statement's conditions the witness does not meet. */
  conditions?: { operator: string; key: string; values: string[] }[];
  /** `wider-resource` / `wider-principal`: the old statement's Resource or Principal values. */
  oldValues?: string[];
}

/** How many classes are described at most (the rest are counted in the result's reasons). */
export const MAX_DIFFERENCES = 200;

/**
 * Describes each failing finding. `old` is the old policy as compiled for the search (placeholders as literals);
 * `restore` writes placeholders back into texts shown to people.
 */
export function describeDifferences(
  findings: readonly ActionFinding[],
  old: CompiledPolicy | undefined,
  policyType: CheckPolicyType,
  catalog: Catalog,
  restore: (text: string) => string,
): NewAccessDifference[] {
  const set = old ? compilePolicies(policyType === 'identity' ? { identity: [old.document] } : { resource: old.document }, () => old) : undefined;
  const result: NewAccessDifference[] = [];
  for (const finding of findings) {
    if (!finding.witness || result.length >= MAX_DIFFERENCES) continue;
    const witness = finding.witness;
    const base = { actions: finding.actions, future: finding.future, services: servicesOf(finding.actions, catalog), witness: restoredWitness(witness, restore) };
    if (!old || !set) {
      result.push({ ...base, kind: 'new-action', detail: `The policy is new: it allows ${witness.action}.` });
      continue;
    }
    const request: EvaluationRequest = {
      action: witness.action,
      resource: witness.resource,
      ...(witness.principal !== undefined ? { principal: witness.principal } : {}),
      context: witness.context as RequestContext,
    };
    const outcome = evaluate(request, set);
    const verdict = outcome.errors ? undefined : outcome.explanation?.policies[0];
    if (!verdict) {
      result.push({ ...base, kind: 'new-action', detail: `The old policy does not allow ${witness.action} on this request.` });
      continue;
    }
    const label = (ref: { index: number; sid?: string; effect: string }) => `${ref.effect} statement ${ref.index + 1}${ref.sid ? ` "${ref.sid}"` : ''}`;
    const deny = verdict.matched.find((match) => match.effect === 'Deny');
    if (deny) {
      result.push({ ...base, kind: 'removed-deny', oldStatement: label(deny), detail: `The old policy's ${label(deny)} denied this request; the new policy has no Deny that does.` });
      continue;
    }
    const misses = verdict.notMatched.filter((miss) => miss.effect === 'Allow');
    const nearest = nearestMiss(misses);
    const statement = nearest ? old.document.statements[nearest.index] : undefined;
    if (!nearest || !statement) {
      result.push({ ...base, kind: 'new-action', detail: `The old policy allows ${witness.action} nowhere.` });
      continue;
    }
    const oldStatement = label(nearest);
    switch (nearest.failure.element) {
      case 'Condition': {
        const conditions = unmetConditions(old, nearest.index, statement, witness).map((entry) => ({ ...entry, values: entry.values.map(restore) }));
        const named = conditions.map((entry) => `${entry.operator} ${entry.key}`).join(', ');
        result.push({
          ...base,
          kind: 'looser-condition',
          oldStatement,
          conditions,
          detail: `The old policy's ${oldStatement} allowed ${witness.action} only under ${named || 'its Condition'}; this request does not meet it.`,
        });
        break;
      }
      case 'Resource':
      case 'NotResource': {
        const oldValues = (statement.resource ?? statement.notResource)?.values.map((value) => restore(value.value)) ?? [];
        result.push({
          ...base,
          kind: 'wider-resource',
          oldStatement,
          oldValues,
          detail: `The old policy's ${oldStatement} allowed ${witness.action} on other resources; the new policy also allows it on ${restore(witness.resource)}.`,
        });
        break;
      }
      case 'Principal':
      case 'NotPrincipal': {
        const element = statement.principal ?? statement.notPrincipal;
        const oldValues = element
          ? [...(element.wildcard ? [element.wildcard.value] : []), ...element.entries.flatMap((entry) => entry.values.map((value) => `${entry.type}: ${restore(value.value)}`))]
          : [];
        const who = witness.principal === undefined ? 'an anonymous caller' : restore(witness.principal);
        result.push({
          ...base,
          kind: 'wider-principal',
          oldStatement,
          oldValues,
          detail: `The old policy's ${oldStatement} allowed ${witness.action} to other principals; the new policy also allows it to ${who}.`,
        });
        break;
      }
      default:
        result.push({ ...base, kind: 'new-action', detail: `The old policy allows ${witness.action} nowhere.` });
    }
  }
  return result;
}

// A statement that failed only on its Condition came closest; then one that matched the action but not the resource
// or principal. A statement whose Action does not match says nothing about this request.
const nearness: Record<string, number> = { Condition: 0, Resource: 1, NotResource: 1, Principal: 2, NotPrincipal: 2 };

function nearestMiss(misses: readonly StatementMiss[]): StatementMiss | undefined {
  let best: StatementMiss | undefined;
  for (const miss of misses) {
    const rank = nearness[miss.failure.element];
    if (rank === undefined) continue;
    if (!best || rank < nearness[best.failure.element]) best = miss;
  }
  return best;
}

/** The old statement's condition tests the witness fails, with their values as written. */
function unmetConditions(old: CompiledPolicy, index: number, statement: Statement, witness: Witness): { operator: string; key: string; values: string[] }[] {
  const compiled = old.statements.find((s) => s.index === index);
  if (!compiled) return [];
  const lookup = new ContextLookup();
  lookup.reset(witness.context as RequestContext);
  const unmet: { operator: string; key: string; values: string[] }[] = [];
  for (const test of compiled.conditions) {
    if (evaluateTest(test, lookup) === TEST_PASSED) continue;
    const written = statement.condition?.operators.find((entry) => entry.operator === test.operator)?.keys.find((key) => key.key === test.key);
    unmet.push({ operator: test.operator, key: test.key, values: written ? written.values.map((value) => value.value) : [] });
  }
  return unmet;
}

function servicesOf(actions: readonly string[], catalog: Catalog): NewAccessDifference['services'] {
  const groups = new Map<string, { service: string; accessLevel: string; actions: string[] }>();
  for (const name of actions) {
    const action = catalog.findAction(name);
    const service = action?.service ?? name.slice(0, Math.max(0, name.indexOf(':')));
    const accessLevel = action?.accessLevel ?? 'Unknown';
    const key = `${service}\u0000${accessLevel}`;
    const group = groups.get(key) ?? { service, accessLevel, actions: [] };
    group.actions.push(action?.fullName ?? name);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The witness with placeholders written back as the policies show them. */
export function restoredWitness(witness: Witness, restore: (text: string) => string): Witness {
  const context = Object.fromEntries(
    Object.entries(witness.context).map(([key, value]) => [
      key,
      typeof value === 'string' ? restore(value) : Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? restore(v) : v)) : value,
    ]),
  ) as Witness['context'];
  return { ...witness, resource: restore(witness.resource), ...(witness.principal !== undefined ? { principal: restore(witness.principal) } : {}), context };
}
