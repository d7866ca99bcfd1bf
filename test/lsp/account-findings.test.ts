// escalation-path through the bundled server (run `node esbuild.mjs` first): found a moment after the last edit,
// moved with the text until found again, with related information into the other files of a Terraform module.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CodeLens, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { SimulationInputsResult, SimulationResult } from '../../server/src/protocol';
import { shortTimings, TestClient } from '../helpers/lsp-client';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize(null, shortTimings);
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
  // The quick fixes of any rule: suppress it for the statement or the file, and its documentation; then, as on any
  // action name, "Who can…" in the workspace's account.
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: found.range, context: { diagnostics: [found] } });
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Suppress escalation-path for statement Pass', 'Suppress escalation-path in this file', 'Show documentation for escalation-path', 'Who can iam:PassRole on ${AdminRole.Arn}? (IAM account)'],
  );
});

test("a serverless.yml gets escalation-path on the statement that lets the functions' role escalate", async () => {
  const uri = 'file:///acct/api/serverless.yml';
  client.open(
    uri,
    "service: admin\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: iam:AttachRolePolicy\n          Resource: '*'\nfunctions:\n  run:\n    handler: run.handler\n",
    'yaml',
  );
  const [found] = (await client.diagnostics(uri, (p) => escalations(p).length > 0)).filter((d) => d.code === 'escalation-path');
  assert.deepEqual(at(found), [7, 18, 38]);
  assert.match(String(found.message), /^Role admin-dev-us-east-1-lambdaRole can become administrator: iam:AttachRolePolicy of AdministratorAccess to itself\./);
  client.close(uri);
});

// The escalation worker loads the C# grammar, which loads on demand, before it reads the stack.
test('a C# CDK stack gets escalation-path on the statement that lets its role escalate', async () => {
  const uri = 'file:///acct/cs/AdminStack.cs';
  client.open(
    uri,
    [
      'using Amazon.CDK;',
      'using Amazon.CDK.AWS.IAM;',
      'namespace App',
      '{',
      '    public class AdminStack : Stack',
      '    {',
      '        internal AdminStack(Construct scope, string id) : base(scope, id)',
      '        {',
      '            var worker = new Role(this, "Worker", new RoleProps { RoleName = "worker", AssumedBy = new ServicePrincipal("lambda.amazonaws.com") });',
      '            worker.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "iam:AttachRolePolicy" }, Resources = new[] { "*" } }));',
      '        }',
      '    }',
      '}',
      '',
    ].join('\n'),
    'csharp',
  );
  const [found] = (await client.diagnostics(uri, (p) => escalations(p).length > 0)).filter((d) => d.code === 'escalation-path');
  assert.equal(found.range.start.line, 9);
  assert.match(String(found.message), /^Role worker can become administrator: iam:AttachRolePolicy of AdministratorAccess to itself\./);
  client.close(uri);
});

test('an edit moves the finding with the text at once; narrowing the statement removes it once found again', async () => {
  const uri = 'file:///acct/stack.yaml';
  const version = client.change(uri, `# deploys the app\n${template}`);
  // The publish for the edited text, before the account is analysed again, already has the finding one line down.
  const moved = await client.diagnostics(uri, (p) => p.version === version);
  assert.deepEqual(moved.filter((d) => d.code === 'escalation-path').map(at), [[26, 24, 36]]);
  // Without lambda:CreateFunction the role cannot use AdminRole. The edit is below the finding, so the publish for
  // the narrowed text still has it, moved; it goes once the account is analysed again.
  const narrowed = client.change(uri, `# deploys the app\n${template.replace('[lambda:CreateFunction,', '[lambda:GetFunction,')}`);
  await client.diagnostics(uri, (p) => p.version === narrowed);
  const first = client.publishes(uri).find((p) => p.version === narrowed)!;
  assert.deepEqual(escalations(first).map(at), [[26, 24, 36]]);
  await client.diagnostics(uri, (p) => p.version === narrowed && escalations(p).length === 0);
  client.close(uri);
});

