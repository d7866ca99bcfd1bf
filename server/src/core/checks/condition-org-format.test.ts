import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { conditionOrgFormat } from './condition-org-format';

// From real RCPs and bucket policies: `<my-org-id>` beside a filled-in account, `o-abc123xyz` (nine characters),
// `myOrgId`, an organization's ARN, an OU's ID where the organization's goes.
test('condition-org-format flags values of organization keys that are no organization ID or path, at the value', () => {
  const { actual, expected } = spansOf(
    conditionOrgFormat,
    `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {
      "StringNotEqualsIfExists": {"aws:SourceOrgID": "«<my-org-id>»", "aws:PrincipalOrgID": ["o-a1b2c3d4e5", "«o-abc123xyz»", "«myOrgId»"]},
      "StringEquals": {"aws:ResourceOrgID": "«arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5»", "aws:PrincipalOrgID": "«ou-ab12-11111111»"},
      "ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*", "«o-a1b2c3d4e5»", "«ou-ab12-22222222»"]}}}]}`,
    'rcp',
  );
  assert.deepEqual(actual, expected);
});

test('condition-org-format names what the value is, and fixes what it plainly means', () => {
  const text = policyWith({
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::data/*',
    Condition: { StringEquals: { 'aws:PrincipalOrgID': 'arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5' } },
  });
  const [arn] = runCheck(conditionOrgFormat, text, 'resource');
  assert.equal(
    arn.message,
    '"arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5" is an ARN, not an organization ID: aws:PrincipalOrgID holds the ID of an organization ("o-" and 10 to 32 lowercase letters or digits), so this value never matches. Write "o-a1b2c3d4e5".',
  );
  assert.equal(applyFix(text, arn), text.replace('arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5', 'o-a1b2c3d4e5'));
  const upper = text.replace('arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5', 'o-A1B2C3D4E5');
  const [cased] = runCheck(conditionOrgFormat, upper, 'resource');
  assert.equal(applyFix(upper, cased), text.replace('arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5', 'o-a1b2c3d4e5'));
  const path = policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5' } } });
  const [bare] = runCheck(conditionOrgFormat, path, 'resource');
  assert.match(bare.message, /^"o-a1b2c3d4e5" is an organization ID, not a path/);
  assert.equal(applyFix(path, bare), path.replace('"o-a1b2c3d4e5"', '"o-a1b2c3d4e5/*"'));
  const [placeholder] = runCheck(conditionOrgFormat, text.replace('arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5', '<ORG_ID_HERE>'), 'resource');
  assert.match(placeholder.message, /^"<ORG_ID_HERE>" is a placeholder left in, not an organization ID/);
});

test('condition-org-format accepts IDs, paths, patterns, policy variables, other keys and operators', () => {
  const cases = [
    { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5', 'o-xxxxxxxxxx', '${aws:ResourceOrgID}'], 'aws:SourceOrgID': 'o-abcdefghij0123456789abcdefghij01' } },
    { StringLike: { 'aws:PrincipalOrgID': 'o-a1b2*', 'aws:ResourceOrgPaths': ['o-a1b2c3d4e5/*', '*/ou-ab12-11111111/*', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'] } },
    { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/' } },
    // A wildcard under StringEquals is condition-wildcard-without-like's.
    { StringEquals: { 'aws:PrincipalOrgID': 'o-*' } },
    { StringEquals: { 'aws:PrincipalAccount': '111122223333' } },
    { Null: { 'aws:PrincipalOrgID': 'true' } },
  ];
  for (const Condition of cases) {
    const text = policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*', Condition });
    assert.deepEqual(runCheck(conditionOrgFormat, text, 'resource'), [], JSON.stringify(Condition));
  }
});

// From real Terraform and CloudFormation: the organization's ID given at deploy.
test('condition-org-format leaves values known only at deploy alone', () => {
  const problems = runCheckOnTemplateStatement(
    conditionOrgFormat,
    {
      Principal: "{AWS: '*'}",
      Action: 's3:GetObject',
      Resource: "'*'",
      Condition: '{StringEquals: {aws:PrincipalOrgID: !Ref OrgId, aws:SourceOrgID: !Sub "${OrgId}"}}',
    },
    'resource',
  );
  assert.deepEqual(problems, []);
});

test("condition-org-format reads the VPC endpoint owner's keys too: aws:VpceOrgID and aws:VpceOrgPaths", () => {
  // VPC endpoint sweep: AWS's data perimeter example RCP with "<my-org-id>" left in under aws:VpceOrgID went unreported.
  const { actual, expected } = spansOf(
    conditionOrgFormat,
    '{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:VpceOrgID": "«<my-org-id>»"}, "ForAllValues:StringNotLike": {"aws:VpceOrgPaths": "«o-a1b2c3d4e5»"}}}]}',
  );
  assert.deepEqual(actual, expected);
});
