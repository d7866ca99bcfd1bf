import type { JsonNode } from '../policy/model';

/**
 * Whether JSON text a program or script holds is written as an IAM policy: IAM's elements alone (`Version`, `Id`,
 * `Statement`), its Statement a list of statements or an object. An empty list is a stub the code fills later.
 */
export function isIamShapedJson(root: JsonNode): boolean {
  if (root.type !== 'object') return false;
  let statement = false;
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !/^(?:Version|Id|Statement)$/.test(String(key.value))) return false;
    if (key.value === 'Statement') statement = (value?.type === 'array' && (value.children?.length ?? 0) > 0) || value?.type === 'object';
  }
  return statement;
}
