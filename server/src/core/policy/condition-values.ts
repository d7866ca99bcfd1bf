// How IAM reads condition values of each operator family, from "IAM JSON policy elements: Condition operators":
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Checks use these to flag values an operator cannot compare; the evaluator uses them to compare.

// One reader for every consumer: a value the linter calls invalid is one the evaluator never matches, and the
// evaluator matches exactly the values the linter accepts. Each `read…` returns the value in the form its operator
// compares, or undefined when IAM could not read it; each `is…` is that reading's yes/no.

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A Numeric operator's value: an integer or a decimal, optionally signed or with an exponent; a finite number. */
export function readNumberText(value: string): number | undefined {
  if (!DECIMAL.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** A number for the Numeric operators: an integer or a decimal, optionally signed or with an exponent. */
export function isNumericValue(value: string): boolean {
  return readNumberText(value) !== undefined;
}

/** A Boolean for Bool and Null: `true` or `false`. IAM documents them in lower case; we accept any case. */
export function parseBooleanValue(value: string): boolean | undefined {
  const lower = value.length === 4 || value.length === 5 ? value.toLowerCase() : '';
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The base64 text BinaryEquals compares against: groups of four characters of the base64 alphabet, `=`-padded. */
export function isBase64Value(value: string): boolean {
  return value.length % 4 === 0 && BASE64.test(value);
}

/** The bytes (as a binary string) that a BinaryEquals value encodes, so two encodings of the same bytes compare equal. */
export function readBase64Text(value: string): string | undefined {
  return isBase64Value(value) ? atob(value) : undefined;
}

const EPOCH = /^\d+$/;

/** Epoch (Unix) time: whole seconds since 1970-01-01T00:00:00Z, as the Date operators accept it. */
export function isEpochValue(value: string): boolean {
  return EPOCH.test(value);
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
// missing zone (read as UTC) and ±hhmm, which ISO 8601 allows, so that only values IAM cannot read at all are
// reported.
const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:[Zz]|([+-])(\d{2}):?(\d{2}))?)?)?)?$/;

/** Whether the value is an ISO 8601 date or date and time that the Date operators read. */
export function isIsoDateValue(value: string): boolean {
  return readIsoDate(value) !== undefined;
}

/** Whether the Date operators can read the value: ISO 8601 or epoch seconds. */
export function isDateValue(value: string): boolean {
  return readDateText(value) !== undefined;
}

/**
 * A Date operator's value as milliseconds since the epoch: epoch seconds or an ISO 8601 date or date and time
 * (a real calendar day: 2024-02-30 is no date). Undefined for anything else.
 */
export function readDateText(value: string): number | undefined {
  if (EPOCH.test(value)) return Number(value) * 1000;
  // The form AWS uses for aws:CurrentTime, 2024-05-06T07:08:09Z, read without a regular expression.
  if (
    value.length === 20 &&
    value.charCodeAt(19) === 90 &&
    value.charCodeAt(4) === 45 &&
    value.charCodeAt(7) === 45 &&
    value.charCodeAt(10) === 84 &&
    value.charCodeAt(13) === 58 &&
    value.charCodeAt(16) === 58
  ) {
    const year = digits(value, 0, 4);
    const month = digits(value, 5, 2);
    const day = digits(value, 8, 2);
    const hour = digits(value, 11, 2);
    const minute = digits(value, 14, 2);
    const second = digits(value, 17, 2);
    if (year < 0 || !validTime(month, day, hour, minute, second, year)) return undefined;
    return Date.UTC(year, month - 1, day, hour, minute, second);
  }
  return readIsoDate(value);
}

function readIsoDate(value: string): number | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [, yearText, monthText = '01', dayText = '01', hourText = '00', minuteText = '00', secondText = '00', fraction = '', sign, zoneHour = '00', zoneMinute = '00'] = match;
  const year = Number(yearText);
  const [month, day, hour, minute, second] = [monthText, dayText, hourText, minuteText, secondText].map(Number);
  if (!validTime(month, day, hour, minute, second, year)) return undefined;
  if (Number(zoneHour) > 23 || Number(zoneMinute) > 59) return undefined;
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (sign === undefined) return utc;
  const offset = (Number(zoneHour) * 60 + Number(zoneMinute)) * 60_000;
  return sign === '-' ? utc + offset : utc - offset;
}

