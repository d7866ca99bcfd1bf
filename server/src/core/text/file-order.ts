/**
 * The order files are listed and read in (a folder's files, a module's): by name ignoring case, then as written.
 * Deliberately not the locale's collation: that differs between machines (`sv` puts `ä` after `z`), so a CI run and
 * a laptop would list and read files in different orders; and ICU's first use costs a command about 14 ms.
 */
export function compareFileNames(a: string, b: string): number {
  const lowerA = a.toLowerCase();
  const lowerB = b.toLowerCase();
  if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
