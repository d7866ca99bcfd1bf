import type { TextEdit } from '../../checks/check';

/**
 * How completion writes a policy value into a .tf file: the JSON text a completion inserts is already a valid HCL
 * string (HCL has JSON's escapes), and JSON inside a heredoc is written as it is; only template sequences differ.
 * IAM's `${aws:username}` is `&{aws:username}` in an `aws_iam_policy_document` (the provider turns it back), and
 * `$${…}` elsewhere (jsonencode strings, heredocs), where `${` would be Terraform interpolation; `%{` is `%%{`.
 * See terraform-provider-aws website/docs/d/iam_policy_document.html.markdown, "Context Variable Interpolation".
 *
 * Kept apart from the reader: the reader reads, this small function only writes.
 */
export function terraformCompletionWriter(policyDocumentDataSource: boolean): (edit: TextEdit) => TextEdit {
  return (edit) => ({
    span: edit.span,
    newText: edit.newText.replace(/\$\{/g, policyDocumentDataSource ? '&{' : '$${').replace(/%\{/g, '%%{'),
  });
}
