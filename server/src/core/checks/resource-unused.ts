import { fitsButForNamedFields, statementFitsOf } from '../policy/action-resource-fit';
import { formatsForArn } from '../policy/arn-formats';
import { placeholderNotes } from '../policy/placeholder-arns';
import { valueTextSpan } from '../policy/value-text';
import type { Check } from './check';
import { emptiedResource } from './empty-arn-fields';
import { aliasAdvice, aliasNamedForKey } from './kms-alias-resources';
import { domainAdvice, domainFix, domainNamedForHttp } from './opensearch-subresources';

// Like Access Analyzer's "Redundant resource" suggestion, this changes no permission, so it is information.
export const resourceUnused: Check = {
  id: 'resource-unused',
  severity: 'information',
  description: 'Each resource ARN of a statement with Action and Resource should be one that at least one of its actions acts on; otherwise it has no effect there.',
  run(context) {
    for (const fit of statementFitsOf(context.policy, context.catalog)) {
      if (!fit.complete) continue;
      for (const resource of fit.resources) {
        const { value, arn, used } = resource;
        // A resource that fits no format of its service is arn-resource-type's finding already.
        if (used || formatsForArn(context.catalog, arn)?.fitting.length === 0) continue;
        // A Region or account its format has none of is arn-region's and arn-account's error, which says what to remove.
        if (fit.actions.some(({ actions }) => fitsButForNamedFields(actions, resource))) continue;
        const notes = placeholderNotes(value);
        const shown = notes.length > 0 ? `"${value.value}" (${notes.join('; ')})` : `"${value.value}"`;
        const emptied = emptiedResource(
          context.policy,
          context.catalog,
          fit.actions.flatMap(({ actions }) => actions),
          [resource],
        );
        if (emptied) {
          context.report(valueTextSpan(value), `No action of this statement acts on ${shown}: one would, but ${emptied.why}`, { fixes: emptied.fixes });
          continue;
        }
        if (
          aliasNamedForKey(
            fit.actions.flatMap(({ actions }) => actions),
            [resource],
          )
        ) {
          context.report(valueTextSpan(value), `No action of this statement acts on ${shown}: ${aliasAdvice(resource, 'it')}`);
          continue;
        }
        if (
          domainNamedForHttp(
            fit.actions.flatMap(({ actions }) => actions),
            [resource],
          )
        ) {
          context.report(valueTextSpan(value), `No action of this statement acts on ${shown}: ${domainAdvice(resource, 'it')}`, { fixes: domainFix(resource) });
          continue;
        }
        context.report(valueTextSpan(value), `No action of this statement acts on ${shown}, so it has no effect here. Remove it, or add the actions meant for it.`);
      }
    }
  },
};
