import type { Catalog, CatalogAction } from '../catalog/catalog';
import { emptyFieldsKeepingOut, type ResourceFit } from '../policy/action-resource-fit';
import type { PolicyDocument } from '../policy/model';
import { spanInValue } from '../policy/policy-arns';
import type { Fix } from './check';

/**
 * What action-resource-mismatch and resource-unused say of a resource that the actions would act on but for an empty
 * Region or account (`arn:aws:rds:::*`): the fields to fill, with a fix that writes "*" in them where the value is
 * written as matched (not through a template's placeholders). Undefined when no resource is so.
 */
export function emptiedResource(
  policy: PolicyDocument,
  catalog: Catalog,
  actions: readonly CatalogAction[],
  resources: readonly ResourceFit[],
): { resource: ResourceFit; why: string; fixes: Fix[] } | undefined {
  for (const resource of resources) {
    const fields = emptyFieldsKeepingOut(catalog, actions, resource);
    if (!fields) continue;
    const named = fields.length === 2 ? 'Region and account' : fields[0];
    const [are, them] = fields.length === 2 ? ['are', 'them'] : ['is', 'it'];
    const why = `its ${named} ${are} empty, so it matches only resources that have none. Write ${them}, or "*" for any.`;
    if (resource.text !== resource.value.value) return { resource, why, fixes: [] };
    const { region, account } = resource.arn;
    const edits = fields.map((field) => {
      const at = (field === 'Region' ? region : account).start;
      return { span: spanInValue(policy, resource.value, at, at), newText: '*' };
    });
    return { resource, why, fixes: [{ title: `Match any ${named} ("*")`, edits }] };
  }
  return undefined;
}
