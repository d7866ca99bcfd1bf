import type { Catalog } from '../catalog/catalog';
import { conditionBlocksOf } from '../policy/condition-blocks';
import { isConditionKeyFormat, lookUpConditionKey } from '../policy/condition-keys';
import type { Check } from './check';

export const conditionKeyFormat: Check = {
  id: 'condition-key-format',
  severity: 'error',
  onlyWith: 'Condition',
  description: 'A condition key is written "prefix:name", such as "aws:SourceIp" or "s3:prefix"; a name without its prefix names no key.',
  run({ policy, catalog, report }) {
    for (const block of conditionBlocksOf(policy)) {
      for (const { key, property, keyPlaceholders } of block.entry.keys) {
        // A key the code computes (`${KEY}`, `${prefix}:name`) may be any key once deployed.
        if (isConditionKeyFormat(key) || keyPlaceholders) continue;
        const global = globalKeyFor(catalog, key);
        const hint = global ? `Did you mean "${global}"?` : 'Write it as "prefix:name", such as "aws:SourceIp" or "s3:prefix".';
        report(property.keySpan, `"${key}" is not a valid condition key format. ${hint}`, {
          fixes: global ? [{ title: `Change to "${global}"`, edits: [{ span: property.keySpan, newText: JSON.stringify(global) }], isPreferred: true }] : [],
        });
      }
    }
  },
};

// "SourceIp" and "ResourceTag/team" are global keys without their "aws:".
function globalKeyFor(catalog: Catalog, key: string): string | undefined {
  const name = key.startsWith(':') ? key.slice(1) : key;
  if (name === '' || name.includes(':')) return undefined;
  const found = lookUpConditionKey(catalog, `aws:${name}`);
  if (found.kind !== 'known' || !found.key.global) return undefined;
  return found.key.template ? `aws:${name}` : found.key.name;
}
