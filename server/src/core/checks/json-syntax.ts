import type { Check } from './check';

export const jsonSyntax: Check = {
  id: 'json-syntax',
  severity: 'error',
  description: 'The policy must be valid JSON: IAM rejects trailing commas, missing quotes and anything else JSON does not allow.',
  run({ policy, report }) {
    for (const error of policy.syntaxErrors) if (!error.isComment) report(error.span, error.message, error.fix ? { fixes: [{ ...error.fix, isPreferred: true }] } : {});
  },
};
