import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hasWildcard, matchesWildcard } from '../text/wildcard';
import { DerivedHolder, DerivedSlot } from '../policy/derived';
import type { AccessLevel, Catalog, CatalogAction, CatalogActionResourceType, CatalogConditionKey, CatalogResourceType, CatalogService } from './types';

// Loads and indexes the catalog file. Its types live in types.ts and are re-exported here, so callers import the
// catalog from one place.
export type * from './types';

/** The command that (re)builds the catalog file; error messages point to it. */
export const CATALOG_BUILD_COMMAND = 'npm run catalog';

let shared: Catalog | undefined;

// Rules ask this of every action of a statement with a Condition, for every policy: kept on the action.
const keysByAction = new DerivedSlot<CatalogAction, readonly CatalogConditionKey[]>('catalog action');

/** The catalog from the default location, loaded on first use. Throws like `loadCatalog` when it is missing. */
export function getCatalog(): Catalog {
  shared ??= loadCatalog();
  return shared;
}

/**
 * Reads a catalog built by scripts/build-catalog.mjs. Without `file`, tries `catalogPaths()` in order.
 * Throws an Error naming the paths it tried when no readable catalog is found.
 */
export function loadCatalog(file?: string): Catalog {
  const paths = file === undefined ? catalogPaths() : [file];
  const tried: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      tried.push(`${path} (${describeError(error)})`);
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(`The IAM service catalog ${path} is not valid JSON (${describeError(error)}). Run \`${CATALOG_BUILD_COMMAND}\` to rebuild it.`);
    }
    if (!isCatalogFile(data)) {
      throw new Error(`The IAM service catalog ${path} is not in format ${FORMAT}. Run \`${CATALOG_BUILD_COMMAND}\` to rebuild it.`);
    }
    return indexCatalog(data, path, descriptionsReader(data, path));
  }
  throw new Error(`Cannot find the IAM service catalog. Tried: ${tried.join('; ')}. Run \`${CATALOG_BUILD_COMMAND}\` to build dist/catalog.json.`);
}

/**
 * Where `loadCatalog()` looks, in order: only `$IAM_POLICY_CATALOG` when it is set; otherwise
 * `catalog.json` beside the running bundle (dist/server.js), then `dist/catalog.json` in this
 * directory and each parent (running the TypeScript sources, e.g. in tests).
 */
export function catalogPaths(): string[] {
  const fromEnv = process.env.IAM_POLICY_CATALOG;
  if (fromEnv) return [fromEnv];
  // tsx and the esbuild bundle both run this as CommonJS; the guard keeps an ESM host from crashing.
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const paths = [join(here, 'catalog.json')];
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'catalog.json');
    if (!paths.includes(candidate)) paths.push(candidate);
    if (dirname(dir) === dir) return paths;
  }
}

// ---------------------------------------------------------------------------------------------
// File format 2, written by scripts/build-catalog.mjs. Rows are positional arrays; trailing empty
// arrays and trailing zeros are left out, so a missing field reads as empty / 0 / false.
//   { f: 2, v: version, d: date, e: descriptionsFileName, a: accessLevels[], t: keyTypes[],
//     g: [name, typeIndex, category][]                                      global keys
//     s: [prefix, name, Action[], ResourceType[], Key[]][]                  services
//        Key          = [name, typeIndex]
//        ResourceType = [name, arn | arn[], keyIndex[]]
//        Action       = [name, accessLevelIndex, ActionResource[], keyIndex[], dependentActions[]]
//        ActionResource = resourceTypeIndex * 2 + required (0|1)
//                       | [resourceTypeIndex * 2 + required, keyIndex[], dependentActions[]]
//     p: { prefix: { regexSource: templateName } }   condition key patterns
//     r: prefix[]                                     services that support RCPs
//     u: { keyPrefix: servicePrefix[] }              key prefixes that are not service prefixes
//     m: { d: date, s: { prefix: policyName }, a: { prefix:action: policyName } } }
//                                                     what AWS managed policies grant that the catalog lacks
//                                                     (lower case; optional, as in catalogs built before it)
// Key and resource type indexes point into the same service's lists.
//
// The descriptions, in the file `e` names beside the catalog, in the order of the catalog's rows:
//   { f: 2, v: version, a: actionDescription[][] (per service), k: keyDescription[][] (per service), g: globalKeyDescription[] }
// They are more than half of the text and no rule reads them, so they are read when hover or completion first asks
// for one: `iam-policy lint` never parses them.
// ---------------------------------------------------------------------------------------------

