import { conditionBlocksOf } from '../policy/condition-blocks';
import { isPrivateIpRange, parseIpRange } from '../policy/condition-values';
import type { Check } from './check';

// aws:SourceIp is the public address a request comes from; requests through a VPC endpoint do not carry it at all.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
// IAM Access Analyzer reports these lists as the errors "Private IP address" and "Private NotIpAddress".
export const conditionSourceIpPrivate: Check = {
  id: 'condition-source-ip-private',
  severity: 'error',
  onlyWith: 'Condition',
  description:
    'aws:SourceIp holds the public IP address a request comes from, so a list of only private, loopback or link-local ranges never matches it (IpAddress) or always does (NotIpAddress). Use aws:VpcSourceIp for addresses inside a VPC.',
  run({ policy, report }) {
    for (const block of conditionBlocksOf(policy)) {
      if (block.operator?.family !== 'IpAddress') continue;
      for (const { key, property, values } of block.entry.keys) {
        if (key.toLowerCase() !== 'aws:sourceip' || values.length === 0) continue;
        const allPrivate = values.every((value) => {
          const range = value.jsonType === 'string' ? parseIpRange(value.value) : undefined;
          return range !== undefined && isPrivateIpRange(range);
        });
        if (!allPrivate) continue;
        const effect = block.operator.negated ? 'always matches' : 'never matches';
        report(
          property.keySpan,
          `aws:SourceIp is the public address of the request, so "${block.entry.operator}" with only private addresses ${effect}. Use aws:VpcSourceIp to test addresses inside a VPC.`,
          { fixes: [{ title: 'Change the key to "aws:VpcSourceIp"', edits: [{ span: property.keySpan, newText: '"aws:VpcSourceIp"' }] }] },
        );
      }
    }
  },
};
