import type { Span } from '../text/span';
import type { StringValue } from './model';

/** Whether part of the value is known only at deploy time (see Placeholder). */
export function hasPlaceholder(value: { placeholders?: readonly unknown[] }): boolean {
  return (value.placeholders?.length ?? 0) > 0;
}

/**
 * The document span of a string value's text, without quotes: through the host's mapper for values read from a
 * template, inside the quotes of the JSON string token otherwise.
 */
export function valueTextSpan(value: { value: string; span: Span; mapSpan?: StringValue['mapSpan'] }): Span {
  return value.mapSpan ? value.mapSpan(0, value.value.length) : { start: value.span.start + 1, end: Math.max(value.span.start + 1, value.span.end - 1) };
}
