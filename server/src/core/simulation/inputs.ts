import type { Catalog } from '../catalog/catalog';
import { deriveContext } from '../evaluator/index';
import type { ContextScalar, ContextValue } from '../evaluator/types';
import { arnMatchesTemplate } from '../policy/arn-template';
import { templatesOf } from '../policy/arn-formats';
import { conditionBlocksOf } from '../policy/condition-blocks';
import { lookUpConditionKey } from '../policy/condition-keys';
import type { Placeholder, PolicyDocument, Statement } from '../policy/model';
import { substitutesVariables, variableSitesOf } from '../policy/variable-sites';
import { hasWildcard } from '../text/wildcard';
import { textWithHoles } from '../policy/value-text';

// What to offer when someone simulates a request against a policy: the actions its statements name, the
// resources they name and the ARN formats of the chosen action, and the context keys its conditions read.

/** An action to offer. */
export interface ActionChoice {
  /** As the catalog spells it, or as written when the catalog does not know it. */
  name: string;
  /** The catalog's description, when it knows the action. */
  description?: string;
  accessLevel?: string;
  /** The Action (or NotAction) values that name it, e.g. `s3:Get*`. */
  from: string[];
  /** True when it comes from a NotAction: a statement that does *not* cover it. */
  notAction?: boolean;
}

/** A resource ARN to offer, as a starting point the user edits. */
export interface ResourceChoice {
  value: string;
  /** `statement`: a Resource value of the policy; `template`: an ARN format of the action's resource type; `any`: `*`. */
  origin: 'statement' | 'template' | 'any';
  /** Where it comes from, e.g. `Resource of statement 1 "Read"` or `s3 object`. */
  detail: string;
  /** For statement resources, when an action is given: whether it can name a resource the action acts on. */
  fitsAction?: boolean;
}

/** A request context key that the policies read. */
export interface ContextKeyChoice {
  /** As the first policy writes it. */
  name: string;
  /** The catalog's type (String, ArrayOfString, Bool, ARN, Date, IPAddress, Numeric, …), when it knows the key. */
  type?: string;
  description?: string;
  multiValued: boolean;
  /** A value derived from the principal (aws:PrincipalArn, aws:username, …), as text; see `contextValueOf`. */
  defaultValue?: string;
  /** Where the policies use it: `Condition` or `variable`. */
  usedIn: ('Condition' | 'variable')[];
}

export interface SimulationInputs {
  actions: ActionChoice[];
  /** How many actions were left out of `actions` to keep it short (a `*` names every action there is). */
  actionsLeftOut: number;
  resources: ResourceChoice[];
  contextKeys: ContextKeyChoice[];
}

export interface SimulationInputOptions {
  /** Offer only what this statement names (the context keys still come from every statement: all are evaluated). */
  statementIndex?: number;
  /** The chosen action: adds the ARN formats of its resource types to the resources. */
  action?: string;
  /** The chosen principal: fills the partition and account of ARN formats, and the derived context keys. */
  principal?: string;
  /** Other policies in play, whose conditions read context keys too. */
  otherPolicies?: readonly PolicyDocument[];
  /** At most this many actions (2000 by default). */
  maxActions?: number;
  /** For derived time keys; now by default. */
  now?: Date;
}

export function simulationInputs(policy: PolicyDocument, catalog: Catalog, options: SimulationInputOptions = {}): SimulationInputs {
  const statements = options.statementIndex !== undefined ? policy.statements.filter((s) => s.index === options.statementIndex) : policy.statements;
  const { actions, leftOut } = actionChoices(statements, catalog, options.maxActions ?? 2000);
  return {
    actions,
    actionsLeftOut: leftOut,
    resources: resourceChoices(statements, catalog, options.action, options.principal),
    contextKeys: contextKeyChoices([policy, ...(options.otherPolicies ?? [])], catalog, options.principal, options.now),
  };
}

