import { removeEntry } from '../policy/json-edits';
import type { PrincipalElement, Statement } from '../policy/model';
import type { PolicyType } from '../policy/policy-type';
import type { Check, CheckContext, Fix } from './check';

// Why each policy type takes no principal, as the message says it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
const noPrincipal: Partial<Record<PolicyType, string>> = {
  identity: 'An identity-based policy cannot name principals: it applies to the user, group or role it is attached to.',
  boundary: 'A permissions boundary cannot name principals: it applies to the user or role it is set on.',
  session: 'A session policy cannot name principals: it applies to the role session it is passed to.',
  scp: 'SCPs do not support principals: an SCP applies to every IAM user and role in the accounts it is attached to. To exempt some, use a condition on aws:PrincipalArn.',
};

export const principalNotAllowed: Check = {
  id: 'principal-not-allowed',
  severity: 'error',
  description:
    'Principal and NotPrincipal belong only in resource-based policies, role trust policies and RCPs; role trust policies and RCPs do not support NotPrincipal, and NotPrincipal works only with Deny.',
  run(context) {
    const { policy, policyType } = context;
    const reason = noPrincipal[policyType];
    for (const statement of policy.statements) {
      if (reason) {
        for (const [name, element] of elementsOf(statement)) {
          // A Principal that is only a deploy-time value comes from Terraform's dynamic `principals` blocks, which may
          // render no block at all (`for_each = lookup(statement.value, "principals", [])`): not a principal we know is there.
          if (element.wildcard?.placeholders?.length && element.wildcard.placeholders[0].start === 0 && element.wildcard.placeholders[0].end === element.wildcard.value.length) continue;
          context.report(element.property.keySpan, `${reason} Remove "${name}".`, { fixes: [removeFix(statement, element, name)] });
        }
        continue;
      }
      const notPrincipal = statement.notPrincipal;
      if (!notPrincipal) continue;
      if (policyType === 'trust') {
        context.report(notPrincipal.property.keySpan, 'Role trust policies do not support "NotPrincipal". Name the principals that may assume the role in "Principal" instead.');
      } else if (policyType === 'rcp') {
        context.report(notPrincipal.property.keySpan, 'RCPs do not support "NotPrincipal". Use "Principal": "*" and exempt principals with a condition on aws:PrincipalArn instead.');
      } else if (statement.effect?.value?.value === 'Allow') {
        reportAllowNotPrincipal(context, notPrincipal);
      }
    }
  },
};

function elementsOf(statement: Statement): [string, PrincipalElement][] {
  const result: [string, PrincipalElement][] = [];
  if (statement.principal) result.push(['Principal', statement.principal]);
  if (statement.notPrincipal) result.push(['NotPrincipal', statement.notPrincipal]);
  return result;
}

// IAM documents NotPrincipal only with Deny; with Allow it grants to everyone else, anonymous users included.
// Access Analyzer reports it as a security warning, so this is a warning too.
function reportAllowNotPrincipal(context: CheckContext, element: PrincipalElement): void {
  context.report(
    element.property.keySpan,
    '"NotPrincipal" with "Allow" grants access to every principal except the ones listed, anonymous users included. Name the principals in "Principal" instead.',
    { severity: 'warning' },
  );
}

// Not applied by "Fix all" or `lint --fix`: a principal in what reads as an identity policy is as often a policy read
// as the wrong type (a key or bucket policy whose resource is in another file of the module) as a mistake, and
// removing it would lose who the policy is for. The author chooses.
function removeFix(statement: Statement, element: PrincipalElement, name: string): Fix {
  const index = statement.properties.indexOf(element.property);
  return {
    title: `Remove "${name}"`,
    edits: [
      removeEntry(
        statement.properties.map((p) => p.span),
        index,
      ),
    ],
  };
}
