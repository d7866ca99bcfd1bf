import type { ContextScalar, RequestContext } from './types';

/**
 * Case-insensitive access to a request context: "Condition key names are not case-sensitive"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
 * A key spelled as the policy spells it is found by a plain property lookup; otherwise the context's keys are
 * compared ignoring case, without building anything, so a request costs nothing until a condition asks.
 * When a context spells one key twice, the exact spelling wins, then the first in the object's order.
 */
export class ContextLookup {
  private context: RequestContext | undefined;

  reset(context: RequestContext | undefined): void {
    this.context = context;
  }

  /**
   * The key's values, or undefined when the key is absent, `null`, or an empty list (an empty data set).
   * `key` is the key as written in the policy, `lowerKey` the same in lower case.
   */
  get(key: string, lowerKey: string): ContextScalar | readonly ContextScalar[] | undefined {
    const context = this.context;
    if (!context) return undefined;
    let value = context[key];
    if (value === undefined) {
      for (const candidate in context) {
        if (candidate.length === lowerKey.length && sameIgnoringCase(candidate, lowerKey)) {
          value = context[candidate];
          break;
        }
      }
    }
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value.length === 0 ? undefined : (value as readonly ContextScalar[]);
    return value as ContextScalar;
  }
}

/** Whether `text` equals `lower` (already lower case) ignoring case. */
function sameIgnoringCase(text: string, lower: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const a = text.charCodeAt(i);
    const b = lower.charCodeAt(i);
    if (a === b) continue;
    if (a >= 65 && a <= 90) {
      if (a + 32 !== b) return false;
    } else if (a < 128 || String.fromCharCode(a).toLowerCase() !== String.fromCharCode(b)) return false;
  }
  return true;
}

/** The number of values of a looked-up key (1 for a single value). */
export function valueCount(value: ContextScalar | readonly ContextScalar[]): number {
  return Array.isArray(value) ? value.length : 1;
}

/** The i-th value of a looked-up key. */
export function valueAt(value: ContextScalar | readonly ContextScalar[], index: number): ContextScalar {
  return Array.isArray(value) ? (value as readonly ContextScalar[])[index] : (value as ContextScalar);
}
