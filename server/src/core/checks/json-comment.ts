import type { Check } from './check';

export const jsonComment: Check = {
  id: 'json-comment',
  severity: 'warning',
  description: 'Comments are allowed while editing, but IAM rejects a policy that contains them; remove them before you use the policy.',
  run({ policy, report }) {
    for (const error of policy.syntaxErrors) if (error.isComment) report(error.span, error.message);
  },
};
