import type { Catalog, CatalogAction } from '../catalog/catalog';
import { actionAcceptsArn } from '../policy/arn-formats';
import { parseArn } from '../policy/arn';
import { requiredKeys } from '../policy/required-keys';
import { isWhollyDeployTime } from '../policy/value-text';
import type { Statement } from '../policy/model';
import { actionsMatching, formatCount } from '../risk/action-expansion';
import { grantsPermissions } from '../risk/policy-scope';
import type { Check } from './check';

// "NotAction with Allow" grants everything not listed, including services and actions AWS adds later.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
export const notActionAllow: Check = {
  id: 'not-action-allow',
  severity: 'warning',
  description:
    'NotAction with "Effect": "Allow" grants every action except the listed ones, in every service, including actions AWS adds later; list the allowed actions in Action, or use NotAction with Deny.',
  run({ policy, policyType, catalog, report }) {
    if (!grantsPermissions(policyType)) return;
    for (const statement of policy.statements) {
      const notAction = statement.notAction;
      if (statement.effect?.value?.value !== 'Allow' || !notAction || statement.action) continue;
      const excluded = new Set(notAction.values.flatMap((value) => actionsMatching(catalog, value.value)));
      const scoped = actionsOnNamedResources(catalog, statement);
      if (scoped) {
        const granted = scoped.actions.filter((action) => !excluded.has(action)).length;
        report(
          notAction.property.keySpan,
          `"NotAction" with "Allow" grants every action on this statement's resources but those it matches: ${formatCount(granted)} of the ${formatCount(scoped.actions.length)} actions of ${scoped.service} that act on them today, and every such action AWS adds later. List the actions to allow in "Action" instead, or pair "NotAction" with "Deny".`,
        );
        continue;
      }
      const required = serviceOfRequiredKey(catalog, statement);
      if (required) {
        const granted = required.actions.filter((action) => !excluded.has(action)).length;
        report(
          notAction.property.keySpan,
          `"NotAction" with "Allow" grants every action of ${required.service} but those it matches, where the condition holds: ${formatCount(granted)} of its ${formatCount(required.actions.length)} actions today (only its requests carry "${required.key}", which the condition requires), and every action it adds later. List the actions to allow in "Action" instead, or pair "NotAction" with "Deny".`,
        );
        continue;
      }
      const total = catalog.counts.actions;
      const resources = statement.resource?.values.some((value) => /^\*+$/.test(value.value)) || !statement.resource ? ' on every resource' : '';
      report(
        notAction.property.keySpan,
        `"NotAction" with "Allow" grants ${formatCount(total - excluded.size)} of the ${formatCount(total)} actions AWS defines today (all but the ${formatCount(excluded.size)} it matches)${resources}, and every action AWS adds later. List the actions to allow in "Action" instead, or pair "NotAction" with "Deny".`,
      );
    }
  },
};

/**
 * When every Resource is an ARN of one service named without wildcards (`arn:aws:lambda:*:*:function:intern-*`, from
 * AWS's Lambda guide), only that service's actions that act on those ARNs can match: the count of everything AWS
 * defines would overstate the grant a hundredfold. Undefined otherwise (a `*`, a service pattern, a value known only
 * at deploy time), where the whole catalog is what is reachable.
 */
function actionsOnNamedResources(catalog: Catalog, statement: Statement): { service: string; actions: readonly CatalogAction[] } | undefined {
  const values = statement.resource?.values ?? [];
  if (values.length === 0) return undefined;
  let prefix: string | undefined;
  for (const value of values) {
    // A template's holes elsewhere in the ARN (`!Join [':', [arn:aws:rds, !Ref AWS::Region, …]]`) keep its service.
    const service = isWhollyDeployTime(value) ? undefined : parseArn(value.value)?.service.text;
    if (!service || /[*?$]/.test(service) || (prefix !== undefined && service !== prefix)) return undefined;
    prefix = service;
  }
  const service = catalog.findService(prefix!);
  if (!service) return undefined;
  const actions = service.actions.filter((action) => values.some((value) => actionAcceptsArn(action, value.value)));
  return actions.length > 0 ? { service: service.name, actions } : undefined;
}

/**
 * When the condition requires a key of one service (`elasticmapreduce:ResourceTag/Name` with StringLike, as the EMR
 * guide's tag-based policies write it), only that service's requests carry it, so only its actions can match.
 */
function serviceOfRequiredKey(catalog: Catalog, statement: Statement): { service: string; key: string; actions: readonly CatalogAction[] } | undefined {
  for (const { key } of requiredKeys(statement)) {
    const prefix = key.key.slice(0, key.key.indexOf(':'));
    if (prefix === '' || prefix.toLowerCase() === 'aws' || key.keyPlaceholders) continue;
    const service = catalog.findService(prefix);
    if (service && service.actions.length > 0) return { service: service.name, key: key.key, actions: service.actions };
  }
  return undefined;
}
