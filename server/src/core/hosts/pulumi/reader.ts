import type { Node } from '@babel/types';
import type { JsonNode, SyntaxError } from '../../policy/model';
import type { PolicyType } from '../../policy/policy-type';
import { pathOfUri } from '../../config/globs';
import { otherUseOf, type EmbeddedPolicy, type HostDocument, type HostInput, type HostReader } from '../host';
import { arrayNode, objectNode, policyFromNodes, propertyNode, type Rendering } from '../terraform/nodes';
import { impliedString } from '../terraform/hcl';
import type { HostJsonNode } from '../../policy/parse-policy';
import { calleeName, forEachImport, memberName, parseCdkSource, propertyKey, resolved, sourceOf, spanOf, unwrapExpression, type CdkSource } from '../cdk/syntax';
import { jsonShapedOf, literalTextOf } from '../cdk/values';
import { readJsonTemplate } from '../terraform/json-template';
import type { TemplateText } from '../terraform/template';
import { writeFix } from '../cdk/reader';
import { loadPythonParser, parsePythonCdkSource } from '../cdk/python';
import { loadGoParser, parseGoCdkSource } from '../cdk/go';
import { loadCSharpParser, parseCSharpCdkSource } from '../cdk/csharp';
import { argumentsObject, policyDocumentOfArgs, sstPermissionStatement } from './policy-document';
import { isLambdaPermission, lambdaPermissionPolicy } from './lambda-permission';
import { attributeNameOf, cloudFormationTypeOf, pulumiForeignPolicy, pulumiPolicySeverities, pulumiPolicyTypeOf, sameName, terraformTypeOf, type PulumiClass } from './resources';
import { attachingAttributes, boundaryAttributes } from '../terraform/boundaries';

/**
 * A Pulumi program that uses the AWS provider (`@pulumi/aws` in TypeScript or JavaScript, `pulumi_aws` in Python,
 * `github.com/pulumi/pulumi-aws/sdk/v6/go/aws/…` in Go, read in the shape of its TypeScript twin: cdk/go.ts): the
 * policies it writes, each with its findings at the code that writes it.
 * - an object in the JSON shape of a policy (`JSON.stringify({ Version, Statement })`, `pulumi.jsonStringify(…)`,
 *   `json.dumps({…})`, Go's `json.Marshal(map[string]interface{}{…})`, a `PolicyDocument` object given as it is);
 * - the JSON text of a string (`assumeRolePolicy: \`{ "Version": … }\``, Python's `"""{ … }"""`, a Go raw string);
 * - `aws.iam.getPolicyDocument({ statements })` (and `getPolicyDocumentOutput`, Python's `get_policy_document`, Go's
 *   `iam.GetPolicyDocument(ctx, &iam.GetPolicyDocumentArgs{…}, nil)`), as
 *   the policy it renders, and `aws.iam.assumeRolePolicyForPrincipal(…)`;
 * - in an SST v3 app (isSstProgram), a function's `permissions` and `sst.aws.permission({ … })`.
 * A policy given to a resource (`new aws.iam.Role(…, { assumeRolePolicy })`, `new aws.s3.BucketPolicy(…, { policy
 * })`), directly, through a `const`, `.json`, or an `.apply`/`.then` callback, has the type that resource gives it.
 * Values the program computes (`bucket.arn`, `current.accountId`) are placeholders, as in a CDK app.
 */
export const pulumiReader: HostReader = {
  kind: 'pulumi',
  extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'],
  read(input: HostInput): HostDocument | undefined {
    if (!isScriptName(input)) return undefined;
    if (!(PULUMI_IMPORT.test(input.text) || isSstProgram(input)) || !POLICY_WORDS.test(input.text)) return undefined;
    const read = readPulumiProgram(input.text);
    return read && { kind: 'pulumi', policies: read.sites.map((site) => site.embedded), problems: [] };
  },
};

/**
 * The reader of a Pulumi program in a language tree-sitter parses: a file of the language that imports the provider
 * (`imports`) and names a policy's words, read as its TypeScript twin is.
 */
function treeSitterPulumiReader(language: 'python' | 'go' | 'csharp', extension: string, imports: RegExp, prepare: () => Promise<void>, onDemand = false): HostReader {
  return {
    kind: 'pulumi',
    extensions: [extension],
    prepare,
    ...(onDemand ? { onDemand } : {}),
    read(input: HostInput): HostDocument | undefined {
      if (input.languageId !== undefined ? input.languageId !== language : !pathOfUri(input.uri).endsWith(extension)) return undefined;
      if (!imports.test(input.text) || !POLICY_WORDS.test(input.text)) return undefined;
      // An editor document's tree is kept and parsed again from after each edit; a file the command line reads once is not.
      const read = readPulumiProgram(input.text, language, input.languageId !== undefined ? input.uri : undefined);
      return read && { kind: 'pulumi', policies: read.sites.map((site) => site.embedded), problems: [] };
    },
  };
}

