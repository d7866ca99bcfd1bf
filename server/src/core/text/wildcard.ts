/**
 * Whether `text` matches the IAM glob `pattern`: `*` matches any run of characters (including
 * none), `?` matches exactly one character, and every other character matches itself.
 * IAM matches actions and condition key names this way (case-insensitively) and ARNs
 * case-sensitively, so the caller chooses with `ignoreCase`.
 *
 * Runs in O(pattern × text) time at worst and never backtracks exponentially, because patterns
 * come from the user's document and may be long or hostile (`*a*a*a*…b`).
 */
export function matchesWildcard(pattern: string, text: string, ignoreCase: boolean): boolean {
  let p = 0;
  let t = 0;
  // Greedy two-pointer matching: when a literal fails after a `*`, it is enough to let the most
  // recent `*` swallow one more character. Earlier stars never need to change, because anything
  // they could give up, the later star can take instead.
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = p < pattern.length ? pattern.charCodeAt(p) : -1;
    if (pc === STAR) {
      starP = p++;
      starT = t;
      continue;
    }
    if (pc === QUESTION) {
      p++;
      t += unitsOfCharAt(text, t);
      continue;
    }
    if (pc !== -1 && sameUnit(pc, text.charCodeAt(t), ignoreCase)) {
      p++;
      t++;
      continue;
    }
    if (starP === -1) return false;
    p = starP + 1;
    t = ++starT;
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}

/** Whether `text` contains a `*` or `?`, i.e. whether it needs `matchesWildcard` instead of a plain comparison. */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

const STAR = 42;
const QUESTION = 63;

// `?` is one character to the user, and a character outside the Basic Multilingual Plane takes two
// UTF-16 units. Literals need no such care: a surrogate only ever equals a surrogate.
function unitsOfCharAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

function sameUnit(a: number, b: number, ignoreCase: boolean): boolean {
  if (a === b) return true;
  if (!ignoreCase) return false;
  return foldUnit(a) === foldUnit(b);
}

// IAM names are ASCII, so that path is cheap; other letters fold one UTF-16 unit at a time,
// which covers the BMP and is what a per-character comparison can offer.
function foldUnit(unit: number): number {
  if (unit < 128) return unit >= 65 && unit <= 90 ? unit + 32 : unit;
  return String.fromCharCode(unit).toLowerCase().charCodeAt(0);
}
