import { URI, Utils } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem } from '../core/checks/check';
import type { Configuration } from '../core/config/configuration';
import { movedProblems, readDocumentAccount, type DocumentAccount, type DocumentAccountKind } from '../core/account/escalation-findings';
import { LineIndex } from '../core/text/positions';
import type { Span } from '../core/text/span';
import type { Analysis } from './documents';
import type { EscalationRunner } from './escalation-runner';
import { shippedFileText, terraformFolderFiles } from './escalation-run';
import { isModuleFile } from '../core/hosts/terraform/file-names';
import type { ServerTimings } from '../protocol';
import { defaultTimings } from './timings';
import { existsSync } from 'node:fs';
import { isPulumiProgramFile, pulumiProjectRoot } from '../core/account/workspace-sources';
import { readTextFile } from '../core/text/text-file';
import { walkFolders } from './workspace-walk';

// A Pulumi program's source files, and how many of a project's are read with an open one.
const PROGRAM_SOURCE = /\.(?:[mc]?[jt]s|py|go)$/i;
const MAX_PROGRAM_FILES = 500;
const PROJECT_WALK_TTL_MS = 5_000;

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
  kind: DocumentAccountKind;
}

/** What was found for one template or module: by the files' texts it was read from. */
interface Found {
  texts: string;
  config: Configuration;
  problems: Map<string, Problem[]>;
  roles: (RolePlace & { file: string })[];
  /** The text of each file it was read from. */
  lines: Map<string, string>;
  /** The texts of the modules the module calls (read through its calls; their own findings are their folder's). */
  called: Map<string, string>;
  /** The texts of the files it reads policies from (`file()`, `templatefile()`). */
  shipped: Map<string, string>;
}

/** A template's or module's files, and their texts joined: what its findings and account were read from. */
interface ModuleTexts {
  /** The template's URI, or the module folder's URI with a trailing slash: what its findings are kept by. */
  key: string;
  files: { file: string; text: string }[];
  texts: string;
}

/** Finds the root modules that call a Terraform module's folder (module-callers.ts). */
export interface ModuleCallers {
  rootsOf(folderUri: string, open: ReadonlyMap<string, string>): string[];
}

/**
 * The `escalation-path` findings of templates and Terraform modules, found off the per-edit path: a while after the
 * last change of a document, from the account its template (or the .tf files of its folder, open or on disk)
 * defines, by the escalation worker (escalation-runner.ts) so the server's thread stays free meanwhile. Until then the
 * last findings are moved with the text, and those in the changed range dropped, so they neither flicker nor point at
 * the wrong place; findings that come back for a text changed since are dropped. The escalations themselves are found
 * again only when the account changed (an edit of a description or another resource leaves them as they were).
 */
export class AccountFindings {
  private readonly entries = new Map<string, Entry>();
  private readonly found = new Map<string, Found>();
  /** By template or module: the texts and configuration of the analysis asked for and not yet back. */
  private readonly pending = new Map<string, { texts: string; config: Configuration }>();
  /** By template or module: the account its files define, read for a simulation. */
  private readonly accounts = new Map<string, { texts: string; account: DocumentAccount | undefined }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The source files of each Pulumi project an open document is part of, and when they were listed. */
  private readonly projectWalks = new Map<string, { at: number; paths: string[] }>();
  /** By open document: the templates or modules whose analyses were last asked for it (its own, or its callers'). */
  private readonly asked = new Map<string, string[]>();
  /** Analyses that came back for texts no open document has any more, and were dropped. */
  dropped = 0;

  constructor(
    private readonly documents: { get(uri: string): TextDocument | undefined; all(): TextDocument[] },
    /**
     * Called for an open document whose findings (to publish again, validation.ts) or roles (their code lenses) are
     * no longer those it had: never for an analysis that found what the document already shows.
     */
    private readonly changed: (uri: string, what: { problems: boolean; roles: boolean }) => void,
    /** Runs the analyses: in the escalation worker, or in this thread when it cannot start. */
    private readonly runner: EscalationRunner,
    /** Read at each change: the server sets them from the `initialize` request. */
    private readonly timings: Pick<ServerTimings, 'escalationDelayMs'> = defaultTimings,
    /**
     * A module another folder calls is read through the root modules that call it, as the account view and the CLI's
     * --account read it: its findings are those the callers' analyses place in its files, with the callers' arguments.
     */
    private readonly callers?: ModuleCallers,
  ) {}

