import { cloudFormationReader } from './cloudformation';
import type { HostReader } from './host';
import { policyFileReader } from './policy-file';
import { serverlessReader } from './serverless/reader';
import { forgetTerraformDocument, terraformReader } from './terraform/index';
import { openApiReader } from './openapi';
import { eksctlReader } from './eksctl';
import { kubernetesReader } from './kubernetes';
import { ansibleReader } from './ansible';
import { cdkGoReader, cdkJavaReader, cdkPythonReader, cdkReader } from './cdk/reader';
import { forgetCdkDocumentTrees } from './cdk/shaped-tree';
import { pulumiGoReader, pulumiPythonReader, pulumiReader } from './pulumi/reader';
import { pulumiYamlReader } from './pulumi/yaml';
import { cdktfPythonReader, cdktfReader } from './cdktf/reader';
import { forgetCloudFormationDocument } from './cloudformation/reader';

/**
 * The host readers, asked in this order; the first that claims a document reads it. Templates come before plain
 * policy files, so a `files` glob such as `**\/*.json` does not read a JSON template as one policy.
 */
export const hostReaders: readonly HostReader[] = [
  serverlessReader,
  eksctlReader,
  kubernetesReader,
  ansibleReader,
  cloudFormationReader,
  terraformReader,
  openApiReader,
  cdkReader,
  cdkPythonReader,
  cdkJavaReader,
  cdkGoReader,
  pulumiReader,
  pulumiPythonReader,
  pulumiGoReader,
  pulumiYamlReader,
  cdktfReader,
  cdktfPythonReader,
  policyFileReader,
];

/** The file name endings any reader may claim, for the CLI's folder walk. */
export function hostFileExtensions(readers: readonly HostReader[] = hostReaders): string[] {
  return [...new Set(readers.flatMap((reader) => reader.extensions ?? []))];
}

/** Lets every reader load what it needs (a wasm grammar) once, before the first document is read. */
export async function prepareHostReaders(readers: readonly HostReader[] = hostReaders): Promise<void> {
  await Promise.all(readers.map((reader) => reader.prepare?.()));
}

/** Frees what the readers keep of an editor document to read its next text incrementally: for a closed document. */
export function forgetEditorDocument(uri: string): void {
  forgetTerraformDocument(uri);
  forgetCloudFormationDocument(uri);
  forgetCdkDocumentTrees(uri);
}
