import type { Catalog, CatalogAction } from '../catalog/catalog';
import { parseConditionOperator } from '../policy/condition-operators';
import type { ListElement, PolicyDocument, Statement, StringValue } from '../policy/model';
import type { PolicyType } from '../policy/policy-type';
import { isWhollyDeployTime } from '../policy/value-text';
import { isAccountPrincipal } from '../policy/principals';
import { actionsMatching, compressActions, describeLevels, formatCount, listForMessage, summarizeActions, summaryOfPattern, type ActionSummary } from '../risk/action-expansion';
import { actionsStillGranted } from '../risk/policy-denies';
import { replaceValueWithStrings } from '../risk/policy-edits';
import { grantsPermissions } from '../risk/policy-scope';
import { coversAllResources, reachesAllResources } from '../risk/statement-scope';
import { hasExpired } from '../risk/time-bounds';
import { hasWildcard } from '../text/wildcard';
import { actionAcceptsArn } from '../policy/arn-formats';
import { arnMatchText } from '../policy/placeholder-arns';
import { fitsButForNamedFields, statementFitsOf } from '../policy/action-resource-fit';
import type { Check, Fix, Severity } from './check';

// Fixes that list more values than this would bury the statement; the user is better served by the message.
const MAX_FIX_VALUES = 40;
// Up to this many Write or Permissions management actions in a mostly read pattern are named, as information.
const MAX_NAMED_SURPRISES = 3;
// A prefix wildcard whose actions all share one access level (kms:GenerateDataKey*, kms:ReEncrypt*) is a family
// as long as it stays this small; ec2:Delete* (some hundred Write actions) is not.
const MAX_ONE_LEVEL_FAMILY = 20;

export const wildcardAction: Check = {
  id: 'wildcard-action',
  severity: 'warning',
  description: 'An Allow statement\'s "*", "service:*", or a wildcard that matches Write or Permissions management actions grants more than most policies need, including actions AWS adds later.',
  run({ policy, policyType, catalog, report }) {
    if (!grantsPermissions(policyType)) return;
    for (const statement of policy.statements) {
      const action = statement.action;
      // A statement only for requests or sessions before a past date grants nothing any more (privilege-escalation too).
      if (statement.effect?.value?.value !== 'Allow' || !action || hasExpired(statement, Date.now())) continue;
      for (const value of action.values) {
        if (!hasWildcard(value.value) || actsOnNoResourceHere(policy, catalog, statement, value)) continue;
        const matched = actionsMatching(catalog, value.value);
        // What the policy's unconditional Deny statements take away is not granted: Allow iam:* + Deny iam:*.
        const granted = actionsStillGranted(policy, statement, matched);
        if (matched.length > 0 && granted.length === 0) continue;
        if (isAwsIdiom(policy, policyType, statement, value.value, granted)) continue;
        const summary = granted.length === matched.length ? summaryOfPattern(catalog, value.value) : summarizeActions(granted);
        const finding = findingFor(value.value, summary, granted, catalog, granted.length < matched.length, policyType, statement);
        if (finding) report(value.span, finding.message, { severity: finding.severity, fixes: fixesFor(policy.text, catalog, action, value, summary) });
      }
    }
  },
};

/**
 * Whether none of the actions a wildcard matches acts on any of the statement's resources (`cognito-sync:*` on S3 ARNs): the wildcard grants nothing here, which action-resource-mismatch reports; saying it
 * "allows all 19 actions" would be wrong (advanced-trust sweep).
 */
function actsOnNoResourceHere(policy: PolicyDocument, catalog: Catalog, statement: Statement, value: StringValue): boolean {
  const fit = statementFitsOf(policy, catalog).find((each) => each.statement === statement);
  const action = fit?.actions.find((each) => each.value === value);
  // A value the host knows the type of (`${aws_s3_bucket.this.arn}`) is read as that type, as action-resource-mismatch
  // reads it; one it does not know may be anything, and fits.
  if (!fit || !action || action.fits || action.starOnly) return false;
  return !fit.resources.some((resource) => fitsButForNamedFields(action.actions, resource));
}

