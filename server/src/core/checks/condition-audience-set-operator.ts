import { conditionBlocksOf, renameOperatorEdit } from '../policy/condition-blocks';
import { lookUpConditionKey } from '../policy/condition-keys';
import { formatConditionOperator } from '../policy/condition-operators';
import type { Check, Fix } from './check';

const audience = /:aud$/i;

// An OIDC token names one audience in the request context; set operators are for multivalued keys. Keys the
// catalog knows (accounts.google.com:aud, cognito-identity.amazonaws.com:aud) are condition-set-operator's.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
export const conditionAudienceSetOperator: Check = {
  id: 'condition-audience-set-operator',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    "An identity provider's audience claim (…:aud) holds a single value: ForAllValues: on it is also true when the claim is missing, and ForAnyValue: only obscures a plain comparison; use StringEquals.",
  run({ policy, catalog, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (!operator?.setQualifier || operator.family === 'Null') continue;
      const plain = formatConditionOperator(operator.base, { ifExists: operator.ifExists });
      const everyKeyIsAudience = block.entry.keys.every(({ key }) => audience.test(key));
      const edit = everyKeyIsAudience ? renameOperatorEdit(block, plain) : undefined;
      for (const { key, property } of block.entry.keys) {
        if (!audience.test(key) || lookUpConditionKey(catalog, key).kind === 'known') continue;
        const forAll = operator.setQualifier === 'ForAllValues';
        const fixes: Fix[] = edit ? [{ title: `Change the operator to "${plain}"`, edits: [edit], ...(forAll ? {} : { isPreferred: true }) }] : [];
        if (forAll) {
          report(property.keySpan, `"${key}" holds a single audience, and "${block.entry.operator}" is also true when the token carries none, so the audience check can be skipped. Use "${plain}".`, {
            fixes,
          });
        } else {
          report(property.keySpan, `"${key}" holds a single audience, so "${block.entry.operator}" is a plain comparison in disguise. Use "${plain}".`, { severity: 'information', fixes });
        }
      }
    }
  },
};
