import type { Span } from '../text/span';
import type { Placeholder, PolicyDocument, StringValue } from './model';

/** Whether part of the value is known only at deploy time (see Placeholder). */
export function hasPlaceholder(value: { placeholders?: readonly unknown[] }): boolean {
  return (value.placeholders?.length ?? 0) > 0;
}

/**
 * Whether the whole value is known only at deploy time (`!GetAtt Custom.Value`, `var.principals`): it may then
 * stand for any value, of any shape.
 */
export function isWhollyDeployTime(value: { value?: unknown; placeholders?: readonly Placeholder[] }): boolean {
  const length = typeof value.value === 'string' ? value.value.length : -1;
  return (value.placeholders ?? []).some((hole) => hole.start === 0 && hole.end === length);
}

/**
 * The document span of a string value's text, without quotes: through the host's mapper for values read from a
 * template, inside the quotes of the JSON string token otherwise.
 */
export function valueTextSpan(value: { value: string; span: Span; mapSpan?: StringValue['mapSpan'] }): Span {
  return value.mapSpan ? value.mapSpan(0, value.value.length) : { start: value.span.start + 1, end: Math.max(value.span.start + 1, value.span.end - 1) };
}

/**
 * The value's text with each placeholder written as `fill` gives it (`*`, a sample account ID); undefined when `fill`
 * gives nothing for one of them, or the value's own text when it has none. A hole that starts inside an earlier one
 * is part of it and left out.
 */
export function textWithHoles(value: { value: string; placeholders?: readonly Placeholder[] }, fill: (hole: Placeholder) => string | undefined): string | undefined {
  if (!value.placeholders?.length) return value.value;
  let text = '';
  let at = 0;
  for (const hole of [...value.placeholders].sort((a, b) => a.start - b.start)) {
    if (hole.start < at) continue;
    const filled = fill(hole);
    if (filled === undefined) return undefined;
    text += value.value.slice(at, hole.start) + filled;
    at = hole.end;
  }
  return text + value.value.slice(at);
}

// The shortest value a placeholder of each kind can take: a partition `aws`, a Region `us-east-1` (the shortest Region
// name), an account ID 12 digits, an ARN `arn:aws:s3:::x` (the shortest an ARN can be); any other value may be empty.
const SHORTEST: Partial<Record<Placeholder['kind'], string>> = { partition: 'aws', region: 'us-east-1', account: '000000000000', arn: 'arn:aws:s3:::x' };

/**
 * The value with each placeholder at its shortest, for the size rules: a policy is reported over a quota only when it
 * is over whatever its placeholders become.
 */
export function shortestValue(value: { value: string; placeholders?: readonly Placeholder[] }): string {
  return textWithHoles(value, (hole) => SHORTEST[hole.kind] ?? '') ?? value.value;
}

/**
 * The Action, NotAction, Resource or NotResource value (or element key) written at `span`, quoted as a message names
 * it (`"s3:GetObject"`, `"NotAction"`), whatever the host's own quoting: a YAML plain scalar has none, a policy in a
 * .tf.json string escapes its quotes. The text at `span` when nothing is written there.
 */
export function quotedAt(policy: PolicyDocument, span: Span): string {
  const same = (other: Span) => other.start === span.start && other.end === span.end;
  for (const statement of policy.statements) {
    for (const element of [statement.action, statement.notAction, statement.resource, statement.notResource]) {
      if (!element) continue;
      if (same(element.property.keySpan)) return JSON.stringify(element.property.key);
      const value = element.values.find((candidate) => same(candidate.span));
      if (value) return JSON.stringify(value.value);
    }
  }
  return policy.text.slice(span.start, span.end);
}
