import type { HclNode as SyntaxNode } from './syntax';
import type { Placeholder, PlaceholderKind } from '../../policy/model';
import type { ValueSpanMapper } from '../../text/json-string';
import { referencedResource } from './resource-attributes';

/**
 * A Terraform string as a policy sees it: the literal text with escapes resolved, each `${…}` interpolation and
 * `%{…}` directive kept as written and marked as a placeholder, and for every character of `value` the host offset
 * it came from (`offsets` has one more entry, the end).
 */
export interface TemplateText {
  value: string;
  offsets: number[];
  placeholders: Placeholder[];
}

/** Maps `[start, end)` within a TemplateText's value to host offsets. */
export function templateMapper(template: Pick<TemplateText, 'offsets'>): ValueSpanMapper {
  const { offsets } = template;
  const at = (unit: number) => offsets[Math.min(Math.max(unit, 0), offsets.length - 1)];
  return (start, end) => {
    const from = at(start);
    // The end of a range is the end of its last character, which may be an escape several host characters long.
    const to = end > start ? at(end - 1) + unitLength(offsets, end - 1) : from;
    return { start: from, end: Math.max(from, to) };
  };
}

/** The part `[start, end)` of a template, its offsets and placeholders with it. */
export function sliceTemplate(template: TemplateText, start: number, end: number): TemplateText {
  return {
    value: template.value.slice(start, end),
    offsets: template.offsets.slice(start, end + 1),
    placeholders: template.placeholders.filter((hole) => hole.start >= start && hole.end <= end).map((hole) => ({ ...hole, start: hole.start - start, end: hole.end - start })),
  };
}

function unitLength(offsets: number[], unit: number): number {
  if (unit + 1 >= offsets.length) return 0;
  const next = offsets[unit + 1];
  const here = offsets[unit];
  return next > here ? next - here : 1;
}

/**
 * Reads a quoted string (`string_lit`, `quoted_template`) or the body of a heredoc between `from` and `to`.
 * `quoted` turns on backslash escapes, which heredocs do not have. `iamVariables` reads `&{…}` as the IAM
 * variable `${…}`: aws_iam_policy_document does that, because `${…}` there is Terraform's.
 */
export function readTemplate(text: string, holes: readonly SyntaxNode[], from: number, to: number, options: { quoted: boolean; iamVariables?: boolean; indent?: number }): TemplateText {
  const result: TemplateText = { value: '', offsets: [], placeholders: [] };
  const parts: string[] = [];
  let length = 0;
  const push = (piece: string, offset: number) => {
    parts.push(piece);
    for (let i = 0; i < piece.length; i++) result.offsets.push(offset);
    length += piece.length;
  };
  let position = from;
  const literal = (end: number) => {
    let lineStart = position === from || text.charCodeAt(position - 1) === 10;
    while (position < end) {
      // `<<-` heredocs lose the common indentation of their lines.
      if (lineStart && options.indent) {
        let skipped = 0;
        while (skipped < options.indent && position < end && (text[position] === ' ' || text[position] === '\t')) {
          position++;
          skipped++;
        }
        lineStart = false;
        continue;
      }
      const char = text[position];
      if (options.quoted && char === '\\' && position + 1 < end) {
        const escape = readEscape(text, position, end);
        push(escape.value, position);
        for (let i = 1; i < escape.value.length; i++) result.offsets[result.offsets.length - escape.value.length + i] = position;
        position += escape.length;
        continue;
      }
      if ((char === '$' || char === '%') && text[position + 1] === char && text[position + 2] === '{') {
        // `$${` and `%%{` are the escapes for a literal `${` and `%{`.
        push(char, position);
        push('{', position + 2);
        position += 3;
        continue;
      }
      if (options.iamVariables && char === '&' && text[position + 1] === '{') {
        push('$', position);
        position++;
        continue;
      }
      push(char, position);
      if (char === '\n') lineStart = true;
      position++;
    }
  };
  for (const hole of holes) {
    if (hole.startIndex < position || hole.endIndex > to) continue;
    literal(hole.startIndex);
    const source = text.slice(hole.startIndex, hole.endIndex);
    const start = length;
    push(source, hole.startIndex);
    for (let i = 0; i < source.length; i++) result.offsets[start + i] = hole.startIndex + i;
    result.placeholders.push({ start, end: length, ...placeholderMeaning(hole, source), source });
    position = hole.endIndex;
  }
  literal(to);
  result.offsets.push(position);
  result.value = parts.join('');
  addModuleTokens(result);
  return result;
}

