// escalation-path through the bundled server (run `node esbuild.mjs` first): found a moment after the last edit,
// moved with the text until found again, with related information into the other files of a Terraform module.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TestClient } from '../helpers/lsp-client';

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize();
});
after(async () => {
  await client.shutdown();
});

const template = `Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: AdminRole
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: AppRole
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: Pass
                Effect: Allow
                Action: iam:PassRole
                Resource: !GetAtt AdminRole.Arn
              - Sid: Functions
                Effect: Allow
                Action: [lambda:CreateFunction, lambda:InvokeFunction]
                Resource: "*"
`;

const escalations = (params: PublishDiagnosticsParams) => params.diagnostics.filter((d) => d.code === 'escalation-path');
const at = (d: Diagnostic) => [d.range.start.line, d.range.start.character, d.range.end.character];

test('a template gets escalation-path on the first step, with the other steps as related information', async () => {
  const uri = 'file:///acct/stack.yaml';
  client.open(uri, template, 'yaml');
  const [found] = (await client.diagnostics(uri, (p) => escalations(p).length > 0)).filter((d) => d.code === 'escalation-path');
  assert.deepEqual(at(found), [25, 24, 36]);
  assert.equal(found.severity, 2);
  assert.match(String(found.message), /^Role AppRole can become administrator: iam:PassRole of AdminRole to lambda:CreateFunction and lambda:InvokeFunction\./);
  assert.match(found.codeDescription!.href, /docs\/rules\/escalation-path\.md$/);
  assert.deepEqual(
    found.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line, r.location.range.start.character, r.message]),
    [
      [uri, 29, 25, 'lambda:CreateFunction on * is allowed here for role AppRole.'],
      [uri, 29, 48, 'lambda:InvokeFunction on * is allowed here for role AppRole.'],
      [uri, 1, 2, 'Role AdminRole is administrator-equivalent.'],
    ],
  );
  // The quick fixes of any rule: suppress it for the statement or the file, and its documentation.
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: found.range, context: { diagnostics: [found] } });
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Suppress escalation-path for statement Pass', 'Suppress escalation-path in this file', 'Show documentation for escalation-path'],
  );
});

test('an edit moves the finding with the text at once; narrowing the statement removes it once found again', async () => {
  const uri = 'file:///acct/stack.yaml';
  const version = client.change(uri, `# deploys the app\n${template}`);
  // The publish for the edited text, before the account is analysed again, already has the finding one line down.
  const moved = await client.diagnostics(uri, (p) => p.version === version);
  assert.deepEqual(moved.filter((d) => d.code === 'escalation-path').map(at), [[26, 24, 36]]);
  const narrowed = client.change(uri, `# deploys the app\n${template.replace('Action: iam:PassRole', 'Action: iam:GetRole')}`);
  await client.diagnostics(uri, (p) => p.version === narrowed && escalations(p).length === 0 && client.publishes(uri).filter((q) => q.version === narrowed).length >= 2);
  client.close(uri);
});

test('in a Terraform module the finding is in the file that allows the step, with related information into the other file', async () => {
  const roles = 'file:///acct/tf/roles.tf';
  const policies = 'file:///acct/tf/policies.tf';
  client.open(
    roles,
    `resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_user" "ci" {
  name = "ci"
}
`,
    'terraform',
  );
  client.open(
    policies,
    `resource "aws_iam_user_policy" "ci" {
  user   = aws_iam_user.ci.name
  name   = "launch"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Pass", Effect = "Allow", Action = "iam:PassRole", Resource = aws_iam_role.admin.arn },
      { Sid = "Run", Effect = "Allow", Action = ["ec2:RunInstances"], Resource = "*" },
    ]
  })
}
`,
    'terraform',
  );
  const [found] = (await client.diagnostics(policies, (p) => escalations(p).length > 0)).filter((d) => d.code === 'escalation-path');
  assert.deepEqual(at(found), [6, 49, 63]);
  assert.match(String(found.message), /^User ci can become administrator: iam:PassRole of admin to ec2:RunInstances\./);
  assert.deepEqual(
    found.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
    [
      [policies, 7, 'ec2:RunInstances on * is allowed here for user ci.'],
      [roles, 0, 'Role admin is administrator-equivalent.'],
    ],
  );
  assert.deepEqual(client.publishes(roles).flatMap(escalations), []);
  // The administrator loses AdministratorAccess in the other file: the finding goes.
  const published = client.publishes(policies).length;
  client.change(roles, 'resource "aws_iam_user" "ci" {\n  name = "ci"\n}\n');
  await client.diagnostics(policies, (p) => client.publishes(policies).indexOf(p) >= published && escalations(p).length === 0);
  client.close(roles);
  client.close(policies);
});
