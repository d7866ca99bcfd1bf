import { isValuePresentWhenever } from '../policy/parse-policy';
import { arrayItemRemover } from '../risk/policy-edits';
import { redundantResourcesOf } from '../risk/redundant-values';
import type { Check, Fix } from './check';

export const redundantResource: Check = {
  id: 'redundant-resource',
  severity: 'hint',
  description:
    'A resource listed twice, or one that another value of the same list already matches ("*", or arn:aws:s3:::my-bucket/* beside arn:aws:s3:::my-bucket/reports/*), adds nothing; remove it.',
  run({ policy, report }) {
    for (const statement of policy.statements) {
      for (const element of [statement.resource, statement.notResource]) {
        if (!element) continue;
        // ARNs are case-sensitive: arn:aws:s3:::Bucket and arn:aws:s3:::bucket are two resources.
        const redundant = redundantResourcesOf(element);
        if (redundant.length === 0) continue;
        // One remover for all the list's findings: AWSSupportServiceRolePolicy has 36 in one long list.
        const remove = arrayItemRemover(element);
        for (const { value, by, duplicate } of redundant) {
          // A value that covers it only in some branch of a choice (`c ? '*' : …`) does not make it redundant.
          if (!isValuePresentWhenever(by, value)) continue;
          const why = duplicate ? `"${value.value}" is listed twice in "${element.property.key}".` : `"${value.value}" is already matched by "${by.value}" in the same list.`;
          const removal = remove(value.span);
          const fixes: Fix[] = removal ? [{ title: 'Remove the redundant resource', edits: [removal], isPreferred: true }] : [];
          report(value.span, `${why} Remove it.`, { fixes });
        }
      }
    }
  },
};
