import type { Catalog, CatalogConditionKey, CatalogService } from '../catalog/catalog';
import { closestMatches } from '../text/suggest';
import { detached } from '../text/detached';
import type { ConditionOperatorFamily } from './condition-operators';

// Condition key names as IAM reads them: `prefix:name`, case-insensitive, where the prefix is `aws` for the
// global keys, a service prefix, or an identity provider (`saml`, `accounts.google.com`, an OIDC issuer, …).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html

/** What the catalog says about a condition key name as written in a policy. */
export type ConditionKeyLookup =
  /** The key exists. `documented` is false for keys AWS evaluates but the Service Authorization Reference omits. */
  | { readonly kind: 'known'; readonly key: CatalogConditionKey; readonly documented: boolean }
  /** Not `prefix:name`: no colon, or nothing before or after it. */
  | { readonly kind: 'malformed' }
  /** A key that takes a tag key or similar after it, written without it: `aws:ResourceTag`, `aws:ResourceTag/`. */
  | { readonly kind: 'missing-placeholder'; readonly template: CatalogConditionKey }
  /** An `aws:` key that is not a global condition key. */
  | { readonly kind: 'unknown-global' }
  /** A key with a service's prefix that the service does not define. */
  | { readonly kind: 'unknown-service'; readonly service: CatalogService }
  /** A prefix that is no service: identity providers' keys, which the catalog cannot list. */
  | { readonly kind: 'unknown-prefix' };

// Keys that AWS managed policies use and AWS evaluates, but that the Service Authorization Reference does not list.
const undocumentedKeys: readonly CatalogConditionKey[] = [
  undocumented('aws:PrincipalOrgMasterAccountId', 'String', 'The management account of the principal’s organization (used in AWSSSOServiceRolePolicy).'),
  undocumented('deepracer:UserToken', 'String', 'The multi-user token of an AWS DeepRacer user (used in AWSDeepRacerDefaultMultiUserAccess).'),
  undocumented('deepracer:MultiUser', 'Bool', 'Whether AWS DeepRacer runs in multi-user mode (used in AWSDeepRacerDefaultMultiUserAccess).'),
  undocumented('lakeformation:GlueARN', 'ARN', 'The AWS Glue resource a Lake Formation request is for (used in AmazonDataZoneGlueManageAccessRolePolicy).'),
];
const undocumentedByName = new Map(undocumentedKeys.map((key) => [key.name.toLowerCase(), key]));

function undocumented(name: string, type: string, description: string): CatalogConditionKey {
  const prefix = name.slice(0, name.indexOf(':'));
  return prefix === 'aws'
    ? { name, type, description, multiValued: false, template: false, global: true }
    : { name, type, description, multiValued: false, template: false, global: false, service: prefix };
}

// Templates whose placeholder ends the name (`aws:ResourceTag/${TagKey}`, `kms:EncryptionContext:${…}`), by the
// lower-cased text before the placeholder without its separator, and the key names grouped by prefix for
// "did you mean". Built on the first unknown key: most policies never need them.
interface KeyIndex {
  readonly templatesByStem: Map<string, CatalogConditionKey>;
  readonly namesByPrefix: Map<string, string[]>;
  /** Template heads by prefix, e.g. `aws:ResourceTag/` under `aws`. */
  readonly headsByPrefix: Map<string, string[]>;
}

const PLACEHOLDER_AT_END = /(\$\{[^}]+\}|<[^>]+>|tag-key)$/;
const indexes = new WeakMap<Catalog, KeyIndex>();
const lookups = new WeakMap<Catalog, LookupCache>();
// Keys repeat across keystrokes and policies; the cap keeps a long session from growing the cache without end.
const LOOKUP_CACHE_LIMIT = 20_000;