function actionChoices(statements: readonly Statement[], catalog: Catalog, max: number): { actions: ActionChoice[]; leftOut: number } {
  const byName = new Map<string, ActionChoice>();
  let leftOut = 0;
  const add = (name: string, from: string, notAction: boolean, known = catalog.findAction(name)) => {
    const key = (known?.fullName ?? name).toLowerCase();
    const existing = byName.get(key);
    if (existing) {
      if (!existing.from.includes(from)) existing.from.push(from);
      if (!notAction) delete existing.notAction;
      return;
    }
    if (byName.size >= max) {
      leftOut++;
      return;
    }
    byName.set(key, {
      name: known?.fullName ?? name,
      ...(known ? { description: known.description, accessLevel: known.accessLevel } : {}),
      from: [from],
      ...(notAction ? { notAction: true } : {}),
    });
  };
  const values = statements.flatMap((statement) => [
    ...(statement.action?.values ?? []).map((value) => ({ value: value.value, notAction: false })),
    ...(statement.notAction?.values ?? []).map((value) => ({ value: value.value, notAction: true })),
  ]);
  // Actions named outright first, in the order the policy names them; then what the wildcards stand for.
  for (const { value, notAction } of values) if (value !== '' && !hasWildcard(value)) add(value, value, notAction);
  for (const { value, notAction } of values) {
    if (!hasWildcard(value)) continue;
    for (const action of catalog.matchActions(value)) add(action.fullName, value, notAction, action);
  }
  return { actions: [...byName.values()], leftOut };
}

function resourceChoices(statements: readonly Statement[], catalog: Catalog, actionName: string | undefined, principal: string | undefined): ResourceChoice[] {
  const action = actionName ? catalog.findAction(actionName) : undefined;
  const templates = (action?.resourceTypes ?? []).flatMap((use) => templatesOf(use.resourceType).map((template) => ({ template, use })));
  const fromStatements: ResourceChoice[] = [];
  const seen = new Set<string>();
  const offer = (value: string, detail: string) => {
    if (value === '' || seen.has(value)) return;
    seen.add(value);
    const choice: ResourceChoice = { value, origin: value === '*' ? 'any' : 'statement', detail };
    if (action) choice.fitsAction = value === '*' || templates.length === 0 || templates.some(({ template }) => arnMatchesTemplate(value, template));
    fromStatements.push(choice);
  };
  for (const statement of statements) {
    for (const value of statement.resource?.values ?? []) {
      // A template Resource that names parameters with a Default: first as a deployment that gives none gets it.
      const filled = withDefaults(value);
      if (filled) offer(filled.value, `Resource of ${statementName(statement)}, with the default of ${filled.names.join(', ')}`);
      offer(value.value, `Resource of ${statementName(statement)}`);
    }
  }
  if (!action) return fromStatements;
  const { partition, account } = principalParts(principal);
  const fromTemplates: ResourceChoice[] = [];
  for (const { template, use } of templates) {
    const value = fillArnTemplate(template, { Partition: partition, ...(account ? { Account: account } : {}) });
    if (seen.has(value)) continue;
    seen.add(value);
    fromTemplates.push({ value, origin: 'template', detail: `${use.resourceType.service} ${use.resourceType.name}${use.required ? '' : ' (optional)'}` });
  }
  if (templates.length === 0 && !seen.has('*')) fromTemplates.push({ value: '*', origin: 'any', detail: `${action.fullName} takes no resource ARN` });
  const fitting = fromStatements.filter((choice) => choice.fitsAction);
  const others = fromStatements.filter((choice) => !choice.fitsAction);
  return [...fitting, ...fromTemplates, ...others];
}

/**
 * A value with its placeholders that have a Default (a template parameter's) filled with it, and those placeholders'
 * sources; undefined when none has one. Placeholders without one stay written `${…}`, for the user to fill.
 */
export function withDefaults(value: { value: string; placeholders?: readonly Placeholder[] }): { value: string; names: string[] } | undefined {
  if (!value.placeholders?.some((hole) => hole.default !== undefined)) return undefined;
  const names: string[] = [];
  const text = textWithHoles(value, (hole) => {
    if (hole.default !== undefined && !names.includes(hole.source)) names.push(hole.source);
    return hole.default ?? value.value.slice(hole.start, hole.end);
  })!;
  return { value: text, names };
}

function statementName(statement: Statement): string {
  const sid = statement.sid?.value?.value;
  return `statement ${statement.index + 1}${sid ? ` "${sid}"` : ''}`;
}

