import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyStatusNotification, serverStatsRequest, setPolicyTypeRequest, simulateRequest, simulationInputsRequest } from './protocol';

// The method names are the wire contract with the client (and with other editors that speak to the server): typing
// the messages must not rename them.
test('the custom messages keep their method names', () => {
  assert.deepEqual(
    [policyStatusNotification, setPolicyTypeRequest, serverStatsRequest, simulationInputsRequest, simulateRequest].map((message) => message.method),
    ['iamPolicy/status', 'iamPolicy/setPolicyType', 'iamPolicy/serverStats', 'iamPolicy/simulationInputs', 'iamPolicy/simulate'],
  );
});

test('requests pass their parameters as one object, as the untyped calls did', () => {
  for (const request of [setPolicyTypeRequest, simulationInputsRequest, simulateRequest]) assert.equal(request.parameterStructures.toString(), 'auto', request.method);
});
