import type { Span } from '../../text/span';
import { joinModulePath, moduleFolderOf } from '../../account/terraform-modules';
import { stripBom } from '../../text/bom';
import { parseJsonTemplate, parseYamlTemplate, valueOf, type CfnEntry, type CfnNode } from '../cloudformation/nodes';
import { coarseText } from '../cloudformation/text-map';

/** What a value of a service file is once a `${file(…)}` it is written as is read: itself when it is no such variable. */
export type ServiceInclude = (node: CfnNode | undefined) => CfnNode | undefined;

/** The value as written: no file is read. */
export const NO_INCLUDES: ServiceInclude = (node) => node;

const FILE_VARIABLE = /^\$\{file\(\s*(['"]?)([^'"()]+?)\1\s*\)(?::\s*([\w.-]+))?\s*\}$/;

/**
 * Reads the `${file(./iam.yml)}` and `${file(iam.yml):RoleStatements}` values of the service file `serviceFile` (a
 * path or URI) with `readFile`, as the Framework does when it packages the service: the YAML or JSON the file holds,
 * or the value under the key path after the colon. The nodes are placed where the variable is written, the only place
 * in the service file they have; their `${self:…}` are the service's, as the Framework resolves them. A file that
 * cannot be read or parsed leaves the variable as written. Files it reads in turn are not followed.
 * https://www.serverless.com/framework/docs/providers/aws/guide/variables#reference-properties-in-other-files
 */
export function fileIncludes(serviceFile: string, readFile: ((path: string) => string | undefined) | undefined): ServiceInclude {
  if (!readFile) return NO_INCLUDES;
  const folder = moduleFolderOf(serviceFile);
  return (node) => {
    const match = node?.kind === 'scalar' ? FILE_VARIABLE.exec(node.value.trim()) : null;
    if (!node || !match) return node;
    const [, , path, keys] = match;
    const text = readFile(joinModulePath(folder, path));
    if (text === undefined) return node;
    let included: CfnNode | undefined;
    try {
      const body = stripBom(text);
      included = (/\.json$/i.test(path) ? parseJsonTemplate(body) : parseYamlTemplate(body)).root;
    } catch {
      return node;
    }
    for (const key of keys ? keys.split('.') : []) included = valueOf(included, key);
    return included ? placedAt(included, node.span) : node;
  };
}

/** A copy of `node` with every part placed at `span`: for a value another file writes, placed where it is used. */
export function placedAt(node: CfnNode, span: Span): CfnNode {
  switch (node.kind) {
    case 'map':
      return { kind: 'map', span, entries: node.entries.map((entry): CfnEntry => ({ key: entry.key, keySpan: span, value: entry.value && placedAt(entry.value, span), span })) };
    case 'seq':
      return { kind: 'seq', span, items: node.items.map((item) => placedAt(item, span)) };
    case 'fn':
      return { kind: 'fn', name: node.name, arg: node.arg && placedAt(node.arg, span), span };
    case 'scalar': {
      const { value } = node;
      return { ...node, span, text: () => coarseText(value, span) };
    }
  }
}
