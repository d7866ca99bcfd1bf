import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

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
