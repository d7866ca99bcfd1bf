import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const manifestOf = (path: string) => JSON.parse(readFileSync(join(root, path, 'package.json'), 'utf8'));

// protocol.ts types its messages with one copy of vscode-languageserver-protocol; the client and the server library
// must be built on that same version, or the typed messages stop type-checking on one side (and the two ends may
// speak different protocol versions).
test('vscode-languageclient and vscode-languageserver use the same LSP protocol version as protocol.ts', () => {
  const protocol = manifestOf('node_modules/vscode-languageserver-protocol').version;
  assert.equal(manifestOf('node_modules/vscode-languageclient').dependencies['vscode-languageserver-protocol'], protocol);
  assert.equal(manifestOf('node_modules/vscode-languageserver').dependencies['vscode-languageserver-protocol'], protocol);
  assert.equal(manifestOf('.').devDependencies['vscode-languageserver-protocol'], protocol);
});
