import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { URI, Utils } from 'vscode-uri';
import type { Problem } from '../core/checks/check';
import type { Configuration } from '../core/config/configuration';
import { documentEscalations, escalationProblems, readDocumentAccount, rolePlaces, type DocumentAccountKind } from '../core/account/escalation-findings';
import type { EscalationResult } from '../core/account/escalations';
import { forgetEditorDocument } from '../core/hosts/index';
import { isModuleFile } from '../core/hosts/terraform/file-names';
import { compareFileNames } from '../core/text/file-order';
import type { Span } from '../core/text/span';
import { readTextFile } from '../core/text/text-file';

// One escalation analysis of a template or module, as the escalation worker (escalation-worker.ts) runs it, or the
// language server itself when the worker cannot start. Requests and findings are plain data, so they cross to the
// worker by structured clone.

/** What to analyse: the files of one template or Terraform module, and the configuration of the document that asked. */
export interface EscalationRequest {
  /** The template's URI, or the module folder's URI with a trailing slash: escalations are reused by it. */
  key: string;
  kind: DocumentAccountKind;
  files: { file: string; text: string }[];
  config: Configuration;
  /**
   * The open .tf documents' texts by URI: the modules a Terraform module calls are read from them, else from disk; and
   * those of the open files the module read policies from last time.
   */
  open?: [uri: string, text: string][];
}

/** The `escalation-path` findings of each file, and the roles the files define (for "Simulate as this role"). */
export interface EscalationFindings {
  problems: [file: string, problems: Problem[]][];
  roles: { file: string; arn: string; name: string; span: Span }[];
  /** The files of the modules a Terraform module calls, as read through its calls. */
  called: [file: string, text: string][];
  /** The files a Terraform module reads policies from (`file()`, `templatefile()`), as read; '' when unreadable. */
  shipped: [file: string, text: string][];
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
    const called = new Map<string, string>();
    const open = new Map(request.open ?? []);
    const moduleFiles = (folder: string) => {
      const read = terraformFolderFiles(folder, open);
      for (const file of read) called.set(file.file, file.text);
      return read;
    };
    const shipped = new Map<string, string>();
    const readFile = (uri: string) => {
      const text = shippedFileText(uri, open);
      shipped.set(uri, text ?? '');
      return text;
    };
    try {
      const account = readDocumentAccount(kind, files, kind === 'terraform' ? { moduleFiles, readFile } : kind === 'serverless' ? { readFile } : {});
      for (const { file } of files) called.delete(file);
      if (!account) {
        this.last.delete(key);
        return { problems: [], roles: [], called: [...called], shipped: [...shipped] };
      }
      const result = documentEscalations(account, this.last.get(key));
      this.last.set(key, { fingerprint: account.fingerprint, result });
      return { problems: [...escalationProblems(account, result, config)], roles: rolePlaces(account), called: [...called], shipped: [...shipped] };
    } finally {
      if (this.dropReadings) {
        for (const { file } of files) {
          forgetEditorDocument(file);
        }
      }
    }
  }

  /** Drops what is kept of a template or module no longer open. */
  forget(key: string): void {
    this.last.delete(key);
  }
}

/** A folder's .tf and .tf.json files (by its URI): the open documents' texts first, the rest from disk; sorted by URI. */
/** A file a module reads a policy from (`file()`, `templatefile()`), by URI: the open document's text, else the file on disk. */
export function shippedFileText(uri: string, open: ReadonlyMap<string, string>): string | undefined {
  const known = open.get(uri);
  if (known !== undefined) return known;
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'file') return undefined;
  try {
    return readTextFile(parsed.fsPath);
  } catch {
    return undefined;
  }
}

export function terraformFolderFiles(folderUri: string, open: ReadonlyMap<string, string>): { file: string; text: string }[] {
  const folder = URI.parse(folderUri);
  const files = new Map<string, string>();
  for (const [uri, text] of open) {
    if (isModuleFile(uri) && Utils.dirname(URI.parse(uri)).toString() === folder.toString()) files.set(uri, text);
  }
  if (folder.scheme === 'file') {
    try {
      for (const name of readdirSync(folder.fsPath)) {
        if (!isModuleFile(name)) continue;
        const file = Utils.joinPath(folder, name).toString();
        if (!files.has(file)) files.set(file, readTextFile(join(folder.fsPath, name)));
      }
    } catch {
      // A folder that cannot be read: the open documents are the module.
    }
  }
  return [...files].sort(([a], [b]) => compareFileNames(a, b)).map(([file, text]) => ({ file, text }));
}
