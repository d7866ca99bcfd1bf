import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from '../host';
import { entryOf, parseYamlTemplate, scalarValue, valueOf, type CfnEntry, type CfnMap, type CfnNode, type ParsedTemplate } from '../cloudformation/nodes';
import { parseErrorProblem, readParsedTemplate, syntaxWriter, templateContextOf, wrapStatement } from '../cloudformation/reader';
import { policyFromNodes } from '../cloudformation/policy-tree';
import { YamlSyntaxIndex } from '../cloudformation/writer';
import type { TemplateContext } from '../cloudformation/intrinsics';
import { serverlessValues } from './template';

/** Whether a file is named as a Serverless Framework service file: `serverless.yml`, `serverless.dev.yaml`. */
export function isServerlessFileName(uri: string): boolean {
  return /(?:^|\/)serverless(?:\.[\w-]+)?\.ya?ml$/i.test(uri.replace(/[?#].*$/, ''));
}

// The Serverless Framework writes the role's policy with this Version, and the statements have none of their own.
const statementSeverities = { 'version-missing': 'off', 'policy-variable-version': 'off' } as const;

/**
 * Reads a Serverless Framework service file (`serverless.yml`) on AWS: the statements the framework puts in the
 * functions' role (`provider.iam.role.statements`, and `provider.iamRoleStatements` as versions before 3 wrote them),
 * the per-function statements of the serverless-iam-roles-per-function plugin (`functions.<name>.iamRoleStatements`),
 * and the CloudFormation resources of `resources.Resources`, read as a template's. Every `${…}` in a value is a
 * Serverless variable, known when the service is packaged; CloudFormation's intrinsics (`!GetAtt`, `!Sub`) read as
 * in a template. https://www.serverless.com/framework/docs/providers/aws/guide/iam
 */
export const serverlessReader: HostReader = {
  kind: 'serverless',
  extensions: ['.yml', '.yaml'],
  read(input: HostInput): HostDocument | undefined {
    if (!isServerlessFileName(input.uri)) return undefined;
    let parsed;
    try {
      parsed = parseYamlTemplate(input.text);
    } catch {
      return undefined;
    }
    const root = parsed.root;
    if (root?.kind !== 'map' || !entryOf(root, 'service') || !entryOf(root, 'provider')) return undefined;
    const providerName = scalarValue(valueOf(valueOf(root, 'provider'), 'name'));
    if (providerName !== undefined && providerName !== 'aws') return undefined;
    try {
      return readService(input.text, root, parsed.errors);
    } catch (error) {
      // Never throw at the pipeline: a service file we fail on gets one finding instead of its policies.
      return {
        kind: 'serverless',
        policies: [],
        problems: [{ ruleId: 'internal-error', severity: 'warning', message: `The service file could not be read for policies: ${(error as Error).message}`, span: { start: 0, end: 0 } }],
      };
    }
  },
};

function readService(text: string, root: CfnMap, errors: ParsedTemplate['errors']): HostDocument {
  const resources = valueOf(root, 'resources');
  const context = templateContextOf(text, 'yaml', resources?.kind === 'map' ? resources : { kind: 'map', span: root.span, entries: [] });
  context.serverless = serverlessValues(root);
  const policies: EmbeddedPolicy[] = [];
  const provider = valueOf(root, 'provider');
  addStatements(policies, entryOf(valueOf(valueOf(provider, 'iam'), 'role'), 'statements'), 'provider › iam › role › statements', context);
  addStatements(policies, entryOf(provider, 'iamRoleStatements'), 'provider › iamRoleStatements', context);
  const functions = valueOf(root, 'functions');
  for (const entry of functions?.kind === 'map' ? functions.entries : []) {
    addStatements(policies, entryOf(entry.value, 'iamRoleStatements'), `functions › ${entry.key} › iamRoleStatements`, context);
  }
  // `resources` is a CloudFormation template fragment the framework merges into the one it writes.
  const template = resources?.kind === 'map' ? readParsedTemplate(text, 'yaml', { root: resources, errors: [] }, { serverless: context.serverless })?.document : undefined;
  const all = [...policies, ...(template?.policies ?? [])];
  // A key repeated inside a policy is the duplicate-key rule's, as in a template.
  const inPolicy = (error: ParsedTemplate['errors'][number]) => error.code === 'DUPLICATE_KEY' && all.some((p) => p.span.start <= error.span.start && error.span.end <= p.span.end);
  const problems = errors.filter((error) => !inPolicy(error)).map((error) => parseErrorProblem(error, 'yaml', 'The Serverless Framework rejects a service file'));
  return {
    kind: 'serverless',
    policies: all,
    problems: [...problems, ...(template?.problems ?? [])].sort((a, b) => a.span.start - b.span.start),
  };
}

/** A list of statements the framework writes into a role's policy, read as that policy. */
function addStatements(policies: EmbeddedPolicy[], entry: CfnEntry | undefined, name: string, context: TemplateContext): void {
  if (!entry?.value || !isStatementList(entry.value)) return;
  const index = new YamlSyntaxIndex();
  const root = wrapStatement(entry, context, index);
  if (!root) return;
  policies.push({ policy: policyFromNodes(context, root), policyType: 'identity', span: entry.span, name, severities: statementSeverities, ...syntaxWriter(context, index) });
}

// A list, or one statement written as a map; a string is a variable the framework fills in (`${file(iam.yml)}`).
function isStatementList(node: CfnNode): boolean {
  return node.kind === 'seq' || node.kind === 'map' || node.kind === 'fn';
}
