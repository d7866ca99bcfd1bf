import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from '../host';
import { pathOfUri } from '../../config/globs';
import { parseYamlTemplate, scalarValue, valueOf, type CfnEntry, type CfnMap, type CfnNode, type CfnScalar } from '../cloudformation/nodes';
import { coarseText, MappedText } from '../cloudformation/text-map';
import type { Span } from '../../text/span';
import { addPolicy, documentContextOf, hostParseProblems, isYamlDocument } from '../cloudformation/reader';
import { pulumiPolicySeverities, pulumiPolicyTypeOf, type PulumiClass } from './resources';

/**
 * A Pulumi YAML program (`Pulumi.yaml` with `runtime: yaml`, or the `Main.yaml` it names): each resource of the AWS
 * provider under `resources:` (`type: aws:iam:Role`, or aws-native's `aws-native:iam:Role`) and the policies its
 * `properties` take, typed as in the other
 * languages (resources.ts): a policy written as a map under `fn::toJSON`, as JSON text (a block scalar), or rendered by
 * `fn::invoke` of `aws:iam:getPolicyDocument` (in the property, or in `variables:` and named as `${doc.json}`). Pulumi's
 * interpolations (`${bucket.arn}`) are values known when the program runs, read as a CloudFormation `!Sub`'s are;
 * `$${aws:username}` is Pulumi's escape of an IAM policy variable, read as `${aws:username}`.
 * https://www.pulumi.com/docs/iac/languages-sdks/yaml/yaml-language-reference/
 */
export const pulumiYamlReader: HostReader = {
  kind: 'pulumi',
  extensions: ['.yaml', '.yml'],
  read(input: HostInput): HostDocument | undefined {
    if (!/(?:^|[\\/])(?:Pulumi|Main)\.ya?ml$/.test(pathOfUri(input.uri)) || !isYamlDocument(input)) return undefined;
    // Cheap before the YAML parser: a program's resources, one of the AWS provider's.
    if (!/^resources[ \t]*:/m.test(input.text) || !/\btype[ \t]*:[ \t]*["']?aws(?:-native)?:/.test(input.text)) return undefined;
    let parsed;
    try {
      parsed = parseYamlTemplate(input.text);
    } catch {
      return undefined;
    }
    const resources = valueOf(parsed.root, 'resources');
    if (resources?.kind !== 'map') return undefined;
    const context = documentContextOf(input.text, 'yaml');
    const variables = valueOf(parsed.root, 'variables');
    const policies: EmbeddedPolicy[] = [];
    for (const entry of resources.entries) {
      const type = /^(aws|aws-native):([A-Za-z0-9]+)(?:\/\w+)?:([A-Za-z0-9]+)$/.exec(scalarValue(valueOf(entry.value, 'type')) ?? '');
      const properties = valueOf(entry.value, 'properties');
      if (!type || properties?.kind !== 'map') continue;
      const resourceClass: PulumiClass = { provider: type[1] === 'aws' ? 'aws' : 'aws-native', module: type[2], name: type[3] };
      const values = new Map(properties.entries.flatMap((property) => (property.value?.kind === 'scalar' ? [[property.key, property.value.value] as [string, string]] : [])));
      const owner = `${entry.key} (${type[0]})`;
      // The `!Sub` reading's advice (`${!aws:username}`) is CloudFormation's; Pulumi escapes with `$${…}`.
      const add = (node: CfnNode, path: string[], place: string[]) => {
        const policy = policyNode(node, resourceClass) ?? documentOfInvoke(node, variables);
        const policyType = pulumiPolicyTypeOf(resourceClass, path, values);
        const severities = { ...pulumiPolicySeverities(resourceClass, path), 'cfn-sub-policy-variable': 'off' as const };
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
          const name = scalarValue(valueOf(item, 'name') ?? valueOf(item, 'policyName'));
          for (const field of item.entries) if (field.value) add(field.value, [property.key, field.key], [name === undefined ? `${property.key}[${index}]` : `${property.key}[${name}]`, field.key]);
        });
      }
    }
    if (policies.length === 0) return undefined;
    const problems = hostParseProblems(parsed.errors, policies, 'yaml', { rejects: 'Pulumi rejects a program' }, input.text);
    return { kind: 'pulumi', policies, problems: [...problems, ...context.problems].sort((a, b) => a.span.start - b.span.start) };
  },
};

