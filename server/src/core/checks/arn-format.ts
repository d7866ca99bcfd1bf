import { ARN_FIELD_COUNT, arnPartitions, splitArn, type ArnField } from '../policy/arn';
import { partLabel } from '../policy/placeholder-arns';
import { isMarkedPlaceholder } from '../policy/placeholder-text';
import { arnValuesOf, isArnKey, looksLikeArn, spanInValue, type ArnValue } from '../policy/policy-arns';
import { valueTextSpan } from '../policy/value-text';
import { parseConditionOperator } from '../policy/condition-operators';
import type { Placeholder, Statement } from '../policy/model';
import type { ValueSpanMapper } from '../text/json-string';
import type { Span } from '../text/span';
import type { Check, CheckContext, Fix } from './check';

// Access Analyzer: "Invalid ARN prefix" and "Missing ARN field".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
export const arnFormat: Check = {
  id: 'arn-format',
  severity: 'error',
  description: 'A Resource or NotResource value is "*" or an ARN, and an ARN starts with "arn:" and has six colon-separated fields: arn:partition:service:region:account-id:resource.',
  run(context) {
    for (const value of arnValuesOf(context.policy, context.catalog)) {
      if (value.arn && /\s$/.test(value.value)) reportTrailingSpace(context, value);
      if (value.arn) reportResourcePlaceholder(context, value);
      if (value.arn) reportZoneName(context, value);
      if (value.value.startsWith('arn:')) reportArnInArn(context, value);
      if (value.value === '') {
        // IAM refuses it: "MalformedPolicyDocument: Resource  must be in ARN format or "*"" (terraform-aws-modules/
        // terraform-aws-notify-slack#20, cattle-ops/terraform-aws-gitlab-runner#1257). An empty condition value is a value to compare.
        if (value.element === 'Resource' || value.element === 'NotResource')
          context.report(value.span, `${value.element} "" is empty, which IAM rejects: it names no resource. Write an ARN, or "*" for every resource.`);
        continue;
      }
      // A run of stars means the same as "*".
      if (value.arn || /^\*+$/.test(value.value)) continue;
      if (value.value.startsWith('arn:')) checkFieldCount(context, value);
      else checkPrefix(context, value);
    }
    for (const statement of context.policy.statements) {
      checkResourceNames(context, statement);
      checkConditionArnsInArns(context, statement);
    }
  },
};

/**
 * An ARN written in a condition whose key holds text, not an ARN by its type (`kms:EncryptionContext:aws:s3:arn`, the
 * object's ARN S3 gives KMS, storage sweep): the ARN rules do not judge those values, but an ARN inside an ARN
 * matches nothing there either.
 */
function checkConditionArnsInArns(context: CheckContext, statement: Statement): void {
  for (const operator of statement.condition?.operators ?? []) {
    for (const entry of operator.keys) {
      if (isArnKey(context.catalog, entry.key)) continue;
      for (const value of entry.values) if (value.placeholders?.length && value.value.startsWith('arn:')) reportArnInArn(context, value, 'which no request carries');
    }
  }
}

// Written for someone to fill in, by its form alone (`<BUCKET_NAME>`, `((queue_name))`, `YOUR_BUCKET`): no resource
// is named so (angle brackets and parentheses are in no bucket, queue, role or other resource name AWS allows; an S3
// object key may hold them, so only the bucket is judged), so the ARN matches nothing. The account and Region fields are arn-account's and arn-region's.
// Spaces inside are the author's too (Loki's `< CHUNK BUCKET NAME >`).
const RESOURCE_PLACEHOLDER = /<\s*[^<>\s][^<>]*>|\(\([^()]+\)\)|\bYOUR_[A-Z0-9_]+/;

