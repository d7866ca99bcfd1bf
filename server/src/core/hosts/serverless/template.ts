import type { Span } from '../../text/span';
import { entryOf, scalarValue, valueOf, type CfnEntry, type CfnMap, type CfnNode } from '../cloudformation/nodes';
import { coarseText } from '../cloudformation/text-map';
import type { ServerlessValues } from './variables';
import { NO_INCLUDES, type ServiceInclude } from './includes';

/** The values a service file writes, by path, for its `${self:…}` variables: scalars only. */
export function serverlessValues(root: CfnMap): ServerlessValues {
  return {
    valueAt(path) {
      let node: CfnNode | undefined = root;
      for (const key of path) node = valueOf(node, key);
      return node?.kind === 'scalar' && node.jsonType !== 'null' ? node.value : undefined;
    },
  };
}

/**
 * The IAM part of the CloudFormation template the Serverless Framework writes for a service, as nodes of the service
 * file (so every span is the service file's): the functions' role `IamRoleLambdaExecution`, with the provider's
 * statements as its inline policy, its managed policies and permissions boundary; a role per function with
 * `iamRoleStatements` (the serverless-iam-roles-per-function plugin); and the resources of `resources.Resources`. What
 * the framework adds on its own (the log statements of the functions' log groups) is not written here.
 * https://www.serverless.com/framework/docs/providers/aws/guide/iam
 */
export function serverlessTemplate(root: CfnMap, include: ServiceInclude = NO_INCLUDES): CfnMap {
  const entries = frameworkRoles(root, include);
  // `resources` is a fragment, or a list of fragments (`- ${file(resources/iam.yml)}`), the framework merges.
  const written = include(valueOf(root, 'resources'));
  const fragments = written?.kind === 'seq' ? written.items.map((item) => include(item)) : [written];
  const conditions: CfnEntry[] = [];
  for (const fragment of fragments) {
    const resources = valueOf(fragment, 'Resources');
    if (resources?.kind === 'map')
      for (const entry of resources.entries) {
        const index = entry.value?.kind === 'map' && valueOf(entry.value, 'Type') === undefined ? entries.findIndex((each) => each.key === entry.key) : -1;
        if (index >= 0) entries[index] = overridden(entries[index], entry);
        else entries.push(entry);
      }
    const written = valueOf(fragment, 'Conditions');
    if (written?.kind === 'map') conditions.push(...written.entries);
  }
  const template: CfnEntry[] = [{ key: 'Resources', keySpan: root.span, value: { kind: 'map', span: root.span, entries }, span: root.span }];
  if (conditions.length > 0) template.push(field('Conditions', { kind: 'map', span: root.span, entries: conditions }, root.span));
  return { kind: 'map', span: root.span, entries: template };
}

/**
 * The roles the framework writes for the service's functions, as resources placed where the file asks for them: its
 * own `IamRoleLambdaExecution`, and one per function with `iamRoleStatements` (the serverless-iam-roles-per-function
 * plugin's).
 */
