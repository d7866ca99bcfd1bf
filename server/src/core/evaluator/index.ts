// The policy evaluator: AWS's evaluation logic over parsed policies. See evaluate.ts for the decision itself.
export { evaluate, describePolicy } from './evaluate';
export { compilePolicies, compilePolicy, blockingChecks, UNKNOWN_OPERATOR_RULE, type CompiledPolicy, type CompiledPolicySet } from './compile';
export { compilePolicyValue } from './compile-value';
export { deriveContext } from './derive-context';
export type * from './types';
