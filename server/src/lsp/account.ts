import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { mergeAccounts } from '../core/account/authorization-details';
import { AccountEvaluator } from '../core/account/account-evaluator';
import { emptyAccountMessage } from '../core/account/contents';
import { emptyAccount, type Account } from '../core/account/model';
import {
  accountSourceKindOf,
  isPulumiProgramFile,
  pulumiProjectRoot,
  readAccountSource,
  terraformRootFolders,
  type AccountSourceKind,
  type AccountSourceReading,
} from '../core/account/workspace-sources';
import { matchesAny } from '../core/config/globs';
import { isModuleFile } from '../core/hosts/terraform/file-names';
import { prepareReadersFor } from '../core/hosts/index';
import { stripBom } from '../core/text/bom';
import { accountChangedNotification, settingsSection, type ServerTimings } from '../protocol';
import { defaultTimings } from './timings';
import { MAX_WALKED_FILES, walkFolders } from './workspace-walk';
import { SKIPPED_FOLDERS } from '../core/config/skipped-folders';
import { readTextFile } from '../core/text/text-file';

// The account of the workspace, for the "IAM Account" view and "Who can…": every CloudFormation/SAM template,
// Terraform module and authorization-details export in the workspace folders (or those `iamPolicy.account.sources`
// names), read from disk, or from the editor when the file is open. Read when asked for; when one of them (or a file
// that could become one) changes, the client is told (debounced) and the account is read again at the next ask: at
// once if the view is shown (it asks when told), else not until a question needs it, so typing in a big template
// does not read the whole workspace again at each pause. Only reads files: never the network, never a process.

/** File name endings that can be account sources without a glob naming them. */
const CANDIDATE = /\.(json|ya?ml|template|tf|[mc]?[jt]s|py|java|go|cs)$/i;
/** TypeScript, JavaScript, Python, Java, Go and C#: a CDK app's sources among them. */
const SOURCE_CODE = /\.(?:[mc]?[jt]s|py|java|go|cs)$/i;
/** Larger files are not read (an export of a big account is tens of MB; nothing else is). */
const MAX_FILE_BYTES = 128 * 1024 * 1024;

/** The account as last read, and what it was read from. */
export interface WorkspaceAccountState {
  account: Account;
  evaluator: AccountEvaluator;
  readings: AccountSourceReading[];
  /** The texts the sources were read from, by file path, so places are found in the same text. */
  texts: Map<string, string>;
  /** Why nothing could be read, for the view. */
  message?: string;
  /** Notes on the walk itself (a file too large, too many files). */
  notes: string[];
}

interface DiskText {
  mtimeMs: number;
  size: number;
  text: string;
}

