import { attributesOf, blockHeader, bodyOf } from '../hosts/terraform/hcl';
import { moduleFileBlocks } from '../hosts/terraform/blocks';
import { moduleSource } from '../hosts/terraform/files';
import type { HclNode } from '../hosts/terraform/syntax';

export { referenceOfNode, referenceOfText, SPLAT, type ReferenceStep } from '../hosts/terraform/references';

// Module calls between the Terraform modules of a workspace, for the account model: where a local `source` leads,
// the references through which a caller reads a module's outputs, and which folders are root modules.
// https://developer.hashicorp.com/terraform/language/modules/sources#local-paths: a source that starts with `./` or
// `../` is a folder relative to the calling module's folder; any other source (the registry, git, S3, HTTP) is
// downloaded by `terraform init`, which this offline reader never does.

/** The folder of a module file named by a path (`/a/b/main.tf`, `C:\a\main.tf`) or a URI (`file:///a/main.tf`). */
export function moduleFolderOf(file: string): string {
  const at = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return at < 0 ? '' : file.slice(0, at);
}

/**
 * The folder a local module source names from the calling module's folder, with `.` and `..` steps resolved, written
 * with the caller's separator (a URI's or a path's). A `..` above the first named folder stays a `..`.
 */
export function joinModulePath(folder: string, source: string): string {
  const separator = folder.includes('/') || !folder.includes('\\') ? '/' : '\\';
  const parts = folder === '' ? [] : folder.split(/[/\\]/);
  for (const part of source.split(/[/\\]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '') parts.pop();
    else parts.push(part);
  }
  return parts.join(separator);
}

/** The name a module instance is addressed by: `module.x`, `module.x[0]`, `module.x["k"]`. */
export function instanceAddress(name: string, key: string | number | undefined): string {
  return key === undefined ? `module.${name}` : typeof key === 'number' ? `module.${name}[${key}]` : `module.${name}[${JSON.stringify(key)}]`;
}

/** A module call of a module's files: its name, its `source` as written and, when local, the folder it names. */
export interface ModuleCallSource {
  name: string;
  source: string;
  /** The called module's folder, for a local source. */
  folder?: string;
}

/**
 * The module calls in a module's files (parsed with the Terraform parser, which must be loaded). A file that does not
 * parse has no calls here (its reader reports it).
 */
export function moduleCallsOf(files: readonly { file: string; text: string }[]): ModuleCallSource[] {
  const calls: ModuleCallSource[] = [];
  for (const { file, text: written } of files) {
    if (!/\bmodule\s*["A-Za-z_]|"module"\s*:/.test(written)) continue;
    const parsed = moduleFileBlocks(file, written);
    if (parsed instanceof Error) continue;
    for (const block of parsed.blocks) calls.push(...callOf(block, parsed.text, moduleFolderOf(file)));
  }
  return calls;
}

function callOf(block: HclNode, text: string, folder: string): ModuleCallSource[] {
  const [kind, name] = blockHeader(block);
  if (kind !== 'module' || name === undefined) return [];
  const value = attributesOf(bodyOf(block)).get('source')?.value;
  if (!value) return [];
  const local = moduleSource(text, value);
  return [{ name, source: text.slice(value.startIndex, value.endIndex), ...(local ? { folder: joinModulePath(folder, local.path) } : {}) }];
}