  /** The findings to publish with an analysis: those of its text, or the last ones moved to it while new ones are found. */
  problemsFor(analysis: Analysis): Problem[] {
    const kind = accountKindOf(analysis);
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
    // The wait is for a pause in typing: a document seen for the first time (just opened) is analysed at once.
    this.schedule(analysis.uri, entry === undefined ? 0 : this.timings.escalationDelayMs);
    return moved;
  }

  /**
   * A file changed in the editor or on disk: the modules that read a policy from it (`file()`, `templatefile()`) are
   * analysed again, as an edit of their own files would have them. Their own files are told by their own analyses.
   */
  fileChanged(uri: string): void {
    for (const [key, found] of this.found) {
      if (!found.shipped.has(uri)) continue;
      for (const [open, entry] of this.entries) if (moduleKeyOf(open, entry.kind) === key || this.asked.get(open)?.includes(key)) this.schedule(open);
    }
  }

  /** The findings last published for a document (for its code actions). */
  problemsOf(uri: string): Problem[] {
    return this.entries.get(uri)?.problems ?? [];
  }

  /** The roles the document defines, where they are in its text as last analysed (moved with later edits). */
  rolesOf(uri: string): RolePlace[] {
    return this.entries.get(uri)?.roles ?? [];
  }

  /**
   * The account the document's template or module defines now (read again only when a file of it changed): for a
   * module other folders call, the account of the first root module calling it that defines `role` (else the first).
   */
  accountOf(analysis: Analysis, role?: string): DocumentAccount | undefined {
    const kind = accountKindOf(analysis);
    if (!kind || !analysis.config) return undefined;
    const accounts = this.analysesOf(analysis.uri, kind, analysis.text).map(({ key, files, texts }) => {
      let read = this.accounts.get(key);
      if (!read || read.texts !== texts) {
        read = {
          texts,
          account: readDocumentAccount(
            kind,
            files,
            kind === 'terraform'
              ? { moduleFiles: (folder) => terraformFolderFiles(folder, this.openTerraformTexts()), readFile: (uri) => this.shippedText(uri) }
              : kind === 'serverless'
                ? { readFile: (uri) => this.shippedText(uri) }
                : {},
          ),
        };
        this.accounts.set(key, read);
      }
      return read.account;
    });
    return accounts.find((account) => role !== undefined && account?.account.roles.has(role)) ?? accounts.find((account) => account !== undefined);
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
    // A template's findings go with it; a module's with its last open file (or the last open file of a module it calls).
    const asked = this.asked.get(uri) ?? [moduleKeyOf(uri, entry.kind)];
    this.asked.delete(uri);
    for (const key of asked) {
      const needed = [...this.entries.entries()].some(
        ([other, e]) => e.kind === entry.kind && entry.kind === 'terraform' && (moduleKeyOf(other, 'terraform') === key || this.asked.get(other)?.includes(key)),
      );
      if (needed) continue;
      this.found.delete(key);
      this.accounts.delete(key);
      this.pending.delete(key);
      this.runner.forget(key);
    }
  }