const FORMAT = 2;

type KeyRow = [name: string, type: number];
type GlobalKeyRow = [name: string, type: number, category: string];
type ResourceTypeRow = [name: string, arn?: string | string[], keys?: number[]];
type ActionResourceRow = number | [packedResourceType: number, keys?: number[], dependentActions?: string[]];
type ActionRow = [name: string, accessLevel?: number, resourceTypes?: ActionResourceRow[], keys?: number[], dependentActions?: string[]];
type ServiceRow = [prefix: string, name: string, actions: ActionRow[], resourceTypes: ResourceTypeRow[], keys: KeyRow[]];

interface CatalogFile {
  f: number;
  v: string;
  d: string;
  e?: string;
  a: AccessLevel[];
  t: string[];
  g: GlobalKeyRow[];
  s: ServiceRow[];
  p: Record<string, Record<string, string>>;
  r: string[];
  u: Record<string, string[]>;
  m?: { d: string; s: Record<string, string>; a: Record<string, string> };
}

function isCatalogFile(data: unknown): data is CatalogFile {
  const file = data as Partial<CatalogFile> | null;
  return (
    typeof file === 'object' &&
    file !== null &&
    file.f === FORMAT &&
    Array.isArray(file.s) &&
    Array.isArray(file.g) &&
    Array.isArray(file.a) &&
    Array.isArray(file.t) &&
    Array.isArray(file.r) &&
    typeof file.p === 'object' &&
    typeof file.u === 'object'
  );
}

interface DescriptionsFile {
  f: number;
  v: string;
  a: string[][];
  k: string[][];
  g: string[];
}

/** The description of a service's action (`a`) or key (`k`), or of a global key (`g`, service -1), by row. */
type DescriptionAt = (kind: 'a' | 'k' | 'g', service: number, index: number) => string;

/**
 * Reads the catalog's descriptions on the first call. Descriptions that are missing, unreadable, or written for
 * another catalog (a build interrupted between the two files) read as empty: hover then says there is none.
 */
function descriptionsReader(data: CatalogFile, catalogPath: string): DescriptionAt {
  let descriptions: DescriptionsFile | null | undefined;
  const read = (): DescriptionsFile | null => {
    if (data.e === undefined) return null;
    try {
      const file = JSON.parse(readFileSync(join(dirname(catalogPath), data.e), 'utf8')) as Partial<DescriptionsFile> | null;
      const fits =
        file?.f === FORMAT && file.v === data.v && Array.isArray(file.a) && file.a.length === data.s.length && Array.isArray(file.k) && file.k.length === data.s.length && Array.isArray(file.g);
      return fits ? (file as DescriptionsFile) : null;
    } catch {
      return null;
    }
  };
  return (kind, service, index) => {
    if (descriptions === undefined) descriptions = read();
    if (!descriptions) return '';
    const list = kind === 'g' ? descriptions.g : descriptions[kind][service];
    return (Array.isArray(list) && typeof list[index] === 'string' ? list[index] : '') as string;
  };
}

const NONE: readonly never[] = Object.freeze([]);

// A placeholder in a key name: ${TagKey}, <key>, or the IAM guide's trailing /tag-key.
const PLACEHOLDER = /\$\{[^}]+\}|<[^>]+>|(?<=\/)tag-key$/;

// Tag keys are at most 128 characters; anything far longer is not a key, and skipping it keeps the
// template regexes (some have two placeholders) from doing quadratic work on a hostile document.
const MAX_TEMPLATE_INPUT = 512;

interface KeyTemplate {
  readonly key: CatalogConditionKey;
  readonly regex: RegExp;
  /** How much literal text it pins down; the most specific template wins. */
  readonly literalLength: number;
}

/**
 * An action of a loaded catalog. One class, so that every action has one shape and reads its description through a
 * getter on the prototype: defining the getter on each object (Object.defineProperty) cost more than the rest of
 * making the action, and a `*` expansion makes all 22,000. A DerivedHolder, so that what a rule derives from an
 * action (its facts, its rank) is kept on it (see DerivedSlot) rather than in a WeakMap keyed by it, a lookup that
 * cost a hash probe per question and weighed on every collection.
 */
