/** Edit distance with transpositions (optimal string alignment), for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidates closest to `word`, best first: an exact case-insensitive match wins outright; otherwise
 * candidates within a distance that grows with the word's length (a third of it, at least 1, at most 3).
 */
export function closestMatches(word: string, candidates: readonly string[], limit = 3): string[] {
  const lower = word.toLowerCase();
  const exact = candidates.filter((c) => c.toLowerCase() === lower);
  if (exact.length > 0) return exact.slice(0, limit);
  const budget = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  return (
    candidates
      // The distance is at least the difference in length, so most candidates are ruled out without computing it.
      .filter((candidate) => Math.abs(candidate.length - word.length) <= budget)
      .map((candidate) => ({ candidate, distance: editDistance(lower, candidate.toLowerCase()) }))
      .filter(({ distance }) => distance <= budget)
      .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
      .slice(0, limit)
      .map(({ candidate }) => candidate)
  );
}