/**
 * The policy a property's value writes: the map under `fn::toJSON`, or a string holding the policy's JSON. An
 * aws-native resource takes the policy's map as it is (its policy properties are objects, as CloudFormation's are).
 */
function policyNode(value: CfnNode, resourceClass: PulumiClass): CfnNode | undefined {
  const only = value.kind === 'map' && value.entries.length === 1 ? value.entries[0] : undefined;
  if (only?.value && /^fn::tojson$/i.test(only.key)) return interpolated(only.value);
  if (resourceClass.provider === 'aws-native' && value.kind === 'map' && valueOf(value, 'Statement')) return interpolated(value);
  if (value.kind === 'scalar' && /"Statement"\s*:/.test(value.value)) return interpolated(value);
  return undefined;
}

/** The value with each string that interpolates (`arn:aws:s3:::${bucket.bucket}/*`) read as a `!Sub` of it. */
function interpolated(node: CfnNode): CfnNode {
  switch (node.kind) {
    case 'scalar':
      if (/(?<!\$)\$\{/.test(node.value)) return { kind: 'fn', name: 'Fn::Sub', arg: node, span: node.span };
      return node.value.includes('$${') ? unescaped(node) : node;
    case 'map':
      return { ...node, entries: node.entries.map((entry) => (entry.value ? { ...entry, value: interpolated(entry.value) } : entry)) };
    case 'seq':
      return { ...node, items: node.items.map((item) => (item ? interpolated(item) : item)) };
    default:
      return node;
  }
}

/**
 * The policy `fn::invoke` of `aws:iam:getPolicyDocument` renders, as the provider does (Allow by default, principals
 * merged by type, conditions by test and variable), written in the shape of a policy whose keys sit on the arguments
 * that write them (`actions` is the Action): in the property itself, or a variable the property names as
 * `${assumeRole.json}`.
 */
function documentOfInvoke(value: CfnNode, variables: CfnNode | undefined): CfnNode | undefined {
  const named = value.kind === 'scalar' ? /^\$\{([\w-]+)\.json\}$/.exec(value.value.trim()) : null;
  const written = named ? valueOf(variables, named[1]) : value;
  const invoke = written?.kind === 'map' && written.entries.length === 1 && /^fn::invoke$/i.test(written.entries[0].key) ? written.entries[0].value : undefined;
  const member = (node: CfnNode | undefined, key: string) => (node?.kind === 'map' ? node.entries.find((entry) => entry.key.toLowerCase() === key.toLowerCase()) : undefined);
  if (!/^aws:iam(?:\/getPolicyDocument)?:getPolicyDocument$/.test(scalarValue(member(invoke, 'function')?.value) ?? '')) return undefined;
  const args = member(invoke, 'arguments')?.value;
  const statements = member(args, 'statements');
  if (args?.kind !== 'map' || statements?.value?.kind !== 'seq') return undefined;
  const version = member(args, 'version');
  const entries: CfnEntry[] = [
    version ? { ...version, key: 'Version' } : implied('Version', '2012-10-17', args.span),
    { ...statements, key: 'Statement', value: { ...statements.value, items: statements.value.items.map((item) => (item?.kind === 'map' ? statementOf(item) : item)) } },
  ];
  return interpolated({ kind: 'map', span: args.span, entries });
}

const STATEMENT_KEYS: Readonly<Record<string, string>> = { sid: 'Sid', effect: 'Effect', actions: 'Action', notActions: 'NotAction', resources: 'Resource', notResources: 'NotResource' };

function statementOf(item: CfnMap): CfnMap {
  const entries: CfnEntry[] = [];
  for (const entry of item.entries) {
    const key = STATEMENT_KEYS[entry.key];
    if (key) entries.push({ ...entry, key });
    else if (entry.key === 'principals' || entry.key === 'notPrincipals') entries.push({ ...entry, key: entry.key === 'principals' ? 'Principal' : 'NotPrincipal', value: principalsOf(entry.value) });
    else if (entry.key === 'conditions') entries.push({ ...entry, key: 'Condition', value: conditionsOf(entry.value) });
    // Other arguments (a key the provider does not know) are kept, for the rules to name.
    else entries.push(entry);
  }
  if (!entries.some((entry) => entry.key === 'Effect')) entries.unshift(implied('Effect', 'Allow', { start: item.span.start, end: item.span.start }));
  return { ...item, entries };
}

/** `[{ type: Service, identifiers: [lambda.amazonaws.com] }]` as `{ Service: [lambda.amazonaws.com] }`, merged by type. */
function principalsOf(list: CfnNode | undefined): CfnNode | undefined {
  if (list?.kind !== 'seq') return list;
  const byType = new Map<string, CfnEntry>();
  for (const item of list.items) {
    const type = item?.kind === 'map' ? item.entries.find((entry) => entry.key === 'type') : undefined;
    const identifiers = item?.kind === 'map' ? item.entries.find((entry) => entry.key === 'identifiers')?.value : undefined;
    const name = scalarValue(type?.value);
    if (!item || !type?.value || name === undefined || !identifiers) return list;
    // `type: "*"` with `identifiers: ["*"]` is everyone.
    if (name === '*' && identifiers.kind === 'seq' && identifiers.items.length === 1 && scalarValue(identifiers.items[0]) === '*') return identifiers.items[0];
    const merged = byType.get(name);
    if (merged?.value?.kind === 'seq' && identifiers.kind === 'seq') merged.value = { ...merged.value, items: [...merged.value.items, ...identifiers.items] };
    else byType.set(name, { key: name, keySpan: type.value.span, value: identifiers, span: item.span });
  }
  return { kind: 'map', span: list.span, entries: [...byType.values()] };
}

/** `[{ test, variable, values }]` as `{ test: { variable: values } }`, merged by test and variable. */
function conditionsOf(list: CfnNode | undefined): CfnNode | undefined {
  if (list?.kind !== 'seq') return list;
  const byTest = new Map<string, { entry: CfnEntry; keys: Map<string, CfnEntry> }>();
  for (const item of list.items) {
    const field = (key: string) => (item?.kind === 'map' ? item.entries.find((entry) => entry.key === key) : undefined);
    const test = field('test');
    const variable = field('variable');
    const values = field('values')?.value;
    const testName = scalarValue(test?.value);
    const variableName = scalarValue(variable?.value);
    if (!item || !test?.value || !variable?.value || testName === undefined || variableName === undefined || !values) return list;
    let operator = byTest.get(testName);
    if (!operator) byTest.set(testName, (operator = { entry: { key: testName, keySpan: test.value.span, value: undefined, span: item.span }, keys: new Map() }));
    const known = operator.keys.get(variableName);
    if (known?.value?.kind === 'seq' && values.kind === 'seq') known.value = { ...known.value, items: [...known.value.items, ...values.items] };
    else operator.keys.set(variableName, { key: variableName, keySpan: variable.value.span, value: values, span: item.span });
  }
  return {
    kind: 'map',
    span: list.span,
    entries: [...byTest.values()].map(({ entry, keys }) => ({ ...entry, value: { kind: 'map', span: entry.span, entries: [...keys.values()] } as CfnMap })),
  };
}

/**
 * A string whose only `${` are Pulumi's escapes (`home/$${aws:username}/*`): the policy holds `home/${aws:username}/*`,
 * each character still at its place in the file.
 */
function unescaped(node: CfnScalar): CfnScalar {
  let text: MappedText | undefined;
  const make = () => {
    const written = node.text();
    const result = new MappedText(written.anchor);
    for (let i = 0; i < written.value.length; i++) if (!(written.value[i] === '$' && written.value.startsWith('${', i + 1))) result.push(written.value[i], written.starts[i], written.ends[i]);
    return result;
  };
  const unescape = (written: string) => written.replace(/\$\$\{/g, '${');
  return { ...node, value: unescape(node.value), ...(typeof node.resolved === 'string' ? { resolved: unescape(node.resolved) } : {}), text: () => (text ??= make()) };
}

/** An element the provider writes that the program does not: its value where `at` is. */
function implied(key: string, value: string, at: Span): CfnEntry {
  const span = { start: at.start, end: at.start };
  const scalar: CfnScalar = { kind: 'scalar', span, value, jsonType: 'string', text: () => coarseText(value, span) };
  return { key, keySpan: span, value: scalar, span };
}
