// How IAM reads condition values of each operator family, from "IAM JSON policy elements: Condition operators":
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Checks use these to flag values an operator cannot compare; the evaluator uses them to compare.

/** A number for the Numeric operators: an integer or a decimal, optionally signed or with an exponent. */
export function isNumericValue(value: string): boolean {
  return /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(value);
}

/** A Boolean for Bool and Null: `true` or `false`. IAM documents them in lower case; we accept any case. */
export function parseBooleanValue(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** The base64 text BinaryEquals compares against: groups of four characters of the base64 alphabet, `=`-padded. */
export function isBase64Value(value: string): boolean {
  return value.length % 4 === 0 && /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value);
}

/** Epoch (Unix) time: whole seconds since 1970-01-01T00:00:00Z, as the Date operators accept it. */
export function isEpochValue(value: string): boolean {
  return /^\d+$/.test(value);
}

// Epoch seconds with 12 or more digits are past the year 5000: almost surely milliseconds.
const EPOCH_MILLISECONDS_FROM = 100_000_000_000;

/** Whether an epoch value is so large that it must have been meant as milliseconds. */
export function isEpochMilliseconds(value: string): boolean {
  return isEpochValue(value) && Number(value) >= EPOCH_MILLISECONDS_FROM;
}

/** The ISO 8601 form of an epoch value in seconds (or milliseconds, with `milliseconds`), in UTC. */
export function epochToIsoDate(value: string, milliseconds = false): string | undefined {
  if (!isEpochValue(value)) return undefined;
  const date = new Date(milliseconds ? Number(value) : Number(value) * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().replace('.000Z', 'Z');
}

// The W3C profile of ISO 8601 that the IAM User Guide points to (https://www.w3.org/TR/NOTE-datetime):
// YYYY, YYYY-MM, YYYY-MM-DD, and YYYY-MM-DDThh:mm[:ss[.s…]] with a zone (Z or ±hh:mm). We also accept a
// missing zone and ±hhmm, which ISO 8601 allows, so that only values IAM cannot read at all are reported.
const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-](\d{2}):?(\d{2}))?)?)?)?$/;

/** Whether the value is an ISO 8601 date or date and time that the Date operators read. */
export function isIsoDateValue(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second, zoneHour, zoneMinute] = match;
  if (month !== undefined && !within(month, 1, 12)) return false;
  if (day !== undefined && !within(day, 1, daysInMonth(Number(year), Number(month)))) return false;
  if (hour !== undefined && (!within(hour, 0, 23) || !within(minute, 0, 59))) return false;
  if (second !== undefined && !within(second, 0, 60)) return false;
  if (zoneHour !== undefined && (!within(zoneHour, 0, 23) || !within(zoneMinute, 0, 59))) return false;
  return true;
}

/** Whether the Date operators can read the value: ISO 8601 or epoch seconds. */
export function isDateValue(value: string): boolean {
  return isIsoDateValue(value) || isEpochValue(value);
}

function within(text: string | undefined, low: number, high: number): boolean {
  const n = Number(text);
  return n >= low && n <= high;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** An IP address range as the IpAddress operators read it: the address bytes and the prefix length. */
export interface IpRange {
  readonly version: 4 | 6;
  /** 4 or 16 bytes, as written (host bits are kept; IAM ignores them). */
  readonly bytes: readonly number[];
  /** The routing prefix; a bare address counts as /32 or /128. */
  readonly prefixLength: number;
}

/** Reads `203.0.113.0/24`, `203.0.113.7`, `2001:DB8:1234:5678::/64` and the like; undefined when IAM could not. */
export function parseIpRange(value: string): IpRange | undefined {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const prefix = slash < 0 ? undefined : value.slice(slash + 1);
  const v4 = parseIpv4(address);
  const bytes = v4 ?? parseIpv6(address);
  if (!bytes) return undefined;
  const version = v4 ? 4 : 6;
  const maximum = version === 4 ? 32 : 128;
  if (prefix === undefined) return { version, bytes, prefixLength: maximum };
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maximum) return undefined;
  return { version, bytes, prefixLength: Number(prefix) };
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.map(Number);
}

function parseIpv6(text: string): number[] | undefined {
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const result: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      // The last group may be an embedded IPv4 address, as in ::ffff:192.0.2.1.
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (!v4) return undefined;
        result.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) {
        result.push(parseInt(part, 16));
      } else return undefined;
    }
    return result;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.flatMap((group) => [group >> 8, group & 0xff]);
}

// Ranges that never appear as aws:SourceIp, the public address a request comes from: private networks
// (RFC 1918), loopback and link-local for IPv4; unique local (fc00::/7), link-local and loopback for IPv6.
const privateRanges: IpRange[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'].map(
  (range) => parseIpRange(range)!,
);

/** Whether every address of the range is private, loopback or link-local, so none of it is a public source address. */
export function isPrivateIpRange(range: IpRange): boolean {
  return privateRanges.some((block) => block.version === range.version && range.prefixLength >= block.prefixLength && samePrefix(block.bytes, range.bytes, block.prefixLength));
}

function samePrefix(a: readonly number[], b: readonly number[], bits: number): boolean {
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a[i] & mask) !== (b[i] & mask)) return false;
  }
  return true;
}
