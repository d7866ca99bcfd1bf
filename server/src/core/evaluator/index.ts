// The policy evaluator: AWS's evaluation logic over parsed policies. evaluate.ts is the entry; decide.ts the decision.
export { evaluate } from './evaluate';
export { describePolicy } from './explain';
export { compilePolicies, compilePolicy, blockingChecks, UNKNOWN_OPERATOR_RULE, type CompiledPolicy, type CompiledPolicySet } from './compile';
export { compilePolicyValue } from './compile-value';
export { deriveContext } from './derive-context';
export type * from './types';
