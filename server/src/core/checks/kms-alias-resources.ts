import type { CatalogAction } from '../catalog/catalog';
import type { ResourceFit } from '../policy/action-resource-fit';

/**
 * A KMS alias ARN among the resources of actions that act on keys, which KMS authorizes on the key's ARN only: "When an
 * alias is the value of a resource element, the policy applies to the alias resource, not to any KMS key that might be
 * associated with it." The alias lets such a statement grant nothing through it; the condition key
 * kms:ResourceAliases is how a policy allows keys by their aliases.
 * https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html
 */
export function aliasNamedForKey(actions: readonly CatalogAction[], resources: readonly ResourceFit[]): ResourceFit | undefined {
  if (!actions.some(actsOnKeys)) return undefined;
  return resources.find((resource) => !resource.used && isAliasArn(resource));
}

/** What action-resource-mismatch and resource-unused say of such an alias, which `subject` names (the ARN, or "it"). */
export function aliasAdvice(alias: ResourceFit, subject = `"${alias.value.value}"`): string {
  const named = /[*?]/.test(alias.arn.resource.text) ? 'aliases, not the keys they point to' : 'an alias, not the key it points to';
  return `${subject} names ${named}, and KMS authorizes a key's actions on the key's ARN. Name the key (key/…), or allow keys by their aliases with the condition key "kms:ResourceAliases".`;
}

function actsOnKeys(action: CatalogAction): boolean {
  return action.service === 'kms' && action.resourceTypes.some(({ resourceType }) => resourceType.name === 'key');
}

function isAliasArn({ arn }: ResourceFit): boolean {
  return arn.service.text === 'kms' && arn.resource.text.startsWith('alias/');
}
