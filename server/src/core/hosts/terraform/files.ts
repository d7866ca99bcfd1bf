import type { HclNode as SyntaxNode } from './syntax';
import type { Span } from '../../text/span';
import type { HostLink } from '../host';
import type { PolicyType } from '../../policy/policy-type';
import { attributesOf, blocksNamed, bodyOf, functionArguments, functionName, spanOfSyntax, templateOf, unwrap, unwrapInterpolation } from './hcl';
import { uriRelativeTo } from '../../text/file-uri';

/** `file("…")` or `templatefile("…", {…})` as a policy value: the path as written, resolved later against the document. */
export interface FileReference {
  span: Span;
  /**
   * The path with `${path.module}` read as the module's folder (the .tf file's) and `${path.root}` or `${path.cwd}` as
   * the root module's; undefined parts make it no reference.
   */
  path: string;
  /**
   * `root`: the path starts from the root module's folder (`${path.root}`, `${path.cwd}`), not the module's.
   * `module`: it starts with `${path.module}`, so it is the module's folder wherever the module is called from; a
   * plain relative path is read from the root module's folder, which is the file's only in a root module.
   */
  from?: 'root' | 'module';
  /** `module`: a module call's local `source`, a folder. `template_file`: a `data "template_file"` block's template. */
  function: 'file' | 'templatefile' | 'module' | 'template_file';
  /** The `file(…)`/`templatefile(…)` call, inside `jsonencode(yamldecode(…))` when the policy is written in YAML. */
  call?: SyntaxNode;
  /** templatefile()'s variables when written as an object with literal keys (HostLink.variables). */
  variables?: { names: readonly string[]; span: Span };
  /**
   * A `template_file` data source's address (`data.template_file.policy`): its template is a policy only where a
   * policy attribute of the file is its `rendered` text, and it is linked only then (the data source also renders
   * user data and task definitions).
   */
  renderedAs?: string;
  /** The type of policy the attribute that reads the file takes (a role's `assume_role_policy` is a trust policy). */
  policyType?: PolicyType;
}

/**
 * The file a policy attribute reads, when its path is known from the source: a literal, or one starting with
 * `${path.module}`, `${path.root}` or `${path.cwd}` (Terraform runs in the root module's folder:
 * https://developer.hashicorp.com/terraform/language/expressions/references#filesystem-and-workspace-info).
 * A path built from variables is no reference.
 */
export function fileReference(text: string, expression: SyntaxNode): FileReference | undefined {
  // `"${file("policy.json")}"`, as Terraform 0.11 wrote every expression, is the call.
  const node = unwrapInterpolation(expression);
  const name = functionName(node);
  // `jsonencode(yamldecode(templatefile(…)))`: a policy file written in YAML (or JSON, with jsondecode), encoded as
  // the JSON the attribute takes.
  if (name === 'jsonencode') {
    const [decoded] = functionArguments(node);
    const decoder = decoded && functionName(unwrap(decoded));
    const [file] = decoder === 'yamldecode' || decoder === 'jsondecode' ? functionArguments(unwrap(decoded)) : [];
    return file && fileReference(text, file);
  }
  if (name !== 'file' && name !== 'templatefile') return undefined;
  const [argument] = functionArguments(node);
  const template = argument && templateOf(text, argument, false);
  if (!template) return undefined;
  let path = template.value;
  let fromRoot = false;
  const fromModule = /^\$\{\s*path\.module\s*\}/.test(template.value);
  // Read from the end so earlier offsets stay valid.
  for (const hole of [...template.placeholders].reverse()) {
    const folder = /^\$\{\s*path\.(module|root|cwd)\s*\}$/.exec(hole.source)?.[1];
    if (!folder) return undefined;
    if (folder !== 'module') fromRoot = true;
    path = `${path.slice(0, hole.start)}.${path.slice(hole.end)}`;
  }
  if (path.trim() === '') return undefined;
  const variables = name === 'templatefile' ? writtenVariables(text, functionArguments(node)[1]) : undefined;
  return {
    span: spanOfSyntax(argument),
    path,
    function: name,
    call: node,
    ...(fromRoot ? { from: 'root' as const } : fromModule ? { from: 'module' as const } : {}),
    ...(variables ? { variables } : {}),
  };
}

