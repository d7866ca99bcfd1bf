// The iamPolicy/status notification through the bundled server: sent when a document opens, and afterwards only
// when what the status bar shows for it changes; not for each keystroke.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { shortTimings, TestClient } from '../helpers/lsp-client';

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(() => client.process.kill());

const identityPolicy = (bucket: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${bucket}/*"}]}`;
const bucketPolicy = (bucket: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${bucket}/*"}]}`;
const identity = { isPolicy: true, policyType: 'identity', inferred: true };
const resource = { isPolicy: true, policyType: 'resource', inferred: true };

/** The statuses received for `uri`, without it. */
const statusesOf = (uri: string) => client.statuses(uri).map(({ uri: _, ...status }) => status);

async function untilStatuses(uri: string, count: number): Promise<void> {
  for (let i = 0; i < 400 && statusesOf(uri).length < count; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(statusesOf(uri).length >= count, `expected ${count} statuses for ${uri}, got ${JSON.stringify(statusesOf(uri))}`);
}

/** Replaces the text and waits until it is validated (each new version's diagnostics are published). */
async function changed(uri: string, text: string): Promise<void> {
  const version = client.change(uri, text);
  await client.diagnostics(uri, (p) => p.version === version);
}

test('edits that leave the policy type as it was send no status; an edit that changes it sends one', async () => {
  const uri = 'file:///status/reports.policy.json';
  client.open(uri, identityPolicy('reports'));
  await untilStatuses(uri, 1);
  // Ten keystrokes in the bucket name: the document stays an identity policy.
  for (let i = 1; i <= 10; i++) await changed(uri, identityPolicy(`reports-${'x'.repeat(i)}`));
  // A Principal makes it a resource policy; five more keystrokes keep it one.
  await changed(uri, bucketPolicy('reports'));
  for (let i = 1; i <= 5; i++) await changed(uri, bucketPolicy(`reports-${'x'.repeat(i)}`));
  // Back to an identity policy: its status comes after any the edits before it could have sent.
  await changed(uri, identityPolicy('reports'));
  await untilStatuses(uri, 3);
  assert.deepEqual(statusesOf(uri), [identity, resource, identity]);
});

test('a document opened again gets its status, though it is the one sent before it closed', async () => {
  const uri = 'file:///status/reopened.policy.json';
  client.open(uri, identityPolicy('reports'));
  await untilStatuses(uri, 1);
  client.close(uri);
  client.open(uri, identityPolicy('reports'));
  await untilStatuses(uri, 2);
  assert.deepEqual(statusesOf(uri), [identity, identity]);
});

test('choosing a policy type sends the new status, and going back to inference sends the inferred one', async () => {
  const uri = 'file:///status/chosen.policy.json';
  client.open(uri, identityPolicy('reports'));
  await untilStatuses(uri, 1);
  await client.request('iamPolicy/setPolicyType', { uri, policyType: 'scp' });
  await untilStatuses(uri, 2);
  await changed(uri, identityPolicy('reports-x'));
  await client.request('iamPolicy/setPolicyType', { uri, policyType: null });
  await untilStatuses(uri, 3);
  assert.deepEqual(statusesOf(uri), [identity, { isPolicy: true, policyType: 'scp', inferred: false }, identity]);
});
