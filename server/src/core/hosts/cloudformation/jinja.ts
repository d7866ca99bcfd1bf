/**
 * CloudFormation templates written as Jinja templates: Sceptre renders `.j2` templates with Jinja before it deploys
 * them, and cookiecutter projects keep `{{ cookiecutter.name }}` in their `template.yaml`
 * (https://docs.sceptre-project.org/latest/docs/templates.html, https://jinja.palletsprojects.com/en/stable/templates/).
 * Such a text is not YAML until rendered: `{% if %}` lines and `{{ … }}` values stop the YAML parser. The reader parses
 * a masked copy of the same length instead, and reads each `{{ … }}` as a value known only when rendered. Go's
 * templates (AWS Copilot's, Helm's) write their `if` and `range` as `{{ }}` actions, which are masked as tags.
 */

import { branchCondition, branchKind, inBranches, isGoTemplateAction, joinComplementaryIfs, type BranchMark } from '../terraform/template';
import { parseJsonTemplate, parseYamlTemplate, type CfnNode, type ParsedTemplate } from './nodes';

/** A template's whole text parsed, YAML or JSON; one holding Jinja through its masked copy (maskJinja). */
export function parseTemplateText(text: string, format: 'yaml' | 'json'): ParsedTemplate {
  if (!hasJinja(text)) return format === 'yaml' ? parseYamlTemplate(text) : parseJsonTemplate(text);
  if (format === 'yaml') return parseYamlTemplate(maskJinja(text));
  const parsed = parseJsonTemplate(maskJinja(text, true));
  // A comma written beside a tag (`"{{ role }}"{% if not loop.last %}, {% endif %}`), or missing between the branches
  // of an `if` (`"S3Key": "…" {% elif … %} "ZipFile": …`), is there only where the rendering puts it: as in Terraform's
  // JSON templates, such commas are not judged before then.
  return { ...parsed, errors: parsed.errors.filter((error) => !(error.separator && isBesideTag(text, error.span.start))) };
}

/** Whether the character at `at` has a `{% … %}` tag right before or right after it, blanks aside. */
function isBesideTag(text: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && /\s/.test(text[before])) before--;
  let after = at + 1;
  while (after < text.length && /\s/.test(text[after])) after++;
  return text.startsWith('%}', before - 1) || text.startsWith('{%', after);
}

