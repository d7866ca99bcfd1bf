import { readAuthorizationDetails } from './authorization-details';
import { readTemplateAccount } from './from-cloudformation';
import { readServerlessAccount } from './from-serverless';
import { readCdkAccount } from './from-cdk';
import { readPulumiProgramAccount } from './from-pulumi';
import { isPulumiScript } from '../hosts/pulumi/reader';
import { CDK_CSHARP_USING } from '../hosts/cdk/reader';
import { isServerlessScriptName, isServerlessServiceFile } from '../hosts/serverless/reader';
import { readModuleAccount, type ModuleAccountOptions, type ModuleFile } from './from-terraform';
import type { Account } from './model';
import { moduleCallsOf, moduleFolderOf } from './terraform-modules';
import { stripBom } from '../text/bom';
import { isJsonModuleFile, isNativeModuleFile } from '../hosts/terraform/file-names';

// The account sources of a workspace, told apart by content: the editor's account view reads every file that is one
// (the CLI's --account is told which files to read, and takes any other JSON as an export).

export type AccountSourceKind = 'authorization-details' | 'cloudformation' | 'terraform' | 'serverless' | 'cdk' | 'pulumi' | 'cdktf';

/** The top-level lists of `aws iam get-account-authorization-details` output; any one of them marks an export. */
const EXPORT_KEY = /"(UserDetailList|GroupDetailList|RoleDetailList)"\s*:/;

/** IAM resource types that put users, groups, roles or their policies in the account model (see from-cloudformation.ts). */
const TEMPLATE_IAM_TYPE = /AWS::(IAM::(User|Group|Role|ManagedPolicy|Policy|UserPolicy|GroupPolicy|RolePolicy|UserToGroupAddition)|Serverless::(Function|StateMachine))\b/;

/**
 * A CDK app's import of a CDK module, and a construct that makes a principal the account reader reads
 * (account/from-cdk.ts): a stack whose function is granted a table (`table.grantReadData(fn)`) need not import IAM.
 */
