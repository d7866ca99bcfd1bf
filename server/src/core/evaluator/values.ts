import type { ContextScalar } from './types';

// Typed readings of condition values, for the operators that do not compare text.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A Numeric operator's value: a JSON number or a decimal string such as "10" or "2.5"; anything else is no number. */
export function readNumber(value: ContextScalar): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !DECIMAL.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

const EPOCH = /^[+-]?\d+(?:\.\d+)?$/;
// W3C profile of ISO 8601 (https://www.w3.org/TR/NOTE-datetime): YYYY, YYYY-MM, YYYY-MM-DD, then optionally
// Thh:mm, Thh:mm:ss or Thh:mm:ss.s with a time zone (Z or ±hh:mm). A time without a zone is read as UTC.
const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}:?\d{2})?)?)?)?$/;

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

function readDateText(value: string): number | undefined {
  if (EPOCH.test(value)) return Number(value) * 1000;
  // The form AWS uses for aws:CurrentTime, 2024-05-06T07:08:09Z, read without a regular expression.
  if (value.length === 20 && value.charCodeAt(19) === 90 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45 && value.charCodeAt(10) === 84 && value.charCodeAt(13) === 58 && value.charCodeAt(16) === 58) {
    const year = digits(value, 0, 4);
    const month = digits(value, 5, 2);
    const day = digits(value, 8, 2);
    const hour = digits(value, 11, 2);
    const minute = digits(value, 14, 2);
    const second = digits(value, 17, 2);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 24 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60) {
      return Date.UTC(year, month - 1, day, hour, minute, second);
    }
    return undefined;
  }
  const match = ISO.exec(value);
  if (!match) return undefined;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms);
  if (Number.isNaN(utc) || Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31 || Number(hour) > 24 || Number(minute) > 59 || Number(second) > 60) {
    return undefined;
  }
  if (zone === 'Z' || zone === 'z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const zoneDigits = zone.slice(1).replace(':', '');
  const offset = (Number(zoneDigits.slice(0, 2)) * 60 + Number(zoneDigits.slice(2))) * 60_000;
  return utc - sign * offset;
}

/** The decimal number of `length` digits at `start`, or -1. */
function digits(text: string, start: number, length: number): number {
  let number = 0;
  for (let i = start; i < start + length; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    number = number * 10 + code;
  }
  return number;
}

/** A Bool operator's value: `true`/`false` in any case, or a JSON boolean. */
export function readBool(value: ContextScalar): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/**
 * A BinaryEquals value: base64 text decoded to a byte string, so that two encodings of the same bytes compare
 * equal. Undefined when the text is not base64.
 */
export function readBinary(value: ContextScalar): string | undefined {
  if (typeof value !== 'string') return undefined;
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  try {
    return atob(compact);
  } catch {
    return undefined;
  }
}

/** An IPv4 address (one 32-bit word) or IPv6 address (four words, most significant first) with a prefix length. */
export interface IpRange {
  readonly version: 4 | 6;
  readonly words: readonly number[];
  readonly prefix: number;
}

/**
 * An IP address or CIDR range in standard notation (`203.0.113.0/24`, `2001:DB8:1234:5678::/64`). Without a
 * prefix, IAM reads an address as /32 (IPv4) or /128 (IPv6). Undefined for anything else.
 */
export function readIpRange(value: ContextScalar): IpRange | undefined {
  if (typeof value !== 'string') return undefined;
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const words = address.includes(':') ? readIpv6(address) : readIpv4(address);
  if (!words) return undefined;
  const version = words.length === 1 ? 4 : 6;
  const max = version === 4 ? 32 : 128;
  if (slash < 0) return { version, words, prefix: max };
  const prefixText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= max ? { version, words, prefix } : undefined;
}

/** Whether the address `ip` (read with `readIpRange`, prefix ignored) lies in `range`. IPv4 never matches IPv6. */
export function ipInRange(ip: IpRange, range: IpRange): boolean {
  if (ip.version !== range.version) return false;
  for (let i = 0; i < range.words.length; i++) {
    const bits = Math.min(32, Math.max(0, range.prefix - 32 * i));
    if (bits === 0) return true;
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if (((ip.words[i] & mask) >>> 0) !== ((range.words[i] & mask) >>> 0)) return false;
  }
  return true;
}

function readIpv4(text: string): number[] | undefined {
  const word = ipv4Word(text);
  return word < 0 ? undefined : [word];
}

/** The 32-bit value of a dotted IPv4 address, or -1. */
function ipv4Word(text: string): number {
  let word = 0;
  let octet = 0;
  let digitsInOctet = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) {
      if (digitsInOctet === 0 || ++dots > 3) return -1;
      word = word * 256 + octet;
      octet = 0;
      digitsInOctet = 0;
    } else if (code >= 48 && code <= 57 && digitsInOctet < 3) {
      octet = octet * 10 + code - 48;
      digitsInOctet++;
      if (octet > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digitsInOctet === 0) return -1;
  return word * 256 + octet;
}

const requestIpv4: { version: 4; words: number[]; prefix: number } = { version: 4, words: [0], prefix: 32 };

/**
 * A request's IP address for `ipInRange`. IPv4 addresses are read into one shared object, valid until the next
 * call: the evaluator compares it at once, so a request allocates nothing.
 */
export function readRequestIp(value: ContextScalar): IpRange | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.includes(':') && !value.includes('/')) {
    const word = ipv4Word(value);
    if (word < 0) return undefined;
    requestIpv4.words[0] = word;
    return requestIpv4;
  }
  return readIpRange(value);
}

function readIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      // The last piece may be an embedded IPv4 address (::ffff:192.0.2.1).
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = readIpv4(piece);
        if (!v4) return undefined;
        groups.push(v4[0] >>> 16, v4[0] & 0xffff);
        continue;
      }
      if (!/^[0-9A-Fa-f]{1,4}$/.test(piece)) return undefined;
      groups.push(parseInt(piece, 16));
    }
    return groups;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push(((groups[i] << 16) >>> 0) + groups[i + 1]);
  return words;
}

/** A context value as the text a String or ARN operator compares, or a policy variable stands for. */
export function scalarText(value: ContextScalar): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  return String(value);
}
