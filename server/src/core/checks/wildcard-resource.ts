import type { AccessLevel, Catalog, CatalogAction, CatalogResourceType } from '../catalog/catalog';
import { actionAcceptsArn, templatesOf } from '../policy/arn-formats';
import { DerivedSlot } from '../policy/derived';
import type { Statement, StringValue } from '../policy/model';
import { accessLevels, actionsOfStatementWhere, type ActionSummary, describeLevels, formatCount, listForMessage } from '../risk/action-expansion';
import { replaceValueWithStrings } from '../risk/policy-edits';
import { statementActionsOf, type StatementActions } from '../risk/action-grants';
import { actionsStillGranted } from '../risk/policy-denies';
import { grantsToHolder } from '../risk/policy-scope';
import { coversAllResources, hasConstrainingCondition } from '../risk/statement-scope';
import { hasExpired } from '../risk/time-bounds';
import type { Check, Fix } from './check';
import { detached } from '../text/detached';

// More ARN templates than this make a Resource list nobody wants to fill in; the message still names an example.
const MAX_TEMPLATES = 8;
// A read-only statement (SecurityAudit) that sweeps in this few Write or Permissions management actions among ten
// times as many reads is reported as information: the strongest are named, and the risk rules judge those actions themselves.
const MAX_STRONG_IN_READS = 3;
const readVerb = /^(?:Get|List|Describe|Search|View|Query|BatchGet)(?=[A-Z]|$)/;

// The Service Authorization Reference marks which actions support resource-level permissions; only those can be
// narrowed by naming resources, so only those are reported. An action without resource types must be granted on
// "*": https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
export const wildcardResource: Check = {
  id: 'wildcard-resource',
  severity: 'warning',
  description:
    'An Allow statement with "Resource": "*" (or an ARN that matches every resource, such as arn:aws:s3:::*) lets actions that support resource-level permissions act on every resource; name the resources instead.',
  run({ policy, policyType, catalog, report }) {
    if (!grantsToHolder(policyType)) return;
    for (const grants of statementActionsOf(policy)) {
      const { statement } = grants;
      const resource = statement.resource;
      if (grants.effect !== 'Allow' || grants.isNotAction || !grants.element || !resource) continue;
      // "*" and NotAction are reported by wildcard-action and not-action-allow; conditions on resources or
      // requests (aws:ResourceTag/…, s3:prefix) already narrow what "*" reaches.
      if (grants.star || hasConstrainingCondition(statement, catalog)) continue;
      // A statement only for requests or sessions before a past date grants nothing any more (privilege-escalation too).
      if (hasExpired(statement, Date.now())) continue;
      for (const value of resource.values) {
        if (!coversAllResources(value.value, arnService(value.value))) continue;
        // What the policy's unconditional Deny statements take away is not granted: Allow iam:* + Deny iam:*.
        const scoped = actionsStillGranted(policy, statement, scopedActions(grants, value, catalog));
        if (scoped.length === 0) continue;
        const { summary, writes, mostlyReads, named, templates, example } = findingOf(scoped);
        const quoted = /^\*+$/.test(value.value) ? `"${value.value}"` : `"${value.value}" matches every resource of its service and`;
        const what =
          scoped.length === 1
            ? `${named[0]} (${scoped[0].accessLevel}), which supports resource-level permissions,`
            : scoped.length <= 3
              ? `${listForMessage(named)} (${describeLevels(summary)}), which support resource-level permissions,`
              : `${formatCount(scoped.length)} actions that support resource-level permissions (${describeLevels(summary)}), such as ${named.join(', ')} and ${formatCount(scoped.length - 3)} more,`;
        const forExample = example ? `, for example "${example}"` : '';
        report(value.span, `${quoted} lets ${what} act on every resource. Name the resources ${scoped.length === 1 ? 'it needs' : 'they need'}${forExample}.`, {
          severity: writes > 0 && !mostlyReads ? 'warning' : 'information',
          fixes: templateFix(policy.text, statement, value, templates),
        });
      }
    }
  },
};