test('an analysis that finds what the document already shows publishes nothing again', async () => {
  const uri = 'file:///acct/unchanged.yaml';
  client.open(uri, template, 'yaml');
  await client.diagnostics(uri, (p) => escalations(p).length > 0);
  const before = await client.escalationRuns();
  // A comment leaves the account as it was: the finding moves one line down with the edit, and the analysis that
  // follows finds it there.
  const commented = client.change(uri, `# deploys the app\n${template}`);
  const moved = await client.diagnostics(uri, (p) => p.version === commented);
  assert.deepEqual(moved.filter((d) => d.code === 'escalation-path').map(at), [[26, 24, 36]]);
  await client.waitForEscalationRuns((runs) => runs.started > before.started && runs.finished === runs.started && !runs.running, 'the edited template analysed');
  // The next edit's publish comes after any that the analysis would have caused for the commented text.
  const next = client.change(uri, `# deploys the app\n\n${template}`);
  await client.diagnostics(uri, (p) => p.version === next);
  assert.equal(client.publishes(uri).filter((p) => p.version === commented).length, 1);
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
  // The role's lens sits on its block's header, in the file that defines it.
  await client.diagnostics(roles, (p) => p.version === 1);
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: roles } });
  assert.deepEqual(
    lenses.filter((lens) => lens.command?.title === 'Simulate as this role').map((lens) => [lens.range.start.line, lens.command!.arguments]),
    [[0, [{ uri: roles, templateRole: 'arn:aws:iam::000000000000:role/admin' }]]],
  );
  // The administrator loses AdministratorAccess in the other file: the finding goes.
  const published = client.publishes(policies).length;
  client.change(roles, 'resource "aws_iam_user" "ci" {\n  name = "ci"\n}\n');
  await client.diagnostics(policies, (p) => client.publishes(policies).indexOf(p) >= published && escalations(p).length === 0);
  client.close(roles);
  client.close(policies);
});

test("a root module's escalation through a called module is shown in the module's file, where its first step is written", async () => {
  const nested = join(__dirname, '..', 'fixtures', 'terraform', 'nested');
  const main = pathToFileURL(join(nested, 'main.tf')).toString();
  const role = pathToFileURL(join(nested, 'modules', 'role', 'main.tf')).toString();
  const roleText = readFileSync(join(nested, 'modules', 'role', 'main.tf'), 'utf8');
  client.open(main, readFileSync(join(nested, 'main.tf'), 'utf8'), 'terraform');
  client.open(role, roleText, 'terraform');
  const ci = (p: PublishDiagnosticsParams) => escalations(p).filter((d) => String(d.message).startsWith('User ci '));
  const [found] = (await client.diagnostics(role, (p) => ci(p).length > 0)).filter((d) => d.code === 'escalation-path' && String(d.message).startsWith('User ci '));
  // The deployer's trust policy, written in the called module with trusted_arns = [aws_iam_user.ci.arn] of the
  // root module, is the statement that admits ci: the finding sits on it.
  const lines = roleText.split('\n');
  assert.equal(lines[found.range.start.line].slice(found.range.start.character, found.range.end.character), '"sts:AssumeRole"');
  assert.equal(lines[found.range.start.line - 1], '  statement {');
  assert.equal(found.message, 'User ci can become administrator: sts:AssumeRole of deployer. Narrow the statement that allows the first step, or cap the principal with a permissions boundary.');
  assert.deepEqual(
    found.relatedInformation!.map((r) => [r.location.uri, lines[r.location.range.start.line], r.message]),
    [[role, 'resource "aws_iam_role" "this" {', 'Role deployer is administrator-equivalent.']],
  );
  // Nothing in the root module's file: ci's own statement is not the first place the path is allowed.
  assert.deepEqual(client.publishes(main).flatMap(ci), []);
  client.close(main);
  client.close(role);
});

