import { conditionBlocksOf, conditionValueSpan } from '../policy/condition-blocks';
import { epochToIsoDate, isEpochMilliseconds, isEpochValue } from '../policy/condition-values';
import type { Check, Fix } from './check';

// IAM Access Analyzer: "Invalid date value" recommends ISO 8601 over epoch time. aws:EpochTime is epoch time itself,
// so epoch seconds are natural there.
export const conditionDateEpoch: Check = {
  id: 'condition-date-epoch',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'Date operators accept epoch seconds, but an ISO 8601 date such as "2025-01-31T00:00:00Z" says plainly which moment is meant; a 13-digit value is milliseconds, which IAM reads as seconds thousands of years ahead.',
  run({ policy, report }) {
    const { text } = policy;
    for (const block of conditionBlocksOf(policy)) {
      if (block.operator?.family !== 'Date') continue;
      for (const { key, values } of block.entry.keys) {
        const epochKey = key.toLowerCase() === 'aws:epochtime';
        for (const value of values) {
          if (value.jsonType === 'null' || !isEpochValue(value.value)) continue;
          const span = conditionValueSpan(text, value);
          if (isEpochMilliseconds(value.value)) {
            const iso = epochToIsoDate(value.value, true);
            const year = new Date(Number(value.value) * 1000).getUTCFullYear();
            const when = Number.isNaN(year) ? '' : ` (a date in the year ${year})`;
            report(span, `${value.value} looks like epoch milliseconds, but IAM reads epoch time in seconds${when}.${iso ? ` Write "${iso}".` : ''}`, {
              fixes: iso ? [isoFix(value.span, iso, false)] : [],
            });
          } else if (!epochKey) {
            const iso = epochToIsoDate(value.value)!;
            report(span, `${value.value} is epoch time; an ISO 8601 date says plainly which moment is meant. Write "${iso}".`, { fixes: [isoFix(value.span, iso, true)] });
          }
        }
      }
    }
  },
};

function isoFix(span: { start: number; end: number }, iso: string, isPreferred: boolean): Fix {
  return { title: `Change to "${iso}"`, edits: [{ span, newText: JSON.stringify(iso) }], isPreferred };
}
