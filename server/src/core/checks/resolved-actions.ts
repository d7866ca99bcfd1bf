import type { Catalog, CatalogAction, CatalogService } from '../catalog/catalog';
import { isWellFormedAction, parseActionName, type ActionName } from '../policy/action-name';
import type { PolicyDocument, StringValue } from '../policy/model';
import { statementActionsOf, type StatementActions } from '../risk/action-grants';
import { actionsMatching } from '../risk/action-expansion';
import { hasPlaceholder } from '../policy/value-text';
import { DerivedSlot } from '../policy/derived';
import { detached } from '../text/detached';

/**
 * What the syntax and the catalog say about one action string (`s3:GetObject`, `s3:Get*`). It depends only on the
 * text, in any case, so one object serves every value with that text, in every statement, policy and keystroke.
 */
export interface ActionFacts {
  readonly prefixHasWildcard: boolean;
  readonly nameHasWildcard: boolean;
  /** The service of a prefix without wildcards, when the catalog knows it. */
  readonly service?: CatalogService;
  /** The action, when the value names one exactly (in any case). */
  readonly action?: CatalogAction;
  /**
   * Its name as AWS writes it (`action.fullName`), here too: action-case compares every value with it, and a load
   * less per value (the action object, far away in the catalog) was a tenth of that rule's time.
   */
  readonly fullName?: string;
  /** For values with wildcards: whether any catalog action matches. */
  readonly wildcardMatches?: boolean;
}

/**
 * The Action and NotAction lists of a policy in statement order (values with a placeholder left out, as
 * `actionValuesOf` does), and beside each value, its facts: undefined for `*` and for malformed values. Parallel
 * arrays rather than an object per value: the managed policies hold 59,000 values, and the rules that read them
 * need a value's spans only to report it (`actionNameOf`). List by list rather than joined: the lists are the
 * parsed ones and their memoed facts, shared, where a joined copy of a policy's lists was garbage each parse.
 */
export interface ResolvedActions {
  /** `valueLists[l][i]` has the facts `factLists[l][i]`. */
  readonly valueLists: readonly (readonly StringValue[])[];
  readonly factLists: readonly (readonly (ActionFacts | undefined)[])[];
  /**
   * Which findings the facts may hold (`ActionIssue` bits), so that the rules that look for them skip the policy
   * without a pass over its values: almost every value names a known action, and each such pass over the managed
   * policies' 59,000 values cost a cache miss per value. A bit may be set for a value left out (a placeholder).
   */
  readonly issues: number;
  /** The `ActionIssue` bits of each list, so that a rule visits only the lists that may hold its findings. */
  readonly listIssues: readonly number[];
}

/** Bits of `ResolvedActions.issues`. */
export const ActionIssue = {
  /** A prefix without wildcards that the catalog does not know (action-service-unknown). */
  UnknownService: 1,
  /** A name without wildcards that the known service does not define (action-unknown). */
  UnknownAction: 2,
  /** A value with wildcards that matches no catalog action (action-wildcard-no-match). */
  UnmatchedWildcard: 4,
  /** A value that names a catalog action in another case than AWS writes it (action-case). */
  Miscased: 8,
} as const;

/**
 * Calls `visit` with each Action value of the policy and its facts, list by list in document order. With `issue` (an
 * `ActionIssue` bit), only for the lists whose facts may hold it: one bit test answers the others.
 */
export function forEachResolvedAction(policy: PolicyDocument, catalog: Catalog, issue: number | undefined, visit: (value: StringValue, facts: ActionFacts | undefined) => void): void {
  const { valueLists, factLists, issues, listIssues } = resolvedActions(policy, catalog);
  if (issue !== undefined && !(issues & issue)) return;
  for (let l = 0; l < valueLists.length; l++) {
    if (issue !== undefined && !(listIssues[l] & issue)) continue;
    const values = valueLists[l];
    const facts = factLists[l];
    for (let i = 0; i < values.length; i++) visit(values[i], facts[i]);
  }
}

const byPolicy = new DerivedSlot<PolicyDocument, { catalog: Catalog; resolved: ResolvedActions }>();
// What the catalog says of an action string does not depend on its case or on where it stands, and the same strings
// repeat across statements, policies and keystrokes: kept by lower-cased text. The cap keeps a hostile file from
// growing the cache without end. `null`: the text is no `service:action` (a malformed value, or `*`).
const factsByCatalog = new WeakMap<Catalog, Map<string, ActionFacts | null>>();
const factsLimit = 50_000;
// The memo key of a list's facts (see StatementActions.memo): one array per list text, so a list seen before (the
// same statement on the next keystroke, or in another policy) costs no lookup per value.
const listFacts = {};

