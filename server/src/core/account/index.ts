// The account model and the questions asked of it: what can a principal do, who can do something, who can escalate.
export * from './model';
export { readAuthorizationDetails, readAuthorizationDetailsValue, parseJsonFile, mergeAccounts } from './authorization-details';
export { decodePolicyDocument } from './documents';
export { getManagedPolicies, loadManagedPolicies, type ManagedPolicy, type ManagedPolicies } from './managed-policies';
export { findPrincipal, principalPolicies, resolveManagedPolicy, groupsOf, type PrincipalPolicies } from './principal-policies';
export { AccountEvaluator, isTrustAction, type AccountQueryOptions, type ConditionNeed, type GrantingStatement, type PrincipalDecision } from './account-evaluator';
export { whoCan, assumersOf, trustedServices, type WhoCanEntry, type WhoCanResult } from './who-can';
export { whatCan, fillVariables, type WhatCanEntry, type WhatCanResult } from './what-can';
export { findEscalations, isAdministrator, ADMIN_PROBES, type Escalation, type EscalationResult, type EscalationStep, type EscalationMethodId } from './escalations';
export { readTemplateAccount, type TemplateAccountOptions, type TemplateAccountResult } from './from-cloudformation';
export { readModuleAccount, type ModuleAccountOptions, type ModuleAccountResult, type ModuleFile } from './from-terraform';
export { DEPLOY_TIME_PREFIX } from './deploy-time';
