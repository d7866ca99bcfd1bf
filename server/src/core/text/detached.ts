/**
 * A copy of `text` that does not hold the string it was cut from. The parser's values are slices of the document
 * text, and V8 makes a slice of 13 characters or more a view of its parent (a slice of a slice too): a cache that
 * keeps one, as a key or inside what it derived, keeps the whole document alive, in an editor one version of it per
 * edit. Every cache that outlives a parse stores its strings through this.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
