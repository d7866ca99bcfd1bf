import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The core serves the LSP server, stdio clients and the CLI alike, so it must not depend on any editor API.
test('the core imports nothing from vscode or the LSP libraries', () => {
  const offenders: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.ts') && /from ['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*)['"]/.test(readFileSync(path, 'utf8'))) offenders.push(path);
    }
  };
  visit(__dirname);
  assert.deepEqual(offenders, []);
});
