// Imported right after tsx by the test processes run-tests.mjs starts. tsx keeps its TypeScript transforms in a
// cache under os.tmpdir(), read when it loads: run-tests.mjs starts the process with TMPDIR at a lasting folder, so
// each run (and each shard) reuses the transforms of the last, then this points TMPDIR, TMP and TEMP at the run's
// own temporary folder before any test makes a file.
const runTemp = process.env.IAM_POLICY_TESTS_TMPDIR;
if (runTemp) process.env.TMPDIR = process.env.TMP = process.env.TEMP = runTemp;
