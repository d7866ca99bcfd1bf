import { parseConditionOperator, type ParsedConditionOperator } from '../policy/condition-operators';
import { parseIpRange } from '../policy/condition-values';
import type { ConditionElement, ConditionKeyEntry, ConditionValue, Placeholder, Statement, StringValue } from '../policy/model';
import { textWithHoles } from '../policy/value-text';
import { patternCovers } from '../text/wildcard';

/**
 * Whether a resource-based policy statement is open to the public, in the sense Amazon S3, Amazon EFS and IAM
 * Access Analyzer give the word: a statement that lets `"*"` in is public unless its Condition limits the caller to
 * fixed values (no wildcard, no policy variable) of keys that name who calls or where from: an account,
 * organization, principal or service principal, a source resource, account or owner, a VPC or VPC endpoint, or a
 * set of IP ranges. "The meaning of public":
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 * https://docs.aws.amazon.com/efs/latest/ug/access-control-block-public-access.html
 *
 * Pure: no catalog, no editor types; shared by resource-public and by any check of "no public access".
 */

/** The `"*"` that stands for everyone in a statement's Principal: `"Principal": "*"` or `{"AWS": "*"}`. */
export function everyonePrincipalOf(statement: Statement): StringValue | undefined {
  const principal = statement.principal;
  if (!principal) return undefined;
  if (principal.wildcard?.value === '*') return principal.wildcard;
  return principal.entries.find((entry) => entry.type === 'AWS')?.values.find((value) => value.value === '*');
}

/** One condition test that limits who can call: its key as written and the entry, for messages and spans. */
export interface CallerPin {
  key: string;
  entry: ConditionKeyEntry;
}

/**
 * The first test of the Condition that pins the caller to something fixed, or undefined when none does (and the
 * statement, if it lets `"*"` in, is public). Every test of a Condition must hold, so one pinning test is enough.
 *
 * A test pins only when it must be met by the request's own value:
 * - negated operators (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`) do not: they let in every value but a few,
 *   and also requests without the key;
 * - `…IfExists` does not: a request without the key (a call from the internet has no aws:SourceVpc) passes;
 * - `ForAllValues:` does not: it holds when the request has no value for the key;
 * - `ForAnyValue:` does: it needs at least one request value among the fixed ones (IAM's "at least one" rule,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html);
 * - `Null` does not: it only asks whether a key is there.
 */
export function findCallerPin(condition: ConditionElement | undefined): CallerPin | undefined {
  return pinTests(condition).find((test) => test.pinned)?.pin;
}

/**
 * The first test that pins the caller if a value known only at deploy time is fixed then (`ArnLike aws:SourceArn: !Ref
 * SourceArn`, a parameter that could hold a pattern; `aws:SourceIp: ${var.office_cidr}`), when no test pins it for
 * sure: whether the statement is public is the deployer's to decide, not the policy's text.
 */
export function findDeployTimePin(condition: ConditionElement | undefined): CallerPin | undefined {
  const tests = pinTests(condition);
  return tests.some((test) => test.pinned) ? undefined : tests.find((test) => !test.pinned)?.pin;
}

function pinTests(condition: ConditionElement | undefined): { pin: CallerPin; pinned: boolean }[] {
  const tests: { pin: CallerPin; pinned: boolean }[] = [];
  for (const block of condition?.operators ?? []) {
    const operator = parseConditionOperator(block.operator);
    if (!operator || operator.negated || operator.ifExists || operator.setQualifier === 'ForAllValues' || operator.family === 'Null') continue;
    for (const entry of block.keys) {
      // A positive test of no values matches no request (`"aws:PrincipalArn": []`, k9's generated policies before their
      // principals are filled in): the statement lets no one in.
      const pinning = entry.values.length > 0 ? pins(operator, entry) : true;
      if (pinning) tests.push({ pin: { key: entry.key, entry }, pinned: pinning === true });
    }
  }
  return tests;
}

/** Whether the Condition pins the caller; see `findCallerPin`. */
export function conditionPinsCaller(condition: ConditionElement | undefined): boolean {
  return findCallerPin(condition) !== undefined;
}

