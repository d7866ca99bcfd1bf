import type { Problem } from '../../checks/check';
import type { Span } from '../../text/span';
import type { HostDocument, HostInput } from '../host';
import { templateFileText } from './template-file';

export const TEMPLATE_VARIABLE_MISSING = 'templatefile-variable-missing';

/**
 * The variables a templatefile() template reads: the first name of each interpolation written as a reference
 * (`${bucket}`, `${account.id}`, `${arns[0]}`) and of each list a `%{ for }` walks, less the names a `%{ for }` binds.
 * An interpolation that calls functions or computes is not read here; its names are not listed.
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
    const reference = /^\$\{~?\s*([A-Za-z_][\w-]*)(?:\s*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\]))*\s*~?\}$/.exec(source);
    if (reference && !used.has(reference[1])) used.set(reference[1], span);
    const loop = /^%\{~?\s*for\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s+in\s+([A-Za-z_][\w-]*)\b/.exec(source);
    if (loop) {
      bound.add(loop[1]);
      if (loop[2]) bound.add(loop[2]);
      if (!used.has(loop[3])) used.set(loop[3], span);
    }
  }
  for (const name of bound) used.delete(name);
  return used;
}

/**
 * A templatefile() call whose variables are written out but lack one its template reads: Terraform fails to render
 * it at plan ("vars map does not contain key"), so the policy it renders is never written. Reported on the variables
 * object; a template that cannot be read, or a call whose variables are not all written out, is not judged.
 */
export function missingTemplateVariables(document: HostDocument, readLinked: HostInput['readLinked']): Problem[] {
  if (!readLinked || !document.links) return [];
  const problems: Problem[] = [];
  for (const link of document.links) {
    if (!link.variables) continue;
    const text = readLinked(link.target);
    if (text === undefined) continue;
    const given = new Set(link.variables.names);
    const missing = [...templateVariableUses(text)].filter(([name]) => !given.has(name));
    if (missing.length === 0) continue;
    const file = decodeURIComponent(link.target.replace(/^.*\//, ''));
    const names = missing.map(([name]) => `\`${name}\``).join(', ');
    problems.push({
      ruleId: TEMPLATE_VARIABLE_MISSING,
      severity: 'error',
      message: `${file} reads ${names}, which this templatefile() call does not give: Terraform fails to render it ("vars map does not contain key")`,
      span: link.variables.span,
      related: missing.map(([name, span]) => ({ span, uri: link.target, message: `\`${name}\` is read here` })),
    });
  }
  return problems;
}
