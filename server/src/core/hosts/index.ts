import { cloudFormationReader } from './cloudformation';
import type { HostReader } from './host';
import { policyFileReader } from './policy-file';
import { serverlessReader } from './serverless/reader';
import { forgetTerraformDocument, terraformReader } from './terraform/index';
import { openApiReader } from './openapi';
import { jsonConfigReader } from './json-config';
import { eksctlReader } from './eksctl';
import { zappaReader } from './zappa';
import { kubernetesReader } from './kubernetes';
import { ansibleReader } from './ansible';
import { githubActionsReader } from './github-actions';
import { codeCSharpObjectReader, codeGoObjectReader, codeJavaObjectReader, codeObjectReader, codePythonObjectReader } from './code-objects';
import { shellReader } from './shell/reader';
import { cdkCSharpReader, cdkGoReader, cdkJavaReader, cdkPythonReader, cdkReader } from './cdk/reader';
import { forgetCdkDocumentTrees } from './cdk/shaped-tree';
import { pulumiCSharpReader, pulumiGoReader, pulumiPythonReader, pulumiReader } from './pulumi/reader';
import { pulumiYamlReader } from './pulumi/yaml';
import { cdktfPythonReader, cdktfReader } from './cdktf/reader';
import { forgetCloudFormationDocument } from './cloudformation/reader';

/**
 * The host readers, asked in this order; the first that claims a document reads it. Templates come before plain
 * policy files, so a `files` glob such as `**\/*.json` does not read a JSON template as one policy.
 */
export const hostReaders: readonly HostReader[] = [
  serverlessReader,
  zappaReader,
  eksctlReader,
  kubernetesReader,
  ansibleReader,
  githubActionsReader,
  cloudFormationReader,
  terraformReader,
  openApiReader,
  cdkReader,
  cdkPythonReader,
  cdkJavaReader,
  cdkCSharpReader,
  cdkGoReader,
  pulumiReader,
  pulumiPythonReader,
  pulumiGoReader,
  pulumiCSharpReader,
  pulumiYamlReader,
  cdktfReader,
  cdktfPythonReader,
  policyFileReader,
  // After the plain policy file's: a JSON file that is a policy is read once, by it; only the others are parsed again.
  jsonConfigReader,
  // After every reader of JavaScript and TypeScript sources: an app's own reader reads its policies, these included.
  codeObjectReader,
  codePythonObjectReader,
  codeGoObjectReader,
  codeJavaObjectReader,
  codeCSharpObjectReader,
  shellReader,
];

/** The file name endings any reader may claim, for the CLI's folder walk. */
export function hostFileExtensions(readers: readonly HostReader[] = hostReaders): string[] {
  return [...new Set(readers.flatMap((reader) => reader.extensions ?? []))];
}

/** Lets the readers load what they need (a wasm grammar) once, before the first document is read: by default all but those loaded on demand. */
export async function prepareHostReaders(readers: readonly HostReader[] = hostReaders.filter((reader) => !reader.onDemand)): Promise<void> {
  await Promise.all(readers.map((reader) => reader.prepare?.()));
}

/**
 * The readers to prepare before reading `files` (paths or URIs): those with something to load (the Terraform reader's
 * wasm parser, about 50 ms of CPU in every thread) that may claim one of the files. A reader that prepares claims a
 * file by its name ending only (matched as Terraform does, in any case); one that names no endings is kept.
 */
export function readersToPrepare(files: readonly string[], readers: readonly HostReader[] = hostReaders): HostReader[] {
  const names = files.map((file) => file.toLowerCase());
  return readers.filter((reader) => reader.prepare && (!reader.extensions || reader.extensions.some((extension) => names.some((name) => name.endsWith(extension.toLowerCase())))));
}

const preparedOnDemand = new Set<HostReader>();

/**
 * Loads the on-demand readers (HostReader.onDemand) that may read one of `files`: a promise that settles when they
 * are loaded, or undefined when none was waiting, so that a caller reads such a file again only when it is worth it.
 */
export function prepareReadersFor(files: readonly string[]): Promise<void> | undefined {
  const waiting = readersToPrepare(files).filter((reader) => reader.onDemand && !preparedOnDemand.has(reader));
  if (waiting.length === 0) return undefined;
  for (const reader of waiting) preparedOnDemand.add(reader);
  return prepareHostReaders(waiting);
}

/** Frees what the readers keep of an editor document to read its next text incrementally: for a closed document. */
export function forgetEditorDocument(uri: string): void {
  forgetTerraformDocument(uri);
  forgetCloudFormationDocument(uri);
  forgetCdkDocumentTrees(uri);
}
