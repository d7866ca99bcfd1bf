import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI, Utils } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem } from '../core/checks/check';
import type { Configuration } from '../core/config/configuration';
import type { EscalationResult } from '../core/account/escalations';
import { documentEscalations, escalationProblems, movedProblems, readDocumentAccount, rolePlaces, type DocumentAccount } from '../core/account/escalation-findings';
import { LineIndex } from '../core/text/positions';
import type { Span } from '../core/text/span';
import type { Analysis } from './documents';

/** A role the document defines, where: for "Simulate as this role". */
export interface RolePlace {
  arn: string;
  name: string;
  span: Span;
}

/** What was found for one document, and the text it was found in. */
interface Entry {
  text: string;
  config: Configuration;
  problems: Problem[];
  roles: RolePlace[];
  /** False once the problems were found in `text` itself (not moved from an earlier text). */
  stale: boolean;
  kind: 'cloudformation' | 'terraform';
}

/** What was found for one template or module: by the files' texts it was read from. */
interface Found {
  texts: string;
  config: Configuration;
  account?: DocumentAccount;
  fingerprint: string;
  result: EscalationResult;
  problems: Map<string, Problem[]>;
  roles: (RolePlace & { file: string })[];
  /** The text of each file it was read from. */
  lines: Map<string, string>;
  /** The texts of the modules the module calls (read through its calls; their own findings are their folder's). */
  called: Map<string, string>;
}

/**
 * The `escalation-path` findings of templates and Terraform modules, found off the per-edit path: a while after the
 * last change of a document, from the account its template (or the .tf files of its folder, open or on disk)
 * defines. Until then the last findings are moved with the text, and those in the changed range dropped, so they
 * neither flicker nor point at the wrong place. The escalations themselves are found again only when the account
 * changed (an edit of a description or another resource leaves them as they were).
 */