/** A Pulumi program in Python (`import pulumi_aws as aws`, `from pulumi_aws import iam`, `import pulumi_aws_native`). */
export const pulumiPythonReader = treeSitterPulumiReader(
  'python',
  '.py',
  /^[ \t]*(?:from[ \t]+pulumi_aws(?:_native)?(?:\.\w+)?[ \t]+import\b|import[ \t]+pulumi_aws(?:_native)?\b)/m,
  loadPythonParser,
);

/** A Pulumi program in Go (`import "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"`, or `pulumi-aws-native`'s). */
export const pulumiGoReader = treeSitterPulumiReader('go', '.go', /"github\.com\/pulumi\/pulumi-aws(?:-native)?\/sdk\b/, loadGoParser);

/**
 * A Pulumi program in C# (`using Pulumi.Aws.Iam;`, `using Aws = Pulumi.Aws;`), read by the CDK's C# converter
 * (csharp.ts): an `Args` object's members in camelCase, `JsonSerializer.Serialize` an encoding, `GetPolicyDocument.Invoke`
 * the provider's function. Its grammar loads on demand.
 */
export const pulumiCSharpReader = treeSitterPulumiReader('csharp', '.cs', /^[ \t]*(?:global[ \t]+)?using[ \t]+(?:\w+[ \t]*=[ \t]*)?Pulumi\.Aws(?:Native)?\b/m, loadCSharpParser, true);

/**
 * CDK for Terraform's AWS provider: the prebuilt package and its `lib/…` modules (`@cdktf/provider-aws`, or its fork
 * CDK Terrain's `@cdktn/provider-aws`), or the bindings `cdktf get` writes (`./.gen/providers/aws`, older versions'
 * `imports/providers/aws`, a path alias such as `provider/aws/iam`); in Python, `cdktf_cdktf_provider_aws` and `imports.aws`.
 */
export const CDKTF_PROVIDER = /^@cdkt[fn]\/provider-aws(?:\/[\w./-]*)?$|^(?:[\w.-]+\/)*(?:\.gen\/|imports\/)?providers?\/aws(?:\/[\w.-]*)*$|^(?:cdktf_cdktf_provider_aws|imports\.aws)(?:\.\w+)*$/;

/** An import of the AWS provider, `@pulumi/aws`, or of the AWS Cloud Control provider, `@pulumi/aws-native`. */
const PULUMI_IMPORT = /(?:from\s*|require\(\s*)["']@pulumi\/aws(?:-native)?(?:\/[\w-]+)?["']/;

/**
 * An SST v3 app's configuration (`sst.config.ts`) or one of the files it imports (`infra/api.ts`): SST runs them on
 * Pulumi with the AWS provider as the global `aws` and its own components as `sst.aws.*`, without imports. SST v2
 * apps are CDK apps (`sst/constructs`).
 */
function isSstProgram(input: HostInput): boolean {
  if (SST_V2.test(input.text)) return false;
  return /(?:^|[\\/])sst\.config\.[mc]?[jt]s$/.test(pathOfUri(input.uri)) || isSstText(input.text);
}

/** Whether a TypeScript or JavaScript file (by its path and text) is a Pulumi program: it imports the provider, or is SST's. */
export function isPulumiScript(path: string, text: string): boolean {
  return PULUMI_IMPORT.test(text) || isSstProgram({ uri: path, text });
}

/**
 * SST's globals: `$config`, `$app`, `$util`, `$interpolate`, `$jsonStringify`, its components, or the provider's
 * `aws.iam.Role` used without importing or declaring `aws` (only SST's global can be meant then).
 */
function isSstText(text: string): boolean {
  return SST_GLOBALS.test(text) || (FREE_AWS_USE.test(text) && !DECLARES_AWS.test(text));
}
const SST_V2 = /["']sst\/constructs["']/;
const SST_GLOBALS = /\$config\(|\$app\.|\$util\.|\$interpolate`|\$jsonStringify\(|\bnew\s+sst\.(?:aws\.)?\w+\(|\bsst\.aws\.permission\(|\bsst\.Linkable\b/;
const FREE_AWS_USE = /\bnew\s+aws\.\w+\.\w+\(|\baws\.iam\.getPolicyDocument(?:Output)?\(/;
const DECLARES_AWS = /\bimport\s+(?:\*\s+as\s+)?aws\b|\bimport\s*(?:type\s*)?\{[^}]*\baws\b[^}]*\}|\b(?:const|let|var)\s+aws\b/;
export const POLICY_WORDS = /[Ss]tatements?|[Pp]ermissions?\b|assumeRolePolicyForPrincipal|assume_role_policy_for_principal/;
const SOURCE_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact']);

export function isScriptName(input: HostInput): boolean {
  if (input.languageId !== undefined) return SOURCE_LANGUAGES.has(input.languageId);
  const path = pathOfUri(input.uri);
  return /\.[mc]?[jt]s$/.test(path) && !/\.d\.[mc]?ts$/.test(path);
}

/** Pulumi's functions that render a policy document, and CDK for Terraform's `aws_iam_policy_document` data source class. */
const DOCUMENT_FUNCTIONS = new Set(['getPolicyDocument', 'getPolicyDocumentOutput', 'get_policy_document', 'get_policy_document_output', 'DataAwsIamPolicyDocument']);

/** A resource argument that takes a policy: `assumeRolePolicy` of `new aws.iam.Role(…)` is `['assumeRolePolicy']`. */
export interface PolicyUse {
  resource: Node;
  path: string[];
  /** The list item the argument is in: a role's inline policy `{ name, policy }`. */
  item?: Node;
}

/** Where a policy goes: the type, name and rule defaults the first resource that takes it gives it, and every use. */
interface Placement {
  name: string;
  owner: string;
  policyType?: PolicyType;
  severities?: EmbeddedPolicy['severities'];
  uses: PolicyUse[];
  /** The other types later uses give it, each with the first such use (`new IamRole 'x' › assumeRolePolicy`). */
  otherTypes?: Map<PolicyType, string>;
  /** Given only where no IAM policy goes (pulumiForeignPolicy): not read as one. */
  foreign?: true;
}

/** A policy of a Pulumi program and the code that writes it, for the account reader (account/from-pulumi.ts). */
export interface PulumiPolicySite {
  embedded: EmbeddedPolicy;
  node: Node;
  /** How the provider renders it: a getPolicyDocument's `json`, or the JSON of an object or a string. */
  rendering: 'jsonencode' | 'policy-document';
  /** The resource arguments that take it, in document order. */
  uses: PolicyUse[];
}

/**
 * A Pulumi program's policies in document order, with the code that writes each; undefined when it does not parse.
 * An editor document's `document` (its URI) lets the Python grammar parse the source from the document's last tree.
 */
export function readPulumiProgram(text: string, language?: 'python' | 'go' | 'csharp', document?: string): { source: CdkSource; sites: PulumiPolicySite[] } | undefined {
  const source =
    language === 'python'
      ? parsePythonCdkSource(text, document)
      : language === 'go'
        ? parseGoCdkSource(text, document)
        : language === 'csharp'
          ? parseCSharpCdkSource(text, document)
          : parseCdkSource(text);
  return source && { source, sites: findPulumiPolicies(source) };
}

function findPulumiPolicies(source: CdkSource): PulumiPolicySite[] {
  const placements = placementsOf(source);
  const sst = source.language === undefined && isSstText(source.text);
  const policies: PulumiPolicySite[] = [];
  const named = new Map<string, number>();
  const add = (node: Node, root: JsonNode, rendering: Rendering, syntaxErrors: SyntaxError[] = []) => {
    const placement = placements.get(node);
    if (placement?.foreign) return;
    const written = placement?.name ?? `${boundName(source, node) ?? 'policy'} (line ${lineOf(source, node)})`;
    const seen = (named.get(written) ?? 0) + 1;
    named.set(written, seen);
    const name = seen === 1 ? written : `${written} [${seen}]`;
    const embedded: EmbeddedPolicy = {
      policy: policyFromNodes(source.text, root, syntaxErrors, rendering),
      span: spanOf(node),
      name,
      owner: placement?.owner ?? name,
      ...(placement?.policyType ? { policyType: placement.policyType } : {}),
      ...(placement?.severities ? { severities: placement.severities } : {}),
      writeFix: (fix) => writeFix(source.text, fix),
    };
    policies.push({ embedded, node, rendering: rendering.kind === 'policy-document' ? 'policy-document' : 'jsonencode', uses: placement?.uses ?? [] });
    // Given to another resource as another type (a role's trust policy and a RolePolicy's policy): checked as that too.
    for (const [policyType, where] of placement?.otherTypes ?? []) {
      const alsoAs = otherUseOf(where, policyType);
      policies.push({
        embedded: { ...embedded, name: `${name} [${policyType}]`, policyType, variantOf: name, alsoAs, severities: undefined },
        node,
        rendering: rendering.kind === 'policy-document' ? 'policy-document' : 'jsonencode',
        uses: [],
      });
    }
  };
  for (const call of source.calls) {
    const args = (call.type === 'CallExpression' || call.type === 'NewExpression') && isDocumentCall(call) ? documentArguments(source, call) : undefined;
    const root = args && policyDocumentOfArgs(source, call, args);
    if (root) add(call, root, { kind: 'policy-document' });
  }
  for (const object of source.objects) {
    if ((isJsonPolicy(object) || placements.has(object)) && !insideDocumentCall(source, object)) add(object, jsonShapedOf(source, object), { kind: 'jsonencode' });
  }
  // `aws.iam.assumeRolePolicyForPrincipal({ Service: 'lambda.amazonaws.com' })`: the provider's trust policy of one
  // statement, `{ Sid: 'AllowAssumeRole', Effect: 'Allow', Action: 'sts:AssumeRole', Principal }`.
  for (const call of source.calls) {
    const principal = isTrustHelperCall(call) ? (call as Node & { arguments: Node[] }).arguments[0] : undefined;
    if (!principal) continue;
    const head = spanOf((call as Node & { callee: Node }).callee);
    const implied = (key: string, value: string) => propertyNode(head, key, head, impliedString(value, head));
    const statement = objectNode(spanOf(call), [
      implied('Sid', 'AllowAssumeRole'),
      implied('Effect', 'Allow'),
      implied('Action', 'sts:AssumeRole'),
      propertyNode(spanOf(principal), 'Principal', head, jsonShapedOf(source, principal)),
    ]);
    add(call, objectNode(spanOf(call), [implied('Version', '2012-10-17'), propertyNode(spanOf(call), 'Statement', head, arrayNode(spanOf(call), [statement]))]), { kind: 'jsonencode' });
  }
  // `new aws.lambda.Permission('s3', { action, function, principal, sourceArn })`: the function's policy statement.
  const classes = pulumiClassesOf(source);
  for (const call of source.calls) {
    if (call.type !== 'NewExpression' && call.type !== 'CallExpression') continue;
    const resourceClass = classes(call.callee);
    const root = resourceClass && isLambdaPermission(resourceClass) ? lambdaPermissionPolicy(source, call) : undefined;
    if (!resourceClass || !root) continue;
    const owner = resourceOwnerOf(source, call, resourceClass);
    placements.set(call, { name: owner, owner, policyType: 'resource', uses: [] });
    add(call, root, { kind: 'jsonencode' });
  }
  // SST's permissions: a function's `permissions: [{ actions, resources }]`, `sst.aws.permission({ … })` in a link.
  if (sst) {
    for (const object of source.objects) {
      if (object.type !== 'ObjectExpression') continue;
      for (const member of object.properties) {
        if (member.type !== 'ObjectProperty' || propertyKey(member) !== 'permissions') continue;
        const list = resolved(source, member.value);
        const items = list.type === 'ArrayExpression' ? list.elements.map((element) => (element && element.type !== 'SpreadElement' ? resolved(source, element) : undefined)) : [];
        const statements = items.filter((item): item is Node => item?.type === 'ObjectExpression' && item.properties.some((property) => propertyKey(property) === 'actions'));
        if (statements.length === 0) continue;
        const head = spanOf(member.key);
        const root = objectNode(spanOf(member), [
          propertyNode(head, 'Version', head, impliedString('2012-10-17', head)),
          propertyNode(
            spanOf(member),
            'Statement',
            head,
            arrayNode(
              spanOf(list),
              statements.map((statement) => sstPermissionStatement(source, statement)),
            ),
          ),
        ]);
        if (items.length !== statements.length) (root as HostJsonNode).unreadMembers = [sourceOf(source, member.value)];
        placements.set(member, { name: `${holderOf(source, object) ?? 'permissions'} › permissions`, owner: holderOf(source, object) ?? 'permissions', policyType: 'identity', uses: [] });
        add(member, root, { kind: 'jsonencode' });
      }
    }
    for (const call of source.calls) {
      const argument = call.type === 'CallExpression' && calleeName(call) === 'permission' && call.arguments[0] ? resolved(source, call.arguments[0] as Node) : undefined;
      if (argument?.type !== 'ObjectExpression' || !/\bsst\.aws\.permission$/.test(sourceOf(source, (call as Node & { callee: Node }).callee))) continue;
      const head = spanOf((call as Node & { callee: Node }).callee);
      const root = objectNode(spanOf(call), [
        propertyNode(head, 'Version', head, impliedString('2012-10-17', head)),
        propertyNode(spanOf(call), 'Statement', head, arrayNode(spanOf(argument), [sstPermissionStatement(source, argument)])),
      ]);
      placements.set(call, { name: `${holderOf(source, call) ?? 'sst.aws.permission'} › sst.aws.permission`, owner: holderOf(source, call) ?? 'sst.aws.permission', policyType: 'identity', uses: [] });
      add(call, root, { kind: 'jsonencode' });
    }
  }
  // Policies written as JSON text: `assumeRolePolicy: \`{ "Version": … }\``, Python's `policy="""{ … }"""`.
  for (const node of source.parentOf.keys()) {
    const template = jsonPolicyText(source, node, placements.has(node));
    if (!template) continue;
    const { root, syntaxErrors } = readJsonTemplate(template);
    if (root) add(node, root, { kind: 'text', text: template.value, placeholders: template.placeholders }, syntaxErrors);
  }
  return policies.sort((a, b) => a.embedded.span.start - b.embedded.span.start);
}

/**
 * The arguments object of `getPolicyDocument`: its first argument in TypeScript and Python, the second in Go
 * (`iam.GetPolicyDocument(ctx, &iam.GetPolicyDocumentArgs{…}, nil)`).
 */
function documentArguments(source: CdkSource, call: Node & { type: 'CallExpression' | 'NewExpression' }): Node {
  const given = call.arguments.map((argument) => resolved(source, argument as Node));
  return given.find((argument) => argument.type === 'ObjectExpression') ?? given[0];
}

/** `new aws.iam.Role 'worker'`: the resource as findings name it, by its class and name (its line when computed). */
function resourceOwnerOf(source: CdkSource, call: Node & { type: 'NewExpression' | 'CallExpression' }, resourceClass: PulumiClass): string {
  const label = resourceLabelOf(source, call, resourceClass);
  return `${call.type === 'NewExpression' && source.language === undefined ? 'new ' : ''}${sourceOf(source, call.callee)}${label?.type === 'StringLiteral' ? ` '${label.value}'` : ` (line ${lineOf(source, call)})`}`;
}

/**
 * A resource's name, the first argument of `new aws.iam.Role('worker', …)` and the second of Go's
 * `iam.NewRole(ctx, "worker", …)` and of CDK for Terraform's `new IamRole(this, 'worker', …)`: its node, resolved.
 */
export function resourceLabelOf(source: CdkSource, call: Node & { arguments: Node[] }, resourceClass?: PulumiClass): Node | undefined {
  const label = call.arguments[source.language === 'go' || resourceClass?.provider === 'cdktf' ? 1 : 0];
  return label && resolved(source, label);
}

/**
 * The text of a string literal that holds a policy's JSON (it opens an object and names a `"Statement"`); given to a
 * policy argument (`placed`), also one whose keys are not quoted (`{ Version: "2012-10-17", Statement: [ … ] }`, the
 * object of a JavaScript example pasted into a string), which IAM refuses as JSON: read, its syntax errors reported.
 */
function jsonPolicyText(source: CdkSource, node: Node, placed: boolean): TemplateText | undefined {
  // A tagged template is text only with Pulumi's tag (`pulumi.interpolate\`{ "Version": … }\``), read as the whole.
  if (node.type !== 'StringLiteral' && node.type !== 'TemplateLiteral' && node.type !== 'TaggedTemplateExpression') return undefined;
  if (source.parentOf.get(node)?.type === 'TaggedTemplateExpression') return undefined;
  const template = literalTextOf(source, node);
  if (!template || !/^\s*\{/.test(template.value)) return undefined;
  return /"Statement"\s*:/.test(template.value) || (placed && /\bStatement\s*:/.test(template.value)) ? template : undefined;
}

function isTrustHelperCall(node: Node): boolean {
  if (node.type !== 'CallExpression' || !node.arguments[0] || node.arguments[0].type === 'SpreadElement') return false;
  const name = calleeName(node);
  return name === 'assumeRolePolicyForPrincipal' || name === 'assume_role_policy_for_principal';
}

function isDocumentCall(node: Node): boolean {
  if ((node.type !== 'CallExpression' && node.type !== 'NewExpression') || !node.arguments[0]) return false;
  const name = calleeName(node);
  return name !== undefined && DOCUMENT_FUNCTIONS.has(name);
}

/** An object written as a policy: a `Statement` that is an array or an object of statements. */
function isJsonPolicy(object: Node, anyCase = false): boolean {
  if (object.type !== 'ObjectExpression') return false;
  return object.properties.some(
    (member) =>
      member.type === 'ObjectProperty' &&
      (anyCase ? propertyKey(member)?.toLowerCase() === 'statement' : propertyKey(member) === 'Statement') &&
      /^(?:Array|Object)Expression$/.test(unwrapExpression(member.value).type),
  );
}

function insideDocumentCall(source: CdkSource, node: Node): boolean {
  for (let current = source.parentOf.get(node); current; current = source.parentOf.get(current)) if (isDocumentCall(current)) return true;
  return false;
}

/**
 * For each resource of the AWS provider the program makes, the policies its arguments take: `new aws.iam.Role('app',
 * { assumeRolePolicy, inlinePolicies: [{ name, policy }] })` gives a trust policy and an identity policy.
 */
/**
 * The provider's argument a program's property is: as written, but in C# a class cannot have a property of its own
 * name, so `aws.iam.Policy`'s `policy` is `PolicyDocument` there (`new Aws.Iam.Policy("p", new() { PolicyDocument = … })`).
 */
function argumentOf(source: CdkSource, resourceClass: PulumiClass, written: string): string {
  return source.language === 'csharp' && resourceClass.name === 'Policy' && written === 'policyDocument' ? 'policy' : written;
}

function placementsOf(source: CdkSource): Map<Node, Placement> {
  const placements = new Map<Node, Placement>();
  const classes = pulumiClassesOf(source);
  // The resources that take each policy, and the managed policies roles and users name as their boundary or attach.
  const placedBy = new Map<Node, Node[]>();
  const boundaries = new Set<Node>();
  const attached = new Set<Node>();
  for (const call of source.calls) {
    if (call.type !== 'NewExpression' && call.type !== 'CallExpression') continue;
    const resourceClass = classes(call.callee);
    if (!resourceClass) continue;
    const props = call.arguments.map((argument) => resolved(source, argument)).find((argument) => argument.type === 'ObjectExpression');
    if (!props || props.type !== 'ObjectExpression') continue;
    const values = new Map<string, string>();
    for (const member of props.properties) {
      const key = propertyKey(member);
      const value = member.type === 'ObjectProperty' ? resolved(source, member.value) : undefined;
      if (key === undefined || !value) continue;
      if (value.type === 'StringLiteral') values.set(key, value.value);
      const use = policyUseOf(resourceClass, key);
      if (use === 'boundary') for (const policy of policiesNamedBy(source, value, classes)) boundaries.add(policy);
      if (use === 'attaches') for (const policy of policiesNamedBy(source, value, classes)) attached.add(policy);
      if (use === 'attaches itself') attached.add(call);
    }
    const owner = resourceOwnerOf(source, call, resourceClass);
    const visit = (object: Node, path: string[], place: string[], item?: Node) => {
      if (object.type !== 'ObjectExpression' || path.length > 2) return;
      for (const member of object.properties) {
        const written = propertyKey(member);
        if (member.type !== 'ObjectProperty' || written === undefined) continue;
        const key = argumentOf(source, resourceClass, written);
        const value = resolved(source, member.value);
        const policyType = pulumiPolicyTypeOf(resourceClass, [...path, key], values);
        if (policyType) {
          for (const target of policyValuesOf(source, member.value, 0)) {
            const use: PolicyUse = { resource: call, path: [...path, key], ...(item ? { item } : {}) };
            const placed = placements.get(target);
            if (placed && !placed.foreign) {
              placed.uses.push(use);
              if (placed.policyType !== undefined && policyType !== placed.policyType && !placed.otherTypes?.has(policyType))
                (placed.otherTypes ??= new Map()).set(policyType, [owner, ...place, written].join(' › '));
              continue;
            }
            placedBy.set(call, [...(placedBy.get(call) ?? []), target]);
            const severities = pulumiPolicySeverities(resourceClass, [...path, key]);
            placements.set(target, { name: [owner, ...place, written].join(' › '), owner, policyType, ...(severities ? { severities } : {}), uses: [use] });
          }
        } else if (pulumiForeignPolicy(resourceClass, [...path, key], values)) {
          for (const target of policyValuesOf(source, member.value, 0))
            if (!placements.has(target)) placements.set(target, { name: [owner, ...place, written].join(' › '), owner, uses: [], foreign: true });
        } else if (value.type === 'ArrayExpression') {
          value.elements.forEach((element, index) => {
            if (!element || element.type === 'SpreadElement') return;
            // Python's `aws.iam.RoleInlinePolicyArgs(name=…, policy=…)` is the object of its keyword arguments.
            const item = argumentsObject(source, element);
            // A role's inline policy is `{ name, policy }`; aws-native's, `{ policyName, policyDocument }`.
            const itemName = item.type === 'ObjectExpression' ? item.properties.find((property) => ['name', 'policyName', 'policy_name'].includes(propertyKey(property) ?? '')) : undefined;
            const nameValue = itemName?.type === 'ObjectProperty' ? resolved(source, itemName.value) : undefined;
            visit(item, [...path, key], [...place, nameValue?.type === 'StringLiteral' ? `${written}[${nameValue.value}]` : `${written}[${index}]`], item);
          });
        } else visit(argumentsObject(source, member.value), [...path, key], [...place, written], item);
      }
    };
    visit(props, [], []);
  }
  // A managed policy that roles and users name only as their permissions boundary is one: the most they may be
  // granted, whose `Allow *` beside a few Denies is AWS's own pattern, as in a Terraform module (terraform/boundaries.ts).
  for (const policy of boundaries) {
    if (attached.has(policy)) continue;
    for (const target of placedBy.get(policy) ?? []) placements.set(target, { ...placements.get(target)!, policyType: 'boundary' });
  }
  return placements;
}

/**
 * Whether an argument names managed policies as the resource's permissions boundary (a role's `permissionsBoundary`)
 * or attaches them (`managedPolicyArns`, an attachment's `policyArn`); an aws-native ManagedPolicy's `roles`, `users`
 * and `groups` attach the policy itself.
 */
function policyUseOf(resourceClass: PulumiClass, argument: string): 'boundary' | 'attaches' | 'attaches itself' | undefined {
  if (resourceClass.provider === 'aws-native') {
    const type = cloudFormationTypeOf(resourceClass);
    if (type === 'AWS::IAM::ManagedPolicy') return ['Roles', 'Users', 'Groups'].some((property) => sameName(argument, property)) ? 'attaches itself' : undefined;
    if (type !== 'AWS::IAM::Role' && type !== 'AWS::IAM::User' && type !== 'AWS::IAM::Group') return undefined;
    if (sameName(argument, 'PermissionsBoundary') && type !== 'AWS::IAM::Group') return 'boundary';
    return sameName(argument, 'ManagedPolicyArns') ? 'attaches' : undefined;
  }
  const terraformType = terraformTypeOf(resourceClass.module, resourceClass.name, resourceClass.provider);
  const attribute = attributeNameOf(argument);
  if (boundaryAttributes[terraformType] === attribute) return 'boundary';
  return attachingAttributes[terraformType] === attribute ? 'attaches' : undefined;
}

/**
 * The managed policies of the program an argument names by their ARN (`boundary.arn`, `[readOnly.arn, logs.arn]`):
 * `aws.iam.Policy` resources, aws-native's `iam.ManagedPolicy` (whose ARN is its `policyArn`), CDK for Terraform's
 * `IamPolicy`.
 */
function policiesNamedBy(source: CdkSource, value: Node, classes: (callee: Node) => PulumiClass | undefined): Node[] {
  const node = resolved(source, value);
  if (node.type === 'ArrayExpression') return node.elements.flatMap((element) => (element && element.type !== 'SpreadElement' ? policiesNamedBy(source, element, classes) : []));
  if (node.type !== 'MemberExpression') return [];
  const policy = resolved(source, node.object);
  const policyClass = (policy.type === 'NewExpression' || policy.type === 'CallExpression') && classes(policy.callee);
  if (!policyClass) return [];
  const named =
    policyClass.provider === 'aws-native'
      ? policyClass.module === 'iam' && policyClass.name === 'ManagedPolicy' && memberName(node) === 'policyArn'
      : policyClass.provider === 'cdktf'
        ? policyClass.name === 'IamPolicy' && memberName(node) === 'arn'
        : policyClass.module === 'iam' && policyClass.name === 'Policy' && memberName(node) === 'arn';
  return named ? [policy] : [];
}

/**
 * The policies an argument's value is, through what a program writes around them: a `const`, an encoding call
 * (ENCODINGS), `await`, `doc.json`, and the callback of `x.apply(…)`, `x.then(…)` or Go's `x.ApplyT(…)`
 * (`doc.then((d) => d.json)` is `doc`'s policy).
 */
function policyValuesOf(source: CdkSource, expression: Node, depth: number): Node[] {
  if (depth > 8) return [];
  const node = resolved(source, expression);
  // Given to a policy argument, an object whose keys are lower case (`statement`, `effect`, as aws-native's own examples
  // write them) is the policy IAM rejects ("Unknown field statement"): read, so that its keys are reported.
  if (node.type === 'ObjectExpression') return isJsonPolicy(node, true) ? [node] : [];
  if (jsonPolicyText(source, node, true)) return [node];
  if (node.type === 'ConditionalExpression') return [...policyValuesOf(source, node.consequent, depth + 1), ...policyValuesOf(source, node.alternate, depth + 1)];
  if (node.type === 'AwaitExpression') return policyValuesOf(source, node.argument, depth + 1);
  if (node.type === 'MemberExpression' && memberName(node) === 'json') return policyValuesOf(source, node.object, depth + 1);
  if (node.type === 'NewExpression' && isDocumentCall(node)) return [node];
  if (node.type !== 'CallExpression') return [];
  if (isDocumentCall(node) || isTrustHelperCall(node)) return [node];
  const name = calleeName(node);
  // `assumeRolePolicy: JSON.stringify(lambdaTrust())`, Go's `pulumi.Any(trustPolicyContent())`: a function of the file
  // that builds the policy, whose returned value is it.
  const callee = node.callee.type === 'Identifier' ? (functionNamed(source, node.callee.name) ?? resolved(source, node.callee)) : undefined;
  const builder = callee && /^(?:FunctionDeclaration|FunctionExpression|ArrowFunctionExpression)$/.test(callee.type) ? callee : undefined;
  if (builder) return returnedExpressions(builder).flatMap((returned) => policyValuesOf(source, returned, depth + 1));
  const first = node.arguments[0];
  if (!first || first.type === 'SpreadElement' || first.type === 'ArgumentPlaceholder') return [];
  if (ENCODINGS.has(name ?? '')) return policyValuesOf(source, first, depth + 1);
  if ((name === 'apply' || name === 'applyT' || name === 'then') && node.callee.type === 'MemberExpression') {
    const receiver = node.callee.object;
    const given = unwrapExpression(first);
    // `bucket.bucket.apply(publicReadPolicy)`: a function of the file, by name.
    const callback = given.type === 'Identifier' ? (functionNamed(source, given.name) ?? given) : given;
    if (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression' && callback.type !== 'FunctionDeclaration') return [];
    const parameters = new Set(callback.params.flatMap((parameter) => (parameter.type === 'Identifier' ? [parameter.name] : [])));
    return returnedExpressions(callback).flatMap((returned) => {
      // `(doc) => doc.json`: the callback hands on what it was given.
      const value = unwrapExpression(returned);
      const given = value.type === 'MemberExpression' && memberName(value) === 'json' ? unwrapExpression(value.object) : value;
      if (given.type === 'Identifier' && parameters.has(given.name)) return policyValuesOf(source, receiver, depth + 1);
      return policyValuesOf(source, returned, depth + 1);
    });
  }
  return [];
}

/**
 * The calls that hand on a policy as its JSON: `JSON.stringify`, `pulumi.jsonStringify`, SST's `$jsonStringify`,
 * Python's `json.dumps` and `pulumi.Output.json_dumps` (read `jsonDumps`), Go's `json.Marshal` (read `marshal`), and
 * `pulumi.output(…)`.
 */
// .NET's: `JsonSerializer.Serialize`, Json.NET's `JsonConvert.SerializeObject`, Pulumi's `Output.JsonSerialize`.
const ENCODINGS = new Set([
  'stringify',
  'jsonStringify',
  '$jsonStringify',
  'dumps',
  'jsonDumps',
  'marshal',
  'output',
  'Output',
  'jsonencode',
  'serialize',
  'serializeObject',
  'jsonSerialize',
  'create',
]);

/** The function declared at the top of the file (exported or not) under this name. */
export function functionNamed(source: CdkSource, name: string): Node | undefined {
  for (const statement of source.file.program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'FunctionDeclaration' && declaration.id?.name === name) return declaration;
  }
  return undefined;
}

/** What a callback returns: its body when it is an expression, else each `return`'s value at its own level. */
export function returnedExpressions(callback: Node): Node[] {
  if (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression' && callback.type !== 'FunctionDeclaration') return [];
  if (callback.body.type !== 'BlockStatement') return [callback.body];
  const found: Node[] = [];
  const visit = (node: Node) => {
    if (node.type === 'ReturnStatement') {
      if (node.argument) found.push(node.argument);
      return;
    }
    if (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'FunctionDeclaration') return;
    for (const key of Object.keys(node) as (keyof Node)[]) {
      const value = node[key] as unknown;
      if (Array.isArray(value)) value.forEach((item) => isNode(item) && visit(item));
      else if (isNode(value) && key !== 'loc') visit(value);
    }
  };
  callback.body.body.forEach(visit);
  return found;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * The classes of the AWS provider a program names, by how it imports the provider: `aws.iam.Role` with `import * as
 * aws from '@pulumi/aws'` (or `require`, or Python's `import pulumi_aws as aws`), `iam.Role` with `import { iam }
 * from '@pulumi/aws'` or `from pulumi_aws import iam`, `Role` with `import { Role } from '@pulumi/aws/iam'`.
 */
export function pulumiClassesOf(source: CdkSource): (callee: Node) => PulumiClass | undefined {
  type Provider = PulumiClass['provider'];
  // SST's global `aws` is the provider.
  const providers = new Map<string, Provider>(source.language === undefined && isSstText(source.text) ? [['aws', 'aws']] : []);
  const modules = new Map<string, { provider: Provider; module: string }>();
  const classes = new Map<string, { provider: Provider; module: string }>();
  // CDK for Terraform: names bound to the provider's modules (`import * as aws`, `import { iamRole }`, `import {
  // IamRole } from '@cdktf/provider-aws/lib/iam-role'`, a project's own `.gen/providers/aws`), whose classes are named
  // after Terraform's resources.
  const terraformBindings = new Set<string>();
  const bind = (from: string, local: string, imported: string | undefined) => {
    if (CDKTF_PROVIDER.test(from)) terraformBindings.add(local);
    const match = /^(?:@pulumi\/aws(-native)?|pulumi_aws(_native)?)(?:[/.]([\w-]+))?$/.exec(from);
    if (!match) return;
    const provider: Provider = match[1] || match[2] ? 'aws-native' : 'aws';
    const module = match[3];
    if (module === undefined) {
      if (imported === undefined) providers.set(local, provider);
      else modules.set(local, { provider, module: imported });
    } else if (imported === undefined) modules.set(local, { provider, module });
    else classes.set(local, { provider, module });
  };
  forEachImport(source, bind);
  return (callee) => {
    const names: string[] = [];
    let current = unwrapExpression(callee);
    while (current.type === 'MemberExpression' && !current.computed && current.property.type === 'Identifier') {
      names.unshift(current.property.name);
      current = unwrapExpression(current.object);
    }
    if (current.type !== 'Identifier') return undefined;
    names.unshift(current.name);
    const last = names[names.length - 1];
    if (terraformBindings.has(names[0]) && names.length <= 3 && /^[A-Z][A-Za-z0-9]*$/.test(last)) return { provider: 'cdktf', module: '', name: last };
    const provider = names.length === 3 ? providers.get(names[0]) : undefined;
    if (provider) return { provider, module: names[1], name: names[2] };
    const module = names.length === 2 ? modules.get(names[0]) : undefined;
    if (module) return { ...module, name: names[1] };
    const imported = names.length === 1 ? classes.get(names[0]) : undefined;
    return imported && { ...imported, name: names[0] };
  };
}

/**
 * The call whose arguments hold a value, for its name: `new sst.aws.Function 'Api'`, `api.route 'GET /'`, with its
 * first argument when that is a string.
 */
export function holderOf(source: CdkSource, node: Node): string | undefined {
  let current = node;
  for (let parent = source.parentOf.get(current); parent; current = parent, parent = source.parentOf.get(current)) {
    if ((parent.type === 'NewExpression' || parent.type === 'CallExpression') && parent.callee !== current) {
      const first = parent.arguments[0] ? resolved(source, parent.arguments[0] as Node) : undefined;
      const label = first?.type === 'StringLiteral' ? ` '${first.value}'` : '';
      return `${parent.type === 'NewExpression' ? 'new ' : ''}${sourceOf(source, parent.callee)}${label}`;
    }
    if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  }
  return undefined;
}

/** `assumeRole` for `const assumeRole = aws.iam.getPolicyDocument(…)` or `= JSON.stringify({…})`: the name it is bound to. */
function boundName(source: CdkSource, node: Node): string | undefined {
  let current = node;
  for (let parent = source.parentOf.get(current); parent; current = parent, parent = source.parentOf.get(current)) {
    if (parent.type === 'VariableDeclarator') return parent.id.type === 'Identifier' ? parent.id.name : undefined;
    if (parent.type === 'ObjectProperty' && parent.value === current) return propertyKey(parent);
    const wrapper = unwrapExpression(parent) !== parent || parent.type === 'AwaitExpression' || (parent.type === 'CallExpression' && parent.callee !== current);
    if (!wrapper) return undefined;
  }
  return undefined;
}

function lineOf(source: CdkSource, node: Node): number {
  return (node.loc?.start.line ?? 0) || source.text.slice(0, node.start ?? 0).split('\n').length;
}
