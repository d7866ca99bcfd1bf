// The second reporter of a fast-suite shard (scripts/run-tests.mjs runs the fast files in a few node processes at
// once; spec prints what users read). It prints nothing: it writes, to the file named by IAM_POLICY_TEST_COUNTS,
// the shard's closing counts (ℹ tests, ℹ pass, ℹ fail …), each file's time (the top-level suites
// scripts/load-tests.cjs names by path) and the tests that failed, for run-tests.mjs to add up into one summary.
// The file is written in the events themselves, after each file and at node:test's last count: with --test-force-exit
// the process ends as soon as the reporters have been given every event, before a stream's end could be waited for,
// and a shard that crashes leaves the files it finished, so that run-tests.mjs can name the one it crashed in.
import { writeFileSync } from 'node:fs';
import { Transform } from 'node:stream';

const countsFile = process.env.IAM_POLICY_TEST_COUNTS;
const counts = {};
const files = {};
const failures = [];
/** The names of the suites around the current test, by nesting, so that a failure names its file and suites. */
const path = [];

const save = () => countsFile && writeFileSync(countsFile, JSON.stringify({ counts, files, failures }));

function record({ type, data }) {
  if (type === 'test:start') path[data.nesting] = data.name;
  if (type === 'test:fail' && data.details.type !== 'suite') {
    const error = data.details.error;
    const lines = String(error?.cause?.message ?? error?.message ?? error)
      .split('\n')
      .filter((line) => line.trim() !== '');
    failures.push({ name: [...path.slice(0, data.nesting), data.name].join(' › '), message: lines.slice(0, 3).join(' ') });
  }
  if ((type === 'test:pass' || type === 'test:fail') && data.nesting === 0) {
    files[data.name] = Math.round(data.details.duration_ms);
    save();
  }
  if (type === 'test:diagnostic' && data.nesting === 0) {
    const count = /^(\w+) (\d+(?:\.\d+)?)$/.exec(data.message);
    if (count) counts[count[1]] = Number(count[2]);
    // duration_ms is the last line of node:test's summary.
    if (count?.[1] === 'duration_ms') save();
  }
}

export default new Transform({
  writableObjectMode: true,
  transform(event, _encoding, done) {
    record(event);
    done();
  },
});