/** Computed once per parsed policy for all action rules. */
export function resolvedActions(policy: PolicyDocument, catalog: Catalog): ResolvedActions {
  const cached = byPolicy.get(policy);
  if (cached?.catalog === catalog) return cached.resolved;
  const cache = factsCacheOf(catalog);
  const valueLists: (readonly StringValue[])[] = [];
  const factLists: (readonly (ActionFacts | undefined)[])[] = [];
  const listIssues: number[] = [];
  let placeholders = false;
  let issues = 0;
  const add = (list: readonly StringValue[], listFacts: ListFacts) => {
    valueLists.push(list);
    factLists.push(listFacts.facts);
    listIssues.push(listFacts.issues);
    issues |= listFacts.issues;
    if (!placeholders) for (const value of list) if (hasPlaceholder(value)) placeholders = true;
  };
  for (const grants of statementActionsOf(policy)) {
    const { action, notAction } = grants.statement;
    // The index is of Action, else of NotAction; a statement with both (element-conflict) looks the second up by value.
    if (action) add(action.values, factsOfList(catalog, cache, grants));
    if (notAction)
      add(
        notAction.values,
        action
          ? withIssues(
              notAction.values,
              notAction.values.map((value) => factsOf(catalog, cache, value.value.toLowerCase())),
            )
          : factsOfList(catalog, cache, grants),
      );
  }
  const resolved = placeholders ? withoutPlaceholders(valueLists, factLists, issues, listIssues) : { valueLists, factLists, issues, listIssues };
  byPolicy.set(policy, { catalog, resolved });
  return resolved;
}

/** The lists with their values that have a placeholder left out (a template's policies only). */
function withoutPlaceholders(
  valueLists: readonly (readonly StringValue[])[],
  factLists: readonly (readonly (ActionFacts | undefined)[])[],
  issues: number,
  listIssues: readonly number[],
): ResolvedActions {
  const values: StringValue[][] = [];
  const facts: (ActionFacts | undefined)[][] = [];
  for (let l = 0; l < valueLists.length; l++) {
    const list = valueLists[l];
    values.push([]);
    facts.push([]);
    for (let i = 0; i < list.length; i++) {
      if (hasPlaceholder(list[i])) continue;
      values[l].push(list[i]);
      facts[l].push(factLists[l][i]);
    }
  }
  return { valueLists: values, factLists: facts, issues, listIssues };
}

/** The value split into service prefix and action name, with the document spans of each; for values with facts. */
export function actionNameOf(value: StringValue): ActionName {
  return parseActionName(value)!;
}

/** A list's facts, value by value, and the `ActionIssue` bits of all of them. */
interface ListFacts {
  readonly facts: readonly (ActionFacts | undefined)[];
  readonly issues: number;
}

function factsOfList(catalog: Catalog, cache: FactsCache, grants: StatementActions): ListFacts {
  const memoed = grants.memo.get(listFacts) as { catalog: Catalog; list: ListFacts } | undefined;
  if (memoed && memoed.catalog === catalog) return memoed.list;
  // The index (and so this memo) is of one list of values as written, so the case of each value is known too.
  const list = withIssues(
    grants.element?.values ?? [],
    grants.lowerValues.map((lower) => factsOf(catalog, cache, lower)),
  );
  grants.memo.set(listFacts, { catalog, list });
  return list;
}

/** The facts of `values`, in order, with their `ActionIssue` bits. */
function withIssues(values: readonly StringValue[], facts: readonly (ActionFacts | undefined)[]): ListFacts {
  let issues = 0;
  for (let i = 0; i < facts.length; i++) {
    const known = facts[i];
    if (!known) continue;
    if (known.fullName !== undefined && known.fullName !== values[i].value) issues |= ActionIssue.Miscased;
    if (!known.prefixHasWildcard && !known.service) issues |= ActionIssue.UnknownService;
    if (known.service && !known.action && known.wildcardMatches === undefined) issues |= ActionIssue.UnknownAction;
    if (known.wildcardMatches === false) issues |= ActionIssue.UnmatchedWildcard;
  }
  return { facts, issues };
}

type FactsCache = Map<string, ActionFacts | null>;

function factsCacheOf(catalog: Catalog): FactsCache {
  let cache = factsByCatalog.get(catalog);
  if (!cache) factsByCatalog.set(catalog, (cache = new Map()));
  return cache;
}

function factsOf(catalog: Catalog, cache: FactsCache, lower: string): ActionFacts | undefined {
  let found = cache.get(lower);
  if (found === undefined) {
    found = computeFacts(catalog, lower);
    if (cache.size >= factsLimit) cache.clear();
    // A value already in lower case is its own lower-cased text: a slice of the policy text, copied to be kept.
    cache.set(detached(lower), found);
  }
  return found ?? undefined;
}

function computeFacts(catalog: Catalog, lower: string): ActionFacts | null {
  // A malformed value (`kms:Decrypt,`) is action-format's finding alone, not also an unknown action or service.
  if (!isWellFormedAction(lower)) return null;
  const name = parseActionName({ value: lower, span: { start: 0, end: lower.length + 2 } });
  if (!name) return null;
  const { prefix, prefixHasWildcard, nameHasWildcard } = name;
  const wildcard = prefixHasWildcard || nameHasWildcard;
  // One object literal with every field, so that all facts share one shape: the rules' loops over tens of
  // thousands of them stay fast (facts built by spreading had a shape each, and reading them cost 50× more).
  const action = wildcard ? undefined : catalog.findAction(lower);
  return {
    prefixHasWildcard,
    nameHasWildcard,
    service: prefixHasWildcard ? undefined : catalog.findService(prefix),
    action,
    fullName: action?.fullName,
    // From the shared expansion cache: the rules that expand the value (wildcard-action, the Resource rules) then find
    // it there, where a scan of its own made every action it matched, and scanned the catalog, twice.
    wildcardMatches: wildcard ? actionsMatching(catalog, lower).length > 0 : undefined,
  };
}
