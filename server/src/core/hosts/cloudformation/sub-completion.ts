import type { Completion } from '../../completion/completion';
import type { Span } from '../../text/span';
import { scalarValue, valueOf, type CfnMap, type CfnNode, type CfnScalar } from './nodes';
import { templateAround } from './reader';

/**
 * The pseudo parameters a `Fn::Sub` string can name. AWS::NotificationARNs is a list and AWS::NoValue removes a
 * property, so neither is text to substitute.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
const pseudoParameters: readonly [name: string, documentation: string][] = [
  ['AWS::Partition', 'The partition the stack is in: `aws`, `aws-cn` or `aws-us-gov`. Write it in ARNs so the template deploys in every partition.'],
  ['AWS::Region', 'The Region the stack is created in, such as `us-west-2`.'],
  ['AWS::AccountId', 'The ID of the account the stack is created in, such as `123456789012`.'],
  ['AWS::StackName', 'The name of the stack.'],
  ['AWS::StackId', 'The ID of the stack: its ARN.'],
  ['AWS::URLSuffix', 'The domain suffix of the Region, usually `amazonaws.com`.'],
];

/** The template string of a `Fn::Sub` that holds an offset, and the variables its list form declares. */
interface SubSite {
  template: CfnScalar;
  variables: CfnMap | undefined;
}

/**
 * The names `${…}` can take after an unclosed `${` in a `Fn::Sub` string of a template (`!Sub`, `Fn::Sub`, YAML or
 * JSON, anywhere in the template): the Sub's own variables, pseudo parameters, the template's parameters and its
 * resources (their `Ref`). Each replaces from `${` through the name and a `}` already after the cursor (the editor
 * may have closed the brace). Nothing outside a Sub string, or after `${!`, which writes a literal `${`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-sub.html
 */
export function substitutionCompletionsAt(uri: string, text: string, offset: number): Completion[] {
  // An unclosed `${` on the cursor's line, before any parsing: completion is asked for at every `"` and `:` typed.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (!/\$\{[\w:.-]*$/.test(text.slice(lineStart, offset))) return [];
  const around = templateAround(uri, text, offset);
  const site = around && subSiteAt(around.node, offset);
  if (!around || !site) return [];
  const before = text.slice(site.template.span.start, offset);
  const open = before.lastIndexOf('${');
  if (open < 0 || !/^[\w:.-]*$/.test(before.slice(open + 2))) return [];
  const rest = /^[\w:.-]*\}?/.exec(text.slice(offset, site.template.span.end))![0];
  const span: Span = { start: site.template.span.start + open, end: offset + rest.length };
  const item = (name: string, group: number, detail: string, documentation: string): Completion => ({
    label: name,
    kind: 'variable',
    detail,
    documentation,
    insertText: `\${${name}}`,
    span,
    filterText: `\${${name}`,
    sortText: `${group}${name}`,
  });
  const items: Completion[] = [];
  for (const entry of site.variables?.entries ?? []) items.push(item(entry.key, 0, 'Fn::Sub variable', 'A variable this `Fn::Sub` declares in its list form.'));
  for (const [name, documentation] of pseudoParameters) items.push(item(name, 1, 'pseudo parameter', documentation));
  for (const [name, declaration] of around.parameters) {
    const type = scalarValue(valueOf(declaration, 'Type'));
    items.push(item(name, 2, type ? `parameter · ${type}` : 'parameter', 'A parameter of the template: the value the stack is given.'));
  }
  for (const [name, type] of around.resources) items.push(item(name, 3, `${type} · Ref`, `What \`Ref\` returns for this ${type}.`));
  return items;
}

/** The innermost `Fn::Sub` template string whose text holds `offset`. */
function subSiteAt(node: CfnNode | undefined, offset: number): SubSite | undefined {
  if (!node || offset <= node.span.start || offset > node.span.end) return undefined;
  switch (node.kind) {
    case 'map':
      for (const entry of node.entries) {
        const found = subSiteAt(entry.value, offset);
        if (found) return found;
      }
      return undefined;
    case 'seq':
      for (const item of node.items) {
        const found = subSiteAt(item, offset);
        if (found) return found;
      }
      return undefined;
    case 'scalar':
      return undefined;
    case 'fn': {
      if (node.name === 'Fn::Sub') {
        const [template, variables] = node.arg?.kind === 'seq' ? node.arg.items : [node.arg];
        if (template?.kind === 'scalar' && offset > template.span.start && offset <= template.span.end) return { template, variables: variables?.kind === 'map' ? variables : undefined };
      }
      return subSiteAt(node.arg, offset);
    }
  }
}
