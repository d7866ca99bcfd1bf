import type { Problem } from '../core/checks/check';
import type { Configuration } from '../core/config/configuration';
import { documentEscalations, escalationProblems, readDocumentAccount, rolePlaces } from '../core/account/escalation-findings';
import type { EscalationResult } from '../core/account/escalations';
import { forgetCloudFormationDocument } from '../core/hosts/cloudformation/reader';
import { forgetTerraformDocument } from '../core/hosts/terraform/index';
import type { Span } from '../core/text/span';

// One escalation analysis of a template or module, as the escalation worker (escalation-worker.ts) runs it, or the
// language server itself when the worker cannot start. Requests and findings are plain data, so they cross to the
// worker by structured clone.

/** What to analyse: the files of one template or Terraform module, and the configuration of the document that asked. */
export interface EscalationRequest {
  /** The template's URI, or the module folder's URI with a trailing slash: escalations are reused by it. */
  key: string;
  kind: 'cloudformation' | 'terraform';
  files: { file: string; text: string }[];
  config: Configuration;
}

/** The `escalation-path` findings of each file, and the roles the files define (for "Simulate as this role"). */
export interface EscalationFindings {
  problems: [file: string, problems: Problem[]][];
  roles: { file: string; arn: string; name: string; span: Span }[];
}

/** What the last analysis of each template or module found, so an edit that leaves its account reuses the escalations. */
export class EscalationAnalyser {
  private readonly last = new Map<string, { files: readonly string[]; found?: { fingerprint: string; result: EscalationResult } }>();

  analyse(request: EscalationRequest): EscalationFindings {
    const { key, kind, files, config } = request;
    const account = readDocumentAccount(kind, files);
    const names = files.map((f) => f.file);
    if (!account) {
      this.last.set(key, { files: names });
      return { problems: [], roles: [] };
    }
    const result = documentEscalations(account, this.last.get(key)?.found);
    this.last.set(key, { files: names, found: { fingerprint: account.fingerprint, result } });
    return { problems: [...escalationProblems(account, result, config)], roles: rolePlaces(account) };
  }

  /**
   * Drops what is kept for a template or module no longer open. In the worker, the host readers' incremental
   * readings of its files go too (the server's own are dropped when the documents close).
   */
  forget(key: string, readings: boolean): void {
    const files = this.last.get(key)?.files ?? [];
    this.last.delete(key);
    if (!readings) return;
    for (const file of files) {
      forgetCloudFormationDocument(file);
      forgetTerraformDocument(file);
    }
  }
}
