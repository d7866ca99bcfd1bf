import type { Problem } from '../../checks/check';
import { NO_SUCH_FILE, type HostDocument, type HostInput } from '../host';

export const TERRAFORM_FILE_MISSING = 'terraform-file-missing';

/**
 * A policy read with file() or templatefile() (or a `template_file` a policy renders) from `${path.module}/…` where
 * no file is: Terraform fails at plan ("Invalid value for "path" parameter: no file exists at …"), and these
 * functions never read a file that a resource of the same run creates. Only paths that start with `${path.module}` are
 * judged: a plain relative path is read from the root module's folder, which is not known for a called module. A
 * warning, not an error: a build step may write the file before Terraform runs.
 */
export function missingLinkedFiles(document: HostDocument, readLinked: HostInput['readLinked']): Problem[] {
  if (!readLinked || !document.links) return [];
  const problems: Problem[] = [];
  for (const link of document.links) {
    if (!link.mustExist || readLinked(link.target) !== NO_SUCH_FILE) continue;
    problems.push({
      ruleId: TERRAFORM_FILE_MISSING,
      severity: 'warning',
      message: `No file exists at this path: Terraform fails at plan ("Invalid value for "path" parameter: no file exists at …"), so the policy is never written`,
      span: link.span,
    });
  }
  return problems;
}
