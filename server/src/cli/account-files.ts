import { readServerlessAccount } from '../core/account/from-serverless';
import { readCdkAccount } from '../core/account/from-cdk';
import { readPulumiProgramAccount } from '../core/account/from-pulumi';
import { isCdktfFile, isPulumiProgramFile, PULUMI_IMPORT, pulumiProjectRoot } from '../core/account/workspace-sources';
import { SKIPPED_FOLDERS } from '../core/config/skipped-folders';
import { isPulumiScript } from '../core/hosts/pulumi/reader';
import { isServerlessScriptName, isServerlessServiceFile } from '../core/hosts/serverless/reader';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { DEPLOY_TIME_PREFIX } from '../core/account/deploy-time';
import { isModuleFile } from '../core/hosts/terraform/file-names';
import { isTrustAction } from '../core/account/account-evaluator';
import { mergeAccounts, parseJsonFile, readAuthorizationDetailsValue } from '../core/account/authorization-details';
import { emptyAccount, resourcePolicyOf, type Account, type AccountPrincipal } from '../core/account/model';
import { findPrincipal, principalPolicies } from '../core/account/principal-policies';
import type { NamedPolicy } from '../core/evaluator/index';
import { readTextFile } from '../core/text/text-file';

// The template and module readers are required when a source needs them: an account question on an export alone then
// does not evaluate them and the host readers they use (the SAM policy templates' data among them).
const fromCloudFormation = () => require('../core/account/from-cloudformation') as typeof import('../core/account/from-cloudformation');
const fromTerraform = () => require('../core/account/from-terraform') as typeof import('../core/account/from-terraform');

function readText(file: string): string {
  try {
    // Read as bytes, then decoded (readTextFile): `readFileSync(file, 'utf8')` gathers the bytes in a buffer grown by
    // doubling before decoding them, which on a 16 MB export writes 45 MB of fresh memory instead of 32 MB (a third
    // more page faults).
    return readTextFile(file);
  } catch (error) {
    throw new Error(`Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

/** Whether a parsed JSON file is a CloudFormation template (it has `Resources`) rather than an authorization-details export. */
function isJsonTemplate(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { Resources?: unknown }).Resources === 'object';
}

/**
 * The .tf and .tf.json files of a module folder a local module `source` names, for following module calls; undefined when the
 * folder cannot be read. Only reads files: a remote source is never fetched.
 */
export function readModuleFolder(folder: string): { file: string; text: string }[] | undefined {
  try {
    return readdirSync(folder)
      .filter((name) => isModuleFile(name))
      .sort()
      .map((name) => ({ file: join(folder, name), text: readTextFile(join(folder, name)) }));
  } catch {
    return undefined;
  }
}

/** A file a Terraform module reads a policy from (`file()`, `templatefile()`); undefined when it cannot be read. */
export function readShippedFile(path: string): string | undefined {
  try {
    return readTextFile(path);
  } catch {
    return undefined;
  }
}

/**
 * Reads one --account source by its type: a folder, `.tf` or `.tf.json` file is a Terraform module (the folder's files, and
 * those of the modules it calls with a local source);
 * a YAML file, or a JSON file with `Resources`, a CloudFormation/SAM template; any other JSON an
 * authorization-details export. Entities of templates and modules are placed in `accountId` when given.
 */
export function readAccountSource(file: string, options: { accountId?: string } = {}): Account {
  let isFolder = false;
  try {
    isFolder = statSync(file).isDirectory();
  } catch (error) {
    throw new Error(`Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  if (isFolder || isModuleFile(file)) {
    const names = isFolder
      ? readdirSync(file)
          .filter((name) => isModuleFile(name))
          .sort()
      : [''];
    if (names.length === 0) throw new Error(`${file} is a folder without .tf files; --account takes a Terraform module folder, a template or an authorization-details file.`);
    const files = names.map((name) => {
      const path = isFolder ? join(file, name) : file;
      return { file: path, text: readText(path) };
    });
    const result = fromTerraform().readModuleAccount(files, { ...options, moduleFiles: readModuleFolder, readFile: readShippedFile });
    if (result.error !== undefined) throw new Error(result.error);
    return result.account;
  }
  return readFileAccount(file, readText(file), options);
}

// How many files of a Pulumi project are read with the one named (a project holding more is not one program).
const MAX_PROGRAM_FILES = 500;

/**
 * The files of the Pulumi program `file` is part of: every file of its project (the folder of the nearest
 * `Pulumi.yaml` or `sst.config.ts` above it) that uses the provider, `file` first; `file` alone outside a project.
 * Named as `file` is (relative to the working folder when it is).
 */
function pulumiProgramFiles(file: string, text: string): { file: string; text: string }[] {
  const root = pulumiProjectRoot(resolve(file), existsSync);
  const files = [{ file, text }];
  if (root === undefined) return files;
  const named = (path: string) => (isAbsolute(file) ? path : relative(process.cwd(), path));
  const given = resolve(file);
  const visit = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (files.length >= MAX_PROGRAM_FILES) return;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) visit(path);
      } else if (entry.isFile() && path !== given && /\.(?:[mc]?[jt]s|py|go|cs)$/i.test(entry.name)) {
        let other: string;
        try {
          other = readText(path);
        } catch {
          continue;
        }
        if (isPulumiProgramFile(path, other)) files.push({ file: named(path), text: other });
      }
    }
  };
  visit(root);
  return files;
}