/** Whether a file is named as a Jinja template (`template.yaml.j2`, `vpc.j2`, `.jinja`, `.jinja2`), by its path or URI. */
export function isJinjaName(path: string): boolean {
  return /\.(j2|jinja2?)$/i.test(path.replace(/[?#].*$/, ''));
}

/** The name without its Jinja ending: `template.yaml.j2` is a `template.yaml`. */
export function renderedName(path: string): string {
  return path.replace(/[?#].*$/, '').replace(/\.(j2|jinja2?)$/i, '');
}

// A `{% … %}` or `{# … #}` tag, or a `{{ … }}` that is no CloudFormation dynamic reference (`{{resolve:ssm:…}}`).
const JINJA_MARK = /\{%|\{#|\{\{(?!resolve:)/;

/** Whether a template's text holds Jinja (a file of any name: cookiecutter keeps its templates as `.yaml`). */
export function hasJinja(text: string): boolean {
  return JINJA_MARK.test(text);
}

/** How a masked interpolation starts: what the reader looks for in a scalar's value (intrinsics.ts withDynamicReferences). */
export const MASK_OPEN = '$(';
const MASK_CLOSE = '))';

/**
 * The text with every Jinja tag masked, each character in its place (line breaks kept): `{% … %}` and `{# … #}`
 * become blanks, so a loop's body is read once and both branches of an `if`; `{{ … }}` becomes `$(_name_))`, a plain
 * scalar's text in YAML and a string's in JSON, which the reader takes for a value known when rendered; in a JSON
 * template (`json`), one written outside a string becomes a string of the same length. A tag that is not closed is left
 * as written.
 */
export function maskJinja(text: string, json = false): string {
  let masked = '';
  let at = 0;
  // In JSON, whether the text before the tag leaves a string open: a value written outside one is masked as a string.
  let inString = false;
  const marks = new RegExp(JINJA_MARK.source, 'g');
  for (;;) {
    marks.lastIndex = at;
    const found = marks.exec(text);
    if (!found) break;
    const start = found.index;
    const closer = text[start + 1] === '{' ? '}}' : text[start + 1] === '%' ? '%}' : '#}';
    const close = text.indexOf(closer, start + 2);
    if (close < 0) break;
    const end = close + 2;
    const tag = text.slice(start, end);
    const literal = text.slice(at, start);
    if (json) inString = leavesStringOpen(literal, inString);
    masked += literal;
    // A name keeps its letters (`$(_bucket_))`), which messages and the account's names then show, and a tag written
    // over several lines the indentation of each (an Ansible task's `"{{ tags |` continued on deeper lines).
    const name = tag.slice(2, -2).replace(/(\n[ \t]*)|[^\w.\n]/g, (_: string, lineStart?: string) => lineStart ?? '_');
    // `"PolicyDocument": {{ policy | to_json }}` in a JSON template: a JSON value once rendered, read as a string of it.
    // Go's text/template (AWS Copilot's templates, Helm) writes its statements in `{{ }}` too: `{{range .Buckets}}`,
    // `{{- if .Storage}}`, `{{end}}` and comments are tags, blank as `{% %}` are, not values.
    if (closer === '}}' && isGoTemplateAction(tag)) masked += tag.replace(/[^\n]/g, ' ');
    else if (closer === '}}' && json && !inString) masked += name.length >= 2 ? `"${MASK_OPEN}${name.slice(1, -1)}${MASK_CLOSE}"` : `"${'_'.repeat(tag.length - 2)}"`;
    else if (closer === '}}') masked += MASK_OPEN + name + MASK_CLOSE;
    else masked += tag.replace(/[^\n]/g, ' ');
    at = end;
  }
  return placeBlockInterpolations(placeItemsAfterLeadingTags(text, masked + text.slice(at)));
}

/**
 * A list item written after a tag that opens its line (`{% if read %}- s3:Get*{% endif %}`) renders at the tag's
 * column; masked in place, items after tags of different lengths stood at different columns, and YAML read the second
 * as the first one's text continued (`s3:Get* - s3:Put*`). The item's dash is written where the tag starts, and its
 * value stays where it is written, so findings in it keep their place.
 */
function placeItemsAfterLeadingTags(text: string, masked: string): string {
  const written = text.split('\n');
  const lines = masked.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const indent = written[i].length - written[i].trimStart().length;
    if (!/^\{[%{#]/.test(written[i].slice(indent))) continue;
    const line = lines[i];
    const dash = line.length - line.trimStart().length;
    if (dash > indent && line[dash] === '-' && (dash + 1 === line.length || line[dash + 1] === ' ')) {
      lines[i] = `${line.slice(0, indent)}-${' '.repeat(dash - indent)}${line.slice(dash + 1)}`;
    }
  }
  return lines.join('\n');
}

/** Whether a JSON string is open after `literal`, given whether one was open before it. */
function leavesStringOpen(literal: string, open: boolean): boolean {
  for (let i = 0; i < literal.length; i++) {
    if (open && literal[i] === '\\') i++;
    else if (literal[i] === '"') open = !open;
  }
  return open;
}

/**
 * An interpolation alone on its line writes YAML of its own (`{{ role.policy_document | indent(8) }}` under
 * `PolicyDocument:`, as Sceptre templates write a block the user data holds), often at column 0 whatever the
 * indentation it renders to. It is placed where a value of the key above it goes (two columns deeper), or made blank
 * when the lines after it continue that key's block: either way the structure around it reads as rendered.
 */
function placeBlockInterpolations(masked: string): string {
  const lines = masked.split('\n');
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const nearest = (from: number, step: number): string | undefined => {
    for (let i = from; i >= 0 && i < lines.length; i += step) if (lines[i].trim() !== '') return lines[i];
    return undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!/^\s*\$\([\w.]*\)\)\s*$/.test(line)) continue;
    const above = nearest(i - 1, -1);
    const below = nearest(i + 1, 1);
    // Written deeper than the line above, it already stands where a value goes (or inside a block scalar).
    if (above !== undefined && indentOf(line) > indentOf(above)) continue;
    const column = above === undefined ? 0 : indentOf(above) + 2;
    const width = line.trimEnd().length - column - MASK_OPEN.length - MASK_CLOSE.length;
    if ((below !== undefined && above !== undefined && indentOf(below) > indentOf(above)) || width < 0) lines[i] = ' '.repeat(line.length);
    else lines[i] = ' '.repeat(column) + MASK_OPEN + '_'.repeat(width) + MASK_CLOSE + ' '.repeat(line.length - line.trimEnd().length);
  }
  return lines.join('\n');
}

/**
 * The `{{ … }}` a masked interpolation at `span` stands for in the template's text: the one the span covers, or, for
 * one placeBlockInterpolations moved within its line, the one on that line.
 */
export function interpolationSource(text: string, span: { start: number; end: number }): string {
  const written = text.slice(span.start, span.end);
  if (written.startsWith('{{') && written.endsWith('}}')) return written;
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const lineEnd = text.indexOf('\n', span.start);
  return /\{\{[^]*?\}\}/.exec(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd))?.[0] ?? written;
}

/** The spans, in a scalar's value, of the interpolations `maskJinja` masked: `$(`, name characters or `_`, then `))`. */
export function maskedInterpolations(value: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const pattern = /\$\([\w.\n]*\)\)/g;
  for (let match = pattern.exec(value); match; match = pattern.exec(value)) found.push({ start: match.index, end: match.index + match[0].length });
  return found;
}

/**
 * A scalar's value with each masked interpolation written back as the template writes it (`$(_role_name_))` is
 * `{{ role_name }}`): how a name read from a Jinja template is shown. `valueStart` is where the value's first character
 * stands in the template's text.
 */
export function unmaskedValue(value: string, text: string, valueStart: number): string {
  let result = '';
  let at = 0;
  for (const { start, end } of maskedInterpolations(value)) {
    result += value.slice(at, start) + interpolationSource(text, { start: valueStart + start, end: valueStart + end });
    at = end;
  }
  return result + value.slice(at);
}

/**
 * Where a Jinja template's `{% if %}`, `{% elif %}`/`{% else %}` and `{% endif %}` tags are, in order, and a Go
 * template's `{{if}}`, `{{else}}` and the `{{end}}` that closes an `if`.
 */
export function jinjaBranchMarks(text: string): BranchMark[] {
  const marks: BranchMark[] = [];
  // Every Go block ends with `{{end}}`: which block an end closes is kept on a stack.
  const goBlocks: boolean[] = [];
  const pattern = /\{%[^]*?%\}|\{\{[^]*?\}\}/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].startsWith('{{')) {
      const kind = goBranchKind(match[0], goBlocks);
      if (kind) marks.push({ at: match.index, kind });
      continue;
    }
    const kind = branchKind(match[0]);
    const condition = kind === 'if' ? branchCondition(match[0]) : undefined;
    if (kind) marks.push({ at: match.index, kind, ...(condition !== undefined ? { condition } : {}) });
  }
  return joinComplementaryIfs(marks);
}

/** The branch a Go action opens, switches or closes; `ifs` holds, for each open block, whether it is an `if`. */
function goBranchKind(action: string, ifs: boolean[]): BranchMark['kind'] | undefined {
  switch (/^\{\{-?\s*(if|else|end|range|with|define|block)(?=[\s}-])/.exec(action)?.[1]) {
    case 'if':
      ifs.push(true);
      return 'if';
    case 'range':
    case 'with':
    case 'define':
    case 'block':
      ifs.push(false);
      return undefined;
    case 'else':
      return ifs[ifs.length - 1] ? 'else' : undefined;
    case 'end':
      return ifs.pop() ? 'endif' : undefined;
    default:
      return undefined;
  }
}

/**
 * The offsets of the keys a map repeats in another branch of an `{% if %}` than its first (`{% if prod %}RoleName: a
 * {% else %}RoleName: b{% endif %}`): each rendering writes the key once, so the repeat is no duplicate key.
 */
export function alternativeKeys(root: CfnNode | undefined, marks: readonly BranchMark[]): Set<number> {
  const offsets = new Set<number>();
  if (!marks.some((mark) => mark.kind === 'else')) return offsets;
  const visit = (node: CfnNode | undefined): void => {
    if (!node) return;
    if (node.kind === 'map') {
      const lastOfKey = new Map<string, number>();
      for (const entry of node.entries) {
        const earlier = lastOfKey.get(entry.key);
        if (earlier !== undefined && inBranches(marks, earlier, entry.keySpan.start)) offsets.add(entry.keySpan.start);
        lastOfKey.set(entry.key, entry.span.end);
        visit(entry.value);
      }
    } else if (node.kind === 'seq') node.items.forEach(visit);
    else if (node.kind === 'fn') visit(node.arg);
  };
  visit(root);
  return offsets;
}