function frameworkRoles(root: CfnMap, include: ServiceInclude): CfnEntry[] {
  const entries: CfnEntry[] = [];
  // `provider: ${file(config/provider.yml)}` too.
  const provider = include(valueOf(root, 'provider'));
  // `iam: ${file(iam.yml)}`, `statements: ${file(iam.yml):statements}` and the like: what the file holds, when read.
  const role = include(valueOf(include(valueOf(provider, 'iam')), 'role'));
  const statementsOf = (entry: CfnEntry | undefined): CfnEntry | undefined => {
    const value = include(entry?.value);
    // A statement written `- ${file(iam.yml):putProfiles}` is the one the file holds.
    return entry && value ? { ...entry, value: value.kind === 'seq' ? { ...value, items: value.items.map((item) => include(item) ?? item) } : value } : entry;
  };
  const functionEntries = functionsOf(include(valueOf(root, 'functions')), include);
  const service = scalarValue(valueOf(root, 'service')) ?? 'service';
  // The framework's defaults when the file gives none; a value written with variables is named as written.
  const stage = scalarValue(valueOf(provider, 'stage')) ?? 'dev';
  const region = scalarValue(valueOf(provider, 'region')) ?? 'us-east-1';
  const providerStatements = statementsOf(entryOf(role, 'statements') ?? entryOf(provider, 'iamRoleStatements'));
  // A role named by ARN or logical id (`provider.iam.role: arn:…`, `provider.role`) replaces the framework's own,
  // which it writes for the service's functions.
  const frameworkRole = functionEntries.length > 0 && valueOf(provider, 'role') === undefined && (role === undefined || role.kind === 'map');
  const providerEntry = entryOf(root, 'provider')!;
  if (frameworkRole) {
    const roleMap = role?.kind === 'map' ? role : undefined;
    const name = scalarValue(valueOf(roleMap, 'name')) ?? `${service}-${stage}-${region}-lambdaRole`;
    const managed = valueOf(roleMap, 'managedPolicies') ?? valueOf(provider, 'iamManagedPolicies');
    const boundary = valueOf(roleMap, 'permissionsBoundary') ?? valueOf(provider, 'rolePermissionsBoundary');
    const others: CfnEntry[] = [];
    if (managed) others.push(field('ManagedPolicyArns', managed, managed.span));
    if (boundary) others.push(field('PermissionsBoundary', boundary, boundary.span));
    const policies = providerStatements ? [inlinePolicy(`${service}-${stage}-lambda`, providerStatements)] : [];
    entries.push(roleResource('IamRoleLambdaExecution', providerEntry.keySpan, name, policies, others));
  }
  // The plugin's default for `iamRoleStatementsInherit`, which a function may override.
  const defaultInherit = scalarValue(valueOf(valueOf(valueOf(root, 'custom'), 'serverless-iam-roles-per-function'), 'defaultInherit')) === 'true';
  for (const fn of functionEntries) {
    const statements = statementsOf(entryOf(fn.value, 'iamRoleStatements'));
    if (!statements) continue;
    // The plugin's role: `<service>-<stage>-<function>-<region>-lambdaRole`, the provider's statements added when the
    // function inherits them (https://github.com/functionalone/serverless-iam-roles-per-function).
    const inherit = scalarValue(valueOf(fn.value, 'iamRoleStatementsInherit'));
    const inherits = inherit === undefined ? defaultInherit : inherit === 'true';
    const policies = [inlinePolicy(`${service}-${stage}-${fn.key}-lambda`, statements)];
    if (inherits && providerStatements) policies.push(inlinePolicy(`${service}-${stage}-lambda`, providerStatements));
    const logicalId = `${fn.key.replace(/[^A-Za-z0-9]/g, '')}IamRoleLambdaExecution`;
    // `iamRoleStatementsName` names the role instead.
    const roleName = scalarValue(valueOf(fn.value, 'iamRoleStatementsName')) ?? `${service}-${stage}-${fn.key}-${region}-lambdaRole`;
    entries.push(roleResource(logicalId, fn.keySpan, roleName, policies, []));
  }
  return entries;
}

/** The logical IDs of the roles the framework writes for a service's functions, which `resources` may change without a Type. */
export function frameworkRoleIds(root: CfnMap, include: ServiceInclude = NO_INCLUDES): Set<string> {
  return new Set(frameworkRoles(root, include).map((entry) => entry.key));
}

/**
 * `resources` with each entry of its Resources that changes one of the framework's roles without a Type (see
 * overridden) typed as that role, so that its policies are read as the role's.
 */
export function withFrameworkRoleTypes(resources: CfnMap, roleIds: ReadonlySet<string>): CfnMap {
  const map = valueOf(resources, 'Resources');
  if (map?.kind !== 'map' || !map.entries.some((entry) => isRoleChange(entry, roleIds))) return resources;
  const typed = map.entries.map((entry) =>
    isRoleChange(entry, roleIds) && entry.value?.kind === 'map'
      ? { ...entry, value: { ...entry.value, entries: [field('Type', scalar('AWS::IAM::Role', entry.keySpan), entry.keySpan), ...entry.value.entries] } }
      : entry,
  );
  return { ...resources, entries: resources.entries.map((entry) => (entry.key === 'Resources' ? { ...entry, value: { ...map, entries: typed } } : entry)) };
}

function isRoleChange(entry: CfnEntry, roleIds: ReadonlySet<string>): boolean {
  return roleIds.has(entry.key) && entry.value?.kind === 'map' && valueOf(entry.value, 'Type') === undefined;
}

