import type { Problem } from '../../checks/check';
import type { Span } from '../../text/span';
import type { HostDocument, HostInput } from '../host';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { terraformParser } from './parser';
import { templateFileText } from './template-file';

export const TEMPLATE_VARIABLE_MISSING = 'templatefile-variable-missing';

/**
 * The variables a templatefile() template reads: the names its interpolations and directives start references with
 * (`${bucket}`, `${account.id}`, `${arns[0]}`, `${jsonencode(actions)}`, `%{ if public }`) and the lists a `%{ for }`
 * walks, less the names a `for` binds and an object's keys (`${jsonencode({ Statement = statements })}` reads
 * `statements`). With the Terraform parser not loaded, only interpolations that are one reference are read.
 */
export function templateVariables(text: string): string[] {
  return [...templateVariableUses(text).keys()];
}

/** templateVariables with the span in the template's text of each one's first use. */
function templateVariableUses(text: string): Map<string, Span> {
  const template = templateFileText(text);
  const used = new Map<string, Span>();
  const bound = new Set<string>();
  for (const { source, start, end } of template?.placeholders ?? []) {
    const span = { start: template!.offsets[start], end: template!.offsets[end - 1] + 1 };
    const use = (name: string) => {
      if (!used.has(name)) used.set(name, span);
    };
    const loop = /^%\{~?\s*for\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s+in\s+([^]*?)~?\}$/.exec(source);
    const condition = /^%\{~?\s*if\s+([^]*?)~?\}$/.exec(source);
    const interpolation = /^\$\{~?([^]*?)~?\}$/.exec(source);
    if (loop) {
      bound.add(loop[1]);
      if (loop[2]) bound.add(loop[2]);
    }
    const expression = loop ? loop[3] : condition ? condition[1] : interpolation?.[1];
    if (expression !== undefined) expressionVariables(expression, bound).forEach(use);
  }
  for (const name of bound) used.delete(name);
  return used;
}

const SIMPLE_REFERENCE = /^\s*([A-Za-z_][\w-]*)(?:\s*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\]))*\s*$/;

/**
 * The variables an HCL expression reads (its `variable_expr` nodes that are no object key), adding the names its own
 * `for` expressions bind to `bound`. One reference is read without the parser.
 */
function expressionVariables(expression: string, bound: Set<string>): string[] {
  const simple = SIMPLE_REFERENCE.exec(expression);
  if (simple) return [simple[1]];
  const parser = terraformParser();
  if (parser instanceof Error) return [];
  const tree = parser.parse(`x = ${expression}\n`);
  if (!tree) return [];
  try {
    if (tree.rootNode.hasError) return [];
    const names: string[] = [];
    const visit = (node: SyntaxNode): void => {
      if (node.type === 'variable_expr') names.push(node.text);
      else if (node.type === 'for_intro') for (const child of node.namedChildren) if (child?.type === 'identifier') bound.add(child.text);
      const key = node.type === 'object_elem' ? node.childForFieldName('key') : null;
      for (const child of node.namedChildren) {
        if (!child) continue;
        // `{ Statement = statements }`: a bare key is the key's name, not a variable.
        if (key && child.id === key.id && child.namedChildren.length === 1 && child.namedChildren[0]?.type === 'variable_expr') continue;
        visit(child);
      }
    };
    visit(tree.rootNode);
    return names;
  } finally {
    tree.delete();
  }
}

/**
 * A templatefile() call, or a `data "template_file"` block whose template a policy attribute renders, whose variables
 * are written out but lack one its template reads: Terraform fails to render it at plan ("vars map does not contain
 * key", or the template provider's "There is no variable named"), so the policy it renders is never written. Reported
 * on the variables object (on `template` when the data source gives no `vars`); a template that cannot be read, or
 * variables not all written out, are not judged.
 */
export function missingTemplateVariables(document: HostDocument, readLinked: HostInput['readLinked']): Problem[] {
  if (!readLinked || !document.links) return [];
  const problems: Problem[] = [];
  for (const link of document.links) {
    if (!link.variables) continue;
    const text = readLinked(link.target);
    if (typeof text !== 'string') continue;
    const given = new Set(link.variables.names);
    const missing = [...templateVariableUses(text)].filter(([name]) => !given.has(name));
    if (missing.length === 0) continue;
    const file = decodeURIComponent(link.target.replace(/^.*\//, ''));
    const names = missing.map(([name]) => `\`${name}\``).join(', ');
    // The template provider renders at plan too: "failed to render : <template_file>:…: Unknown variable".
    const message =
      link.variables.caller === 'template_file'
        ? `${file} reads ${names}, which this template_file's vars do not give: Terraform fails to render it ("Unknown variable")`
        : `${file} reads ${names}, which this templatefile() call does not give: Terraform fails to render it ("vars map does not contain key")`;
    problems.push({
      ruleId: TEMPLATE_VARIABLE_MISSING,
      severity: 'error',
      message,
      span: link.variables.span,
      related: missing.map(([name, span]) => ({ span, uri: link.target, message: `\`${name}\` is read here` })),
    });
  }
  return problems;
}
