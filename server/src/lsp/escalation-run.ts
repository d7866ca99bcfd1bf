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
  private readonly last = new Map<string, { fingerprint: string; result: EscalationResult }>();

  constructor(
    /**
     * Drop the host readers' readings of the files after each analysis. The worker does: what it would keep for an
     * incremental reading of the next text (about 80 MB for a 1 MB template) copies what the server's thread keeps
     * for the per-edit path, which the server's own analyses share.
     */
    private readonly dropReadings = false,
  ) {}

  analyse(request: EscalationRequest): EscalationFindings {
    const { key, kind, files, config } = request;
    try {
      const account = readDocumentAccount(kind, files);
      if (!account) {
        this.last.delete(key);
        return { problems: [], roles: [] };
      }
      const result = documentEscalations(account, this.last.get(key));
      this.last.set(key, { fingerprint: account.fingerprint, result });
      return { problems: [...escalationProblems(account, result, config)], roles: rolePlaces(account) };
    } finally {
      if (this.dropReadings) {
        for (const { file } of files) {
          forgetCloudFormationDocument(file);
          forgetTerraformDocument(file);
        }
      }
    }
  }

  /** Drops what is kept of a template or module no longer open. */
  forget(key: string): void {
    this.last.delete(key);
  }
}
