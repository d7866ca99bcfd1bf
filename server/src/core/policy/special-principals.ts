/**
 * Principal ARNs AWS documents whose account field is a service name instead of an account ID. Today that is the
 * CloudFront origin access identity (OAI), which S3 bucket policies name as
 * `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity <OAI ID>`:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
 * (the IAM User Guide's "AWS JSON policy elements: Principal" page lists account, role, session, user, service and
 * `*` principals, and no other principal ARN of this kind:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 */
const specialPrincipals: readonly { name: string; pattern: RegExp }[] = [
  // The ID is the OAI's own ID (E2QWRUHAPOMQZL), or a variable / placeholder filled in at deploy time.
  { name: 'CloudFront origin access identity', pattern: /^arn:aws(?:-cn)?:iam::cloudfront:user\/CloudFront Origin Access Identity \S+$/ },
];

/** The kind of special principal an ARN names (see `specialPrincipals`), or undefined for any other string. */
export function specialPrincipalKind(value: string): string | undefined {
  return specialPrincipals.find((p) => p.pattern.test(value))?.name;
}
