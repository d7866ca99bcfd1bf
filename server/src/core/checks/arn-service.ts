import { isArnPattern } from '../policy/arn';
import { arnFormatIndex } from '../policy/arn-formats';
import { arnValuesOf, QuietArns, spanOfField } from '../policy/policy-arns';
import { closestMatches } from '../text/suggest';
import type { Check } from './check';

// Access Analyzer: "Invalid ARN service case" and "Invalid service".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
export const arnService: Check = {
  id: 'arn-service',
  severity: 'error',
  description: 'The service of an ARN is the lower-case namespace of an AWS service, such as s3, iam or dynamodb; IAM compares it case-sensitively.',
  run(context) {
    const { policy } = context;
    const index = arnFormatIndex(context.catalog);
    for (const value of arnValuesOf(policy, context.catalog)) {
      const arn = value.arn;
      if (!arn || quiet.has(arn, context.catalog)) continue;
      const service = arn.service;
      // A wildcard in the service is only a suggestion for Access Analyzer; variables are resolved at request time.
      if (isArnPattern(service.text) || (service.text !== '' && index.isKnownService(service.text) && service.text === service.text.toLowerCase())) {
        quiet.add(arn, context.catalog);
        continue;
      }
      const span = spanOfField(policy, value, service);
      if (service.text === '') {
        context.report(span, `ARN "${value.value}" has no service. Add the service namespace, such as "s3" or "iam", after the partition.`);
        continue;
      }
      const lower = service.text.toLowerCase();
      if (service.text !== lower) {
        context.report(span, `The service "${service.text}" in an ARN must be lower case. Change it to "${lower}".`, {
          fixes: [{ title: `Change to "${lower}"`, edits: [{ span, newText: lower }], isPreferred: index.isKnownService(lower) }],
        });
        continue;
      }
      const suggestions = closestMatches(service.text, index.knownServices());
      const hint = suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : ' Check the service namespace in the Service Authorization Reference.';
      context.report(span, `"${service.text}" is not the namespace of an AWS service.${hint}`, {
        fixes: suggestions.map((suggestion, i) => ({
          title: `Change to "${suggestion}"`,
          edits: [{ span, newText: suggestion }],
          isPreferred: i === 0 && suggestions.length === 1,
        })),
      });
    }
  },
};

// What this rule says of an ARN depends only on its text and the catalog.
const quiet = new QuietArns();
