import { parseConditionOperator } from '../policy/condition-operators';
import type { Statement, StringValue } from '../policy/model';
import { matchesWildcard } from '../text/wildcard';
import type { Catalog } from '../catalog/types';
import type { Check } from './check';

// "Actions in the CloudFront, IAM, Route 53, and Support services should not be denied because these are popular AWS
// global services with a single endpoint that is physically located in the us-east-1 Region. Because all requests to
// these services are made to the us-east-1 Region, the requests would be denied without the NotAction element."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-requested-region.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
// The four the guide names as not to be denied; it leaves the others (budgets, organizations, waf …) to the services
// an account uses, so they are not reported.
const globalServices: readonly [prefix: string, name: string][] = [
  ['iam', 'IAM'],
  ['cloudfront', 'CloudFront'],
  ['route53', 'Route 53'],
  ['support', 'Support'],
];

const REGION_KEY = 'aws:requestedregion';

export const regionDenyGlobalServices: Check = {
  id: 'region-deny-global-services',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'A Deny of requests outside some Regions (StringNotEquals on aws:RequestedRegion) also denies global services such as IAM, CloudFront, Route 53 and Support, whose requests all go to us-east-1, unless us-east-1 is listed or NotAction exempts them.',
  run({ policy, policyType, catalog, report }) {
    // A resource's policy or an RCP reaches requests to its own service only, never IAM's or Route 53's.
    if (policyType !== 'identity' && policyType !== 'scp' && policyType !== 'boundary' && policyType !== 'session') return;
    for (const statement of policy.statements) {
      if (statement.effect?.value?.value !== 'Deny' || onlyThroughEndpoints(statement)) continue;
      for (const block of statement.condition?.operators ?? []) {
        const operator = parseConditionOperator(block.operator);
        if (!operator || !operator.negated || operator.family !== 'String' || operator.setQualifier) continue;
        for (const entry of block.keys) {
          if (entry.key.toLowerCase() !== REGION_KEY || !leavesOutUsEast1(entry.values, operator.like)) continue;
          const denied = deniedGlobalServices(statement, catalog);
          if (denied.length === 0) continue;
          report(
            entry.property.keySpan,
            `Requests to global services go to us-east-1, which "${block.operator}" leaves out, so this statement also denies ${listOf(denied)} in every Region. Exempt ${denied.length === 1 ? 'it' : 'them'} with NotAction, as AWS's Region-deny example does, or list "us-east-1".`,
          );
        }
      }
    }
  },
};

// Keys "included in the request context only if the requester uses a VPC endpoint" (the global condition keys page).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpc
const endpointOnlyKeys = new Set(['aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip', 'aws:vpceaccount', 'aws:vpceorgid', 'aws:vpceorgpaths']);

/**
 * Whether another condition of the statement requires a key that only requests through a VPC endpoint carry: AWS's data
 * perimeter SCP pins a VPC ID to its Region so (aws:SourceVpc beside aws:RequestedRegion), and denies nothing to
 * requests sent any other way, which is how the global services are reached. A negated or IfExists test, or `Null` of
 * "true", matches requests without the key and leaves the statement as broad as the Region test makes it.
 */
function onlyThroughEndpoints(statement: Statement): boolean {
  return (statement.condition?.operators ?? []).some((block) => {
    const operator = parseConditionOperator(block.operator);
    if (!operator || operator.ifExists) return false;
    return block.keys.some((entry) => {
      if (!endpointOnlyKeys.has(entry.key.toLowerCase())) return false;
      if (operator.family === 'Null') return entry.values.length > 0 && entry.values.every((value) => String(value.value).toLowerCase() === 'false');
      return !operator.negated && operator.setQualifier !== 'ForAllValues';
    });
  });
}

/** Whether no value is us-east-1 (or, under a Like operator, matches it); a value known only at deploy may be. */
function leavesOutUsEast1(values: readonly { value: string; placeholders?: readonly unknown[] }[], like: boolean): boolean {
  if (values.length === 0) return false;
  return values.every((value) => !value.placeholders?.length && !value.value.includes('${') && !(like ? matchesWildcard(value.value, 'us-east-1', true) : value.value.toLowerCase() === 'us-east-1'));
}

/** The global services some of whose actions the statement denies: matched by Action, or left out of NotAction. */
function deniedGlobalServices(statement: Statement, catalog: Catalog): string[] {
  const action = statement.action?.values;
  const notAction = statement.notAction?.values;
  // Both written is element-conflict's error, and IAM takes no such statement: which one the author meant is unknown.
  if ((!action && !notAction) || (action && notAction)) return [];
  const matches = (values: readonly StringValue[], fullName: string) => values.some((value) => matchesWildcard(value.value, fullName, true));
  const denied: string[] = [];
  for (const [prefix, name] of globalServices) {
    const service = catalog.findService(prefix);
    if (!service) continue;
    const some = action ? service.actions.some((each) => matches(action, each.fullName)) : service.actions.some((each) => !matches(notAction!, each.fullName));
    if (some) denied.push(name);
  }
  return denied;
}

function listOf(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