/**
 * Wildcards AWS itself writes and that grant no more than their place allows:
 * - `kms:*` to the account in a key policy, the default key policy's first statement, which only lets IAM policies
 *   of the account grant access to the key
 *   (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam);
 * - other `kms:` wildcards in a key policy (the default key administrators' `kms:Create*`, `kms:Enable*` ...): there
 *   `"Resource": "*"` means this one key (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html);
 * - `"*"` or `s3:*` in a bucket policy that hands access control to access points (`s3:DataAccessPointAccount`);
 * - `"*"` in a VPC endpoint policy (Principal and Resource `*`) bounded to the organization's or account's principals
 *   or to AWS services, as the data perimeter examples write it
 *   (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html);
 * - a prefix wildcard that stays in one narrow family: at most 20 actions of one access level other than
 *   Permissions management (`kms:GenerateDataKey*`), or actions without Permissions management that all act on one
 *   resource type, allowed on named resources only (`s3:*Object` on a bucket's objects, `iam:*AccessKey*` on the
 *   caller's own user `user/${aws:username}`).
 */
function isAwsIdiom(policy: PolicyDocument, policyType: PolicyType, statement: Statement, pattern: string, granted: readonly CatalogAction[]): boolean {
  if (policyType === 'resource' && isKeyPolicy(policy)) {
    // `"*"` there is `kms:*`: a key policy governs only the key's own actions (tfscaffold's key policy, deployment sweep).
    if (!/^(?:kms:)?\*+$/i.test(pattern)) return /^kms:/i.test(pattern);
    return principalIsAccount(statement);
  }
  if (policyType === 'resource' && isOwnAccountStatement(statement)) return true;
  if (policyType === 'resource' && delegatesToAccessPoints(statement)) return true;
  if (/^\*+$/.test(pattern)) return policyType === 'resource' && isBoundedEndpointStatement(statement);
  // `s3:*` on "*" to the organization's principals and resources: a gateway endpoint's data perimeter, whose resource
  // key (aws:ResourceOrgID) only an endpoint policy tests of a resource not its own (legacy-constructs sweep).
  if (/^[a-z0-9-]+:\*+$/i.test(pattern) && policyType === 'resource' && isBoundedEndpointStatement(statement) && testsResourcePerimeter(statement)) return true;
  const colon = pattern.indexOf(':');
  if (colon <= 0 || hasWildcard(pattern.slice(0, colon)) || /^\*+$/.test(pattern.slice(colon + 1))) return false;
  return isNarrowFamily(statement, pattern.slice(0, colon).toLowerCase(), granted);
}

function isNarrowFamily(statement: Statement, service: string, granted: readonly CatalogAction[]): boolean {
  const family = familyOf(granted);
  if (family === NO_FAMILY) return false;
  if (family === ONE_LEVEL) return true;
  return family === SHARED_TYPE && statement.resource !== undefined && !reachesAllResources(statement, service);
}

const NO_FAMILY = 0;
const ONE_LEVEL = 1;
const SHARED_TYPE = 2;

// What a pattern's actions make of a family depends only on them, and the managed policies repeat the same patterns
// hundreds of times (the granted actions are the pattern's shared expansion unless a Deny takes some away).
const families = new WeakMap<readonly CatalogAction[], number>();

/**
 * Whether the actions are a narrow family: ONE_LEVEL when at most 20 share one access level, SHARED_TYPE when they
 * act on a resource type they all have (narrow on named resources only), NO_FAMILY when fewer than two or any is
 * Permissions management.
 */
function familyOf(granted: readonly CatalogAction[]): number {
  let family = families.get(granted);
  if (family === undefined) {
    if (granted.length < 2 || granted.some((a) => a.accessLevel === 'Permissions management')) family = NO_FAMILY;
    else if (granted.length <= MAX_ONE_LEVEL_FAMILY && granted.every((a) => a.accessLevel === granted[0].accessLevel)) family = ONE_LEVEL;
    else {
      const shared = new Set(granted[0].resourceTypes.map((r) => r.resourceType.name));
      for (const action of granted.slice(1)) {
        const names = new Set(action.resourceTypes.map((r) => r.resourceType.name));
        for (const name of shared) if (!names.has(name)) shared.delete(name);
      }
      family = shared.size > 0 ? SHARED_TYPE : NO_FAMILY;
    }
    families.set(granted, family);
  }
  return family;
}

