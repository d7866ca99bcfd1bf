// Runs the *.test.ts files under server/ and test/ (except the end-to-end suite) with node's own test runner;
// TypeScript is loaded through tsx.
//
//   node scripts/run-tests.mjs                 the fast suite: unit, LSP and CLI tests, in one node process
//   node scripts/run-tests.mjs --slow          the slow suites (fuzz, edit storm, pathological input, corpus),
//                                              one process per file as before
//   node scripts/run-tests.mjs --all           both
//   node scripts/run-tests.mjs <path-part> ... only the files whose path contains one of the parts (fast or slow)
//   --isolate                                  one process per file for the fast suite too (slower; for a test that
//                                              seems to depend on another file's module state)
//
// Loading the fast files into one process (scripts/load-tests.cjs) pays node's start-up, the TypeScript loader and
// the catalog load once instead of once per file; on two cores that is most of the suite's time. Each invocation
// prints node:test's closing summary (ℹ tests, ℹ pass, ℹ fail …) and exits non-zero when a test fails.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const roots = ['server', 'test'];
const skip = new Set(['node_modules', 'e2e', 'dist']);

/**
 * The slow suites: each takes seconds (fuzzing, the managed-policy corpus, memory under an edit storm,
 * pathological input), so `npm test` leaves them to `npm run test:slow`; `npm run test:all` and CI run both.
 */
const slow = ['test/reliability/', 'test/corpus/', 'test/lsp/edit-storm.test.ts'];

const args = process.argv.slice(2);
const flags = new Set(args.filter((arg) => arg.startsWith('--')));
const filters = args.filter((arg) => !arg.startsWith('--'));
for (const flag of flags) {
  if (!['--slow', '--all', '--isolate'].includes(flag)) {
    console.error(`run-tests: unknown option ${flag}. Use --slow, --all, --isolate or path filters.`);
    process.exit(2);
  }
}

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path).split('\\').join('/'));
  }
  return out;
}

const isSlow = (file) => slow.some((part) => file.startsWith(part));
const all = roots
  .flatMap((dir) => collect(join(root, dir), []))
  .filter((file) => filters.length === 0 || filters.some((part) => file.includes(part)))
  .sort();
// With path filters and no --slow/--all, every matching file runs, fast or slow.
const wantFast = !flags.has('--slow');
const wantSlow = flags.has('--slow') || flags.has('--all') || filters.length > 0;
const fast = wantFast ? all.filter((file) => !isSlow(file)) : [];
const slowFiles = wantSlow ? all.filter(isSlow) : [];
if (fast.length + slowFiles.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

// --test-force-exit: once every test has finished, exit even if a test left a handle open (a stdio-server test
// process was once seen to stay alive for 20 minutes after its last test), rather than hang the whole run.
const tsx = ['--import', 'tsx', '--test-reporter=spec', '--test-force-exit'];
function node(nodeArgs) {
  const result = spawnSync(process.execPath, nodeArgs, { cwd: root, stdio: 'inherit' });
  if (result.error) console.error(`run-tests: ${result.error.message}`);
  return result.status ?? 1;
}

let status = 0;
if (fast.length > 0) {
  status ||= flags.has('--isolate') ? node([...tsx, '--test', ...fast]) : node([...tsx, join(root, 'scripts', 'load-tests.cjs'), ...fast]);
}
if (slowFiles.length > 0) status = node([...tsx, '--test', ...slowFiles]) || status;
process.exit(status);
