import { statSync } from 'node:fs';
import { URI, Utils } from 'vscode-uri';
import { moduleCallsOf } from '../core/account/terraform-modules';
import { terraformCallerRoots, terraformCallGraph } from '../core/account/workspace-sources';
import { isModuleFile } from '../core/hosts/terraform/file-names';
import { walkFolders } from './workspace-walk';
import { readTextFile } from '../core/text/text-file';

/** A file that may call a module (either syntax): only these are parsed for calls. */
const MODULE_CALL = /\bmodule\s*["A-Za-z_]|"module"\s*:/;

/**
 * The root modules through which the editor reads a Terraform module that other folders call, as the account view
 * and the CLI's --account read it: from the Terraform folders of the workspace (walked once, again when a file is
 * created or deleted) and the open documents' folders, with the open documents' texts first and then the disk's.
 */
export class TerraformCallers {
  private folders: string[] = [];
  private walked: string[] | undefined;
  private readonly disk = new Map<string, { mtimeMs: number; size: number; text: string }>();
  private readonly calls = new Map<string, { text: string; folders: (string | undefined)[] }>();

  /** The workspace folders, as `file:` URIs; called from `initialize`. */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.flatMap((uri) => {
      try {
        const parsed = URI.parse(uri);
        return parsed.scheme === 'file' ? [parsed.fsPath] : [];
      } catch {
        return [];
      }
    });
    this.walked = undefined;
  }

  /** A file was created, changed or deleted on disk: a new or removed module file is found by walking again. */
  changed(uri: string): void {
    if (isModuleFile(uri)) this.walked = undefined;
  }

  /**
   * The root modules' folders (URIs) that call the folder `folderUri`, directly or through other modules; empty when
   * none does and the folder is read on its own. `open` holds the open documents' texts by URI.
   */
  rootsOf(folderUri: string, open: ReadonlyMap<string, string>): string[] {
    const texts = new Map<string, string>();
    for (const path of this.walk()) {
      const text = this.read(path);
      if (text !== undefined) texts.set(URI.file(path).toString(), text);
    }
    for (const [uri, text] of open) if (isModuleFile(uri)) texts.set(uri, text);
    const folders = new Map<string, { file: string; text: string }[]>([[folderUri, []]]);
    for (const [file, text] of texts) {
      const folder = Utils.dirname(URI.parse(file)).toString();
      folders.set(folder, [...(folders.get(folder) ?? []), { file, text }]);
    }
    for (const file of this.calls.keys()) if (!texts.has(file)) this.calls.delete(file);
    return terraformCallerRoots(
      folderUri,
      terraformCallGraph(folders, (file) => this.callsOf(file)),
    );
  }

  /** The folders a file's module calls name, parsed again only when its text changed. */
  private callsOf({ file, text }: { file: string; text: string }): (string | undefined)[] {
    // Only a file that calls a module says anything about the calls; the others are not parsed.
    if (!MODULE_CALL.test(text)) return [];
    const kept = this.calls.get(file);
    if (kept?.text === text) return kept.folders;
    const folders = moduleCallsOf([{ file, text }]).map((call) => call.folder);
    this.calls.set(file, { text, folders });
    return folders;
  }

  private read(path: string): string | undefined {
    try {
      const stat = statSync(path);
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

  /** The module files of the workspace folders, as paths. */
  private walk(): string[] {
    if (this.walked) return this.walked;
    this.walked = walkFolders(this.folders, isModuleFile).files;
    const kept = new Set(this.walked);
    for (const path of this.disk.keys()) if (!kept.has(path)) this.disk.delete(path);
    return this.walked;
  }
}