  private schedule(uri: string, delayMs = this.timings.escalationDelayMs): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.find(uri);
      }, delayMs),
    );
  }

  /**
   * Finds the escalations of the document's template or module, for every open document of it whose text was used:
   * at once when its files and configuration are those of the last findings, else by asking the runner (unless the
   * same analysis is already asked for).
   */
  private find(uri: string): void {
    const entry = this.entries.get(uri);
    const document = this.documents.get(uri);
    if (!entry || !document || document.getText() !== entry.text) return;
    const analyses = this.analysesOf(uri, entry.kind, entry.text);
    this.asked.set(
      uri,
      analyses.map((analysis) => analysis.key),
    );
    for (const analysis of analyses) this.findIn(entry, analysis);
  }

  private findIn(entry: Entry, { key, files, texts }: ModuleTexts): void {
    const config = entry.config;
    const found = this.found.get(key);
    if (found && found.texts === texts && sameConfig(found.config, config)) {
      this.publish(found);
      return;
    }
    const pending = this.pending.get(key);
    if (pending && pending.texts === texts && sameConfig(pending.config, config)) return;
    const asked = { texts, config };
    this.pending.set(key, asked);
    const open = entry.kind === 'terraform' ? [...this.openTerraformTexts(), ...this.openShippedTexts(key)] : [];
    void this.runner.run({ key, kind: entry.kind, files, config, open }).then((findings) => {
      if (this.pending.get(key) === asked) this.pending.delete(key);
      if (!findings) return;
      const called = new Map(findings.called);
      const shipped = new Map(findings.shipped);
      // Keyed by the texts of the called modules and of the policy files too, so that an edit of one reads the module again.
      const read = [...files.map((f): [string, string] => [f.file, f.text]), ...called, ...shipped].map(([file, text]) => `${file}\u0000${text}`).join('\u0000');
      const result: Found = { texts: read, config, problems: new Map(findings.problems), roles: findings.roles, lines: new Map(files.map((f) => [f.file, f.text])), called, shipped };
      // Closed meanwhile: nothing to publish, nothing to keep.
      if (![...this.entries.keys()].some((open) => moduleKeyOf(open, this.entries.get(open)!.kind) === key || this.asked.get(open)?.includes(key))) return;
      this.found.set(key, result);
      if (this.publish(result) === 0) this.dropped++;
    });
  }

  /**
   * Gives the findings to the open documents whose text and configuration they were found in, and that have not
   * changed since (their next analysis moves the findings they have); returns how many.
   */
  private publish(found: Found): number {
    let published = 0;
    // An open file of a module this one calls gets the findings and roles placed in it by this module's analysis (and
    // those of the other modules calling it), once each, as the module's own files do.
    for (const [file, text] of [...found.lines, ...found.called]) {
      const open = this.entries.get(file);
      if (!open || open.text !== text || !sameConfig(open.config, found.config) || this.documents.get(file)?.getText() !== text) continue;
      published++;
      const problems = this.problemsIn(file, text, open.config);
      const roles = this.rolesIn(file, text, open.config);
      // The findings moved with the edits since the last analysis were published already: when the analysis finds
      // the same, there is nothing new to send.
      const what = { problems: JSON.stringify(open.problems) !== JSON.stringify(problems), roles: JSON.stringify(open.roles) !== JSON.stringify(roles) };
      this.entries.set(file, { ...open, problems, roles, stale: false });
      if (what.problems || what.roles) this.changed(file, what);
    }
    return published;
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

  /** The roles defined in a file by the analyses whose text of it is `text`: each once (by ARN), in text order. */
  private rolesIn(file: string, text: string, config: Configuration): RolePlace[] {
    const roles = new Map<string, RolePlace>();
    for (const found of this.found.values()) {
      if ((found.lines.get(file) ?? found.called.get(file)) !== text || !sameConfig(found.config, config)) continue;
      for (const role of found.roles) if (role.file === file && !roles.has(role.arn)) roles.set(role.arn, { arn: role.arn, name: role.name, span: role.span });
    }
    return [...roles.values()].sort((a, b) => a.span.start - b.span.start);
  }

  /**
   * What to analyse for a document: its template; its module (the .tf files of its folder); or, for a module other
   * folders call, each root module that calls it.
   */
  private analysesOf(uri: string, kind: DocumentAccountKind, text: string): ModuleTexts[] {
    const program = kind === 'pulumi' ? this.pulumiProgramOf(uri, text) : undefined;
    if (program) return [program];
    if (kind !== 'terraform') return [{ key: uri, files: [{ file: uri, text }], texts: `${uri}\u0000${text}` }];
    const folder = Utils.dirname(URI.parse(uri)).toString();
    const roots = this.callers?.rootsOf(folder, this.openTerraformTexts()) ?? [];
    return roots.length > 0 ? roots.map((root) => this.textsOf(root)) : [this.textsOf(folder)];
  }

  /**
   * A Pulumi program's files, when the document is part of a project (a `Pulumi.yaml` or `sst.config.ts` above it): the
   * document first, then the project's other files that use the provider, each the open document's text or the disk's.
   * Read as one program, a policy in the document may name the role another file exports.
   */
  private pulumiProgramOf(uri: string, text: string): ModuleTexts | undefined {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return undefined;
    const root = pulumiProjectRoot(parsed.fsPath, existsSync);
    if (root === undefined) return undefined;
    const files = [{ file: uri, text }];
    // The project's source files, walked again at most every few seconds: an analysis follows each pause in typing.
    let walked = this.projectWalks.get(root);
    if (!walked || Date.now() - walked.at > PROJECT_WALK_TTL_MS) {
      walked = { at: Date.now(), paths: walkFolders([root], (path) => PROGRAM_SOURCE.test(path)).files.slice(0, MAX_PROGRAM_FILES) };
      this.projectWalks.set(root, walked);
    }
    for (const path of walked.paths) {
      if (path === parsed.fsPath) continue;
      const other = URI.file(path).toString();
      let otherText = this.documents.get(other)?.getText();
      if (otherText === undefined) {
        try {
          otherText = readTextFile(path);
        } catch {
          continue;
        }
      }
      if (isPulumiProgramFile(path, otherText)) files.push({ file: other, text: otherText });
    }
    return { key: `${URI.file(root).toString()}/`, files, texts: files.map((f) => `${f.file}\u0000${f.text}`).join('\u0000') };
  }

  /**
   * The files of a module folder (its .tf and .tf.json files, open or on disk), and their texts joined with those, as
   * they are now, of the called modules' files the last analysis read.
   */
  private textsOf(folder: string): ModuleTexts {
    const key = `${folder}/`;
    const open = this.openTerraformTexts();
    const files = terraformFolderFiles(folder, open);
    const called = this.found.get(key)?.called;
    const folders = new Map<string, Map<string, string>>();
    const calledTexts = [...(called?.keys() ?? [])].map((file) => {
      const folder = Utils.dirname(URI.parse(file)).toString();
      let texts = folders.get(folder);
      if (!texts) folders.set(folder, (texts = new Map(terraformFolderFiles(folder, open).map((f) => [f.file, f.text]))));
      return `${file}\u0000${texts.get(file) ?? ''}`;
    });
    const shippedTexts = [...(this.found.get(key)?.shipped.keys() ?? [])].map((file) => `${file}\u0000${this.shippedText(file) ?? ''}`);
    return { key, files, texts: [...files.map((f) => `${f.file}\u0000${f.text}`), ...calledTexts, ...shippedTexts].join('\u0000') };
  }

  /** A file a module reads a policy from: the editor's text when it is open, else the disk's. */
  private shippedText(uri: string): string | undefined {
    return this.documents.get(uri)?.getText() ?? shippedFileText(uri, new Map());
  }

  /** The open documents among the files the module read policies from last time, for the runner that reads them. */
  private openShippedTexts(key: string): [string, string][] {
    return [...(this.found.get(key)?.shipped.keys() ?? [])].flatMap((uri) => {
      const document = this.documents.get(uri);
      return document ? [[uri, document.getText()] as [string, string]] : [];
    });
  }

  /** The open .tf documents' texts by URI: a module's files and the modules it calls are read from them first. */
  private openTerraformTexts(): Map<string, string> {
    return new Map(
      this.documents
        .all()
        .filter((document) => isModuleFile(document.uri))
        .map((document) => [document.uri, document.getText()]),
    );
  }
}

/** Each document's configuration is its own object, built from its settings: equal ones give equal findings. */
function sameConfig(a: Configuration, b: Configuration): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** A template (or service file) is its own module; a .tf file's module is its folder. */
function moduleKeyOf(uri: string, kind: DocumentAccountKind): string {
  return kind !== 'terraform' ? uri : `${Utils.dirname(URI.parse(uri)).toString()}/`;
}

/**
 * The kind of account a document defines: a template's, or its module's for a Terraform file of the module (`.tf`,
 * `.tf.json`). A policy template for templatefile() (`.tftpl`, a `.json` written as one) is read as Terraform but is
 * no file of a module.
 */
function accountKindOf(analysis: Analysis): DocumentAccountKind | undefined {
  if (analysis.kind === 'cloudformation' || analysis.kind === 'serverless' || analysis.kind === 'cdk' || analysis.kind === 'pulumi' || analysis.kind === 'cdktf') return analysis.kind;
  return analysis.kind === 'terraform' && isModuleFile(analysis.uri.replace(/[?#].*$/, '')) ? 'terraform' : undefined;
}
