import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { embeddedJsonMessage, firstErrorAtEachOffset, missingCloserMessage, trailingCommaMessage } from '../../text/json-errors';
import type { JsonNode, Placeholder, SyntaxError } from '../../policy/model';
import type { HostJsonNode } from '../../policy/parse-policy';
import type { Span } from '../../text/span';
import { arrayNode, mappedStringNode, objectNode, propertyNode, scalarNode } from './nodes';
import { branchCondition, branchKind, inBranches, isDirective, joinComplementaryIfs, type BranchMark, type TemplateText } from './template';

/**
 * A policy written as JSON text in a heredoc (`<<EOF`, `<<-EOF`) or a quoted string, read into host-offset nodes.
 * The template's value (indentation stripped, escapes resolved) is parsed with jsonc-parser. An interpolation
 * inside a JSON string stays in the string as a placeholder; one standing where a JSON value goes
 * (`"Resource": ${jsonencode(var.arns)}`) is parsed as a string that is one placeholder. `%{…}` directive markers
 * between JSON values are read as blanks, so a loop body is one copy of its statements; the commas around
 * such loops only come right once rendered, so JSON syntax errors are not reported for templates that have them.
 * An interpolation standing where an object's members go (`"Condition": { ${var.principal_condition} }`) writes
 * members known only at plan: it is read as blank too, and kept on its object as tests the reader could not read.
 */