function validTime(month: number, day: number, hour: number, minute: number, second: number, year: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60;
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

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** An IP address range as the IpAddress operators read it: the address bytes and the prefix length. */
export interface IpRange {
  readonly version: 4 | 6;
  /** 4 or 16 bytes, as written (host bits are kept; IAM ignores them). */
  readonly bytes: readonly number[];
  /** The routing prefix; a bare address counts as /32 or /128. */
  readonly prefixLength: number;
}

// The one IP and CIDR reader, for the linter, the risk rules and the evaluator. Not ipaddr.js: its `parse` and
// `isValid` accept forms an IAM value is not (octal, hex, "10.1", 32-bit numbers, zone indexes such as %eth0), and
// the evaluator reads the request's address for every decision without allocating.

/** Reads `203.0.113.0/24`, `203.0.113.7`, `2001:DB8:1234:5678::/64` and the like; undefined when IAM could not. */
export function parseIpRange(value: string): IpRange | undefined {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const version = address.indexOf(':') < 0 ? 4 : 6;
  const bytes = version === 4 ? [0, 0, 0, 0] : [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  if (!(version === 4 ? readIpv4Into(address, bytes) : readIpv6Into(address, bytes))) return undefined;
  const maximum = version === 4 ? 32 : 128;
  if (slash < 0) return { version, bytes, prefixLength: maximum };
  const prefix = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maximum) return undefined;
  return { version, bytes, prefixLength: Number(prefix) };
}

const COLON = 58;
const DOT = 46;
// The groups of the IPv6 address being read; reading is synchronous, so one buffer serves every call.
const groups = [0, 0, 0, 0, 0, 0, 0, 0];
const embeddedIpv4 = [0, 0, 0, 0];

/**
 * Reads an IPv6 address in standard notation (RFC 4291 2.2: up to eight groups of one to four hex digits, one `::`
 * for one or more zero groups, the last 32 bits optionally as a dotted IPv4 address) into 16 bytes, without
 * allocating. Zone indexes (`fe80::1%eth0`) are no part of an IAM value.
 */
export function readIpv6Into(text: string, bytes: number[]): boolean {
  const length = text.length;
  let count = 0;
  let gap = -1;
  let i = 0;
  if (length >= 2 && text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return false;
    gap = 0;
    i = 2;
  }
  while (i < length) {
    const partStart = i;
    let value = 0;
    let digits = 0;
    for (; i < length && digits <= 4; i++) {
      const hex = hexValue(text.charCodeAt(i));
      if (hex < 0) break;
      value = value * 16 + hex;
      digits++;
    }
    if (i < length && text.charCodeAt(i) === DOT) {
      // An embedded IPv4 address ends the text and fills the last two groups.
      if (count > 6 || !readIpv4Into(text.slice(partStart), embeddedIpv4)) return false;
      groups[count++] = (embeddedIpv4[0] << 8) | embeddedIpv4[1];
      groups[count++] = (embeddedIpv4[2] << 8) | embeddedIpv4[3];
      i = length;
      break;
    }
    if (digits === 0 || digits > 4 || count === 8) return false;
    groups[count++] = value;
    if (i === length) break;
    if (text.charCodeAt(i) !== COLON || i + 1 === length) return false;
    i++;
    if (text.charCodeAt(i) === COLON) {
      if (gap >= 0) return false;
      gap = count;
      i++;
    }
  }
  // Without "::" there must be eight groups; "::" stands for at least one.
  if (gap < 0 ? count !== 8 : count > 7) return false;
  const zeros = gap < 0 ? 0 : 8 - count;
  let out = 0;
  const head = gap < 0 ? count : gap;
  for (let k = 0; k < head; k++, out += 2) ((bytes[out] = groups[k] >> 8), (bytes[out + 1] = groups[k] & 0xff));
  for (let k = 0; k < zeros; k++, out += 2) bytes[out] = bytes[out + 1] = 0;
  for (let k = head; k < count; k++, out += 2) ((bytes[out] = groups[k] >> 8), (bytes[out + 1] = groups[k] & 0xff));
  return true;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/**
 * Reads a dotted IPv4 address (four decimal octets of one to three digits, each at most 255) into `bytes`, without
 * allocating: the evaluator reads the request's address this way for every decision.
 */
export function readIpv4Into(text: string, bytes: number[]): boolean {
  let octet = 0;
  let digitsInOctet = 0;
  let index = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) {
      if (digitsInOctet === 0 || index === 3) return false;
      bytes[index++] = octet;
      octet = 0;
      digitsInOctet = 0;
    } else if (code >= 48 && code <= 57 && digitsInOctet < 3) {
      octet = octet * 10 + code - 48;
      digitsInOctet++;
      if (octet > 255) return false;
    } else return false;
  }
  if (index !== 3 || digitsInOctet === 0) return false;
  bytes[3] = octet;
  return true;
}

/** Whether the address `ip` (its prefix length ignored) lies in `range`. An IPv4 address never lies in an IPv6 range. */
export function ipInRange(ip: IpRange, range: IpRange): boolean {
  return ip.version === range.version && samePrefix(range.bytes, ip.bytes, range.prefixLength);
}

// Ranges that never appear as aws:SourceIp, the public address a request comes from: private networks
// (RFC 1918), loopback and link-local for IPv4; unique local (fc00::/7), link-local and loopback for IPv6.
const privateRanges: IpRange[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'].map((range) => parseIpRange(range)!);

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
