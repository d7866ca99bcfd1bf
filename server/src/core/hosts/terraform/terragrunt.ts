import type { HostInput } from '../host';
import { attributesOf, blockHeader, bodyOf, functionArguments, functionName, unwrap } from './hcl';
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

/** A Terragrunt configuration's module: its `terraform { source }`, and its `inputs` as the module call's arguments. */
export interface TerragruntCall {
  source: SyntaxNode | undefined;
  inputs: [string, SyntaxNode | undefined][];
}

/**
 * The module call a Terragrunt configuration makes: the source `terraform { source = "tfr:///…" }` names and the
 * entries of `inputs`, each a local of the file's where it names one (throughTerragruntLocal); undefined without
 * `inputs` (or without the Terraform parser). The nodes are copies: they outlive the parse.
 */
export function terragruntCall(input: Pick<HostInput, 'text'>): TerragruntCall | undefined {
  const tree = parseTerraformText(input.text);
  if (tree instanceof Error) return undefined;
  const cursor = tree.walk();
  try {
    // Copied, as every block the reader reads is: its functions take the copies' nodes.
    const root = copySubtree(cursor, tree.language, { text: input.text });
    const body = root.namedChildren.find((child) => child?.type === 'body');
    const top = attributesOf(body ?? undefined);
    const inputs = top.get('inputs')?.value;
    const node = inputs && unwrap(inputs);
    // `inputs = merge(include.env.inputs, { … })`: the objects written here; the rest comes from files not read here.
    const objects = !node
      ? []
      : node.type === 'object'
        ? [node]
        : functionName(node) === 'merge'
          ? functionArguments(node)
              .map(unwrap)
              .filter((argument) => argument.type === 'object')
          : [];
    if (objects.length === 0) return undefined;
    const terraformBlock = body?.namedChildren.find((child) => child?.type === 'block' && blockHeader(child)[0] === 'terraform');
    const source = terraformBlock ? attributesOf(bodyOf(terraformBlock)).get('source')?.value : undefined;
    const locals = new Map<string, SyntaxNode>();
    for (const block of body?.namedChildren ?? []) {
      if (block?.type !== 'block' || blockHeader(block)[0] !== 'locals') continue;
      for (const [name, attribute] of attributesOf(bodyOf(block))) if (attribute.value) locals.set(name, attribute.value);
    }
    // Of objects that set one input, merge() keeps the last.
    const written = new Map(objects.flatMap((object) => [...attributesOf(object)]));
    const inputEntries = [...written].map(([name, attribute]) => [name, attribute.value && throughTerragruntLocal(attribute.value, locals)] as [string, SyntaxNode | undefined]);
    return { source, inputs: inputEntries };
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
export function registrySource(address: string): string {
  return address.replace(/^tfr:\/\/(?:registry\.terraform\.io)?\//, '');
}
