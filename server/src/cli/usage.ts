import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was called; the CLI prints it with the usage and exits with code 2. */
export class UsageError extends Error {}

/**
 * What a command prints for a usage mistake: the mistake, then where the options are. The whole help after it pushed
 * the one line that matters off the screen.
 */
export function usageFailure(prefix: string, message: string, command: string): CommandResult {
  return { stdout: '', stderr: `${prefix}: ${message}\nRun "iam-policy ${command} --help" for its options.\n`, exitCode: 2 };
}

export interface CommandResult {
  stdout: string;
  stderr?: string;
  exitCode: number;
}

/** Parses a command's options and positionals; a malformed call becomes a UsageError (exit code 2, with usage). */
export function parseCommandLine<const T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
