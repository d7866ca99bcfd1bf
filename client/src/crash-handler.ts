import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type Message } from 'vscode-languageclient/node';

/**
 * Restarts the language server when it dies, and tells the user once rather than on every crash.
 * After `maxRestarts` crashes within `windowMs` it stops trying, so a server that cannot start does not loop.
 */
export class CrashHandler implements ErrorHandler {
  private readonly crashes: number[] = [];
  private told = false;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly maxRestarts = 4,
    private readonly windowMs = 3 * 60_000,
  ) {}

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    this.output.error(`Connection to the language server failed: ${error.message}`);
    return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0] > this.windowMs) this.crashes.shift();
    if (this.crashes.length > this.maxRestarts) {
      this.output.error(`The language server stopped ${this.crashes.length} times in ${this.windowMs / 60_000} minutes; it will not be restarted.`);
      void vscode.window
        .showErrorMessage('The IAM policy language server keeps stopping and was not restarted. Run "IAM Policy: Restart the language server" to try again.', 'Show log')
        .then((choice) => choice && this.output.show(true));
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.output.warn('The language server stopped unexpectedly; restarting it.');
    if (!this.told) {
      this.told = true;
      void vscode.window.showWarningMessage('The IAM policy language server stopped unexpectedly and was restarted.', 'Show log').then((choice) => choice && this.output.show(true));
    }
    return { action: CloseAction.Restart, handled: true };
  }
}