test('a module is analysed again when a policy file it reads with templatefile() changes, on disk or in the editor', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-shipped-'));
  const main = pathToFileURL(join(dir, 'main.tf')).toString();
  const policyFile = join(dir, 'ci.json.tftpl');
  const policyUri = pathToFileURL(policyFile).toString();
  const policy = (actions: string) =>
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${actions}, "Resource": "\${role}"}, {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}]}`;
  writeFileSync(policyFile, policy('"iam:PassRole"'));
  const mainText = `resource "aws_iam_role" "admin" {
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
resource "aws_iam_user_policy" "ci" {
  user   = aws_iam_user.ci.name
  name   = "launch"
  policy = templatefile("\${path.module}/ci.json.tftpl", { role = aws_iam_role.admin.arn })
}
`;
  client.open(main, mainText, 'terraform');
  const ci = (p: PublishDiagnosticsParams) => escalations(p).filter((d) => String(d.message).startsWith('User ci can become administrator: iam:PassRole of admin'));
  const [found] = (await client.diagnostics(main, (p) => ci(p).length > 0)).filter((d) => d.code === 'escalation-path');
  assert.deepEqual(at(found), [8, 0, 30]);
  // The policy file loses iam:PassRole on disk: the module's finding goes.
  let published = client.publishes(main).length;
  writeFileSync(policyFile, policy('"iam:GetRole"'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: policyUri, type: 2 }] });
  await client.diagnostics(main, (p) => client.publishes(main).indexOf(p) >= published && escalations(p).length === 0);
  // Typed back in the editor, unsaved: the finding is back.
  published = client.publishes(main).length;
  client.open(policyUri, policy('"iam:GetRole"'), 'terraform');
  client.change(policyUri, policy('["iam:GetRole", "iam:PassRole"]'));
  await client.diagnostics(main, (p) => client.publishes(main).indexOf(p) >= published && ci(p).length > 0);
  // Closed without saving: the disk's text counts again.
  published = client.publishes(main).length;
  client.close(policyUri);
  await client.diagnostics(main, (p) => client.publishes(main).indexOf(p) >= published && escalations(p).length === 0);
  client.close(main);
});

test('a serverless.yml is analysed with the statements it reads with ${file(…)}, and again when that file changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-sls-'));
  const service = pathToFileURL(join(dir, 'serverless.yml')).toString();
  const statementsFile = join(dir, 'iam.yml');
  const statements = (action: string) => `- Effect: Allow\n  Action: ${action}\n  Resource: '*'\n`;
  writeFileSync(statementsFile, statements('iam:AttachRolePolicy'));
  client.open(service, 'service: admin\nprovider:\n  name: aws\n  iamRoleStatements: ${file(./iam.yml)}\nfunctions:\n  run:\n    handler: run.handler\n', 'yaml');
  const [found] = (await client.diagnostics(service, (p) => escalations(p).length > 0)).filter((d) => d.code === 'escalation-path');
  // On the variable: the service file's only place for what the Framework reads there.
  assert.deepEqual(at(found), [3, 21, 39]);
  assert.match(String(found.message), /^Role admin-dev-us-east-1-lambdaRole can become administrator: iam:AttachRolePolicy of AdministratorAccess to itself\./);
  const published = client.publishes(service).length;
  writeFileSync(statementsFile, statements('iam:GetRole'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(statementsFile).toString(), type: 2 }] });
  await client.diagnostics(service, (p) => client.publishes(service).indexOf(p) >= published && escalations(p).length === 0);
  client.close(service);
});

test('a serverless.ts is analysed with the function modules it imports (tsconfig paths), and again when one changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-sls-ts-'));
  mkdirSync(join(dir, 'src', 'functions', 'report'), { recursive: true });
  writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "baseUrl": ".", "paths": { "@functions/*": ["src/functions/*"] } } }');
  const moduleFile = join(dir, 'src', 'functions', 'report', 'index.ts');
  const functionModule = (action: string) => `export default { handler: 'src/functions/report/handler.main', iamRoleStatements: [{ Effect: 'Allow', Action: '${action}', Resource: '*' }] };\n`;
  writeFileSync(moduleFile, functionModule('iam:PutRolePolicy'));
  const service = pathToFileURL(join(dir, 'serverless.ts')).toString();
  client.open(service, "import report from '@functions/report';\n\nexport default {\n  service: 'admin',\n  provider: { name: 'aws' },\n  functions: { report },\n};\n", 'typescript');
  const [found] = (await client.diagnostics(service, (p) => escalations(p).length > 0)).filter((d) => d.code === 'escalation-path');
  // On the name that imports the function: the service file's only place for what its module writes.
  assert.deepEqual(at(found), [5, 15, 21]);
  assert.match(String(found.message), /^Role admin-dev-report-us-east-1-lambdaRole can become administrator: iam:PutRolePolicy on itself\./);
  const published = client.publishes(service).length;
  writeFileSync(moduleFile, functionModule('iam:GetRole'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(moduleFile).toString(), type: 2 }] });
  await client.diagnostics(service, (p) => client.publishes(service).indexOf(p) >= published && escalations(p).length === 0);
  client.close(service);
});

test("a Pulumi project's file gets escalation-path on the policy it gives a role another file of the program exports", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-pulumi-'));
  writeFileSync(join(dir, 'Pulumi.yaml'), 'name: app\nruntime: nodejs\n');
  writeFileSync(
    join(dir, 'iam.ts'),
    "import * as aws from '@pulumi/aws';\nexport const deployer = new aws.iam.Role('deployer', { assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) });\n",
  );
  const grants = pathToFileURL(join(dir, 'grants.ts')).toString();
  const text = `import * as aws from '@pulumi/aws';
import { deployer } from './iam';

new aws.iam.RolePolicy('self-admin', {
  role: deployer.name,
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' }] }),
});
`;
  client.open(grants, text, 'typescript');
  const [found] = (await client.diagnostics(grants, (p) => escalations(p).length > 0)).filter((d) => d.code === 'escalation-path');
  // On the action that allows the first step, in the file that writes it.
  assert.deepEqual(at(found), [5, 89, 108]);
  assert.match(String(found.message), /^Role deployer can become administrator: iam:PutRolePolicy on itself\./);
  client.close(grants);
});

test('"Simulate as this role" sits above each role, and simulates with all of its policies', async () => {
  const uri = 'file:///acct/roles.yaml';
  client.open(uri, template, 'yaml');
  await client.diagnostics(uri, (p) => escalations(p).length > 0);
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  const roleLenses = lenses.filter((lens) => lens.command?.title === 'Simulate as this role');
  assert.deepEqual(
    roleLenses.map((lens) => [lens.range.start.line, lens.range.start.character, lens.command!.command, lens.command!.arguments]),
    [
      [1, 2, 'iamPolicy.simulate', [{ uri, templateRole: 'arn:aws:iam::000000000000:role/AdminRole' }]],
      [10, 2, 'iamPolicy.simulate', [{ uri, templateRole: 'arn:aws:iam::000000000000:role/AppRole' }]],
    ],
  );
  const simulate = (role: string, action: string, resource: string) =>
    client.request<SimulationResult>('iamPolicy/simulate', {
      uri,
      templateRole: `arn:aws:iam::000000000000:role/${role}`,
      request: { action, resource, principal: `arn:aws:iam::111122223333:role/${role}`, context: {} },
      otherPolicies: [],
    });
  const create = await simulate('AppRole', 'lambda:CreateFunction', 'arn:aws:lambda:us-east-1:111122223333:function:f');
  assert.equal(create.decision, 'Allowed');
  assert.deepEqual(
    create.decidedBy.map((s) => [s.label, s.uri, s.range.start.line]),
    [['Allow statement 2 "Functions"', uri, 27]],
  );
  // The template's own model: `!GetAtt AdminRole.Arn` is a placeholder, never guessed, as in any template simulation.
  const pass = await simulate('AppRole', 'iam:PassRole', 'arn:aws:iam::111122223333:role/AdminRole');
  assert.deepEqual(pass.dependsOn, { placeholders: ['!GetAtt AdminRole.Arn'], mostPermissive: 'Allowed', leastPermissive: 'ImplicitlyDenied' });
  assert.equal((await simulate('AppRole', 's3:GetObject', 'arn:aws:s3:::b/k')).decision, 'ImplicitlyDenied');
  // The administrator's AdministratorAccess is the bundled copy, placed in its read-only document.
  const admin = await simulate('AdminRole', 's3:GetObject', 'arn:aws:s3:::b/k');
  assert.equal(admin.decision, 'Allowed');
  assert.deepEqual(
    admin.policies.map((p) => [p.name, p.role, p.uri]),
    [['arn:aws:iam::aws:policy/AdministratorAccess', 'identity', 'iam-policy-managed:/AdministratorAccess.iam.json']],
  );
  const inputs = await client.request<SimulationInputsResult>('iamPolicy/simulationInputs', { uri, templateRole: 'arn:aws:iam::000000000000:role/AppRole' });
  assert.deepEqual(
    inputs.actions.map((a) => a.name),
    ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
  );
  // A SAM function's implicit role: the lens sits on the function.
  const sam = 'file:///acct/sam.yaml';
  client.open(
    sam,
    'Transform: AWS::Serverless-2016-10-31\nResources:\n  Reader:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n      Policies: [AmazonS3ReadOnlyAccess]\n',
    'yaml',
  );
  await client.diagnostics(sam);
  let samLenses: CodeLens[] = [];
  for (let i = 0; i < 100 && samLenses.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    samLenses = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: sam } })).filter((lens) => lens.command?.title === 'Simulate as this role');
  }
  assert.deepEqual(
    samLenses.map((lens) => [lens.range.start.line, lens.command!.arguments]),
    [[2, [{ uri: sam, templateRole: 'arn:aws:iam::000000000000:role/ReaderRole' }]]],
  );
  const read = await client.request<SimulationResult>('iamPolicy/simulate', {
    uri: sam,
    templateRole: 'arn:aws:iam::000000000000:role/ReaderRole',
    request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: 'arn:aws:iam::111122223333:role/ReaderRole', context: {} },
    otherPolicies: [],
  });
  assert.equal(read.decision, 'Allowed');
  assert.deepEqual(
    read.policies.map((p) => p.name),
    ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
  );
  client.close(sam);
  const gone = await simulate('Nobody', 's3:GetObject', '*');
  assert.deepEqual(
    gone.errors.map((e) => e.message),
    ['The role arn:aws:iam::000000000000:role/Nobody is no longer defined here; run "Simulate as this role" again from its lens.'],
  );
  client.close(uri);
});