/**
 * Whether an Allow statement of a resource-based policy lets the public in: it names `"*"` as principal and its
 * Condition pins nothing. Deny statements never are, whatever they say.
 */
export function isPublicStatement(statement: Statement): boolean {
  return statement.effect?.value?.value === 'Allow' && everyonePrincipalOf(statement) !== undefined && !conditionPinsCaller(statement.condition);
}

/**
 * Whether a Deny statement among `statements` keeps the public out of what the Allow statement `allow` lets in: it
 * denies everyone every action and resource of `allow` unless the request carries fixed values of a caller key,
 * written as one negated test (`StringNotEquals aws:SourceVpce`, `NotIpAddress aws:SourceIp` with narrow ranges,
 * `StringNotEquals aws:PrincipalOrgID`). A negated test holds for a request without the key too, so such a request is
 * denied. AWS writes private API Gateway APIs and IP allow lists so: an Allow to `"*"` beside such a Deny.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
 */
export function isFencedByDeny(allow: Statement, statements: readonly Statement[]): boolean {
  return denyFenceOf(allow, statements)?.atDeploy === false;
}

/**
 * The Deny that keeps the public out of what `allow` lets in (see `isFencedByDeny`), with its test; `atDeploy` when it
 * does only if its values known only at deploy time are narrow then (`NotIpAddress aws:SourceIp: ${var.office_cidr}`).
 * A fence for sure wins over one at deploy.
 */
export function denyFenceOf(allow: Statement, statements: readonly Statement[]): (CallerPin & { atDeploy: boolean }) | undefined {
  if (allow.notAction || allow.notResource || !allow.action) return undefined;
  let atDeploy: (CallerPin & { atDeploy: boolean }) | undefined;
  for (const deny of statements) {
    const fence = deny !== allow ? fences(deny, allow) : undefined;
    if (fence && !fence.atDeploy) return fence;
    atDeploy ??= fence;
  }
  return atDeploy;
}

function fences(deny: Statement, allow: Statement): (CallerPin & { atDeploy: boolean }) | undefined {
  if (deny.effect?.value?.value !== 'Deny' || everyonePrincipalOf(deny) === undefined || deny.notPrincipal || deny.notAction || deny.notResource || !deny.action) return undefined;
  const blocks = deny.condition?.operators ?? [];
  if (blocks.length !== 1 || blocks[0].keys.length !== 1) return undefined;
  const operator = parseConditionOperator(blocks[0].operator);
  const entry = blocks[0].keys[0];
  const pinned = operator?.negated && !operator.setQualifier && entry.values.length > 0 ? pins(operator, entry) : false;
  if (!pinned) return undefined;
  const actions = deny.action.values.map((v) => v.value);
  if (!allow.action!.values.every(({ value }) => actions.some((pattern) => patternCovers(pattern, value, true)))) return undefined;
  const fence = { key: entry.key, entry, atDeploy: pinned === 'at-deploy' };
  if (!deny.resource) return allow.resource ? undefined : fence;
  const resources = deny.resource.values.map((v) => v.value);
  return (allow.resource?.values ?? []).every(({ value }) => resources.some((pattern) => patternCovers(pattern, value, false))) ? fence : undefined;
}

// Keys whose fixed values name an account, organization, principal, network or source: the S3 and EFS lists, with
// the organization and account keys IAM added since (aws:PrincipalAccount, aws:SourceOrgID), aws:PrincipalServiceName
// (a fixed service principal, as S3 lists "service principal"), and the service keys of the same kind: KMS's
// kms:CallerAccount (the condition of AWS managed key policies), S3's access point and SSE-KMS key keys, and VPC
// Lattice's network keys for auth policies (the client's VPC and its owner). aws:userid
// counts with a fixed value; "AROLEID:*" has a wildcard and so does not. aws:PrincipalIsAWSService is left out: "true"
// lets in every service principal, acting for any account, which is why AWS pairs it with aws:SourceAccount.
const fixedValueKeys = new Set(
  [
    'aws:PrincipalAccount',
    'aws:PrincipalOrgID',
    'aws:PrincipalServiceName',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceVpc',
    'aws:SourceVpce',
    // The owner of the VPC endpoint the request came through, by account or organization (IAM's global keys of 2025
    // for network perimeters): only clients in that owner's networks.
    'aws:VpceAccount',
    'aws:VpceOrgID',
    'aws:userid',
    'kms:CallerAccount',
    's3:DataAccessPointAccount',
    's3:x-amz-server-side-encryption-aws-kms-key-id',
    'vpc-lattice-svcs:SourceVpc',
    'vpc-lattice-svcs:SourceVpcOwnerAccount',
  ].map((key) => key.toLowerCase()),
);

