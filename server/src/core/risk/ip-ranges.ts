import type { IpRange } from '../policy/condition-values';

/** Whether the range has bits set after its prefix (`10.1.2.3/16`); IAM ignores them. */
export function hasHostBits(range: IpRange): boolean {
  return range.bytes.some((byte, i) => (byte & hostMask(range.prefixLength, i)) !== 0);
}

/** The range with its host bits cleared, written as IAM documents it: `10.1.0.0/16`, `2001:db8::/32`. */
export function networkOf(range: IpRange): string {
  const bytes = range.bytes.map((byte, i) => byte & ~hostMask(range.prefixLength, i) & 0xff);
  return `${range.version === 4 ? bytes.join('.') : formatIpv6(bytes)}/${range.prefixLength}`;
}

/** The bits of byte `index` that lie after a prefix of `prefixLength` bits. */
function hostMask(prefixLength: number, index: number): number {
  const bits = Math.min(8, Math.max(0, prefixLength - index * 8));
  return 0xff >> bits;
}

// RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups written as "::".
function formatIpv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) ((bestStart = i), (bestLength = j - i));
    i = j;
  }
  const text = groups.map((group) => group.toString(16));
  if (bestStart < 0) return text.join(':');
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`;
}
