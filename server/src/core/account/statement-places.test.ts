// Where the granting statements and the entities of the fixture account are written: in the export (JSON objects and
// encoded strings), the template (YAML) and the Terraform module (a policy document data source).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTerraformParser } from '../hosts/terraform/parser';
import { readAuthorizationDetails } from './authorization-details';
import { readTemplateAccount } from './from-cloudformation';
import { readModuleAccount } from './from-terraform';
import { entityPlace, pathSegments, statementPlace } from './statement-places';

before(() => loadTerraformParser());

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'account');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const texts: Record<string, string> = {
  'authorization-details.json': read('authorization-details.json'),
  'authorization-details-url-encoded.json': read('authorization-details-url-encoded.json'),
  'template.yaml': read('template.yaml'),
  'users.tf': read('terraform/users.tf'),
  'roles.tf': read('terraform/roles.tf'),
};
const readText = (file: string) => texts[file];
const slice = (place: { file: string; span: { start: number; end: number } } | undefined) => place && texts[place.file].slice(place.span.start, place.span.end);

test('a statement of an exported inline policy, by Sid and by number; an encoded document is found as its string', () => {
  const { account } = readAuthorizationDetails(texts['authorization-details.json'], 'authorization-details.json');
  const frank = account!.users.get('arn:aws:iam::111122223333:user/frank')!;
  const policy = frank.inline[0];
  const byNumber = statementPlace(policy, '#3', readText, new Map());
  assert.deepEqual(byNumber && { ...byNumber, span: undefined }, { file: 'authorization-details.json', exact: true, span: undefined });
  assert.equal(slice(byNumber), '{ "Sid": "KeepAudit", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::corp-data/audit/*" }');
  assert.deepEqual(statementPlace(policy, 'KeepAudit', readText), byNumber);
  // An unknown Sid: the policy document, not exact.
  const whole = statementPlace(policy, 'NoSuchSid', readText)!;
  assert.equal(whole.exact, false);
  assert.match(slice(whole)!, /^\{\n\s+"Version": "2012-10-17",\n\s+"Statement": \[\n\s+\{ "Sid": "Read"/);

  const encoded = readAuthorizationDetails(texts['authorization-details-url-encoded.json'], 'authorization-details-url-encoded.json').account!;
  const place = statementPlace(encoded.users.get('arn:aws:iam::111122223333:user/frank')!.inline[0], 'Read', readText)!;
  assert.equal(place.exact, false);
  assert.match(slice(place)!, /^"%7B%0A%20%20%20%20%22Version%22%3A%20%222012-10-17%22.*%7D"$/);
});

test('the template and the module record where each statement is written', () => {
  const template = readTemplateAccount(texts['template.yaml'], 'template.yaml', { accountId: '111122223333' }).account!;
  const dataAccess = template.users.get('arn:aws:iam::111122223333:user/frank')!.inline[0];
  assert.equal(
    slice(statementPlace(dataAccess, 'KeepAudit', readText)),
    'Sid: KeepAudit\n            Effect: Deny\n            Action: s3:DeleteObject\n            Resource: arn:aws:s3:::corp-data/audit/*',
  );
  // A statement without a Sid, by number (Dave's AssumeDeployer).
  const assume = template.users.get('arn:aws:iam::111122223333:user/dave')!.inline[0];
  assert.equal(slice(statementPlace(assume, '#1', readText)), 'Effect: Allow\n            Action: sts:AssumeRole\n            Resource: !GetAtt Deployer.Arn');

  const module = readModuleAccount(
    [
      { file: 'users.tf', text: texts['users.tf'] },
      { file: 'roles.tf', text: texts['roles.tf'] },
    ],
    { accountId: '111122223333' },
  ).account!;
  const tfDataAccess = module.users.get('arn:aws:iam::111122223333:user/frank')!.inline[0];
  assert.equal(tfDataAccess.written?.file, 'users.tf');
  assert.equal(
    slice(statementPlace(tfDataAccess, 'WriteWithMfa', readText)),
    'statement {\n    sid       = "WriteWithMfa"\n    actions   = ["s3:PutObject", "s3:DeleteObject"]\n    resources = ["arn:aws:s3:::corp-data/*"]\n    condition {\n      test     = "Bool"\n      variable = "aws:MultiFactorAuthPresent"\n      values   = ["true"]\n    }\n  }',
  );
});

test('entities: an export entry, a template resource key, a Terraform resource block', () => {
  assert.match(slice(entityPlace({ file: 'authorization-details.json', path: 'UserDetailList[5]' }, readText))!, /^\{\n\s+"Path": "\/",\n\s+"UserName": "erin"/);
  assert.equal(slice(entityPlace({ file: 'template.yaml', path: 'Resources.Frank' }, readText)), 'Frank:');
  assert.equal(slice(entityPlace({ file: 'users.tf', path: 'aws_iam_user.frank' }, readText)), 'resource "aws_iam_user" "frank"');
  assert.equal(entityPlace({ file: 'template.yaml', path: 'Resources.Nobody' }, readText), undefined);
  assert.equal(entityPlace({ file: 'missing.json', path: 'UserDetailList[0]' }, readText), undefined);
});

test('source paths split into JSON path segments', () => {
  assert.deepEqual(pathSegments('RoleDetailList[3].RolePolicyList[0]'), ['RoleDetailList', 3, 'RolePolicyList', 0]);
  assert.deepEqual(pathSegments('Policies[1].PolicyVersionList[0]'), ['Policies', 1, 'PolicyVersionList', 0]);
  assert.deepEqual(pathSegments('RoleDetailList[0].AssumeRolePolicyDocument'), ['RoleDetailList', 0, 'AssumeRolePolicyDocument']);
});