function reportResourcePlaceholder(context: CheckContext, value: ArnValue): void {
  const { resource, service } = value.arn!;
  // An S3 object key may hold any character: only the bucket's name is judged.
  const judged = service.text === 's3' ? resource.text.split('/')[0] : resource.text;
  const found = RESOURCE_PLACEHOLDER.exec(judged);
  if (!found) return;
  const start = resource.start + found.index;
  const span = spanInValue(context.policy, value, start, start + found[0].length);
  context.report(span, `"${found[0]}" is a placeholder left in, so this ARN names no resource. Replace it with the name it stands for, or "*".`);
}

/**
 * A value known to be a whole ARN written after this ARN's own prefix (`arn:aws:s3:::${aws_s3_bucket.logs.arn}/*`,
 * `!Sub 'arn:aws:s3:::${Bucket.Arn}/*'`): it renders `arn:aws:s3:::arn:aws:s3:::logs/*`, which names no resource, so
 * the statement grants or denies nothing there. The fix removes the prefix written before it.
 */
function reportArnInArn(context: CheckContext, value: Pick<ArnValue, 'value' | 'span' | 'mapSpan' | 'placeholders'>, names = 'which names no resource'): void {
  const inner = value.placeholders?.find((hole) => hole.kind === 'arn' && hole.start > 0);
  if (!inner) return;
  const prefix = value.value.slice(0, inner.start);
  if (prefix.includes('${')) return;
  const prefixSpan = spanInValue(context.policy, value, 0, inner.start);
  context.report(
    spanInValue(context.policy, value, 0, inner.end),
    `"${inner.source}" is a whole ARN already, written after "${prefix}": the value renders an ARN inside an ARN ("${prefix}arn:…"), ${names}. Remove "${prefix}".`,
    { fixes: [{ title: `Remove "${prefix}"`, edits: [{ span: prefixSpan, newText: '' }], isPreferred: true }] },
  );
}

// Route 53 names a hosted zone by its ID (`Z1D633PJN98FT9`) in ARNs: `arn:aws:route53:::hostedzone/${Id}`. A domain name
// there (`hostedzone/example.com`) matches no zone, so the statement grants nothing on the zone it means.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html
function reportZoneName(context: CheckContext, value: ArnValue): void {
  const { service, resource } = value.arn!;
  if (service.text !== 'route53' || !resource.text.startsWith('hostedzone/')) return;
  const id = resource.text.slice('hostedzone/'.length);
  if (!id.includes('.') || /[*?$<>{}]/.test(id) || value.placeholders?.length) return;
  const start = resource.start + 'hostedzone/'.length;
  context.report(
    spanInValue(context.policy, value, start, start + id.length),
    `"${id}" is a domain name, but Route 53 names a hosted zone in an ARN by its ID (such as "Z1D633PJN98FT9"), so this ARN matches no zone. Write the zone's ID, as "aws route53 list-hosted-zones" shows it.`,
  );
}

/**
 * A template value that starts with a resource's Ref where that Ref is no ARN (`Resource: !Ref Bucket`, a bucket's
 * name; `!Ref Queue`, an SQS queue's URL; `!Ref Key`, a KMS key's ID; `!Sub '${Role}/*'`) is no ARN whatever the
 * deployment gives: in Resource IAM rejects the policy, under an ARN condition key (aws:SourceArn) the condition never
 * matches. The same holds for a Terraform attribute that is no ARN (`aws_sqs_queue.q.id`, the queue's URL;
 * `aws_s3_bucket.b.id`, the bucket's name). The host reader writes the ARN in the host's style (`!GetAtt Queue.Arn`,
 * `aws_sqs_queue.q.arn`) when the type has an ARN attribute; the fix puts it in place. Values that start with a
 * placeholder of any other kind are left alone: they may well be ARNs.
 */
