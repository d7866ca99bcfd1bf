/**
 * The text without its leading byte order mark. Some Windows editors save UTF-8 files with one; it is no part of
 * the JSON, and offsets into the policy must not count it. Every reader of policy and scenario files calls this.
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
