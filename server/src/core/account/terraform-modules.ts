import { attributesOf, blockHeader, bodyOf, unwrap } from '../hosts/terraform/hcl';
import { moduleFileBlocks } from '../hosts/terraform/blocks';
import { moduleSource } from '../hosts/terraform/files';
import type { HclNode } from '../hosts/terraform/syntax';

// Module calls between the Terraform modules of a workspace, for the account model: where a local `source` leads,
// the references through which a caller reads a module's outputs, and which folders are root modules.
// https://developer.hashicorp.com/terraform/language/modules/sources#local-paths: a source that starts with `./` or
// `../` is a folder relative to the calling module's folder; any other source (the registry, git, S3, HTTP) is
// downloaded by `terraform init`, which this offline reader never does.

/** One step of a reference after its first name: an attribute, an index (`[0]`, `["k"]`) or a splat (`*`, `[*]`). */
export type ReferenceStep = string | { index: string | number | undefined } | typeof SPLAT;

export const SPLAT = Symbol('splat');

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

const NAME = /^[A-Za-z_][\w-]*/;

/**
 * The steps of a reference written as text, as a host reader keeps a placeholder's source (`${module.a["k"].arn}`,
 * `aws_iam_role.this[0].name`, `aws_iam_role.this.*.arn`): its first name, then the steps; undefined when the text is
 * any other expression.
 */
export function referenceOfText(source: string): { first: string; steps: ReferenceStep[] } | undefined {
  const text = source.replace(/^\$\{~?\s*/, '').replace(/\s*~?\}$/, '');
  const first = NAME.exec(text);
  if (!first) return undefined;
  const steps: ReferenceStep[] = [];
  let rest = text.slice(first[0].length);
  while (rest.length > 0) {
    let match: RegExpExecArray | null;
    if ((match = /^\.\*/.exec(rest)) || (match = /^\[\s*\*\s*\]/.exec(rest))) steps.push(SPLAT);
    else if ((match = /^\.([A-Za-z_][\w-]*)/.exec(rest))) steps.push(match[1]);
    else if ((match = /^\[\s*(\d+)\s*\]/.exec(rest))) steps.push({ index: Number(match[1]) });
    else if ((match = /^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest))) steps.push({ index: JSON.parse(`"${match[1]}"`) as string });
    else return undefined;
    rest = rest.slice(match[0].length);
  }
  return { first: first[0], steps };
}

/**
 * The steps of a reference expression (`module.a[each.key].role_arn`): its first name and the steps, each index
 * given its value by `indexValue` (undefined when unknown); undefined when the expression is not a reference.
 */
export function referenceOfNode(expression: HclNode, indexValue: (index: HclNode) => unknown): { first: string; steps: ReferenceStep[] } | undefined {
  const node = unwrap(expression);
  if (node.type !== 'expression') return undefined;
  const children = node.namedChildren;
  if (children.length === 0 || children[0]?.type !== 'variable_expr') return undefined;
  const steps: ReferenceStep[] = [];
  for (const step of children.slice(1)) {
    if (step?.type === 'get_attr') steps.push(step.lastNamedChild?.text ?? '');
    else if (step?.type === 'index') {
      const inner = step.firstNamedChild;
      const expression = inner?.namedChildren.find((child) => child?.type === 'expression');
      const value = expression ? indexValue(expression) : undefined;
      steps.push({ index: typeof value === 'number' || typeof value === 'string' ? value : undefined });
    } else if (step?.type === 'splat') {
      // `x.*.arn` and `x[*].arn`: the attributes after the splat are inside it.
      steps.push(SPLAT);
      for (const splat of step.namedChildren) for (const inner of splat.namedChildren) if (inner.type === 'get_attr') steps.push(inner.lastNamedChild?.text ?? '');
    } else return undefined;
  }
  return { first: children[0].text, steps };
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
