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

const byPolicy = new WeakMap<PolicyDocument, { catalog: Catalog; actions: ResolvedAction[] }>();
const wildcardCache = new WeakMap<Catalog, Map<string, boolean>>();
// Patterns repeat across policies and keystrokes; the cap keeps a hostile file from growing the cache without end.
const wildcardCacheLimit = 50_000;

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
  if (name.prefixHasWildcard || name.nameHasWildcard) {
    return { value, name, service: name.prefixHasWildcard ? undefined : catalog.findService(name.prefix), wildcardMatches: hasMatch(catalog, value.value) };
  }
  return { value, name, service: catalog.findService(name.prefix), action: catalog.findAction(value.value) };
}

function hasMatch(catalog: Catalog, pattern: string): boolean {
  let cache = wildcardCache.get(catalog);
  if (!cache) wildcardCache.set(catalog, (cache = new Map()));
  const key = pattern.toLowerCase();
  let result = cache.get(key);
  if (result === undefined) {
    result = catalog.matchActions(pattern).length > 0;
    if (cache.size >= wildcardCacheLimit) cache.clear();
    cache.set(key, result);
  }
  return result;
}
