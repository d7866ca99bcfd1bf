import { knownServicePrincipals } from '../catalog/service-principals';
import type { StringValue } from '../policy/model';
import { hasPrincipalWildcard, namesPrincipals, principalValuesOf } from '../policy/principals';
import { editDistance } from '../text/suggest';
import type { Check, CheckContext } from './check';

// IAM refuses a trust or resource policy that names a service principal it does not know ("Invalid principal in
// policy: "SERVICE":"lamda.amazonaws.com""). AWS publishes no list of them, so only a name a letter or two from one
// AWS uses is reported, and as a warning: a new service's principal may be missing from the list.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
export const principalServiceUnknown: Check = {
  id: 'principal-service-unknown',
  severity: 'warning',
  description: 'A Service principal that no AWS service uses and that is a letter or two from one that does, such as "lamda.amazonaws.com" for "lambda.amazonaws.com".',
  run(context) {
    const { policy, policyType } = context;
    if (!namesPrincipals(policyType)) return;
    for (const statement of policy.statements) {
      for (const { type, value } of principalValuesOf(statement)) {
        if (type !== 'Service' || value.placeholders?.length || hasPrincipalWildcard(value.value)) continue;
        checkServicePrincipal(context, value);
      }
    }
  },
};

/** `lambda.amazonaws.com`, `logs.eu-west-1.amazonaws.com`, `delivery.logs.amazonaws.com.cn`: the name, the Region, the suffix. */
const HOST = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*?)(\.[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)?(\.amazonaws\.com(?:\.cn)?)$/;

function checkServicePrincipal(context: CheckContext, value: StringValue): void {
  // Capitals, white space and other suffixes are principal-service-format's.
  const host = HOST.exec(value.value);
  if (!host) return;
  const [, name, region = '', suffix] = host;
  if (knownServicePrincipals.has(name) || isServicePrefix(context, name)) return;
  const meant = nearestKnown(name, servicePrefixes(context));
  if (!meant) return;
  const replacement = `${meant}${region}${suffix}`;
  context.report(value.span, `"${value.value}" is not a service principal known here; did you mean "${replacement}"? IAM rejects a policy that names a service principal it does not know.`, {
    fixes: [{ title: `Change to "${replacement}"`, edits: [{ span: value.span, newText: JSON.stringify(replacement) }], isPreferred: true }],
  });
}

/** The catalog's service prefixes, most of which are their service's principal too (`ssm-incidents`, `ivschat`). */
function servicePrefixes(context: CheckContext): readonly string[] {
  try {
    return context.catalog.services().map((service) => service.prefix.toLowerCase());
  } catch {
    return [];
  }
}

/** A one-label name that is a service's prefix in the catalog (`sms`, `dlm`) is taken as that service's principal. */
function isServicePrefix(context: CheckContext, name: string): boolean {
  if (name.includes('.')) return false;
  try {
    return context.catalog.findService(name) !== undefined;
  } catch {
    return true;
  }
}

/**
 * The one known name within a letter of `name` (two for names of eight letters or more), with as many labels. Names of
 * three letters or fewer are left alone: one letter from `ecs` there are `ec2`, `eks` and `ecr`, every one a service.
 * Two names equally near are no suggestion.
 */
function nearestKnown(name: string, prefixes: readonly string[]): string | undefined {
  if (name.length < 4) return undefined;
  const budget = name.length >= 8 ? 2 : 1;
  const labels = name.split('.').length;
  let best: string | undefined;
  let bestDistance = budget + 1;
  let tied = false;
  for (const known of labels === 1 ? new Set([...knownServicePrincipals, ...prefixes]) : knownServicePrincipals) {
    if (known === best) continue;
    if (Math.abs(known.length - name.length) > budget || known.split('.').length !== labels) continue;
    const distance = editDistance(name, known);
    if (distance < bestDistance) [best, bestDistance, tied] = [known, distance, false];
    else if (distance === bestDistance) tied = true;
  }
  return tied ? undefined : best;
}