/**
 * The framework merges `resources.Resources` into the template it writes: an entry named as one of its own resources,
 * without a `Type` (`IamRoleLambdaExecution: { Properties: { Policies: [...] } }`), changes that resource. Its
 * properties replace the framework's, but its `Policies` are read beside the framework's: the framework merges the two
 * lists item by item, and each policy written is the role's either way.
 * https://www.serverless.com/framework/docs/providers/aws/guide/resources#override-aws-cloudformation-resource
 */
function overridden(generated: CfnEntry, override: CfnEntry): CfnEntry {
  const writtenEntry = entryOf(override.value, 'Properties');
  const written = writtenEntry?.value;
  const own = valueOf(generated.value, 'Properties');
  if (!writtenEntry || written?.kind !== 'map' || own?.kind !== 'map' || generated.value?.kind !== 'map') return generated;
  const properties = own.entries.filter((entry) => valueOf(written, entry.key) === undefined || entry.key === 'Policies');
  for (const entry of written.entries) {
    const index = properties.findIndex((each) => each.key === entry.key);
    const mine = index >= 0 ? properties[index].value : undefined;
    if (mine?.kind === 'seq' && entry.value?.kind === 'seq') properties[index] = { ...entry, value: { ...entry.value, items: [...mine.items, ...entry.value.items] } };
    else if (index >= 0) properties[index] = entry;
    else properties.push(entry);
  }
  const others = generated.value.entries.filter((entry) => entry.key !== 'Properties');
  return { ...generated, value: { ...generated.value, entries: [...others, { ...writtenEntry, value: { ...written, entries: properties } }] } };
}

/**
 * The service's functions by name: `functions` is a map, or a list of maps the framework merges (`- ${file(api.yml)}`),
 * and the map, each item or each function may be a `${file(…)}` of a file beside the service file.
 */
function functionsOf(functions: CfnNode | undefined, include: ServiceInclude): CfnEntry[] {
  const maps = functions?.kind === 'seq' ? functions.items.map((item) => include(item)) : [functions];
  const entries: CfnEntry[] = [];
  for (const map of maps) if (map?.kind === 'map') for (const entry of map.entries) entries.push({ ...entry, value: include(entry.value) });
  return entries;
}

/** An AWS::IAM::Role the framework writes, placed at `span` (where the file asks for it), trusting Lambda. */
function roleResource(logicalId: string, span: Span, name: string, policies: CfnNode[], others: CfnEntry[]): CfnEntry {
  const trust = map(span, {
    Version: scalar('2012-10-17', span),
    Statement: seq(span, [map(span, { Effect: scalar('Allow', span), Principal: map(span, { Service: scalar('lambda.amazonaws.com', span) }), Action: scalar('sts:AssumeRole', span) })]),
  });
  const properties: CfnEntry[] = [field('RoleName', scalar(name, span), span), field('AssumeRolePolicyDocument', trust, span)];
  if (policies.length > 0) properties.push(field('Policies', seq(span, policies), span));
  properties.push(...others);
  return field(logicalId, map(span, { Type: scalar('AWS::IAM::Role', span), Properties: { kind: 'map', span, entries: properties } }), span);
}

/** An item of the role's `Policies` whose document is the statements written in the file, where they are written. */
function inlinePolicy(name: string, statements: CfnEntry): CfnNode {
  const span = statements.span;
  const document: CfnMap = { kind: 'map', span, entries: [field('Version', scalar('2012-10-17', span), span), { ...statements, key: 'Statement' }] };
  return map(span, { PolicyName: scalar(name, span), PolicyDocument: document });
}

function field(key: string, value: CfnNode, span: Span): CfnEntry {
  return { key, keySpan: span, value, span };
}

function map(span: Span, values: Record<string, CfnNode>): CfnMap {
  return { kind: 'map', span, entries: Object.entries(values).map(([key, value]) => field(key, value, span)) };
}

function seq(span: Span, items: CfnNode[]): CfnNode {
  return { kind: 'seq', span, items };
}

function scalar(value: string, span: Span): CfnNode {
  return { kind: 'scalar', span, value, jsonType: 'string', text: () => coarseText(value, span) };
}
