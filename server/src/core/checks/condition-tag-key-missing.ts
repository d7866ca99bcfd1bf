import type { CatalogConditionKey } from '../catalog/catalog';
import { conditionBlocksOf } from '../policy/condition-blocks';
import { lookUpConditionKey } from '../policy/condition-keys';
import type { Check } from './check';

export const conditionTagKeyMissing: Check = {
  id: 'condition-tag-key-missing',
  severity: 'error',
  onlyWith: 'Condition',
  description: 'Keys such as aws:ResourceTag, aws:RequestTag, aws:PrincipalTag and s3:ExistingObjectTag take the tag key after a slash ("aws:ResourceTag/team"); on their own they name no key.',
  run({ policy, catalog, report }) {
    for (const block of conditionBlocksOf(policy)) {
      for (const { key, property } of block.entry.keys) {
        const found = lookUpConditionKey(catalog, key);
        if (found.kind !== 'missing-placeholder') continue;
        const { head, part } = describeTemplate(found.template);
        report(property.keySpan, `Condition key "${key}" is missing its ${part}. Add it after "${head}", as in "${head}${part === 'tag key' ? 'team' : 'name'}".`);
      }
    }
  },
};

// "aws:ResourceTag/${TagKey}" gives head "aws:ResourceTag/" and part "tag key".
function describeTemplate(template: CatalogConditionKey): { head: string; part: string } {
  const placeholder = /(\$\{[^}]+\}|<[^>]+>|tag-key)$/.exec(template.name);
  const head = placeholder ? template.name.slice(0, placeholder.index) : template.name;
  return { head, part: /tag/i.test(head) || /tag/i.test(placeholder?.[0] ?? '') ? 'tag key' : 'key name' };
}
