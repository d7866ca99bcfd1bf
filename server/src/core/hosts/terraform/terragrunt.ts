import type { HostInput } from '../host';
import { attributesOf, blockHeader, bodyOf, functionArguments, functionName, unwrap } from './hcl';
import { parseTerraformText } from './blocks';
import { copySubtree, type HclNode as SyntaxNode } from './syntax';

/**
 * A Terragrunt configuration (`terragrunt.hcl`, `root.hcl`, `_envcommon/*.hcl`): an HCL file whose top level sets
 * `inputs`, which Terragrunt passes to the module its `terraform { source }` names; or a stack
 * (`terragrunt.stack.hcl`), whose `unit` and `stack` blocks give their `values` to the units they make.
 * https://terragrunt.gruntwork.io/docs/reference/config-blocks-and-attributes/#inputs
 */
export function isTerragruntFile(input: Pick<HostInput, 'uri' | 'text'>): boolean {
  return /\.hcl$/i.test(input.uri.replace(/[?#].*$/, '')) && (/^inputs[ \t]*=/m.test(input.text) || /^(?:unit|stack)[ \t]+"[^"\n]*"[ \t]*\{/m.test(input.text));
}

/** A module call a Terragrunt file makes: the source it names, its arguments, and the name findings give them. */
export interface TerragruntCall {
  /** `inputs`, or `unit.<name>.values` in a stack. */
  owner: string;
  source: SyntaxNode | undefined;
  inputs: [string, SyntaxNode | undefined][];
}

/**
 * The module calls a Terragrunt file makes: its `inputs` with the source `terraform { source = "tfr:///…" }` names,
 * and in a stack each `unit` or `stack` block's `values` with its `source`. Each argument is a local of the file's
 * where it names one (throughTerragruntLocal). Empty without any (or without the Terraform parser). The nodes are
 * copies: they outlive the parse.
 */
export function terragruntCalls(input: Pick<HostInput, 'text'>): TerragruntCall[] {
  const tree = parseTerraformText(input.text);
  if (tree instanceof Error) return [];
  const cursor = tree.walk();
  try {
    // Copied, as every block the reader reads is: its functions take the copies' nodes.
    const root = copySubtree(cursor, tree.language, { text: input.text });
    const body = root.namedChildren.find((child) => child?.type === 'body');
    const locals = new Map<string, SyntaxNode>();
    for (const block of body?.namedChildren ?? []) {
      if (block?.type !== 'block' || blockHeader(block)[0] !== 'locals') continue;
      for (const [name, attribute] of attributesOf(bodyOf(block))) if (attribute.value) locals.set(name, attribute.value);
    }
    const calls: TerragruntCall[] = [];
    const add = (owner: string, source: SyntaxNode | undefined, value: SyntaxNode | undefined) => {
      const objects = objectsOf(value);
      if (objects.length === 0) return;
      // Of objects that set one input, merge() keeps the last.
      const written = new Map(objects.flatMap((object) => [...attributesOf(object)]));
      calls.push({ owner, source, inputs: [...written].map(([name, attribute]) => [name, attribute.value && throughTerragruntLocal(attribute.value, locals)]) });
    };
    const terraformBlock = body?.namedChildren.find((child) => child?.type === 'block' && blockHeader(child)[0] === 'terraform');
    add('inputs', terraformBlock ? attributesOf(bodyOf(terraformBlock)).get('source')?.value : undefined, attributesOf(body ?? undefined).get('inputs')?.value);
    for (const block of body?.namedChildren ?? []) {
      const [kind, name] = block?.type === 'block' ? blockHeader(block) : [];
      if ((kind !== 'unit' && kind !== 'stack') || name === undefined) continue;
      const attributes = attributesOf(bodyOf(block!));
      add(`${kind}.${name}.values`, attributes.get('source')?.value, attributes.get('values')?.value);
    }
    return calls;
  } finally {
    cursor.delete();
    tree.delete();
  }
}

/** The objects an `inputs` or `values` writes: the object, or in `merge(include.env.inputs, { … })` those written here. */
function objectsOf(value: SyntaxNode | undefined): SyntaxNode[] {
  const node = value && unwrap(value);
  if (!node) return [];
  if (node.type === 'object') return [node];
  if (functionName(node) !== 'merge') return [];
  return functionArguments(node)
    .map(unwrap)
    .filter((argument) => argument.type === 'object');
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
