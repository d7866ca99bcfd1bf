import { prepareHostReaders } from '../core/hosts/index';
import { tuneForBatchRun } from './batch-tuning';
import { checkUsage, runCheck } from './check';
import { exitQuietlyWhenOutputCloses } from './closed-output';
import { runEscalations, runWhatCan, runWhoCan } from './account';
import { runLint, lintUsage } from './lint';
import { runScenarios } from './scenarios';
import { runSimulate } from './simulate';
import { UsageError, type CommandResult } from './usage';

// Entry of dist/cli.js, the `iam-policy` command.
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
        return runLint(rest, version);
      case 'simulate':
        return runSimulate(rest);
      case 'test':
        return runScenarios(rest);
      case 'what-can':
        return runWhatCan(rest);
      case 'who-can':
        return runWhoCan(rest);
      case 'escalations':
        return runEscalations(rest);
      case 'check':
        return runCheck(rest);
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
    if (error instanceof UsageError) {
      const help = command === 'lint' ? lintUsage : command === 'check' ? checkUsage : usage;
      return { stdout: '', stderr: `iam-policy: ${error.message}\n\n${help}\n`, exitCode: 2 };
    }
    return { stdout: '', stderr: `iam-policy: ${(error as Error).message}\n`, exitCode: 2 };
  }
}

if (require.main === module) {
  // Linting is a batch over many files, run once: tune the JIT for it before any rule is compiled.
  if (process.argv[2] === 'lint') tuneForBatchRun();
  let exitCode = 0;
  exitQuietlyWhenOutputCloses(() => (typeof process.exitCode === 'number' ? process.exitCode : exitCode));
  // Host readers whose parsers load asynchronously (a wasm grammar) load once, before the first file is read.
  const prepared = prepareHostReaders().catch((error: Error) => {
    process.stderr.write(`iam-policy: a host reader failed to load (${error.message}); its files are skipped.\n`);
  });
  void prepared.then(() => {
    const result = runCli(process.argv.slice(2));
    exitCode = result.exitCode;
    if (result.stderr) process.stderr.write(result.stderr);
    process.stdout.write(result.stdout, () => {
      process.exitCode = result.exitCode;
    });
  });
}
