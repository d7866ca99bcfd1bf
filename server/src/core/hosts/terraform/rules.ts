/** The rules the Terraform reader reports itself; each has a page in docs/rules. */
export const terraformRules: readonly { id: string; severity: 'error' | 'warning'; description: string }[] = [
  {
    id: 'terraform-syntax',
    severity: 'error',
    description: 'A block that holds a policy must be valid HCL; past a syntax error the policy may be read incompletely, and Terraform refuses the file.',
  },
  {
    id: 'terraform-parser',
    severity: 'warning',
    description: 'The Terraform parser (a WebAssembly grammar shipped with the extension) could not be loaded, so the policies in .tf files are not checked.',
  },
  {
    id: 'terraform-policy-variable',
    severity: 'error',
    description:
      'In a Terraform string, heredoc or template, ${aws:username} is an interpolation that fails to parse; an IAM policy variable is written $${aws:username}, or &{aws:username} in an aws_iam_policy_document.',
  },
  {
    id: 'templatefile-variable-missing',
    severity: 'error',
    description:
      'A templatefile() call, or a template_file data source a policy renders, whose variables are written out gives every variable its policy template reads; Terraform fails to render a template that reads one it is not given.',
  },
  {
    id: 'terraform-argument-unknown',
    severity: 'error',
    description:
      'An aws_iam_policy_document, its statement, principals and condition blocks take only the AWS provider\'s arguments; Terraform refuses another ("An argument named … is not expected here"), and a misspelt one (action for actions) leaves the statement without what it meant.',
  },
  {
    id: 'terraform-argument-type',
    severity: 'error',
    description:
      "The arguments of an aws_iam_policy_document that take lists (actions, resources, a principals block's identifiers, a condition's values…) take a list even for one value; Terraform converts no string to a list and refuses the plan.",
  },
  {
    id: 'terraform-policy-json',
    severity: 'error',
    description:
      "A policy argument takes the text of one JSON object: jsonencode() of text that is already JSON (data.aws_iam_policy_document.x.json, file(), a heredoc) encodes it again as a JSON string, and IAM's arguments refuse text that begins with whitespace (an indented <<EOF heredoc); the AWS provider refuses both (for other services' policies AWS does, at apply). A .tf file that holds a JSON policy is no Terraform configuration, and Terraform refuses its module.",
  },
  {
    id: 'terraform-file-missing',
    severity: 'warning',
    description: 'A policy read with file() or templatefile() from ${path.module}/… must be there: Terraform fails at plan when no file exists at the path, so the policy is never written.',
  },
];
