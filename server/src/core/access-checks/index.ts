// Local, exact policy checks with proof: no new access, access not granted, no public access (issue 16).
export { checkAccessNotGranted, checkNoNewAccess, checkNoPublicAccess, PUBLIC_ACCESS_RESOURCE_TYPES } from './checks';
export type { AccessCheckOptions, AccessCheckResult, AccessNotGrantedOptions, ActionMode, CheckPolicyType, CheckVerdict, Witness } from './checks';
export { checkNoNewAccessByName, checkPolicyTypeOf, matchBasePolicies, namePartsOf, selectsPolicy } from './host-policies';
export type { PolicyCheckResult } from './host-policies';
export { MAX_DIFFERENCES } from './differences';
export type { DifferenceKind, NewAccessDifference } from './differences';
