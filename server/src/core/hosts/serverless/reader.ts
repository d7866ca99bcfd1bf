import type { EmbeddedPolicy, HostDocument, HostInput, HostLink, HostReader } from '../host';
import { entryOf, parseYamlTemplate, scalarValue, valueOf, type CfnMap, type CfnNode, type ParsedTemplate } from '../cloudformation/nodes';
import type { Fix } from '../../checks/check';
import { writeFix } from '../cdk/reader';
import { parseServerlessScript } from './script';
import { hostParseProblems, readParsedTemplate, templateContextOf } from '../cloudformation/reader';
import { addStatementList } from './statement-list';
import { readStatementFile } from './statement-file';
import { mayBeFunctionScript, readFunctionScript } from './function-script';
import { frameworkRoleIds, serverlessValues, withFrameworkRoleTypes } from './template';
import { uriRelativeTo } from '../../text/file-uri';

/** Whether a file is named as a Serverless Framework service file: `serverless.yml`, `serverless.dev.yaml`, `serverless.json`. */
export function isServerlessFileName(uri: string): boolean {
  return /(?:^|\/)serverless(?:\.[\w-]+)?\.(?:ya?ml|json)$/i.test(uri.replace(/[?#].*$/, ''));
}

/**
 * Whether a file is a Serverless Framework service file: named so, or a YAML file of another name (`serverless-prod.yml`
 * given to `sls deploy --config`, `api-serverless.yml`) whose top level holds `service:` and `provider:`, as only a
 * service file's does.
 */
export function isServerlessServiceFile(uri: string, text: string): boolean {
  if (isServerlessFileName(uri)) return true;
  return /\.ya?ml$/i.test(uri.replace(/[?#].*$/, '')) && /^service[ \t]*:/m.test(text) && /^provider[ \t]*:/m.test(text);
}

/** Whether a file is named as a service file written in code: `serverless.ts` (the framework's TypeScript template), `serverless.js`. */
export function isServerlessScriptName(uri: string): boolean {
  return /(?:^|\/)serverless\.[cm]?[jt]s$/i.test(uri.replace(/[?#].*$/, ''));
}

/**
 * Reads a Serverless Framework service file (`serverless.yml`) on AWS: the statements the framework puts in the
 * functions' role (`provider.iam.role.statements`, and `provider.iamRoleStatements` as versions before 3 wrote them),
 * the per-function statements of the serverless-iam-roles-per-function plugin (`functions.<name>.iamRoleStatements`),
 * the REST API's resource policy (`provider.apiGateway.resourcePolicy`),
 * and the CloudFormation resources of `resources.Resources`, read as a template's. Every `${…}` in a value is a
 * Serverless variable, known when the service is packaged; CloudFormation's intrinsics (`!GetAtt`, `!Sub`) read as
 * in a template. https://www.serverless.com/framework/docs/providers/aws/guide/iam
 */
export const serverlessReader: HostReader = {
  kind: 'serverless',
  extensions: ['.yml', '.yaml', '.json', '.ts', '.js', '.cjs', '.mjs', '.cts', '.mts'],
  read(input: HostInput): HostDocument | undefined {
    if (isServerlessScriptName(input.uri)) return readServiceScript(input);
    if (mayBeFunctionScript(input.uri, input.text)) return readFunctionScript(input);
    if (!isServerlessServiceFile(input.uri, input.text)) return readStatementFile(input);
    let parsed;
    try {
      parsed = parseYamlTemplate(input.text);
    } catch {
      return undefined;
    }
    const root = parsed.root;
    if (!isAwsService(root)) return undefined;
    try {
      return readService(input.text, root, parsed.errors, input.uri);
    } catch (error) {
      return serviceReadFailure(error as Error);
    }
  },
};

// Never throw at the pipeline: a service file we fail on gets one finding instead of its policies.
function serviceReadFailure(error: Error): HostDocument {
  return {
    kind: 'serverless',
    policies: [],
    problems: [{ ruleId: 'internal-error', severity: 'warning', message: `The service file could not be read for policies: ${error.message}`, span: { start: 0, end: 0 } }],
  };
}

function isAwsService(root: CfnNode | undefined): root is CfnMap {
  if (root?.kind !== 'map' || !entryOf(root, 'service') || !entryOf(root, 'provider')) return false;
  const providerName = scalarValue(valueOf(valueOf(root, 'provider'), 'name'));
  return providerName === undefined || providerName === 'aws';
}

/**
 * `serverless.ts`: the exported object read as the YAML service file is (script.ts), each fix written as TypeScript
 * (a string literal in its own quotes), as in a CDK app.
 */
function readServiceScript(input: HostInput): HostDocument | undefined {
  if (!/\bprovider\b/.test(input.text) || !/\bservice\b/.test(input.text)) return undefined;
  const root = parseServerlessScript(input.text);
  if (!isAwsService(root)) return undefined;
  try {
    const document = readService(input.text, root, [], input.uri);
    return { ...document, policies: document.policies.map((policy) => ({ ...policy, writeFix: (fix: Fix) => writeFix(input.text, fix) })) };
  } catch (error) {
    return serviceReadFailure(error as Error);
  }
}

function readService(text: string, root: CfnMap, errors: ParsedTemplate['errors'], uri: string): HostDocument {
  const resources = valueOf(root, 'resources');
  const context = templateContextOf(text, 'yaml', resources?.kind === 'map' ? resources : { kind: 'map', span: root.span, entries: [] });
  context.serverless = serverlessValues(root);
  const policies: EmbeddedPolicy[] = [];
  const provider = valueOf(root, 'provider');
  addStatementList(policies, entryOf(valueOf(valueOf(provider, 'iam'), 'role'), 'statements'), 'provider › iam › role › statements', context);
  addStatementList(policies, entryOf(provider, 'iamRoleStatements'), 'provider › iamRoleStatements', context);
  // The REST API's resource policy: `provider.apiGateway.resourcePolicy`, `provider.resourcePolicy` before version 3.
  // https://www.serverless.com/framework/docs/providers/aws/events/apigateway#resource-policy
  addStatementList(policies, entryOf(valueOf(provider, 'apiGateway'), 'resourcePolicy'), 'provider › apiGateway › resourcePolicy', context, 'resource');
  addStatementList(policies, entryOf(provider, 'resourcePolicy'), 'provider › resourcePolicy', context, 'resource');
  // A map of functions, or a list of maps the framework merges (its `${file(…)}` items are checked in their files).
  const functions = valueOf(root, 'functions');
  const functionMaps = functions?.kind === 'seq' ? functions.items : [functions];
  for (const entry of functionMaps.flatMap((map) => (map?.kind === 'map' ? map.entries : []))) {
    addStatementList(policies, entryOf(entry.value, 'iamRoleStatements'), `functions › ${entry.key} › iamRoleStatements`, context);
  }
  for (const { name, config } of appSyncDataSources(root)) {
    if (!entryOf(config, 'serviceRoleArn')) addStatementList(policies, entryOf(config, 'iamRoleStatements'), `${name} › config › iamRoleStatements`, context);
  }
  // `resources` is a CloudFormation template fragment the framework merges into the one it writes.
  // An entry that changes one of the framework's roles without a Type (`IamRoleLambdaExecution: { Properties }`) is that role.
  const typed = resources?.kind === 'map' ? withFrameworkRoleTypes(resources, frameworkRoleIds(root)) : undefined;
  const template = typed ? readParsedTemplate(text, 'yaml', { root: typed, errors: [] }, { serverless: context.serverless })?.document : undefined;
  const all = [...policies, ...(template?.policies ?? [])];
  const problems = hostParseProblems(errors, all, 'yaml', { rejects: 'The Serverless Framework rejects a service file' }, text);
  const links = fileLinks(text, uri);
  return {
    kind: 'serverless',
    policies: all,
    problems: [...problems, ...context.problems, ...(template?.problems ?? [])].sort((a, b) => a.span.start - b.span.start),
    ...(links.length > 0 ? { links } : {}),
  };
}

/**
 * The data sources of the serverless-appsync-plugin's GraphQL APIs, each with its `config`: the plugin makes each data
 * source a role of its `config.iamRoleStatements`, unless the source names its own (`serviceRoleArn`). Version 2
 * writes them under `appSync.dataSources`, a map by name (or a list of such maps); version 1 under `custom.appSync`
 * (one API, or a list of them), a list of `{ name, type, config }`.
 * https://github.com/sid88in/serverless-appsync-plugin/blob/master/doc/dataSources.md
 */
function appSyncDataSources(root: CfnMap): { name: string; config: CfnNode | undefined }[] {
  const found: { name: string; config: CfnNode | undefined }[] = [];
  const listed = valueOf(valueOf(root, 'appSync'), 'dataSources');
  for (const map of listed?.kind === 'seq' ? listed.items : [listed]) {
    if (map?.kind !== 'map') continue;
    for (const entry of map.entries) found.push({ name: `appSync › dataSources › ${entry.key}`, config: valueOf(entry.value, 'config') });
  }
  const custom = valueOf(valueOf(root, 'custom'), 'appSync');
  for (const api of custom?.kind === 'seq' ? custom.items : [custom]) {
    const sources = valueOf(api, 'dataSources');
    for (const [index, source] of (sources?.kind === 'seq' ? sources.items : []).entries()) {
      const name = scalarValue(valueOf(source, 'name')) ?? `[${index}]`;
      found.push({ name: `custom › appSync › dataSources › ${name}`, config: valueOf(source, 'config') });
    }
  }
  return found;
}

/**
 * The YAML and JSON files the service reads with `${file(./iam.yml)}` or `${file(resources/iam.yml):RoleStatements}`,
 * as links from where their paths are written: each is checked on its own (statement-file.ts, a template, a policy).
 * The Framework resolves the path against the service's folder.
 */
function fileLinks(text: string, uri: string): HostLink[] {
  const links: HostLink[] = [];
  for (const match of text.matchAll(/\$\{file\(\s*(['"]?)([^'"()\s]+\.(?:ya?ml|json))\1\s*\)/g)) {
    const path = match[2];
    const start = match.index! + match[0].indexOf(path);
    const target = uriRelativeTo(path, uri);
    if (target === undefined) continue;
    links.push({ span: { start, end: start + path.length }, target, tooltip: 'Open the file the Serverless Framework reads here' });
  }
  return links;
}