/**
 * The names of templatefile()'s variables when its second argument is an object whose keys are all written out
 * (`{ bucket = var.bucket, "account" = local.id }`). Any other value (a variable, `merge(…)`, a `for` expression, a
 * computed key) may hold names not seen here: undefined.
 */
function writtenVariables(text: string, argument: SyntaxNode | undefined): FileReference['variables'] {
  const node = argument && unwrap(argument);
  if (node?.type !== 'object') return undefined;
  const names: string[] = [];
  for (const element of node.namedChildren) {
    if (element?.type !== 'object_elem') continue;
    const key = element.namedChildren.find((child) => child?.type === 'expression');
    const keyNode = key && unwrap(key);
    if (keyNode?.type === 'variable_expr') names.push(keyNode.text);
    else {
      const literal = key && templateOf(text, key, false);
      if (!literal || literal.placeholders.length > 0) return undefined;
      names.push(literal.value);
    }
  }
  return { names, span: spanOfSyntax(node) };
}

/**
 * The template file a `data "template_file"` block renders (`template = file("policy.json.tpl")`, the template
 * provider's data source, which Terraform code from before templatefile() writes policies with) and the names its
 * `vars` give, an object or a `vars { … }` block as Terraform 0.11 wrote it. Without `vars` the template is given
 * none, reported on `template`. Undefined when `template` is not a file read from a known path.
 * https://registry.terraform.io/providers/hashicorp/template/latest/docs/data-sources/file
 */
export function templateFileData(text: string, block: SyntaxNode, name: string): FileReference | undefined {
  const body = bodyOf(block);
  const attributes = attributesOf(body);
  const template = attributes.get('template');
  const reference = template?.value && fileReference(text, template.value);
  if (!reference || reference.function !== 'file' || !template) return undefined;
  const varsAttribute = attributes.get('vars')?.value;
  const [varsBlock] = varsAttribute ? [] : blocksNamed(body, 'vars');
  const variables = varsAttribute
    ? writtenVariables(text, varsAttribute)
    : varsBlock
      ? { names: [...attributesOf(varsBlock.body).keys()], span: spanOfSyntax(varsBlock.block) }
      : { names: [], span: spanOfSyntax(template.node) };
  return { ...reference, function: 'template_file', renderedAs: `data.template_file.${name}`, ...(variables ? { variables } : {}) };
}

/**
 * A module call's `source` when it is a local path: Terraform reads a source that starts with `./` or `../` as a
 * folder beside the calling module (https://developer.hashicorp.com/terraform/language/modules/sources#local-paths);
 * any other source (the registry, git, S3) is downloaded and has no folder here.
 */
export function moduleSource(text: string, expression: SyntaxNode): FileReference | undefined {
  const template = templateOf(text, expression, false);
  if (!template || template.placeholders.length > 0 || !/^\.\.?[/\\]/.test(template.value)) return undefined;
  return { span: spanOfSyntax(expression), path: template.value.replace(/[/\\]+$/, ''), function: 'module' };
}

/**
 * The link to a referenced file. Terraform reads a relative path from the working directory, which for a root
 * module is its folder, and `path.module` is the module's folder: both are the .tf file's folder here.
 */
export function linkOf(reference: FileReference, documentUri: string): HostLink | undefined {
  let target = uriRelativeTo(reference.path, documentUri);
  if (target === undefined) return undefined;
  // A folder is named without a trailing slash, whether the path ended in `..` or in a name.
  if (reference.function === 'module' && !/:\/\/\/?$/.test(target.replace(/\/+$/, ''))) target = target.replace(/\/+$/, '');
  const tooltip = {
    file: 'Open the policy file this attribute reads',
    templatefile: 'Open the policy template this attribute renders',
    template_file: 'Open the policy template this data source renders',
    module: "Open the module's folder",
  }[reference.function];
  const caller = reference.function === 'template_file' ? ({ caller: 'template_file' } as const) : {};
  // file() and templatefile() fail at plan when nothing is at the path; a module folder is judged by `terraform init`.
  const mustExist = reference.function !== 'module' && reference.from === 'module' ? ({ mustExist: true } as const) : {};
  const policyType = reference.policyType ? { policyType: reference.policyType } : {};
  return { span: reference.span, target, tooltip, ...(reference.variables ? { variables: { ...reference.variables, ...caller } } : {}), ...mustExist, ...policyType };
}