function keyIndexOf(catalog: Catalog): KeyIndex {
  let index = indexes.get(catalog);
  if (index) return index;
  const templatesByStem = new Map<string, CatalogConditionKey>();
  const names = new Map<string, Set<string>>();
  const heads = new Map<string, Set<string>>();
  const add = (key: CatalogConditionKey) => {
    const colon = key.name.indexOf(':');
    if (colon <= 0) return;
    const prefix = key.name.slice(0, colon).toLowerCase();
    if (!key.template) {
      let set = names.get(prefix);
      if (!set) names.set(prefix, (set = new Set()));
      set.add(key.name);
      return;
    }
    const placeholder = PLACEHOLDER_AT_END.exec(key.name);
    if (!placeholder || placeholder.index <= colon) return;
    const head = key.name.slice(0, placeholder.index);
    const stem = head.replace(/[/:]$/, '').toLowerCase();
    if (!templatesByStem.has(stem) || key.global) templatesByStem.set(stem, key);
    let set = heads.get(prefix);
    if (!set) heads.set(prefix, (set = new Set()));
    set.add(head);
  };
  for (const key of catalog.globalConditionKeys()) add(key);
  for (const service of catalog.services()) for (const key of service.conditionKeys) add(key);
  const sorted = (map: Map<string, Set<string>>) => new Map([...map].map(([prefix, set]) => [prefix, [...set].sort()]));
  index = { templatesByStem, namesByPrefix: sorted(names), headsByPrefix: sorted(heads) };
  indexes.set(catalog, index);
  return index;
}

/** Whether the name has the `prefix:name` shape every condition key has. */
export function isConditionKeyFormat(name: string): boolean {
  const colon = name.indexOf(':');
  return colon > 0 && colon < name.length - 1;
}

/** Looks a condition key up in the catalog, ignoring case as IAM does. Results are cached per catalog. */
export function lookUpConditionKey(catalog: Catalog, name: string): ConditionKeyLookup {
  const cache = catalog === lastCatalog ? lastCache! : lookupCacheOf(catalog);
  // A dozen rules look up each key of a policy. By the name as written first: a hit costs no lower-cased copy of
  // the name, and a name's hash is kept with the string, so it is computed once for all the rules that ask.
  let result = cache.written.get(name);
  if (!result) {
    const lower = name.toLowerCase();
    result = cache.lower.get(lower);
    if (!result) {
      result = lookUp(catalog, name, lower);
      if (cache.lower.size >= LOOKUP_CACHE_LIMIT) cache.lower.clear();
      // A name already in lower case is its own lower-cased text: a slice of the policy text, copied to be kept.
      cache.lower.set(detached(lower), result);
    }
    if (cache.written.size >= LOOKUP_CACHE_LIMIT) cache.written.clear();
    cache.written.set(detached(name), result);
  }
  return result;
}

/** Lookups by the name as written and by the name lower-cased. */
interface LookupCache {
  readonly written: Map<string, ConditionKeyLookup>;
  readonly lower: Map<string, ConditionKeyLookup>;
}

// Almost every call is for the one bundled catalog: the last one asked saves a WeakMap lookup per call.
let lastCatalog: Catalog | undefined;
let lastCache: LookupCache | undefined;

function lookupCacheOf(catalog: Catalog): LookupCache {
  let cache = lookups.get(catalog);
  if (!cache) lookups.set(catalog, (cache = { written: new Map(), lower: new Map() }));
  lastCatalog = catalog;
  lastCache = cache;
  return cache;
}

function lookUp(catalog: Catalog, name: string, lower: string): ConditionKeyLookup {
  if (!isConditionKeyFormat(name)) return { kind: 'malformed' };
  const key = catalog.findConditionKey(name);
  if (key) return { kind: 'known', key, documented: true };
  const undocumentedKey = undocumentedByName.get(lower);
  if (undocumentedKey) return { kind: 'known', key: undocumentedKey, documented: false };
  const template = keyIndexOf(catalog).templatesByStem.get(lower.replace(/[/:]$/, ''));
  if (template) return { kind: 'missing-placeholder', template };
  const prefix = lower.slice(0, lower.indexOf(':'));
  if (prefix === 'aws') return { kind: 'unknown-global' };
  const service = catalog.findService(prefix);
  return service ? { kind: 'unknown-service', service } : { kind: 'unknown-prefix' };
}

/**
 * Known keys with the same prefix that are close to an unknown one, best first. For keys that carry a tag
 * key or similar (`aws:ResourceTags/team`) the suggestion keeps the part after the separator (`aws:ResourceTag/team`).
 */
