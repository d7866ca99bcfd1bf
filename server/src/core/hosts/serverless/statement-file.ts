import type { EmbeddedPolicy, HostDocument, HostInput } from '../host';
import { entryOf, scalarValue, valueOf, type CfnEntry, type CfnMap, type CfnNode } from '../cloudformation/nodes';
import { alternativeKeys, jinjaBranchMarks, parseTemplateText } from '../cloudformation/jinja';
import { hostParseProblems, readParsedTemplate, templateContextOf } from '../cloudformation/reader';
import { addStatementList, functionRoleStatements } from './statement-list';
import { NO_SERVICE_VALUES } from './variables';

/**
 * A file of role statements that a service file reads with `${file(…)}`: `iamRoleStatements: ${file(iam.yml)}` reads a
 * YAML list of statements, `iam: ${file(resources/iam.yml)}` a map with `role: statements:`, and
 * `iamRoleStatements: ${file(iam.yml):statements}` a map holding the list under a key, `provider: ${file(provider.yml)}`
 * a provider with `iam: role: statements:`. The Framework puts them in the functions' role, as it does the statements
 * written in the service file. A file of functions (`functions: ${file(functions.yml)}`) holds the per-function
 * statements of the serverless-iam-roles-per-function plugin, each its function's role's policy (a file of one
 * function, `hello: ${file(hello.yml)}`, is a list under a key). Their `${…}` are the framework's variables, known
 * when the service is packaged. Any other YAML file is not claimed.
 * https://www.serverless.com/framework/docs/providers/aws/guide/variables#reference-properties-in-other-files
 */