/**
 * The tokens terraform-aws-modules' s3-bucket module replaces in the policy it is given with the bucket's ARN, its
 * name and the account (`policy_placeholders` in the module's main.tf); a policy written for it holds them where it
 * will hold those values.
 */
const moduleTokens: ReadonlyMap<string, Pick<Placeholder, 'kind' | 'resource'>> = new Map([
  ['_S3_BUCKET_ARN_', { kind: 'arn', resource: { service: 's3', type: 'bucket', part: 'arn' } }],
  ['_S3_BUCKET_ID_', { kind: 'string', resource: { service: 's3', type: 'bucket', part: 'name' } }],
  ['_AWS_ACCOUNT_ID_', { kind: 'account' }],
]);
const MODULE_TOKEN = /_(?:S3_BUCKET_ARN|S3_BUCKET_ID|AWS_ACCOUNT_ID)_/g;

function addModuleTokens(template: TemplateText): void {
  if (!template.value.includes('_')) return;
  let added = false;
  for (const match of template.value.matchAll(MODULE_TOKEN)) {
    const start = match.index;
    const end = start + match[0].length;
    if (template.placeholders.some((hole) => hole.start < end && start < hole.end)) continue;
    template.placeholders.push({ start, end, ...moduleTokens.get(match[0])!, source: match[0] });
    added = true;
  }
  if (added) template.placeholders.sort((a, b) => a.start - b.start);
}

function readEscape(text: string, at: number, end: number): { value: string; length: number } {
  const next = text[at + 1];
  switch (next) {
    case 'n':
      return { value: '\n', length: 2 };
    case 'r':
      return { value: '\r', length: 2 };
    case 't':
      return { value: '\t', length: 2 };
    case '"':
    case '\\':
      return { value: next, length: 2 };
    case 'u':
    case 'U': {
      const digits = next === 'u' ? 4 : 8;
      const hex = text.slice(at + 2, Math.min(end, at + 2 + digits));
      if (hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) {
        const code = Number.parseInt(hex, 16);
        if (code <= 0x10ffff) return { value: String.fromCodePoint(code), length: 2 + digits };
      }
      return { value: next, length: 2 };
    }
    default:
      return { value: next, length: 2 };
  }
}

/**
 * The interpolations and directive markers inside a template node, in order. A `%{ for }` or `%{ if }` directive
 * is not one hole: its markers (`%{ for x in y }`, `%{ else }`, `%{ endif }`) are, and the text between them is read
 * as written, so a loop body counts once (as 0..n copies) and both branches of an `if` are checked.
 */
export function holesOf(node: SyntaxNode): SyntaxNode[] {
  const holes: SyntaxNode[] = [];
  const visit = (parent: SyntaxNode) => {
    for (const child of parent.namedChildren) {
      if (!child) continue;
      if (child.type === 'template_interpolation') holes.push(child);
      else if (child.type === 'template_directive' || child.type === 'template_for' || child.type === 'template_if') visit(child);
      else if (DIRECTIVE_MARKERS.has(child.type)) holes.push(child);
    }
  };
  visit(node);
  return holes;
}

const DIRECTIVE_MARKERS = new Set(['template_for_start', 'template_for_end', 'template_if_intro', 'template_else_intro', 'template_if_end']);

