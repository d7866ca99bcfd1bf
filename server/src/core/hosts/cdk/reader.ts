import { serverlessVariables } from '../serverless/variables';
import type { Node } from '@babel/types';
import { isIamShapedJson } from '../iam-shape';
import { findNodeAtLocation } from 'jsonc-parser';
import type { Fix, TextEdit } from '../../checks/check';
import type { HostJsonNode } from '../../policy/parse-policy';
import type { JsonNode } from '../../policy/model';
import type { PolicyType } from '../../policy/policy-type';
import { pathOfUri } from '../../config/globs';
import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from '../host';
import { impliedString } from '../terraform/hcl';
import { arrayNode, objectNode, policyFromNodes, propertyNode } from '../terraform/nodes';
import { calleeName, calleeOwnerName, cdkParseError, memberName, parseCdkSource, propertyKey, resolved, sourceOf, spanOf, unwrapExpression, type CdkSource } from './syntax';
import { GRANT_LISTS, lambdaPermissionStatement, publicAccessStatement, STATEMENT_METHODS, statementOfProps, trustStatementsOf, type StatementCall } from './statements';
import { loadPythonParser, parsePythonCdkSource } from './python';
import { loadJavaParser, parseJavaCdkSource } from './java';
import { loadGoParser, parseGoCdkSource } from './go';
import { loadCSharpParser, parseCSharpCdkSource } from './csharp';
import { jsonShapedOf, literalTextOf } from './values';
import { readJsonTemplate } from '../terraform/json-template';
import type { TemplateText } from '../terraform/template';
import { endpointPolicySeverities, type HostSeverities } from '../resource-policy-defaults';
import { policyTypeOfKey } from '../json-config';

/**
 * An AWS CDK app's TypeScript or JavaScript source (a module of aws-cdk-lib, or of CDK v1's `@aws-cdk/…`): the policies it
 * writes, each as the JSON CDK synthesizes, its findings at the code that writes them.
 * - `new iam.PolicyDocument({ statements })`, `new iam.Policy(…, { statements })`, `new iam.ManagedPolicy(…,
 *   { statements })` and a function's `initialPolicy` are one policy each, of their statements;
 * - a `new iam.PolicyStatement({ … })` anywhere else (`role.addToPolicy(…)`, `bucket.addToResourcePolicy(…)`) is a
 *   policy of one statement;
 * - an object in the JSON shape of a policy (`PolicyDocument.fromJson({ … })`, an L1 construct's
 *   `policyDocument: { Version, Statement }`) is read as that JSON.
 * Values the app computes (`bucket.bucketArn`, `props.actions`) are placeholders, as a template's intrinsics are.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam.PolicyStatement.html
 */
export const cdkReader: HostReader = {
  kind: 'cdk',
  extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'],
  read(input: HostInput): HostDocument | undefined {
    if (!isCdkSourceName(input)) return undefined;
    // Cheap before the parser: an app's file imports the IAM module and writes a statement or a policy.
    if (!CDK_IMPORT.test(input.text) || !WRITES_POLICY.test(input.text)) return undefined;
    const read = readCdkPolicies(input.text);
    if (!read) {
      // A source Babel cannot recover a tree from (a syntax it does not know yet): say so, or `lint` in CI would pass
      // over the app's policies without a word.
      const reason = cdkParseError(input.text);
      return reason === undefined ? undefined : { kind: 'cdk', policies: [], problems: [], unreadable: `a CDK source Babel cannot parse (${reason}), so its policies are not checked` };
    }
    return { kind: 'cdk', policies: read.sites.map((site) => site.embedded), problems: [] };
  },
};

/** What a source that writes a policy names: a statement, a document, whom a role trusts (`assumedBy`), a public bucket, a function's or an event bus's permission. */
const WRITES_POLICY =
  /PolicyStatement|PolicyDocument|Statement|CfnEventBusPolicy|[aA]ssumed_?[bB]y|[pP]ublic_?[rR]ead_?[aA]ccess|[gG]rant_?[pP]ublic_?[aA]ccess|[aA]dd_?[pP]ermission|[pP]ermissions|[aA]dd_?[tT]o_?[pP]rincipal/;

