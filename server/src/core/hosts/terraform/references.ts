import { unwrapInterpolation } from './hcl';
import type { HclNode } from './syntax';

// References in Terraform expressions (https://developer.hashicorp.com/terraform/language/expressions/references):
// a first name (`var`, `local`, `aws_iam_role`, a `for` symbol) and the attributes, indexes and splats after it.

/** One step of a reference after its first name: an attribute, an index (`[0]`, `["k"]`) or a splat (`*`, `[*]`). */
export type ReferenceStep = string | { index: string | number | undefined } | typeof SPLAT;

export const SPLAT = Symbol('splat');

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
  const node = unwrapInterpolation(expression);
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
