/**
 * Amazon Resource Names as they appear in policies, split into their fields with exact offsets; arn-template.ts
 * matches them against the ARN formats of the Service Authorization Reference.
 *
 * A policy ARN may hold wildcards (`*` any run of characters, `?` one character) and policy variables
 * (`${aws:username}`, `${aws:PrincipalTag/team}`, `${aws:userid, 'anonymous'}`) anywhere. A `:` or `/` inside
 * `${…}` is part of the variable, never a separator. `${*}`, `${?}` and `${$}` stand for a literal `*`, `?`
 * and `$`. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

import { matchesWildcard } from '../text/wildcard';
import type { DerivedOwner } from './derived';

/** One field of an ARN. `start` and `end` are offsets into the ARN string (end exclusive). */
export interface ArnField {
  text: string;
  start: number;
  end: number;
}

/**
 * An ARN split into `arn:partition:service:region:account-id:resource`. The resource is everything after the
 * fifth colon and may hold more colons. `resourceType` and `resourceId` split it at its first `/` or `:`
 * (`role/admin`, `function:my-fn`); they are absent when the resource has no such separator. The split is
 * syntactic only: in `arn:aws:s3:::my-bucket/photo.jpg` the "type" is the bucket name. A parse shared by text
 * (policy-arns.ts) carries what rules derive from the text alone.
 */
export interface Arn extends DerivedOwner {
  partition: ArnField;
  service: ArnField;
  region: ArnField;
  account: ArnField;
  resource: ArnField;
  resourceType?: ArnField;
  resourceId?: ArnField;
}

/** The number of colon-separated fields of a complete ARN. */
export const ARN_FIELD_COUNT = 6;

/**
 * Splits `text` at its colons into at most six fields; the sixth keeps any further colons. Colons inside a
 * policy variable do not split. Always returns at least one field.
 */
export function splitArn(text: string): ArnField[] {
  const fields: ArnField[] = [];
  const lastClose = text.lastIndexOf('}');
  let start = 0;
  for (let i = 0; i < text.length && fields.length < ARN_FIELD_COUNT - 1; i++) {
    const variableEnd = variableEndAt(text, i, lastClose);
    if (variableEnd > 0) {
      i = variableEnd - 1;
      continue;
    }
    if (text.charCodeAt(i) === COLON) {
      fields.push(fieldOf(text, start, i));
      start = i + 1;
    }
  }
  fields.push(fieldOf(text, start, text.length));
  return fields;
}

/** The parts of `text` when it starts with `arn:` and has all six fields; otherwise undefined. */
export function parseArn(text: string): Arn | undefined {
  const fields = splitArn(text);
  if (fields.length < ARN_FIELD_COUNT || fields[0].text !== 'arn') return undefined;
  const [, partition, service, region, account, resource] = fields;
  const arn: Arn = { partition, service, region, account, resource };
  const separator = firstSeparator(text, resource.start, resource.end);
  if (separator > resource.start) {
    arn.resourceType = fieldOf(text, resource.start, separator);
    arn.resourceId = fieldOf(text, separator + 1, resource.end);
  }
  return arn;
}

/**
 * The partitions an ARN can name: commercial Regions, China, AWS GovCloud (US), the isolated (ISO) partitions
 * and the AWS European Sovereign Cloud.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export const arnPartitions: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

// Region codes are lower-case words joined by hyphens, ending in a number: us-east-1, us-gov-west-1,
// cn-northwest-1, us-isob-east-1, eusc-de-east-1.
const REGION_CODE = /^[a-z]{2,4}(?:-[a-z]+){1,3}-\d{1,2}$/;

/**
 * Whether an ARN's Region field can name a Region: a Region code such as `us-east-1`, or a pattern with
 * wildcards or variables whose literal characters could belong to one (`us-*`, `${aws:RequestedRegion}`).
 * An empty field is not a Region; callers decide whether one is needed.
 */
export function isRegionField(text: string): boolean {
  if (!isArnPattern(text)) return REGION_CODE.test(text);
  return /^[a-z0-9*?-]*$/.test(withoutVariables(text));
}

/**
 * Whether an ARN's account field can name an account: 12 digits, a namespace AWS uses in place of an account
 * (`aws` for AWS-owned resources such as `arn:aws:iam::aws:policy/ReadOnlyAccess`, `partner` for the
 * permissions boundaries of AWS Partners), or a pattern with wildcards or variables that can match one.
 */
export function isAccountField(text: string): boolean {
  if (!isArnPattern(text)) return /^\d{12}$/.test(text) || accountNamespaces.includes(text);
  const pattern = withoutVariables(text);
  if (/^[a-z*?]*$/.test(pattern) && accountNamespaces.some((namespace) => matchesWildcard(pattern, namespace, false))) return true;
  if (!/^[\d*?]*$/.test(pattern)) return false;
  const fixed = pattern.replace(/\*/g, '').length;
  return pattern.includes('*') ? fixed <= 12 : fixed === 12;
}

const accountNamespaces = ['aws', 'partner'];

// Variables stand for unknown text; for the shape checks above that is the same as `*`.
function withoutVariables(text: string): string {
  let result = '';
  const lastClose = text.lastIndexOf('}');
  for (let i = 0; i < text.length; i++) {
    const variableEnd = variableEndAt(text, i, lastClose);
    if (variableEnd > 0) {
      result += isEscapeVariable(text, i, variableEnd) ? text[i + 2] : '*';
      i = variableEnd - 1;
    } else result += text[i];
  }
  return result;
}

/** Whether `text` holds a wildcard (`*`, `?`) or a policy variable, i.e. stands for more than one string. */
export function isArnPattern(text: string): boolean {
  const lastClose = text.lastIndexOf('}');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === STAR || code === QUESTION) return true;
    const variableEnd = variableEndAt(text, i, lastClose);
    if (variableEnd > 0) {
      if (!isEscapeVariable(text, i, variableEnd)) return true;
      i = variableEnd - 1;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

// Character codes the ARN scanners here and in arn-template.ts compare against.
export const STAR = 42;
export const QUESTION = 63;
export const COLON = 58;
export const SLASH = 47;
export const DOLLAR = 36;
export const OPEN_BRACE = 123;

/**
 * The offset just past the `}` of a policy variable starting at `index`, or 0 when none starts there.
 * `lastClose` is `text.lastIndexOf('}')`, computed once by the caller so that a run of unclosed `${` stays
 * linear. An unclosed `${` is no variable; another rule reports the missing brace.
 */
export function variableEndAt(text: string, index: number, lastClose: number): number {
  if (index + 2 > lastClose || text.charCodeAt(index) !== DOLLAR || text.charCodeAt(index + 1) !== OPEN_BRACE) return 0;
  return text.indexOf('}', index + 2) + 1;
}

/** Whether the variable from `start` to `end` is one of the escapes `${*}`, `${?}` and `${$}`. */
export function isEscapeVariable(text: string, start: number, end: number): boolean {
  if (end - start !== 4) return false;
  const code = text.charCodeAt(start + 2);
  return code === STAR || code === QUESTION || code === DOLLAR;
}

function firstSeparator(text: string, start: number, end: number): number {
  const lastClose = text.lastIndexOf('}');
  for (let i = start; i < end; i++) {
    const variableEnd = variableEndAt(text, i, lastClose);
    if (variableEnd > 0) {
      i = variableEnd - 1;
      continue;
    }
    const code = text.charCodeAt(i);
    if (code === SLASH || code === COLON) return i;
  }
  return -1;
}

function fieldOf(text: string, start: number, end: number): ArnField {
  return { text: text.slice(start, end), start, end };
}
