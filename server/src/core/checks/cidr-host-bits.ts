import { conditionBlocksOf, conditionValueSpan } from '../policy/condition-blocks';
import { parseIpRange } from '../policy/condition-values';
import { hasHostBits, networkOf } from '../risk/ip-ranges';
import type { Check } from './check';

export const cidrHostBits: Check = {
  id: 'cidr-host-bits',
  severity: 'information',
  onlyWith: 'Condition',
  description: 'An IP range with host bits set ("10.1.2.3/16") is read as its whole network (10.1.0.0/16); write the network address, or /32 if a single address was meant.',
  run({ policy, report }) {
    for (const block of conditionBlocksOf(policy)) {
      if (block.operator?.family !== 'IpAddress') continue;
      for (const entry of block.entry.keys) {
        for (const value of entry.values) {
          if (!value.value.includes('/')) continue;
          const range = parseIpRange(value.value);
          if (!range || !hasHostBits(range)) continue;
          const network = networkOf(range);
          const single = range.version === 4 ? '/32' : '/128';
          report(
            conditionValueSpan(policy.text, value),
            `"${value.value}" has host bits set, so IAM reads it as the whole range ${network}. Write "${network}", or "${value.value.slice(0, value.value.indexOf('/'))}${single}" if one address was meant.`,
            // IAM already reads the value as the network, so writing it out changes nothing: safe for "Fix all".
            { fixes: [{ title: `Change to "${network}"`, edits: [{ span: value.span, newText: JSON.stringify(network) }], isPreferred: true }] },
          );
        }
      }
    }
  },
};
