// Runs the *.test.ts files under server/ and test/ (except the end-to-end suite) with node's own test runner;
// TypeScript is loaded through tsx.
//
//   node scripts/run-tests.mjs                 the fast suite: unit, LSP and CLI tests, in one node process per core
//   node scripts/run-tests.mjs --slow          the slow suites (fuzz, edit storm, pathological input, corpus, the
//                                              full sweeps of *.slow.test.ts), one process per file as before
//   node scripts/run-tests.mjs --all           both
//   node scripts/run-tests.mjs <path-part> ... only the files whose path contains one of the parts (fast or slow)
//   --isolate                                  one process per file for the fast suite too (slower; for a test that
//                                              seems to depend on another file's module state)
//   --shards=N                                 the fast suite in N processes (default: one per core, at most 8)
//   --weigh                                    also write each fast file's time to scripts/test-weights.json
//
// Loading many fast files into one process (scripts/load-tests.cjs) pays node's start-up, the TypeScript loader and
// the catalog load once instead of once per file. The fast files are dealt to one such process per core, heaviest
// first to the least loaded, by the times in scripts/test-weights.json (a file not listed counts as the average), and
// the processes run at once. The first shard prints as it runs, each other when the one before it is done, so the
// output reads as one run; then one closing summary adds up every shard's counts (ℹ tests, ℹ pass, ℹ fail …). The
// exit code is non-zero when a test fails, and a shard that ends without its summary (a crash) fails the run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const roots = ['server', 'test'];

