import type { CatalogActionResourceType } from '../catalog/catalog';
import { fitsButForNamedFields, statementFitsOf, type ResourceFit } from '../policy/action-resource-fit';
import type { StringValue } from '../policy/model';
import { templatesOf } from '../policy/arn-formats';
import { placeholderNotes } from '../policy/placeholder-arns';
import { valueTextSpan } from '../policy/value-text';
import type { Check } from './check';
import { emptiedResource } from './empty-arn-fields';
import { aliasAdvice, aliasNamedForKey } from './kms-alias-resources';
import { domainAdvice, domainFix, domainNamedForHttp } from './opensearch-subresources';
import { listForMessage } from '../risk/action-expansion';

// IAM accepts such a statement and grants nothing through the action ("IAM does not warn you about mismatched
// resources when you create a policy", IAM User Guide, policy summaries); S3 rejects it in a bucket policy
// ("Action does not apply to any resource(s) in statement"). A few AWS managed policies hold one, so this is a
// warning, not an error.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary.html
export const actionResourceMismatch: Check = {
  id: 'action-resource-mismatch',
  severity: 'warning',
  description: 'In a statement with Action and Resource, each action should act on at least one of the resources: s3:GetObject takes object ARNs (arn:aws:s3:::bucket/key), not the bucket ARN.',
  run(context) {
    for (const fit of statementFitsOf(context.policy, context.catalog)) {
      // Resources known only at deploy time take part by what the template says they are; the message says so too.
      const notes = fit.resources.flatMap(({ value }) => placeholderNotes(value));
      const known = notes.length > 0 ? ` (${notes.join('; ')})` : '';
      // An OpenSearch domain named for requests to its indexes: one finding for the statement's HTTP actions.
      const http: StringValue[] = [];
      let domain: ResourceFit | undefined;
      for (const { value, actions, fits, starOnly } of fit.actions) {
        // Actions that take only "*" are the resource-level-unsupported rule's.
        if (fits || starOnly) continue;
        // `…:111122223333:image/*` for ec2:RunInstances: the account an image ARN never has is arn-account's error.
        if (fit.resources.some((resource) => fitsButForNamedFields(actions, resource))) continue;
        const span = valueTextSpan(value);
        const emptied = emptiedResource(context.policy, context.catalog, actions, fit.resources);
        const alias = emptied ? undefined : aliasNamedForKey(actions, fit.resources);
        const named = emptied || alias ? undefined : domainNamedForHttp(actions, fit.resources);
        if (named) {
          domain ??= named;
          http.push(value);
          continue;
        }
        // Why no resource fits, where that is known: an empty Region or account, a KMS alias for a key.
        const why = emptied ? ` "${emptied.resource.value.value}" would be one, but ${emptied.why}` : alias ? ` ${aliasAdvice(alias)}` : undefined;
        if (actions.length > 1) {
          const advice = why ?? ' Add ARNs of the resource types they take, or move the action to a statement whose resources fit.';
          context.report(span, `None of the ${actions.length} actions that "${value.value}" matches acts on a resource of this statement${known}.${advice}`, { fixes: emptied?.fixes });
          continue;
        }
        const advice = why ?? ' Add such an ARN, or move the action to a statement whose resources fit.';
        context.report(span, `"${value.value}" acts on ${describeResourceTypes(actions[0].resourceTypes)}, and none of this statement's resources is one${known}.${advice}`, {
          fixes: emptied?.fixes,
        });
      }
      if (domain) {
        const names = listForMessage(http.map(({ value }) => `"${value}"`));
        const verb = http.length === 1 && !/[*?]/.test(http[0].value) ? 'acts' : 'act';
        context.report(valueTextSpan(http[0]), `${names} ${verb} on the indexes and APIs of an OpenSearch Service domain, and none of this statement's resources names them: ${domainAdvice(domain)}`, {
          fixes: domainFix(domain),
        });
      }
    }
  },
};

// Required types first: they are what the action always works on.
function describeResourceTypes(uses: readonly CatalogActionResourceType[]): string {
  const sorted = [...uses].sort((a, b) => Number(b.required) - Number(a.required));
  const shown = sorted.slice(0, 3).map(({ resourceType }) => `${resourceType.name} (${templatesOf(resourceType).join(' or ')})`);
  if (shown.length === 1) return shown[0];
  if (sorted.length > 3) return `${shown.join(', ')} or ${sorted.length - 3} more resource types`;
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