export class WorkspaceAccount {
  private folders: string[] = [];
  private state: Promise<WorkspaceAccountState> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disk = new Map<string, DiskText>();
  /** Readings by source path, reused while the texts they were read from are unchanged. */
  private readonly readings = new Map<string, { key: string; reading: AccountSourceReading; shipped: string[] }>();
  /** The candidate files of the last walk, and those that were sources. */
  private files: string[] | undefined;
  private sourceFiles = new Set<string>();
  /** The files the last build's modules read policies from (`file()`, `templatefile()`): their changes matter too. */
  private shippedFiles = new Set<string>();
  /** The texts of the last build: opening a source in the editor changes nothing until it is edited. */
  private lastTexts = new Map<string, string>();
  /** Whether the next build walks the folders again (a file was created, deleted or changed on disk). */
  private walkAgain = true;
  private globs: string[] = [];
  /** How many times the account was read: for the server's stats. */
  reads = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: { all(): TextDocument[] },
    private readonly canPullSettings: () => boolean,
    /** Read at each change: the server sets them from the `initialize` request. */
    private readonly timings: Pick<ServerTimings, 'accountChangeDelayMs'> = defaultTimings,
  ) {}

  /** The workspace folders, as `file:` URIs (or paths); called once from `initialize`. */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.map((uri) => (uri.startsWith('file:') ? URI.parse(uri).fsPath : uri));
  }

  /** The account, read now if it never was. */
  current(): Promise<WorkspaceAccountState> {
    this.state ??= this.retryable(this.build());
    return this.state;
  }

  /** A build that failed is forgotten, so the next ask reads the account again instead of failing for good. */
  private retryable(build: Promise<WorkspaceAccountState>): Promise<WorkspaceAccountState> {
    const guarded = build.catch((error: unknown) => {
      if (this.state === guarded) this.state = undefined;
      throw error;
    });
    return guarded;
  }

  /**
   * A file changed, was created or deleted on disk (`text` undefined), or its text changed in the editor: if it may
   * matter, the account read last is dropped and the client told. An edit matters to a source, or to a file its new
   * text makes one.
   */
  changed(uri: string, text?: string): void {
    if (!this.state) {
      // Told already, or never read: the next ask reads the account, walking the folders again if a file changed on disk.
      if (text === undefined) this.walkAgain = true;
      return;
    }
    let path: string;
    try {
      const parsed = URI.parse(uri);
      if (parsed.scheme !== 'file') return;
      path = parsed.fsPath;
    } catch {
      return;
    }
    // A policy template (`.tftpl`) is no source, nor can become one: it matters while a module reads it.
    if (this.shippedFiles.has(path)) {
      if (text === undefined || this.lastTexts.get(path) !== text) this.schedule();
      return;
    }
    if (!this.isCandidate(path)) return;
    if (text === undefined) this.walkAgain = true;
    else if (this.lastTexts.get(path) === text || (!this.sourceFiles.has(path) && !accountSourceKindOf(path, text))) return;
    this.schedule();
  }

  /** Settings changed: `iamPolicy.account.sources` may name other files. */
  settingsChanged(): void {
    this.walkAgain = true;
    if (this.state) this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.state = undefined;
      void this.connection.sendNotification(accountChangedNotification).catch(() => undefined);
    }, this.timings.accountChangeDelayMs);
  }

  private isCandidate(path: string): boolean {
    const folder = this.folders.find((f) => path === f || path.startsWith(f.endsWith(sep) ? f : f + sep));
    if (!folder) return false;
    const rel = relative(folder, path).split(sep).join('/');
    if (rel.split('/').some((part) => SKIPPED_FOLDERS.has(part))) return false;
    const positive = this.globs.filter((g) => !g.startsWith('!'));
    const negative = this.globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
    if (negative.length > 0 && matchesAny(rel, negative)) return false;
    return positive.length > 0 ? matchesAny(rel, positive) : CANDIDATE.test(path);
  }

  private async readGlobs(): Promise<string[]> {
    if (!this.canPullSettings()) return [];
    try {
      const raw = (await this.connection.workspace.getConfiguration({ section: settingsSection })) as { account?: { sources?: unknown } } | null;
      const sources = raw?.account?.sources;
      return Array.isArray(sources) ? sources.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim()) : [];
    } catch {
      return [];
    }
  }

  private async build(): Promise<WorkspaceAccountState> {
    this.reads++;
    this.globs = await this.readGlobs();
    const notes: string[] = [];
    const open = new Map<string, string>();
    for (const document of this.documents.all()) {
      try {
        const parsed = URI.parse(document.uri);
        if (parsed.scheme === 'file') open.set(parsed.fsPath, stripBom(document.getText()));
      } catch {
        // Not a URI: not a workspace file either.
      }
    }
    const texts = new Map<string, string>();
    const readText = (path: string): string | undefined => {
      const known = texts.get(path);
      if (known !== undefined) return known;
      const text = open.get(path) ?? this.readDisk(path, notes);
      if (text !== undefined) texts.set(path, text);
      return text;
    };

    // An edit in the editor changes no file list: the last walk is reused.
    const files = this.files && !this.walkAgain ? this.files : this.walk(notes);
    this.files = files;
    this.walkAgain = false;
    for (const path of open.keys()) if (!files.includes(path) && this.isCandidate(path)) files.push(path);
    // A reader whose grammar loads on demand (C#'s) is loaded before the files it reads are.
    await prepareReadersFor(files)?.catch(() => undefined);
    const sources: { kind: AccountSourceKind; path: string; files: string[] }[] = [];
    const terraformFolders = new Set<string>();
    // Pulumi programs: the files that make a principal, and every file of a program (read with its project's).
    const pulumiSources: string[] = [];
    const pulumiFiles: string[] = [];
    for (const file of files) {
      const text = readText(file);
      if (text === undefined) continue;
      const kind = accountSourceKindOf(file, text);
      if (kind === 'pulumi' || (!kind && isPulumiProgramFile(file, text))) {
        pulumiFiles.push(file);
        if (kind) pulumiSources.push(file);
        continue;
      }
      if (!kind) {
        texts.delete(file);
        // A TypeScript or JavaScript file that is no CDK app's is no source, and no source reads it: its text is not
        // kept (a workspace may hold thousands), only that it was none until it changes.
        const kept = this.disk.get(file);
        if (kept && SOURCE_CODE.test(file)) this.disk.set(file, { ...kept, text: '' });
        continue;
      }
      if (kind === 'terraform') terraformFolders.add(dirname(file));
      else sources.push({ kind, path: file, files: [file] });
    }
    // A module's folder: its .tf files found by the walk, or (a called module the walk skipped) on disk.
    const folderFiles = (folder: string): string[] => {
      const walked = files.filter((file) => dirname(file) === folder && isModuleFile(file));
      if (walked.length > 0) return walked.sort();
      try {
        return readdirSync(folder)
          .filter((name) => isModuleFile(name))
          .map((name) => join(folder, name))
          .sort();
      } catch {
        return [];
      }
    };
    const moduleFiles = (folder: string) => folderFiles(folder).map((file) => ({ file, text: readText(file) ?? '' }));
    // A Pulumi project (the folder of its Pulumi.yaml) is one program, read as a whole: a RolePolicy in one file names
    // the role another exports. A file outside any project is read on its own.
    const roots = new Map<string, string | undefined>();
    const rootOf = (file: string) => {
      if (!roots.has(file)) roots.set(file, pulumiProjectRoot(file, existsSync));
      return roots.get(file);
    };
    const projects = new Set<string>();
    for (const file of pulumiSources) {
      const root = rootOf(file);
      if (root === undefined) sources.push({ kind: 'pulumi', path: file, files: [file] });
      else projects.add(root);
    }
    for (const root of projects) sources.push({ kind: 'pulumi', path: root, files: pulumiFiles.filter((file) => rootOf(file) === root).sort() });
    // Modules called from another folder are read through their callers only (terraformRootFolders).
    const terraform = new Map([...terraformFolders].map((folder) => [folder, moduleFiles(folder)]));
    for (const folder of terraformRootFolders(terraform)) sources.push({ kind: 'terraform', path: folder, files: folderFiles(folder) });

    const readings: AccountSourceReading[] = [];
    const account = emptyAccount();
    const used = new Set<string>();
    const shippedFiles = new Set<string>();
    for (const source of sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      const sourceFiles = source.files.map((file) => ({ file, text: readText(file) ?? '' }));
      // A module is read again when a file of it or of a module it calls changed (or one was added to their folders),
      // or a file it reads a policy from (a service file's `${file(…)}` too).
      const keyOf = (read: readonly string[], shipped: readonly string[]) => {
        const folders = source.kind === 'terraform' ? [...new Set(read.map((file) => dirname(file)))].sort() : [];
        const shippedFiles = shipped.map((file) => ({ file, text: readText(file) ?? '' }));
        const all = source.kind === 'terraform' ? [...folders.flatMap((folder) => moduleFiles(folder)), ...shippedFiles] : [...sourceFiles, ...shippedFiles];
        return `${source.kind}\u0000${all.map((f) => `${f.file}\u0000${f.text.length}\u0000${f.text}`).join('\u0000')}`;
      };
      const cached = this.readings.get(source.path);
      const read = () => {
        const shipped = new Set<string>();
        const readFile = (path: string) => (shipped.add(path), readText(path));
        const reading = readAccountSource(source.kind, source.path, sourceFiles, source.kind === 'terraform' ? { moduleFiles, readFile } : source.kind === 'serverless' ? { readFile } : {});
        return { key: keyOf(reading.files, [...shipped]), reading, shipped: [...shipped] };
      };
      const entry = cached && cached.key === keyOf(cached.reading.files, cached.shipped) ? cached : read();
      const { reading } = entry;
      this.readings.set(source.path, entry);
      for (const file of entry.shipped) shippedFiles.add(file);
      used.add(source.path);
      readings.push(reading);
      if (reading.account) mergeAccounts(account, reading.account);
    }
    for (const path of this.readings.keys()) if (!used.has(path)) this.readings.delete(path);
    this.sourceFiles = new Set([...sources.flatMap((source) => source.files), ...readings.flatMap((reading) => reading.files)]);
    this.shippedFiles = shippedFiles;
    this.lastTexts = texts;

    let message: string | undefined;
    if (this.folders.length === 0) message = 'Open a folder to see its IAM account: the view reads the CloudFormation/SAM templates, Terraform modules and authorization-details exports in it.';
    else if (readings.length === 0)
      message =
        this.globs.length > 0
          ? 'No CloudFormation/SAM template, Terraform module or authorization-details export matches iamPolicy.account.sources.'
          : 'No CloudFormation/SAM template with IAM resources, Terraform module with aws_iam_* resources or authorization-details export (aws iam get-account-authorization-details) in this workspace.';
    else if (account.users.size + account.roles.size + account.groups.size + account.policies.size === 0) message = emptyAccountMessage(account);
    return { account, evaluator: new AccountEvaluator(account), readings, texts, notes, ...(message ? { message } : {}) };
  }

  private readDisk(path: string, notes: string[]): string | undefined {
    try {
      const stat = statSync(path);
      if (stat.size > MAX_FILE_BYTES) {
        notes.push(`${path} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; it is not read.`);
        return undefined;
      }
      const cached = this.disk.get(path);
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
      const text = readTextFile(path);
      this.disk.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, text });
      return text;
    } catch {
      this.disk.delete(path);
      return undefined;
    }
  }

  /** The candidate files of the workspace folders, sorted. */
  private walk(notes: string[]): string[] {
    const { files, truncated } = walkFolders(this.folders, (path) => this.isCandidate(path));
    if (truncated) notes.push(`The workspace has more than ${MAX_WALKED_FILES} files; only the first ${MAX_WALKED_FILES} were looked at. Name the account sources in iamPolicy.account.sources.`);
    return files;
  }
}