// ARN keys: an ARN pins when it is fixed, or when its account field is a literal account ID even if the rest has
// wildcards (`arn:aws:iam::111122223333:role/*` lets in that account's roles only: cross-account at most, not public).
// A VPC Lattice auth policy's vpc-lattice-svcs:ServiceNetworkArn is the service network the request came through:
// only clients of that network's VPCs reach the service through it, as aws:SourceVpce pins an endpoint.
// https://docs.aws.amazon.com/vpc-lattice/latest/ug/auth-policies.html
const arnKeys = new Set(['aws:PrincipalArn', 'aws:SourceArn', 's3:DataAccessPointArn', 'vpc-lattice-svcs:ServiceNetworkArn'].map((key) => key.toLowerCase()));

// Organization paths start with the organization's ID; `o-a1b2c3d4e5/*` lets in that organization only.
const orgPathKeys = new Set(['aws:PrincipalOrgPaths', 'aws:SourceOrgPaths', 'aws:VpceOrgPaths'].map((key) => key.toLowerCase()));

// EFS: "elasticfilesystem:AccessedViaMountTarget" set to true limits access to clients in the file system's VPCs.
const trueKeys = new Set(['elasticfilesystem:AccessedViaMountTarget'].map((key) => key.toLowerCase()));

// IP ranges no broader than an IPv4 /8 (one of IANA's allocation blocks) or an IPv6 /32 (a regional registry's
// allocation to one network) count as narrow; `0.0.0.0/0`, `0.0.0.0/1` or `::/0` let in most of the internet. S3 accepts
// any fixed set of CIDRs as non-public; the line here is our own, to keep a "range" that is everyone from passing.
const narrowestIpv4Prefix = 8;
const narrowestIpv6Prefix = 32;

// true when the test pins the caller, 'at-deploy' when it does if its values known only at deploy time are fixed then.
function pins(operator: ParsedConditionOperator, entry: ConditionKeyEntry): boolean | 'at-deploy' {
  const key = entry.key.toLowerCase();
  if (key === 'aws:sourceip') return operator.family === 'IpAddress' && pinsIpRanges(entry.values);
  if (trueKeys.has(key)) return operator.family === 'Bool' && entry.values.every((v) => v.value.toLowerCase() === 'true');
  if (operator.family !== 'String' && operator.family !== 'Arn') return false;
  if (!isCallerKey(key)) return false;
  // A template value known at deploy (`!Ref OrgId`, `${AWS::AccountId}`) is one fixed value; an IAM policy variable
  // (`${aws:username}`) is the caller's own.
  const sure = entry.values.map((value) => deployedText(value, key, operator.like ? 'may-hold-wildcards' : 'fixed'));
  if (sure.some(holdsCallerVariable)) return false;
  if (pinsValues(operator, key, sure)) return true;
  if (!operator.like) return false;
  return pinsValues(
    operator,
    key,
    entry.values.map((value) => deployedText(value, key, 'fixed')),
  )
    ? 'at-deploy'
    : false;
}

/**
 * Whether a value holds an IAM policy variable of a request key (`${aws:username}`), whose value the caller brings. A
 * `${name}` without a prefix names no key (`'${vpcEndpointId}'` left unfilled in a program's string, API sweep): it
 * matches no caller's value, so it lets no one in.
 */
function holdsCallerVariable(value: string): boolean {
  return /\$\{[^}*?$]*:[^}]*\}/.test(value);
}

