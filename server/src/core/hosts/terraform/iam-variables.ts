import type { Problem } from '../../checks/check';

/**
 * An IAM policy variable written `${aws:username}` in a Terraform string, heredoc or template: Terraform reads every
 * `${…}` as its own interpolation, and `aws:username` is no Terraform expression, so the configuration fails to parse
 * ("Extra characters after interpolation expression"). It is written `$${aws:username}`, or `&{aws:username}` in an
 * `aws_iam_policy_document`, which the data source turns into `${aws:username}`.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
 * An escaped `$${…}` is no interpolation; a Terraform expression never has `name:` right after `${`, and a variable's
 * key starts with a letter (`${home:-/root}`, a shell default in a heredoc script, is none).
 */
const IAM_VARIABLE = /(?<!\$)\$\{([a-z][a-z0-9.-]*:[A-Za-z][^${}\s]*)\}/g;

/** Where a text writes IAM policy variables as Terraform interpolations: the `${…}` spans and the variable's name. */
export function interpolatedIamVariables(text: string): { start: number; end: number; name: string }[] {
  if (!text.includes('${')) return [];
  const found: { start: number; end: number; name: string }[] = [];
  for (const match of text.matchAll(IAM_VARIABLE)) found.push({ start: match.index!, end: match.index! + match[0].length, name: match[1] });
  return found;
}

/**
 * The text the HCL parser reads: each such `${` written `&{`, in its place. Parsed as written, the error swallows the
 * block around it, and its policy is lost; so the policy is read as its author meant it, with the IAM variable, and
 * the mistake is reported on its own (`iamVariableProblems`).
 */
export function parsableText(text: string): string {
  const found = interpolatedIamVariables(text);
  if (found.length === 0) return text;
  let masked = '';
  let at = 0;
  for (const { start } of found) {
    masked += `${text.slice(at, start)}&`;
    at = start + 1;
  }
  return masked + text.slice(at);
}

/**
 * A `terraform-policy-variable` finding on each IAM policy variable written as an interpolation, except those
 * `skip` rules out (in a comment). `inPolicyDocument` says whether one stands in an aws_iam_policy_document, whose own
 * writing `&{…}` the fix then uses; `template`, that the text is a templatefile() template.
 */
export function iamVariableProblems(
  text: string,
  { skip = () => false, inPolicyDocument = () => false, template = false }: { skip?: (start: number) => boolean; inPolicyDocument?: (start: number) => boolean; template?: boolean } = {},
): Problem[] {
  const problems: Problem[] = [];
  for (const { start, end, name } of interpolatedIamVariables(text)) {
    if (skip(start)) continue;
    const ampersand = inPolicyDocument(start);
    const written = ampersand ? `&{${name}}` : `$\${${name}}`;
    // IAM Identity Center's attribute mappings write their sources the same way (`${path:enterprise.department}`).
    const what = name.startsWith('path:') ? 'the IAM Identity Center attribute path' : 'the IAM policy variable';
    problems.push({
      ruleId: 'terraform-policy-variable',
      severity: 'error',
      message: `Terraform reads "\${${name}}" as an interpolation of its own, and "${name}" is no Terraform expression, so ${template ? 'templatefile() fails to render this template' : 'the configuration fails to parse'}. Write "${written}" for ${what}.`,
      span: { start, end },
      fixes: [
        {
          title: `Write ${written}`,
          edits: [ampersand ? { span: { start, end: start + 1 }, newText: '&' } : { span: { start, end: start }, newText: '$' }],
          isPreferred: true,
        },
      ],
    });
  }
  return problems;
}
