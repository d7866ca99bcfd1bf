/**
 * pulumi-aws's typed policy document (`aws.iam.PolicyDocument`): Go's `iam.PolicyDocumentArgs{…}` and C#'s
 * `new PolicyDocumentArgs { … }`, whose fields are named as IAM's elements rather than in the language's style, and
 * the values of its enums. https://www.pulumi.com/registry/packages/aws/api-docs/iam/documents/
 */
const POLICY_DOCUMENT_TYPE = /^(?:PolicyDocument|PolicyStatement|AWSPrincipal|ServicePrincipal|FederatedPrincipal)Args$/;

/** The enums' members by their Go names (`PolicyStatementEffectALLOW`), each with the value it stands for. */
const CONSTANTS: Readonly<Record<string, string>> = {
  PolicyStatementEffectALLOW: 'Allow',
  PolicyStatementEffectDENY: 'Deny',
  PolicyDocumentVersion_2012_10_17: '2012-10-17',
  PolicyDocumentVersion_2008_10_17: '2008-10-17',
};

/** Whether a type (`iam.PolicyDocumentArgs`, `PolicyStatementArgs`) is one of the typed document's. */
export function isPulumiPolicyDocumentType(typeName: string): boolean {
  return POLICY_DOCUMENT_TYPE.test(typeName.replace(/^.*\./, ''));
}

/**
 * The value an enum member of the typed document stands for: Go's `PolicyStatementEffectALLOW` (`enumName`
 * undefined), C#'s `PolicyStatementEffect.ALLOW` and `PolicyDocumentVersion.PolicyDocumentVersion_2012_10_17`.
 */
export function pulumiPolicyConstant(member: string, enumName?: string): string | undefined {
  const name = enumName === undefined || member.startsWith(enumName) ? member : `${enumName}${member}`;
  return Object.hasOwn(CONSTANTS, name) ? CONSTANTS[name] : undefined;
}
