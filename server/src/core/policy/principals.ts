import type { PrincipalEntry, Statement, StringValue } from './model';
import type { PolicyType } from './policy-type';
import { textWithHoles } from './value-text';

/** One value of a Principal or NotPrincipal object, with the element and principal type it sits under. */
export interface PrincipalValue {
  element: 'Principal' | 'NotPrincipal';
  entry: PrincipalEntry;
  /** The principal type as written: `AWS`, `Service`, `Federated`, `CanonicalUser` (or a misspelling). */
  type: string;
  value: StringValue;
}

/** Every string value under Principal and NotPrincipal objects of a statement, in source order, except values that start with a placeholder. */
export function* principalValuesOf(statement: Statement): Generator<PrincipalValue> {
  for (const [element, principal] of [
    ['Principal', statement.principal],
    ['NotPrincipal', statement.notPrincipal],
  ] as const) {
    for (const entry of principal?.entries ?? []) {
      // A principal known only at deploy time (`!GetAtt Role.Arn`) is not judged by its text; one with literal
      // text around placeholders (`arn:${AWS::Partition}:iam::${AWS::AccountId}:root`) is.
      for (const value of entry.values) if (!value.placeholders?.some((p) => p.start === 0)) yield { element, entry, type: entry.type, value };
    }
  }
}

/**
 * Whether a policy type names its principals one by one. Resource-based policies and role trust policies do;
 * an RCP takes only `"Principal": "*"`, and the other types take no Principal at all.
 */
export function namesPrincipals(type: PolicyType): boolean {
  return type === 'resource' || type === 'trust';
}

/** Whether the value contains `*` or `?`, which IAM never expands inside a principal. */
export function hasPrincipalWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/** A 12-digit AWS account ID, the short form of `arn:aws:iam::111122223333:root`. */
export function isAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}

/**
 * Whether an AWS principal value names a whole account: `111122223333` or `arn:aws:iam::111122223333:root`, in any
 * partition. The account and the partition may be known only at deploy time, as templates write the default key
 * policy: `arn:${AWS::Partition}:iam::${AWS::AccountId}:root`, Terraform's
 * `arn:aws:iam::${data.aws_caller_identity.current.account_id}:root`, `!Ref AWS::AccountId`. A hole of any other kind
 * (a parameter that may hold a role's ARN, or `*`) is no account.
 */
export function isAccountPrincipal(value: StringValue): boolean {
  const text = textWithHoles(value, (hole) => (hole.kind === 'account' ? '111122223333' : hole.kind === 'partition' ? 'aws' : undefined));
  return text !== undefined && accountPrincipal.test(text);
}

const accountPrincipal = /^(?:\d{12}|arn:aws[a-z-]*:iam::\d{12}:root)$/;

// Any partition: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-eusc ...
// A template's `${AWS::Partition}` stands for any of them, and `${AWS::AccountId}` or `${AccountParam}` for an
// account, as Terraform's `${data.aws_partition.current.partition}`, `${local.account_id}` or `${var.ids["prod"]}`
// do; IAM policy variables (`${aws:username}`, with one colon) are not references to a deploy-time value.
const TEMPLATE_REF = String.raw`\$\{(?:AWS::[A-Za-z]+|[^{}:]+)\}`;
const principalArnPrefix = new RegExp(String.raw`^arn:(?:aws(?:-[a-z]+)*|${TEMPLATE_REF}):(?:iam|sts)::`);
const federationArn = new RegExp(String.raw`^arn:(?:aws(?:-[a-z]+)*|${TEMPLATE_REF}):iam::(?:\d{12}|${TEMPLATE_REF}):(saml-provider|oidc-provider)\/.`);

/**
 * Whether the value starts like the ARN of an IAM or STS principal (`arn:PARTITION:iam::` or
 * `arn:PARTITION:sts::`). The rest of the ARN is checked by the ARN rules, not here.
 */
export function isPrincipalArn(value: string): boolean {
  return principalArnPrefix.test(value);
}

/**
 * The kind of IAM entity a unique ID names, when the value is one: IAM writes `AROA...` (role) or `AIDA...`
 * (user) into a policy in place of an ARN whose role or user was deleted.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 */
export function uniqueIdKind(value: string): 'role' | 'user' | undefined {
  const match = /^(AROA|AIDA)[A-Z0-9]{12,28}$/.exec(value);
  if (!match) return undefined;
  return match[1] === 'AROA' ? 'role' : 'user';
}

/** The web identity providers a trust policy may name by domain instead of by OIDC provider ARN. */
export const webIdentityDomains: readonly string[] = ['cognito-identity.amazonaws.com', 'www.amazon.com', 'graph.facebook.com', 'accounts.google.com'];

/** How a `Federated` principal signs in: a SAML provider, or an OIDC (web identity) provider. */
export function federationKind(value: string): 'saml' | 'oidc' | undefined {
  const arn = federationArn.exec(value);
  if (arn) return arn[1] === 'saml-provider' ? 'saml' : 'oidc';
  return webIdentityDomains.includes(value.toLowerCase()) ? 'oidc' : undefined;
}

/** Whether the value is shaped like a DNS name: labels of letters, digits and hyphens joined by dots. */
export function isDomainName(value: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(value);
}

/** The three ways to assume a role, one per kind of principal. */
export const assumeRoleActions = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'] as const;
export type AssumeRoleAction = (typeof assumeRoleActions)[number];

/**
 * The actions a role trust policy can grant: the three AssumeRole variants and the session permissions that
 * go with them. IAM rejects other actions in a trust policy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_control-access_assumerole.html
 */
export const roleTrustActions: readonly string[] = [...assumeRoleActions, 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'];

/**
 * The AssumeRole variant a principal of a trust policy must be granted: sts:AssumeRoleWithSAML for a SAML
 * provider, sts:AssumeRoleWithWebIdentity for an OIDC provider, sts:AssumeRole for AWS and service principals.
 * Undefined for `*`, wildcards, canonical users and values that are not valid principals at all.
 */
export function requiredAssumeRoleAction(type: string, value: string): AssumeRoleAction | undefined {
  if (hasPrincipalWildcard(value)) return undefined;
  if (type === 'AWS' || type === 'Service') return 'sts:AssumeRole';
  if (type !== 'Federated') return undefined;
  const kind = federationKind(value);
  if (kind === 'saml') return 'sts:AssumeRoleWithSAML';
  if (kind === 'oidc') return 'sts:AssumeRoleWithWebIdentity';
  return undefined;
}

/**
 * Endings of the service principals AWS documents: `.amazonaws.com` in most partitions, `.amazonaws.com.cn`
 * in China, the ISO and European Sovereign Cloud domains elsewhere.
 */
export const servicePrincipalSuffixes: readonly string[] = ['.amazonaws.com', '.amazonaws.com.cn', '.amazonaws.eu', '.c2s.ic.gov', '.sc2s.sgov.gov', '.cloud.adc-e.uk', '.csp.hci.ic.gov'];

/** Whether a lowercase host name ends like a documented service principal; Alexa's are under amazon.com. */
export function hasServicePrincipalSuffix(value: string): boolean {
  if (/^alexa-[a-z0-9-]+\.amazon\.com$/.test(value)) return true;
  return servicePrincipalSuffixes.some((suffix) => value.endsWith(suffix) && value.length > suffix.length);
}