/**
 * A key policy: a resource-based policy whose Allow statements all act on KMS keys only (`kms:` actions). A Deny may
 * name more (`"Action": "*"` outside the organization, a real key policy's guardrail): it grants nothing. So may a
 * statement whose actions are known at deploy time only (terraform-aws-modules' kms adds the caller's
 * `var.key_statements` so): nothing says it is not a key's too.
 */
/** A policy whose Allow statements grant KMS's actions only, a `"*"` among them as the key's own (`kms:*`). */
function isKeyPolicy(policy: PolicyDocument): boolean {
  const allows = policy.statements.filter((s) => s.effect?.value?.value !== 'Deny' && !actionsKnownAtDeployOnly(s));
  const kmsOrAll = (s: Statement) => (s.action?.values.length ?? 0) > 0 && s.action!.values.every((v) => /^(?:kms:.*|\*+)$/i.test(v.value));
  return allows.length > 0 && allows.every(kmsOrAll) && allows.some((s) => s.action!.values.some((v) => /^kms:/i.test(v.value)));
}

function actionsKnownAtDeployOnly(statement: Statement): boolean {
  const values = statement.action?.values;
  return values !== undefined && values.length > 0 && values.every(isWhollyDeployTime);
}

// "AWS": "111122223333" or "arn:aws:iam::111122223333:root" (in a template, `${AWS::AccountId}`): the account, which
// then delegates to its IAM policies.
function principalIsAccount(statement: Statement): boolean {
  const principal = statement.principal;
  if (!principal || principal.wildcard || principal.entries.length === 0) return false;
  return principal.entries.every((e) => e.type === 'AWS' && e.values.length > 0 && e.values.every((v) => isAccountPrincipal(v) || ROOT_OF_PLACEHOLDER.test(v.value)));
}

/**
 * A statement that gives the account its own resources (`"AWS": "arn:aws:iam::111122223333:root"` on
 * `arn:aws:sqs:us-east-1:111122223333:jobs`, the SQS console's `__owner_statement`): naming the account delegates to
 * its IAM policies, so the statement grants none of its users or roles anything they are not allowed already.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
 */
function isOwnAccountStatement(statement: Statement): boolean {
  if (!principalIsAccount(statement) || !statement.resource || statement.resource.values.length === 0) return false;
  const accounts = new Set(statement.principal!.entries.flatMap((entry) => entry.values.map((value) => accountOfPrincipal(value.value))));
  if (accounts.size !== 1) return false;
  const [account] = accounts;
  // The account that deploys the policy (Terraform's caller identity, `${AWS::AccountId}`) owns the resource the
  // policy is attached to, which `"*"` stands for in a resource policy (messaging sweep: SNS's `DefaultOwnerPermissions`).
  const deploying = DEPLOYING_ACCOUNT.test(account);
  return statement.resource.values.every((value) => value.value.split(':')[4] === account || (deploying && (/^\*+$/.test(value.value) || isDeployedHere(value))));
}

/**
 * A resource the same template or configuration makes (`aws_dynamodb_table.test.arn`, `${aws_dynamodb_table.test.arn}/*`,
 * `!GetAtt Table.Arn`): the deploying account's. The provider's own acceptance test of a table's resource policy gives
 * the caller's account `dynamodb:*` on its table so (DynamoDB sweep).
 */
function isDeployedHere(value: StringValue): boolean {
  return (value.placeholders ?? []).some((hole) => hole.start === 0 && hole.resource?.part === 'arn' && hole.resource.resourceType !== undefined);
}

const DEPLOYING_ACCOUNT = /^\$\{(?:data\.aws_caller_identity\.[\w-]+\.account_id|AWS::AccountId)\}$/;

