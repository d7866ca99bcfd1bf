// Three rows of the distance matrix, kept between calls: a "did you mean" compares a word with hundreds of names.
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Edit distance with transpositions (optimal string alignment), for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const cols = b.length + 1;
  if (rows[0].length < cols) rows = [new Int32Array(cols), new Int32Array(cols), new Int32Array(cols)];
  // The rows before the current one (`above`, `twoAbove`): a transposition looks two rows up.
  let [twoAbove, above, row] = rows;
  for (let j = 0; j < cols; j++) above[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(above[j] + 1, row[j - 1] + 1, above[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, twoAbove[j - 2] + 1);
      row[j] = d;
    }
    [twoAbove, above, row] = [above, row, twoAbove];
  }
  return above[b.length];
}

/**
 * The candidates closest to `word`, best first: an exact case-insensitive match wins outright; otherwise
 * candidates within a distance that grows with the word's length (a third of it, at least 1, at most 3).
 */
export function closestMatches(word: string, candidates: readonly string[], limit = 3): string[] {
  const lower = word.toLowerCase();
  const budget = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  // One pass: an exact match ends the search, so the distances of the near ones made before it are thrown away.
  const exact: string[] = [];
  const within: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    // The distance is at least the difference in length, so most candidates are ruled out before being lower-cased;
    // one of the lower-cased word's length may still be an exact match.
    const near = Math.abs(candidate.length - word.length) <= budget;
    if (!near && candidate.length !== lower.length) continue;
    const candidateLower = candidate.toLowerCase();
    if (candidateLower === lower) exact.push(candidate);
    else if (near && exact.length === 0) {
      const distance = editDistance(lower, candidateLower);
      if (distance <= budget) within.push({ candidate, distance });
    }
  }
  if (exact.length > 0) return exact.slice(0, limit);
  return within
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}
