import type { JsonNode, Placeholder } from '../../policy/model';
import type { Span } from '../../text/span';
import type { HostDocument } from '../host';
import { functionArguments, functionName, hclToJson, unwrap } from './hcl';
import { readJsonTemplate } from './json-template';
import { readYamlTemplate } from './yaml-template';
import { yamlScalarEdit } from '../completion-host';
import type { Fix, TextEdit } from '../../checks/check';
import { policyFromNodes } from './nodes';
import { terraformParser } from './parser';
import { copySubtree } from './syntax';
import { isGoTemplateAction, traversalKind, type TemplateText } from './template';
import { isServerlessSource, serverlessVariables } from '../serverless/variables';
import { interpolatedIamVariables } from './iam-variables';
import { asStatementList, fragmentSeverities, isStatementFragment } from '../../policy/statement-fragment';

/**
 * A policy template file for `templatefile()` (`policy.json.tftpl`, `policy.json.tpl`, `policy.tpl`, `policy.tmpl`,
 * https://developer.hashicorp.com/terraform/language/functions/templatefile): JSON text in which `${…}` is an
 * interpolation (a placeholder) and `%{…}` a directive, read as heredoc JSON is. Only a JSON object with a top-level
 * `Statement` or `Version` is read as a policy; other templates (an ECS task definition, a dashboard) are not claimed,
 * unless `named` says the file is a policy whatever it holds.
 */