class ActionEntry extends DerivedHolder implements CatalogAction {
  readonly fullName: string;
  readonly #describe: (action: CatalogAction) => string;

  constructor(
    readonly service: string,
    readonly name: string,
    readonly accessLevel: AccessLevel,
    readonly resourceTypes: readonly CatalogActionResourceType[],
    readonly conditionKeys: readonly CatalogConditionKey[],
    readonly dependentActions: readonly string[],
    describe: (action: CatalogAction) => string,
  ) {
    super();
    this.fullName = `${service}:${name}`;
    this.#describe = describe;
  }

  get description(): string {
    return this.#describe(this);
  }
}

// Startup cost matters more than lookup cost: the server parses the file on every start, while most
// sessions touch a handful of services. So only the parse and a prefix map happen up front; a
// service's keys, resource types and maps are built the first time it is asked for, and each
// action object the first time it is returned.
interface ServiceState {
  readonly row: ServiceRow;
  /** Its row's index in the file, which the descriptions follow. */
  readonly index: number;
  readonly prefix: string;
  readonly service: CatalogService;
  keys?: CatalogConditionKey[];
  resourceTypes?: CatalogResourceType[];
  resourceTypesByName?: Map<string, CatalogResourceType>;
  actionIndexByName?: Map<string, number>;
  /**
   * `actionIndexByName` as two arrays, in its order, for the wildcard scans: iterating the map made an entry array and
   * an iterator result per name (some 13 MB over the managed policies, with 1,286 distinct wildcard values).
   */
  scanOrder?: { readonly names: readonly string[]; readonly indexes: readonly number[] };
  readonly actions: Array<CatalogAction | undefined>;
  allActions?: CatalogAction[];
}

