/** Escapes text for a snippet, where `$`, `}` and `\` have meaning. */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

const placeholderDefaults: Record<string, string> = { Partition: 'aws' };

/**
 * Turns a catalog ARN template (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) into a snippet with a tab stop per
 * placeholder, the partition pre-filled with `aws`.
 */
export function arnTemplateSnippet(template: string): string {
  let stop = 0;
  let result = '';
  let last = 0;
  for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
    result += escapeSnippet(template.slice(last, match.index));
    const name = match[1];
    result += `\${${++stop}:${escapeSnippet(placeholderDefaults[name] ?? name)}}`;
    last = match.index! + match[0].length;
  }
  return result + escapeSnippet(template.slice(last));
}
