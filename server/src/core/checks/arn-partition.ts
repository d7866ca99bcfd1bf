import { arnPartitions, isArnPattern } from '../policy/arn';
import { arnValuesOf, spanOfField } from '../policy/policy-arns';
import { closestMatches } from '../text/suggest';
import type { Check } from './check';

// Access Analyzer: "Invalid partition". https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
export const arnPartition: Check = {
  id: 'arn-partition',
  severity: 'error',
  description:
    'The partition of an ARN is aws, aws-cn (China), aws-us-gov (AWS GovCloud (US)), one of the isolated partitions aws-iso, aws-iso-b, aws-iso-e and aws-iso-f, or aws-eusc (AWS European Sovereign Cloud).',
  run(context) {
    const { policy } = context;
    for (const value of arnValuesOf(policy, context.catalog)) {
      const partition = value.arn?.partition;
      // Nearly every partition is "aws", the first of the list: that test comes first.
      if (!partition || arnPartitions.includes(partition.text) || isArnPattern(partition.text)) continue;
      const span = spanOfField(policy, value, partition);
      if (partition.text === '') {
        context.report(span, `ARN "${value.value}" has no partition. Use "aws" for AWS Regions, "aws-cn" for China or "aws-us-gov" for AWS GovCloud (US).`, {
          fixes: [{ title: 'Add "aws"', edits: [{ span: { start: span.start, end: span.start }, newText: 'aws' }] }],
        });
        continue;
      }
      const suggestions = closestMatches(partition.text, arnPartitions);
      const hint = suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : ` Use "aws", "aws-cn", "aws-us-gov" or another AWS partition.`;
      context.report(span, `"${partition.text}" is not an AWS partition.${hint}`, {
        fixes: suggestions.map((suggestion, i) => ({
          title: `Change to "${suggestion}"`,
          edits: [{ span, newText: suggestion }],
          isPreferred: i === 0 && suggestions.length === 1,
        })),
      });
    }
  },
};
