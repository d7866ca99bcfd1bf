/** Escapes text for a snippet, where `$`, `}` and `\` have meaning. */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

const placeholderDefaults: Record<string, string> = { Partition: 'aws' };

/**
 * Turns a catalog ARN template (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) into a snippet with a tab stop per
 * placeholder, the partition pre-filled with `aws`, or each placeholder `defaults` names pre-filled with its text.
 */
export function arnTemplateSnippet(template: string, defaults: Readonly<Record<string, string>> = placeholderDefaults): string {
  let stop = 0;
  let result = '';
  let last = 0;
  for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
    result += escapeSnippet(template.slice(last, match.index));
    const name = match[1];
    result += `\${${++stop}:${escapeSnippet(defaults[name] ?? name)}}`;
    last = match.index! + match[0].length;
  }
  return result + escapeSnippet(template.slice(last));
}

/**
 * A template's `Fn::Sub` names the partition, Region and account the stack is deployed to as pseudo parameters, so an
 * ARN written there deploys in every partition and account.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
export const pseudoParameterDefaults: Readonly<Record<string, string>> = {
  Partition: '${AWS::Partition}',
  Region: '${AWS::Region}',
  Account: '${AWS::AccountId}',
  AccountId: '${AWS::AccountId}',
};