export function readJsonTemplate(template: TemplateText): { root: JsonNode | undefined; syntaxErrors: SyntaxError[] } {
  const { value } = template;
  // The parsed text: the template value with every placeholder outside a JSON string quoted.
  let parsed = '';
  // For each unit of `parsed`, the unit of `value` it came from (one more entry for the end).
  const fromValue: number[] = [];
  const holeByStart = new Map<number, Placeholder>();
  for (const hole of template.placeholders) holeByStart.set(hole.start, hole);
  // Where each placeholder landed in `parsed`: quoted whole (outside a JSON string) or inside one.
  const quotedHoles = new Map<number, Placeholder>();
  const insideHoles = new Map<number, Placeholder>();
  let inString = false;
  let directiveOutside = false;
  // The brackets open around the current unit (outside strings), and the last character of `parsed` that is not
  // blank: together they say whether a placeholder stands where a member of an object goes.
  const open: string[] = [];
  let lastSignificant = '';
  // Placeholders read as members of the object around them, by their offset in `parsed`.
  const memberHoles: { at: number; source: string }[] = [];
  // Where `%{ if }`, `%{ else }` and `%{ endif }` markers are in `parsed`, in order: a key written on both sides of one
  // `else` is written once per rendering (inBranches).
  const branchMarks: BranchMark[] = [];
  let joinedMarks: BranchMark[] | undefined;
  let length = 0;
  const pieces: string[] = [];
  // A comment (IAM refuses it, and json-comment says so) is read as written: a quote or a placeholder in it is text.
  let commentEnd: string | undefined;
  const pushRaw = (from: number, count: number) => {
    pieces.push(value.slice(from, from + count));
    for (let i = 0; i < count; i++) fromValue.push(from + i);
    length += count;
  };
  for (let unit = 0; unit < value.length;) {
    const hole = holeByStart.get(unit);
    if (commentEnd !== undefined) {
      const closes = !hole && value.startsWith(commentEnd, unit);
      const count = hole ? hole.end - hole.start : closes ? commentEnd.length : 1;
      if (closes) commentEnd = undefined;
      pushRaw(unit, count);
      unit += count;
      continue;
    }
    if (!hole && !inString && value[unit] === '/' && (value[unit + 1] === '/' || value[unit + 1] === '*') && !holeByStart.has(unit + 1)) {
      commentEnd = value[unit + 1] === '/' ? '\n' : '*/';
      pushRaw(unit, 2);
      unit += 2;
      continue;
    }
    if (hole && !inString && isDirective(hole.source)) {
      // A directive marker between JSON values is read as blank space: the body of a loop stays one copy.
      directiveOutside = true;
      const kind = branchKind(hole.source);
      const condition = kind === 'if' ? branchCondition(hole.source) : undefined;
      if (kind) branchMarks.push({ at: length, kind, ...(condition !== undefined ? { condition } : {}) });
      pieces.push(' '.repeat(hole.source.length));
      for (let i = 0; i < hole.source.length; i++) fromValue.push(hole.start + i);
      length += hole.source.length;
      unit = hole.end;
      continue;
    }
    if (hole && !inString && open[open.length - 1] === '{' && (lastSignificant === '{' || lastSignificant === ',')) {
      directiveOutside = true;
      memberHoles.push({ at: length, source: hole.source });
      pieces.push(' '.repeat(hole.source.length));
      for (let i = 0; i < hole.source.length; i++) fromValue.push(hole.start + i);
      length += hole.source.length;
      unit = hole.end;
      continue;
    }
    // Right after a value, with no comma between: the hole writes its own separator with what it adds (Karpenter's
    // `"karpenter.k8s.aws/cluster" ${UserTagKeys}`, where the variable is `,"team"` or nothing). Read as blank: an
    // object keeps it as members the reader could not read; a list is read as the elements written out.
    if (hole && !inString && (open[open.length - 1] === '[' || open[open.length - 1] === '{') && /["\]}0-9a-z]/i.test(lastSignificant)) {
      directiveOutside = true;
      if (open[open.length - 1] === '{') memberHoles.push({ at: length, source: hole.source });
      pieces.push(' '.repeat(hole.source.length));
      for (let i = 0; i < hole.source.length; i++) fromValue.push(hole.start + i);
      length += hole.source.length;
      unit = hole.end;
      continue;
    }
    if (hole && !inString) {
      const quoted = JSON.stringify(hole.source);
      lastSignificant = '"';
      quotedHoles.set(length, hole);
      length += quoted.length;
      pieces.push(quoted);
      for (let i = 0; i < quoted.length; i++) fromValue.push(i === quoted.length - 1 ? hole.end - 1 : Math.min(hole.start + Math.max(0, i - 1), hole.end - 1));
      unit = hole.end;
      continue;
    }
    if (hole) {
      insideHoles.set(length, hole);
      length += hole.source.length;
      // Quotes and backslashes of the interpolation's own syntax (`${each.value["arn"]}`) would end or escape the JSON
      // string: the parsed text gets stand-ins of the same length, and the string's value gets the source back.
      pieces.push(hole.source.replace(/["\\]/g, '_'));
      for (let i = 0; i < hole.source.length; i++) fromValue.push(hole.start + i);
      unit = hole.end;
      continue;
    }
    const char = value[unit];
    if (inString && char === '\\' && unit + 1 < value.length && !holeByStart.has(unit + 1)) {
      pieces.push(value.slice(unit, unit + 2));
      fromValue.push(unit, unit + 1);
      length += 2;
      unit += 2;
      continue;
    }
    if (char === '"') inString = !inString;
    else if (char === '\n' && inString) inString = false;
    else if (!inString && (char === '{' || char === '[')) open.push(char);
    else if (!inString && (char === '}' || char === ']')) open.pop();
    if (!/\s/.test(char)) lastSignificant = char;
    pieces.push(char);
    fromValue.push(unit);
    length++;
    unit++;
  }
  fromValue.push(value.length);
  parsed = pieces.join('');

  const host = (parsedOffset: number) => {
    const unit = fromValue[Math.min(Math.max(parsedOffset, 0), fromValue.length - 1)];
    return template.offsets[Math.min(unit, template.offsets.length - 1)];
  };
  const hostSpan = (start: number, end: number): Span => {
    const from = host(start);
    if (end <= start) return { start: from, end: from };
    const lastUnit = fromValue[Math.min(end - 1, fromValue.length - 1)];
    const lastHost = template.offsets[lastUnit];
    const nextHost = template.offsets[Math.min(lastUnit + 1, template.offsets.length - 1)];
    return { start: from, end: Math.max(from, nextHost > lastHost ? nextHost : lastHost + 1) };
  };

  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(parsed, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { root: undefined, syntaxErrors: [{ message: 'The policy JSON is nested too deeply to read.', span: hostSpan(0, 1), isComment: false }] };
  }
  const syntaxErrors: SyntaxError[] = directiveOutside
    ? []
    : firstErrorAtEachOffset(errors, parsed).map((error) => {
        const code = printParseErrorCode(error.error);
        const end = error.length > 0 ? error.offset + error.length : Math.min(parsed.length, error.offset + 1);
        return {
          message: error.trailingComma
            ? trailingCommaMessage(error.trailingComma)
            : error.missingCloser
              ? missingCloserMessage(error.missingCloser, 'the policy JSON')
              : embeddedJsonMessage(code, 'policy'),
          span: hostSpan(Math.min(error.offset, Math.max(0, parsed.length - 1)), end),
          isComment: code === 'InvalidCommentToken',
          ...(code === 'CommaExpected' && !error.missingCloser ? { missingComma: true as const } : {}),
        };
      });

  // `key`: the property the node is the value of, which says what members written by interpolation are.
  const convert = (node: JsonNode, key?: string): JsonNode => {
    const span = hostSpan(node.offset, node.offset + node.length);
    switch (node.type) {
      case 'object': {
        const lastOfKey = new Map<string, number>();
        const object = objectNode(
          span,
          (node.children ?? []).flatMap((property) => {
            const [key, child] = property.children ?? [];
            if (!key) return [];
            // A key with an interpolation in it (`"${replace(var.issuer, "https://", "")}:sub"`) gets its source back, as values do.
            const keyNode = key.type === 'string' && insideHoles.size > 0 ? stringOf(key, hostSpan(key.offset, key.offset + key.length)) : undefined;
            const name = keyNode ? String(keyNode.value) : String(key.value);
            const converted = propertyNode(
              hostSpan(property.offset, property.offset + property.length),
              keyNode ?? name,
              hostSpan(key.offset, key.offset + key.length),
              child ? convert(child, name) : undefined,
            );
            const earlier = lastOfKey.get(name);
            if (earlier !== undefined && inBranches((joinedMarks ??= joinComplementaryIfs(branchMarks)), earlier, property.offset)) (converted as HostJsonNode).alternative = true;
            lastOfKey.set(name, property.offset + property.length);
            return [converted];
          }),
        );
        // Most templates have none: no search per object then.
        const unread =
          memberHoles.length === 0
            ? memberHoles
            : memberHoles.filter(
                ({ at }) => node.offset < at && at < node.offset + node.length && !(node.children ?? []).some((property) => property.offset <= at && at < property.offset + property.length),
              );
        // In a Condition block they are tests (read as a computed `condition` block's are); elsewhere, any element.
        if (unread.length > 0) (object as HostJsonNode)[key === 'Condition' ? 'unreadTests' : 'unreadMembers'] = unread.map(({ source }) => source);
        return object;
      }
      case 'array':
        return arrayNode(
          span,
          (node.children ?? []).map((child) => convert(child)),
        );
      case 'string':
        return stringOf(node, span);
      case 'number':
        return scalarNode('number', span, parsed.slice(node.offset, node.offset + node.length));
      case 'boolean':
      case 'null':
        return scalarNode(node.type, span, node.value);
      default:
        return scalarNode('null', span, null);
    }
  };

  // A JSON string's value unit i sits at parsed offset units[i]; holes inside it keep their place.
  const stringOf = (node: JsonNode, span: Span): JsonNode => {
    const first = node.offset + 1;
    const last = Math.max(first, node.offset + node.length - 1);
    const units: number[] = [];
    for (let offset = first; offset < last;) {
      units.push(offset);
      offset += parsed.charCodeAt(offset) !== 92 ? 1 : parsed.charCodeAt(offset + 1) === 117 ? 6 : 2;
    }
    units.push(last);
    const mapSpan = (start: number, end: number): Span => {
      const at = (unit: number) => units[Math.min(Math.max(unit, 0), units.length - 1)];
      return end > start ? hostSpan(at(start), at(end)) : { start: host(at(start)), end: host(at(start)) };
    };
    const placeholders: Placeholder[] = [];
    let text = node.value as string;
    // A placeholder outside a string was quoted whole: the string is that placeholder.
    const outside = quotedHoles.get(node.offset);
    if (outside) {
      placeholders.push({ ...outside, start: 0, end: text.length });
    } else {
      for (let unit = 0; unit < units.length - 1; unit++) {
        const hole = insideHoles.get(units[unit]);
        if (!hole) continue;
        const end = Math.min(text.length, unit + hole.source.length);
        text = text.slice(0, unit) + hole.source.slice(0, end - unit) + text.slice(end);
        placeholders.push({ ...hole, start: unit, end });
      }
    }
    return mappedStringNode(span, text, mapSpan, placeholders);
  };

  return { root: root ? convert(root) : undefined, syntaxErrors };
}