/**
 * Actions called without AWS credentials, with a token from an identity provider, and so authorized by the role's
 * trust policy alone: granting them to an identity grants nothing ("Calling AssumeRoleWithWebIdentity does not require
 * the use of AWS security credentials", the STS API reference). Kubernetes sweep: Velero's role listed it first.
 */
const notCallersAction = new Set(['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML']);

/** The ARN's service namespace, for service-wide ARNs such as arn:aws:s3:::*; undefined for "*". */
function arnService(value: string): string | undefined {
  if (!value.startsWith('arn:')) return undefined;
  // The third field, found without splitting the whole ARN into an array.
  const start = value.indexOf(':', 4) + 1;
  if (start === 0) return undefined;
  const end = value.indexOf(':', start);
  return end < 0 ? value.slice(start) : value.slice(start, end);
}

/** The statement's actions that support resource types with an ARN format, and that the resource value can name. */
function scopedActions(grants: StatementActions, value: StringValue, catalog: Catalog): readonly CatalogAction[] {
  const actions = actionsOfStatementWhere(catalog, grants, hasArnFormat) ?? [];
  if (/^\*+$/.test(value.value)) return actions;
  // Kept with the list's actions (shared while its text is unchanged), by the ARN, so that the same list and ARN
  // give the same array and findingOf's memo answers.
  let byArn = acceptedByArn.get(actions);
  if (!byArn) acceptedByArn.set(actions, (byArn = new Map()));
  let accepted = byArn.get(value.value);
  if (!accepted) byArn.set(detached(value.value), (accepted = actions.filter((action) => actionAcceptsArn(action, value.value))));
  return accepted;
}

const acceptedByArn = new WeakMap<readonly CatalogAction[], Map<string, readonly CatalogAction[]>>();

/** What a finding says of the actions a value lets act on every resource. */
interface Finding {
  summary: ActionSummary;
  /** How many are not Read or List. */
  writes: number;
  mostlyReads: boolean;
  /** The three strongest actions' names. */
  named: string[];
  /** The ARN formats with the partition filled in, one array per finding (the fix's text is kept per array). */
  templates: string[] | undefined;
  /** With the partition filled in. */
  example: string | undefined;
}

// Depends only on the actions: kept per array, which a list's memo shares across parses (a statement unchanged by a
// keystroke, or repeated in another policy) and which holds thousands of actions in the largest policies.
const findings = new WeakMap<readonly CatalogAction[], Finding>();