/** A whole expression that is not a literal (`aws_s3_bucket.b.arn`, `var.x`) as a string value that is one placeholder. */
export function expressionPlaceholder(text: string, node: SyntaxNode): TemplateText {
  const source = text.slice(node.startIndex, node.endIndex);
  const offsets: number[] = [];
  for (let i = 0; i <= source.length; i++) offsets.push(node.startIndex + i);
  return { value: source, offsets, placeholders: [{ start: 0, end: source.length, ...placeholderMeaning(node, source), source }] };
}

/**
 * What a reference stands for, from the attribute it names: `aws_s3_bucket.logs.arn` and `var.role_arn` are ARNs,
 * `data.aws_caller_identity.current.account_id` an account, `data.aws_partition.current.partition` a partition,
 * `data.aws_region.current.name` a Region. Anything else (function calls, `for` expressions) is just a string. An
 * attribute of a resource type resource-attributes.ts lists also names the resource (`aws_sqs_queue.q.id` is the
 * URL of an SQS queue).
 */
function placeholderMeaning(node: SyntaxNode, source: string): Pick<Placeholder, 'kind' | 'resource'> {
  let expression: SyntaxNode | null = node;
  if (node.type !== 'template_interpolation' && node.type !== 'expression' && !node.type.endsWith('_expr') && node.type !== 'function_call') return { kind: 'string' };
  if (node.type === 'template_interpolation') expression = node.namedChildren.find((child) => child?.type === 'expression') ?? null;
  const traversal = expression ? traversalOf(expression) : undefined;
  return traversal ? traversalMeaning(traversal, source) : { kind: 'string' };
}

/** The placeholder kind of a reference by its names, and the resource it names when resource-attributes.ts knows it. */
export function traversalMeaning(traversal: readonly string[], source: string): Pick<Placeholder, 'kind' | 'resource'> {
  const resource = referencedResource(traversal, source);
  return resource ? { kind: traversalKind(traversal), resource } : { kind: traversalKind(traversal) };
}

/** The placeholder kind of a reference by its names: `['aws_s3_bucket', 'logs', 'arn']` is an ARN. */
export function traversalKind(traversal: readonly string[]): PlaceholderKind {
  const last = traversal[traversal.length - 1].toLowerCase();
  if (last === 'arn' || last.endsWith('_arn')) return 'arn';
  if (last === 'account_id' || last.endsWith('_account_id')) return 'account';
  if (last === 'partition') return 'partition';
  if (last === 'region' || (traversal[0] === 'data' && traversal[1] === 'aws_region' && (last === 'name' || last === 'id'))) return 'region';
  return 'string';
}

/** `a.b.c` as its names when the expression is a plain reference (index steps skipped), else undefined. */
export function traversalOf(expression: SyntaxNode): string[] | undefined {
  const children = expression.namedChildren;
  if (children.length === 0 || children[0]?.type !== 'variable_expr') return undefined;
  const names = [children[0].text];
  for (const step of children.slice(1)) {
    if (step?.type === 'get_attr') names.push(step.lastNamedChild?.text ?? '');
    else if (step?.type === 'splat') {
      // `x.*.json` and `x[*].json`: the attributes after the splat are inside it.
      for (const splat of step.namedChildren) for (const inner of splat.namedChildren) if (inner.type === 'get_attr') names.push(inner.lastNamedChild?.text ?? '');
    } else if (step?.type !== 'index') return undefined;
  }
  return names;
}

/**
 * A Go template's action, comment or variable declaration (`{{ range .Buckets }}`, `{{- end }}`, a comment opened with `{{/*`), which writes
 * no value: read as a directive is. https://pkg.go.dev/text/template#hdr-Actions
 */
