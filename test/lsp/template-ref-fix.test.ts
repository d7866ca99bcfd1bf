import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortTimings, TestClient } from '../helpers/lsp-client';
import { LineIndex } from '../../server/src/core/text/positions';

// The arn-format fix for `Resource: !Ref MyQueue` (a queue URL) through the bundled server: the code action writes
// `!GetAtt MyQueue.Arn` over the reference, and still does after an edit above it moves the policy.

const template = (queueProperties: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  MyQueue:
    Type: AWS::SQS::Queue${queueProperties}
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: !Ref MyQueue
`;

type Diagnostic = { code: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
type Action = { title: string; edit?: { changes: Record<string, { range: Diagnostic['range']; newText: string }[]> } };

test('the quick fix of a Ref that is no ARN writes !GetAtt in the template, before and after an edit above it', async () => {
  const client = new TestClient();
  try {
    await client.initialize(null, shortTimings);
    const uri = 'file:///work/stack/template.yaml';
    const check = async (text: string, version: number) => {
      const diagnostics = (await client.diagnostics(uri, (p) => p.version === version)) as unknown as Diagnostic[];
      const diagnostic = diagnostics.find((d) => d.code === 'arn-format');
      assert.ok(diagnostic, 'an arn-format diagnostic');
      const lines = new LineIndex(text);
      const start = text.indexOf('!Ref MyQueue');
      const range = { start: lines.positionAt(start), end: lines.positionAt(start + '!Ref MyQueue'.length) };
      assert.deepEqual(diagnostic.range, range);
      const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      const fix = actions.find((a) => a.title === 'Change to !GetAtt MyQueue.Arn');
      assert.ok(fix, actions.map((a) => a.title).join(', '));
      assert.deepEqual(fix.edit!.changes[uri], [{ range, newText: '!GetAtt MyQueue.Arn' }]);
    };
    const first = template('');
    client.open(uri, first, 'yaml');
    await check(first, 1);
    const second = template('\n    Properties:\n      DelaySeconds: 5');
    const version = client.change(uri, second);
    await check(second, version);
  } finally {
    client.process.kill();
  }
});