// The tests make their files in folders under os.tmpdir() and leave them there (over 100 a run), so the
// run gives its processes a temporary folder of its own (TMPDIR, and TMP and TEMP, which node reads on Windows) and
// removes it when the run ends.
// The tests run dist/cli.js, which keeps a V8 code cache of its bundle in $XDG_CACHE_HOME: a folder of this run's own
// too, so that a test never reads a cache a user's run (or an earlier build) wrote.
const runTemp = mkdtempSync(join(tmpdir(), 'iam-policy-tests-'));
const cacheHome = join(runTemp, 'cache');
mkdirSync(cacheHome);
// tsx keeps its TypeScript transforms under os.tmpdir() too, read when it loads: the test processes start with
// TMPDIR at a lasting folder, so a run reuses the transforms of the last (a shard's start cost 1.5 s more CPU
// without them), and scripts/test-tmpdir.mjs, imported right after tsx, points it at the run's folder.
const transformCache = join(root, 'node_modules', '.cache', 'iam-policy-tests');
mkdirSync(transformCache, { recursive: true });
process.env.TMPDIR = process.env.TMP = process.env.TEMP = transformCache;
process.env.IAM_POLICY_TESTS_TMPDIR = runTemp;
process.env.XDG_CACHE_HOME = cacheHome;
process.on('exit', () => rmSync(runTemp, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
const skip = new Set(['node_modules', 'e2e', 'dist']);
const weightsFile = join(root, 'scripts', 'test-weights.json');

/**
 * The slow suites: each takes seconds (fuzzing, the managed-policy corpus, memory under an edit storm,
 * pathological input, the full random or corpus-wide sweeps in `*.slow.test.ts` files, whose fast suite runs a
 * bounded part, and the shipped artefacts in test/packaging/, whose tests start the bundles again and again to test
 * their code caches, or run vsce), so `npm test` leaves them to `npm run test:slow`; `npm run test:all` and CI run both.
 */
const slow = ['test/reliability/', 'test/corpus/', 'test/packaging/', 'test/lsp/edit-storm.test.ts'];
const isSlow = (file) => slow.some((part) => file.startsWith(part)) || file.endsWith('.slow.test.ts');

const args = process.argv.slice(2);
const flags = new Set(args.filter((arg) => arg.startsWith('--') && !arg.startsWith('--shards=')));
const filters = args.filter((arg) => !arg.startsWith('--'));
for (const flag of flags) {
  if (!['--slow', '--all', '--isolate', '--weigh'].includes(flag)) {
    console.error(`run-tests: unknown option ${flag}. Use --slow, --all, --isolate, --shards=N, --weigh or path filters.`);
    process.exit(2);
  }
}
const shardsArg = args.find((arg) => arg.startsWith('--shards='));
const shardCount = shardsArg ? Number(shardsArg.slice('--shards='.length)) : Math.min(availableParallelism(), 8);
if (!Number.isInteger(shardCount) || shardCount < 1) {
  console.error(`run-tests: --shards takes a whole number of processes, 1 or more; got ${shardsArg}.`);
  process.exit(2);
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
// The V8 flags `iam-policy lint` runs with (server/src/cli/batch-tuning.ts), for the same reason: a test process runs
// a great deal of code a few times each, and TurboFan's inlining and its early optimisations spent CPU on code that
// was done before they paid off, which two shards on two cores pay for in wall time. The fast suite took 47.6–47.8 s
// with them against 53–55 s without (2 cores). Only for the V8 versions that flag set was measured on, as the CLI does.
const v8Major = Number(process.versions.v8.split('.')[0]);
const v8Flags = v8Major >= 11 && v8Major <= 13 ? ['--no-turbo-inlining', '--interrupt-budget=393216'] : [];
const tsx = [...v8Flags, '--import', 'tsx', '--import', './scripts/test-tmpdir.mjs', '--test-force-exit'];
// The slow suite runs without --test-force-exit: with it, runs were seen (2 of 4, one of them CI's) to end while a
// test of incremental.slow.test.ts was still running, its file's later tests never reported and the run counted as
// passed (96 tests instead of 105). A run that hangs instead (a handle left open) is stopped by `timeoutMs` and fails.
const tsxWithoutForceExit = [...v8Flags, '--import', 'tsx', '--import', './scripts/test-tmpdir.mjs'];
const SLOW_TIMEOUT_MS = 30 * 60 * 1000;
function node(nodeArgs, timeoutMs) {
  const result = spawnSync(process.execPath, nodeArgs, { cwd: root, stdio: 'inherit', ...(timeoutMs ? { timeout: timeoutMs, killSignal: 'SIGKILL' } : {}) });
  if (result.error) console.error(`run-tests: ${result.error.message}`);
  if (result.signal) console.error(`run-tests: the tests were stopped (${result.signal})${timeoutMs ? ` after ${timeoutMs / 60_000} minutes` : ''}.`);
  return result.status ?? 1;
}

/** Each fast file's time in ms, as `--weigh` last wrote them; none when the file is missing. */
function readWeights() {
  try {
    return JSON.parse(readFileSync(weightsFile, 'utf8'));
  } catch {
    return {};
  }
}

/** Deals the files to `count` shards, heaviest first, each to the shard with the least weight so far. */
function deal(files, count) {
  // Without weights every file counts the same, and the shards get equal numbers of files.
  const weights = readWeights();
  const known = Object.values(weights);
  const average = known.length > 0 ? known.reduce((sum, weight) => sum + weight, 0) / known.length : 1;
  const weightOf = (file) => weights[file] ?? average;
  const shards = Array.from({ length: Math.min(count, files.length) }, () => ({ files: [], weight: 0 }));
  for (const file of [...files].sort((a, b) => weightOf(b) - weightOf(a) || (a < b ? -1 : 1))) {
    const lightest = shards.reduce((best, shard) => (shard.weight < best.weight ? shard : best));
    lightest.files.push(file);
    lightest.weight += weightOf(file);
  }
  // Each shard runs its files in path order, as one process did.
  for (const shard of shards) shard.files.sort();
  return shards;
}

/** A line of node:test's closing counts, as spec prints them (coloured or not). */
const shardSummaryLine = /^(?:\x1b\[[\d;]*m)*ℹ (?:tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) \d+(?:\.\d+)?(?:\x1b\[[\d;]*m)*$/;

/** Runs the fast files in shards at once; resolves to the exit status (0 when every shard passed). */
async function runShards(files, count) {
  const started = performance.now();
  const shards = deal(files, count);
  const countsDir = mkdtempSync(join(runTemp, 'counts-'));
  // spec prints what users read; the shard reporter writes the counts this adds up.
  const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts', 'shard-reporter.mjs')}`, '--test-reporter-destination=stderr'];
  // The shard printing now; the others keep their output until it is their turn.
  let live = 0;
  const runs = shards.map((shard, index) => {
    const countsFile = join(countsDir, `shard-${index}.json`);
    const child = spawn(process.execPath, [...tsx, ...reporters, join(root, 'scripts', 'load-tests.cjs'), ...shard.files], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, IAM_POLICY_TEST_COUNTS: countsFile, ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {}) },
    });
    const run = { index, shard, countsFile, held: [], status: 0, signal: null, seconds: 0 };
    const print = (text) => (index === live ? process.stdout.write(text) : run.held.push(text));
    // Whole lines, less the shard's own closing counts: the summary below adds them up.
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      const kept = lines.filter((line) => !shardSummaryLine.test(line));
      if (kept.length > 0) print(`${kept.join('\n')}\n`);
    });
    run.finished = new Promise((resolve) => {
      child.on('error', (error) => {
        console.error(`run-tests: shard ${index + 1} could not start: ${error.message}`);
        run.status = 1;
      });
      child.on('close', (status, signal) => {
        if (partial && !shardSummaryLine.test(partial)) print(`${partial}\n`);
        Object.assign(run, { status: status ?? 1, signal, seconds: (performance.now() - started) / 1000 });
        resolve();
      });
    });
    return run;
  });
  for (const run of runs) {
    await run.finished;
    // Its turn is over: the next shard prints what it held back, then prints as it runs.
    live = run.index + 1;
    const next = runs[live];
    if (next) for (const chunk of next.held.splice(0)) process.stdout.write(chunk);
  }

  const total = { tests: 0, suites: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
  const failures = [];
  const crashed = [];
  const times = {};
  for (const run of runs) {
    let report;
    try {
      report = JSON.parse(readFileSync(run.countsFile, 'utf8'));
    } catch {
      report = undefined;
    }
    if (report?.counts.tests === undefined) {
      // The files run in the order given, and are reported a little after they end: the crash is in the first file
      // without a time or soon after it.
      const unreported = run.shard.files.filter((file) => report?.files[file] === undefined);
      crashed.push(
        `shard ${run.index + 1} ended ${run.signal ? `by ${run.signal}` : `with exit code ${run.status}`} before its summary; ` +
          `the first of its files not reported is ${unreported[0]}${unreported.length > 1 ? `, with ${unreported.length - 1} after it` : ''}`,
      );
      continue;
    }
    // A file whose suite never ended (the process ended while it ran) would otherwise pass unnoticed.
    const unfinished = run.shard.files.filter((file) => report.files[file] === undefined);
    if (unfinished.length > 0) crashed.push(`shard ${run.index + 1} gave no result for ${unfinished.join(', ')}`);
    for (const key of Object.keys(total)) total[key] += report.counts[key] ?? 0;
    failures.push(...report.failures);
    Object.assign(times, report.files);
    if (run.status !== 0 && (report.counts.fail ?? 0) === 0 && (report.counts.cancelled ?? 0) === 0) {
      crashed.push(`shard ${run.index + 1} exited with code ${run.status} though no test failed`);
    }
  }
  rmSync(countsDir, { recursive: true, force: true });

  const lines = [`ℹ fast suite: ${files.length} files in ${runs.length} processes at once, done after ${runs.map((run) => `${run.seconds.toFixed(0)} s`).join(', ')}`];
  for (const [key, value] of Object.entries(total)) lines.push(`ℹ ${key} ${value}`);
  lines.push(`ℹ duration_ms ${(performance.now() - started).toFixed(0)}`);
  console.log(`\n${lines.join('\n')}`);
  if (failures.length > 0) console.log(`\n✖ failing tests:\n${failures.map(({ name, message }) => `  ${name}\n    ${message}`).join('\n')}`);
  for (const crash of crashed) console.error(`\n✖ run-tests: ${crash}.`);

  if (flags.has('--weigh') && crashed.length === 0) {
    const kept = filters.length > 0 ? readWeights() : {};
    const weights = Object.fromEntries(Object.entries({ ...kept, ...times }).sort(([a], [b]) => (a < b ? -1 : 1)));
    writeFileSync(weightsFile, `${JSON.stringify(weights, null, 2)}\n`);
    console.log(`ℹ wrote the times of ${Object.keys(times).length} files to ${relative(root, weightsFile)}`);
  }
  return total.fail > 0 || total.cancelled > 0 || crashed.length > 0 ? 1 : 0;
}

let status = 0;
if (fast.length > 0) {
  status = flags.has('--isolate') ? node([...tsx, '--test-reporter=spec', '--test', ...fast]) : await runShards(fast, shardCount);
}
if (slowFiles.length > 0) status = node([...tsxWithoutForceExit, '--test-reporter=spec', '--test', ...slowFiles], SLOW_TIMEOUT_MS) || status;
process.exit(status);
