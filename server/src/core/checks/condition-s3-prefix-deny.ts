import { conditionBlocksOf } from '../policy/condition-blocks';
import type { Check } from './check';

// s3:prefix is the filter the caller chooses for ListObjects; it says nothing about which keys come back.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#condition-key-bucket-ops-2
export const conditionS3PrefixDeny: Check = {
  id: 'condition-s3-prefix-deny',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'A Deny that matches s3:prefix values (StringEquals, StringLike) does not hide those keys: the caller picks the prefix, and a listing with a shorter or no prefix returns the same keys; deny listing unless the prefix is allowed (StringNotLike) and deny reads of the objects.',
  run({ policy, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (!operator || operator.family !== 'String' || operator.negated || block.statement.effect?.value?.value !== 'Deny') continue;
      for (const { key, property } of block.entry.keys) {
        if (key.toLowerCase() !== 's3:prefix') continue;
        report(
          property.keySpan,
          `This Deny applies only when the caller asks for a matching prefix; a listing with a shorter prefix, or none, returns the same keys. To keep keys private, deny listing with "StringNotLike" on the prefixes that are allowed, and deny s3:GetObject on the objects themselves.`,
        );
      }
    }
  },
};