function checkResourceNames(context: CheckContext, statement: Statement): void {
  for (const [element, list] of [
    ['Resource', statement.resource],
    ['NotResource', statement.notResource],
  ] as const) {
    for (const value of list?.values ?? []) reportRefNotArn(context, value, element, 'so IAM rejects the policy');
  }
  for (const block of statement.condition?.operators ?? []) {
    const operator = parseConditionOperator(block.operator);
    if (!operator || (operator.family !== 'Arn' && operator.family !== 'String')) continue;
    for (const entry of block.keys) {
      // Only a value that starts with a placeholder can be reported: JSON policies have none.
      if (!entry.values.some((value) => value.placeholders) || !isArnKey(context.catalog, entry.key)) continue;
      for (const value of entry.values) reportRefNotArn(context, value, 'Condition value', `so ${entry.key} under ${block.operator} never matches it`);
    }
  }
}

function reportRefNotArn(context: CheckContext, value: { value: string; span: Span; mapSpan?: ValueSpanMapper; placeholders?: readonly Placeholder[] }, element: string, consequence: string): void {
  const first = value.placeholders?.find((hole) => hole.start === 0);
  const resource = first?.resource;
  if (!first || !resource || resource.part === 'arn') return;
  const what = !resource.resourceType
    ? `the ${partLabel[resource.part]} of a ${resource.service} ${resource.type}`
    : resource.attribute
      ? `the ${resource.type}'s ${partLabel[resource.part]} (the ${resource.attribute} of an ${resource.resourceType})`
      : `the ${resource.type}'s ${partLabel[resource.part]} (what Ref of an ${resource.resourceType} gives)`;
  const instead = resource.arnInstead;
  const span = instead && value.mapSpan ? value.mapSpan(first.start, first.end) : undefined;
  context.report(
    valueTextSpan(value),
    `${element} ${first.source} is ${what}, not an ARN, ${consequence}. ${instead ? `Use its ARN: ${instead}.` : `Use the ${resource.type}'s ARN, built with !Sub.`}`,
    span && instead ? { fixes: [{ title: `Change to ${instead}`, edits: [{ span, newText: instead }], isPreferred: true, hostText: true }] } : undefined,
  );
}

/**
 * `"arn:aws:s3:::bucket/* "`: IAM reads the space as part of the resource name, so the ARN matches only names that
 * end with one (real policies hold such slips, AWS's documentation too). The ARN is well formed, so a warning.
 */
function reportTrailingSpace(context: CheckContext, value: ArnValue): void {
  const text = value.value;
  const trimmed = text.trimEnd();
  const span = spanInValue(context.policy, value, trimmed.length, text.length);
  const consequence =
    value.element === 'Principal' || value.element === 'NotPrincipal'
      ? 'which is read as part of the name: no principal has such a name, so the policy is rejected ("Invalid principal in policy")'
      : 'which IAM reads as part of the resource name: it matches only names that end with one';
  context.report(valueTextSpan(value), `"${text}" ends with a space, ${consequence}. Remove it.`, {
    severity: 'warning',
    fixes: [{ title: 'Remove the trailing space', edits: [{ span, newText: '' }], isPreferred: true }],
  });
}