function findingOf(scoped: readonly CatalogAction[]): Finding {
  let finding = findings.get(scoped);
  if (finding) return finding;
  // One pass over what may be thousands of actions gathers every part of the finding.
  // Counted by position (see `accessLevels`): an object keyed by the level's name costs a lookup by string per action.
  const byLevel = [0, 0, 0, 0, 0];
  const services = new Set<string>();
  let lastService: string | undefined;
  let changing = 0;
  // The first three of each access level, strongest level last: the three strongest overall are among them. Of a
  // statement over several services, the first of each service's come first, so the examples show its breadth
  // (`appsync:*`, `cloudwatch:*`, `lambda:*` drew three of CloudWatch's cross-account grant actions, AppSync sweep).
  const firstOfLevel: CatalogAction[][] = accessLevels.map(() => []);
  const firstOfServiceOfLevel: CatalogAction[][] = accessLevels.map(() => []);
  const serviceSeenAtLevel: (string | undefined)[] = accessLevels.map(() => undefined);
  let templates: Set<string> | undefined = new Set();
  const types = new Set<CatalogResourceType>();
  for (const action of scoped) {
    // An expansion lists a service's actions together: the set sees each service about once.
    if (action.service !== lastService) services.add((lastService = action.service));
    const facts = factsOf(action);
    const level = facts & LEVEL_BITS;
    byLevel[level]++;
    if (facts & CHANGING) changing++;
    const first = firstOfLevel[level];
    if (first && first.length < 3) first.push(action);
    const ofService = firstOfServiceOfLevel[level];
    if (ofService && ofService.length < 3 && serviceSeenAtLevel[level] !== action.service && !ofService.some((each) => each.service === action.service)) {
      ofService.push(action);
      serviceSeenAtLevel[level] = action.service;
    }
    if (templates && !addTemplates(templates, types, namedTypesOf(action))) templates = undefined;
  }
  const count = scoped.length;
  const levels: Record<AccessLevel, number> = { List: byLevel[0], Read: byLevel[1], Tagging: byLevel[2], Write: byLevel[3], 'Permissions management': byLevel[4] };
  const summary: ActionSummary = { count, services: services.size, levels };
  const writes = count - levels.Read - levels.List;
  const mostlyReads = changing <= MAX_STRONG_IN_READS && changing * 10 <= count;
  const strongest = [
    ...new Set(
      accessLevels
        .map((_, level) => [...firstOfServiceOfLevel[level], ...firstOfLevel[level]])
        .reverse()
        .flat(),
    ),
  ].slice(0, 3);
  // Each service's together, in the order they came (rds-data:ExecuteSql, rds-data:ExecuteStatement, secretsmanager:…).
  const serviceOrder = strongest.map((action) => action.service);
  strongest.sort((a, b) => serviceOrder.indexOf(a.service) - serviceOrder.indexOf(b.service));
  // The plainest format first (arn:aws:s3:::bucket/key before the access point form): it makes the best example.
  const sorted = templates && [...templates].sort(plainestFirst);
  // An ARN of what the strongest action acts on: the plainest of all the actions' types may be one only a tagging
  // action beside it takes (fsx:TagResource's `task/${TaskId}` for snapshot actions).
  const example = (strongest[0] && exampleTemplate(strongest[0])) ?? sorted?.[0];
  finding = { summary, writes, mostlyReads, named: strongest.map((a) => a.fullName), templates: sorted?.map(withPartition), example: example && withPartition(example) };
  findings.set(scoped, finding);
  return finding;
}

/**
 * What wildcard-resource asks of each catalog action, worked out once per action and packed in one small integer (bits
 * below): with an object per action, the heap left after linting the managed policies was 0.9 MB larger.
 */
type ActionFacts = number;

/** The bits of the action's position in `accessLevels`. */
const LEVEL_BITS = 0b111;
/** Whether one of its resource types has an ARN format, so that a Resource can name it. */
const ARN_FORMAT = 0b1000;
/** Whether it may change something: not Read or List, and not named like a read (see `readVerb`). */
const CHANGING = 0b10000;

const actionFacts = new DerivedSlot<CatalogAction, ActionFacts>('catalog action');

/**
 * Resource types of which each account has one (per Region), so that naming it narrows "*" by nothing a policy means to
 * narrow: those whose every ARN format is fixed but for partition, Region and account (Security Hub's `hub/default`,
 * the Glue Data Catalog's `catalog`, Security Lake's `data-lake/default`), and CloudWatch's `dataset`, which
 * PutMetricData, GetMetricData and ListMetrics take and which exists only as `default` ("Only the default dataset is
 * supported", https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetDataset.html). The account still
 * narrows where an action reaches other accounts' such resource: sts:AssumeRoot takes a member account's root user.
 */
function isOneOfItsKind(resourceType: CatalogResourceType): boolean {
  const name = `${resourceType.service}:${resourceType.name}`;
  if (name === 'cloudwatch:dataset') return true;
  if (name === 'sts:root-user') return false;
  return templatesOf(resourceType).every((template) => !template.includes('*') && !/\$\{(?!Partition\}|Region\}|Account\})/.test(template));
}

