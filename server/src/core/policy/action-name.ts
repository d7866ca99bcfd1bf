import type { StringValue } from './model';
import type { Span } from '../text/span';

/** An Action/NotAction value split into its service prefix and action name, with document offsets of each part. */
export interface ActionName {
  value: StringValue;
  prefix: string;
  name: string;
  prefixSpan: Span;
  nameSpan: Span;
  /** True when the prefix or the name contains `*` or `?`. */
  prefixHasWildcard: boolean;
  nameHasWildcard: boolean;
}

const wildcard = /[*?]/;

/**
 * Splits `service:Action` into its parts; undefined for `*` and for values that are not of that form
 * (the action-format rule explains those). Offsets assume the string has no escape sequences before the colon,
 * which holds for every valid action.
 */
export function parseActionName(value: StringValue): ActionName | undefined {
  const text = value.value;
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1 || text.indexOf(':', colon + 1) >= 0 || /\s/.test(text)) return undefined;
  const contentStart = value.span.start + 1;
  const prefix = text.slice(0, colon);
  const name = text.slice(colon + 1);
  return {
    value,
    prefix,
    name,
    prefixSpan: { start: contentStart, end: contentStart + colon },
    nameSpan: { start: contentStart + colon + 1, end: contentStart + text.length },
    prefixHasWildcard: wildcard.test(prefix),
    nameHasWildcard: wildcard.test(name),
  };
}

/** The Action and NotAction values of a statement. */
export function actionValuesOf(statement: { action?: { values: StringValue[] }; notAction?: { values: StringValue[] } }): StringValue[] {
  return [...(statement.action?.values ?? []), ...(statement.notAction?.values ?? [])];
}