function checkPrefix(context: CheckContext, value: ArnValue): void {
  const { policy } = context;
  const text = value.value;
  const inResource = value.element === 'Resource' || value.element === 'NotResource';
  const trimmed = text.trim();
  if (trimmed !== text && trimmed.startsWith('arn:')) {
    context.report(valueTextSpan(value), `"${text}" has spaces around the ARN, so it is not one. Remove them.`, {
      fixes: [{ title: 'Remove the spaces', edits: [{ span: value.span, newText: JSON.stringify(trimmed) }], isPreferred: true }],
    });
    return;
  }
  if (/^arn:/i.test(text)) {
    context.report(spanInValue(policy, value, 0, 3), `The ARN prefix "${text.slice(0, 3)}" must be lower case. Change it to "arn".`, {
      fixes: [{ title: 'Change to "arn"', edits: [{ span: spanInValue(policy, value, 0, 3), newText: 'arn' }], isPreferred: true }],
    });
    return;
  }
  // `aws:arn:aws:s3:::b` (a Terraform module's, Terraform composition sweep): a partition written before the prefix too.
  const partitionFirst = /^(aws(?:-[a-z-]+)?):arn:/.exec(text);
  if (partitionFirst) {
    const extra = spanInValue(policy, value, 0, partitionFirst[1].length + 1);
    context.report(valueTextSpan(value), `"${text}" starts with "${partitionFirst[1]}:" before its "arn:" prefix. Remove it: an ARN starts with "arn:".`, {
      fixes: [{ title: `Remove "${partitionFirst[1]}:"`, edits: [{ span: extra, newText: '' }], isPreferred: true }],
    });
    return;
  }
  if (looksLikeArn(text)) {
    const start = spanInValue(policy, value, 0, 0);
    context.report(valueTextSpan(value), `"${text}" is missing the "arn:" prefix. Add "arn:" at the start.`, {
      fixes: [{ title: 'Add "arn:"', edits: [{ span: start, newText: 'arn:' }], isPreferred: true }],
    });
    return;
  }
  if (value.element === 'Condition' && !value.comparedAsString) {
    context.report(valueTextSpan(value), `"${text}" is not an ARN, so ${value.operator} never matches it. Use an ARN of the form arn:partition:service:region:account-id:resource, or "*".`);
    return;
  }
  if (!inResource) return;
  if (context.policyType === 'resource' && isApiGatewayShorthand(text)) return;
  const bucketArn = isBucketLike(text) && statementUsesS3(value) ? `arn:aws:s3:::${text}` : undefined;
  if (bucketArn) {
    context.report(valueTextSpan(value), `${value.element} "${text}" is not an ARN. For the S3 ${text.includes('/') ? 'objects' : 'bucket'}, use "${bucketArn}".`, {
      fixes: [{ title: `Change to "${bucketArn}"`, edits: [{ span: value.span, newText: JSON.stringify(bucketArn) }], isPreferred: true }],
    });
    return;
  }
  // `[ ${table.arn}, ${table.arn}/index/* ]` written inside one string (a template literal, an interpolation): one
  // value that is no ARN, not a list of two.
  if (/^\s*\[[^]*\]\s*$/.test(text) && (text.includes(',') || /arn:/.test(text) || value.placeholders?.length)) {
    context.report(valueTextSpan(value), `${value.element} "${text}" is a list written inside one string, so it is one value and no ARN. Write each ARN as an item of the list itself.`);
    return;
  }
  // `RESOURCE_ARN`, `YOUR_BUCKET_ARN`, `<queue-arn>`: where an ARN goes, a word in capitals is one left to fill in too.
  if (isMarkedPlaceholder(text) || /^(?=(?:[^A-Z]*[A-Z]){4})[A-Z][A-Z0-9_]*$/.test(text)) {
    context.report(valueTextSpan(value), `${value.element} "${text}" is a placeholder left in, not an ARN. Replace it with the ARN of the resource this statement is for, or "*" for every resource.`);
    return;
  }
  context.report(valueTextSpan(value), `${value.element} "${text}" is not an ARN. Use "*" or an ARN of the form arn:partition:service:region:account-id:resource, such as "arn:aws:s3:::my-bucket".`);
}

// An API Gateway resource policy may name its own API's methods as `execute-api:/stage/METHOD/path`, which API Gateway
// expands to the API's ARN when it saves the policy; AWS's examples write every stage, method and path as stars.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
function isApiGatewayShorthand(text: string): boolean {
  return /^execute-api:\//.test(text);
}

