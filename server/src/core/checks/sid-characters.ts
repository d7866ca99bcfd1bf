import type { Check } from './check';

// IAM's own documents (identity, trust, boundary, SCP, RCP, session) allow only ASCII letters and digits in a Sid;
// other services' resource policies (S3, SQS, SNS ...) accept more, so there it is only a warning.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
const validSid = /^[A-Za-z0-9]*$/;

export const sidCharacters: Check = {
  id: 'sid-characters',
  severity: 'error',
  description: 'A Sid may contain only ASCII letters (A-Z, a-z) and digits (0-9). Some services accept more in resource policies; IAM does not.',
  run({ policy, policyType, report }) {
    for (const statement of policy.statements) {
      const sid = statement.sid?.value;
      if (!sid || validSid.test(sid.value)) continue;
      const fixed = sid.value.replace(/[^A-Za-z0-9]/g, '');
      report(sid.span, `Sid "${sid.value}" contains characters other than letters and digits. Use only A-Z, a-z and 0-9.`, {
        severity: policyType === 'resource' ? 'warning' : undefined,
        fixes: fixed ? [{ title: `Change to "${fixed}"`, edits: [{ span: sid.span, newText: JSON.stringify(fixed) }] }] : [],
      });
    }
  },
};
