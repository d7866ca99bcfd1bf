import type { PolicyType } from '../../policy/policy-type';

/**
 * Inputs of public registry modules that are a whole policy document the module gives a resource as it is:
 * terraform-aws-modules' iam-policy module passes `policy` to its aws_iam_policy, its s3-bucket module `policy` to the
 * bucket's policy (with its `_S3_BUCKET_ARN_` tokens, template.ts). Any other module's arguments are its own input
 * variables, whatever their names, and are not read as policies.
 * https://github.com/terraform-aws-modules/terraform-aws-iam/tree/master/modules/iam-policy
 * https://github.com/terraform-aws-modules/terraform-aws-s3-bucket
 */
const registryModules: readonly { repository: string; registry: string; inputs: Readonly<Record<string, PolicyType>> }[] = [
  { repository: 'terraform-aws-iam', registry: 'iam/aws//modules/iam-policy', inputs: { policy: 'identity' } },
  { repository: 'terraform-aws-s3-bucket', registry: 's3-bucket/aws', inputs: { policy: 'resource' } },
];

/**
 * The policy inputs of the module a `source` names: the registry address (`terraform-aws-modules/iam/aws//modules/iam-policy`)
 * or the module's repository (`github.com/terraform-aws-modules/terraform-aws-iam//modules/iam-policy?ref=v5.39.0`,
 * `git::https://…`); undefined for any other module.
 */
export function modulePolicyInputs(source: string): Readonly<Record<string, PolicyType>> | undefined {
  const address = source
    .trim()
    .replace(/\?.*$/, '')
    .replace(/^(?:git::)?(?:https:\/\/|ssh:\/\/git@)?(?:registry\.terraform\.io\/)?/, '')
    // Git's scp-like address, `git@github.com:terraform-aws-modules/…`.
    .replace(/^git@github\.com:/, 'github.com/');
  for (const { repository, registry, inputs } of registryModules) {
    const folder = registry.includes('//') ? registry.slice(registry.indexOf('//')) : '';
    if (address === `terraform-aws-modules/${registry}`) return inputs;
    if (address.replace(/\.git(?=\/\/|$)/, '') === `github.com/terraform-aws-modules/${repository}${folder}`) return inputs;
  }
  return undefined;
}
