import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shortTimings, TestClient } from '../helpers/lsp-client';

// A document just opened is validated at once, not after the pause the server leaves for typing: the protocol
// announces an open twice (didOpen, then a change of content), and the second must not put the first validation off.
// So are a template's escalation paths, which wait for a pause after edits. The pauses are set far longer than the
// waits below, so a validation or an analysis that waited for them fails the test.
const typingPauseMs = 6_000;

let client: TestClient;
before(async () => {
  client = new TestClient();
  await client.initialize(null, { ...shortTimings, diagnosticsDelayMs: typingPauseMs, escalationDelayMs: typingPauseMs });
});
after(() => client.process.kill());

test('an opened policy gets its diagnostics without waiting for the typing pause', async () => {
  const uri = 'file:///open-validation/opened.policy.json';
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}';
  client.open(uri, text);
  const diagnostics = await client.diagnostics(uri, (params) => params.version === 1, typingPauseMs / 2);
  const effect = diagnostics.find((diagnostic) => diagnostic.code === 'effect-value');
  assert.ok(effect, `expected effect-value among ${JSON.stringify(diagnostics.map((d) => d.code))}`);
  assert.equal(text.slice(effect.range.start.character, effect.range.end.character), '"allow"');
});

test('an edit still waits for the typing pause', async () => {
  const uri = 'file:///open-validation/edited.policy.json';
  client.open(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  await client.diagnostics(uri, (params) => params.version === 1, typingPauseMs / 2);
  const version = client.change(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(
    client.publishes(uri).map((params) => params.version),
    [1],
    `the edit to version ${version} was validated before the pause`,
  );
});

test('an opened template gets its escalation paths without waiting for the pause after edits', async () => {
  const uri = 'file:///open-validation/stack.yaml';
  const text = [
    'Resources:',
    '  Deployer:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]',
    '      Policies:',
    '        - PolicyName: deploy',
    '          PolicyDocument:',
    '            Statement: [{ Effect: Allow, Action: [iam:PassRole, lambda:CreateFunction, lambda:InvokeFunction], Resource: "*" }]',
    '  Admin:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]',
    '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]',
    '',
  ].join('\n');
  client.open(uri, text, 'yaml');
  const diagnostics = await client.diagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'escalation-path'), typingPauseMs / 2);
  const found = diagnostics.find((d) => d.code === 'escalation-path')!;
  assert.match(String(found.message), /^Role Deployer can become administrator/);
  assert.equal(found.range.start.line, 9);
});