/** The partition and account of a principal ARN (`aws` when it has none), or of a bare account id. */
export function principalParts(principal: string | undefined): { partition: string; account?: string } {
  if (principal && /^\d{12}$/.test(principal)) return { partition: 'aws', account: principal };
  const match = /^arn:([^:]+):[^:]*:[^:]*:(\d{12})?:/.exec(principal ?? '');
  if (!match) return { partition: 'aws' };
  return match[2] ? { partition: match[1], account: match[2] } : { partition: match[1] };
}

/**
 * Fills the `${Placeholder}`s of a catalog ARN format that `values` knows, e.g. Partition and Account, and
 * leaves the others for the user: `arn:aws:s3:::${BucketName}/${ObjectName}`.
 */
export function fillArnTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\$\{([^}]*)\}/g, (whole, name: string) => values[name] ?? whole);
}

function contextKeyChoices(policies: readonly PolicyDocument[], catalog: Catalog, principal: string | undefined, now: Date | undefined): ContextKeyChoice[] {
  const byName = new Map<string, ContextKeyChoice>();
  // A condition value that is a template parameter with a Default (`aws:SourceVpc: !Ref VpcId`): the value a
  // deployment that gives none compares the key with, offered as the key's value.
  const parameterDefaults = new Map<string, string>();
  const add = (name: string, usedIn: 'Condition' | 'variable') => {
    const lower = name.toLowerCase();
    const existing = byName.get(lower);
    if (existing) {
      if (!existing.usedIn.includes(usedIn)) existing.usedIn.push(usedIn);
      return;
    }
    const lookup = lookUpConditionKey(catalog, name);
    const key = lookup.kind === 'known' ? lookup.key : undefined;
    byName.set(lower, {
      name,
      ...(key ? { type: key.type, description: key.description } : {}),
      multiValued: key?.multiValued ?? false,
      usedIn: [usedIn],
    });
  };
  for (const policy of policies) {
    for (const block of conditionBlocksOf(policy)) for (const entry of block.entry.keys) if (entry.key !== '') add(entry.key, 'Condition');
    // conditionBlocksOf leaves deploy-time values out; the statements hold them.
    for (const statement of policy.statements) {
      for (const block of statement.condition?.operators ?? []) {
        for (const entry of block.keys) {
          const filled = entry.values.map(withDefaults).find((value) => value !== undefined);
          if (filled && !parameterDefaults.has(entry.key.toLowerCase())) parameterDefaults.set(entry.key.toLowerCase(), filled.value);
        }
      }
    }
    for (const site of variableSitesOf(policy)) {
      if (!substitutesVariables(site.element)) continue;
      for (const variable of site.scan.variables) if (!variable.literal) add(variable.name, 'variable');
    }
  }
  const choices = [...byName.values()];
  for (const choice of choices) {
    const value = parameterDefaults.get(choice.name.toLowerCase());
    if (value !== undefined) choice.defaultValue = value;
  }
  if (principal !== undefined && principal !== '') {
    const derived = deriveContext(principal, {}, now);
    const lowerDerived = new Map(Object.entries(derived).map(([key, value]) => [key.toLowerCase(), value]));
    for (const choice of choices) {
      const value = lowerDerived.get(choice.name.toLowerCase());
      if (value !== undefined && value !== null) choice.defaultValue = contextText(value);
    }
  }
  return choices;
}

/** A context value as text a person edits: lists as JSON arrays, dates as ISO 8601. */
export function contextText(value: Exclude<ContextValue, null>): string {
  if (Array.isArray(value)) return JSON.stringify(value.map(scalarText));
  return scalarText(value as ContextScalar);
}

function scalarText(value: ContextScalar): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/**
 * Reads a context value typed as text: a JSON array (`["env", "team"]`) is a multivalued key, anything else is
 * one value, which the condition operator reads as it needs (numbers, dates, booleans and IPs are text too).
 */
export function contextValueOf(text: string): ContextValue {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => ['string', 'number', 'boolean'].includes(typeof item))) return parsed.map(String);
    } catch {
      // Not a list after all: the text itself is the value.
    }
  }
  return text;
}
