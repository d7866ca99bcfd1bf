import type { HostReader } from '../core/hosts/host';
import { statSync } from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';
import { exitQuietlyWhenOutputCloses } from './closed-output';
import { UsageError, usageFailure, type CommandResult } from './usage';

// The `iam-policy` command, bundled as dist/cli-commands.js: dist/cli.js (launcher.ts) sets the V8 flags of the command
// first, then loads this bundle and calls `main`.
//
// Each command's modules are required when the command runs, not when the bundle loads: esbuild then defers their
// evaluation (and that of the libraries only they use), so `--version` or `who-can` does not pay for the rules, the
// template readers or the Terraform parser.
const lint = () => require('./lint') as typeof import('./lint');
const lintWorkers = () => require('./lint-workers') as typeof import('./lint-workers');
const account = () => require('./account') as typeof import('./account');
const check = () => require('./check') as typeof import('./check');
const hosts = () => require('../core/hosts/index') as typeof import('../core/hosts/index');
const prepareHostReaders = (readers?: readonly HostReader[]) => hosts().prepareHostReaders(readers);

/**
 * The readers a command other than `lint` prepares: all but those loaded on demand (C#'s grammar), which are loaded
 * too when an argument is a file they may read or a folder, which may hold one.
 */
function readersForArguments(args: readonly string[]): HostReader[] {
  const folders = args.some((arg) => {
    try {
      return statSync(arg).isDirectory();
    } catch {
      return false;
    }
  });
  const named = hosts().readersToPrepare(args);
  return hosts().hostReaders.filter((reader) => !reader.onDemand || folders || named.includes(reader));
}

const version = process.env.IAM_POLICY_VERSION ?? '0.0.0';

const usage = `Usage: iam-policy <command> [options]

Commands:
  lint [FILE|DIR|GLOB ...]   check IAM policies (iam-policy lint --help)
  simulate --action A --resource ARN [--policy FILE ...]
                             evaluate a request as AWS would; --batch for JSON Lines (iam-policy simulate --help)
  test [FILE|DIR ...]        run *.iamtest.json policy scenarios (iam-policy test --help)
  what-can --account FILE --principal NAME_OR_ARN
                             what a user or role of an account may do (iam-policy what-can --help)
  who-can --account FILE --action A --resource ARN
                             which users and roles of an account may make a request (iam-policy who-can --help)
  escalations --account FILE which principals can make themselves administrators (iam-policy escalations --help)
  check CHECK POLICY ...     no-new-access, access-not-granted, no-public-access, with a witness
                             request for every FAIL (iam-policy check --help)

Options:
  --version   print the version
  -h, --help  show this help`;

export function runCli(args: string[]): CommandResult {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'lint':
        return lint().runLint(rest, version);
      case 'simulate':
        return (require('./simulate') as typeof import('./simulate')).runSimulate(rest);
      case 'test':
        return (require('./scenarios') as typeof import('./scenarios')).runScenarios(rest);
      case 'what-can':
        return account().runWhatCan(rest);
      case 'who-can':
        return account().runWhoCan(rest);
      case 'escalations':
        return account().runEscalations(rest);
      case 'check':
        return check().runCheck(rest);
      case '--version':
        return { stdout: `${version}\n`, exitCode: 0 };
      case '-h':
      case '--help':
        return { stdout: `${usage}\n`, exitCode: 0 };
      case undefined:
        throw new UsageError('Name a command.');
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    return failure(command, error);
  }
}

// These read no policy, so they never wait for a host reader's parser.
const answersWithoutDocuments = new Set([undefined, '--version', '-h', '--help']);

/**
 * `runCli`, with `lint` spread over worker threads that load `workerScript` (the CLI bundle) again, after `prepare`
 * has loaded what the host readers need: every reader for the other commands, those its files need for `lint`.
 */
export async function runCliOnThreads(args: string[], workerScript: string, prepare: (readers?: readonly HostReader[]) => Promise<void> = prepareHostReaders): Promise<CommandResult> {
  const [command, ...rest] = args;
  if (command !== 'lint') {
    if (!answersWithoutDocuments.has(command) && needsHostReaders(args)) await prepare(readersForArguments(rest));
    return runCli(args);
  }
  try {
    return await lint().runLintOnThreads(rest, version, workerScript, prepare);
  } catch (error) {
    return failure(command, error);
  }
}

/**
 * Whether the command may read a document whose host reader loads a parser first (the Terraform grammar): every
 * command but the account questions, which need it only for an --account that is a Terraform module.
 */
export function needsHostReaders(args: readonly string[]): boolean {
  const [command, ...rest] = args;
  if (command !== 'who-can' && command !== 'what-can' && command !== 'escalations') return true;
  const sources = account().accountSourcesOf(rest);
  return sources === undefined || sources.some((require('./account-files') as typeof import('./account-files')).needsWasmParser);
}

function failure(command: string | undefined, error: unknown): CommandResult {
  if (error instanceof UsageError) {
    // No command, or an unknown one: the list of commands is the help.
    if (command === 'lint' || command === 'check') return usageFailure('iam-policy', error.message, command);
    return { stdout: '', stderr: `iam-policy: ${error.message}\n\n${usage}\n`, exitCode: 2 };
  }
  return { stdout: '', stderr: `iam-policy: ${(error as Error).message}\n`, exitCode: 2 };
}

/**
 * Runs the command of `process.argv` and sets the exit code: the process's main, once its V8 flags are set. Lint
 * workers start from `workerScript`: the launcher, so that they load this bundle as the main thread did.
 */
export function main(workerScript: string = __filename): void {
  let exitCode = 0;
  exitQuietlyWhenOutputCloses(() => (typeof process.exitCode === 'number' ? process.exitCode : exitCode));
  // Host readers whose parsers load asynchronously (a wasm grammar) load once, before the first file is read; not at
  // all for an account question that names no Terraform module.
  const prepare = (readers?: readonly HostReader[]) =>
    prepareHostReaders(readers).catch((error: Error) => {
      process.stderr.write(`iam-policy: a host reader failed to load (${error.message}); its files are skipped.\n`);
    });
  void runCliOnThreads(process.argv.slice(2), workerScript, prepare).then((result) => {
    exitCode = result.exitCode;
    // The answer first, then what stderr says of it (lint's count of its findings, warnings about the input): in a
    // terminal both land on one screen, and the count belongs below the findings it counts.
    process.stdout.write(result.stdout, () => {
      process.exitCode = result.exitCode;
      if (result.stderr) process.stderr.write(result.stderr);
    });
  });
}

if (!isMainThread && lintWorkers().isLintWorker(workerData)) {
  // A thread `iam-policy lint --jobs` started: it lints the files it takes and ends.
  void lintWorkers().runLintWorker(workerData);
} else if (require.main === module) {
  // Run directly (`node dist/cli-commands.js`), without the launcher's V8 flags: the same output, at the defaults' cost.
  main();
}
