import { policyVersions } from '../policy/elements';
import type { Check } from './check';

export const versionInvalid: Check = {
  id: 'version-invalid',
  severity: 'error',
  description: 'Version must be "2012-10-17" (current) or "2008-10-17" (old, without policy variables). It is a language version, not a date you choose.',
  run({ policy, report }) {
    const value = policy.version?.value;
    if (!value || (policyVersions as readonly string[]).includes(value.value)) return;
    report(value.span, `Version "${value.value}" is not valid. Use "2012-10-17".`, {
      fixes: [{ title: 'Change to "2012-10-17"', edits: [{ span: value.span, newText: '"2012-10-17"' }], isPreferred: true }],
    });
  },
};
