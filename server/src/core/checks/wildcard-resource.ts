import type { Catalog, CatalogAction, CatalogResourceType } from '../catalog/catalog';
import { actionAcceptsArn, templatesOf } from '../policy/arn-formats';
import type { Statement, StringValue } from '../policy/model';
import { actionsOfStatementWhere, type ActionSummary, describeLevels, formatCount, listForMessage, strongestFirst, summarizeActions } from '../risk/action-expansion';
import { replaceValueWithStrings } from '../risk/policy-edits';
import { statementActionsOf, type StatementActions } from '../risk/action-grants';
import { actionsStillGranted } from '../risk/policy-denies';
import { grantsToHolder } from '../risk/policy-scope';
import { coversAllResources, hasConstrainingCondition } from '../risk/statement-scope';
import type { Check, Fix } from './check';

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
        const forExample = example ? `, for example "${withPartition(example)}"` : '';
        report(value.span, `${quoted} lets ${what} act on every resource. Name the resources ${scoped.length === 1 ? 'it needs' : 'they need'}${forExample}.`, {
          severity: writes > 0 && !mostlyReads ? 'warning' : 'information',
          fixes: templateFix(policy.text, statement, value, templates),
        });
      }
    }
  },
};

/** The ARN's service namespace, for service-wide ARNs such as arn:aws:s3:::*; undefined for "*". */
function arnService(value: string): string | undefined {
  return value.startsWith('arn:') ? value.split(':')[2] : undefined;
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
  if (!accepted) byArn.set(value.value, (accepted = actions.filter((action) => actionAcceptsArn(action, value.value))));
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
  templates: string[] | undefined;
  example: string | undefined;
}

// Depends only on the actions: kept per array, which a list's memo shares across parses (a statement unchanged by a
// keystroke, or repeated in another policy) and which holds thousands of actions in the largest policies.
const findings = new WeakMap<readonly CatalogAction[], Finding>();

function findingOf(scoped: readonly CatalogAction[]): Finding {
  let finding = findings.get(scoped);
  if (finding) return finding;
  const summary = summarizeActions(scoped);
  const writes = summary.count - summary.levels.Read - summary.levels.List;
  // AWS classes a few reads as Permissions management (quicksight:DescribeTopicPermissions); they change nothing.
  const changing = scoped.filter((a) => a.accessLevel !== 'Read' && a.accessLevel !== 'List' && !readVerb.test(a.name)).length;
  const mostlyReads = changing <= MAX_STRONG_IN_READS && changing * 10 <= summary.count;
  const strongest = strongestFirst(scoped, 3);
  const templates = templatesFor(scoped);
  finding = { summary, writes, mostlyReads, named: strongest.map((a) => a.fullName), templates, example: templates?.[0] ?? exampleTemplate(strongest[0]) };
  findings.set(scoped, finding);
  return finding;
}

const withArnFormat = new WeakMap<CatalogAction, boolean>();

function hasArnFormat(action: CatalogAction): boolean {
  let result = withArnFormat.get(action);
  if (result === undefined) withArnFormat.set(action, (result = action.resourceTypes.some((use) => templatesOf(use.resourceType).length > 0)));
  return result;
}

/**
 * The ARN templates of the resource types the actions need (their required types, or all types when none is
 * required), or undefined when there are more than a fix can offer.
 */
function templatesFor(actions: readonly CatalogAction[]): string[] | undefined {
  const types = new Set<CatalogResourceType>();
  const templates = new Set<string>();
  for (const action of actions) {
    for (const resourceType of typesNamedBy(action)) {
      if (types.has(resourceType)) continue;
      types.add(resourceType);
      for (const template of templatesOf(resourceType)) templates.add(template);
      if (templates.size > MAX_TEMPLATES) return undefined;
    }
  }
  // The plainest format first (arn:aws:s3:::bucket/key before the access point form): it makes the best example.
  return [...templates].sort((a, b) => placeholders(a) - placeholders(b) || a.length - b.length);
}

const namedTypes = new WeakMap<CatalogAction, readonly CatalogResourceType[]>();

/** The resource types an action requires, or all of its types when it requires none; kept per catalog action. */
function typesNamedBy(action: CatalogAction): readonly CatalogResourceType[] {
  let types = namedTypes.get(action);
  if (!types) {
    const required = action.resourceTypes.filter((use) => use.required);
    types = (required.length > 0 ? required : action.resourceTypes).map((use) => use.resourceType);
    namedTypes.set(action, types);
  }
  return types;
}

/** The plainest ARN format of the action's resource types, for the message when the statement's are too many to list. */
function exampleTemplate(action: CatalogAction): string | undefined {
  const templates = typesNamedBy(action).flatMap(templatesOf);
  return templates.sort((a, b) => placeholders(a) - placeholders(b) || a.length - b.length)[0];
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
  return [{ title, edits: [replaceValueWithStrings(text, statement.resource, value, templates.map(withPartition))] }];
}
