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

// A single character outside ASCII anywhere in a script makes V8 keep the whole source as a two-byte string: slower to
// read and to scan on every `iam-policy` run. esbuild escapes such characters in code; the CLI's build drops comments.
test('the CLI bundles are ASCII only', () => {
  for (const bundle of ['dist/cli.js', 'dist/cli-commands.js', 'dist/cli-yaml.js', 'dist/cli-babel-parser.js', 'dist/web-tree-sitter.js']) {
    const text = readFileSync(join(root, bundle), 'utf8');
    const offset = text.search(/[^\x00-\x7f]/);
    assert.equal(offset, -1, `${bundle} has ${JSON.stringify(text.slice(Math.max(0, offset - 40), offset + 40))}`);
  }
});

// dist/cli.js, dist/server.js and dist/escalation-worker.js load their bundles (and the CLI its YAML parser) with V8's code cache
// (server/src/launch/code-cache.ts), and on node 20 a script compiled from the cache cannot run `import()`: Terraform
// files would go unread once a cache exists. The libraries that use it (web-tree-sitter) are required from files of
// their own, without a cache.
test('the bundles loaded with a code cache hold no dynamic import()', () => {
  for (const bundle of ['dist/cli-commands.js', 'dist/server-main.js', 'dist/escalation-worker-main.js', 'dist/cli-yaml.js']) {
    const text = readFileSync(join(root, bundle), 'utf8');
    const found = /(?<![\w$.])import\s*\(/.exec(text);
    assert.equal(found, null, `${bundle} has ${JSON.stringify(found && text.slice(Math.max(0, found.index - 60), found.index + 40))}`);
  }
});

// A project whose policies are written in code opens with a source file (`index.ts`, `main.go`), and VS Code starts an
// extension for a language only when its activation events say so: the project's own marker file starts it.
test('the extension starts in every kind of project whose sources it reads, by the file that marks the project', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { activationEvents: string[] };
  const markers = manifest.activationEvents.filter((event) => event.startsWith('workspaceContains:')).map((event) => event.slice('workspaceContains:'.length));
  for (const marker of ['**/*.tf', '**/cdk.json', '**/serverless.ts', '**/Pulumi.yaml', '**/Pulumi.yml', '**/sst.config.ts', '**/cdktf.json']) assert.ok(markers.includes(marker), marker);
});
