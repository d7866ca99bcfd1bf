import type { Check } from './check';

// IAM's own documents (identity, trust, boundary, SCP, RCP, session) allow only ASCII letters and digits in a Sid;
// other services' resource policies accept more: the KMS console's default key policy has "Enable IAM User
// Permissions", S3, SNS and SQS examples use spaces and hyphens. There the finding is only a hint.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
const validSid = /^[A-Za-z0-9]*$/;

export const sidCharacters: Check = {
  id: 'sid-characters',
  severity: 'error',
  description:
    'A Sid may contain only ASCII letters (A-Z, a-z) and digits (0-9) in IAM policies and SCPs; resource policies of S3, KMS, SNS, SQS and other services accept more, so there it is a hint.',
  run({ policy, policyType, report }) {
    for (const statement of policy.statements) {
      const sid = statement.sid?.value;
      if (!sid || validSid.test(sid.value)) continue;
      const fixed = sid.value.replace(/[^A-Za-z0-9]/g, '');
      const fixes = fixed ? [{ title: `Change to "${fixed}"`, edits: [{ span: sid.span, newText: JSON.stringify(fixed) }] }] : [];
      // The service takes it here; what is left to say is that the statement cannot move to an IAM policy as written.
      if (policyType === 'resource')
        report(sid.span, `Sid "${sid.value}" has characters other than letters and digits: resource policies accept them, IAM policies and SCPs do not.`, { severity: 'hint', fixes });
      else report(sid.span, `Sid "${sid.value}" contains characters other than letters and digits. Use only A-Z, a-z and 0-9.`, { fixes });
    }
  },
};