function indexCatalog(data: CatalogFile, file: string, descriptionAt: DescriptionAt): Catalog {
  const rcp = new Set(data.r.map((prefix) => prefix.toLowerCase()));
  const keyOwners = data.u;

  // One getter for every key and one for every action of the catalog, each finding its row by the object's own name:
  // a getter written in the object literal would be a new one per object, which puts each object in dictionary mode,
  // and the rules read the other properties of actions and keys in their hottest loops.
  function keyDescription(this: CatalogConditionKey): string {
    if (this.service === undefined)
      return descriptionAt(
        'g',
        -1,
        data.g.findIndex((row) => row[0] === this.name),
      );
    const state = statesByPrefix.get(this.service.toLowerCase());
    return state
      ? descriptionAt(
          'k',
          state.index,
          state.row[4].findIndex((row) => row[0] === this.name),
        )
      : '';
  }
  function actionDescription(action: CatalogAction): string {
    const state = statesByPrefix.get(action.service.toLowerCase());
    if (!state) return '';
    const index = actionIndexByName(state).get(action.name.toLowerCase());
    return descriptionAt('a', state.index, index !== undefined && state.row[2][index][0] === action.name ? index : state.row[2].findIndex((row) => row[0] === action.name));
  }
  const withDescription = <T extends { description: string }>(object: Omit<T, 'description'>, get: (this: T) => string): T =>
    Object.defineProperty(object, 'description', { get, enumerable: true, configurable: true }) as T;

  const makeKey = (row: KeyRow | GlobalKeyRow, service: string | undefined, category?: string): CatalogConditionKey => {
    const type = data.t[row[1]] ?? 'String';
    return withDescription<CatalogConditionKey>(
      {
        name: row[0],
        type,
        multiValued: type.startsWith('ArrayOf'),
        template: PLACEHOLDER.test(row[0]),
        global: service === undefined,
        ...(service !== undefined ? { service } : {}),
        ...(category ? { category } : {}),
      },
      keyDescription,
    );
  };

  const keysOf = (state: ServiceState): CatalogConditionKey[] => (state.keys ??= state.row[4].map((row) => makeKey(row, state.prefix)));
  const keysAt = (state: ServiceState, indexes: number[] | undefined): readonly CatalogConditionKey[] => {
    if (!indexes?.length) return NONE;
    const keys = keysOf(state);
    return indexes.map((i) => keys[i]);
  };

  const resourceTypesOfService = (state: ServiceState): CatalogResourceType[] =>
    (state.resourceTypes ??= state.row[3].map(([name, arn, keyIndexes]) => ({
      service: state.prefix,
      name,
      arns: arn === undefined ? NONE : typeof arn === 'string' ? [arn] : arn,
      conditionKeys: keysAt(state, keyIndexes),
    })));

  const actionAt = (state: ServiceState, index: number): CatalogAction => {
    const cached = state.actions[index];
    if (cached) return cached;
    const [name, level, resourceRows, keyIndexes, dependentActions] = state.row[2][index];
    const resourceTypes = resourceRows?.length ? resourceTypesOfService(state) : NONE;
    const action = new ActionEntry(
      state.prefix,
      name,
      data.a[level ?? 0],
      resourceRows?.length
        ? resourceRows.map((entry) => {
            // Most entries are a bare number: read it without wrapping it in an array to destructure (a `*`
            // expansion makes every action of the catalog, with some 22,000 of these).
            const packed = typeof entry === 'number' ? entry : entry[0];
            return {
              resourceType: resourceTypes[packed >> 1],
              required: (packed & 1) === 1,
              conditionKeys: typeof entry === 'number' ? NONE : keysAt(state, entry[1]),
              dependentActions: (typeof entry === 'number' ? undefined : entry[2]) ?? NONE,
            };
          })
        : NONE,
      keysAt(state, keyIndexes),
      dependentActions ?? NONE,
      actionDescription,
    );
    state.actions[index] = action;
    return action;
  };

  const actionsOfService = (state: ServiceState): CatalogAction[] => (state.allActions ??= state.row[2].map((_, i) => actionAt(state, i)));

  const actionIndexByName = (state: ServiceState): Map<string, number> => (state.actionIndexByName ??= new Map(state.row[2].map((row, i) => [row[0].toLowerCase(), i])));

  const states: ServiceState[] = data.s.map((row, index) => {
    const state: ServiceState = {
      row,
      index,
      prefix: row[0],
      actions: [],
      service: {
        prefix: row[0],
        name: row[1],
        rcpSupported: rcp.has(row[0].toLowerCase()),
        get actions() {
          return actionsOfService(state);
        },
        get resourceTypes() {
          return resourceTypesOfService(state);
        },
        get conditionKeys() {
          return keysOf(state);
        },
      },
    };
    return state;
  });
  const statesByPrefix = new Map(states.map((state) => [state.prefix.toLowerCase(), state]));
  const serviceList = states.map((state) => state.service);

  const globalKeys = data.g.map((row) => makeKey(row, undefined, row[2]));
  const globalsByName = new Map(globalKeys.map((key) => [key.name.toLowerCase(), key]));

  // One entry per key name for findConditionKey; services' copies of the same key differ only in wording.
  let keysByName: Map<string, CatalogConditionKey> | undefined;
  const buildKeysByName = () => {
    const byName = new Map<string, CatalogConditionKey>();
    for (const state of states) {
      for (const key of keysOf(state)) {
        const lower = key.name.toLowerCase();
        const existing = byName.get(lower);
        if (!existing || (!isHomeService(existing, keyOwners) && isHomeService(key, keyOwners))) byName.set(lower, key);
      }
    }
    return byName;
  };
  const canonicalKey = (lower: string): CatalogConditionKey | undefined => globalsByName.get(lower) ?? (keysByName ??= buildKeysByName()).get(lower);

  // Key templates are built on first use: most sessions never resolve a tag key.
  let templates: { byPrefix: Map<string, KeyTemplate[]>; anyPrefix: KeyTemplate[] } | undefined;
  let patterns: Array<{ regex: RegExp; template: string }> | undefined;

  const buildTemplates = () => {
    const byPrefix = new Map<string, KeyTemplate[]>();
    const anyPrefix: KeyTemplate[] = [];
    keysByName ??= buildKeysByName();
    for (const [lower, key] of [...globalsByName, ...keysByName]) {
      if (!key.template || canonicalKey(lower) !== key) continue;
      const literals = key.name.split(PLACEHOLDER);
      // A placeholder stands for at least one character: "aws:ResourceTag/" alone names no tag.
      const regex = new RegExp(`^${literals.map(escapeRegExp).join('.+')}$`, 'i');
      const template = { key, regex, literalLength: literals.join('').length };
      const colon = key.name.indexOf(':');
      const prefix = key.name.slice(0, colon).toLowerCase();
      if (colon < 0 || PLACEHOLDER.test(prefix)) anyPrefix.push(template);
      else byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), template]);
    }
    const bySpecificity = (a: KeyTemplate, b: KeyTemplate) => b.literalLength - a.literalLength;
    for (const list of byPrefix.values()) list.sort(bySpecificity);
    anyPrefix.sort(bySpecificity);
    return { byPrefix, anyPrefix };
  };

  const buildPatterns = () => {
    const list: Array<{ regex: RegExp; template: string }> = [];
    for (const group of Object.values(data.p)) {
      for (const [source, template] of Object.entries(group)) {
        try {
          list.push({ regex: new RegExp(`^(?:${source})$`, 'i'), template });
        } catch {
          // A pattern this JavaScript engine cannot compile only costs that one lookup.
        }
      }
    }
    return list;
  };

  const findConditionKey = (name: string): CatalogConditionKey | undefined => {
    const lower = name.toLowerCase();
    const exact = canonicalKey(lower);
    if (exact) return exact;
    if (name.length > MAX_TEMPLATE_INPUT) return undefined;
    templates ??= buildTemplates();
    const colon = lower.indexOf(':');
    const candidates = colon < 0 ? NONE : (templates.byPrefix.get(lower.slice(0, colon)) ?? NONE);
    for (const template of [...candidates, ...templates.anyPrefix]) {
      if (template.regex.test(name)) return template.key;
    }
    // conditionPatterns covers keys whose variable part is not written as a ${…} placeholder.
    patterns ??= buildPatterns();
    for (const pattern of patterns) {
      if (pattern.regex.test(name)) {
        const key = canonicalKey(pattern.template.toLowerCase());
        if (key) return key;
      }
    }
    return undefined;
  };

  const findAction = (fullName: string): CatalogAction | undefined => {
    const colon = fullName.indexOf(':');
    if (colon < 0) return undefined;
    const state = statesByPrefix.get(fullName.slice(0, colon).toLowerCase());
    if (!state) return undefined;
    const index = actionIndexByName(state).get(fullName.slice(colon + 1).toLowerCase());
    return index === undefined ? undefined : actionAt(state, index);
  };

  // Every action's lower-cased `service:name`, for patterns that do not name one service.
  let flat: { names: string[]; states: ServiceState[]; indexes: number[] } | undefined;
  const buildFlat = () => {
    const names: string[] = [];
    const owners: ServiceState[] = [];
    const indexes: number[] = [];
    for (const state of states) {
      const prefix = `${state.prefix.toLowerCase()}:`;
      state.row[2].forEach((row, i) => {
        names.push(prefix + row[0].toLowerCase());
        owners.push(state);
        indexes.push(i);
      });
    }
    return { names, states: owners, indexes };
  };

  const matchActions = (pattern: string): CatalogAction[] => {
    const lower = pattern.toLowerCase();
    const colon = lower.indexOf(':');
    const servicePart = colon < 0 ? undefined : lower.slice(0, colon);
    // A literal service prefix confines the scan to that service: s3:Get* reads ~180 names, not ~22,000.
    if (servicePart !== undefined && !hasWildcard(servicePart)) {
      const state = statesByPrefix.get(servicePart);
      if (!state) return [];
      const actionPart = lower.slice(colon + 1);
      const byName = actionIndexByName(state);
      if (!hasWildcard(actionPart)) {
        const index = byName.get(actionPart);
        return index === undefined ? [] : [actionAt(state, index)];
      }
      // Nearly every wildcard value is `service:Verb*` (1,212 of the 1,286 distinct ones in the managed policies):
      // for those the literal head decides alone, and for the rest it turns most names away before the matcher runs.
      const head = literalHeadOf(actionPart);
      const headDecides = head.length === actionPart.length - 1 && actionPart.charCodeAt(head.length) === 42;
      const { names, indexes } = (state.scanOrder ??= { names: [...byName.keys()], indexes: [...byName.values()] });
      const found: CatalogAction[] = [];
      for (let i = 0; i < names.length; i++) if (names[i].startsWith(head) && (headDecides || matchesWildcard(actionPart, names[i], false))) found.push(actionAt(state, indexes[i]));
      return found;
    }
    // `*` (the only such value in the managed policies) matches every action: listed without the names of all 22,000
    // lower-cased and matched one by one (2 MB of them kept for the rest of the session).
    if (isAllStars(lower)) {
      const all: CatalogAction[] = [];
      for (const state of states) for (let i = 0; i < state.row[2].length; i++) all.push(actionAt(state, i));
      return all;
    }
    flat ??= buildFlat();
    // Every literal run of the pattern must occur in a match; the engine's substring search
    // rejects most names before the glob matcher runs.
    const needle = longestLiteral(lower);
    const found: CatalogAction[] = [];
    const { names, states: owners, indexes } = flat;
    for (let i = 0; i < names.length; i++) {
      if (names[i].includes(needle) && matchesWildcard(lower, names[i], false)) found.push(actionAt(owners[i], indexes[i]));
    }
    return found;
  };

  const actionOf = (action: CatalogAction | string): CatalogAction | undefined => (typeof action === 'string' ? findAction(action) : action);

  const conditionKeysOf = (action: CatalogAction | string): readonly CatalogConditionKey[] => {
    const found = actionOf(action);
    if (!found) return NONE;
    let keys = keysByAction.get(found);
    if (keys) return keys;
    const byName = new Map<string, CatalogConditionKey>();
    const add = (keys: readonly CatalogConditionKey[]) => {
      for (const key of keys) if (!byName.has(key.name.toLowerCase())) byName.set(key.name.toLowerCase(), key);
    };
    add(found.conditionKeys);
    for (const use of found.resourceTypes) add(use.conditionKeys);
    for (const use of found.resourceTypes) add(use.resourceType.conditionKeys);
    keys = Object.freeze([...byName.values()]);
    keysByAction.set(found, keys);
    return keys;
  };

  const findResourceType = (servicePrefix: string, name: string): CatalogResourceType | undefined => {
    const state = statesByPrefix.get(servicePrefix.toLowerCase());
    if (!state) return undefined;
    state.resourceTypesByName ??= new Map(resourceTypesOfService(state).map((rt) => [rt.name, rt]));
    return state.resourceTypesByName.get(name);
  };

  const keyNames = new Set(globalsByName.keys());
  for (const [, , , , keyRows] of data.s) for (const [name] of keyRows) keyNames.add(name.toLowerCase());

  return {
    version: data.v,
    date: data.d,
    file,
    counts: {
      services: states.length,
      actions: data.s.reduce((sum, row) => sum + row[2].length, 0),
      resourceTypes: data.s.reduce((sum, row) => sum + row[3].length, 0),
      conditionKeys: keyNames.size,
    },
    services: () => serviceList,
    findService: (prefix) => statesByPrefix.get(prefix.toLowerCase())?.service,
    findAction,
    matchActions,
    resourceTypesOf: (action) => actionOf(action)?.resourceTypes ?? NONE,
    findResourceType,
    conditionKeysOf,
    findConditionKey,
    globalConditionKeys: () => globalKeys,
    isRcpSupported: (servicePrefix) => rcp.has(servicePrefix.toLowerCase()),
    managedPolicyGranting: (name) => {
      const lower = name.toLowerCase();
      const table = lower.includes(':') ? data.m?.a : data.m?.s;
      const policy = table && Object.hasOwn(table, lower) ? table[lower] : undefined;
      return policy === undefined ? undefined : { policy, date: data.m!.d };
    },
  };
}

function isAllStars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) !== 42) return false;
  return pattern.length > 0;
}

/** The text of the pattern before its first `*` or `?`. */
function literalHeadOf(pattern: string): string {
  const star = pattern.indexOf('*');
  const question = pattern.indexOf('?');
  const end = star < 0 ? question : question < 0 ? star : Math.min(star, question);
  return end < 0 ? pattern : pattern.slice(0, end);
}

/** The longest run of the (lower-cased) pattern without `*` or `?`. */
function longestLiteral(pattern: string): string {
  let longest = '';
  for (const part of pattern.split(/[*?]/)) if (part.length > longest.length) longest = part;
  return longest;
}

// Several services document the same key (ec2:SourceInstanceARN appears under ec2, ssm and others).
// The entry from the service the prefix names, or the one the data assigns a non-service prefix to
// (saml: keys belong to sts), describes it best.
function isHomeService(key: CatalogConditionKey, owners: Record<string, string[]>): boolean {
  const colon = key.name.indexOf(':');
  if (colon < 0) return false;
  const prefix = key.name.slice(0, colon).toLowerCase();
  return key.service === prefix || (owners[prefix]?.includes(key.service ?? '') ?? false);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'missing';
  return error instanceof Error ? error.message : String(error);
}
