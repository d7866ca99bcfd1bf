import { isArnPattern, isRegionField } from '../policy/arn';
import { formatsForArn, formatsLackField, formatsNeedField } from '../policy/arn-formats';
import { arnValuesOf, QuietArns, spanOfField } from '../policy/policy-arns';
import { isPlaceholderText } from '../policy/placeholder-text';
import type { Check, Fix } from './check';

// Access Analyzer: "ARN Region not allowed", "Missing ARN Region" and "Invalid ARN Region".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
export const arnRegion: Check = {
  id: 'arn-region',
  severity: 'error',
  description:
    'The Region of an ARN is a Region code such as us-east-1 (wildcards and variables allowed), and is empty exactly where the resource type has none: S3 buckets, IAM and other global resources have no Region.',
  run(context) {
    const { policy, catalog } = context;
    for (const value of arnValuesOf(policy, catalog)) {
      const arn = value.arn;
      if (!arn || quiet.has(arn, catalog)) continue;
      const region = arn.region;
      if (region.text !== '' && !isRegionField(region.text)) {
        const span = spanOfField(policy, value, region);
        const code = regionCodeFor(region.text);
        if (!code && isPlaceholderText(region.text)) {
          context.report(span, `"${region.text}" is a placeholder left in, not a Region code. Replace it with a code such as "us-east-1", or "*" for any Region.`);
          continue;
        }
        const hint = code ? ` Did you mean "${code}"?` : ' Use a code such as "us-east-1", or "*" for any Region.';
        context.report(span, `"${region.text}" is not a Region code.${hint}`, {
          fixes: code ? [{ title: `Change to "${code}"`, edits: [{ span, newText: code }], isPreferred: true }] : [],
        });
        continue;
      }
      const formats = isArnPattern(arn.service.text) ? undefined : formatsForArn(catalog, arn)?.relevant;
      if (!formats) {
        quiet.add(arn, catalog);
        continue;
      }
      if (region.text !== '' && !/^\*+$/.test(region.text) && formats.every((format) => format.region === 'none')) {
        const span = spanOfField(policy, value, region);
        context.report(span, `${formatsLackField(formats, 'Region')}, so this ARN never matches. Remove "${region.text}".`, {
          fixes: [{ title: `Remove the Region "${region.text}"`, edits: [{ span, newText: '' }], isPreferred: true }],
        });
      } else if (region.text === '' && formats.every((format) => format.region === 'required')) {
        const span = spanOfField(policy, value, region);
        const fix: Fix = { title: 'Match any Region ("*")', edits: [{ span: { start: span.start, end: span.start }, newText: '*' }] };
        context.report(
          span,
          `This ARN has no Region, but ${formatsNeedField(formats)}, so it matches only resources without a Region, such as some AWS-owned ones. Add a Region such as "us-east-1", or "*".`,
          { severity: 'warning', fixes: [fix] },
        );
      } else quiet.add(arn, catalog);
    }
  },
};

// What this rule says of an ARN depends only on its text and the catalog.
const quiet = new QuietArns();

// An Availability Zone ("us-east-1a") or upper case ("US-EAST-1") where a Region code belongs.
function regionCodeFor(text: string): string | undefined {
  const lower = text.toLowerCase();
  if (isRegionField(lower)) return lower;
  const zone = /^(.*-\d{1,2})[a-z]$/.exec(lower);
  return zone && isRegionField(zone[1]) ? zone[1] : undefined;
}
