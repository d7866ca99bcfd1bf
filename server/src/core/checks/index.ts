import type { Check } from './check';
import { conditionS3PrefixDeny } from './condition-s3-prefix-deny';
import { cidrHostBits } from './cidr-host-bits';
import { conditionArnStringLike } from './condition-arn-string-like';
import { conditionAudienceSetOperator } from './condition-audience-set-operator';
import { conditionDynamodbAttributes } from './condition-dynamodb-attributes';
import { conditionForAllValuesAbsent } from './condition-for-all-values-absent';
import { conditionMfaPitfall } from './condition-mfa-pitfall';
import { secureTransportCondition } from './secure-transport-condition';
import { conditionTagUnsupported } from './condition-tag-unsupported';
import { credentialsExposure } from './credentials-exposure';
import { dataExfiltration } from './data-exfiltration';
import { deadStatement } from './dead-statement';
import { allowDenied } from './allow-denied';
import { lambdaPermissionSource } from './lambda-permission-source';
import { notActionAllow } from './not-action-allow';
import { notResourceAllow } from './not-resource-allow';
import { passRoleWildcard } from './pass-role-wildcard';
import { privilegeEscalation } from './privilege-escalation';
import { redundantAction } from './redundant-action';
import { redundantConditionValue } from './redundant-condition-value';
import { redundantResource } from './redundant-resource';
import { redundantStatement } from './redundant-statement';
import { resourceExposure } from './resource-exposure';
import { resourcePublic } from './resource-public';
import { trustAnyPrincipal } from './trust-any-principal';
import { trustConfusedDeputy } from './trust-confused-deputy';
import { trustRolesAnywhereCondition } from './trust-roles-anywhere-condition';
import { trustExternalId } from './trust-external-id';
import { trustGithubSub } from './trust-github-sub';
import { trustOidcConditions } from './trust-oidc-conditions';
import { trustOidcClaimKey } from './trust-oidc-claim-key';
import { regionDenyGlobalServices } from './region-deny-global-services';
import { boundaryNoAllow } from './boundary-no-allow';
import { conditionAccountFormat } from './condition-account-format';
import { conditionOrgFormat } from './condition-org-format';
import { resourceConfusedDeputy } from './resource-confused-deputy';
import { conditionServicePrincipalFormat } from './condition-service-principal-format';
import { conditionValueNegation } from './condition-value-negation';
import { wildcardAction } from './wildcard-action';
import { wildcardResource } from './wildcard-resource';
import { arnFormat } from './arn-format';
import { arnPartition } from './arn-partition';
import { arnService } from './arn-service';
import { arnRegion } from './arn-region';
import { arnAccount } from './arn-account';
import { arnResourceType } from './arn-resource-type';
import { actionResourceMismatch } from './action-resource-mismatch';
import { resourceLevelUnsupported } from './resource-level-unsupported';
import { resourceUnused } from './resource-unused';
import { conditionOperatorUnknown } from './condition-operator-unknown';
import { conditionKeyUnknown } from './condition-key-unknown';
import { conditionKeyFormat } from './condition-key-format';
import { conditionTagKeyMissing } from './condition-tag-key-missing';
import { conditionKeyCaseDuplicate } from './condition-key-case-duplicate';
import { conditionKeyUnsupported } from './condition-key-unsupported';
import { conditionValueMixedTypes } from './condition-value-mixed-types';
import { conditionValueFormat } from './condition-value-format';
import { conditionOperatorKeyType } from './condition-operator-key-type';
import { conditionSetOperator } from './condition-set-operator';
import { conditionNullOperator } from './condition-null-operator';
import { conditionSourceIpPrivate } from './condition-source-ip-private';
import { conditionVpcFormat } from './condition-vpc-format';
import { conditionPrincipalArn } from './condition-principal-arn';
import { conditionWildcardWithoutLike } from './condition-wildcard-without-like';
import { conditionDateEpoch } from './condition-date-epoch';
import { policyVariableSyntax } from './policy-variable-syntax';
import { policyVariablePlacement } from './policy-variable-placement';
import { policyVariableVersion } from './policy-variable-version';
import { policyVariableOperator } from './policy-variable-operator';
import { policyVariableUnknown } from './policy-variable-unknown';
import { principalNotAllowed } from './principal-not-allowed';
import { principalMissing } from './principal-missing';
import { principalFormat } from './principal-format';
import { principalWildcard } from './principal-wildcard';
import { principalServiceFormat } from './principal-service-format';
import { principalServiceUnknown } from './principal-service-unknown';
import { principalFederatedOutsideTrust } from './principal-federated-outside-trust';
import { principalUniqueId } from './principal-unique-id';
import { trustAssumeRoleVariant } from './trust-assume-role-variant';
import { trustPolicyElements } from './trust-policy-elements';
import { rcpElements } from './rcp-elements';
import { rcpUnsupportedService } from './rcp-unsupported-service';
import { policySize } from './policy-size';
import { actionMissing } from './action-missing';
import { actionCase } from './action-case';
import { actionFormat } from './action-format';
import { actionServiceUnknown } from './action-service-unknown';
import { actionUnknown } from './action-unknown';
import { actionWildcardNoMatch } from './action-wildcard-no-match';
import { duplicateKey } from './duplicate-key';
import { effectMissing } from './effect-missing';
import { effectValue } from './effect-value';
import { elementConflict } from './element-conflict';
import { emptyValue } from './empty-value';
import { jsonComment } from './json-comment';
import { jsonSyntax } from './json-syntax';
import { policyNotObject } from './policy-not-object';
import { resourceMissing } from './resource-missing';
import { sidCharacters } from './sid-characters';
import { sidDuplicate } from './sid-duplicate';
import { statementMissing } from './statement-missing';
import { unknownElement } from './unknown-element';
import { valueType } from './value-type';
import { versionInvalid } from './version-invalid';
import { versionMissing } from './version-missing';