function factsOf(action: CatalogAction): ActionFacts {
  let facts = actionFacts.get(action);
  if (facts === undefined) {
    facts = accessLevels.indexOf(action.accessLevel) & LEVEL_BITS;
    if (action.resourceTypes.some(({ resourceType }) => templatesOf(resourceType).length > 0 && !isOneOfItsKind(resourceType))) facts |= ARN_FORMAT;
    // AWS classes a few reads as Permissions management (quicksight:DescribeTopicPermissions); they change nothing.
    if (action.accessLevel !== 'Read' && action.accessLevel !== 'List' && !readVerb.test(action.name)) facts |= CHANGING;
    actionFacts.set(action, facts);
  }
  return facts;
}

// Apart from the facts: every action a Resource rule expands gets facts (through `hasArnFormat`), while a finding
// reads the types of only its first actions, until it has more templates than a fix offers (4 MB less garbage over
// the managed policies).
const namedTypes = new DerivedSlot<CatalogAction, readonly CatalogResourceType[]>('catalog action');

/** The resource types the action requires, or all of its types when it requires none. */
function namedTypesOf(action: CatalogAction): readonly CatalogResourceType[] {
  let types = namedTypes.get(action);
  if (!types) {
    const required = action.resourceTypes.filter((use) => use.required);
    types = (required.length > 0 ? required : action.resourceTypes).map((use) => use.resourceType);
    namedTypes.set(action, types);
  }
  return types;
}

// The STS actions called with a token are left out here, in the list kept with the Action list, so that the same list
// and ARN still give the same array and findingOf's memo answers (a filter after it made a new array each time: the
// steady pass over the managed policies took about 280 ms against 230 ms, in alternated processes).
function hasArnFormat(action: CatalogAction): boolean {
  return (factsOf(action) & ARN_FORMAT) !== 0 && !notCallersAction.has(action.fullName);
}

/**
 * Adds the ARN templates of the resource types not seen before; false when that makes more templates than a fix
 * can offer (see MAX_TEMPLATES).
 */
function addTemplates(templates: Set<string>, seen: Set<CatalogResourceType>, types: readonly CatalogResourceType[]): boolean {
  for (const resourceType of types) {
    if (seen.has(resourceType)) continue;
    seen.add(resourceType);
    for (const template of templatesOf(resourceType)) templates.add(template);
    if (templates.size > MAX_TEMPLATES) return false;
  }
  return true;
}

/**
 * The example of an action whose statement has more formats than a message lists: the plainest of the types its name is about
 * (`bedrock:InvokeModel` a model, `foundation-model/…`, not the plainer `system-tool/…` it also takes).
 */
function exampleTemplate(action: CatalogAction): string | undefined {
  const types = namedTypesOf(action);
  const noun = nounOf(action.name);
  const about = noun ? types.filter((type) => type.name.toLowerCase().includes(noun)) : [];
  return (about.length > 0 ? about : types).flatMap(templatesOf).sort(plainestFirst)[0];
}

/** What an action acts on, as the last word of its name says: `InvokeModel` a model, `RunInstances` an instance. */
function nounOf(name: string): string | undefined {
  const last = /[A-Z][a-z0-9]+$/.exec(name)?.[0].toLowerCase();
  if (!last || last.length < 3) return undefined;
  return last.endsWith('ies') ? `${last.slice(0, -3)}y` : last.endsWith('s') && !last.endsWith('ss') ? last.slice(0, -1) : last;
}

function plainestFirst(a: string, b: string): number {
  return placeholders(a) - placeholders(b) || a.length - b.length;
}

// Sorts compare templates many times over: counted without splitting the string.
function placeholders(template: string): number {
  let count = 0;
  for (let at = template.indexOf('${'); at >= 0; at = template.indexOf('${', at + 2)) count++;
  return count;
}

function withPartition(template: string): string {
  return template.replace('${Partition}', 'aws');
}

function templateFix(text: string, statement: Statement, value: StringValue, templates: readonly string[] | undefined): Fix[] {
  if (!templates || templates.length === 0 || !statement.resource) return [];
  const title = templates.length === 1 ? 'Replace with the ARN format the actions take' : `Replace with the ${templates.length} ARN formats the actions take`;
  return [{ title, edits: [replaceValueWithStrings(text, statement.resource, value, templates)] }];
}
