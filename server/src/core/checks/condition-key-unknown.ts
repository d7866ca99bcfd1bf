import { conditionBlocksOf } from '../policy/condition-blocks';
import { lookUpConditionKey, suggestConditionKeys } from '../policy/condition-keys';
import type { Check, Fix } from './check';

// Keys people reach for that IAM has retired or never had, with what to use instead.
const replacedKeys: Record<string, string> = {
  'aws:arn': 'Use "aws:PrincipalArn" for the principal or "aws:SourceArn" for the resource that sent the request.',
};

// Text left for someone to fill in (placeholder-text.ts): bracketed, or a YOUR_ word.
const KEY_PLACEHOLDER = /<[^<>]+>|\{\{[^{}]+\}\}|\(\([^()]+\)\)|\bYOUR_[A-Z0-9_]+/;

export const conditionKeyUnknown: Check = {
  id: 'condition-key-unknown',
  severity: 'error',
  onlyWith: 'Condition',
  description: 'An aws: condition key must be one of the global condition keys, and a key with a service prefix must be one that service defines; no request carries any other key.',
  run({ policy, catalog, report }) {
    for (const block of conditionBlocksOf(policy)) {
      for (const { key, property } of block.entry.keys) {
        // `<OIDC_provider_name>:sub`, as AWS's pages write the key for the reader to fill in.
        const placeholder = KEY_PLACEHOLDER.exec(key)?.[0];
        if (placeholder) {
          report(property.keySpan, `"${key}" holds the placeholder "${placeholder}", left in for someone to fill, so no request carries this key. Write the key it stands for.`);
          continue;
        }
        const found = lookUpConditionKey(catalog, key);
        if (found.kind !== 'unknown-global' && found.kind !== 'unknown-service') continue;
        const what = found.kind === 'unknown-global' ? 'is not a global condition key' : `is not a condition key of ${found.service.name}`;
        const suggestions = suggestConditionKeys(catalog, key);
        const replaced = replacedKeys[key.toLowerCase()];
        const hint = replaced ?? (suggestions.length > 0 ? `Did you mean "${suggestions[0]}"?` : 'Check the key name in the Service Authorization Reference.');
        const fixes: Fix[] = suggestions.map((suggestion) => ({
          title: `Change to "${suggestion}"`,
          edits: [{ span: property.keySpan, newText: JSON.stringify(suggestion) }],
          isPreferred: suggestions.length === 1,
        }));
        report(property.keySpan, `"${key}" ${what}, so no request carries it. ${hint}`, { fixes });
      }
    }
  },
};
