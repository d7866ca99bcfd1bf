import type { Fix, TextEdit } from '../../checks/check';
import type { Span } from '../../text/span';
import type { CfnNode, CfnScalar } from './nodes';

/**
 * Rules write their fixes as JSON edits against the policy model's spans. A template holds the policy in YAML, or as
 * a JSON string inside YAML or JSON, so each template policy gets a writer that says how to write an edit there:
 *
 * - YAML syntax: a new scalar value (`"Allow"`, `"s3:GetObject"`) replacing a scalar is written in that scalar's
 *   style (plain stays plain when YAML reads it back as the same string, quoted otherwise); text replaced inside a
 *   scalar is escaped for its style; JSON edits inside a flow collection (`{…}`, `[…]`) are YAML as they are.
 *   Edits that add or remove keys and list items in block style are not written yet: the fix is not offered.
 * - A JSON string (`!Sub |` block, a quoted scalar, a string in a JSON template): JSON edits are JSON there, with
 *   line breaks indented for a block scalar, quotes escaped for the quoting, `${` written `${!` under `Fn::Sub`.
 * - SAM policy templates expanded from SAM's list have no text in the template to edit: no fixes.
 */
export type FixWriter = (fix: Fix) => Fix | undefined;

export interface ScalarToken {
  end: number;
  style: CfnScalar['style'];
  /** The template of a `!Sub`, where `${` starts a substitution: text is written into it, never a whole new value. */
  sub?: boolean;
}

/** What the writer of a policy in YAML syntax needs: its scalar tokens and flow collections. */
export class YamlSyntaxIndex {
  readonly scalars = new Map<number, ScalarToken>();
  readonly flows: Span[] = [];

  add(node: CfnNode): void {
    if (node.kind === 'scalar') this.scalars.set(node.span.start, { end: node.span.end, style: node.style });
    else if ((node.kind === 'map' || node.kind === 'seq') && node.flow) this.flows.push(node.span);
    else if (node.kind === 'fn' && node.name === 'Fn::Sub') {
      const template = node.arg?.kind === 'seq' ? node.arg.items[0] : node.arg;
      if (template?.kind === 'scalar') this.scalars.set(template.span.start, { end: template.span.end, style: template.style, sub: true });
    }
  }

  tokenAt(span: Span): ({ start: number } & ScalarToken) | undefined {
    const token = this.scalars.get(span.start);
    if (token && token.end === span.end && !token.sub) return { start: span.start, ...token };
    return undefined;
  }

  tokenAround(span: Span): ({ start: number } & ScalarToken) | undefined {
    for (const [start, token] of this.scalars) if (start <= span.start && span.end <= token.end) return { start, ...token };
    return undefined;
  }

  inFlow(span: Span): boolean {
    return this.flows.some((flow) => flow.start < span.start && span.end < flow.end);
  }
}

export function yamlSyntaxWriter(text: string, index: YamlSyntaxIndex): FixWriter {
  return (fix) =>
    mapEdits(fix, (edit) => {
      const token = index.tokenAt(edit.span);
      if (token) {
        const value = jsonScalar(edit.newText);
        if (value === undefined) return index.inFlow(edit.span) ? edit : undefined;
        return { span: edit.span, newText: writeYamlScalar(value, token.style) };
      }
      const around = index.tokenAround(edit.span);
      if (around && isInsideContent(text, around, edit.span)) {
        const escaped = escapeFor(around.sub ? edit.newText.replace(/\$\{/g, '${!') : edit.newText, around.style);
        return escaped === undefined ? undefined : { span: edit.span, newText: escaped };
      }
      return index.inFlow(edit.span) ? edit : undefined;
    });
}

/** How a policy given as a JSON string is written in the template. */
export interface JsonStringHost {
  style: CfnScalar['style'];
  /** Under `Fn::Sub`, where `${` starts a substitution. */
  sub: boolean;
  /** The indentation of a block scalar's lines. */
  indent: string;
}

export function jsonStringWriter(host: JsonStringHost): FixWriter {
  return (fix) =>
    mapEdits(fix, (edit) => {
      let newText = host.sub ? edit.newText.replace(/\$\{/g, '${!') : edit.newText;
      switch (host.style) {
        case 'BLOCK_LITERAL':
        case 'BLOCK_FOLDED':
          newText = newText.replace(/\n/g, `\n${host.indent}`);
          break;
        case 'JSON':
        case 'QUOTE_DOUBLE':
          newText = JSON.stringify(newText).slice(1, -1);
          break;
        case 'QUOTE_SINGLE':
          if (newText.includes('\n')) return undefined;
          newText = newText.replace(/'/g, "''");
          break;
        default:
          if (!plainSafeInside(newText)) return undefined;
      }
      return { span: edit.span, newText };
    });
}

/** No text to edit (a SAM policy template expanded from SAM's list). */
export const noFixes: FixWriter = () => undefined;

function mapEdits(fix: Fix, write: (edit: TextEdit) => TextEdit | undefined): Fix | undefined {
  if (fix.hostText) return fix;
  const edits: TextEdit[] = [];
  for (const edit of fix.edits) {
    const written = write(edit);
    if (!written) return undefined;
    edits.push(written);
  }
  return { ...fix, edits };
}

// A JSON scalar literal as a rule writes one: `"text"`, a number, true, false or null.
function jsonScalar(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/.test(trimmed)) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value === null ? undefined : String(value);
  } catch {
    return undefined;
  }
}

// Plain scalars YAML 1.1 or 1.2 would read as something other than the same string: numbers, dates, booleans, null.
const RESOLVES_TO_OTHER =
  /^(?:[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o?[0-7]+|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Whether `value` can be written as a plain YAML scalar and read back as the same string. */
export function isPlainSafe(value: string): boolean {
  if (value === '' || value !== value.trim() || RESOLVES_TO_OTHER.test(value)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) && !/^[-?:][^\s,[\]{}]/.test(value)) return false;
  return plainSafeInside(value) && !/[,[\]{}]/.test(value);
}

function plainSafeInside(text: string): boolean {
  return !/[\n\r\t]|: |:$| #/.test(text);
}

/** A string value written in the style of the scalar it replaces. */
export function writeYamlScalar(value: string, style: CfnScalar['style']): string {
  if (style === 'QUOTE_DOUBLE' || style === 'JSON') return JSON.stringify(value);
  if (style === 'PLAIN' && isPlainSafe(value)) return value;
  if (value.includes('\n')) return JSON.stringify(value);
  return `'${value.replace(/'/g, "''")}'`;
}

function escapeFor(text: string, style: CfnScalar['style']): string | undefined {
  switch (style) {
    case 'QUOTE_DOUBLE':
    case 'JSON':
      return JSON.stringify(text).slice(1, -1);
    case 'QUOTE_SINGLE':
      return text.includes('\n') ? undefined : text.replace(/'/g, "''");
    case 'PLAIN':
      return plainSafeInside(text) && !/[,[\]{}]/.test(text) ? text : undefined;
    default:
      return undefined;
  }
}

// The edit replaces characters of the scalar's content, not its quotes.
function isInsideContent(text: string, token: { start: number; end: number; style: CfnScalar['style'] }, span: Span): boolean {
  const quoted = token.style === 'QUOTE_DOUBLE' || token.style === 'QUOTE_SINGLE' || token.style === 'JSON';
  const first = quoted ? token.start + 1 : token.start;
  const last = quoted ? token.end - 1 : token.end;
  return span.start >= first && span.end <= last && !text.slice(span.start, span.end).includes('\n');
}