function checkFieldCount(context: CheckContext, value: ArnValue): void {
  // In a condition a `*` can stand for several fields at once: "arn:aws:codepipeline:*" is a fine StringLike
  // pattern, and IAM does not document how ARN operators treat it.
  if (value.element === 'Condition' && value.value.includes('*')) return;
  const fields = splitArn(value.value);
  if ((value.element === 'Resource' || value.element === 'NotResource') && starStandsForLaterFields(fields)) return;
  if (mayHoldSeveralFields(value, fields)) return;
  context.report(
    valueTextSpan(value),
    `ARN "${value.value}" has ${fields.length} of the ${ARN_FIELD_COUNT} fields an ARN needs: arn:partition:service:region:account-id:resource. Leave a field empty (::) where the resource has no Region or account.`,
    {
      fixes: s3FieldsFix(
        value,
        fields.map((f) => f.text),
      ),
    },
  );
}

/**
 * A value known at deploy whose name says no single field (`arn:aws:ec2:${iface_resource}:network-interface/*`, a
 * CodeBuild module's `"<region>:<account>"`, CodePipeline sweep) may fill several fields; one named for a Region, an
 * account or a partition fills one.
 */
function mayHoldSeveralFields(value: ArnValue, fields: readonly ArnField[]): boolean {
  // Written alone where the Region goes, before the resource (not `arn:${AWS::Partition}:s3::${Bucket}/*`'s bucket).
  const regionField = fields.length >= 5 ? fields[3] : undefined;
  return (value.placeholders ?? []).some(
    (hole) => hole.kind === 'string' && !hole.resource && regionField?.start === hole.start && regionField.end === hole.end && !/region|account|acct|partition/i.test(hole.source),
  );
}

// What can begin each field a short ARN's last field sits in: a partition, a service prefix, a Region, an account ID.
const FIELD_STARTS = [/^$/, /^[a-z-]*$/, /^[a-z0-9-]*$/, /^[a-z0-9-]*$/, /^\d*$/];

/**
 * Whether a Resource ARN short of fields ends in a `*` that stands for them: "If the * wildcard is the last character
 * of a resource ARN segment, it can expand to match beyond the colon boundaries" (the Resource element's page), as the
 * evaluator matches it. So it does where what comes before the star can begin the field it is in: nothing
 * ("arn:aws:logs:*", the Terraform provider's example for OpenSearch log publishing), a Region, or an account
 * ("arn:aws:logs:us-east-1:${AWS::AccountId}*", an AWS Quick Start's). Not "arn:aws:s3::my-bucket/*": a bucket name
 * where the account goes, short of a colon, which matches no object.
 */
function starStandsForLaterFields(fields: readonly { text: string }[]): boolean {
  const last = fields[fields.length - 1].text;
  if (!last.endsWith('*')) return false;
  const start = last.replace(/\*+$/, '');
  return FIELD_STARTS[fields.length - 1]?.test(start) === true || /^\$\{[^}]*\}$/.test(start);
}

// "arn:aws:s3::my-bucket" and "arn:aws:s3:my-bucket" lack the empty Region and account fields of S3 ARNs.
function s3FieldsFix(value: ArnValue, fields: string[]): Fix[] {
  if (fields.length < 4 || fields[2] !== 's3' || !arnPartitions.includes(fields[1])) return [];
  const rest = fields.slice(3).filter((field, i, all) => field !== '' || i === all.length - 1);
  if (rest.length !== 1 || !isBucketLike(rest[0])) return [];
  const fixed = `arn:${fields[1]}:s3:::${rest[0]}`;
  return [{ title: `Change to "${fixed}"`, edits: [{ span: value.span, newText: JSON.stringify(fixed) }], isPreferred: true }];
}

// S3 bucket names: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter
// or digit; an object key may follow after a slash.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
function isBucketLike(text: string): boolean {
  return /^[a-z0-9*?][a-z0-9.*?-]{1,61}[a-z0-9*?](?:\/.*)?$/.test(text) && !text.startsWith('*');
}

function statementUsesS3(value: ArnValue): boolean {
  return (value.statement.action?.values ?? []).some(({ value: action }) => /^s3:/i.test(action));
}
