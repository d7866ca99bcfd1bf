import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { managedPolicyScheme, type PolicyStatusParams, type ServerTimings } from '../protocol';
import type { AccountFindings } from './account-findings';
import { diagnosticsOf } from './diagnostics';
import { DiagnosticsPublisher } from './diagnostics-publisher';
import type { AnalysisCache } from './documents';
import type { SettingsStore } from './settings';
import { PolicyStatusPublisher } from './status-publisher';
import { defaultTimings } from './timings';
import type { AnalyzedPolicy } from '../core/analyze';

/** Policies as the user wrote them: the second build of a policy for the other branch of `Fn::If` is the same policy. */
export function policyCountOf(policies: readonly AnalyzedPolicy[]): number {
  return policies.filter((policy) => policy.variantOf === undefined).length;
}

/** A validation waiting for its time: of which version of the document, and when (performance.now()). */
interface PendingValidation {
  timer: NodeJS.Timeout;
  version: number;
  due: number;
}

/**
 * Validates documents a short while after the last change, and publishes only if the document has not
 * changed again in the meantime, so a burst of keystrokes ends with the diagnostics of the final text alone; and
 * only diagnostics, and a policy status, that differ from those last published for the document.
 */
export class ValidationScheduler {
  private readonly timers = new Map<string, PendingValidation>();
  private readonly publisher: DiagnosticsPublisher;
  private readonly statuses: PolicyStatusPublisher;

  constructor(
    private readonly connection: Connection,
    private readonly documents: { get(uri: string): TextDocument | undefined },
    private readonly cache: AnalysisCache,
    private readonly settings: SettingsStore,
    /** Read at each change: the server sets them from the `initialize` request. */
    private readonly timings: Pick<ServerTimings, 'diagnosticsDelayMs'> = defaultTimings,
    /** Escalation findings of templates and modules, found apart from the per-edit analysis and published with it. */
    private readonly accountFindings?: AccountFindings,
  ) {
    this.publisher = new DiagnosticsPublisher(connection);
    this.statuses = new PolicyStatusPublisher(connection);
  }

  /** Validates a document just opened: its status is sent whatever it is, as the client has none for it. */
  opened(document: TextDocument): void {
    this.statuses.forget(document.uri);
    this.schedule(document, 0);
  }

  /**
   * Validates the document `delayMs` from now, instead of when a validation of an earlier version was due. A
   * validation of this same version due sooner stands: an opened document is announced twice (the open, then a
   * change of content), and the second, with the typing pause, would otherwise hold every document's first
   * diagnostics back by that pause (150 ms by default).
   */
  schedule(document: TextDocument, delayMs = this.timings.diagnosticsDelayMs): void {
    const due = performance.now() + delayMs;
    const pending = this.timers.get(document.uri);
    if (pending && pending.version === document.version && pending.due <= due) return;
    this.cancel(document.uri);
    const timer = setTimeout(() => {
      this.timers.delete(document.uri);
      void this.validate(document.uri, document.version);
    }, delayMs);
    this.timers.set(document.uri, { timer, version: document.version, due });
  }

  cancel(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending.timer);
    this.timers.delete(uri);
  }

  /** Clears what we published for a closed document. */
  clear(uri: string): void {
    this.cancel(uri);
    this.publisher.clear(uri);
    this.statuses.forget(uri);
  }

  private async validate(uri: string, version: number): Promise<void> {
    try {
      const settings = await this.settings.get(uri);
      const document = this.documents.get(uri);
      if (!document || document.version !== version) return;
      const analysis = this.cache.analyze(document, settings);
      // AWS's own managed policies, opened read-only by Go to Definition, are analysed (for hover) but not linted:
      // their wildcards are not the user's to fix, and would fill the Problems panel with findings on AWS's text.
      const diagnostics = uri.startsWith(`${managedPolicyScheme}:`) ? [] : diagnosticsOf(analysis, this.accountFindings?.problemsFor(analysis) ?? [], (other) => this.accountFindings?.linesOf(other));
      await this.publisher.publish(uri, version, diagnostics);
      const status: PolicyStatusParams = { uri, isPolicy: analysis.isPolicy };
      // The status bar shows one type: the document's, when it holds one policy (a plain policy file).
      const [only, ...more] = analysis.policies;
      if (analysis.kind !== undefined && analysis.kind !== 'policy') Object.assign(status, { host: analysis.kind, policyCount: policyCountOf(analysis.policies) });
      else if (only && more.length === 0) Object.assign(status, { policyType: only.policyType, inferred: only.policyTypeInferred });
      await this.statuses.publish(status);
    } catch (error) {
      this.connection.console.error(`Validating ${uri} failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  }
}
