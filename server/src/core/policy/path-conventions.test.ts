import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { parsePolicy } from './parse-policy';
import { policyTypeByPath } from './path-conventions';

const deny = parsePolicy('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}');
const cap = parsePolicy(
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "iam:DeleteRolePermissionsBoundary", "Resource": "*"}]}',
);
const rcp = parsePolicy(
  '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}}]}',
);

test('a landing zone folder or a file name with the kind as a word types a policy file (landing-zone sweep)', () => {
  // Landing Zone Accelerator, Control Tower customizations and AFT layouts of the sweep.
  assert.equal(policyTypeByPath('/repo/config/service-control-policies/AWS-Regions.json', deny), 'scp');
  assert.equal(policyTypeByPath('/repo/organization_policies/service_control_policies/template_policies/deny_regions.json.tpl', deny), 'scp');
  assert.equal(policyTypeByPath('/repo/src/templates/010-scps/resources/deny-root-access-policy.json', deny), 'scp');
  assert.equal(policyTypeByPath('/repo/policies/scp-deny-regions.json', deny), 'scp');
  assert.equal(policyTypeByPath('/repo/policies/RCP_S3DataPerimeter.json.tftpl', rcp), 'rcp');
  assert.equal(policyTypeByPath('/repo/organization_policies/resource_control_policies/https_only.json', rcp), 'rcp');
  assert.equal(policyTypeByPath('/repo/config/iam-policies/default-sso-boundary-policy.json', cap), 'boundary');
  assert.equal(policyTypeByPath('/repo/baseline/boundary-policies/Boundary-Default.json', cap), 'boundary');
  assert.equal(policyTypeByPath('/managed/AmazonDataZoneProjectRolePermissionsBoundary.json', cap), 'boundary');
});

test('the path types a policy only where its content fits, and says nothing of other paths', () => {
  // An SCP and a boundary name no principal; an RCP names its principals; a boundary allows something.
  assert.equal(policyTypeByPath('/repo/scps/bucket.json', rcp), undefined);
  assert.equal(policyTypeByPath('/repo/rcps/regions.json', deny), undefined);
  assert.equal(policyTypeByPath('/repo/boundary-policies/deny-only.json', deny), undefined);
  // Words inside other words, a boundary word in a folder not named for boundaries, folders far above: nothing.
  assert.equal(policyTypeByPath('/repo/policies/escape-hatch.json', deny), undefined);
  assert.equal(policyTypeByPath('/repo/boundary-enforcement/policies/create-role.json', cap), undefined);
  assert.equal(policyTypeByPath('/repo/policies/permissions-boundary-enforcement.json', cap), undefined);
  assert.equal(policyTypeByPath('/scps/a/b/c/policy.json', deny), undefined);
  assert.equal(policyTypeByPath('/repo/policies/read-only.json', cap), undefined);
});

test('a path convention comes after the host, a policyTypes glob and the user, and before the content', () => {
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}';
  const analyzed = (uri: string, config = defaultConfiguration) => analyzeDocument({ text, uri }, { config }).policies[0]!;
  assert.equal(analyzed('file:///repo/config/service-control-policies/sandbox.json').policyType, 'scp');
  assert.equal(analyzed('file:///repo/config/service-control-policies/sandbox.json').policyTypeInferred, false);
  assert.equal(analyzed('file:///repo/config/iam-policies/sandbox.json').policyType, 'identity');
  const config = { ...defaultConfiguration, policyTypes: [{ glob: '**/service-control-policies/*.json', type: 'identity' as const }] };
  assert.equal(analyzed('file:///repo/config/service-control-policies/sandbox.json', config).policyType, 'identity');
  // The SCP's Allow ec2:* is a filter, not a grant: none of the grant rules speak (landing-zone sweep: 5 FALSE).
  const problems = analyzeDocument({ text, uri: 'file:///repo/config/service-control-policies/sandbox.json' }, { config: defaultConfiguration }).problems;
  assert.deepEqual(
    problems.filter((problem) => problem.severity === 'warning' || problem.severity === 'error').map((problem) => problem.ruleId),
    [],
  );
});