// A range known only at deploy time pins if its literal prefix length is narrow whatever the address is
// (`${var.office_ip}/32`); a whole range known only at deploy time pins if it is narrow then.
function pinsIpRanges(values: readonly ConditionValue[]): boolean | 'at-deploy' {
  let atDeploy = false;
  for (const value of values) {
    if (!value.placeholders?.length) {
      if (!isNarrowIpRange(value.value)) return false;
      continue;
    }
    const prefix = /\/(\d{1,3})$/.exec(value.value);
    const lastHoleEnd = Math.max(...value.placeholders.map((hole) => hole.end));
    if (prefix && prefix.index >= lastHoleEnd && Number(prefix[1]) >= Math.max(narrowestIpv4Prefix, narrowestIpv6Prefix)) continue;
    atDeploy = true;
  }
  return atDeploy ? 'at-deploy' : true;
}

// Stand-ins for a template's deploy-time values, of the shape AWS gives them.
const standIns: Partial<Record<Placeholder['kind'], string>> = { account: '123456789012', partition: 'aws', region: 'us-east-1' };

/**
 * A condition value as deployed: its template placeholders replaced by a fixed text of their kind. Under a `Like`
 * operator (ArnEquals is one) a placeholder of unknown text (a parameter) may itself hold wildcards, so the value is
 * read with `*` there ('may-hold-wildcards') to know whether it pins for sure, and without ('fixed') to know whether
 * it does if the deployer gives a fixed value. One that names a resource of the template (`!Ref Topic`,
 * `aws_s3_bucket.logs.arn`) is that resource's ARN, name or ID, which holds none.
 */
function deployedText(value: ConditionValue, key: string, unknown: 'fixed' | 'may-hold-wildcards'): string {
  return textWithHoles(value, (hole) => {
    const standIn = standIns[hole.kind];
    if (standIn) return standIn;
    // The ARN of a resource the template or module names is in one account, whatever follows it
    // (`"${aws_iam_role.builder.arn}*"` is the builder role and the roles named after it, all in that account).
    if (hole.resource?.part === 'arn') return `arn:aws:${hole.resource.service}::${standIns.account}:${hole.resource.type}/fixed`;
    if (unknown === 'may-hold-wildcards' && !hole.resource) return '*';
    // An organization path known at deploy starts with the organization's ID and its slash (`var.org_paths` is whole
    // paths: `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`).
    return hole.start === 0 && orgPathKeys.has(key) ? 'o-0000000000/' : 'fixed';
  })!;
}

function pinsValues(operator: ParsedConditionOperator, key: string, values: readonly string[]): boolean {
  const fixed = (value: string) => !operator.like || !/[*?]/.test(value);
  if (fixedValueKeys.has(key)) return values.every(fixed);
  if (arnKeys.has(key)) return values.every((value) => fixed(value) || hasLiteralAccount(value) || namesOneBucket(value));
  if (orgPathKeys.has(key)) return values.every((value) => /^o-[a-z0-9]{10,32}\//.test(value));
  return false;
}

/**
 * Whether a condition key names who calls or from where (the keys `findCallerPin` reads): an outsider's request
 * carries its own values for them, never the ones a policy names.
 */
export function isCallerKey(key: string): boolean {
  const lower = key.toLowerCase();
  return lower === 'aws:sourceip' || fixedValueKeys.has(lower) || arnKeys.has(lower) || orgPathKeys.has(lower) || trueKeys.has(lower);
}

/** Whether an IP range is narrow enough to pin the caller (see `narrowestIpv4Prefix`). */
export function isNarrowIpRange(value: string): boolean {
  const range = parseIpRange(value);
  if (!range) return false;
  return range.prefixLength >= (range.version === 4 ? narrowestIpv4Prefix : narrowestIpv6Prefix);
}

// A bucket's ARN has no Region or account (`arn:aws:s3:::bucket-name`) and its name is unique in the partition, so
// the widely copied S3-to-SQS notification policy's `arn:aws:s3:*:*:bucket-name` names that one bucket as surely.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/gpbucketnamespaces.html
function namesOneBucket(value: string): boolean {
  const fields = value.split(':');
  return fields.length === 6 && fields[0] === 'arn' && /^aws[a-z-]*$/.test(fields[1]) && fields[2] === 's3' && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(fields[5]);
}

function hasLiteralAccount(value: string): boolean {
  const fields = value.split(':');
  return fields.length >= 6 && fields[0] === 'arn' && /^\d{12}$/.test(fields[4]);
}
