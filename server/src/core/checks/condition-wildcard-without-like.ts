import { conditionBlocksOf, conditionValueSpan, renameOperatorEdit } from '../policy/condition-blocks';
import { lookUpConditionKey, operatorFamiliesFor } from '../policy/condition-keys';
import { formatConditionOperator, likeVariantOf } from '../policy/condition-operators';
import { mayHavePolicyVariable, withoutPolicyVariables } from '../policy/policy-variables';
import { textWithHoles } from '../policy/value-text';
import type { Check, Fix } from './check';

// IAM Access Analyzer: "Wildcard without like operator".
export const conditionWildcardWithoutLike: Check = {
  id: 'condition-wildcard-without-like',
  severity: 'warning',
  onlyWith: 'Condition',
  description: 'StringEquals, StringNotEquals and their IgnoreCase forms compare * and ? as plain characters; only StringLike, StringNotLike and the ARN operators treat them as wildcards.',
  run({ policy, catalog, report }) {
    const { text } = policy;
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (operator?.family !== 'String' || operator.like) continue;
      const like = likeVariantOf(operator.definition);
      const likeName = like && formatConditionOperator(like.name, operator);
      const edit = likeName ? renameOperatorEdit(block, likeName) : undefined;
      const fixes: Fix[] = edit ? [{ title: `Change the operator to "${likeName}"`, edits: [edit] }] : [];
      const advice = likeName ? `Use "${likeName}" if you meant a wildcard.` : 'StringLike matches wildcards but is case-sensitive; use it with the cases you expect if you meant a wildcard.';
      // Values known only at deploy time too: a `*` written beside `${AWS::Region}` is compared as written all the same.
      for (const { key, values } of block.written.keys) {
        // A String operator on a key of another type (aws:SourceIp "10.0.*") is condition-operator-key-type's to report.
        const found = lookUpConditionKey(catalog, key);
        if (found.kind === 'known' && !(operatorFamiliesFor(found.key)?.includes('String') ?? true)) continue;
        for (const value of values) {
          if (value.jsonType !== 'string') continue;
          // ${*} and ${?} stand for literal characters, not wildcards; a value the host fills in may hold anything.
          const written = textWithHoles(value, () => '') ?? value.value;
          const literal = mayHavePolicyVariable(written) ? withoutPolicyVariables(written) : written;
          if (!literal.includes('*') && !literal.includes('?')) continue;
          if (literal === '*' && keysWithLiteralStar.has(key.toLowerCase())) continue;
          report(conditionValueSpan(text, value), `"${value.value}" contains * or ?, but "${block.entry.operator}" compares them as plain characters. ${advice}`, { fixes });
        }
      }
    }
  },
};

// Keys whose request value is "*" itself when a request grants public access, so StringEquals "*" means exactly
// that request: lambda:Principal is the principal AddPermission is given ("*" makes the function public).
const keysWithLiteralStar: ReadonlySet<string> = new Set(['lambda:principal']);
