import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { terraformReader } from './index';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { policyTypeFromLinks } from './linked-type';

before(async () => {
  await terraformReader.prepare!();
});

// A boundary as AWS writes one: every action it lets identities keep, on every resource.
const BOUNDARY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]}';
const POLICY_URI = 'file:///work/infra/policies/deploy-cap.json';

const boundaryModule = [
  {
    uri: 'file:///work/infra/main.tf',
    text: `resource "aws_iam_role" "deploy" {
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  permissions_boundary = aws_iam_policy.deploy_boundary.arn
}
resource "aws_iam_policy" "deploy_boundary" {
  policy = templatefile("\${path.module}/policies/deploy-cap.json", { account_id = var.account_id })
}
`,
  },
];

const analyzed = (modules: (typeof boundaryModule)[], config = defaultConfiguration) => analyzeDocument({ text: BOUNDARY, uri: POLICY_URI, linkingModules: () => modules }, { config });

test('a policy file a module takes only as a permissions boundary is checked as a boundary', () => {
  const alone = analyzed([]);
  assert.equal(alone.policies[0]!.policyType, 'identity');
  assert.ok(alone.problems.some((problem) => problem.ruleId === 'wildcard-action'));
  const linked = analyzed([boundaryModule]);
  assert.equal(linked.policies[0]!.policyType, 'boundary');
  assert.equal(linked.policies[0]!.policyTypeInferred, false);
  assert.deepEqual(
    linked.problems.map((problem) => problem.ruleId),
    [],
  );
});

test("the boundary may be named in another file of the module: it is read with the linking file's siblings", () => {
  const [main] = boundaryModule;
  const split = [
    { uri: main!.uri, text: main!.text.slice(main!.text.indexOf('resource "aws_iam_policy"')) },
    { uri: 'file:///work/infra/roles.tf', text: main!.text.slice(0, main!.text.indexOf('resource "aws_iam_policy"')) },
  ];
  assert.equal(policyTypeFromLinks(POLICY_URI, [split]), 'boundary');
  // Without the file that names it a boundary, the module reads it as a managed policy.
  assert.equal(policyTypeFromLinks(POLICY_URI, [[split[0]!]]), 'identity');
});

test('the attribute that reads the file types it: a trust policy, a service control policy, a bucket policy', () => {
  const module = (body: string) => [[{ uri: 'file:///work/infra/main.tf', text: body }]];
  assert.equal(policyTypeFromLinks(POLICY_URI, module('resource "aws_iam_role" "r" {\n  assume_role_policy = file("${path.module}/policies/deploy-cap.json")\n}\n')), 'trust');
  assert.equal(
    policyTypeFromLinks(POLICY_URI, module('resource "aws_organizations_policy" "p" {\n  type    = "SERVICE_CONTROL_POLICY"\n  content = file("${path.module}/policies/deploy-cap.json")\n}\n')),
    'scp',
  );
  assert.equal(policyTypeFromLinks(POLICY_URI, module('resource "aws_s3_bucket_policy" "p" {\n  policy = file("policies/deploy-cap.json")\n}\n')), 'resource');
  // A file of the same name elsewhere is another file.
  assert.equal(policyTypeFromLinks(POLICY_URI, module('resource "aws_iam_role" "r" {\n  assume_role_policy = file("${path.module}/other/deploy-cap.json")\n}\n')), undefined);
});

test('a policy file two modules read as different types, or that the module also attaches, is typed by its content', () => {
  const attached = [
    { uri: boundaryModule[0]!.uri, text: `${boundaryModule[0]!.text}resource "aws_iam_user_policy_attachment" "a" {\n  user       = "ci"\n  policy_arn = aws_iam_policy.deploy_boundary.arn\n}\n` },
  ];
  assert.equal(policyTypeFromLinks(POLICY_URI, [attached]), 'identity');
  const trust = [{ uri: 'file:///work/main.tf', text: 'resource "aws_iam_role" "r" {\n  assume_role_policy = file("${path.module}/infra/policies/deploy-cap.json")\n}\n' }];
  assert.equal(policyTypeFromLinks(POLICY_URI, [boundaryModule, trust]), undefined);
  assert.equal(analyzed([boundaryModule, trust]).policies[0]!.policyTypeInferred, true);
});

test('a policyTypes glob of the configuration wins over the modules', () => {
  const config = { ...defaultConfiguration, policyTypes: [{ glob: '**/policies/*.json', type: 'scp' as const }] };
  assert.equal(analyzed([boundaryModule], config).policies[0]!.policyType, 'scp');
});