/** Every rule, in the order their findings are reported. */
export const allChecks: readonly Check[] = [
  jsonSyntax,
  jsonComment,
  duplicateKey,
  policyNotObject,
  statementMissing,
  versionMissing,
  versionInvalid,
  unknownElement,
  valueType,
  effectMissing,
  effectValue,
  elementConflict,
  actionMissing,
  resourceMissing,
  sidDuplicate,
  sidCharacters,
  emptyValue,
  actionFormat,
  actionServiceUnknown,
  actionUnknown,
  actionWildcardNoMatch,
  actionCase,
  arnFormat,
  arnPartition,
  arnService,
  arnRegion,
  arnAccount,
  arnResourceType,
  actionResourceMismatch,
  resourceLevelUnsupported,
  resourceUnused,
  principalNotAllowed,
  principalMissing,
  principalFormat,
  principalWildcard,
  principalServiceFormat,
  principalServiceUnknown,
  principalFederatedOutsideTrust,
  principalUniqueId,
  trustAssumeRoleVariant,
  trustPolicyElements,
  rcpElements,
  rcpUnsupportedService,
  policySize,
  conditionOperatorUnknown,
  conditionKeyUnknown,
  conditionKeyFormat,
  conditionTagKeyMissing,
  conditionKeyCaseDuplicate,
  conditionKeyUnsupported,
  conditionValueMixedTypes,
  conditionValueFormat,
  conditionOperatorKeyType,
  conditionSetOperator,
  conditionNullOperator,
  conditionSourceIpPrivate,
  conditionVpcFormat,
  conditionPrincipalArn,
  conditionWildcardWithoutLike,
  conditionDateEpoch,
  policyVariableSyntax,
  policyVariablePlacement,
  policyVariableVersion,
  policyVariableOperator,
  policyVariableUnknown,
  cidrHostBits,
  conditionArnStringLike,
  conditionAudienceSetOperator,
  conditionDynamodbAttributes,
  conditionForAllValuesAbsent,
  conditionMfaPitfall,
  secureTransportCondition,
  conditionTagUnsupported,
  credentialsExposure,
  dataExfiltration,
  deadStatement,
  allowDenied,
  lambdaPermissionSource,
  notActionAllow,
  notResourceAllow,
  passRoleWildcard,
  privilegeEscalation,
  redundantAction,
  redundantConditionValue,
  redundantResource,
  redundantStatement,
  resourceExposure,
  resourcePublic,
  trustAnyPrincipal,
  trustConfusedDeputy,
  trustRolesAnywhereCondition,
  trustExternalId,
  trustGithubSub,
  trustOidcConditions,
  trustOidcClaimKey,
  regionDenyGlobalServices,
  boundaryNoAllow,
  conditionAccountFormat,
  conditionOrgFormat,
  resourceConfusedDeputy,
  conditionServicePrincipalFormat,
  conditionValueNegation,
  wildcardAction,
  wildcardResource,
  conditionS3PrefixDeny,
];

export function findCheck(id: string): Check | undefined {
  return allChecks.find((check) => check.id === id);
}
