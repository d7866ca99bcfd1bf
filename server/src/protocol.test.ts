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

// vscode-jsonrpc answers InvalidParams when a typed request arrives without the parameters its type declares, so the
// types must say what clients send: one parameter object, or none for iamPolicy/serverStats.
test('requests declare the parameters clients send: one object, or none for serverStats', () => {
  for (const request of [setPolicyTypeRequest, simulationInputsRequest, simulateRequest]) {
    assert.equal(request.numberOfParams, 1, request.method);
    assert.equal(request.parameterStructures.toString(), 'auto', request.method);
  }
  assert.equal(serverStatsRequest.numberOfParams, 0);
});
