// Runs the end-to-end suite (test/e2e/*.e2e.ts) against the packaged extension in a real VS Code
// (code-server driven through Chromium), one test file at a time.
// Usage: node scripts/run-e2e.mjs [--package] [file-filter ...]
//   --package        rebuild iam-policy-author.vsix even if it exists
// Environment: E2E_VSIX (test another .vsix), E2E_KEEP=1 (keep the temp folders),
// E2E_TIMEOUT_MS (how long each wait polls, default 30000).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const repackage = args.includes('--package');
const filters = args.filter((arg) => !arg.startsWith('--'));

function run(command, commandArgs, what) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    console.error(`run-e2e: ${what} failed (${why}).`);
    process.exit(result.status || 1);
  }
}

run('bash', [join(root, 'scripts/e2e-setup.sh')], 'scripts/e2e-setup.sh');

const vsix = process.env.E2E_VSIX || join(root, 'iam-policy-author.vsix');
if (!process.env.E2E_VSIX && (repackage || !existsSync(vsix))) run('npm', ['run', 'package'], 'npm run package');
if (!existsSync(vsix)) {
  console.error(`run-e2e: no extension package at ${vsix}.`);
  process.exit(1);
}
const minutes = Math.round((Date.now() - statSync(vsix).mtimeMs) / 60_000);
console.log(`run-e2e: testing ${relative(root, vsix) || vsix} (built ${minutes} min ago; --package rebuilds it)`);

const files = readdirSync(join(root, 'test/e2e'))
  .filter((name) => name.endsWith('.e2e.ts'))
  .sort()
  .map((name) => `test/e2e/${name}`)
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)));
if (files.length === 0) {
  console.error('run-e2e: no test/e2e/*.e2e.ts file matched.');
  process.exit(1);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, E2E_VSIX: vsix },
});
if (result.status !== 0) console.error('run-e2e: failed; screenshots and logs of failed tests are in test-results/e2e/.');
process.exit(result.status ?? 1);
