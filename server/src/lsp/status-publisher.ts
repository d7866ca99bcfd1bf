import type { Connection } from 'vscode-languageserver';
import { policyStatusNotification, type PolicyStatusParams } from '../protocol';

/**
 * Sends a document's policy status only when it differs from what was last sent for it. The client keeps the last
 * status of each open document until the document closes, and shows it again whenever its editor becomes the active
 * one (client/src/status-bar.ts): a validation that leaves the status as it was (most keystrokes) has nothing new to
 * tell it. Both sides drop a document's status when it closes, so a document opened again gets its status whatever
 * it is; a restarted server starts with nothing sent.
 */
export class PolicyStatusPublisher {
  /** What was last sent for each document, as sent. */
  private readonly sent = new Map<string, string>();

  constructor(private readonly connection: Pick<Connection, 'sendNotification'>) {}

  /** Sends the status unless it is what was last sent for its document; resolves when sent or skipped. */
  async publish(status: PolicyStatusParams): Promise<void> {
    const sent = JSON.stringify(status);
    if (this.sent.get(status.uri) === sent) return;
    this.sent.set(status.uri, sent);
    await this.connection.sendNotification(policyStatusNotification, status);
  }

  /** The next status of the document is sent whatever it holds: it was opened (again), or closed. */
  forget(uri: string): void {
    this.sent.delete(uri);
  }
}
