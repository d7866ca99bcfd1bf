import type { HostDocument, HostInput } from '../host';
import { attributesOf, blockHeader, bodyOf, unwrap } from './hcl';
import { readModuleInputs } from './index';
import { parseTerraformText } from './blocks';
import { copySubtree } from './syntax';

/**
 * A Terragrunt configuration (`terragrunt.hcl`, `root.hcl`, `_envcommon/*.hcl`): an HCL file whose top level sets
 * `inputs`, which Terragrunt passes to the module its `terraform { source }` names.
 * https://terragrunt.gruntwork.io/docs/reference/config-blocks-and-attributes/#inputs
 */
export function isTerragruntFile(input: Pick<HostInput, 'uri' | 'text'>): boolean {
  return /\.hcl$/i.test(input.uri.replace(/[?#].*$/, '')) && /^inputs[ \t]*=/m.test(input.text);
}

/**
 * The policies of a Terragrunt configuration's `inputs`, read as a module call's arguments are (readModuleInputs):
 * those the registry module its `terraform { source = "tfr:///…" }` names passes to a resource, and those written as a
 * policy document (`policy = jsonencode({ Version, Statement })`), named `inputs.<name>`.
 */
export function readTerragrunt(input: Pick<HostInput, 'uri' | 'text'>): HostDocument | undefined {
  const tree = parseTerraformText(input.text);
  if (tree instanceof Error) return undefined;
  const cursor = tree.walk();
  try {
    // Copied, as every block the reader reads is: its functions take the copies' nodes.
    const root = copySubtree(cursor, tree.language, { text: input.text });
    const body = root.namedChildren.find((child) => child?.type === 'body');
    const top = attributesOf(body ?? undefined);
    const inputs = top.get('inputs')?.value;
    const object = inputs && unwrap(inputs);
    if (!object || object.type !== 'object') return { kind: 'terraform', policies: [], problems: [] };
    const terraformBlock = body?.namedChildren.find((child) => child?.type === 'block' && blockHeader(child)[0] === 'terraform');
    const source = terraformBlock ? attributesOf(bodyOf(terraformBlock)).get('source')?.value : undefined;
    const reading = { references: [], policies: [] } as Parameters<typeof readModuleInputs>[4];
    const entries = [...attributesOf(object)].map(([name, attribute]) => [name, attribute.value] as [string, typeof attribute.value]);
    readModuleInputs(input.text, source, entries, 'inputs', reading, registrySource);
    return { kind: 'terraform', policies: reading.policies, problems: [] };
  } finally {
    cursor.delete();
    tree.delete();
  }
}

/** Terragrunt's address of a registry module, `tfr:///terraform-aws-modules/iam/aws//modules/iam-policy?version=5.3.0`, as Terraform writes it. */
function registrySource(address: string): string {
  return address.replace(/^tfr:\/\/(?:registry\.terraform\.io)?\//, '');
}
