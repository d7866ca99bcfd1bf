import type { ServerTimings } from '../protocol';

// How long the server waits after an edit before it acts on it. The waits let a burst of keystrokes end in one
// validation (or one escalation analysis, one account notification) of the final text. An editor may set them in the
// `initialize` request's initializationOptions; the LSP tests set them short so that a test waits for the server's
// answer, not for a pause meant for typing.

export const defaultTimings: Readonly<ServerTimings> = {
  diagnosticsDelayMs: 150,
  escalationDelayMs: 600,
  accountChangeDelayMs: 400,
  scenarioDelayMs: 300,
};

/** Longer waits than this would look like a server that stopped answering. */
const MAX_DELAY_MS = 10_000;

/**
 * The timings that `initializationOptions` asks for, the defaults for the others; a value that is not a number of
 * milliseconds from 0 to 10,000 is left at its default and named in `problems`.
 */
export function timingsOf(initializationOptions: unknown): { timings: ServerTimings; problems: string[] } {
  const timings = { ...defaultTimings };
  const problems: string[] = [];
  const options = typeof initializationOptions === 'object' && initializationOptions !== null ? (initializationOptions as Record<string, unknown>) : {};
  for (const name of Object.keys(defaultTimings) as (keyof ServerTimings)[]) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_DELAY_MS) timings[name] = value;
    else problems.push(`initializationOptions.${name} must be a number of milliseconds from 0 to ${MAX_DELAY_MS}; using ${defaultTimings[name]}.`);
  }
  return { timings, problems };
}
