import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

// The .vsix ships what .vscodeignore allows: every bundle esbuild.mjs writes must be in it, or the extension starts
// without it (the server loads dist/escalation-worker.js from beside itself at run time, so no import finds it missing).
test('the .vsix holds every bundle esbuild.mjs writes, the escalation worker among them', () => {
  const build = readFileSync(join(root, 'esbuild.mjs'), 'utf8');
  const bundles = [...build.matchAll(/outfile: '(dist\/[^']+)'/g)].map((match) => match[1]).sort();
  assert.deepEqual(bundles, ['dist/cli.js', 'dist/escalation-worker.js', 'dist/extension.js', 'dist/server.js']);
  const listed = spawnSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  const files = new Set(listed.stdout.split('\n').map((line) => line.trim()));
  for (const bundle of bundles) assert.ok(files.has(bundle), `${bundle} is packaged`);
  // Their source maps are not.
  assert.deepEqual(
    [...files].filter((file) => file.endsWith('.map')),
    [],
  );
});
