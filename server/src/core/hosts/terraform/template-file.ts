import type { Placeholder } from '../../policy/model';
import type { HostDocument } from '../host';
import { readJsonTemplate } from './json-template';
import { policyFromNodes } from './nodes';
import { traversalKind, type TemplateText } from './template';

/**
 * A policy template file for `templatefile()` (`policy.json.tftpl`, `policy.json.tpl`, `policy.tpl`,
 * https://developer.hashicorp.com/terraform/language/functions/templatefile): JSON text in which `${…}` is an
 * interpolation (a placeholder) and `%{…}` a directive, read as heredoc JSON is. Only a JSON object with a top-level
 * `Statement` or `Version` is read as a policy; other templates (an ECS task definition, a dashboard) are not claimed,
 * unless `named` says the file is a policy whatever it holds.
 */
export function readPolicyTemplateFile(text: string, name: string, named = false): HostDocument | undefined {
  const template = templateFileText(text);
  if (!template || !/^\s*(?:%\{[^}]*\}\s*)*\{/.test(template.value)) return undefined;
  const { root, syntaxErrors } = readJsonTemplate(template);
  if (root?.type !== 'object') return undefined;
  if (!named && !(root.children ?? []).some((property) => /^(Statement|Version)$/.test(String(property.children?.[0]?.value)))) return undefined;
  const policy = policyFromNodes(text, root, syntaxErrors, { kind: 'text', text: template.value, placeholders: template.placeholders });
  return { kind: 'terraform', policies: [{ policy, span: { start: 0, end: text.length }, name }], problems: [] };
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
 * The template's text with `$${`/`%%{` escapes resolved and each `${…}` and `%{…}` (braces matched, strings inside
 * skipped) kept as a placeholder. Undefined when a sequence is not closed, which a finished template never has.
 */
export function templateFileText(text: string): TemplateText | undefined {
  const parts: string[] = [];
  const offsets: number[] = [];
  const placeholders: Placeholder[] = [];
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
