import type { HostDocument, HostInput } from '../host';
import { attributesOf, blockHeader, bodyOf, functionArguments, functionName, unwrap } from './hcl';
import { readModuleInputs } from './index';
import { parseTerraformText } from './blocks';
import { copySubtree, type HclNode as SyntaxNode } from './syntax';

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
    const locals = new Map<string, SyntaxNode>();
    for (const block of body?.namedChildren ?? []) {
      if (block?.type !== 'block' || blockHeader(block)[0] !== 'locals') continue;
      for (const [name, attribute] of attributesOf(bodyOf(block))) if (attribute.value) locals.set(name, attribute.value);
    }
    const entries = [...attributesOf(object)].map(([name, attribute]) => [name, attribute.value && throughTerragruntLocal(attribute.value, locals)] as [string, SyntaxNode | undefined]);
    readModuleInputs(input.text, source, entries, 'inputs', reading, registrySource);
    return { kind: 'terraform', policies: reading.policies, problems: [] };
  } finally {
    cursor.delete();
    tree.delete();
  }
}

/**
 * `local.policy` or `jsondecode(local.policy)`: the value the file's `locals` block writes, where a policy document
 * is read in its place (a heredoc of policy JSON kept in a local, decoded for a module that takes an object).
 */
function throughTerragruntLocal(value: SyntaxNode, locals: ReadonlyMap<string, SyntaxNode>): SyntaxNode {
  let node = unwrap(value);
  if (functionName(node) === 'jsondecode') {
    const [argument] = functionArguments(node);
    if (!argument) return value;
    node = unwrap(argument);
  }
  const name = /^local\.([A-Za-z_][\w-]*)$/.exec(node.text.trim())?.[1];
  return (name !== undefined && locals.get(name)) || value;
}

/** Terragrunt's address of a registry module, `tfr:///terraform-aws-modules/iam/aws//modules/iam-policy?version=5.3.0`, as Terraform writes it. */
function registrySource(address: string): string {
  return address.replace(/^tfr:\/\/(?:registry\.terraform\.io)?\//, '');
}
