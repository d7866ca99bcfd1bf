import type { Check } from './check';
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
];

export function findCheck(id: string): Check | undefined {
  return allChecks.find((check) => check.id === id);
}
