import type { Connection, Diagnostic } from 'vscode-languageserver';

/**
 * Sends a document's diagnostics only when they differ from what was last sent for it (its version included). A
 * document is validated again for reasons that leave its diagnostics as they were (its template's account read
 * again, a configuration change elsewhere, a scenario's policy saved unchanged), and each publish makes the editor
 * ask for the code actions at the cursor again.
 */
export class DiagnosticsPublisher {
  /** What was last sent for each document, as sent. */
  private readonly sent = new Map<string, string>();

  constructor(private readonly connection: Pick<Connection, 'sendDiagnostics'>) {}

  /** Sends the diagnostics unless they, and the version, are what was last sent; resolves when sent or skipped. */
  async publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): Promise<void> {
    const sent = JSON.stringify([version, diagnostics]);
    if (this.sent.get(uri) === sent) return;
    this.sent.set(uri, sent);
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** Clears a closed document's diagnostics; the next publish for it is sent whatever it holds. */
  clear(uri: string): void {
    this.sent.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