export function readStatementFile(input: HostInput): HostDocument | undefined {
  // Cheap before the YAML parser loads: a statement's Effect starts a line, or an item of a list; and a template
  // (top-level Resources, the CloudFormation reader's) is not parsed here first, only to be parsed again there.
  const path = input.uri.replace(/[?#].*$/, '');
  if (!/\.ya?ml$/i.test(path) || !/^[ \t]*(?:-[ \t]+)?Effect[ \t]*:/m.test(input.text) || /^(?:Resources|AWSTemplateFormatVersion)[ \t]*:/m.test(input.text)) return undefined;
  let parsed;
  try {
    // A file rendered before it is read (a Copilot partial, `Resource:{{range .ArtifactBuckets}}`) through its masked copy.
    parsed = parseTemplateText(input.text, 'yaml');
  } catch {
    return undefined;
  }
  const resources = resourceFragmentOf(parsed.root, path);
  if (resources) {
    const template: CfnMap = {
      kind: 'map',
      span: resources.span,
      entries: [{ key: 'Resources', keySpan: { start: resources.span.start, end: resources.span.start }, value: resources, span: resources.span }],
    };
    // AWS Copilot's split addons (`copilot/<service>/addons/*.yml`) are template fragments too, with no Serverless variables.
    const copilot = /(?:^|\/)copilot\/[^/]+\/addons\/[^/]+$/i.test(path);
    const read = readParsedTemplate(input.text, 'yaml', { root: template, errors: parsed.errors }, copilot ? {} : { serverless: NO_SERVICE_VALUES })?.document;
    return read && { ...read, kind: copilot ? 'cloudformation' : 'serverless' };
  }
  const lists = statementListsOf(parsed.root);
  if (lists.length === 0) return undefined;
  const context = templateContextOf(input.text, 'yaml', { kind: 'map', span: parsed.root!.span, entries: [] });
  // A key in each branch of an `if` of the rendering step is written once in each rendering: no duplicate.
  if (context.jinja) context.alternativeKeys = alternativeKeys(parsed.root, jinjaBranchMarks(input.text));
  context.serverless = NO_SERVICE_VALUES;
  const policies: EmbeddedPolicy[] = [];
  for (const { entry, name } of lists) addStatementList(policies, entry, name, context);
  const problems = hostParseProblems(parsed.errors, policies, 'yaml', { rejects: 'The Serverless Framework rejects a file' }, input.text);
  return { kind: 'serverless', policies, problems: [...problems, ...context.problems].sort((a, b) => a.span.start - b.span.start) };
}

/**
 * The CloudFormation resources a file holds that a service merges into its `resources` with `${file(…)}`: one resource
 * (`LambdaRole: ${file(resource/LambdaRole.yml)}`, a file whose top level is `Type: AWS::IAM::Role` and `Properties`),
 * named by the file, or a map of them (`Resources: ${file(resources.yml)}`, each entry a resource of an AWS type), as
 * the Resources map of a template.
 * https://www.serverless.com/framework/docs/providers/aws/guide/resources
 */
function resourceFragmentOf(root: CfnNode | undefined, path: string): CfnMap | undefined {
  if (root?.kind !== 'map' || root.entries.length === 0) return undefined;
  if (isResource(root)) {
    const name = path.replace(/^.*\//, '').replace(/\.ya?ml$/i, '');
    return { kind: 'map', span: root.span, entries: [{ key: name, keySpan: { start: root.span.start, end: root.span.start }, value: root, span: root.span }] };
  }
  return root.entries.every((entry) => isResource(entry.value)) ? root : undefined;
}

const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy']);

function isResource(node: CfnNode | undefined): boolean {
  return node?.kind === 'map' && /^AWS::/.test(scalarValue(valueOf(node, 'Type')) ?? '') && node.entries.every((entry) => RESOURCE_KEYS.has(entry.key));
}

/**
 * The statements the file holds, each list (or lone statement) as an entry read as a policy's `Statement`, with the
 * name it is shown by: the file's own list; under `role: statements:`; or under any top-level key, a list of
 * statements (`RoleStatements:`) or one statement (`putProfiles:`, which a service names as
 * `${file(iam.yml):putProfiles}` in its list).
 */
function statementListsOf(root: CfnNode | undefined): { entry: CfnEntry; name: string }[] {
  if (root?.kind === 'seq')
    return isStatementList(root) ? [{ entry: { key: 'Statement', keySpan: { start: root.span.start, end: root.span.start }, value: root, span: root.span }, name: 'statements' }] : [];
  if (root?.kind !== 'map') return [];
  const found: { entry: CfnEntry; name: string }[] = [];
  const roleStatements = entryOf(valueOf(root, 'role'), 'statements');
  if (roleStatements?.value && isStatementList(roleStatements.value)) found.push({ entry: roleStatements, name: 'role › statements' });
  // A provider the service reads from a file (`provider: ${file(config/provider.yml)}`): its `iam.role.statements`.
  const providerStatements = entryOf(valueOf(valueOf(root, 'iam'), 'role'), 'statements');
  if (providerStatements?.value && isStatementList(providerStatements.value)) found.push({ entry: providerStatements, name: 'iam › role › statements' });
  const serviceShaped = entryOf(root, 'service') !== undefined && entryOf(root, 'provider') !== undefined;
  for (const entry of root.entries) {
    if (entry.value && (isStatementList(entry.value) || isStatement(entry.value))) found.push({ entry, name: entry.key });
    // The functions a service reads with `functions: ${file(functions.yml)}` (or `:functions`, a key holding them); not
    // those of a service file under another name (`service:` and `provider:`), which is not read as one.
    if (serviceShaped) continue;
    for (const fn of entry.value?.kind === 'map' ? [entry, ...entry.value.entries] : []) {
      const statements = functionRoleStatements(fn.value);
      if (statements) found.push({ entry: statements, name: `${fn === entry ? '' : `${entry.key} › `}${fn.key} › iamRoleStatements` });
    }
  }
  return found;
}

// A list of statements, not another list that happens to hold maps: each item has an Effect, and one an action.
function isStatementList(node: CfnNode): boolean {
  return node.kind === 'seq' && node.items.length > 0 && node.items.every((item) => item.kind === 'map' && entryOf(item, 'Effect') !== undefined) && node.items.some(isStatement);
}

function isStatement(node: CfnNode): boolean {
  return node.kind === 'map' && entryOf(node, 'Effect') !== undefined && (entryOf(node, 'Action') !== undefined || entryOf(node, 'NotAction') !== undefined);
}
