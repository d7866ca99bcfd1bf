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
      if (match && match.fitting.length === 0) reportMismatch(context, value, match.all);
      else if (!match || !reportMiscased(context, value, match.all, match.fitting)) quiet.add(arn, catalog);
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

/**
 * A resource part that fits a format only through a name that swallows a word of another format written in another
 * case (`table/orders/Index/*`: a table named `orders/Index/*`, where `table/${TableName}/index/${IndexName}` was
 * meant). ARNs are case-sensitive, so it names no index. Reported, with the word as the format writes it, when the
 * parts line up one for one; true when it was.
 */
function reportMiscased(context: CheckContext, value: ArnValue, all: readonly ArnFormat[], fitting: readonly ArnFormat[]): boolean {
  const arn = value.arn!;
  const parts = arn.resource.text.split('/');
  for (const format of all) {
    if (fitting.includes(format)) continue;
    const template = resourcePartOf(format.template).split('/');
    if (template.length !== parts.length) continue;
    const words: number[] = [];
    const aligned = template.every((part, i) => {
      if (part.includes('${')) return !/^\$\{[^}]*\}$/.test(part) || parts[i] !== '';
      if (part === parts[i]) return true;
      if (part.toLowerCase() !== parts[i].toLowerCase()) return false;
      words.push(i);
      return true;
    });
    if (!aligned || words.length === 0) continue;
    const offsetOf = (i: number) => arn.resource.start + parts.slice(0, i).reduce((sum, part) => sum + part.length + 1, 0);
    const edits = words.map((i) => ({ span: spanInValue(context.policy, value, offsetOf(i), offsetOf(i) + parts[i].length), newText: template[i] }));
    const first = words[0];
    context.report(
      edits[0].span,
      `"${parts[first]}" is "${template[first]}" in ${arn.service.text}'s ARNs of ${format.resourceType.name} (${resourcePartOf(format.template)}), and ARNs are case-sensitive: as written, this names no ${format.resourceType.name}.`,
      { fixes: [{ title: `Change to "${template[first]}"`, edits, isPreferred: true }] },
    );
    return true;
  }
  return false;
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