export function readPolicyTemplateFile(text: string, name: string, named = false, syntax: TemplateSyntax = 'terraform'): HostDocument | undefined {
  const template = templateFileText(text, syntax);
  if (syntax === 'terraform' && template && template.placeholders.length === 1 && /^\s*\$\{\s*jsonencode\s*\(/.test(text)) {
    const [hole] = template.placeholders;
    return readJsonencodeTemplate(text, { start: template.offsets[hole.start], end: template.offsets[hole.end - 1] + 1 }, name, named);
  }
  if (!template) return undefined;
  // JSON starts with `{` (a list of statements with `[`), after any directives and comments (`// Replace ${account_id}
  // before use`, Jinja's `{% set … %}` and `{# … #}`); YAML does not, and neither does a Jinja interpolation (`{{ policy }}`).
  if (!/^\s*(?:(?:%\{[^}]*\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}|\/\/[^\n]*|\/\*[\s\S]*?\*\/)\s*)*(?:\{(?![{%#])|\[\s*\{)/.test(template.value)) return readYamlPolicyTemplate(text, template, name, named);
  const { root, syntaxErrors } = readJsonTemplate(template);
  // A file of statements another policy takes in (`kms-key-policy-statements/cloudtrail.json.tpl`, joined into a key
  // policy): checked as that policy's statements, when it is nothing but statements and parses.
  // A list is whole though it breaks (a trailing comma, which jsondecode() refuses); a lone object must parse, since
  // one written to be joined with others (`{…},`) breaks only where the joining is.
  // Statements written to be joined into a list, with commas between them and no brackets (`{…},\n{…}`): the parse
  // of the text as it is stops after the first.
  const joined = !named && root?.type === 'object' ? commaJoinedStatements(template) : undefined;
  if (joined) {
    const policy = policyFromNodes(text, asStatementList(joined.root), [], { kind: 'text', text: joined.template.value, placeholders: joined.template.placeholders });
    return { kind: 'terraform', policies: [{ policy, span: { start: 0, end: text.length }, name: `${name} (statements)`, severities: fragmentSeverities }], problems: [] };
  }
  if (!named && root && (syntaxErrors.length === 0 || root.type === 'array') && isStatementFragment(root)) {
    const policy = policyFromNodes(text, asStatementList(root), syntaxErrors, { kind: 'text', text: template.value, placeholders: template.placeholders });
    return { kind: 'terraform', policies: [{ policy, span: { start: 0, end: text.length }, name: `${name} (statements)`, severities: fragmentSeverities }], problems: [] };
  }
  if (root?.type !== 'object') return undefined;
  if (!named && !hasPolicyKey(root)) return undefined;
  const policy = policyFromNodes(text, root, syntaxErrors, { kind: 'text', text: template.value, placeholders: template.placeholders });
  return { kind: 'terraform', policies: [{ policy, span: { start: 0, end: text.length }, name }], problems: [] };
}

/**
 * Two statements or more with commas between them and no brackets around (dxw's `kms-key-policy-statements/*.json.tpl`,
 * which a module joins into a key policy's Statement): read as the list they become, the brackets written nowhere.
 * Undefined unless that list parses whole and holds statements alone.
 */
function commaJoinedStatements(template: TemplateText): { root: JsonNode; template: TemplateText } | undefined {
  if (!/\}\s*,\s*\{/.test(template.value)) return undefined;
  const { offsets } = template;
  const last = offsets[offsets.length - 1];
  const bracketed: TemplateText = {
    value: `[${template.value}]`,
    offsets: [offsets[0], ...offsets.slice(0, -1), last, last],
    placeholders: template.placeholders.map((hole) => ({ ...hole, start: hole.start + 1, end: hole.end + 1 })),
  };
  const { root, syntaxErrors } = readJsonTemplate(bracketed);
  if (!root || syntaxErrors.length > 0 || root.type !== 'array' || (root.children ?? []).length < 2 || !isStatementFragment(root)) return undefined;
  return { root, template: bracketed };
}

/**
 * A template written in YAML (`key-policy.yaml.tftpl`, read with `yamldecode(templatefile(…))`): a mapping with a
 * top-level Statement or Version, or any mapping when `named`. Its YAML mistakes are the host's problems.
 */
function readYamlPolicyTemplate(text: string, template: TemplateText, name: string, named: boolean): HostDocument | undefined {
  // Cheap before the YAML parser loads: a policy's keys start a line.
  if (!named && !/^(?:Version|Statement)\s*:/m.test(template.value)) return undefined;
  const { root, problems } = readYamlTemplate(template);
  if (root?.type !== 'object' || (!named && !hasPolicyKey(root))) return undefined;
  const policy = policyFromNodes(text, root, [], { kind: 'text', text: template.value, placeholders: template.placeholders });
  // Rules write their fixes as JSON: one that replaces a value is written as a YAML scalar, any other is not offered.
  const writeFix = (fix: Fix): Fix | undefined => {
    const edits = fix.edits.map((edit) => yamlScalarEdit(text, edit));
    return edits.every((edit) => edit !== undefined) ? { ...fix, edits: edits as TextEdit[] } : undefined;
  };
  return { kind: 'terraform', policies: [{ policy, span: { start: 0, end: text.length }, name, yaml: true, writeFix }], problems };
}

// A policy has a top-level Statement or Version; other JSON a template renders (a task definition) is not claimed.
function hasPolicyKey(root: JsonNode): boolean {
  return (root.children ?? []).some((property) => /^(Statement|Version)$/.test(String(property.children?.[0]?.value)));
}

/**
 * How a template marks its interpolations and directives: Terraform's `${…}` and `%{…}`, Jinja's `{{ … }}`,
 * `{% … %}` and `{# … #}` (Ansible's `template` module and lookup render policies written so:
 * https://jinja.palletsprojects.com/en/stable/templates/), or the Serverless Framework's variables in a file a service
 * reads with `${file(…)}` (`${self:custom.role}`, `#{AWS::AccountId}`; serverless/variables.ts).
 */
export type TemplateSyntax = 'terraform' | 'jinja' | 'serverless';

/** Whether a file is named as a Jinja template (`policy.json.j2`, `.jinja`, `.jinja2`), by its path or URI. */
export function isJinjaTemplateFileName(path: string): boolean {
  return /\.(j2|jinja2?)$/i.test(path.replace(/[?#].*$/, ''));
}

/** Whether a file is named as a templatefile() template (`.tftpl`, `.tpl`, `.tmpl`), by its path or URI. */
export function isTemplateFileName(path: string): boolean {
  return /\.(tftpl|tpl|tmpl)$/i.test(path.replace(/[?#].*$/, ''));
}

/**
 * Whether a policy file's text is written as a Terraform template, for `templatefile()` under any name
 * (`policy.json`, `policy.json.tpl`): a `%{…}` directive, an escaped `$${`/`%%{`, or a `${…}` that is no IAM policy
 * variable (those name a key, `${aws:username}`, or are `${*}`, `${?}`, `${$}`), such as `${bucket_arn}`.
 */
export function isWrittenAsTemplate(text: string): boolean {
  return /%\{|\$\$\{|\$\{(?![*?$]\})[^}:]*\}/.test(text);
}

/**
 * Whether a policy file's text is written as a Jinja (or Mustache) template under any name (`policy.json` that an
 * Ansible `template` task or a pipeline renders): a `{{ … }}` or a `{% … %}` tag. CloudFormation's dynamic references,
 * `{{resolve:ssm:…}}`, are not one.
 */
export function isWrittenAsJinja(text: string): boolean {
  return /\{\{(?!resolve:)[^{}\n]*\}\}|\{%[^\n]*?%\}/.test(text);
}

/**
 * The template's text with `$${`/`%%{` escapes resolved and each `${…}` and `%{…}` (braces matched, strings inside
 * skipped) kept as a placeholder. Undefined when a sequence is not closed, which a finished template never has.
 */
export function templateFileText(text: string, syntax: TemplateSyntax = 'terraform'): TemplateText | undefined {
  if (syntax === 'jinja') return jinjaTemplateText(text);
  if (syntax === 'serverless') return serverlessTemplateText(text);
  const parts: string[] = [];
  const offsets: number[] = [];
  const placeholders: Placeholder[] = [];
  const iamVariableAt = new Set(interpolatedIamVariables(text).map(({ start }) => start));
  let length = 0;
  const push = (piece: string, from: number, step: number) => {
    parts.push(piece);
    for (let i = 0; i < piece.length; i++) offsets.push(from + i * step);
    length += piece.length;
  };
  for (let at = 0; at < text.length;) {
    const char = text[at];
    if ((char === '$' || char === '%') && text[at + 1] === char && text[at + 2] === '{') {
      push(char, at, 0);
      push('{', at + 2, 0);
      at += 3;
      continue;
    }
    // An IAM policy variable written as an interpolation (`${aws:username}`) fails the render (terraform-policy-variable,
    // reported by the reader); the policy is read as its author meant it, with the variable.
    if (char === '$' && iamVariableAt.has(at)) {
      push(char, at, 1);
      at++;
      continue;
    }
    if ((char === '$' || char === '%') && text[at + 1] === '{') {
      const end = closingBrace(text, at + 2);
      if (end === undefined) return undefined;
      const source = text.slice(at, end + 1);
      const start = length;
      push(source, at, 1);
      const inner = source.slice(2, -1).replace(/^~|~$/g, '').trim();
      const names = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/.test(inner) ? inner.split('.') : undefined;
      placeholders.push({ start, end: length, kind: char === '$' && names ? traversalKind(names) : 'string', source });
      at = end + 1;
      continue;
    }
    push(char, at, 1);
    at++;
  }
  offsets.push(text.length);
  return { value: parts.join(''), offsets, placeholders };
}

/**
 * A policy file's text with each Serverless variable kept as a placeholder, written `${…}` (`#{AWS::AccountId}` too, of
 * the same length): those naming a Framework source, and the pseudo-parameters plugin's `#{…}`. A `${…}` naming no
 * source (`${aws:username}`) stays the IAM policy variable it is.
 */
function serverlessTemplateText(text: string): TemplateText {
  const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
  const placeholders: Placeholder[] = [];
  let value = '';
  let at = 0;
  for (const variable of serverlessVariables(text)) {
    const source = text.slice(variable.start, variable.end);
    if (source.startsWith('${') && !isServerlessSource(source.slice(2))) continue;
    const written = `$${source.slice(1)}`;
    value += text.slice(at, variable.start) + written;
    placeholders.push({ start: variable.start, end: variable.end, kind: variable.kind, source: written });
    at = variable.end;
  }
  return { value: value + text.slice(at), offsets, placeholders };
}

const JINJA_CLOSERS: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };

/**
 * A Jinja template's text with each `{{ … }}`, `{% … %}` and `{# … #}` kept as a placeholder. An interpolation is
 * written `${…}` in the value, as every host writes a value known only at deploy, so the rules that read ARNs and
 * keys take it for one (`arn:{{ partition }}:logs:…` is `arn:${partition}:logs:…`, each character mapped back to the
 * file); directives and comments stay as written. Undefined when a tag is not closed.
 */
function jinjaTemplateText(text: string): TemplateText | undefined {
  const parts: string[] = [];
  const offsets: number[] = [];
  const placeholders: Placeholder[] = [];
  let length = 0;
  const push = (piece: string, offsetOf: (i: number) => number) => {
    parts.push(piece);
    for (let i = 0; i < piece.length; i++) offsets.push(offsetOf(i));
    length += piece.length;
  };
  let literalStart = 0;
  for (let at = 0; at < text.length;) {
    const closer = JINJA_CLOSERS[text.slice(at, at + 2)];
    if (closer === undefined) {
      at++;
      continue;
    }
    // In a comment (Jinja's `{# … #}`, Go's `{{/* … */}}`) an apostrophe is text, not a string's quote.
    const end = closingTag(text, at + 2, closer, closer !== '#}' && !/^\{\{-?\s*\/\*/.test(text.slice(at, at + 8)));
    if (end === undefined) return undefined;
    const from = literalStart;
    push(text.slice(from, at), (i) => from + i);
    const start = length;
    const tag = at;
    if (closer === '}}' && !isGoTemplateAction(text.slice(at, end))) {
      // The expression without the whitespace-control marks and the spaces around it.
      const open = /^\{\{[-+]?\s*/.exec(text.slice(at, end))![0].length;
      const close = /\s*[-+]?\}\}$/.exec(text.slice(at, end))![0].length;
      const inner = text.slice(at + open, end - close);
      push(`\${${inner}}`, (i) => (i < 2 ? tag + i : i < inner.length + 2 ? tag + open + i - 2 : end - 2));
      const names = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(inner) ? inner.split('.') : undefined;
      placeholders.push({ start, end: length, kind: names ? traversalKind(names) : 'string', source: `\${${inner}}` });
    } else {
      push(text.slice(at, end), (i) => tag + i);
      placeholders.push({ start, end: length, kind: 'string', source: text.slice(at, end) });
    }
    at = literalStart = end;
  }
  const from = literalStart;
  push(text.slice(from), (i) => from + i);
  offsets.push(text.length);
  return { value: parts.join(''), offsets, placeholders };
}

// The end of a tag; in an expression (not a comment, where an apostrophe is text) a string may hold the closer.
function closingTag(text: string, from: number, closer: string, strings: boolean): number | undefined {
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (strings && (char === '"' || char === "'")) {
      for (at++; at < text.length && text[at] !== char; at++) if (text[at] === '\\') at++;
    } else if (text.startsWith(closer, at)) return at + closer.length;
  }
  return undefined;
}

function closingBrace(text: string, from: number): number | undefined {
  let depth = 0;
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      // A string inside the expression: skip to its end.
      for (at++; at < text.length && text[at] !== '"'; at++) if (text[at] === '\\') at++;
    } else if (char === '{') depth++;
    else if (char === '}') {
      if (depth === 0) return at;
      depth--;
    }
  }
  return undefined;
}

/**
 * A template that is one `${jsonencode({...})}`, as Terraform's templatefile() page recommends for JSON: the object
 * is HCL, read as a `.tf` file's jsonencode is. The text is parsed as the attribute `x=jsonencode(...)` of the same
 * length (the `${` becomes `x=`, the rest around the call blanks), so every offset is the file's own.
 */
function readJsonencodeTemplate(text: string, hole: Span, name: string, named: boolean): HostDocument | undefined {
  const whole = text.slice(hole.start, hole.end);
  const call = /^\$\{(\s*)(jsonencode\s*\([^]*\))\s*\}$/.exec(whole);
  if (!call || text.slice(0, hole.start).trim() !== '' || text.slice(hole.end).trim() !== '') return undefined;
  const parser = terraformParser();
  if (parser instanceof Error) return undefined;
  const callStart = hole.start + 2 + call[1].length;
  const callEnd = callStart + call[2].length;
  const blank = (part: string) => part.replace(/[^\n]/g, ' ');
  const hcl = blank(text.slice(0, hole.start)) + 'x=' + blank(call[1]) + text.slice(callStart, callEnd) + blank(text.slice(callEnd));
  const tree = parser.parse(hcl);
  if (!tree) return undefined;
  const cursor = tree.walk();
  try {
    const copy = copySubtree(cursor, tree.language, { text: hcl });
    const attribute = copy.namedChildren.find((child) => child.type === 'body')?.namedChildren.find((child) => child.type === 'attribute');
    const expression = attribute?.namedChildren.find((child) => child.type === 'expression');
    const [argument] = expression && functionName(unwrap(expression)) === 'jsonencode' ? functionArguments(unwrap(expression)) : [];
    if (!argument) return undefined;
    const root = hclToJson(hcl, argument);
    if (root.type !== 'object' || (!named && !hasPolicyKey(root))) return undefined;
    return { kind: 'terraform', policies: [{ policy: policyFromNodes(text, root), span: { start: 0, end: text.length }, name }], problems: [] };
  } finally {
    cursor.delete();
    tree.delete();
  }
}
