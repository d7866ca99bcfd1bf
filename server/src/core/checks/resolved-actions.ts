import type { Catalog, CatalogAction, CatalogService } from '../catalog/catalog';
import { actionValuesOf, parseActionName, type ActionName } from '../policy/action-name';
import type { PolicyDocument, StringValue } from '../policy/model';

/** One Action/NotAction value with what the catalog says about it, computed once per policy for all action rules. */
export interface ResolvedAction {
  value: StringValue;
  /** Undefined for `*` and for malformed values. */
  name?: ActionName;
  /** The service of a prefix without wildcards, when the catalog knows it. */
  service?: CatalogService;
  /** The action, when the value names one exactly (in any case). */
  action?: CatalogAction;
  /** For values with wildcards: whether any catalog action matches. */
  wildcardMatches?: boolean;
}

type CatalogFacts = Pick<ResolvedAction, 'service' | 'action' | 'wildcardMatches'>;

const byPolicy = new WeakMap<PolicyDocument, { catalog: Catalog; actions: ResolvedAction[] }>();
// What the catalog says about an action string does not depend on where it stands, and the same strings repeat
// across statements, policies and keystrokes. The cap keeps a hostile file from growing the cache without end.
const factsByCatalog = new WeakMap<Catalog, Map<string, CatalogFacts>>();
const factsLimit = 50_000;

export function resolvedActions(policy: PolicyDocument, catalog: Catalog): ResolvedAction[] {
  const cached = byPolicy.get(policy);
  if (cached?.catalog === catalog) return cached.actions;
  const actions: ResolvedAction[] = [];
  for (const statement of policy.statements) {
    for (const value of actionValuesOf(statement)) actions.push(resolve(value, catalog));
  }
  byPolicy.set(policy, { catalog, actions });
  return actions;
}

function resolve(value: StringValue, catalog: Catalog): ResolvedAction {
  const name = parseActionName(value);
  if (!name) return { value };
  const facts = factsOf(catalog, name);
  return { value, name, service: facts.service, action: facts.action, wildcardMatches: facts.wildcardMatches };
}

function factsOf(catalog: Catalog, name: ActionName): CatalogFacts {
  let cache = factsByCatalog.get(catalog);
  if (!cache) factsByCatalog.set(catalog, (cache = new Map()));
  const text = name.value.value;
  let facts = cache.get(text);
  if (!facts) {
    if (name.prefixHasWildcard || name.nameHasWildcard) {
      facts = { service: name.prefixHasWildcard ? undefined : catalog.findService(name.prefix), wildcardMatches: catalog.matchActions(text).length > 0 };
    } else {
      facts = { service: catalog.findService(name.prefix), action: catalog.findAction(text) };
    }
    if (cache.size >= factsLimit) cache.clear();
    cache.set(text, facts);
  }
  return facts;
}
