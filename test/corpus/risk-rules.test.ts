import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../../server/src/core/catalog/catalog';
import type { Check, Problem } from '../../server/src/core/checks/check';
import { checkPolicy } from '../../server/src/core/lint';
import { parsePolicy } from '../../server/src/core/policy/parse-policy';
import { managedPolicies } from '../helpers/managed-policies';
import { conditionArnStringLike } from '../../server/src/core/checks/condition-arn-string-like';
import { conditionAudienceSetOperator } from '../../server/src/core/checks/condition-audience-set-operator';
import { conditionDynamodbAttributes } from '../../server/src/core/checks/condition-dynamodb-attributes';
import { conditionForAllValuesAbsent } from '../../server/src/core/checks/condition-for-all-values-absent';
import { conditionMfaPitfall } from '../../server/src/core/checks/condition-mfa-pitfall';
import { conditionS3PrefixDeny } from '../../server/src/core/checks/condition-s3-prefix-deny';
import { conditionTagUnsupported } from '../../server/src/core/checks/condition-tag-unsupported';
import { cidrHostBits } from '../../server/src/core/checks/cidr-host-bits';
import { credentialsExposure } from '../../server/src/core/checks/credentials-exposure';
import { dataExfiltration } from '../../server/src/core/checks/data-exfiltration';
import { deadStatement } from '../../server/src/core/checks/dead-statement';
import { notActionAllow } from '../../server/src/core/checks/not-action-allow';
import { notResourceAllow } from '../../server/src/core/checks/not-resource-allow';
import { passRoleWildcard } from '../../server/src/core/checks/pass-role-wildcard';
import { privilegeEscalation } from '../../server/src/core/checks/privilege-escalation';
import { redundantAction } from '../../server/src/core/checks/redundant-action';
import { redundantConditionValue } from '../../server/src/core/checks/redundant-condition-value';
import { redundantResource } from '../../server/src/core/checks/redundant-resource';
import { redundantStatement } from '../../server/src/core/checks/redundant-statement';
import { resourceExposure } from '../../server/src/core/checks/resource-exposure';
import { trustAnyPrincipal } from '../../server/src/core/checks/trust-any-principal';
import { trustConfusedDeputy } from '../../server/src/core/checks/trust-confused-deputy';
import { trustExternalId } from '../../server/src/core/checks/trust-external-id';
import { trustGithubSub } from '../../server/src/core/checks/trust-github-sub';
import { trustOidcConditions } from '../../server/src/core/checks/trust-oidc-conditions';
import { wildcardAction } from '../../server/src/core/checks/wildcard-action';
import { wildcardResource } from '../../server/src/core/checks/wildcard-resource';

// The over-broad and risky-policy rules, run on AWS's own managed policies as identity-based policies: AWS's broad
// policies (AdministratorAccess, PowerUserAccess, ReadOnlyAccess) rightly draw the over-broad findings, but none
// of these rules may report an error, and each finding must hold up against the catalog.
const riskRules: readonly Check[] = [
  wildcardAction,
  wildcardResource,
  notActionAllow,
  notResourceAllow,
  passRoleWildcard,
  privilegeEscalation,
  credentialsExposure,
  dataExfiltration,
  resourceExposure,
  trustAnyPrincipal,
  trustConfusedDeputy,
  trustOidcConditions,
  trustGithubSub,
  trustExternalId,
  conditionForAllValuesAbsent,
  conditionAudienceSetOperator,
  conditionMfaPitfall,
  conditionS3PrefixDeny,
  conditionDynamodbAttributes,
  conditionArnStringLike,
  conditionTagUnsupported,
  redundantAction,
  redundantResource,
  redundantStatement,
  redundantConditionValue,
  cidrHostBits,
  deadStatement,
];

let findings: Map<string, { text: string; problems: Problem[] }> | undefined;

function corpusFindings(): Map<string, { text: string; problems: Problem[] }> {
  findings ??= new Map(managedPolicies().map(({ name, text }) => [name, { text, problems: checkPolicy(parsePolicy(text), { policyType: 'identity' }, riskRules) }]));
  return findings;
}

test('no risk rule reports an error on an AWS managed policy', () => {
  const errors = [...corpusFindings()].flatMap(([name, { problems }]) => problems.filter((p) => p.severity === 'error').map((p) => `${name}: ${p.ruleId}: ${p.message}`));
  assert.deepEqual(errors, []);
});

test("AWS's broad managed policies draw the over-broad findings they should", () => {
  const rulesOf = (name: string) =>
    new Set(
      corpusFindings()
        .get(name)!
        .problems.map((p) => p.ruleId),
    );
  assert.ok(rulesOf('AdministratorAccess').has('wildcard-action'));
  assert.ok(rulesOf('AdministratorAccess').has('pass-role-wildcard'));
  assert.ok(rulesOf('PowerUserAccess').has('not-action-allow'));
  assert.ok(rulesOf('PowerUserAccess').has('privilege-escalation'), 'NotAction leaves lambda:UpdateFunctionCode allowed');
  assert.ok(rulesOf('ReadOnlyAccess').has('data-exfiltration'), 's3:Get* reads every object');
  assert.ok(!rulesOf('ReadOnlyAccess').has('privilege-escalation'));
  assert.ok(!rulesOf('ReadOnlyAccess').has('resource-exposure'));
});

test('"*" is never reported for actions that support no resource type', () => {
  const catalog = getCatalog();
  for (const [name, { text, problems }] of corpusFindings()) {
    for (const problem of problems.filter((p) => p.ruleId === 'wildcard-resource' || p.ruleId === 'data-exfiltration' || p.ruleId === 'credentials-exposure')) {
      const named = [...problem.message.matchAll(/\b([a-z0-9-]+:[A-Za-z][A-Za-z0-9]*)\b/g)].map((m) => m[1]).filter((n) => catalog.findAction(n));
      assert.ok(named.length > 0, `${name}: ${problem.message}`);
      for (const action of named) assert.ok(catalog.findAction(action)!.resourceTypes.length > 0, `${name}: ${action} takes only "*" (${text.slice(problem.span.start, problem.span.end)})`);
    }
  }
});

test('every quick fix of the risk rules leaves a managed policy valid JSON', () => {
  const broken: string[] = [];
  for (const [name, { text, problems }] of corpusFindings()) {
    for (const problem of problems) {
      for (const fix of problem.fixes ?? []) {
        let fixed = text;
        for (const edit of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) fixed = fixed.slice(0, edit.span.start) + edit.newText + fixed.slice(edit.span.end);
        try {
          JSON.parse(fixed);
        } catch {
          broken.push(`${name}: ${problem.ruleId}: ${fix.title}`);
        }
      }
    }
  }
  assert.deepEqual(broken, []);
});