function accountOfPrincipal(value: string): string {
  // `arn:${AWS::Partition}:iam::${AWS::AccountId}:root`: the placeholders hold colons of their own.
  return value.startsWith('arn:') ? (/^arn:.*?:iam::(.*):root$/.exec(value)?.[1] ?? value.split(':')[4]) : value;
}

// `arn:aws:iam::YOUR_ACCOUNT_ID:root`, `arn:aws:iam::<ACCOUNT NUMBER>:root`: an account's root still, its ID a
// placeholder that arn-account reports (seen in key policies written as templates to fill in).
// The partition may be a value known at deploy too (`arn:${data.aws_partition.current.partition}:iam::…:root`).
const ROOT_OF_PLACEHOLDER = /^arn:(?:aws[a-z-]*|\$\{[^}:]+\}):iam::[^:/]+:root$/;

// Keys that pin who may use an endpoint: principals of one organization, OU or account, or AWS services.
const boundingKeys = new Set(['aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalisawsservice']);

/**
 * A bucket policy that hands access control to the account's access points: `"Action": "*"` to everyone, only through
 * an access point of the account (`s3:DataAccessPointAccount`) or named ones (`s3:DataAccessPointArn`), whose own
 * policies then say who may do what. The S3 User Guide writes it so (S3 sweep).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html#access-points-delegating-control
 */
function delegatesToAccessPoints(statement: Statement): boolean {
  return (statement.condition?.operators ?? []).some((entry) => {
    const operator = parseConditionOperator(entry.operator);
    if (!operator || operator.negated || operator.ifExists || operator.setQualifier === 'ForAllValues' || (operator.family !== 'String' && operator.family !== 'Arn')) return false;
    return entry.keys.some(({ key, values }) => /^s3:DataAccessPoint(?:Account|Arn)$/i.test(key) && values.length > 0 && values.every((v) => v.value !== '' && !/^\*+$/.test(v.value)));
  });
}

/** Whether the statement's condition names the organization or account the resources are in (a resource perimeter). */
function testsResourcePerimeter(statement: Statement): boolean {
  return (statement.condition?.operators ?? []).some((entry) =>
    entry.keys.some(({ key, values }) => /^aws:resource(?:orgid|orgpaths|account)$/i.test(key) && values.length > 0 && values.every((v) => v.value !== '' && !/^\*+$/.test(v.value))),
  );
}

function isBoundedEndpointStatement(statement: Statement): boolean {
  const principal = statement.principal;
  const everyone = principal?.wildcard?.value === '*' || principal?.entries.some((e) => e.type === 'AWS' && e.values.some((v) => v.value === '*'));
  if (!everyone || !statement.resource || !statement.resource.values.every((v) => coversAllResources(v.value))) return false;
  return (statement.condition?.operators ?? []).some((entry) => {
    const operator = parseConditionOperator(entry.operator);
    // Negated, IfExists and ForAllValues: operators also hold for requests without the key, so they bound nothing.
    if (!operator || operator.negated || operator.ifExists || operator.setQualifier === 'ForAllValues') return false;
    return entry.keys.some(({ key, values }) => {
      const lower = key.toLowerCase();
      if (!boundingKeys.has(lower) || values.length === 0) return false;
      if (lower === 'aws:principalisawsservice') return operator.base === 'Bool' && values.every((v) => v.value.toLowerCase() === 'true');
      return operator.family === 'String' && values.every((v) => v.value !== '' && !/^\*+$/.test(v.value));
    });
  });
}

/**
 * The actions that can act on one of the statement's resources, where those name resources of the service rather than
 * all of them (`arn:aws:codebuild:…:report-group/app*`); undefined where the statement reaches every resource.
 */
function actionsOnNamedResources(statement: Statement, service: string, granted: readonly CatalogAction[], catalog: Catalog): readonly CatalogAction[] | undefined {
  const resources = statement.resource?.values;
  if (!resources || reachesAllResources(statement, service) || resources.some((value) => isWhollyDeployTime(value))) return undefined;
  // What the host knows of each placeholder (`${this.arnPrefix}` is `arn:` and a partition), as the other ARN rules read it.
  const texts = resources.map((value) => arnMatchText(value, catalog));
  return granted.filter((action) => texts.some((text) => actionAcceptsArn(action, text)));
}

