// Where the time of one `iam-policy who-can` process goes, measured inside a fresh process as the CLI runs it: the
// whole CLI is bundled in (so loading the bundle costs what dist/cli.js costs), then each step of `who-can` is timed
// cold, as a process meets it. account-bench.ts bundles this file, runs it with node and prints the steps as rows.
// (cli/main.ts itself is not imported: bundled, its `require.main === module` would run the command line.)
// Arguments: ACCOUNT_FILE ACTION RESOURCE. Prints one JSON line: {start, startCpu, startMain, steps: [[name, wall, cpu,
// main-thread cpu], ...], allowed, bytes}, in milliseconds.
import { readFileSync } from 'node:fs';
import { AccountEvaluator, whoCan } from '../../server/src/core/account/index';
import { runCheck } from '../../server/src/cli/check';
import { runEscalations, runWhatCan, runWhoCan } from '../../server/src/cli/account';
import { isTerraformSource, readFileAccount } from '../../server/src/cli/account-files';
import { runLint } from '../../server/src/cli/lint';
import { runScenarios } from '../../server/src/cli/scenarios';
import { runSimulate } from '../../server/src/cli/simulate';
import { prepareHostReaders } from '../../server/src/core/hosts/index';

// Milliseconds from the process's start (performance.timeOrigin) to here: node's start and loading the bundle.
const loaded = performance.now();
const loadedCpu = process.cpuUsage();
void [runCheck, runEscalations, runWhatCan, runWhoCan, runLint, runScenarios, runSimulate];

/** CPU of the main thread alone (Linux: /proc, in clock ticks of 10 ms); V8's compiler and GC threads run beside it. */
function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

const loadedMain = mainThreadCpu();
const steps: [string, number, number, number][] = [];
async function step<T>(name: string, body: () => T | Promise<T>): Promise<T> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const mainStart = mainThreadCpu();
  const result = await body();
  const used = process.cpuUsage(cpu);
  steps.push([name, performance.now() - wall, (used.user + used.system) / 1000, mainThreadCpu() - mainStart]);
  return result;
}

async function main(): Promise<void> {
  const [file, action, resource] = process.argv.slice(2);
  // As dist/cli.js does before an account question: only a Terraform module needs its parser loaded.
  await step('prepare host readers (Terraform --account only)', () => (isTerraformSource(file) ? prepareHostReaders() : undefined));
  const text = await step('read the file', () => readFileSync(file, 'utf8'));
  const account = await step('parse and model (as the CLI reads a file)', () => readFileAccount(file, text));
  const result = await step('who-can query (new evaluator)', () => whoCan(new AccountEvaluator(account), action, resource));
  const output = await step('JSON output', () => `${JSON.stringify(result.allowed, null, 2)}\n`);
  // For scale, after the rest: JSON.parse of the same text alone.
  await step('(JSON.parse of the file alone, for scale)', () => JSON.parse(text));
  process.stdout.write(
    `${JSON.stringify({ start: loaded, startCpu: (loadedCpu.user + loadedCpu.system) / 1000, startMain: loadedMain, steps, allowed: result.allowed.length, bytes: output.length })}\n`,
  );
}

void main();
