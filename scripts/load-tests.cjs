// Loads many test files into this one node process, each inside a suite named by its path, so the
// files share one start-up, one TypeScript loader and one catalog load instead of one process each.
// A file's top-level before/after hooks become its suite's hooks, so they still run around that
// file's tests only. Run by scripts/run-tests.mjs as
//   node --import tsx --test-reporter=spec scripts/load-tests.cjs <file> ...
// node:test prints the closing summary (ℹ tests, ℹ pass, ℹ fail …) and sets a failing exit code.
const { describe, test } = require('node:test');
const { relative, resolve } = require('node:path');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('load-tests: no test files given.');
  process.exit(1);
}
for (const file of files) {
  const path = resolve(file);
  const name = relative(process.cwd(), path);
  describe(name, () => {
    try {
      require(path);
    } catch (error) {
      // A file that cannot load counts as a failed test, so the summary's `ℹ fail` shows it too.
      test(`${name} loads`, () => {
        throw error;
      });
    }
  });
}