export class AccountFindings {
  private readonly entries = new Map<string, Entry>();
  private readonly found = new Map<string, Found>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly documents: { get(uri: string): TextDocument | undefined; all(): TextDocument[] },
    /** Called for an open document whose findings changed; it publishes them (validation.ts). */
    private readonly changed: (uri: string) => void,
    private readonly delayMs = 600,
  ) {}

  /** The findings to publish with an analysis: those of its text, or the last ones moved to it while new ones are found. */
  problemsFor(analysis: Analysis): Problem[] {
    const kind = analysis.kind === 'cloudformation' || analysis.kind === 'terraform' ? analysis.kind : undefined;
    if (!kind || !analysis.config) {
      this.forget(analysis.uri);
      return [];
    }
    const entry = this.entries.get(analysis.uri);
    if (entry && entry.text === analysis.text && sameConfig(entry.config, analysis.config) && entry.kind === kind) {
      if (entry.stale) this.schedule(analysis.uri);
      return entry.problems;
    }
    const same = entry !== undefined && entry.kind === kind;
    const moved = same ? movedProblems(entry.problems, entry.text, analysis.text) : [];
    const roles = same ? movedProblems(entry.roles, entry.text, analysis.text) : [];
    this.entries.set(analysis.uri, { text: analysis.text, config: analysis.config, problems: moved, roles, stale: true, kind });
    this.schedule(analysis.uri);
    return moved;
  }

  /** The findings last published for a document (for its code actions). */
  problemsOf(uri: string): Problem[] {
    return this.entries.get(uri)?.problems ?? [];
  }

  /** The roles the document defines, where they are in its text as last analysed (moved with later edits). */
  rolesOf(uri: string): RolePlace[] {
    return this.entries.get(uri)?.roles ?? [];
  }

  /** The account the document's template or module defines now (read again only when a file of it changed). */
  accountOf(analysis: Analysis): DocumentAccount | undefined {
    const kind = analysis.kind === 'cloudformation' || analysis.kind === 'terraform' ? analysis.kind : undefined;
    if (!kind || !analysis.config) return undefined;
    return this.foundFor(analysis.uri, kind, analysis.text, analysis.config).account;
  }

  /** Line positions of another file of a module, for related information that points into it. */
  linesOf(uri: string): LineIndex | undefined {
    const open = this.documents.get(uri);
    if (open) return new LineIndex(open.getText());
    for (const found of this.found.values()) {
      const text = found.lines.get(uri) ?? found.called.get(uri);
      if (text !== undefined) return new LineIndex(text);
    }
    return undefined;
  }

  forget(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    const entry = this.entries.get(uri);
    this.entries.delete(uri);
    if (!entry) return;
    // A template's findings go with it; a module's with its last open file.
    const key = moduleKeyOf(uri, entry.kind);
    if (entry.kind === 'cloudformation' || ![...this.entries.entries()].some(([other, e]) => e.kind === 'terraform' && moduleKeyOf(other, 'terraform') === key)) this.found.delete(key);
  }

  private schedule(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.find(uri);
      }, this.delayMs),
    );
  }

  /** Finds the escalations of the document's template or module, for every open document of it whose text was used. */
  private find(uri: string): void {
    const entry = this.entries.get(uri);
    const document = this.documents.get(uri);
    if (!entry || !document || document.getText() !== entry.text) return;
    const found = this.foundFor(uri, entry.kind, entry.text, entry.config);
    for (const [file, text] of found.lines) {
      const open = this.entries.get(file);
      if (!open || open.text !== text || !sameConfig(open.config, entry.config)) continue;
      const problems = this.problemsIn(file, text, open.config);
      const roles = found.roles.filter((role) => role.file === file).map(({ arn, name, span }) => ({ arn, name, span }));
      const same = !open.stale && JSON.stringify([open.problems, open.roles]) === JSON.stringify([problems, roles]);
      this.entries.set(file, { ...open, problems, roles, stale: false });
      if (!same || file === uri) this.changed(file);
    }
    // An open file of a module this one calls also gets the findings placed in it by this module's analysis (its
    // roles' lenses stay its own folder's).
    for (const [file, text] of found.called) {
      const open = this.entries.get(file);
      if (!open || open.text !== text || !sameConfig(open.config, entry.config)) continue;
      const problems = this.problemsIn(file, text, open.config);
      if (JSON.stringify(open.problems) === JSON.stringify(problems)) continue;
      this.entries.set(file, { ...open, problems });
      this.changed(file);
    }
  }

  /**
   * The findings in a file: its own module's, and those of the modules that call its module (read through their
   * calls, with the callers' arguments), found in the same text; each once, in text order.
   */
  private problemsIn(file: string, text: string, config: Configuration): Problem[] {
    const problems: Problem[] = [];
    const seen = new Set<string>();
    for (const found of this.found.values()) {
      if ((found.lines.get(file) ?? found.called.get(file)) !== text || !sameConfig(found.config, config)) continue;
      for (const problem of found.problems.get(file) ?? []) {
        const key = `${problem.span.start}\u0000${problem.span.end}\u0000${problem.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push(problem);
      }
    }
    return problems.sort((a, b) => a.span.start - b.span.start);
  }

  /** What the template or module of a document defines, read again only when one of its files changed. */
  private foundFor(uri: string, kind: 'cloudformation' | 'terraform', text: string, config: Configuration): Found {
    const key = moduleKeyOf(uri, kind);
    const files = kind === 'cloudformation' ? [{ file: uri, text }] : this.moduleFiles(uri);
    let found = this.found.get(key);
    // A module is read again when one of its files, or of the modules it calls, changed.
    const calledFolders = new Map<string, Map<string, string>>();
    for (const file of found?.called.keys() ?? []) {
      const folder = Utils.dirname(URI.parse(file));
      if (!calledFolders.has(folder.toString())) calledFolders.set(folder.toString(), new Map(this.folderFiles(folder).map((f) => [f.file, f.text])));
    }
    const calledTexts = [...(found?.called.keys() ?? [])].map((file) => `${file}\u0000${calledFolders.get(Utils.dirname(URI.parse(file)).toString())?.get(file) ?? ''}`);
    const texts = [...files.map((f) => `${f.file}\u0000${f.text}`), ...calledTexts].join('\u0000');
    if (!found || found.texts !== texts || !sameConfig(found.config, config)) {
      const called = new Map<string, string>();
      const moduleFiles = (folder: string) => {
        const read = this.folderFiles(URI.parse(folder));
        for (const file of read) called.set(file.file, file.text);
        return read;
      };
      const account = readDocumentAccount(kind, files, kind === 'terraform' ? { moduleFiles } : {});
      const lines = new Map(files.map((f) => [f.file, f.text]));
      for (const file of lines.keys()) called.delete(file);
      const again = [...files.map((f) => `${f.file}\u0000${f.text}`), ...[...called].map(([file, text]) => `${file}\u0000${text}`)].join('\u0000');
      if (!account) {
        found = { texts: again, config, fingerprint: '', result: { administrators: [], escalations: [] }, problems: new Map(), roles: [], lines, called };
      } else {
        const result = documentEscalations(account, found);
        found = { texts: again, config, account, fingerprint: account.fingerprint, result, problems: escalationProblems(account, result, config), roles: rolePlaces(account), lines, called };
      }
      this.found.set(key, found);
    }
    return found;
  }

  /** The module's .tf files: the open documents of the folder, and the rest from disk. */
  private moduleFiles(uri: string): { file: string; text: string }[] {
    return this.folderFiles(Utils.dirname(URI.parse(uri)));
  }

  /** A folder's .tf files: its open documents, and the rest from disk. */
  private folderFiles(folder: URI): { file: string; text: string }[] {
    const files = new Map<string, string>();
    for (const document of this.documents.all()) {
      if (/\.tf$/i.test(document.uri) && Utils.dirname(URI.parse(document.uri)).toString() === folder.toString()) files.set(document.uri, document.getText());
    }
    if (folder.scheme === 'file') {
      try {
        for (const name of readdirSync(folder.fsPath)) {
          if (!/\.tf$/i.test(name)) continue;
          const file = Utils.joinPath(folder, name).toString();
          if (!files.has(file)) files.set(file, readFileSync(join(folder.fsPath, name), 'utf8'));
        }
      } catch {
        // A folder that cannot be read: the open documents are the module.
      }
    }
    return [...files].sort(([a], [b]) => a.localeCompare(b)).map(([file, text]) => ({ file, text }));
  }
}

/** Each document's configuration is its own object, built from its settings: equal ones give equal findings. */
function sameConfig(a: Configuration, b: Configuration): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** A template is its own module; a .tf file's module is its folder. */
function moduleKeyOf(uri: string, kind: 'cloudformation' | 'terraform'): string {
  return kind === 'cloudformation' ? uri : `${Utils.dirname(URI.parse(uri)).toString()}/`;
}
