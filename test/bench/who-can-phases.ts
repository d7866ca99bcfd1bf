// Where the time of one `iam-policy who-can` process goes, measured in the real dist/cli.js: account-bench.ts bundles
// this file and runs `node --require <it> dist/cli.js who-can ... --format json`. Loaded before the CLI, it marks the
// steps by the calls the CLI makes anyway: the first read of the --account file, the JSON.parse of its text, and the
// JSON.stringify of the answer; the process's end closes the last step. Nothing of the CLI is imported or bundled here,
// so loading the bundle costs what it costs a user.
// Writes one JSON line to the file IAM_POLICY_PHASES_OUT names: {start, startCpu, startMain, steps: [[name, wall, cpu,
// main-thread cpu], ...]}, in milliseconds; start is node's own start, to the first line of this file.
// The module object itself (not an import namespace, which cannot be assigned to): the CLI reads files through it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');

/** CPU of the main thread alone (Linux: /proc, in clock ticks of 10 ms); V8's compiler and GC threads run beside it. */
function mainThreadCpu(): number {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function processCpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const out = process.env.IAM_POLICY_PHASES_OUT;
const accountFile = process.env.IAM_POLICY_PHASES_ACCOUNT;
const start = performance.now();
const startCpu = processCpu();
const startMain = mainThreadCpu();
const marks: [name: string, wall: number, cpu: number, main: number][] = [['', start, startCpu, startMain]];
const names = new Set<string>();

/** Closes the step that ends here (each once: a later call of the same kind is part of another step). */
function mark(name: string): void {
  if (names.has(name)) return;
  names.add(name);
  marks.push([name, performance.now(), processCpu(), mainThreadCpu()]);
}

const readFileSync = fs.readFileSync;
fs.readFileSync = function (this: unknown, path: unknown, ...rest: unknown[]) {
  if (path === accountFile) mark('loading dist/cli.js, reading the arguments');
  return (readFileSync as (...args: unknown[]) => unknown).call(this, path, ...rest);
} as typeof fs.readFileSync;
const parse = JSON.parse;
JSON.parse = function (text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) {
  const whole = typeof text === 'string' && text.length > 1_000_000;
  if (whole) mark('read the file (bytes, then UTF-8)');
  const value: unknown = parse(text, reviver);
  if (whole) mark('JSON.parse of the file');
  return value;
};
const stringify = JSON.stringify;
JSON.stringify = function (value: unknown, replacer?: unknown, space?: string | number) {
  // The answer (`--format json`): the list of principals, indented.
  if (Array.isArray(value) && space === 2) mark('account model and who-can query');
  return stringify(value, replacer as Parameters<typeof JSON.stringify>[1], space);
};

process.on('exit', () => {
  mark('JSON output, exit');
  const steps = marks.slice(1).map(([name, wall, cpu, main], i) => [name, wall - marks[i][1], cpu - marks[i][2], main - marks[i][3]]);
  if (out) fs.writeFileSync(out, `${stringify({ start, startCpu, startMain, steps })}\n`);
});
