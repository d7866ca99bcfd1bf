/** A mistake in how the command was called; the CLI prints it with the usage and exits with code 2. */
export class UsageError extends Error {}

export interface CommandResult {
  stdout: string;
  stderr?: string;
  exitCode: number;
}
