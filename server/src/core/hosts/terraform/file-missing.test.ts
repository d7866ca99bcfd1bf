import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { terraformReader } from './index';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { NO_SUCH_FILE, type LinkedText } from '../host';

before(async () => {
  await terraformReader.prepare!();
});

const POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
// The disk: two files, a folder that cannot be read as a file, and nothing else.
const disk: Record<string, LinkedText> = {
  'file:///work/infra/policies/read.json': POLICY,
  'file:///work/infra/trust.json.tftpl': POLICY,
  'file:///work/infra/policies': undefined,
};
const readLinked = (uri: string): LinkedText => (uri in disk ? disk[uri] : NO_SUCH_FILE);
const missing = (text: string, uri = 'file:///work/infra/main.tf', read: typeof readLinked | 'no disk' = readLinked) =>
  analyzeDocument({ text, uri, ...(read !== 'no disk' ? { readLinked: read } : {}) }, { config: defaultConfiguration }).problems.filter((problem) => problem.ruleId === 'terraform-file-missing');

test('a policy file() or templatefile() reads from ${path.module} where no file is: a warning on the path', () => {
  const { text, spans } = marked(`resource "aws_iam_policy" "read" {
  policy = file(«"\${path.module}/policies/raed.json"»)
}
resource "aws_iam_role" "irsa" {
  assume_role_policy = templatefile(«"\${path.module}/trsut.json.tftpl"», { oidc_provider_arn = var.arn })
}
data "template_file" "legacy" {
  template = file(«"\${path.module}/legacy.json.tpl"»)
}
resource "aws_iam_role" "old" {
  assume_role_policy = data.template_file.legacy.rendered
}
resource "aws_iam_policy" "here" {
  policy = file("\${path.module}/policies/read.json")
}
`);
  assert.deepEqual(
    missing(text).map(({ span, severity, message }) => ({ span, severity, message })),
    spans.map((span) => ({
      span,
      severity: 'warning',
      message: 'No file exists at this path: Terraform fails at plan ("Invalid value for "path" parameter: no file exists at …"), so the policy is never written',
    })),
  );
});

test('paths not certain to resolve beside the file, a file that is there but unreadable, and no disk: not judged', () => {
  const text = `resource "aws_iam_policy" "a" {
  policy = file("policies/raed.json")
}
resource "aws_iam_policy" "b" {
  policy = file("\${path.root}/policies/raed.json")
}
resource "aws_iam_policy" "c" {
  policy = file("\${path.module}/\${var.name}.json")
}
resource "aws_iam_policy" "d" {
  policy = file("\${path.module}/policies")
}
data "template_file" "unused" {
  template = file("\${path.module}/user-data.sh")
}
module "missing" {
  source = "./modules/missing"
}
`;
  // A plain relative path and ${path.root} are read from the root module's folder, which a called module does not know;
  // a template_file no policy renders is not linked; a module's folder is terraform init's to judge.
  assert.deepEqual(missing(text), []);
  const gone = 'resource "aws_iam_policy" "a" {\n  policy = file("${path.module}/gone.json")\n}\n';
  assert.equal(missing(gone).length, 1);
  assert.deepEqual(missing(gone, undefined, 'no disk'), []);
});

test('a .tf.json file reads the path in its interpolation, and the rule can be turned off', () => {
  const { text, spans } = marked(`{"resource": {"aws_iam_policy": {"p": {"policy": "\${file(«\\"\${path.module}/gone.json\\"»)}"}}}}`);
  assert.deepEqual(
    missing(text, 'file:///work/infra/main.tf.json').map(({ span }) => span),
    spans,
  );
  const off = { ...defaultConfiguration, rules: { ...defaultConfiguration.rules, 'terraform-file-missing': 'off' as const } };
  const analysis = analyzeDocument({ text, uri: 'file:///work/infra/main.tf.json', readLinked }, { config: off });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'terraform-file-missing'),
    [],
  );
});