export function isGoTemplateAction(tag: string): boolean {
  // A variable's declaration or assignment (`{{$stackName := .NestedStack.StackName}}`) writes nothing either.
  return /^\{\{-?\s*(?:(?:if|else|end|range|with|define|template|block|break|continue)(?=[\s}-])|\/\*|\$\w*\s*:?=[^=])/.test(tag);
}

/**
 * Whether a placeholder is a directive (a loop, a branch, a comment: `%{ for … }`, `{% if … %}`, `{# … #}`), which
 * renders no value of its own, rather than an interpolation.
 */
export function isDirective(source: string): boolean {
  return source.startsWith('%{') || source.startsWith('{%') || source.startsWith('{#') || isGoTemplateAction(source);
}

/** Where a template's `if`, `else` (or `elif`) and `endif` directives are, in order. */
export interface BranchMark {
  at: number;
  kind: 'if' | 'else' | 'endif';
  /** An `if`'s condition as written (`user_home == ""`), for branchMarksOf. */
  condition?: string;
}

/**
 * The marks with each `endif` that an `if` of the opposite condition follows directly (`%{ if home == "" }A%{ endif }
 * %{ if home != "" }B%{ endif }`, Transfer sweep) read as one `else`: A and B are never rendered together.
 */
export function joinComplementaryIfs(marks: readonly BranchMark[]): BranchMark[] {
  const joined: BranchMark[] = [];
  const open: BranchMark[] = [];
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i];
    const next = marks[i + 1];
    if (mark.kind === 'if') open.push(mark);
    else if (mark.kind === 'endif') {
      const opener = open.pop();
      if (next?.kind === 'if' && opener?.condition !== undefined && next.condition !== undefined && areComplementary(opener.condition, next.condition)) {
        joined.push({ at: next.at, kind: 'else' });
        open.push(opener);
        i++;
        continue;
      }
    }
    joined.push(mark);
  }
  return joined;
}

/** Whether one condition is the other negated: `a == b` and `a != b`, `x` and `!x`. */
function areComplementary(first: string, second: string): boolean {
  const normal = (condition: string) => condition.replace(/\s+/g, '');
  const [a, b] = [normal(first), normal(second)];
  if (a === `!${b}` || b === `!${a}` || a === `!(${b})` || b === `!(${a})`) return true;
  return a.replace('==', '!=') === b || b.replace('==', '!=') === a;
}

/** The condition of an `if` directive (`%{ if user_home == "" }` → `user_home == ""`). */
export function branchCondition(source: string): string | undefined {
  return /^(?:%\{~?|\{%[-+]?)\s*if\b([^]*?)[~-]?(?:\}|%\})$/.exec(source.trim())?.[1]?.trim();
}

/**
 * Whether `from` and `to` are in two branches of one `%{ if } … %{ else } … %{ endif }`: an `else` lies between them
 * that belongs to an `if` opened before `from` (at the depth of the innermost such `if` reached so far) and is not
 * closed before `to`. `from` may sit in an `if` nested in one branch and `to` in another branch of the outer one
 * (`%{ if a }%{ if b }X%{ else }X%{ endif }%{ else }X%{ endif }`: each X in a rendering of its own).
 */
export function inBranches(marks: readonly BranchMark[], from: number, to: number): boolean {
  // depth: relative to `from`'s block; floor: the lowest depth reached, the block around both so far.
  let depth = 0;
  let floor = 0;
  let switched = false;
  for (const mark of marks) {
    if (mark.at <= from) continue;
    if (mark.at >= to) break;
    if (mark.kind === 'if') depth++;
    else if (mark.kind === 'endif') {
      depth--;
      if (depth < floor) {
        floor = depth;
        switched = false;
      }
    } else if (depth === floor) switched = true;
  }
  return switched;
}

/** The branch a directive opens, switches or closes (`elif` switches), or undefined for any other directive. */
export function branchKind(source: string): 'if' | 'else' | 'endif' | undefined {
  const word = /^(?:%\{~?|\{%[-+]?)\s*(if|elif|else|endif)\b/.exec(source)?.[1];
  return word === 'elif' ? 'else' : (word as 'if' | 'else' | 'endif' | undefined);
}