/**
 * For a statement whose every resource is an ARN of a named service (`arn:aws:ec2:…:client-vpn-endpoint/*`), the
 * actions of those services that act on one of them; undefined where a resource may be any service's or every
 * resource of its service.
 */
function actionsOnNamedResourcesOfTheirServices(statement: Statement, granted: readonly CatalogAction[], catalog: Catalog): readonly CatalogAction[] | undefined {
  const resources = statement.resource?.values;
  if (!resources || statement.notResource) return undefined;
  const services = new Set<string>();
  const texts: string[] = [];
  for (const value of resources) {
    const text = arnMatchText(value, catalog);
    const service = /^arn:[^:]*:([a-z0-9-]+):/.exec(text)?.[1];
    if (!service || isWhollyDeployTime(value)) return undefined;
    services.add(service);
    texts.push(text);
  }
  for (const service of services) if (reachesAllResources(statement, service)) return undefined;
  return granted.filter((action) => services.has(action.service) && texts.some((text) => actionAcceptsArn(action, text)));
}

function findingFor(
  pattern: string,
  summary: ActionSummary,
  granted: readonly CatalogAction[],
  catalog: Catalog,
  partlyDenied: boolean,
  policyType: PolicyType,
  statement: Statement,
): { message: string; severity: Severity } | undefined {
  const { levels } = summary;
  const afterDenies = partlyDenied ? " that this policy's Deny statements leave" : '';
  // A resource's own policy reaches that resource only: of every service's actions, those that act on it.
  if (/^\*+$/.test(pattern) && policyType === 'resource')
    return {
      severity: 'warning',
      message: `"${pattern}" allows every action on this policy's resource${afterDenies}, and every action AWS adds later. Allow only the actions its principals need.`,
    };
  if (/^\*+$/.test(pattern)) {
    // `"*"` on a Client VPN endpoint's ARN: of every service's actions, those that act on such a resource.
    const onResources = actionsOnNamedResourcesOfTheirServices(statement, granted, catalog);
    const there = onResources
      ? `; on this statement's resources, ${formatCount(onResources.length)} of them apply${onResources.length > 0 ? ` (${describeLevels(summarizeActions(onResources))})` : ''}`
      : '';
    if (partlyDenied)
      return {
        severity: 'warning',
        message: `"${pattern}" allows ${formatCount(summary.count)} actions${afterDenies} (${describeLevels(summary)})${there}, and every action AWS adds later. Allow only the actions this policy needs.`,
      };
    return {
      severity: 'warning',
      message: `"${pattern}" allows every action of every service: ${formatCount(summary.count)} actions today (${describeLevels(summary)})${there}, and every action AWS adds later. Allow only the actions this policy needs.`,
    };
  }
  const colon = pattern.indexOf(':');
  const prefix = pattern.slice(0, colon);
  const name = pattern.slice(colon + 1);
  if (colon > 0 && /^\*+$/.test(name) && !hasWildcard(prefix)) {
    const service = catalog.findService(prefix);
    if (!service || summary.count === 0) return undefined;
    const onResources = actionsOnNamedResources(statement, prefix.toLowerCase(), granted, catalog);
    // `codebuild:*` on one report group: what applies there is those of its actions that act on such a resource.
    const there =
      onResources && onResources.length < granted.length
        ? `; on this statement's resources, ${formatCount(onResources.length)} of them apply${onResources.length > 0 ? ` (${describeLevels(summarizeActions(onResources))})` : ''}`
        : '';
    return {
      severity: 'warning',
      message: partlyDenied
        ? `"${pattern}" allows ${formatCount(summary.count)} actions of ${service.name}${afterDenies} (${describeLevels(summary)})${there}, and those AWS adds later. Allow only the actions this policy needs.`
        : `"${pattern}" allows all ${formatCount(summary.count)} actions of ${service.name} (${describeLevels(summary)})${there}, and those AWS adds later. Allow only the actions this policy needs.`,
    };
  }
  const strong = levels.Write + levels['Permissions management'];
  if (strong === 0) return undefined;
  const services = summary.services > 1 ? ` of ${formatCount(summary.services)} services` : '';
  const matched = granted;
  if (summary.count === 1)
    return {
      message: `"${pattern}" allows 1 action, ${matched[0].fullName} (${matched[0].accessLevel}). Write the action's full name, so that actions AWS adds later are not allowed too.`,
      severity: 'information',
    };
  const allows = `"${pattern}" allows ${formatCount(summary.count)} actions${services}${afterDenies} (${describeLevels(summary)})`;
  // A read-style pattern (ec2:Describe*, backup:List*) that sweeps in a few actions AWS classes as Write or
  // Permissions management: naming them is more useful than a warning about the pattern as a whole.
  if (strong <= MAX_NAMED_SURPRISES && strong * 2 < summary.count) {
    const surprises = matched.filter(isStrong);
    const named = surprises.map((a) => `${a.fullName} (${a.accessLevel})`);
    return { message: `${allows}, among them ${listForMessage(named, MAX_NAMED_SURPRISES)}. If those are not meant to be allowed, list the actions this policy needs.`, severity: 'information' };
  }
  return { message: `${allows}. List the actions this policy needs.`, severity: 'warning' };
}

