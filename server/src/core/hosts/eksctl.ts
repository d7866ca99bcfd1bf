import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from './host';
import { scalarValue, valueOf, type CfnNode } from './cloudformation/nodes';
import { parseTemplateText } from './cloudformation/jinja';
import { addPolicy, documentContextOf, hostParseProblems, isYamlDocument } from './cloudformation/reader';

/**
 * An eksctl cluster configuration (`apiVersion: eksctl.io/v1alpha5`, `kind: ClusterConfig`): the inline policies
 * eksctl writes into the IAM roles it makes. Each is an identity policy of its role:
 * - `iam.serviceAccounts[].attachPolicy`, the role of a service account (IRSA);
 * - `iam.podIdentityAssociations[].permissionPolicy`, the role of a pod identity association;
 * - `nodeGroups[].iam.attachPolicy` and `managedNodeGroups[].iam.attachPolicy`, the nodes' instance role;
 * - `addons[].attachPolicy` and `addons[].podIdentityAssociations[].permissionPolicy`, an add-on's role.
 * https://docs.aws.amazon.com/eks/latest/eksctl/iamserviceaccounts.html, …/pod-identity-associations.html,
 * …/iam-policies.html and the config file schema (https://eksctl.io/usage/schema/).
 */
export const eksctlReader: HostReader = {
  kind: 'eksctl',
  extensions: ['.yaml', '.yml'],
  read(input: HostInput): HostDocument | undefined {
    // Cheap before the YAML parser: the API version starts a line of every eksctl configuration.
    if (!/^apiVersion:[ \t]*["']?eksctl\.io\//m.test(input.text)) return undefined;
    if (!isYamlDocument(input)) return undefined;
    let parsed;
    try {
      // A configuration written for a rendering step (cookiecutter's `{{cookiecutter.region}}`) through its masked copy.
      parsed = parseTemplateText(input.text, 'yaml');
    } catch {
      return undefined;
    }
    const root = parsed.root;
    if (root?.kind !== 'map' || !scalarValue(valueOf(root, 'apiVersion'))?.startsWith('eksctl.io/') || scalarValue(valueOf(root, 'kind')) !== 'ClusterConfig') return undefined;
    const context = documentContextOf(input.text, 'yaml');
    const policies: EmbeddedPolicy[] = [];
    const add = (node: CfnNode | undefined, name: string) => {
      if (node && node.kind === 'map') addPolicy(policies, node, 'identity', name, name, context, {});
    };
    const iam = valueOf(root, 'iam');
    for (const [account, at] of itemsOf(valueOf(iam, 'serviceAccounts')))
      add(valueOf(account, 'attachPolicy'), `iam › serviceAccounts › ${serviceAccountName(valueOf(account, 'metadata')) ?? at} › attachPolicy`);
    for (const [association, at] of itemsOf(valueOf(iam, 'podIdentityAssociations')))
      add(valueOf(association, 'permissionPolicy'), `iam › podIdentityAssociations › ${serviceAccountName(association) ?? at} › permissionPolicy`);
    for (const list of ['nodeGroups', 'managedNodeGroups'])
      for (const [group, at] of itemsOf(valueOf(root, list))) add(valueOf(valueOf(group, 'iam'), 'attachPolicy'), `${list} › ${scalarValue(valueOf(group, 'name')) ?? at} › iam › attachPolicy`);
    for (const [addon, at] of itemsOf(valueOf(root, 'addons'))) {
      const name = scalarValue(valueOf(addon, 'name')) ?? at;
      add(valueOf(addon, 'attachPolicy'), `addons › ${name} › attachPolicy`);
      for (const [association, index] of itemsOf(valueOf(addon, 'podIdentityAssociations')))
        add(valueOf(association, 'permissionPolicy'), `addons › ${name} › podIdentityAssociations › ${serviceAccountName(association) ?? index} › permissionPolicy`);
    }
    const problems = hostParseProblems(parsed.errors, policies, 'yaml', { rejects: 'eksctl rejects a configuration' }, input.text);
    return { kind: 'eksctl', policies, problems: [...problems, ...context.problems].sort((a, b) => a.span.start - b.span.start) };
  },
};

/** The items of a list with their index in brackets (`[0]`), for names when an item has none of its own. */
function itemsOf(list: CfnNode | undefined): [CfnNode, string][] {
  return list?.kind === 'seq' ? list.items.map((item, index) => [item, `[${index}]`]) : [];
}

/** `namespace/name` of a service account (its `metadata`) or of a pod identity association. */
function serviceAccountName(node: CfnNode | undefined): string | undefined {
  const name = scalarValue(valueOf(node, 'name')) ?? scalarValue(valueOf(node, 'serviceAccountName'));
  if (name === undefined) return undefined;
  return `${scalarValue(valueOf(node, 'namespace')) ?? 'default'}/${name}`;
}
