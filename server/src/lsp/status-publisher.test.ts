import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyStatusParams } from '../protocol';
import { PolicyStatusPublisher } from './status-publisher';

function recorder(): { sent: PolicyStatusParams[]; publisher: PolicyStatusPublisher } {
  const sent: PolicyStatusParams[] = [];
  return { sent, publisher: new PolicyStatusPublisher({ sendNotification: async (_type: unknown, params: PolicyStatusParams) => void sent.push(params) } as never) };
}

const identity = (uri: string): PolicyStatusParams => ({ uri, isPolicy: true, policyType: 'identity', inferred: true });

test('the same status of a document is sent once; another status or another document is sent', async () => {
  const { sent, publisher } = recorder();
  await publisher.publish(identity('file:///a.json'));
  await publisher.publish(identity('file:///a.json'));
  await publisher.publish({ uri: 'file:///a.json', isPolicy: true, policyType: 'resource', inferred: true });
  await publisher.publish(identity('file:///b.json'));
  await publisher.publish(identity('file:///a.json'));
  assert.deepEqual(
    sent.map((s) => [s.uri, s.policyType]),
    [
      ['file:///a.json', 'identity'],
      ['file:///a.json', 'resource'],
      ['file:///b.json', 'identity'],
      ['file:///a.json', 'identity'],
    ],
  );
});

test('a forgotten document is sent its status again, though unchanged', async () => {
  const { sent, publisher } = recorder();
  await publisher.publish(identity('file:///a.json'));
  publisher.forget('file:///a.json');
  await publisher.publish(identity('file:///a.json'));
  assert.equal(sent.length, 2);
});
