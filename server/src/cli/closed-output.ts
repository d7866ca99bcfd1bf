/**
 * Ends the process quietly when a reader closes its end of our output early (`iam-policy lint … | head`). Node ignores
 * SIGPIPE, so the next write fails with EPIPE, which would surface as an unhandled 'error' event and a stack trace;
 * command-line tools instead stop as soon as nobody reads. The process exits with `exitCode()`, the code the command
 * would have ended with. Any other stream error is rethrown.
 */
export function exitQuietlyWhenOutputCloses(exitCode: () => number, streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(exitCode());
    });
  }
}
