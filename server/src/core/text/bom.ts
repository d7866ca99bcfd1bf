/** The text without a leading byte order mark, which editors and `JSON.parse` would otherwise see as content. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
