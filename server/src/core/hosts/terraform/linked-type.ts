import type { Configuration } from '../../config/configuration';
import type { PolicyType } from '../../policy/policy-type';
import { localPathOf } from '../../text/file-uri';
import { forgetTerraformDocument, terraformReader } from './index';

/** The `.tf` files of one folder (a Terraform module), as the editor or the disk has them. */
export type ModuleTexts = ReadonlyArray<{ uri: string; text: string }>;

/**
 * The type of policy the Terraform modules that read the file at `uri` with `file()` or `templatefile()` give it,
 * when every such read agrees (HostLink.policyType): a policy file that a module attaches as a role's
 * `permissions_boundary` is a boundary, which its text alone cannot say. Undefined when no module reads it, the
 * reads disagree, or the Terraform reader is not loaded.
 *
 * `modules`: the modules that may read it (the folder of the file and those above it); only files that name it are
 * read, each with its module's other files, which may name its policy as a boundary.
 */
export function policyTypeFromLinks(uri: string, modules: readonly ModuleTexts[], config?: Configuration): PolicyType | undefined {
  const path = localPathOf(uri);
  if (path === undefined) return undefined;
  // An editor asks again at each keystroke in the policy file, with the modules' texts unchanged: read them once.
  const texts = modules.flatMap((module) => module.flatMap((file) => [file.uri, file.text]));
  const kept = answers.get(uri);
  if (kept && kept.config === config && kept.texts.length === texts.length && kept.texts.every((text, i) => text === texts[i])) return kept.type;
  const { type, read } = readLinks(path, modules, config);
  answers.delete(uri);
  // Kept only when every file was read: before the Terraform reader has loaded, none is.
  if (read) answers.set(uri, { texts, config, type });
  if (answers.size > KEPT_ANSWERS) answers.delete(answers.keys().next().value!);
  return type;
}

/** The last answer for each of the policy files last asked about, with the module texts it was read from. */
const answers = new Map<string, { texts: string[]; config: Configuration | undefined; type: PolicyType | undefined }>();
const KEPT_ANSWERS = 32;

function readLinks(path: string, modules: readonly ModuleTexts[], config: Configuration | undefined): { type: PolicyType | undefined; read: boolean } {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const types = new Set<PolicyType>();
  let read = true;
  for (const module of modules) {
    for (const file of module) {
      if (!file.text.includes(name)) continue;
      // Read under a URI of its own, so an editor's incremental reading of the same file is left as it was.
      const readUri = `${file.uri}${file.uri.includes('?') ? '&' : '?'}iam-policy-linker`;
      try {
        const document = terraformReader.read({
          text: file.text,
          uri: readUri,
          ...(config ? { config } : {}),
          siblings: () => module.filter((other) => other !== file),
        });
        if (!document || document.problems.some((problem) => problem.ruleId === 'terraform-parser')) read = false;
        for (const link of document?.links ?? []) if (link.policyType && localPathOf(link.target) === path) types.add(link.policyType);
      } finally {
        forgetTerraformDocument(readUri);
      }
    }
  }
  return { type: types.size === 1 ? [...types][0] : undefined, read };
}
