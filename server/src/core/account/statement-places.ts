import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { Span } from '../text/span';
import type { AccountPolicy } from './model';

// Where a statement of an account policy is written, so the editor can open it: templates and modules record their
// policies' places as they read them (`written`); an authorization-details export is JSON whose source path leads to
// the document, which is a JSON object (AWS CLI) or an encoded string (other SDKs: the string is the place).

/** A place in a file's text: the file as the account names it, and the span. */
export interface StatementPlace {
  file: string;
  span: Span;
  /** False when only the policy (or the entity) could be found, not the statement itself. */
  exact: boolean;
}

/** The statement's index for a label of the account answers: `#n` is the n-th (1-based); otherwise a Sid. */
function byLabel<T extends { index: number; sid?: string }>(statements: readonly T[], label: string): T | undefined {
  const numbered = /^#(\d+)$/.exec(label);
  if (numbered) return statements.find((s) => s.index === Number(numbered[1]) - 1);
  return statements.find((s) => s.sid === label);
}

/**
 * Finds the statement `label` (a Sid, or `#n`) of the policy in the file that holds it. `readText` gives a file's text
 * (the one the account was read from); `trees` caches the parsed exports by file. Undefined when the policy has no
 * file (a bundled AWS managed policy) or the file cannot be read.
 */
export function statementPlace(policy: AccountPolicy, label: string | undefined, readText: (file: string) => string | undefined, trees?: Map<string, Node | undefined>): StatementPlace | undefined {
  if (policy.written) {
    const statement = label === undefined ? undefined : byLabel(policy.written.statements, label);
    return { file: policy.written.file, span: statement?.span ?? policy.written.span, exact: statement !== undefined };
  }
  if (policy.kind === 'aws-managed' && !policy.source.path) return undefined;
  const { file, path } = policy.source;
  if (path === undefined) return undefined;
  let tree = trees?.get(file);
  if (!trees?.has(file)) {
    const text = readText(file);
    tree = text === undefined ? undefined : parseTree(text, [], { allowTrailingComma: true });
    trees?.set(file, tree);
  }
  if (!tree) return undefined;
  let node = findNodeAtLocation(tree, pathSegments(path));
  if (!node) return undefined;
  // An inline policy entry holds its document in PolicyDocument; a managed policy version in Document.
  if (node.type === 'object') node = findNodeAtLocation(node, ['PolicyDocument']) ?? findNodeAtLocation(node, ['Document']) ?? node;
  const whole: StatementPlace = { file, span: { start: node.offset, end: node.offset + node.length }, exact: false };
  if (node.type !== 'object' || label === undefined) return whole;
  const list = findNodeAtLocation(node, ['Statement']);
  const items = list?.type === 'array' ? (list.children ?? []) : list?.type === 'object' ? [list] : [];
  const statements = items
    .map((item, index) => ({ item, index, sid: sidOf(item) }))
    .filter(({ item }) => item.type === 'object')
    .map(({ item, index, sid }) => ({ index, span: { start: item.offset, end: item.offset + item.length }, ...(sid !== undefined ? { sid } : {}) }));
  const statement = byLabel(statements, label);
  return statement ? { file, span: statement.span, exact: true } : whole;
}

function sidOf(item: Node): string | undefined {
  const sid = item.type === 'object' ? findNodeAtLocation(item, ['Sid']) : undefined;
  return typeof sid?.value === 'string' ? sid.value : undefined;
}

/** `RoleDetailList[3].RolePolicyList[0]` → `['RoleDetailList', 3, 'RolePolicyList', 0]`. */
export function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      segments.push(part);
      continue;
    }
    if (match[1]) segments.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/**
 * Where a user, group or role is defined: its entry of an export, its template resource (`Resources.Id`) or SAM
 * event (`Resources.Id.Properties.Events.Name`), or its
 * Terraform resource block (`aws_iam_user.name`, `module.x.aws_iam_user.name`). Undefined when the file cannot be read or the entry is not found.
 */
export function entityPlace(source: { file: string; path?: string; span?: Span }, readText: (file: string) => string | undefined, trees?: Map<string, Node | undefined>): StatementPlace | undefined {
  const { file, path } = source;
  if (path === undefined) return undefined;
  const text = readText(file);
  if (text === undefined) return undefined;
  // A role SAM generates for an event is defined by the event's key (`Resources.Id.Properties.Events.Name`), which
  // the template reader placed; YAML has no tree to find it in.
  if (source.span && /^Resources\.[A-Za-z0-9]+\.Properties\.Events\.[A-Za-z0-9]+$/.test(path)) return { file, span: source.span, exact: true };
  // A CDK construct (`new iam.Role 'Deployer'`), placed by the CDK reader.
  if (source.span && path.startsWith('new ')) return { file, span: source.span, exact: true };
  const resource = /^Resources\.([A-Za-z0-9]+)$/.exec(path);
  if (resource) {
    // A logical id is alphanumeric: its key is found as written, in YAML (`  Id:`) or JSON (`"Id":`).
    const match = new RegExp(`^[ \\t]+(?:${resource[1]}|"${resource[1]}"|'${resource[1]}')[ \\t]*:`, 'm').exec(text);
    return match ? { file, span: { start: match.index + match[0].length - match[0].trimStart().length, end: match.index + match[0].length }, exact: true } : undefined;
  }
  // A resource of a called module is addressed from the root (`module.a["k"].aws_iam_role.this`), in the module's file.
  const block = /^(?:module\..+\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)$/.exec(path);
  if (block) {
    const match = new RegExp(`^[ \\t]*resource[ \\t]+"${block[1]}"[ \\t]+"${block[2]}"`, 'm').exec(text);
    return match ? { file, span: { start: match.index, end: match.index + match[0].length }, exact: true } : undefined;
  }
  let tree = trees?.get(file);
  if (!trees?.has(file)) {
    tree = parseTree(text, [], { allowTrailingComma: true });
    trees?.set(file, tree);
  }
  const node = tree && findNodeAtLocation(tree, pathSegments(path));
  return node ? { file, span: { start: node.offset, end: node.offset + node.length }, exact: true } : undefined;
}
