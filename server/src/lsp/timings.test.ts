import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTimings, timingsOf } from './timings';

test('without initializationOptions the server waits its defaults', () => {
  for (const options of [undefined, null, 'fast', {}]) {
    assert.deepEqual(timingsOf(options), { timings: { diagnosticsDelayMs: 150, escalationDelayMs: 600, accountChangeDelayMs: 400, scenarioDelayMs: 300 }, problems: [] });
  }
});

test('initializationOptions set each wait; other options are left alone', () => {
  assert.deepEqual(timingsOf({ diagnosticsDelayMs: 0, escalationDelayMs: 10_000, accountChangeDelayMs: 25.5, provideFormatter: true }), {
    timings: { diagnosticsDelayMs: 0, escalationDelayMs: 10_000, accountChangeDelayMs: 25.5, scenarioDelayMs: 300 },
    problems: [],
  });
});

test('a wait that is no number of milliseconds from 0 to 10,000 keeps its default, with a message', () => {
  const { timings, problems } = timingsOf({ diagnosticsDelayMs: -1, escalationDelayMs: '50', accountChangeDelayMs: 10_001, scenarioDelayMs: Number.NaN });
  assert.deepEqual(timings, defaultTimings);
  assert.deepEqual(problems, [
    'initializationOptions.diagnosticsDelayMs must be a number of milliseconds from 0 to 10000; using 150.',
    'initializationOptions.escalationDelayMs must be a number of milliseconds from 0 to 10000; using 600.',
    'initializationOptions.accountChangeDelayMs must be a number of milliseconds from 0 to 10000; using 400.',
    'initializationOptions.scenarioDelayMs must be a number of milliseconds from 0 to 10000; using 300.',
  ]);
});