/** The account of a template or export file, from its text. */
export function readFileAccount(file: string, text: string, options: { accountId?: string } = {}): Account {
  // A service file first: `serverless.ts` is a service, not a CDK app.
  if (isServerlessServiceFile(file, text) || isServerlessScriptName(file)) {
    const result = readServerlessAccount(text, file, { ...options, readFile: readShippedFile });
    if (result.error !== undefined) throw new Error(result.error);
    return result.account;
  }
  // A Pulumi program: one that imports the AWS provider.
  if (/\.(?:[mc]?[jt]s|py|go|cs)$/i.test(file) && (PULUMI_IMPORT.test(text) || (/\.[mc]?[jt]s$/i.test(file) && isPulumiScript(file, text)))) {
    const result = readPulumiProgramAccount(pulumiProgramFiles(file, text), options);
    if (result.error !== undefined) throw new Error(result.error);
    return result.account!;
  }
  // A CDK for Terraform app's file (its classes are Terraform's resources, read as a Pulumi program's are).
  if (isCdktfFile(file.toLowerCase(), text)) {
    const result = readPulumiProgramAccount([{ file, text }], { ...options, app: 'cdktf' });
    if (result.error !== undefined) throw new Error(result.error);
    return result.account!;
  }
  if (/\.(?:[mc]?[jt]s|py|java|go|cs)$/i.test(file)) {
    const result = readCdkAccount(text, file, options);
    if (result.error !== undefined) throw new Error(result.error);
    return result.account!;
  }
  // A Jinja template (`stack.yaml.j2`) is read as the template it renders (jinja.ts).
  const isYaml = /\.(ya?ml|template)(?:\.(?:j2|jinja2?))?$/i.test(file) || (/\.(?:j2|jinja2?)$/i.test(file) && !/^\s*[{[](?![{%#])/.test(text));
  // A JSON file is parsed once: its value tells a template from an export, and an export is read from it.
  const parsed = isYaml ? undefined : parseJsonFile(text, file);
  if (parsed === undefined || (parsed.error === undefined && isJsonTemplate(parsed.value))) {
    const result = fromCloudFormation().readTemplateAccount(text, file, options);
    if (result.error !== undefined) throw new Error(result.error);
    return result.account;
  }
  if (parsed.error !== undefined) throw new Error(parsed.error);
  const result = readAuthorizationDetailsValue(parsed.value, file);
  if (result.error !== undefined) throw new Error(result.error);
  return result.account;
}

/**
 * Whether an --account source needs a wasm parser loaded: a Terraform module (a folder or a .tf file) the Terraform
 * parser, a CDK app's Python, Java, Go or C# source the grammar of its language.
 */
export function needsWasmParser(file: string): boolean {
  try {
    return isModuleFile(file) || /\.(?:py|java|go|cs)$/i.test(file) || statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Reads and merges the --account sources; throws a plain Error with the file's problem. */
export function loadAccount(files: readonly string[], options: { accountId?: string } = {}): Account {
  if (options.accountId !== undefined && !/^\d{12}$/.test(options.accountId)) throw new Error(`--account-id takes a 12-digit account id, not "${options.accountId}".`);
  // One source is the account as read; merging it into an empty account would only copy it.
  if (files.length === 1) return readAccountSource(files[0], options);
  const account = emptyAccount();
  for (const file of files) mergeAccounts(account, readAccountSource(file, options));
  return account;
}

/** The user or role named on the command line; throws with the reason when there is none or several. */
export function principalOf(account: Account, nameOrArn: string): AccountPrincipal {
  const found = findPrincipal(account, nameOrArn);
  if (typeof found === 'string') throw new Error(found);
  return found;
}

/**
 * For `simulate --account`: the named principal's policies (identity-based with its groups', boundary) and, for
 * sts:AssumeRole* on a role of the account, its trust policy as the resource-based policy; otherwise the bucket, key,
 * queue, topic or secret policy the account files write for the resource, if any. Explicit --boundary and
 * --resource-policy options win over these.
 */
export function accountPolicies(
  files: readonly string[],
  nameOrArn: string,
  action: string,
  resource: string,
  options: { accountId?: string } = {},
): { principal: string; identity: NamedPolicy[]; boundary?: NamedPolicy; resource?: NamedPolicy; tags: Record<string, string>; warnings: string[] } {
  const account = loadAccount(files, options);
  const principal = principalOf(account, nameOrArn);
  const gathered = principalPolicies(account, principal);
  const named = (policy: { name: string; kind: string; text: string }, holder?: string): NamedPolicy => ({
    name: `${policy.kind === 'inline' ? `inline policy ${policy.name}${holder ? ` of ${holder}` : ''}` : policy.name}`,
    policy: policy.text,
  });
  const holderOf = (key: string) => key.slice(0, key.indexOf('#'));
  const role = isTrustAction(action) ? account.roles.get(resource) : undefined;
  const governing = role ? undefined : resourcePolicyOf(account, resource);
  const resourcePolicy = role?.trust ? { name: `trust policy of ${role.arn}`, policy: role.trust } : governing ? { name: governing.policy.name, policy: governing.policy } : undefined;
  return {
    principal: principal.arn,
    identity: gathered.identity.map((policy) => named(policy, policy.kind === 'inline' ? holderOf(policy.key) : undefined)),
    ...(gathered.boundary ? { boundary: named(gathered.boundary) } : {}),
    ...(resourcePolicy ? { resource: { name: resourcePolicy.name, policy: resourcePolicy.policy.text } } : {}),
    tags: principal.tags,
    warnings: [
      ...account.warnings,
      // simulate answers one request with the context given; a deploy-time key missing from it settles nothing.
      ...[...gathered.identity, ...(gathered.boundary ? [gathered.boundary] : []), ...(resourcePolicy ? [resourcePolicy.policy] : [])]
        .filter((policy) => policy.text.includes(`"${DEPLOY_TIME_PREFIX}`))
        .map(
          (policy) =>
            `${policy.name} (${policy.source.file}) holds values known only at deploy: its statements that use them take part only when --context gives their ${DEPLOY_TIME_PREFIX} keys, so this decision may change once deployed (who-can and what-can answer Conditional).`,
        ),
      ...gathered.missing.map((what) => `${what} is attached to ${principal.arn} but is neither in the account files nor a bundled AWS managed policy; evaluated without it.`),
    ],
  };
}
