import { parseBooleanValue, parseIpRange, readBase64Text, readDateText, readIpv4Into, readIpv6Into, readNumberText, type IpRange } from '../policy/condition-values';
import type { ContextScalar } from './types';

// Typed readings of condition values, for the operators that do not compare text.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Text is read by policy/condition-values.ts, the reader the linter uses too, so a value the linter calls invalid
// never matches here. This module only adds what request contexts carry besides text: JSON numbers and Booleans,
// and Date objects.

export { ipInRange, type IpRange } from '../policy/condition-values';

/** A Numeric operator's value: a JSON number or a decimal string such as "10" or "2.5"; anything else is no number. */
export function readNumber(value: ContextScalar): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return typeof value === 'string' ? readNumberText(value) : undefined;
}

/**
 * A Date operator's value as milliseconds since the epoch: an ISO 8601 date or date-time, epoch seconds (as AWS's
 * `aws:EpochTime` gives them), or a Date. Undefined for anything else.
 */
export function readDate(value: ContextScalar): number | undefined {
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? undefined : time;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  // Requests carry the same time in many conditions (aws:CurrentTime), so the last reading is kept.
  if (value === lastDateText) return lastDate;
  const date = readDateText(value);
  lastDateText = value;
  lastDate = date;
  return date;
}

let lastDateText = '';
let lastDate: number | undefined;

/** A Bool operator's value: `true`/`false` in any case, or a JSON boolean. */
export function readBool(value: ContextScalar): boolean | undefined {
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' ? parseBooleanValue(value) : undefined;
}

/** A BinaryEquals value: base64 text decoded to a byte string, so that two encodings of the same bytes compare equal. */
export function readBinary(value: ContextScalar): string | undefined {
  return typeof value === 'string' ? readBase64Text(value) : undefined;
}

/** An IP address or CIDR range in standard notation; a bare address is /32 (IPv4) or /128 (IPv6). */
export function readIpRange(value: ContextScalar): IpRange | undefined {
  return typeof value === 'string' ? parseIpRange(value) : undefined;
}

const requestIpv4 = { version: 4 as const, bytes: [0, 0, 0, 0], prefixLength: 32 };
const requestIpv6 = { version: 6 as const, bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], prefixLength: 128 };

/**
 * A request's IP address for `ipInRange`. Addresses are read into one shared object per IP version, valid until
 * the next call: the evaluator compares it at once, so a request allocates nothing.
 */
export function readRequestIp(value: ContextScalar): IpRange | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.indexOf('/') >= 0) return parseIpRange(value);
  if (value.indexOf(':') < 0) return readIpv4Into(value, requestIpv4.bytes) ? requestIpv4 : undefined;
  return readIpv6Into(value, requestIpv6.bytes) ? requestIpv6 : undefined;
}

/** A context value as the text a String or ARN operator compares, or a policy variable stands for. */
export function scalarText(value: ContextScalar): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  return String(value);
}
