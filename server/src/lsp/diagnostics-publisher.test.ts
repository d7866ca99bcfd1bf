import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { DiagnosticsPublisher } from './diagnostics-publisher';

const finding = (line: number, message: string): Diagnostic => ({ range: { start: { line, character: 0 }, end: { line, character: 4 } }, message, code: 'escalation-path' });

function recorder(): { sent: PublishDiagnosticsParams[]; publisher: DiagnosticsPublisher } {
  const sent: PublishDiagnosticsParams[] = [];
  return { sent, publisher: new DiagnosticsPublisher({ sendDiagnostics: async (params) => void sent.push(params) }) };
}

test('the same diagnostics for the same version are sent once', async () => {
  const { sent, publisher } = recorder();
  await publisher.publish('file:///a.yaml', 3, [finding(1, 'Role A can become administrator.')]);
  await publisher.publish('file:///a.yaml', 3, [finding(1, 'Role A can become administrator.')]);
  assert.deepEqual(
    sent.map((p) => [p.uri, p.version, p.diagnostics.length]),
    [['file:///a.yaml', 3, 1]],
  );
});

test('a new version, other diagnostics or another document are sent', async () => {
  const { sent, publisher } = recorder();
  await publisher.publish('file:///a.yaml', 3, [finding(1, 'Role A can become administrator.')]);
  await publisher.publish('file:///a.yaml', 4, [finding(1, 'Role A can become administrator.')]);
  await publisher.publish('file:///a.yaml', 4, [finding(2, 'Role A can become administrator.')]);
  await publisher.publish('file:///a.yaml', 4, [finding(2, 'Role B can become administrator.')]);
  await publisher.publish('file:///b.yaml', 4, [finding(2, 'Role B can become administrator.')]);
  assert.deepEqual(
    sent.map((p) => [p.uri, p.version, p.diagnostics[0].range.start.line, p.diagnostics[0].message]),
    [
      ['file:///a.yaml', 3, 1, 'Role A can become administrator.'],
      ['file:///a.yaml', 4, 1, 'Role A can become administrator.'],
      ['file:///a.yaml', 4, 2, 'Role A can become administrator.'],
      ['file:///a.yaml', 4, 2, 'Role B can become administrator.'],
      ['file:///b.yaml', 4, 2, 'Role B can become administrator.'],
    ],
  );
});

test('a cleared document is sent empty diagnostics, and its next publish is sent again', async () => {
  const { sent, publisher } = recorder();
  await publisher.publish('file:///a.yaml', 1, [finding(1, 'Role A can become administrator.')]);
  publisher.clear('file:///a.yaml');
  await publisher.publish('file:///a.yaml', 1, [finding(1, 'Role A can become administrator.')]);
  assert.deepEqual(
    sent.map((p) => [p.version, p.diagnostics.length]),
    [
      [1, 1],
      [undefined, 0],
      [1, 1],
    ],
  );
});
