import type { JsonNode, Placeholder } from '../../policy/model';
import type { Problem } from '../../checks/check';
import type { Span } from '../../text/span';
import { parseYamlTemplate, type CfnNode } from '../cloudformation/nodes';
import { arrayNode, mappedStringNode, objectNode, propertyNode, scalarNode } from './nodes';
import { isDirective, type TemplateText } from './template';

/**
 * A policy template written in YAML, which a module reads with `jsonencode(yamldecode(templatefile("policy.yaml.tftpl",
 * {…})))` (Code for America's modules write every key policy so): YAML in which `${…}` is an interpolation and `%{…}` a
 * directive (https://developer.hashicorp.com/terraform/language/functions/yamldecode). As JSON templates are read
 * (json-template.ts), a directive is blank, so a loop's body is one copy of its entries and both branches of an `if`
 * are read; an interpolation stands in the YAML as a run of private-use characters of its length, which YAML reads as
 * text wherever it stands (inside `[…]` too), and is the placeholder again in the value. Offsets are the file's.
 */
export function readYamlTemplate(template: TemplateText): { root: JsonNode | undefined; problems: Problem[] } {
  const { value, placeholders } = template;
  let yaml = '';
  let at = 0;
  const interpolations: Placeholder[] = [];
  let directives = false;
  for (const hole of placeholders) {
    yaml += value.slice(at, hole.start);
    const length = hole.end - hole.start;
    if (isDirective(hole.source)) {
      directives = true;
      yaml += value.slice(hole.start, hole.end).replace(/[^\n]/g, ' ');
    } else {
      yaml += standIn(interpolations.length, length);
      interpolations.push(hole);
    }
    at = hole.end;
  }
  yaml += value.slice(at);

  const host = (unit: number) => template.offsets[Math.min(Math.max(unit, 0), template.offsets.length - 1)];
  const hostSpan = (span: Span): Span => ({ start: host(span.start), end: Math.max(host(span.start), host(span.end)) });
  const parsed = parseYamlTemplate(yaml);
  const problems: Problem[] = [];
  for (const error of parsed.errors) {
    // CloudFormation's leniency for under-indented flow lines is not yamldecode's; two branches of an `if` may write
    // the same key, which only one of them does once rendered.
    if (error.code === 'FLOW_INDENT' || (directives && error.code === 'DUPLICATE_KEY')) continue;
    problems.push({
      ruleId: error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax',
      severity: 'error',
      message: error.code === 'DUPLICATE_KEY' ? `Duplicate key. yamldecode() rejects a mapping that repeats a key: ${error.message}` : `${error.message} (yamldecode() fails on it)`,
      span: hostSpan(error.span),
    });
  }

  const convert = (node: CfnNode): JsonNode => {
    const span = hostSpan(node.span);
    switch (node.kind) {
      case 'map':
        return objectNode(
          span,
          node.entries.map((entry) => propertyNode(hostSpan(entry.span), restored(entry.key, interpolations), hostSpan(entry.keySpan), entry.value ? convert(entry.value) : undefined)),
        );
      case 'seq':
        return arrayNode(span, node.items.map(convert));
      case 'fn':
        // A tag (`!Ref`) means nothing to yamldecode: the value is its text.
        return mappedStringNode(span, '', () => span, []);
      case 'scalar': {
        if (node.jsonType === 'null') return scalarNode('null', span, null);
        if (node.jsonType !== 'string') return scalarNode(node.jsonType, span, node.jsonType === 'number' ? Number(node.value) : node.value === 'true');
        const mapped = node.text();
        const holes: Placeholder[] = [];
        const text = restored(node.value, interpolations, holes);
        return mappedStringNode(span, text, (start, end) => hostSpan(mapped.span(start, end)), holes);
      }
    }
  };
  return { root: parsed.root ? convert(parsed.root) : undefined, problems };
}

// Private-use characters: YAML reads them as text in any scalar, and no policy or template holds them. The first names
// the interpolation, the rest pad it to the length of its source, so every offset stays where it was.
const FIRST = 0xe000;
const PAD = '\uf8ff';

function standIn(index: number, length: number): string {
  return String.fromCharCode(FIRST + (index % 0x1800)) + PAD.repeat(Math.max(0, length - 1));
}

/** A value with each stand-in replaced by its interpolation's source, noting where each is as a placeholder. */
function restored(value: string, interpolations: readonly Placeholder[], holes: Placeholder[] = []): string {
  let result = '';
  for (let at = 0; at < value.length;) {
    const code = value.charCodeAt(at);
    const hole = code >= FIRST && code < FIRST + 0x1800 ? interpolations[code - FIRST] : undefined;
    if (!hole) {
      result += value[at++];
      continue;
    }
    const start = result.length;
    result += hole.source;
    holes.push({ ...hole, start, end: result.length });
    at += hole.end - hole.start;
  }
  return result;
}
