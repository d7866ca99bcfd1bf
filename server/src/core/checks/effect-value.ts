import type { Check, Fix } from './check';
import type { StringValue } from '../policy/model';

export const effectValue: Check = {
  id: 'effect-value',
  severity: 'error',
  description: 'Effect must be exactly "Allow" or "Deny"; IAM matches it case-sensitively.',
  run({ policy, report }) {
    for (const { effect } of policy.statements) {
      const value = effect?.value;
      if (value && value.value !== 'Allow' && value.value !== 'Deny') {
        report(value.span, `Effect "${value.value}" is not valid. Use "Allow" or "Deny".`, { fixes: casedEffectFix(value) });
      }
    }
  },
};

function casedEffectFix(value: StringValue): Fix[] {
  const lower = value.value.trim().toLowerCase();
  const effect = lower === 'allow' ? 'Allow' : lower === 'deny' ? 'Deny' : undefined;
  return effect ? [{ title: `Change to "${effect}"`, edits: [{ span: value.span, newText: `"${effect}"` }], isPreferred: true }] : [];
}
