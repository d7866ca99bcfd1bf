/**
 * Actions a service accepts and writes into its own policies that the Service Authorization Reference (and so the
 * catalog) does not list, by lower-case full name, with where AWS writes them. A policy holding one is AWS's own
 * text, not a typo: action-unknown says so as information instead of an error.
 */
export const undocumentedActions: ReadonlyMap<string, string> = new Map([
  // The default access policy SNS gives every topic it creates (`__default_statement_ID`), which CDK and the AWS
  // Solutions Constructs write out as a topic's policy.
  ['sns:receive', 'Amazon SNS writes it into the default access policy of every topic it creates'],
]);
