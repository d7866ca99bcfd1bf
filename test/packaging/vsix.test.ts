import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

// The .vsix ships what .vscodeignore allows: every bundle esbuild.mjs writes must be in it, or the extension starts
// without it (the server loads dist/escalation-worker.js from beside itself at run time, and the CLI its commands, the YAML parser
// and web-tree-sitter from dist/cli-*.js, so no import finds them missing).
test('the .vsix holds every bundle esbuild.mjs writes, the escalation worker among them', () => {
  const build = readFileSync(join(root, 'esbuild.mjs'), 'utf8');
  const bundles = [...build.matchAll(/outfile: '(dist\/[^']+)'/g)].map((match) => match[1]).sort();
  assert.deepEqual(bundles, [
    'dist/cli-babel-parser.js',
    'dist/cli-commands.js',
    'dist/cli-yaml.js',
    'dist/cli.js',
    'dist/escalation-worker-main.js',
    'dist/escalation-worker.js',
    'dist/extension.js',
    'dist/server-main.js',
    'dist/server.js',
    'dist/web-tree-sitter.js',
  ]);
  const listed = spawnSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  const files = new Set(listed.stdout.split('\n').map((line) => line.trim()));
  for (const bundle of bundles) assert.ok(files.has(bundle), `${bundle} is packaged`);
  // So are the data files the bundles read beside them (the catalog reads its descriptions from a file of their own).
  for (const data of ['dist/catalog.json', 'dist/catalog-descriptions.json', 'dist/managed-policies.json', 'dist/THIRD-PARTY-NOTICES.txt']) assert.ok(files.has(data), `${data} is packaged`);
  // And every file esbuild.mjs copies into dist/: the parsers' WebAssembly, loaded from beside the bundles at run time
  // (the C# grammar was once built and not shipped), and their licences.
  const copied = [...build.matchAll(/\['node_modules\/[^']+', '([^']+)'\]/g)].map((match) => `dist/${match[1]}`);
  assert.ok(copied.includes('dist/tree-sitter-c_sharp.wasm') && copied.includes('dist/web-tree-sitter.wasm'), copied.join(', '));
  for (const file of copied) assert.ok(files.has(file), `${file} is packaged`);
  // Their source maps are not.
  assert.deepEqual(
    [...files].filter((file) => file.endsWith('.map')),
    [],
  );
});
