import { isArnPattern } from '../policy/arn';
import { arnResourceMatchesTemplate } from '../policy/arn-template';
import { arnFormatIndex, formatsForArn, resourcePartOf, type ArnFormat } from '../policy/arn-formats';
import { arnValuesOf, QuietArns, spanInValue, spanOfField, type ArnValue } from '../policy/policy-arns';
import { closestMatches } from '../text/suggest';
import type { Check, CheckContext, Fix } from './check';

// Access Analyzer: "Invalid ARN resource". A warning here, not an error: the reference misses some resource
// types that do exist (and AWS managed policies name a few of them), so a miss is most likely, not surely, a typo.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
export const arnResourceType: Check = {
  id: 'arn-resource-type',
  severity: 'warning',
  description:
    'The resource part of a Resource or NotResource ARN should fit one of the ARN formats the Service Authorization Reference gives for its service, such as table/${TableName} for DynamoDB tables.',
  run(context) {
    const { policy, catalog } = context;
    const index = arnFormatIndex(catalog);
    for (const value of arnValuesOf(policy, catalog)) {
      const arn = value.arn;
      if (!arn || (value.element !== 'Resource' && value.element !== 'NotResource') || quiet.has(arn, catalog)) continue;
      const service = arn.service.text;
      const match = isArnPattern(service) || !index.isKnownService(service) ? undefined : formatsForArn(catalog, arn);
      if (!match || match.fitting.length > 0) quiet.add(arn, catalog);
      else reportMismatch(context, value, match.all);
    }
  },
};

// What this rule says of a Resource or NotResource ARN depends only on its text and the catalog.
const quiet = new QuietArns();

function reportMismatch(context: CheckContext, value: ArnValue, formats: readonly ArnFormat[]): void {
  const { policy } = context;
  const arn = value.arn!;
  const span = spanOfField(policy, value, arn.resource);
  const service = arn.service.text;
  if (arn.resource.text === '') {
    context.report(span, `ARN "${value.value}" has no resource. ${formatList(service, formats)}`);
    return;
  }
  const typed = arn.resourceType ?? arn.resource;
  const prefixes = [...new Set(formats.map((format) => typePrefixOf(resourcePartOf(format.template))).filter((prefix) => prefix !== ''))];
  const fixes: Fix[] = [];
  for (const prefix of closestMatches(typed.text, prefixes)) {
    const resource = prefix + arn.resource.text.slice(typed.end - arn.resource.start);
    const fits = formats.find((format) => arnResourceMatchesTemplate(resource, format.template));
    if (!fits) continue;
    const typeSpan = spanInValue(policy, value, typed.start, typed.end);
    fixes.push({ title: `Change to "${prefix}" (${fits.resourceType.name})`, edits: [{ span: typeSpan, newText: prefix }] });
  }
  if (fixes.length === 1) fixes[0].isPreferred = true;
  const hint = fixes.length > 0 ? ` Did you mean "${fixes[0].edits[0].newText}"?` : '';
  context.report(span, `"${arn.resource.text}" fits none of the ARN formats of ${service}.${hint} ${formatList(service, formats)}`, { fixes });
}

// The literal start of a template's resource part, up to its first separator or placeholder: "table" in
// table/${TableName}, "stateMachine" in stateMachine:${StateMachineName}.
function typePrefixOf(resourcePart: string): string {
  return /^[^/:$]*/.exec(resourcePart)![0];
}

function formatList(service: string, formats: readonly ArnFormat[]): string {
  const parts = [...new Set(formats.map((format) => resourcePartOf(format.template)))].sort();
  const shown = parts.slice(0, 5).join(', ');
  const more = parts.length > 5 ? ` and ${parts.length - 5} more` : '';
  return `The resource part of ${service} ARNs is one of: ${shown}${more}.`;
}
