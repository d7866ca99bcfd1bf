import type { CancellationToken, Connection } from 'vscode-languageserver';

/**
 * Wraps a request handler so that an exception or a cancellation never reaches the client as a failure:
 * the error is logged with its stack to the output channel and the client gets `fallback`.
 */
export function safely<P, R>(connection: Connection, name: string, fallback: R, handler: (params: P, token: CancellationToken) => R | Promise<R>): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    if (token?.isCancellationRequested) return fallback;
    try {
      const result = await handler(params, token);
      return token?.isCancellationRequested ? fallback : result;
    } catch (error) {
      connection.console.error(`${name} failed: ${(error as Error)?.stack ?? String(error)}`);
      return fallback;
    }
  };
}