// Any module of the CDK: a public bucket or a function's permission needs no aws-iam import (`aws-cdk-lib/aws-s3`,
// CDK v1's `@aws-cdk/aws-s3`, as aws-cdk-examples' static-site writes it, and `monocdk`, CDK v1's one-package
// preview of aws-cdk-lib, which cdklabs' aws-delivlib still imports).
const CDK_IMPORT = /(?:from\s*|require\(\s*)["'](?:(?:aws-cdk-lib|monocdk)(?:\/[a-z0-9-]+)?|@aws-cdk\/(?:aws-[a-z0-9-]+|core)|sst\/constructs|@serverless-stack\/resources)["']/;

/** SST v2's `sst/constructs` and v1's `@serverless-stack/resources`: CDK constructs with their own `permissions`. */
const SST_IMPORT = /(?:from\s*|require\(\s*)["'](?:sst\/constructs|@serverless-stack\/resources)["']/;

/**
 * A C# source of a CDK app: one that opens a CDK namespace (`using Amazon.CDK;`, `using Amazon.CDK.AWS.IAM;`, an alias
 * of one), or makes IAM's props objects by name, as a project that opens the namespaces once for all its files
 * (`global using Amazon.CDK.AWS.IAM;` in another file) writes them.
 */
export const CDK_CSHARP_USING =
  /^[ \t]*(?:global[ \t]+)?using[ \t]+(?:\w+[ \t]*=[ \t]*)?Amazon\.CDK\b|\bnew[ \t\r\n]+(?:PolicyStatementProps|PolicyDocumentProps|RoleProps|ManagedPolicyProps|PolicyProps)\b/m;

/**
 * The reader of a CDK app's source in a language tree-sitter parses: a file of the language that imports the CDK
 * (`imports`) and writes a statement or a policy, read as its TypeScript twin is (python.ts, java.ts).
 */
function treeSitterCdkReader(language: NonNullable<CdkSource['language']>, extension: string, imports: RegExp, prepare: () => Promise<void>, onDemand = false): HostReader {
  return {
    kind: 'cdk',
    extensions: [extension],
    prepare,
    ...(onDemand ? { onDemand } : {}),
    read(input: HostInput): HostDocument | undefined {
      if (input.languageId !== undefined ? input.languageId !== language : !pathOfUri(input.uri).endsWith(extension)) return undefined;
      if (!imports.test(input.text) || !WRITES_POLICY.test(input.text)) return undefined;
      // An editor document (it has a languageId) is read again after each edit, so its tree is kept and parsed again
      // from; a file the command line reads once is not.
      const read = readCdkPolicies(input.text, language, input.languageId !== undefined ? input.uri : undefined);
      if (!read) return undefined;
      return { kind: 'cdk', policies: read.sites.map((site) => site.embedded), problems: [] };
    },
  };
}

/**
 * An AWS CDK app's Python source (`from aws_cdk import aws_iam as iam`, `import aws_cdk.aws_iam as iam`, or CDK v1's
 * `aws_cdk.aws_iam`), its policies with findings at their place.
 */
export const cdkPythonReader = treeSitterCdkReader('python', '.py', /^[ \t]*(?:from[ \t]+aws_cdk(?:\.aws_iam)?[ \t]+import\b|import[ \t]+aws_cdk(?:\.aws_iam)?\b)/m, loadPythonParser);

/** An AWS CDK app's Go source (`import "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"`), structs of props and all. */
export const cdkGoReader = treeSitterCdkReader('go', '.go', /"github\.com\/aws\/aws-cdk-go\/awscdk\b/, loadGoParser);

/** An AWS CDK app's Java source (`import software.amazon.awscdk.services.iam.*`, or one of its classes), builders and all. */
export const cdkJavaReader = treeSitterCdkReader('java', '.java', /^[ \t]*import[ \t]+software\.amazon\.awscdk\./m, loadJavaParser);

/** An AWS CDK app's C# source (`using Amazon.CDK.AWS.IAM;`), props objects and all. */
export const cdkCSharpReader = treeSitterCdkReader('csharp', '.cs', CDK_CSHARP_USING, loadCSharpParser, true);
const SOURCE_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact']);

export function isCdkSourceName(input: HostInput): boolean {
  if (input.languageId !== undefined) return SOURCE_LANGUAGES.has(input.languageId);
  const path = pathOfUri(input.uri);
  return /\.[mc]?[jt]s$/.test(path) && !/\.d\.[mc]?ts$/.test(path);
}

/** The constructs whose `statements` (or `initialPolicy`) are one policy, and the type CDK gives it. */
const STATEMENT_LISTS: Readonly<Record<string, { key: string; type?: PolicyType }>> = {
  PolicyDocument: { key: 'statements' },
  Policy: { key: 'statements', type: 'identity' },
  ManagedPolicy: { key: 'statements', type: 'identity' },
};

/** The methods whose statement goes to a principal's policy, or to a resource's. */
const IDENTITY_METHODS = new Set(['addToPolicy', 'addToPrincipalPolicy', 'addToRolePolicy', 'addToPrincipalOrResource']);
const RESOURCE_METHODS = new Set(['addToResourcePolicy']);

/** A policy of a CDK source and the code that writes it, for the account reader (account/from-cdk.ts). */
export interface CdkPolicySite {
  embedded: EmbeddedPolicy;
  /**
   * `statement`: a `new iam.PolicyStatement` (or `PolicyStatement.fromJson`) on its own; `statements`: the construct
   * whose statements make the policy (`new iam.ManagedPolicy`, a PolicyDocument, a function with `initialPolicy`);
   * `json`: an object in the JSON shape of a policy; `trust`: the trust policy CDK writes for a role's `assumedBy`;
   * `public`: the statement CDK adds to a bucket's policy for `publicReadAccess` or `grantPublicAccess`;
   * `permission`: the statement of a function's `addPermission(…)`.
   */
  kind: 'statement' | 'statements' | 'json' | 'trust' | 'public' | 'permission';
  node: Node;
}

/**
 * The policies of a CDK source, in document order, with the code that writes each; undefined when it does not parse.
 * An editor document's `document` (its URI) lets a tree-sitter grammar parse the source from the document's last tree.
 */
export function readCdkPolicies(text: string, language?: CdkSource['language'], document?: string): { source: CdkSource; sites: CdkPolicySite[] } | undefined {
  const source =
    language === 'python'
      ? parsePythonCdkSource(text, document)
      : language === 'java'
        ? parseJavaCdkSource(text, document)
        : language === 'go'
          ? parseGoCdkSource(text, document)
          : language === 'csharp'
            ? parseCSharpCdkSource(text, document)
            : parseCdkSource(text);
  return source && { source, sites: findPolicies(source) };
}

function findPolicies(source: CdkSource): CdkPolicySite[] {
  const policies: CdkPolicySite[] = [];
  const inGroups = new Set<Node>();
  const jsonRoots = new Set<Node>();
  // Names tell policies apart (outline, suppressions, the versions a change compares): a repeated one gets its ordinal.
  const named = new Map<string, number>();
  const add = (kind: CdkPolicySite['kind'], node: Node, root: JsonNode, span: { start: number; end: number }, written: string, policyType: PolicyType | undefined, severities?: HostSeverities) => {
    const seen = (named.get(written) ?? 0) + 1;
    named.set(written, seen);
    const name = seen === 1 ? written : `${written} [${seen}]`;
    const policy = policyFromNodes(source.text, root);
    policies.push({
      kind,
      node,
      embedded: { policy, span, name, owner: name, ...(policyType ? { policyType } : {}), ...(severities ? { severities } : {}), writeFix: (fix) => writeFix(source.text, fix) },
    });
  };
  // Policies of statements: the lists first, so that a statement in one is not read again on its own.
  for (const call of source.calls) {
    const name = calleeName(call);
    if (call.type !== 'NewExpression' || name === undefined) continue;
    const list = STATEMENT_LISTS[name] ? propsMember(source, call, STATEMENT_LISTS[name].key) : propsMember(source, call, 'initialPolicy');
    if (!list) continue;
    const items = resolved(source, list.value);
    if (items.type !== 'ArrayExpression') continue;
    const statements: JsonNode[] = [];
    for (const element of items.elements) {
      if (!element || element.type === 'SpreadElement') continue;
      const statement = resolved(source, element);
      const built = statementOf(source, statement);
      if (!built) continue;
      inGroups.add(statement);
      if (statement.type === 'CallExpression') jsonRoots.add(resolved(source, statement.arguments[0]));
      statements.push(built);
    }
    if (statements.length === 0) continue;
    const head = headOf(call);
    const root = objectNode(spanOf(call), [
      propertyNode(head, 'Version', head, impliedString('2012-10-17', head)),
      propertyNode(spanOf(list.member), 'Statement', spanOf(list.member.key), arrayNode(spanOf(items), statements)),
    ]);
    const type = STATEMENT_LISTS[name]?.type ?? (STATEMENT_LISTS[name] ? undefined : 'identity');
    // A PolicyDocument is named by where it goes (`new iam.Role 'Worker' › inlinePolicies › ReadLogs`), a construct by its id.
    const policyName = name === 'PolicyDocument' ? (placeOf(source, call) ?? `${nameOfConstruct(source, call)} › ${list.key}`) : `${nameOfConstruct(source, call)} › ${list.key}`;
    add('statements', call, root, spanOf(call), policyName, type ?? typeOfPlace(source, call) ?? (isInlinePolicy(source, call) ? 'identity' : undefined));
  }
  // SST v1 and v2: the permissions a function's role gets, as names of services.
  if (SST_IMPORT.test(source.text)) for (const site of sstPermissionSites(source)) add('statements', site.node, site.root, spanOf(site.node), site.name, 'identity');
  // The trust policy of `new iam.Role(this, 'Deploy', { assumedBy: new iam.WebIdentityPrincipal(…, { … }) })`.
  for (const call of source.calls) {
    if (call.type !== 'NewExpression' || calleeName(call) !== 'Role') continue;
    const assumedBy = propsMember(source, call, 'assumedBy');
    if (!assumedBy) continue;
    const statements = trustStatementsOf(source, assumedBy.value, propsMember(source, call, 'externalIds')?.value);
    if (!statements) continue;
    const key = spanOf(assumedBy.member.key);
    const root = objectNode(spanOf(assumedBy.member), [
      propertyNode(key, 'Version', key, impliedString('2012-10-17', key)),
      propertyNode(spanOf(assumedBy.member), 'Statement', key, arrayNode(spanOf(assumedBy.value), statements)),
    ]);
    add('trust', call, root, spanOf(assumedBy.member), `${nameOfConstruct(source, call)} › assumedBy`, 'trust');
  }
  // A bucket CDK opens to everyone: `new s3.Bucket(this, 'Site', { publicReadAccess: true })`, `bucket.grantPublicAccess()`.
  for (const call of source.calls) {
    const at = publicAccessOf(source, call);
    if (!at) continue;
    const statement = publicAccessStatement(source, at.span, at.bucket, at.args, at.open);
    const root = objectNode(at.span, [propertyNode(at.span, 'Version', at.span, impliedString('2012-10-17', at.span)), propertyNode(at.span, 'Statement', at.span, arrayNode(at.span, [statement]))]);
    add('public', call, root, at.span, at.name, 'resource');
  }
  // A function's permission: `fn.addPermission('FromBucket', { principal: new iam.ServicePrincipal('s3.amazonaws.com'), … })`.
  for (const call of source.calls) {
    if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || addMethodOf(call) !== 'addPermission') continue;
    const props = call.arguments[1] && call.arguments[1].type !== 'SpreadElement' && call.arguments[1].type !== 'ArgumentPlaceholder' ? resolved(source, call.arguments[1]) : undefined;
    const statement = props?.type === 'ObjectExpression' ? lambdaPermissionStatement(source, call, props) : undefined;
    if (!statement) continue;
    const span = spanOf(call);
    const root = objectNode(span, [propertyNode(span, 'Version', span, impliedString('2012-10-17', span)), propertyNode(span, 'Statement', span, arrayNode(span, [statement]))]);
    const id = call.arguments[0];
    add('permission', call, root, span, `${sourceOf(source, call.callee)}${id?.type === 'StringLiteral' ? ` '${id.value}'` : ''}`, 'resource');
  }
  // Statements on their own.
  for (const call of source.calls) {
    if (inGroups.has(call) || isDroppedByCdk(source, call)) continue;
    const statement = statementOf(source, call);
    if (!statement) continue;
    if (call.type === 'CallExpression') jsonRoots.add(resolved(source, call.arguments[0]));
    const head = headOf(call);
    const root = objectNode(spanOf(call), [
      propertyNode(head, 'Version', head, impliedString('2012-10-17', head)),
      propertyNode(spanOf(call), 'Statement', head, arrayNode(spanOf(call), [statement])),
    ]);
    if (isEndpointStatement(source, call)) add('statement', call, root, spanOf(call), nameOfStatement(source, call, statement), 'resource', endpointPolicySeverities);
    else add('statement', call, root, spanOf(call), nameOfStatement(source, call, statement), typeOfPlace(source, call));
  }
  // An event bus permission's one statement, in the JSON shape (`new events.CfnEventBusPolicy(…, { statement: { … } })`,
  // EventBridge sweep): a statement of the bus's policy.
  for (const call of source.calls) {
    if (call.type !== 'NewExpression' || calleeName(call) !== 'CfnEventBusPolicy') continue;
    const props = call.arguments[2] && call.arguments[2].type === 'ObjectExpression' ? call.arguments[2] : undefined;
    const entry = props?.properties.find((property) => propertyKey(property) === 'statement');
    const object = entry?.type === 'ObjectProperty' ? resolved(source, entry.value) : undefined;
    if (object?.type !== 'ObjectExpression') continue;
    jsonRoots.add(object);
    const span = spanOf(object);
    const root = objectNode(span, [propertyNode(span, 'Version', span, impliedString('2012-10-17', span)), propertyNode(span, 'Statement', span, arrayNode(span, [jsonShapedOf(source, object)]))]);
    const id = call.arguments[1];
    add('json', object, root, span, `${sourceOf(source, call.callee)}${id?.type === 'StringLiteral' ? ` '${id.value}'` : ''} › statement`, 'resource');
  }
  // Policies written in the JSON shape.
  for (const object of source.objects) {
    if (jsonRoots.has(object) || !isJsonPolicy(object)) continue;
    // An IoT Core policy construct's document (`new iot.CfnPolicy(…, { policyDocument })`), here or through a variable.
    if (isIotPolicy(source, object, keyAbove(source, object) !== undefined ? object : givenUseOf(source, object))) continue;
    const parentKey = keyAbove(source, object);
    const type: PolicyType | undefined = parentKey && /^assumeRolePolicyDocument$/i.test(parentKey) ? 'trust' : undefined;
    add('json', object, jsonShapedOf(source, object), spanOf(object), placeOf(source, object) ?? `policy (line ${lineOf(source, object)})`, type);
  }
  return policies.sort((a, b) => a.embedded.span.start - b.embedded.span.start);
}

/**
 * The policies a source that is no CDK app writes as objects in their JSON shape (code-objects.ts): only objects with
 * IAM's elements alone (`Version`, `Id`, `Statement`) and an IAM Version, since such a source names no IAM class to
 * tell a policy by. Each is named where it is written and typed by the key it is given under
 * (`AssumeRolePolicyDocument: JSON.stringify({ … })`: trust), else by its content.
 */
export function policyObjectsOf(source: CdkSource): EmbeddedPolicy[] {
  const policies: EmbeddedPolicy[] = [];
  for (const object of source.objects) {
    if (!isIamShaped(source, object)) continue;
    // Named by where its text goes: `iam.create_role › AssumeRolePolicyDocument`, not `… › json.dumps`.
    const at = stringifyCallOf(source, object) ?? keywordsCallOf(source, object) ?? object;
    // Typed by the key its text is given under, here or where the variable that holds it is (`AssumeRolePolicyDocument=json.dumps(trust)`).
    // A key that says nothing of the type (a dictionary's, `"s3": {…}`) leaves it to where the dictionary is looked up.
    const keyed = keyAbove(source, at) !== undefined ? at : undefined;
    const given = (keyed && typeOfGivenPolicy(source, keyed) !== undefined ? keyed : undefined) ?? givenUseOf(source, at) ?? keyed;
    const name = placeOf(source, at) ?? `policy (line ${lineOf(source, object)})`;
    if (isIotPolicy(source, object, given) || isNamedForIot(name)) continue;
    const policyType = (given && typeOfGivenPolicy(source, given)) || namedSessionPolicy(source, at, name);
    policies.push({
      policy: policyFromNodes(source.text, withStubsFilledByCode(jsonShapedOf(source, object))),
      span: spanOf(object),
      name,
      owner: name,
      ...(policyType ? { policyType } : {}),
      ...(given && isAuthorizerAnswer(source, given) ? { severities: endpointPolicySeverities } : {}),
      writeFix: (fix) => writeFix(source.text, fix),
    });
  }
  // Policies written as JSON text: `Policy: '{"Version": "2012-10-17", …}'`, a template literal, Python's `"""…"""`.
  // A Go constant's text is met twice, where it is declared and as the value its uses read (VPC Lattice sweep): read once.
  const textsRead = new Set<string>();
  for (const node of source.parentOf.keys()) {
    if (node.type !== 'StringLiteral' && node.type !== 'TemplateLiteral') continue;
    const parent = source.parentOf.get(node);
    // A piece of a longer text (`'{"Version": …, "Statement": [' + … + ']}'`, code sweep 2) is not the policy; nor is
    // the text a tagged template makes.
    if (parent?.type === 'TaggedTemplateExpression' || parent?.type === 'BinaryExpression' || (parent?.type as string) === 'Python_binary_operator') continue;
    const written = literalTextOf(source, node);
    const template = written && (formatsText(source) ? withFormatVerbs(written) : written);
    if (!template || !/^\s*\{/.test(template.value) || !/"Statement"\s*:/.test(template.value) || !/"Version"\s*:\s*"(?:20(?:12-10-17|08-10-17)|\$\{[^}]*\})"/.test(template.value)) continue;
    const where = `${spanOf(node).start}:${spanOf(node).end}`;
    if (textsRead.has(where)) continue;
    textsRead.add(where);
    const { root, syntaxErrors } = readJsonTemplate(template);
    if (!root || !isIamShapedJson(root) || isIotPolicy(source, node, node) || (usesIotSdkOnly(source) && grantsOnlyIot(root))) continue;
    const name = placeOf(source, node) ?? `policy (line ${lineOf(source, node)})`;
    if (isNamedForIot(name)) continue;
    // Typed by the key it is given under, here or where the variable that holds it is (`var policy = @"{…}"` and then
    // `new AssumeRoleRequest { Policy = policy }`, C# sweep).
    const given = keyAbove(source, node) !== undefined ? node : (givenUseOf(source, node) ?? node);
    const policyType = typeOfGivenPolicy(source, given) ?? namedSessionPolicy(source, node, name);
    policies.push({
      policy: policyFromNodes(source.text, root, syntaxErrors, { kind: 'text', text: template.value, placeholders: template.placeholders }),
      span: spanOf(node),
      name,
      owner: name,
      ...(policyType ? { policyType } : {}),
      writeFix: (fix) => writeFix(source.text, fix),
    });
  }
  return policies.sort((a, b) => a.span.start - b.span.start);
}

// A `$name` that starts a value: a name the program substitutes before the policy is used (see below).
const TEMPLATE_NAME = /^\$[A-Za-z_]\w*/;

/**
 * An object a program writes for its code to fill in: an empty string or list in it (`Resource: [""]`, then
 * `policy.Statement[0].Resource[0] = bucketArn`; a module's `"Resource": ""  ## to be filled in at deployment time`)
 * holds what the code computes, so it is read as a placeholder, as a value the code computes is (code and S3 sweeps:
 * AWS's SDK example for PutBucketPolicy). A policy written as text names what it deploys.
 */
function withStubsFilledByCode(node: JsonNode): JsonNode {
  for (const child of node.children ?? []) withStubsFilledByCode(child);
  if (node.type === 'array' && (node.children?.length ?? 0) === 0) (node as HostJsonNode).unreadMembers = ['filled by the code'];
  if (node.type === 'string' && node.value === '' && !(node as HostJsonNode).placeholders?.length) {
    (node as HostJsonNode).placeholders = [{ start: 0, end: 0, kind: 'string', source: '""' }];
  }
  // A value that starts with a `$name` the program substitutes (Python's string.Template, `"$src_bucket/#all/arn"`):
  // no IAM value starts so, and a policy variable is written `${…}`. It is read as the placeholder `${src_bucket}`,
  // each of its characters at the name as written.
  const host = node as HostJsonNode;
  const named = node.type === 'string' && !host.placeholders?.length && host.mapSpan ? TEMPLATE_NAME.exec(String(node.value)) : null;
  if (named) {
    const written = named[0].length;
    const mapSpan = host.mapSpan!;
    const inWritten = (at: number) => (at >= written + 2 ? at - 2 : Math.min(Math.max(at - 1, 0), written));
    (node as { value: unknown }).value = `\${${named[0].slice(1)}}${String(node.value).slice(written)}`;
    host.mapSpan = (start, end) => mapSpan(inWritten(start), inWritten(end));
    host.placeholders = [{ start: 0, end: written + 2, kind: 'string', source: named[0] }];
  }
  // The serverless-pseudo-parameters plugin's `#{AWS::Region}` in a resource a service file takes from a module
  // (`resources: ${file(roles/execution_role.js)}`): written `${AWS::Region}` under Fn::Sub before CloudFormation reads
  // it, a value known at deploy (orchestration sweep: `states.#{AWS::Region}.amazonaws.com` was an error).
  if (node.type === 'string' && host.mapSpan && String(node.value).includes('#{AWS::')) {
    const value = String(node.value);
    const pseudo = serverlessVariables(value).filter((found) => value[found.start] === '#' && value.startsWith('AWS::', found.start + 2));
    if (pseudo.length > 0) {
      let written = value;
      for (const { start } of pseudo) written = `${written.slice(0, start)}$${written.slice(start + 1)}`;
      (node as { value: unknown }).value = written;
      const found = pseudo.map(({ start, end, kind }) => ({ start, end, kind, source: value.slice(start, end) }));
      host.placeholders = [...(host.placeholders ?? []), ...found].sort((a, b) => a.start - b.start);
    }
  }
  return node;
}

/**
 * A Java or Go program that uses AWS IoT's SDK and not IAM's (`com.amazonaws.services.iot.*`, `…/service/iot`): a
 * policy of IoT's actions alone that it writes is one it gives IoT (`new CreatePolicyRequest().withPolicyDocument(…)`
 * of a method's text; Go and Java sweep 2).
 */
function usesIotSdkOnly(source: CdkSource): boolean {
  const iot = /\bservices\.iot\b|\bawssdk\.services\.iot\b|\/service\/iot["\/]/.test(source.text);
  return iot && !/\bservices\.iam\b|\/service\/iam["\/]/.test(source.text);
}

/** Whether every Action a policy's JSON names is one of IoT's (`iot:Connect`, `iot:*`). */
function grantsOnlyIot(root: JsonNode): boolean {
  const statements = findNodeAtLocation(root, ['Statement']);
  const list = statements?.type === 'array' ? (statements.children ?? []) : statements ? [statements] : [];
  const actions = list.flatMap((statement) => {
    const action = statement.type === 'object' ? findNodeAtLocation(statement, ['Action']) : undefined;
    return action?.type === 'array' ? (action.children ?? []) : action ? [action] : [];
  });
  return actions.length > 0 && actions.every((action) => typeof action.value === 'string' && /^iot:/i.test(action.value));
}

/** The type a Go composite literal names (`sts.AssumeRoleInput`), kept on its object (go.ts). */
function literalTypeOf(node: Node | undefined): string | undefined {
  return (node as (Node & { literalType?: string }) | undefined)?.literalType;
}

/**
 * A policy the code names as AWS IoT Core's (`testIoTPolicyDocument`, `iot_policy`, `IOT_POLICY`): IoT's grammar is
 * IAM's, and a Go test's fixture says whose it is only by its name (Go and Java sweep).
 */
function isNamedForIot(name: string): boolean {
  return /(?:^|[^A-Za-z]|(?<=[a-z]))(?:IoT|IOT|Iot)(?![a-z])|(?:^|[^A-Za-z])iot(?![a-z])/.test(name);
}

/** Whether the source formats text (Go's `fmt.Sprintf`, Java's `String.format` and `formatted`), whose verbs a string may hold. */
function formatsText(source: CdkSource): boolean {
  return /\b(?:Sprintf|Printf|Fprintf|Errorf)\(|\bString\.format\(|\.formatted\(/.test(source.text);
}

/**
 * A format string's verbs (`%s`, `%d`, `%v`, `%[1]s`) as placeholders: `fmt.Sprintf(`{"Resource": "arn:aws:s3:::%s/*"}`,
 * bucket)` names the bucket when the program runs. Each is read as `${%s}`, the form the rules know a value filled in
 * later by (a Sprintf whose text is written in its call is read so already, with its arguments' names); `%%` is a
 * percent sign.
 */
function withFormatVerbs(template: TemplateText): TemplateText {
  const verbs = /%%|%(?:\[\d+\])?[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[vTtbcdoOqxXUeEfFgGsp]/g;
  let value = '';
  const offsets: number[] = [];
  const placeholders: TemplateText['placeholders'] = [];
  const verbStarts: number[] = [];
  let at = 0;
  const copy = (to: number) => {
    value += template.value.slice(at, to);
    offsets.push(...template.offsets.slice(at, to));
    at = to;
  };
  for (const match of template.value.matchAll(verbs)) {
    const start = match.index!;
    const end = start + match[0].length;
    if (match[0] === '%%' || start < at || template.placeholders.some((hole) => hole.start < end && start < hole.end)) continue;
    copy(start);
    verbStarts.push(start);
    const written = `\${${match[0]}}`;
    placeholders.push({ start: value.length, end: value.length + written.length, kind: 'string', source: written });
    for (let i = 0; i < written.length; i++) offsets.push(i < 2 ? template.offsets[start] : i === written.length - 1 ? template.offsets[end - 1] : template.offsets[start + i - 2]);
    value += written;
    at = end;
  }
  if (placeholders.length === 0) return template;
  copy(template.value.length);
  offsets.push(template.offsets[template.value.length]);
  // The template's own placeholders, moved by the three characters each verb before them gained.
  const moved = template.placeholders.map((hole) => {
    const shift = 3 * verbStarts.filter((start) => start < hole.start).length;
    return { ...hole, start: hole.start + shift, end: hole.end + shift };
  });
  return { value, offsets, placeholders: [...moved, ...placeholders].sort((a, b) => a.start - b.start) };
}

/** An object of IAM's elements alone, its Version one of IAM's, its Statement a list of statements or an object; also `{ Version, Statement }` of consts. */
function isIamShaped(source: CdkSource, object: Node): boolean {
  if (object.type !== 'ObjectExpression') return false;
  let version: string | undefined;
  let statement = false;
  for (const member of object.properties) {
    if (member.type !== 'ObjectProperty') return false;
    const key = propertyKey(member);
    if (key !== 'Version' && key !== 'Id' && key !== 'Statement') return false;
    const value = resolved(source, unwrapExpression(member.value as Node));
    if (key === 'Version') version = value.type === 'StringLiteral' ? value.value : undefined;
    // An empty list is a stub the code fills (`doc.Statement[0] = statement`, `doc.Statement.push(…)`: code sweep 2).
    if (key === 'Statement') statement = (value.type === 'ArrayExpression' && value.elements.length > 0) || value.type === 'ObjectExpression';
  }
  return statement && (version === '2012-10-17' || version === '2008-10-17');
}

/**
 * The type the key a policy's text is given under says: `AssumeRolePolicyDocument` a trust policy; `Policy` of an STS
 * call that makes a session (`sts.assumeRole({ RoleArn, Policy })`, boto3's `assume_role(Policy=…)`,
 * `get_federation_token(policy=…)`) a session policy, which caps the session rather than granting; `Policy` of any
 * other call (`kms.create_key(Policy=…)`, `PutBucketPolicyCommand`, `put_file_system_policy`) or in a queue's or
 * topic's `Attributes` a resource policy, since the SDK's identity policy calls name theirs `PolicyDocument`.
 */
function typeOfGivenPolicy(source: CdkSource, given: Node): PolicyType | undefined {
  const key = keyAbove(source, given);
  if (key === undefined) return undefined;
  if (/^policy$/i.test(key)) {
    const property = source.parentOf.get(given);
    const object = property && source.parentOf.get(property);
    // A Go struct of the SDK's input type (`&sts.AssumeRoleInput{Policy: …}`), wherever the program then sends it.
    const literalType = literalTypeOf(object);
    if (literalType) return /assume_?role|federation_?token/i.test(literalType) ? 'session' : 'resource';
    // A Transfer Family custom identity provider's answer (`{ Role, Policy, HomeDirectory }`): its scope-down policy
    // is the session policy of the user's session.
    // https://docs.aws.amazon.com/transfer/latest/userguide/custom-idp-intro.html
    if (object?.type === 'ObjectExpression' && isTransferIdentityAnswer(object)) return 'session';
    const holder = object && source.parentOf.get(object);
    if ((holder?.type === 'CallExpression' || holder?.type === 'NewExpression') && holder.arguments.includes(object as never)) {
      const called = calleeName(holder);
      return called && /assume_?role|federation_?token/i.test(called) ? 'session' : 'resource';
    }
    // `Attributes: { Policy: … }`: SQS's SetQueueAttributes, SNS's topic attributes.
    if (object && keyAbove(source, object) === 'Attributes') return 'resource';
  }
  return policyTypeOfKey(key);
}

/**
 * The policy of an API Gateway Lambda authorizer's answer (`{ principalId, policyDocument }`): API Gateway asks it only
 * about the call being authorized (`event.methodArn`), so a `"*"` in it lets nothing else through, and the rules that
 * judge what a policy grants are off on it, as on an endpoint policy. Its syntax and actions are still checked.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 */
function isAuthorizerAnswer(source: CdkSource, given: Node): boolean {
  if (!/^policy_?document$/i.test(keyAbove(source, given) ?? '')) return false;
  const property = source.parentOf.get(given);
  const object = property && source.parentOf.get(property);
  return object?.type === 'ObjectExpression' && object.properties.some((member) => /^principal_?id$/i.test(propertyKey(member) ?? ''));
}

// The members of a Transfer Family identity provider's answer besides Role and Policy.
const TRANSFER_ANSWER_MEMBERS = new Set(['HomeDirectory', 'HomeBucket', 'HomeDirectoryType', 'HomeDirectoryDetails', 'PosixProfile', 'PublicKeys']);

function isTransferIdentityAnswer(object: Node & { type: 'ObjectExpression' }): boolean {
  const keys = object.properties.map((property) => propertyKey(property));
  return keys.includes('Role') && keys.some((key) => key !== undefined && TRANSFER_ANSWER_MEMBERS.has(key));
}

/**
 * Where the variable a policy (or its text) is assigned to is given under a key: `const trust = {…}` and then
 * `AssumeRolePolicyDocument: JSON.stringify(trust)`, or `policy = json.dumps({…})` and then `…(policy=policy)`.
 */
function givenUseOf(source: CdkSource, node: Node, depth = 0): Node | undefined {
  const declarator = source.parentOf.get(node);
  if (declarator?.type === 'ObjectProperty' && declarator.value === node && depth === 0) return lookedUpUseOf(source, source.parentOf.get(declarator));
  if (declarator?.type === 'CallExpression' && declarator.arguments[1] === node && depth === 0 && isLookup(declarator)) return givenUseOf(source, declarator, depth + 1);
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return undefined;
  const { id } = declarator;
  for (const candidate of source.parentOf.keys()) {
    if (candidate.type !== 'Identifier' || candidate.name !== id.name || candidate === id) continue;
    // A key of the same name is no use of the variable (C#'s `Policy = policy`, its key read as `policy`).
    const parent = source.parentOf.get(candidate);
    if (parent?.type === 'ObjectProperty' && parent.key === candidate) continue;
    const at = stringifyCallOf(source, candidate) ?? candidate;
    if (keyAbove(source, at) !== undefined) return at;
  }
  return undefined;
}

/**
 * A policy kept as a value of a dictionary of policies (`SCOPED_POLICIES = {"s3": {…}, "logs": {…}}`), looked up into a
 * variable (`policy = SCOPED_POLICIES.get(kind, {…})`, `POLICIES[kind]`) that is given under a key: where it is given
 * (session sweep: `get_federation_token(Policy=json.dumps(policy))`).
 */
function lookedUpUseOf(source: CdkSource, dictionary: Node | undefined): Node | undefined {
  const declarator = dictionary?.type === 'ObjectExpression' ? source.parentOf.get(dictionary) : undefined;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return undefined;
  const name = declarator.id.name;
  for (const candidate of source.parentOf.keys()) {
    if (candidate.type !== 'Identifier' || candidate.name !== name || candidate === declarator.id) continue;
    const member = source.parentOf.get(candidate);
    if (member?.type !== 'MemberExpression' || member.object !== candidate) continue;
    const call = source.parentOf.get(member);
    const lookup = member.computed ? member : call?.type === 'CallExpression' && call.callee === member && isLookup(call) ? call : undefined;
    const given = lookup && givenUseOf(source, lookup, 1);
    if (given) return given;
  }
  return undefined;
}

/** `x.get(key)` or `x.get(key, fallback)`: a dictionary's lookup. */
function isLookup(call: Node & { type: 'CallExpression' }): boolean {
  return call.callee.type === 'MemberExpression' && !call.callee.computed && call.callee.property.type === 'Identifier' && call.callee.property.name === 'get' && call.arguments.length <= 2;
}

/**
 * The call a Python source passes keyword arguments to, when they are the object: awacs'
 * `PolicyDocument(Version=…, Statement=[…])` given as troposphere's `RepositoryPolicyText=` (code sweep 3).
 */
function keywordsCallOf(source: CdkSource, object: Node): Node | undefined {
  const parent = source.parentOf.get(object);
  return source.language === 'python' && (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.arguments.length === 1 && parent.arguments[0] === object
    ? parent
    : undefined;
}

/**
 * An AWS IoT Core policy, which has IAM's grammar but is IoT's to judge (code sweeps 2 and 3): one that names IoT's
 * policy variables (`${iot:Connection.Thing.ThingName}`), the `policyDocuments` of an IoT custom authorizer's answer,
 * or a policy given to an IoT client's call (`boto_iot.create_policy(policyDocument=…)`, `iot.createPolicy`).
 * https://docs.aws.amazon.com/iot/latest/developerguide/iot-policies.html
 */
function isIotPolicy(source: CdkSource, node: Node, given: Node | undefined): boolean {
  if (sourceOf(source, node).includes('${iot:')) return true;
  // A Go struct of IoT's SDK (`&iot.CreatePolicyVersionInput{PolicyDocument: …}`).
  const member = source.parentOf.get(given ?? node);
  if (member?.type === 'ObjectProperty' && /^iot\./i.test(literalTypeOf(source.parentOf.get(member)) ?? '')) return true;

  // In a list under a key: `policyDocuments: [{ Version, Statement }]`.
  const list = source.parentOf.get(node);
  const at = given ?? (list?.type === 'ArrayExpression' ? list : undefined);
  const key = at && keyAbove(source, at);
  if (key === 'policyDocuments') return true;
  if (!at || key === undefined || !/^policy_?document$/i.test(key)) return false;
  const property = source.parentOf.get(at);
  const holder = property && source.parentOf.get(property);
  const call = holder && source.parentOf.get(holder);
  const callee = call && (call.type === 'CallExpression' || call.type === 'NewExpression') ? sourceOf(source, call.callee) : '';
  // IoT's API names its members in camel case (`policyDocument` beside `policyArn: 'arn:aws:iot:…'`), IAM's in Pascal case.
  return (
    /(?:^|[^A-Za-z])(?:iot|Iot|IoT|IOT)(?:$|[^a-z])/.test(callee) ||
    (callee === 'CfnPolicy' && IMPORTS_IOT_CFN_POLICY.test(source.text)) ||
    (key === 'policyDocument' && holder !== undefined && sourceOf(source, holder).includes(':iot:'))
  );
}

// `CfnPolicy` imported by name from the CDK's IoT module (`import { CfnPolicy } from 'aws-cdk-lib/aws-iot'`,
// `from aws_cdk.aws_iot import CfnPolicy`), where an app writes `new CfnPolicy(…)` for IoT's `AWS::IoT::Policy`.
const IMPORTS_IOT_CFN_POLICY = /import\s*\{[^}]*\bCfnPolicy\b[^}]*\}\s*from\s*['"](?:aws-cdk-lib\/aws-iot|@aws-cdk\/aws-iot)['"]|from\s+aws_cdk\.aws_iot\s+import\s+[^\n]*\bCfnPolicy\b/;

/** The `JSON.stringify(…)` or Python `json.dumps(…)` call that makes an object's text, when it is one's argument. */
function stringifyCallOf(source: CdkSource, object: Node): Node | undefined {
  const parent = source.parentOf.get(object);
  return parent?.type === 'CallExpression' && parent.arguments[0] === object && /^(?:JSON\.stringify|json\.dumps)$/.test(sourceOf(source, parent.callee)) ? parent : undefined;
}

/**
 * The Grant methods that add a statement of the options' actions and resources to the grantee's policy. The ones that
 * may instead write it into a resource's policy (another account's grantee) still grant it to that principal.
 */
const GRANT_METHODS = new Set(['addToPrincipal', 'addToPrincipalOrResource', 'addToPrincipalAndResource']);

/** Whether a call is `iam.Grant.addToPrincipal(…)` or another of GRANT_METHODS. */
export function isGrantCall(node: Node): boolean {
  return GRANT_METHODS.has(calleeName(node) ?? '') && calleeOwnerName(node) === 'Grant';
}

/** The statement a node makes: `new PolicyStatement({ … })`, `PolicyStatement.fromJson({ … })` or a `Grant.addToPrincipal({ … })`. */
function statementOf(source: CdkSource, node: Node): JsonNode | undefined {
  const name = calleeName(node);
  if (node.type === 'NewExpression' && name === 'PolicyStatement') {
    const given = node.arguments[0];
    if (given?.type === 'SpreadElement' || given?.type === 'ArgumentPlaceholder') return undefined;
    const { mutations, calls } = mutationsOf(source, node);
    // `new PolicyStatement()` is a statement only through what the app adds to it afterwards.
    if (!given && mutations.length === 0 && calls.length === 0) return undefined;
    const props = given ?? ({ type: 'ObjectExpression', start: node.end, end: node.end, properties: [] } as unknown as Node);
    return statementOfProps(source, node, props, mutations, calls);
  }
  // `iam.Grant.addToPrincipal({ grantee, actions, resourceArns })`: CDK adds that statement to the grantee's policy.
  if (node.type === 'CallExpression' && isGrantCall(node)) {
    const options = node.arguments[0];
    return options && options.type !== 'SpreadElement' && options.type !== 'ArgumentPlaceholder' ? statementOfProps(source, node, options, [], [], GRANT_LISTS) : undefined;
  }
  if (node.type === 'CallExpression' && name === 'fromJson' && calleeOwnerName(node) === 'PolicyStatement') {
    const json = node.arguments[0] ? resolved(source, node.arguments[0]) : undefined;
    return json?.type === 'ObjectExpression' ? jsonShapedOf(source, json) : undefined;
  }
  return undefined;
}

/**
 * What the app does to a statement after making it, which the constructor's props do not show: each
 * `statement.addResources(…)`, `addPrincipals(…)`, `addCondition(…)` and the like on the name it is bound to (`calls`,
 * read into the statement), any other change, and a statement a function returns (its callers may add to it): such a
 * statement may gain any element, so no rule reports one missing.
 */
function mutationsOf(source: CdkSource, construct: Node): { mutations: string[]; calls: StatementCall[] } {
  const mutations: string[] = [];
  const calls: StatementCall[] = [];
  for (const change of changesOf(source, construct)) {
    if (typeof change === 'string') {
      mutations.push(change);
      continue;
    }
    const method = addMethodOf(change);
    if (method !== undefined && STATEMENT_METHODS.has(method)) calls.push({ method, call: change, args: (change as Node & { arguments: Node[] }).arguments });
    else mutations.push(sourceOf(source, change));
  }
  return { mutations, calls };
}

/** `addActions` for `statement.addActions(…)` and Python's `statement.add_actions(…)`. */
function addMethodOf(call: Node): string | undefined {
  return calleeName(call)?.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The name a statement is bound to where it is made (`const statement = new …`, `this.statement = …`, `self.x = …`)
 * and the span where that name is that statement: its function for a local name, its class for a member.
 */
interface Binding {
  bound: string;
  names: ReadonlySet<string>;
  scope: { start: number; end: number } | undefined;
  declarator: Node;
}

function bindingOf(source: CdkSource, construct: Node): Binding | 'returned' | undefined {
  let node: Node = construct;
  let parent = source.parentOf.get(node);
  while (parent && unwrapExpression(parent) !== parent) {
    node = parent;
    parent = source.parentOf.get(node);
  }
  if (!parent) return undefined;
  if (parent.type === 'ReturnStatement' || (parent.type === 'ArrowFunctionExpression' && parent.body === node)) return 'returned';
  let bound: string | undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') bound = parent.id.name;
  else if (parent.type === 'AssignmentExpression') bound = sourceOf(source, parent.left).replace(/^self\./, 'this.');
  else if ((parent.type === 'ClassProperty' || parent.type === 'ClassPrivateProperty') && parent.key.type === 'Identifier') bound = `this.${parent.key.name}`;
  if (bound === undefined) return undefined;
  const member = bound.replace(/^this\./, '');
  // A local name is the same statement only in its function (two methods may each have a `statement`); a member in its class.
  const scope = scopeOf(source, construct, bound.startsWith('this.') ? CLASS_NODES : FUNCTION_NODES);
  return { bound, names: new Set([bound, member, bound.replace(/^this\./, 'self.')]), scope, declarator: parent };
}

type MethodCall = Node & { type: 'CallExpression' };

/** A source's method calls by the text of their receiver and of each argument that is a name (`statement`, `this.s`). */
interface CallIndex {
  receiver: Map<string, MethodCall[]>;
  argument: Map<string, MethodCall[]>;
}

// Built once per source: each statement asks it, and a scan of every call per statement made an edit of a large
// stack cost statements × calls.
const callIndexes = new WeakMap<CdkSource, CallIndex>();

function callIndexOf(source: CdkSource): CallIndex {
  let index = callIndexes.get(source);
  if (index) return index;
  index = { receiver: new Map(), argument: new Map() };
  const add = (map: Map<string, MethodCall[]>, key: string, call: MethodCall) => {
    const calls = map.get(key);
    if (calls) calls.push(call);
    else map.set(key, [call]);
  };
  for (const call of source.calls) {
    if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') continue;
    add(index.receiver, sourceOf(source, call.callee.object), call);
    for (const argument of call.arguments) if (argument.type === 'Identifier' || argument.type === 'MemberExpression') add(index.argument, sourceOf(source, argument), call);
  }
  callIndexes.set(source, index);
  return index;
}

/** The calls in the binding's scope made on (`statement.addResources(…)`) or with (`bucket.addToResourcePolicy(statement)`) the bound name, in source order. */
function callsOnBinding(source: CdkSource, binding: Binding, on: 'receiver' | 'argument'): MethodCall[] {
  const byText = callIndexOf(source)[on];
  const calls = new Set<MethodCall>();
  for (const name of binding.names) for (const call of byText.get(name) ?? []) if (!binding.scope || (call.start! >= binding.scope.start && call.end! <= binding.scope.end)) calls.add(call);
  return [...calls].sort((a, b) => a.start! - b.start!);
}

/** The calls that change a statement after it is made, or why other code may change it. */
function changesOf(source: CdkSource, construct: Node): (string | Node)[] {
  const binding = bindingOf(source, construct);
  if (binding === 'returned') return ['returned'];
  if (!binding) return [];
  const { bound, scope, declarator } = binding;
  const member = bound.replace(/^this\./, '');
  const changes: (string | Node)[] = [];
  // A public member of a class, an exported name or one its function returns: code elsewhere may change it too.
  if (bound.startsWith('this.') && !new RegExp(`\\bprivate\\s+(?:readonly\\s+)?${member.replace(/\$/g, '\\$')}\\b|#${member}\\b`).test(source.text))
    changes.push(`${bound}, a member other code may change`);
  else if (declarator.type === 'VariableDeclarator' && source.parentOf.get(source.parentOf.get(declarator)!)?.type === 'ExportNamedDeclaration') changes.push(`${bound}, exported`);
  else if (new RegExp(`\\breturn\\s+${bound.replace(/[.$]/g, '\\$&')}\\s*[;}\\n]`).test(scope ? source.text.slice(scope.start, scope.end) : source.text)) changes.push(`${bound}, returned`);
  for (const call of callsOnBinding(source, binding, 'receiver')) {
    const method = addMethodOf(call);
    if (method && /^add[A-Z]/.test(method)) changes.push(call);
  }
  return changes;
}

const FUNCTION_NODES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'ObjectMethod']);
const CLASS_NODES = new Set(['ClassDeclaration', 'ClassExpression', 'ClassBody']);

/** The span of the nearest node of `types` around `node` (its function or its class); undefined at the top of the file. */
function scopeOf(source: CdkSource, node: Node, types: ReadonlySet<string>): { start: number; end: number } | undefined {
  for (let current = source.parentOf.get(node); current; current = source.parentOf.get(current)) if (types.has(current.type)) return spanOf(current);
  return undefined;
}

/** The `key: value` member of a construct's props object (its first object argument). */
function propsMember(source: CdkSource, call: Node, key: string): { key: string; member: Node & { type: 'ObjectProperty' }; value: Node } | undefined {
  if (call.type !== 'NewExpression') return undefined;
  for (const argument of call.arguments) {
    const props = resolved(source, argument);
    if (props.type !== 'ObjectExpression') continue;
    for (const member of props.properties) if (member.type === 'ObjectProperty' && propertyKey(member) === key) return { key, member, value: member.value };
  }
  return undefined;
}

/** An object written as a policy: a `Statement` that is an array or an object of statements. */
function isJsonPolicy(object: Node): boolean {
  if (object.type !== 'ObjectExpression') return false;
  return object.properties.some((member) => member.type === 'ObjectProperty' && propertyKey(member) === 'Statement' && /^(?:Array|Object)Expression$/.test(unwrapExpression(member.value).type));
}

/** The SST calls that give functions' roles permissions, and the argument that lists them. */
const SST_PERMISSION_CALLS: Readonly<Record<string, 'last'>> = {
  attachPermissions: 'last',
  addDefaultFunctionPermissions: 'last',
  attachPermissionsToRoute: 'last',
  attachPermissionsToAuthUsers: 'last',
  attachPermissionsForAuthUsers: 'last',
  attachPermissionsForUnauthUsers: 'last',
};

/**
 * The permissions an SST v1 or v2 app gives its functions' roles (`new Function(stack, 'Fn', { permissions: ['s3'] })`,
 * a construct's `defaults: { function: { permissions } }`, a route's `function`, `fn.attachPermissions([…])`,
 * `stack.addDefaultFunctionPermissions([…])`, `app.setDefaultFunctionProps({ permissions })`): each name of a service
 * is all of it on every resource (`s3` is `s3:*` on `*`), `"*"` everything, as SST writes them into the role. Constructs
 * and statements in the list are read where they are written (grants, `new iam.PolicyStatement`).
 * https://v2.sst.dev/constructs/Permissions
 */
function sstPermissionSites(source: CdkSource): { node: Node; root: JsonNode; name: string }[] {
  const sites: { node: Node; root: JsonNode; name: string }[] = [];
  const seen = new Set<Node>();
  const addList = (value: Node, name: string) => {
    const list = resolved(source, value);
    // A list a const holds and two constructs name is one list, read once.
    if (seen.has(list)) return;
    seen.add(list);
    const items = list.type === 'ArrayExpression' ? list.elements : list.type === 'StringLiteral' ? [list] : [];
    const statements: JsonNode[] = [];
    for (const element of items) {
      const item = element && element.type !== 'SpreadElement' ? resolved(source, element) : undefined;
      if (item?.type !== 'StringLiteral' || item.value === '') continue;
      const span = spanOf(element!);
      const action = item.value === '*' || item.value.includes(':') ? item.value : `${item.value}:*`;
      statements.push(
        objectNode(span, [
          propertyNode(span, 'Effect', span, impliedString('Allow', span)),
          propertyNode(span, 'Action', span, impliedString(action, span)),
          propertyNode(span, 'Resource', span, impliedString('*', span)),
        ]),
      );
    }
    if (statements.length === 0) return;
    const head = spanOf(value);
    sites.push({
      node: value,
      root: objectNode(head, [propertyNode(head, 'Version', head, impliedString('2012-10-17', head)), propertyNode(head, 'Statement', head, arrayNode(head, statements))]),
      name,
    });
  };
  const walk = (object: Node, name: string, depth: number) => {
    const props = resolved(source, object);
    if (props.type !== 'ObjectExpression' || depth > 6) return;
    for (const member of props.properties) {
      if (member.type !== 'ObjectProperty') continue;
      const key = propertyKey(member);
      if (key === 'permissions') addList(member.value, `${name} › permissions`);
      else if (key !== undefined) walk(member.value, `${name} › ${key}`, depth + 1);
    }
  };
  for (const call of source.calls) {
    const method = calleeName(call);
    if (call.type === 'CallExpression' && method !== undefined && SST_PERMISSION_CALLS[method]) {
      const list = call.arguments[call.arguments.length - 1];
      if (list && list.type !== 'SpreadElement' && list.type !== 'ArgumentPlaceholder') addList(list, `${sourceOf(source, call.callee)}(…)`);
      continue;
    }
    // A construct's props, and the props a method takes (`bucket.addNotifications(stack, { pdf: { function: … } })`,
    // `app.setDefaultFunctionProps({ … })`).
    if (call.type !== 'NewExpression' && call.type !== 'CallExpression') continue;
    const name = call.type === 'NewExpression' ? nameOfConstruct(source, call) : `${sourceOf(source, call.callee)}(…)`;
    for (const argument of call.arguments) if (argument.type !== 'SpreadElement' && argument.type !== 'ArgumentPlaceholder') walk(argument, name, 0);
  }
  return sites;
}

/** `new iam.PolicyStatement`: the span an implied element is reported at. */
function headOf(call: Node): { start: number; end: number } {
  if (call.type === 'NewExpression' || call.type === 'CallExpression') return { start: call.start!, end: call.callee.end! };
  return spanOf(call);
}

/** The key of the property whose value a node is, through TypeScript's wrappers: `policyDocument` for its object. */
function keyAbove(source: CdkSource, node: Node): string | undefined {
  let current: Node = node;
  let parent = source.parentOf.get(current);
  while (parent && unwrapExpression(parent) !== parent) {
    current = parent;
    parent = source.parentOf.get(current);
  }
  return parent?.type === 'ObjectProperty' && parent.value === current ? propertyKey(parent) : undefined;
}

/** A PolicyDocument in a role's, user's or group's `inlinePolicies: { Name: … }`. */
function isInlinePolicy(source: CdkSource, node: Node): boolean {
  const property = source.parentOf.get(node);
  const object = property && source.parentOf.get(property);
  const holder = object && source.parentOf.get(object);
  return property?.type === 'ObjectProperty' && object?.type === 'ObjectExpression' && holder?.type === 'ObjectProperty' && propertyKey(holder) === 'inlinePolicies';
}

/**
 * Where the code opens a bucket to everyone, and the bucket's name as written: `publicReadAccess: true` in a
 * `new s3.Bucket(…)`'s props (CDK then calls grantPublicAccess()), or a `bucket.grantPublicAccess(…)` call with its
 * arguments; `open` when the call's grant is kept, for the code to add conditions to.
 */
function publicAccessOf(source: CdkSource, call: Node): { span: { start: number; end: number }; bucket: string; args: Node[]; name: string; open: boolean } | undefined {
  if (call.type === 'NewExpression' && calleeName(call) === 'Bucket') {
    const member = propsMember(source, call, 'publicReadAccess');
    const value = member && resolved(source, member.value);
    if (!member || value?.type !== 'BooleanLiteral' || !value.value) return undefined;
    const id = call.arguments[1];
    const bucket = id?.type === 'StringLiteral' ? `${id.value}.bucketName` : 'bucket.bucketName';
    return { span: spanOf(member.member), bucket, args: [], name: `${nameOfConstruct(source, call)} › publicReadAccess`, open: false };
  }
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || addMethodOf(call) !== 'grantPublicAccess') return undefined;
  const parent = source.parentOf.get(call);
  const open = parent !== undefined && parent.type !== 'ExpressionStatement';
  return { span: spanOf(call), bucket: `${sourceOf(source, call.callee.object)}.bucketName`, args: call.arguments as Node[], name: `${sourceOf(source, call.callee)}(…)`, open };
}

/**
 * The principal classes with no policy of their own: a statement added to one (`principal.addToPrincipalPolicy(…)`)
 * is dropped (PrincipalBase.addToPrincipalPolicy adds nothing), so CDK never writes it.
 */
const POLICYLESS_PRINCIPALS = new Set([
  'ServicePrincipal',
  'AccountPrincipal',
  'AccountRootPrincipal',
  'ArnPrincipal',
  'AnyPrincipal',
  'StarPrincipal',
  'CanonicalUserPrincipal',
  'OrganizationPrincipal',
  'FederatedPrincipal',
  'WebIdentityPrincipal',
  'OpenIdConnectPrincipal',
  'SamlPrincipal',
  'SamlConsolePrincipal',
  'CompositePrincipal',
]);

/**
 * The calls that take a statement: the one it is written in (`role.addToPolicy(new iam.PolicyStatement(…))`), or those
 * in its scope given the name it is bound to (`const s = …; role.addToPolicy(s)`).
 */
function callsTaking(source: CdkSource, node: Node): MethodCall[] {
  const call = source.parentOf.get(node);
  if (call?.type === 'CallExpression' && call.arguments.includes(node as never)) return [call];
  const binding = bindingOf(source, node);
  return binding && binding !== 'returned' ? callsOnBinding(source, binding, 'argument') : [];
}

/** Whether every call that takes the statement adds it to a principal with no policy of its own. */
function isDroppedByCdk(source: CdkSource, node: Node): boolean {
  const uses = callsTaking(source, node);
  const toPolicyless = (use: MethodCall) =>
    use.callee.type === 'MemberExpression' && IDENTITY_METHODS.has(calleeName(use) ?? '') && POLICYLESS_PRINCIPALS.has(principalClassOf(source, use.callee.object) ?? '');
  return uses.length > 0 && uses.every(toPolicyless);
}

// The VPC endpoints of aws-ec2, whose `addToPolicy` adds to the endpoint policy, and the Vpc methods that make them.
const ENDPOINT_CLASSES = new Set(['GatewayVpcEndpoint', 'InterfaceVpcEndpoint']);
const ENDPOINT_FACTORIES = new Set(['addGatewayEndpoint', 'addInterfaceEndpoint']);

/**
 * Whether every call that takes the statement is a VPC endpoint's `addToPolicy` (`new ec2.GatewayVpcEndpoint(…)`, or
 * `vpc.addGatewayEndpoint(…)`): it then goes to the endpoint's policy, which grants nothing (endpointPolicySeverities),
 * not to an identity (aws-samples/aws-cdk-examples' apigw-http-api-lambda-dynamodb stack).
 */
function isEndpointStatement(source: CdkSource, node: Node): boolean {
  const uses = callsTaking(source, node);
  const toEndpoint = (use: MethodCall) => {
    if (use.callee.type !== 'MemberExpression' || calleeName(use) !== 'addToPolicy') return false;
    const receiver = resolved(source, use.callee.object);
    if (receiver.type === 'NewExpression') return ENDPOINT_CLASSES.has(calleeName(receiver) ?? '');
    return receiver.type === 'CallExpression' && ENDPOINT_FACTORIES.has(calleeName(receiver) ?? '');
  };
  return uses.length > 0 && uses.every(toEndpoint);
}

/** The class of a principal the code makes: `new iam.WebIdentityPrincipal(…)`, also through `.withConditions(…)` or `.withSessionTags()`. */
function principalClassOf(source: CdkSource, expression: Node): string | undefined {
  let node = resolved(source, expression);
  for (let depth = 0; depth < 8 && node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && /^with(?:Conditions|SessionTags)$/.test(calleeName(node) ?? ''); depth++)
    node = resolved(source, node.callee.object);
  return node.type === 'NewExpression' ? calleeName(node) : undefined;
}

/**
 * The type of the policy a statement goes to, by the call that takes it: the call it is written in
 * (`bucket.addToResourcePolicy(new iam.PolicyStatement(…))`), or the calls in its scope given the name it is bound to
 * (`const statement = …; bucket.addToResourcePolicy(statement)`) when they agree.
 */
function typeOfPlace(source: CdkSource, node: Node): PolicyType | undefined {
  const call = source.parentOf.get(node);
  const direct = call?.type === 'CallExpression' && call.arguments.includes(node as never) ? typeOfCall(call) : undefined;
  if (direct) return direct;
  // Python's keyword form, `role.add_to_role_policy(statement=…)`: the keywords are one object argument of the call
  // (python.ts). Service-principal sweep: a statement so given was read as a resource policy.
  const keywords = call?.type === 'ObjectProperty' && propertyKey(call) === 'statement' ? source.parentOf.get(call) : undefined;
  const keywordCall = keywords && source.parentOf.get(keywords);
  if (source.language === 'python' && keywordCall?.type === 'CallExpression' && keywordCall.arguments.includes(keywords as never)) {
    const type = typeOfCall(keywordCall);
    if (type) return type;
  }
  const binding = bindingOf(source, node);
  if (!binding || binding === 'returned') return undefined;
  const types = new Set(callsOnBinding(source, binding, 'argument').flatMap((use) => typeOfCall(use) ?? []));
  const [only] = types;
  return types.size === 1 ? only : undefined;
}

/** `role.addToPolicy(…)` identity, `bucket.addToResourcePolicy(…)` resource, `role.assumeRolePolicy?.addStatements(…)` trust. */
function typeOfCall(call: MethodCall): PolicyType | undefined {
  const method = calleeName(call);
  if (method === 'addStatements' && call.callee.type === 'MemberExpression' && memberName(unwrapExpression(call.callee.object)) === 'assumeRolePolicy') return 'trust';
  if (method && IDENTITY_METHODS.has(method)) return 'identity';
  if (method && RESOURCE_METHODS.has(method)) return 'resource';
  return undefined;
}

/** `new iam.ManagedPolicy 'ReadLogs'`: the class as written and the construct id, when it is a string. */
function nameOfConstruct(source: CdkSource, call: Node): string {
  const callee = call.type === 'NewExpression' ? constructed(source, call.callee) : 'new';
  const id = call.type === 'NewExpression' ? call.arguments[1] : undefined;
  return id?.type === 'StringLiteral' ? `${callee} '${id.value}'` : `${callee} (line ${lineOf(source, call)})`;
}

/** A construction as the language writes it: `new iam.Role` in TypeScript, `iam.Role` in Python, `Role` (of its builder) in Java. */
function constructed(source: CdkSource, callee: Node): string {
  return source.language === undefined ? `new ${sourceOf(source, callee)}` : sourceOf(source, callee);
}

/**
 * Where the code puts a value, for people: the keys above it up to what takes it (`new iam.Role 'Worker' ›
 * inlinePolicies › ReadLogs`, `role.addToPolicy`, `readStatement`, `operatePolicy()` for a method that returns it).
 */
function placeOf(source: CdkSource, node: Node): string | undefined {
  const keys: string[] = [];
  let current: Node = node;
  for (let depth = 0; depth < 16; depth++) {
    const parent = source.parentOf.get(current);
    if (!parent) break;
    if (unwrapExpression(parent) !== parent || parent.type === 'ObjectExpression' || parent.type === 'ArrayExpression') {
      current = parent;
      continue;
    }
    if (parent.type === 'ObjectProperty' && parent.value === current) {
      keys.unshift(propertyKey(parent) ?? '[…]');
      current = parent;
      continue;
    }
    if (parent.type === 'NewExpression' && parent.callee !== current) keys.unshift(nameOfConstruct(source, parent));
    else if (parent.type === 'CallExpression' && parent.callee !== current) keys.unshift(sourceOf(source, parent.callee));
    else if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') keys.unshift(parent.id.name);
    else if ((parent.type === 'ClassProperty' || parent.type === 'ClassPrivateProperty') && parent.key.type === 'Identifier') keys.unshift(`this.${parent.key.name}`);
    else if (parent.type === 'AssignmentExpression') keys.unshift(sourceOf(source, parent.left));
    else if (parent.type === 'ReturnStatement' || parent.type === 'ArrowFunctionExpression') {
      const name = functionNameAbove(source, parent);
      if (name) keys.unshift(`${name}()`);
    }
    break;
  }
  return keys.length > 0 && keys.join('').length <= 120 ? keys.join(' › ') : undefined;
}

/**
 * A policy the program names a session policy, in its variable or the function that makes it
 * (`render_target_session_policy`, DynamoDB sweep): it only narrows the session's permissions, so what it allows is
 * not judged as a grant.
 */
function namedSessionPolicy(source: CdkSource, node: Node, name: string): PolicyType | undefined {
  return SESSION_POLICY_NAME.test(name) || SESSION_POLICY_NAME.test(functionNameAbove(source, node) ?? '') ? 'session' : undefined;
}

const SESSION_POLICY_NAME = /session_?polic(?:y|ies)/i;

/** The name of the function or method a node is in. */
function functionNameAbove(source: CdkSource, node: Node): string | undefined {
  for (let current = source.parentOf.get(node); current; current = source.parentOf.get(current)) {
    if ((current.type === 'ClassMethod' || current.type === 'ObjectMethod') && current.key.type === 'Identifier') return current.key.name;
    if (current.type === 'FunctionDeclaration' && current.id) return current.id.name;
    if ((current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') && source.parentOf.get(current)?.type === 'VariableDeclarator') {
      const declarator = source.parentOf.get(current)!;
      if (declarator.type === 'VariableDeclarator' && declarator.id.type === 'Identifier') return declarator.id.name;
    }
  }
  return undefined;
}

/** `role.addToPolicy › new iam.PolicyStatement 'Logs'`: where it goes, the class as written, its Sid when it has one. */
function nameOfStatement(source: CdkSource, call: Node, statement: JsonNode): string {
  const written = call.type === 'NewExpression' ? constructed(source, call.callee) : sourceOf(source, call.type === 'CallExpression' ? call.callee : call);
  const sid = statement.children?.find((property) => property.children?.[0].value === 'Sid')?.children?.[1];
  const named = sid?.type === 'string' && !(sid as HostJsonNode).placeholders?.length ? `${written} '${sid.value}'` : written;
  const place = placeOf(source, call);
  return place ? `${place} › ${named}` : `${named} (line ${lineOf(source, call)})`;
}

function lineOf(source: CdkSource, node: Node): number {
  return (node.loc?.start.line ?? 0) || source.text.slice(0, node.start ?? 0).split('\n').length;
}

const jsonStringLiteral = /^"(?:[^"\\]|\\.)*"$/;

/**
 * A rule's JSON edit written into the source: a string that replaces a string literal, in that literal's quotes,
 * and plain text within one. A fix that writes an element or a structure would need it written as a CDK property
 * (`resources`, not `"Resource"`), so it is not offered.
 */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function writeFix(text: string, fix: Fix): Fix | undefined {
  if (fix.hostText) return fix;
  const edits: TextEdit[] = [];
  for (const edit of fix.edits) {
    const written = writeEdit(text, edit);
    if (!written) return undefined;
    edits.push(written);
  }
  return { ...fix, edits };
}

/**
 * Whether `text` is one string literal in `quote`s, with no unescaped quote inside: not `""Allow""`, a JSON string
 * in a C# verbatim string, whose quotes are doubled (a fix there is not offered).
 */
function isStringLiteral(text: string, quote: string): boolean {
  if (text.length < 2 || !text.endsWith(quote)) return false;
  let at = 1;
  while (at < text.length - 1) {
    if (text[at] === quote) return false;
    at += text[at] === '\\' ? 2 : 1;
  }
  // An escape right before the last quote escapes it: the literal goes on.
  return at === text.length - 1;
}

function writeEdit(text: string, edit: TextEdit): TextEdit | undefined {
  const replaced = text.slice(edit.span.start, edit.span.end);
  const quote = replaced[0];
  if (jsonStringLiteral.test(edit.newText) && (quote === "'" || quote === '"' || quote === '`') && isStringLiteral(replaced, quote)) {
    const value = JSON.parse(edit.newText) as string;
    if (quote === '`') return /[`\\]|\$\{/.test(value) ? undefined : { span: edit.span, newText: `\`${value}\`` };
    const escaped = JSON.stringify(value).slice(1, -1);
    return { span: edit.span, newText: quote === '"' ? `"${escaped}"` : `'${escaped.replace(/\\"/g, '"').replace(/'/g, "\\'")}'` };
  }
  // An object's key written as an identifier (`statement: […]`): the new name, when it is one too.
  if (jsonStringLiteral.test(edit.newText) && IDENTIFIER.test(replaced) && /^\s*:/.test(text.slice(edit.span.end))) {
    const value = JSON.parse(edit.newText) as string;
    return IDENTIFIER.test(value) ? { span: edit.span, newText: value } : undefined;
  }
  // Text inside a string: only characters that need no escape in any quoting.
  if (/^[^"'`\\\n$]*$/.test(edit.newText) && !/["'`\n]/.test(replaced)) return edit;
  return undefined;
}