const CDK_IMPORT = /(?:from\s*|require\(\s*)["'](?:(?:aws-cdk-lib|monocdk)(?:\/[\w-]+)?|@aws-cdk\/[\w-]+)["']/;
const CDK_ENTITY =
  /\bnew\s+(?:[\w$]+\.)?(?:Role|User|Group|Function|NodejsFunction|PythonFunction|GoFunction|DockerImageFunction|SingletonFunction|Project|PipelineProject|StateMachine|FargateTaskDefinition|Ec2TaskDefinition|TaskDefinition)\s*\(/;

/** The same in a Python app: `from aws_cdk import aws_iam as iam`, and a construct made in a stack (`iam.Role(self, …)`). */
const CDK_PYTHON_IMPORT = /^[ \t]*(?:from[ \t]+aws_cdk\b|import[ \t]+aws_cdk\b)/m;
const CDK_PYTHON_ENTITY =
  /\b(?:Role|User|Group|Function|PythonFunction|DockerImageFunction|SingletonFunction|Project|PipelineProject|StateMachine|FargateTaskDefinition|Ec2TaskDefinition|TaskDefinition)\(\s*self\s*,/;

/**
 * A Pulumi program's import of the AWS provider (or of aws-native), and a resource of its IAM module that makes a principal
 * (account/from-pulumi.ts): `new aws.iam.Role(…)`, Python's `aws.iam.User(…)`, `Group(…)` imported by name, Go's
 * `iam.NewRole(ctx, …)`, or an SST
 * function (SST makes its role).
 */
export const PULUMI_IMPORT =
  /(?:from\s*|require\(\s*)["']@pulumi\/aws(?:-native)?(?:\/[\w-]+)?["']|^[ \t]*(?:from[ \t]+pulumi_aws(?:_native)?(?:\.\w+)?[ \t]+import\b|import[ \t]+pulumi_aws(?:_native)?\b)|"github\.com\/pulumi\/pulumi-aws(?:-native)?\/sdk\b|^[ \t]*(?:global[ \t]+)?using[ \t]+(?:\w+[ \t]*=[ \t]*)?Pulumi\.Aws(?:Native)?\b/m;
/** A CDK for Terraform app's import of the AWS provider, and a class of it that makes a principal (read by account/from-pulumi.ts). */
export const CDKTF_IMPORT = /["']@cdkt[fn]\/provider-aws\b|["'][\w./-]*providers?\/aws\b[\w./-]*["']/;
const CDKTF_PYTHON_IMPORT = /^[ \t]*(?:from|import)[ \t]+(?:cdktf_cdktf_provider_aws|imports\.aws)\b/m;
export const CDKTF_ENTITY = /\b(?:new\s+)?(?:[\w$]+\.){0,2}Iam(?:Role|User|Group)\(\s*(?:this|self|[\w$]+)\s*,/;

/** Whether a file (its lower-case path and text) is a CDK for Terraform app's: TypeScript or Python importing the AWS provider. */
export function isCdktfFile(lowerPath: string, text: string): boolean {
  if (/\.[mc]?[jt]s$/.test(lowerPath)) return !/\.d\.[mc]?ts$/.test(lowerPath) && CDKTF_IMPORT.test(text);
  return lowerPath.endsWith('.py') && CDKTF_PYTHON_IMPORT.test(text);
}
export const PULUMI_ENTITY = /\b(?:iam\.)?(?:Role|User|Group)\(\s*["'`f]|\.New(?:Role|User|Group)\(\s*\w+\s*,|\bnew\s+sst\.aws\.Function\(/;

/**
 * A file of a Pulumi program, whether or not it makes a principal: one that imports the AWS provider, or an SST app's.
 * The account views read it with the rest of its project (`pulumiProjectRoot`).
 */
export function isPulumiProgramFile(file: string, text: string): boolean {
  const lower = file.toLowerCase();
  if (!/\.(?:[mc]?[jt]s|py|go|cs)$/.test(lower) || /\.d\.[mc]?ts$/.test(lower)) return false;
  const body = stripBom(text);
  return PULUMI_IMPORT.test(body) || (/\.[mc]?[jt]s$/.test(lower) && isPulumiScript(file, body));
}

/** The files that mark a Pulumi project's folder (an SST app is one). */
export const PULUMI_PROJECT_FILES = ['Pulumi.yaml', 'Pulumi.yml', 'sst.config.ts'];

/**
 * The folder of the Pulumi project a file is part of: the nearest folder at or above it that holds `Pulumi.yaml` (or
 * an SST app's `sst.config.ts`), at most `levels` folders up; undefined when none does. `exists` tells whether a
 * path exists (the caller's file system).
 */
export function pulumiProjectRoot(file: string, exists: (path: string) => boolean, levels = 6): string | undefined {
  let folder = moduleFolderOf(file);
  for (let level = 0; level <= levels && folder !== ''; level++) {
    const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
    if (PULUMI_PROJECT_FILES.some((name) => exists(`${folder}${separator}${name}`))) return folder;
    const parent = moduleFolderOf(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return undefined;
}

/** The same in a Java app: `import software.amazon.awscdk.services.iam.*`, and a construct made by its builder or `new`. */
const CDK_JAVA_IMPORT = /^[ \t]*import[ \t]+software\.amazon\.awscdk\./m;
const CDK_JAVA_ENTITY =
  /\b(?:Role|User|Group|Function|DockerImageFunction|SingletonFunction|Project|PipelineProject|StateMachine|FargateTaskDefinition|Ec2TaskDefinition|TaskDefinition)(?:\.Builder\.create|\s*)\(\s*this\s*,/;

/** The same in a C# app: a CDK namespace opened (`using Amazon.CDK.AWS.IAM;`), and a construct made by `new`. */
const CDK_CSHARP_ENTITY =
  /\bnew\s+(?:\w+\.)*(?:Role|User|Group|Function|DockerImageFunction|SingletonFunction|Project|PipelineProject|StateMachine|FargateTaskDefinition|Ec2TaskDefinition|TaskDefinition)\s*\(\s*this\s*,/;

/** The same in a Go app: the CDK's Go module imported, and a construct made by its `New…` function. */
const CDK_GO_IMPORT = /"github\.com\/aws\/aws-cdk-go\/awscdk\b/;
const CDK_GO_ENTITY =
  /\.New(?:Role|User|Group|Function|GoFunction|DockerImageFunction|SingletonFunction|Project|PipelineProject|StateMachine|FargateTaskDefinition|Ec2TaskDefinition|TaskDefinition)\(/;

/** A Terraform resource the module reader reads (aws_iam_user, aws_iam_role_policy_attachment, …). */
const TERRAFORM_IAM_RESOURCE = /\bresource\s+"aws_iam_[a-z_]+"/;

/** A module call with a local source (`source = "./modules/role"`): the called module may create principals. */
const TERRAFORM_LOCAL_CALL = /\bmodule\s+"[^"]*"\s*\{[^]*?\bsource\s*=\s*"\.\.?[/\\]/;

/** The same in Terraform's JSON syntax (`.tf.json`): `"aws_iam_role": {` under `"resource"`, `"source": "./…"` under `"module"`. */
const TERRAFORM_JSON_IAM_RESOURCE = /"resource"\s*:[^]*"aws_iam_[a-z_]+"\s*:/;
const TERRAFORM_JSON_LOCAL_CALL = /"module"\s*:[^]*"source"\s*:\s*"\.\.?[/\\]/;

/** Whether a module file (either syntax) declares an IAM resource. */
function hasIamResource(file: string, text: string): boolean {
  return /\.json$/i.test(file) ? TERRAFORM_JSON_IAM_RESOURCE.test(text) : TERRAFORM_IAM_RESOURCE.test(text);
}

/**
 * What kind of account source a file is, from its name and text; undefined when it is none. A `.tf` or `.tf.json` file counts when
 * it declares an IAM resource or calls a module from a local folder (its whole folder is then read as one module, or
 * through its callers: `terraformRootFolders`); a JSON file when it has an export's
 * lists, or a `Resources` map with IAM resource types; a YAML or `.template` file when it has a `Resources` map with
 * IAM resource types.
 */
export function accountSourceKindOf(file: string, text: string): AccountSourceKind | undefined {
  const lower = file.toLowerCase();
  if (isNativeModuleFile(lower)) return TERRAFORM_IAM_RESOURCE.test(text) || TERRAFORM_LOCAL_CALL.test(text) ? 'terraform' : undefined;
  if (isJsonModuleFile(lower)) return TERRAFORM_JSON_IAM_RESOURCE.test(text) || TERRAFORM_JSON_LOCAL_CALL.test(text) ? 'terraform' : undefined;
  const body = stripBom(text);
  // `serverless.ts` or `serverless.js`: a service whose keys are written as code (`service: 'api'`, `functions: {`).
  if (isServerlessScriptName(file)) return /\bservice\s*:/.test(body) && /\bfunctions\s*:|\b(?:iamRoleStatements|statements)\s*:|AWS::IAM::/.test(body) ? 'serverless' : undefined;
  // A Pulumi program that makes a user, group or role.
  if (/\.(?:[mc]?[jt]s|py|go|cs)$/.test(lower) && !/\.d\.[mc]?ts$/.test(lower) && (PULUMI_IMPORT.test(body) || (/\.[mc]?[jt]s$/.test(lower) && isPulumiScript(file, body))) && PULUMI_ENTITY.test(body))
    return 'pulumi';
  // A CDK for Terraform app's file that makes a user, group or role (`new IamRole(this, …)`, Python's `IamRole(self, …)`).
  if (isCdktfFile(lower, body) && CDKTF_ENTITY.test(body)) return 'cdktf';
  // A CDK app's source that makes a user, group, role or function (its service role).
  if (/\.[mc]?[jt]s$/.test(lower)) return !/\.d\.[mc]?ts$/.test(lower) && CDK_IMPORT.test(body) && CDK_ENTITY.test(body) ? 'cdk' : undefined;
  if (lower.endsWith('.py')) return CDK_PYTHON_IMPORT.test(body) && CDK_PYTHON_ENTITY.test(body) ? 'cdk' : undefined;
  if (lower.endsWith('.java')) return CDK_JAVA_IMPORT.test(body) && CDK_JAVA_ENTITY.test(body) ? 'cdk' : undefined;
  if (lower.endsWith('.go')) return CDK_GO_IMPORT.test(body) && CDK_GO_ENTITY.test(body) ? 'cdk' : undefined;
  if (lower.endsWith('.cs')) return CDK_CSHARP_USING.test(body) && CDK_CSHARP_ENTITY.test(body) ? 'cdk' : undefined;
  // A Serverless Framework service file: the framework writes a role for its functions.
  if (isServerlessServiceFile(file, body)) {
    // `serverless.json` writes the same keys quoted.
    const [service, roles] = /^\s*\{/.test(body)
      ? [/"service"\s*:/, /"functions"\s*:|"(?:iamRoleStatements|statements)"\s*:|AWS::IAM::/]
      : [/^service\s*:/m, /^functions\s*:|^\s+(?:iamRoleStatements|statements)\s*:|AWS::IAM::/m];
    return service.test(body) && roles.test(body) ? 'serverless' : undefined;
  }
  const json = /^\s*\{/.test(body);
  if (json && EXPORT_KEY.test(body.slice(0, 65536))) return 'authorization-details';
  if (!TEMPLATE_IAM_TYPE.test(body)) return undefined;
  if (json) return /"Resources"\s*:/.test(body) ? 'cloudformation' : undefined;
  return /^Resources\s*:/m.test(body) ? 'cloudformation' : undefined;
}

/** One source read: a file, or for Terraform the folder whose `.tf` files make the module. */
export interface AccountSourceReading {
  /** The file, or the Terraform module's folder. */
  path: string;
  kind: AccountSourceKind;
  /** The files read for it (a module's `.tf` files, and those of the modules it calls). */
  files: string[];
  account?: Account;
  /** Why the source gave no account: it does not parse, or is not what its content suggested. */
  error?: string;
}

/**
 * Reads one source into an account. Never throws. Templates and modules are placed in the synthetic account
 * 000000000000 unless `accountId` is given, as with the CLI's --account.
 */
export function readAccountSource(
  kind: AccountSourceKind,
  path: string,
  files: readonly ModuleFile[],
  options: { accountId?: string } & Pick<ModuleAccountOptions, 'moduleFiles' | 'readFile'> = {},
): AccountSourceReading {
  const reading: AccountSourceReading = { path, kind, files: files.map((f) => f.file) };
  try {
    if (kind === 'terraform') {
      const result = readModuleAccount(files, options);
      if (result.error !== undefined) reading.error = result.error;
      else {
        reading.account = result.account;
        reading.files = [...new Set([...reading.files, ...result.policies.keys()])];
      }
      return reading;
    }
    const result =
      kind === 'cloudformation'
        ? readTemplateAccount(files[0].text, files[0].file, options)
        : kind === 'serverless'
          ? readServerlessAccount(files[0].text, files[0].file, options)
          : kind === 'cdk'
            ? readCdkAccount(files[0].text, files[0].file, options)
            : kind === 'pulumi'
              ? readPulumiProgramAccount(files, options)
              : kind === 'cdktf'
                ? readPulumiProgramAccount(files.slice(0, 1), { ...options, app: 'cdktf' })
                : readAuthorizationDetails(files[0].text, files[0].file);
    if (result.error !== undefined) reading.error = result.error;
    else reading.account = result.account;
  } catch (error) {
    // The readers do not throw; a bug in one must still leave the other sources usable.
    reading.error = `Reading ${path} failed: ${(error as Error).message}`;
  }
  return reading;
}

/**
 * The Terraform folders of a workspace to read as root modules, sorted. `folders` holds each folder with a `.tf` file
 * that is an account source, with its `.tf` files. A folder another one calls with a local `source` is a child
 * module: it is read through its callers, once per call with the call's arguments, and not also on its own (that
 * would add its principals a second time, named by unset variables). A folder is a root when nothing calls it (or
 * only folders in a cycle it is part of), and it or a module it calls has IAM resources. Parses the files (the
 * Terraform parser must be loaded).
 */
export function terraformRootFolders(folders: ReadonlyMap<string, readonly ModuleFile[]>): string[] {
  const calls = terraformCallGraph(folders);
  const hasIam = (folder: string, seen = new Set<string>()): boolean => {
    if (seen.has(folder)) return false;
    seen.add(folder);
    return (folders.get(folder) ?? []).some((file) => hasIamResource(file.file, file.text)) || (calls.get(folder) ?? []).some((child) => hasIam(child, seen));
  };
  return rootsOf(calls)
    .filter((root) => hasIam(root))
    .sort();
}

/**
 * The root modules (as `terraformRootFolders` tells them, whatever their resources) through which `folder` is read:
 * those that call it, directly or through other modules; sorted. Empty when nothing calls it, or when it is the root
 * read for a cycle of calls: it is then read on its own. `calls` is the workspace's call graph (`terraformCallGraph`).
 */
export function terraformCallerRoots(folder: string, calls: ReadonlyMap<string, readonly string[]>): string[] {
  if (![...calls.values()].some((children) => children.includes(folder))) return [];
  const reaches = (from: string, seen = new Set<string>()): boolean => {
    if (from === folder) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return (calls.get(from) ?? []).some((child) => reaches(child, seen));
  };
  return rootsOf(calls)
    .filter((root) => root !== folder && reaches(root))
    .sort();
}

/**
 * By folder of `folders`, the folders of `folders` its local module calls name (parsing the files that call modules;
 * the Terraform parser must be loaded). `callsOf`, when given, answers for one file instead (a cache of it).
 */
export function terraformCallGraph(
  folders: ReadonlyMap<string, readonly ModuleFile[]>,
  callsOf: (file: ModuleFile) => readonly (string | undefined)[] = (file) => moduleCallsOf([file]).map((call) => call.folder),
): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  for (const [folder, files] of folders)
    calls.set(folder, [...new Set(files.flatMap((file) => callsOf(file).filter((child): child is string => child !== undefined && child !== folder && folders.has(child))))]);
  return calls;
}

/** The folders nothing calls, then the first (sorted) of each cycle of folders that only call each other. */
function rootsOf(calls: ReadonlyMap<string, readonly string[]>): string[] {
  const called = new Set([...calls.values()].flat());
  const reached = new Set<string>();
  const reach = (folder: string) => {
    if (reached.has(folder)) return;
    reached.add(folder);
    for (const child of calls.get(folder) ?? []) reach(child);
  };
  const roots = [...calls.keys()].filter((folder) => !called.has(folder)).sort();
  for (const root of roots) reach(root);
  for (const folder of [...calls.keys()].sort()) {
    if (reached.has(folder)) continue;
    roots.push(folder);
    reach(folder);
  }
  return roots;
}
