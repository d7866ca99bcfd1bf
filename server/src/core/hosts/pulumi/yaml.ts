import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from '../host';
import { pathOfUri } from '../../config/globs';
import { parseYamlTemplate, scalarValue, valueOf, type CfnNode } from '../cloudformation/nodes';
import { addPolicy, documentContextOf, hostParseProblems, isYamlDocument } from '../cloudformation/reader';
import { pulumiPolicySeverities, pulumiPolicyTypeOf } from './resources';

/**
 * A Pulumi YAML program (`Pulumi.yaml` with `runtime: yaml`, or the `Main.yaml` it names): each resource of the AWS
 * provider under `resources:` (`type: aws:iam:Role`) and the policies its `properties` take, typed as in the other
 * languages (resources.ts): a policy written as a map under `fn::toJSON`, or as JSON text (a block scalar). Pulumi's
 * interpolations (`${bucket.arn}`) are values known when the program runs, read as a CloudFormation `!Sub`'s are;
 * `$${aws:username}` is Pulumi's escape of an IAM policy variable.
 * https://www.pulumi.com/docs/iac/languages-sdks/yaml/yaml-language-reference/
 */
export const pulumiYamlReader: HostReader = {
  kind: 'pulumi',
  extensions: ['.yaml', '.yml'],
  read(input: HostInput): HostDocument | undefined {
    if (!/(?:^|[\\/])(?:Pulumi|Main)\.ya?ml$/.test(pathOfUri(input.uri)) || !isYamlDocument(input)) return undefined;
    // Cheap before the YAML parser: a program's resources, one of the AWS provider's.
    if (!/^resources[ \t]*:/m.test(input.text) || !/\btype[ \t]*:[ \t]*["']?aws:/.test(input.text)) return undefined;
    let parsed;
    try {
      parsed = parseYamlTemplate(input.text);
    } catch {
      return undefined;
    }
    const resources = valueOf(parsed.root, 'resources');
    if (resources?.kind !== 'map') return undefined;
    const context = documentContextOf(input.text, 'yaml');
    const policies: EmbeddedPolicy[] = [];
    for (const entry of resources.entries) {
      const type = /^aws:([A-Za-z0-9]+)(?:\/\w+)?:([A-Za-z0-9]+)$/.exec(scalarValue(valueOf(entry.value, 'type')) ?? '');
      const properties = valueOf(entry.value, 'properties');
      if (!type || properties?.kind !== 'map') continue;
      const [, module, className] = type;
      const values = new Map(properties.entries.flatMap((property) => (property.value?.kind === 'scalar' ? [[property.key, property.value.value] as [string, string]] : [])));
      const owner = `${entry.key} (${type[0]})`;
      // The `!Sub` reading's advice (`${!aws:username}`) is CloudFormation's; Pulumi escapes with `$${…}`.
      const severities = { ...pulumiPolicySeverities(module, className), 'cfn-sub-policy-variable': 'off' as const };
      const add = (node: CfnNode, path: string[], place: string[]) => {
        const policy = policyNode(node);
        const policyType = pulumiPolicyTypeOf(module, className, path, values);
        if (policy && policyType) addPolicy(policies, policy, policyType, [owner, ...place].join(' › '), owner, context, { severities });
      };
      for (const property of properties.entries) {
        const value = property.value;
        if (!value) continue;
        if (value.kind !== 'seq') {
          add(value, [property.key], [property.key]);
          continue;
        }
        // A role's `inlinePolicies: [{ name, policy }]`.
        value.items.forEach((item, index) => {
          if (item?.kind !== 'map') return;
          const name = scalarValue(valueOf(item, 'name'));
          for (const field of item.entries) if (field.value) add(field.value, [property.key, field.key], [name === undefined ? `${property.key}[${index}]` : `${property.key}[${name}]`, field.key]);
        });
      }
    }
    if (policies.length === 0) return undefined;
    const problems = hostParseProblems(parsed.errors, policies, 'yaml', 'Pulumi rejects a program');
    return { kind: 'pulumi', policies, problems: [...problems, ...context.problems].sort((a, b) => a.span.start - b.span.start) };
  },
};

/** The policy a property's value writes: the map under `fn::toJSON`, or a string holding the policy's JSON. */
function policyNode(value: CfnNode): CfnNode | undefined {
  const only = value.kind === 'map' && value.entries.length === 1 ? value.entries[0] : undefined;
  if (only?.value && /^fn::tojson$/i.test(only.key)) return interpolated(only.value);
  if (value.kind === 'scalar' && /"Statement"\s*:/.test(value.value)) return interpolated(value);
  return undefined;
}

/** The value with each string that interpolates (`arn:aws:s3:::${bucket.bucket}/*`) read as a `!Sub` of it. */
function interpolated(node: CfnNode): CfnNode {
  switch (node.kind) {
    case 'scalar':
      // `$${aws:username}` alone is Pulumi's escape of a policy variable: the text is the policy's.
      return /(?<!\$)\$\{/.test(node.value) ? { kind: 'fn', name: 'Fn::Sub', arg: node, span: node.span } : node;
    case 'map':
      return { ...node, entries: node.entries.map((entry) => (entry.value ? { ...entry, value: interpolated(entry.value) } : entry)) };
    case 'seq':
      return { ...node, items: node.items.map((item) => (item ? interpolated(item) : item)) };
    default:
      return node;
  }
}
