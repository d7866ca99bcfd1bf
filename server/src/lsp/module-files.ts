import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { NO_SUCH_FILE, type LinkedText } from '../core/hosts/host';
import { isNoSuchFile, modulesNaming, readFolderModule, readLinkedFile } from '../core/hosts/linked-file';
import { localPathOf } from '../core/text/file-uri';
import { isModuleFile, isNativeModuleFile } from '../core/hosts/terraform/file-names';

/**
 * The other `.tf` files of a Terraform document's folder (its module), whose locals and permissions boundaries the
 * Terraform reader reads with it: the editor's text of open documents first, then the disk for the rest. Only `file:`
 * URIs; files only, never the network or a process. Disk texts are kept while a file's modification time and size
 * stay the same.
 */
export class ModuleFiles {
  private readonly disk = new Map<string, { mtimeMs: number; size: number; text: string }>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  /** The module's other files for a document, or an empty list when it is no `.tf` file on disk. */
  siblingsOf(uri: string): { uri: string; text: string }[] {
    const folder = folderOf(uri);
    if (folder === undefined) return [];
    const result = new Map<string, { uri: string; text: string }>();
    for (const document of this.documents.all()) {
      if (document.uri !== uri && folderOf(document.uri) === folder) result.set(URI.parse(document.uri).fsPath, { uri: document.uri, text: document.getText() });
    }
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      names = [];
    }
    const own = URI.parse(uri).fsPath;
    for (const name of names) {
      const path = join(folder, name);
      if (!isNativeModuleFile(name) || path === own || result.has(path)) continue;
      const text = this.read(path);
      if (typeof text === 'string') result.set(path, { uri: URI.file(path).toString(), text });
    }
    return [...result.values()];
  }

  /**
   * The Terraform modules that may read the policy file at `uri` with `file()` or `templatefile()` (modulesNaming):
   * the `.tf` files of its folder and those above, open documents' texts first. Empty for a `.tf` file or no `file:` URI.
   */
  modulesNaming(uri: string): ReadonlyArray<{ uri: string; text: string }>[] {
    const path = localPathOf(uri);
    if (path === undefined || isModuleFile(path)) return [];
    const open = new Map<string, string>();
    for (const document of this.documents.all()) {
      const documentPath = isNativeModuleFile(document.uri) ? localPathOf(document.uri) : undefined;
      if (documentPath !== undefined) open.set(documentPath, document.getText());
    }
    return modulesNaming(path, (folder) =>
      readFolderModule(
        folder,
        (file) => open.get(file) ?? this.read(file),
        (file) => URI.file(file).toString(),
      ),
    );
  }

  /** The open documents in the folder of the `.tf` file `uri` or below it that a module there may read as policies. */
  openReadersOf(uri: string): TextDocument[] {
    const folder = folderOf(uri);
    if (folder === undefined) return [];
    return this.documents.all().filter((document) => {
      const path = localPathOf(document.uri);
      return path !== undefined && !isModuleFile(path) && (path.startsWith(`${folder}/`) || path.startsWith(`${folder}\\`));
    });
  }

  /** The open `.tf` documents of the same folder as `uri`, other than it: their diagnostics may read its locals. */
  openSiblingsOf(uri: string): TextDocument[] {
    const folder = folderOf(uri);
    if (folder === undefined) return [];
    return this.documents.all().filter((document) => document.uri !== uri && folderOf(document.uri) === folder);
  }

  /**
   * The text of a file a document links to (a templatefile() template): the open document's, else the disk's
   * (`readLinkedFile`). Only `file:` URIs.
   */
  linkedText(uri: string): LinkedText {
    const path = localPathOf(uri);
    if (path === undefined) return undefined;
    const open = this.documents.all().find((document) => localPathOf(document.uri) === path);
    return open ? open.getText() : this.read(path);
  }

  private read(path: string): LinkedText {
    let stats: { mtimeMs: number; size: number };
    try {
      stats = statSync(path);
    } catch (error) {
      this.disk.delete(path);
      return isNoSuchFile(error) ? NO_SUCH_FILE : undefined;
    }
    const kept = this.disk.get(path);
    if (kept && kept.mtimeMs === stats.mtimeMs && kept.size === stats.size) return kept.text;
    const text = readLinkedFile(path);
    if (typeof text === 'string') this.disk.set(path, { mtimeMs: stats.mtimeMs, size: stats.size, text });
    else this.disk.delete(path);
    return text;
  }
}

/** The folder of a `file:` URI of a `.tf` file, or undefined. */
function folderOf(uri: string): string | undefined {
  let parsed: URI;
  try {
    parsed = URI.parse(uri);
  } catch {
    return undefined;
  }
  if (parsed.scheme !== 'file' || parsed.query !== '' || !isNativeModuleFile(parsed.path)) return undefined;
  return dirname(parsed.fsPath);
}
