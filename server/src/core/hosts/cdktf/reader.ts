import type { HostDocument, HostInput, HostReader } from '../host';
import { forEachImport } from '../cdk/syntax';
import { loadPythonParser } from '../cdk/python';
import { pathOfUri } from '../../config/globs';
import { CDKTF_PROVIDER, isScriptName, POLICY_WORDS, readPulumiProgram } from '../pulumi/reader';

/**
 * A CDK for Terraform app in TypeScript or JavaScript that uses the AWS provider (`@cdktf/provider-aws`, CDK
 * Terrain's `@cdktn/provider-aws`, or the bindings `cdktf get` writes under `.gen/providers/aws`): the policies it writes, each with its findings at the code
 * that writes it. The provider's classes are Terraform's resources (`new IamRole(this, 'worker', { assumeRolePolicy,
 * inlinePolicy: [{ name, policy }] })` is `aws_iam_role`), as Pulumi's AWS provider's are, so the Pulumi reader reads
 * them (pulumi/reader.ts): policies in the JSON shape given to `JSON.stringify` or `Fn.jsonencode`, JSON text, and
 * `new DataAwsIamPolicyDocument(this, 'doc', { statement: [...] })` as the policy Terraform renders, given by its
 * `.json`. Each has the type the resource that takes it gives it. https://developer.hashicorp.com/terraform/cdktf
 */
export const cdktfReader: HostReader = {
  kind: 'cdktf',
  extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'],
  read(input: HostInput): HostDocument | undefined {
    if (!isScriptName(input) || !CDKTF_IMPORT.test(input.text) || !writesPolicies(input.text)) return undefined;
    const read = readPulumiProgram(input.text);
    if (!read || !importsProvider(read.source)) return undefined;
    return { kind: 'cdktf', policies: read.sites.map((site) => site.embedded), problems: [] };
  },
};

/**
 * A CDK for Terraform app in Python (`from cdktf_cdktf_provider_aws.iam_role import IamRole`, or the bindings `cdktf
 * get` writes under `imports/aws`), read as its TypeScript twin: `IamRole(self, "worker", assume_role_policy=…)`.
 */
export const cdktfPythonReader: HostReader = {
  kind: 'cdktf',
  extensions: ['.py'],
  prepare: loadPythonParser,
  read(input: HostInput): HostDocument | undefined {
    if (input.languageId !== undefined ? input.languageId !== 'python' : !pathOfUri(input.uri).endsWith('.py')) return undefined;
    if (!CDKTF_PYTHON_IMPORT.test(input.text) || !writesPolicies(input.text)) return undefined;
    const read = readPulumiProgram(input.text, 'python', input.languageId !== undefined ? input.uri : undefined);
    if (!read || !importsProvider(read.source)) return undefined;
    return { kind: 'cdktf', policies: read.sites.map((site) => site.embedded), problems: [] };
  },
};

/** Cheap before the parser: a module specifier that may be the provider's. */
const CDKTF_IMPORT = /["'](?:@cdkt[fn]\/provider-aws|[\w./-]*providers?\/aws)[\w./-]*["']/;
const CDKTF_PYTHON_IMPORT = /^[ \t]*(?:from|import)[ \t]+(?:cdktf_cdktf_provider_aws|imports\.aws)\b/m;

function writesPolicies(text: string): boolean {
  return POLICY_WORDS.test(text) || text.includes('DataAwsIamPolicyDocument');
}

/**
 * Whether the app imports the provider: its package, or bindings of the app's own (a path that names
 * `providers/aws`) in a file that also imports CDK for Terraform (`cdktf`, its fork `cdktn`) or `constructs`.
 */
function importsProvider(source: Parameters<typeof forEachImport>[0]): boolean {
  let packaged = false;
  let generated = false;
  let framework = false;
  forEachImport(source, (from) => {
    if (/^@cdkt[fn]\/provider-aws\b|^cdktf_cdktf_provider_aws\b/.test(from)) packaged = true;
    else if (CDKTF_PROVIDER.test(from)) generated = true;
    if (/^(?:cdktf|cdktn|constructs)$/.test(from)) framework = true;
  });
  return packaged || (generated && framework);
}