export function suggestConditionKeys(catalog: Catalog, name: string): string[] {
  let cache = suggestionCaches.get(catalog);
  if (!cache) suggestionCaches.set(catalog, (cache = new Map()));
  let suggestions = cache.get(name);
  if (!suggestions) {
    // Suggestions may keep parts of the name: of a copy, lest they keep the policy text alive.
    const kept = detached(name);
    suggestions = computeSuggestions(catalog, kept);
    if (cache.size >= SUGGESTION_CACHE_LIMIT) cache.clear();
    cache.set(kept, suggestions);
  }
  return [...suggestions];
}

const suggestionCaches = new WeakMap<Catalog, Map<string, string[]>>();
const SUGGESTION_CACHE_LIMIT = 2_000;
const MAX_SUGGESTION_INPUT = 300;

function computeSuggestions(catalog: Catalog, name: string): string[] {
  const colon = name.indexOf(':');
  // Nothing close to a key name is hundreds of characters long; the edit distance would only cost time.
  if (colon <= 0 || name.length > MAX_SUGGESTION_INPUT) return [];
  const prefix = name.slice(0, colon).toLowerCase();
  const index = keyIndexOf(catalog);
  const result: string[] = [];
  // Split after the first separator following the prefix: "aws:ResourceTags/" + "team".
  const separator = name.slice(colon + 1).search(/[/:]/);
  if (separator >= 0) {
    const head = name.slice(0, colon + 1 + separator + 1);
    const rest = name.slice(head.length);
    if (rest.length > 0) {
      for (const match of closestMatches(head, index.headsByPrefix.get(prefix) ?? [], 3)) result.push(match + rest);
    }
  }
  for (const match of closestMatches(name, index.namesByPrefix.get(prefix) ?? [], 3)) if (!result.includes(match)) result.push(match);
  return result.slice(0, 3);
}

/** The operator family that fits a catalog key type (String, ArrayOfARN, Bool, …); undefined for types we do not know. */
export function familyOfKeyType(type: string): ConditionOperatorFamily | undefined {
  switch (type.replace(/^ArrayOf/, '')) {
    case 'String':
      return 'String';
    case 'ARN':
      return 'Arn';
    case 'Bool':
    case 'Boolean':
      return 'Bool';
    case 'Numeric':
      return 'Numeric';
    case 'Date':
      return 'Date';
    case 'IPAddress':
      return 'IpAddress';
    case 'Binary':
      return 'Binary';
    default:
      return undefined;
  }
}

/**
 * Keys the Service Authorization Reference types otherwise than the service's own documentation uses them.
 * glacier:ArchiveAgeInDays is typed String, but the Vault Lock policy example compares it with NumericLessThan
 * (https://docs.aws.amazon.com/amazonglacier/latest/dev/vault-lock-policy.html), as every vault lock does.
 */
const DOCUMENTED_FAMILIES = new Map<string, readonly ConditionOperatorFamily[]>([['glacier:archiveageindays', ['Numeric', 'String', 'Arn']]]);

/**
 * The operator families that compare a key's values as its type needs; Null fits every key and is left out.
 * ARN and String operators both read ARNs (the IAM User Guide suggests String operators where ARN matching is too
 * strict), and keys typed String often hold ARNs, as kms:EncryptionContext keys do. aws:EpochTime takes Date and
 * Numeric operators. Undefined when the type is unknown.
 */
export function operatorFamiliesFor(key: CatalogConditionKey): readonly ConditionOperatorFamily[] | undefined {
  const documented = DOCUMENTED_FAMILIES.get(key.name.toLowerCase());
  if (documented) return documented;
  const family = familyOfKeyType(key.type);
  switch (family) {
    case 'String':
    case 'Arn':
      return ['String', 'Arn'];
    case 'Date':
      return key.name.toLowerCase() === 'aws:epochtime' ? ['Date', 'Numeric'] : ['Date'];
    case undefined:
      return undefined;
    default:
      return [family];
  }
}

// Keys "always included in the request context" (the global condition keys page): no request lacks them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
const inEveryRequest = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:userid',
  'aws:currenttime',
  'aws:epochtime',
  'aws:securetransport',
  'aws:principalisawsservice',
  'aws:viaawsservice',
]);

/** Whether every request carries the key (in any case), so that no test of it is skipped for its absence. */
export function isInEveryRequest(key: string): boolean {
  return inEveryRequest.has(key.toLowerCase());
}
