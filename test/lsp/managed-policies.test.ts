import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, Location } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/positions';
import { managedPolicyRequest, managedPolicyUri, type ManagedPolicyResult } from '../../server/src/protocol';
import { shortTimings, TestClient } from '../helpers/lsp-client';
import { marked } from '../helpers/marked';

let client: TestClient;
before(async () => {
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(() => client.process.kill());

/** Opens a document with its cursor; returns the cursor position and the expected «…» range. */
function open(source: string, uri: string, languageId: string) {
  const { text, cursor, spans } = marked(source);
  client.open(uri, text, languageId);
  const lines = new LineIndex(text);
  return { position: lines.positionAt(cursor), range: spans[0] && { start: lines.positionAt(spans[0].start), end: lines.positionAt(spans[0].end) } };
}

const hoverText = (hover: Hover | null) => (hover?.contents as { value: string } | undefined)?.value;
const s3ReadOnlyUri = 'iam-policy-managed:/AmazonS3ReadOnlyAccess.iam.json';

test('a JSON policy: hover, Go to Definition and the document of a managed policy ARN in a Condition', async () => {
  const uri = 'file:///managed/boundary.policy.json';
  const { position, range } = open(
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateRole", "Resource": "*",
  "Condition": {"StringEquals": {"iam:PermissionsBoundary": "«arn:aws:iam::aws:policy/AmazonS3Read|OnlyAccess»"}}}]}`,
    uri,
    'iam-policy',
  );
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  assert.deepEqual(hover?.range, range);
  assert.match(
    hoverText(hover)!,
    /^\*\*AmazonS3ReadOnlyAccess\*\* · AWS managed policy\n[\s\S]*\n\*\*Allow\*\*: 95 actions in 2 services\n- s3: 18 List, 65 Read\n- s3-object-lambda: 4 List, 8 Read\n\n---\n\*AWS managed policy as of 2026-08-26 /,
  );

  const definition = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position });
  assert.deepEqual(definition, { uri: s3ReadOnlyUri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });

  const document = await client.request<ManagedPolicyResult | null>(managedPolicyRequest.method, { uri: definition!.uri });
  assert.equal(document?.arn, 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
  assert.deepEqual([document?.version, document?.date], ['0.0.656', '2026-08-26']);
  assert.deepEqual(JSON.parse(document!.text).Statement[0].Action, ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*']);
  assert.ok(document!.text.startsWith('{\n    "Version": "2012-10-17",\n'), 'pretty-printed with 4 spaces');

  // Elsewhere in the policy, hover is the catalog's as before, and there is no definition.
  const action = open('{"Statement": [{"Effect": "Allow", "Action": "iam:Create|Role", "Resource": "*"}]}', 'file:///managed/plain.policy.json', 'iam-policy');
  assert.match(
    hoverText(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///managed/plain.policy.json' }, position: action.position }))!,
    /^\*\*iam:CreateRole\*\* · Write/,
  );
  assert.equal(await client.request('textDocument/definition', { textDocument: { uri: 'file:///managed/plain.policy.json' }, position: action.position }), null);
});

test('the opened managed policy document is a policy: its actions get hover', async () => {
  const document = await client.request<ManagedPolicyResult>(managedPolicyRequest.method, { uri: s3ReadOnlyUri });
  client.open(s3ReadOnlyUri, document.text, 'iam-policy');
  const offset = document.text.indexOf('s3:List*') + 4;
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: s3ReadOnlyUri }, position: new LineIndex(document.text).positionAt(offset) });
  assert.match(hoverText(hover)!, /^\*\*s3:List\*\*\* matches 18 actions: 18 List\./);
  // An unknown or foreign URI has no document.
  assert.equal(await client.request(managedPolicyRequest.method, { uri: 'iam-policy-managed:/NoSuchPolicyYet.iam.json' }), null);
  assert.equal(await client.request(managedPolicyRequest.method, { uri: 'file:///managed/boundary.policy.json' }), null);
});

test('a YAML template: ManagedPolicyArns outside any policy, with a deploy-time partition', async () => {
  const uri = 'file:///managed/template.yaml';
  const { position, range } = open(
    `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub "«arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambda|Role»"
`,
    uri,
    'yaml',
  );
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  assert.deepEqual(hover?.range, range);
  assert.match(
    hoverText(hover)!,
    /^\*\*AWSLambdaRole\*\* · AWS managed policy\n\n`arn:aws:iam::aws:policy\/service-role\/AWSLambdaRole`\n\nPath `\/service-role\/` · version v1, updated 2015-02-06\n\nThe partition is known at deploy time/,
  );
  const definition = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position });
  assert.equal(definition?.uri, managedPolicyUri('arn:aws:iam::aws:policy/service-role/AWSLambdaRole'));
  assert.equal(definition?.uri, 'iam-policy-managed:/service-role/AWSLambdaRole.iam.json');
  const document = await client.request<ManagedPolicyResult | null>(managedPolicyRequest.method, { uri: definition!.uri });
  assert.equal(JSON.parse(document!.text).Statement[0].Action[0], 'lambda:InvokeFunction');
});

test('a .tf file: policy_arn of an attachment, and an ARN not in the bundle gets a hover but no definition', async () => {
  const uri = 'file:///managed/main.tf';
  const source = `resource "aws_iam_role_policy_attachment" "ro" {
  role       = "app"
  policy_arn = "«arn:aws-cn:iam::aws:policy/AWSDeny|All»"
}
resource "aws_iam_role_policy_attachment" "later" {
  role       = "app"
  policy_arn = "arn:aws:iam::aws:policy/NotYetPublished"
}
`;
  const { position, range } = open(source, uri, 'terraform');
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  assert.deepEqual(hover?.range, range);
  assert.match(hoverText(hover)!, /⚠ Partition `aws-cn`: the bundle holds the `aws` partition's copy; this partition's policy may differ or not exist\.\n\n\*\*Deny\*\*: every action/);
  const definition = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position });
  assert.equal(definition?.uri, 'iam-policy-managed:/AWSDenyAll.iam.json');

  const text = marked(source).text;
  const later = new LineIndex(text).positionAt(text.indexOf('NotYetPublished'));
  assert.match(
    hoverText(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: later }))!,
    /^\*\*arn:aws:iam::aws:policy\/NotYetPublished\*\*\n\nNot among the 1,594 AWS managed policies bundled as of 2026-08-26\./,
  );
  assert.equal(await client.request('textDocument/definition', { textDocument: { uri }, position: later }), null);
});

test("AWS's own managed policy documents are not linted: the same text in a file of the user's is", async () => {
  // AdministratorAccess grants "*" on "*": in a policy of the user's that is a finding, in AWS's bundled copy it is
  // not the user's to fix, so the read-only document shows no problems (its hover still works, see above).
  const uri = managedPolicyUri('arn:aws:iam::aws:policy/AdministratorAccess');
  const { text } = await client.request<ManagedPolicyResult>(managedPolicyRequest.method, { uri });
  client.open('file:///managed/copy-of-admin.policy.json', text, 'iam-policy');
  const copied = await client.diagnostics('file:///managed/copy-of-admin.policy.json', (params) => params.diagnostics.length > 0);
  assert.ok(
    copied.some((d) => d.code === 'wildcard-action'),
    JSON.stringify(copied.map((d) => d.code)),
  );
  client.open(uri, text, 'iam-policy');
  assert.deepEqual(await client.diagnostics(uri), []);
  assert.deepEqual(
    client.publishes(uri).map((params) => params.diagnostics),
    [[]],
  );
});
