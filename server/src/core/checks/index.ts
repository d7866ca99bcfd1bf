import type { Check } from './check';
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
import { conditionWildcardWithoutLike } from './condition-wildcard-without-like';
import { conditionDateEpoch } from './condition-date-epoch';
import { policyVariableSyntax } from './policy-variable-syntax';
import { policyVariablePlacement } from './policy-variable-placement';
import { policyVariableVersion } from './policy-variable-version';
import { policyVariableOperator } from './policy-variable-operator';
import { principalNotAllowed } from './principal-not-allowed';
import { principalMissing } from './principal-missing';
import { principalFormat } from './principal-format';
import { principalWildcard } from './principal-wildcard';
import { principalServiceFormat } from './principal-service-format';
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
  conditionWildcardWithoutLike,
  conditionDateEpoch,
  policyVariableSyntax,
  policyVariablePlacement,
  policyVariableVersion,
  policyVariableOperator,
];

export function findCheck(id: string): Check | undefined {
  return allChecks.find((check) => check.id === id);
}
