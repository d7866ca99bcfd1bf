import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shortTimings, TestClient } from '../helpers/lsp-client';

// A document just opened is validated at once, not after the pause the server leaves for typing: the protocol
// announces an open twice (didOpen, then a change of content), and the second must not put the first validation off.
// The pause is set far longer than the wait below, so a validation that waited for it fails the test.
const typingPauseMs = 6_000;

let client: TestClient;
before(async () => {
  client = new TestClient();
  await client.initialize(null, { ...shortTimings, diagnosticsDelayMs: typingPauseMs });
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