function fixesFor(text: string, catalog: Catalog, element: ListElement, value: StringValue, summary: ActionSummary): Fix[] {
  const matched = actionsMatching(catalog, value.value);
  const fixes: Fix[] = [];
  if (matched.length > 0 && matched.length <= MAX_FIX_VALUES) {
    fixes.push({
      title: `Replace "${value.value}" with the ${matched.length} ${matched.length === 1 ? 'action' : 'actions'} it matches`,
      edits: [replaceValueWithStrings(text, element, value, namesOf(matched))],
    });
  }
  // Across hundreds of services no short read-only list exists; skip the work.
  if (summary.services > MAX_FIX_VALUES) return fixes;
  const readOnly = readOnlyOf(matched);
  if (readOnly.actions.length > 0 && readOnly.actions.length < summary.count) {
    const values = (readOnly.values ??= compressActions(catalog, readOnly.actions));
    if (values.length <= MAX_FIX_VALUES) {
      fixes.push({
        title: `Replace "${value.value}" with its ${readOnly.actions.length} Read and List ${readOnly.actions.length === 1 ? 'action' : 'actions'}`,
        edits: [replaceValueWithStrings(text, element, value, values)],
      });
    }
  }
  return fixes;
}

// Kept per expansion (shared per pattern), so that replaceValueWithStrings finds the fix's text made before.
const namesByExpansion = new WeakMap<readonly CatalogAction[], readonly string[]>();

function namesOf(matched: readonly CatalogAction[]): readonly string[] {
  let names = namesByExpansion.get(matched);
  if (!names) namesByExpansion.set(matched, (names = matched.map((a) => a.fullName)));
  return names;
}

// The Read and List actions of a pattern's expansion, and the shortest values that name them; kept per expansion
// (shared per pattern), since the managed policies repeat the same patterns hundreds of times.
const readOnlyByExpansion = new WeakMap<readonly CatalogAction[], { actions: readonly CatalogAction[]; values?: readonly string[] }>();

function readOnlyOf(matched: readonly CatalogAction[]): { actions: readonly CatalogAction[]; values?: readonly string[] } {
  let found = readOnlyByExpansion.get(matched);
  if (!found) readOnlyByExpansion.set(matched, (found = { actions: matched.filter(isReadOrList) }));
  return found;
}

function isStrong(action: CatalogAction): boolean {
  return action.accessLevel === 'Write' || action.accessLevel === 'Permissions management';
}

function isReadOrList(action: CatalogAction): boolean {
  return action.accessLevel === 'Read' || action.accessLevel === 'List';
}
