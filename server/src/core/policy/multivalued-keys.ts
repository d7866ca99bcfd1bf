import type { Catalog } from '../catalog/catalog';
import { lookUpConditionKey } from './condition-keys';

/**
 * Condition keys AWS documents as multivalued although the service reference (and so the catalog) types them as
 * single strings. Keep this list small and cite the page for each entry.
 */
const documentedMultivalued: ReadonlyMap<string, string> = new Map([
  // "one of the array members of the multivalued amr claim": Cognito identity pools' role trust examples use
  // ForAnyValue:StringLike. https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
  ['cognito-identity.amazonaws.com:amr', 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html'],
]);

/**
 * Whether a condition key can carry several values in one request: true or false for keys the catalog knows or
 * the documented exceptions above; undefined for unknown keys.
 */
export function isMultivaluedKey(catalog: Catalog, key: string): boolean | undefined {
  if (documentedMultivalued.has(key.toLowerCase())) return true;
  const found = lookUpConditionKey(catalog, key);
  return found.kind === 'known' ? found.key.multiValued : undefined;
}
