import type { Node } from '@babel/types';
import type { JsonNode, Placeholder } from '../policy/model';
import type { EmbeddedPolicy } from '../hosts/host';
import { holderOf, pulumiClassesOf, readPulumiProgram, resourceLabelOf, type PolicyUse, type PulumiPolicySite } from '../hosts/pulumi/reader';
import { pulumiPolicyTypeOf, terraformTypeOf, type PulumiClass } from '../hosts/pulumi/resources';
import { ACCOUNT, REGION, SST_LINK_GRANTS } from './sst-links';
import { argumentsObject } from '../hosts/pulumi/policy-document';
import { memberName, propertyKey, resolved, sourceOf, spanOf, unwrapExpression, type CdkSource } from '../hosts/cdk/syntax';
import { renderedPolicyValue } from '../hosts/terraform/rendered';
import { stripBom } from '../text/bom';
import { PulumiProgram, type ProgramFile } from './pulumi-program';
import { DeployString, deployStringOf, deployTimeDocument, type DeployPart, type DeployValue } from './deploy-time';
import { getManagedPolicies } from './managed-policies';
import { emptyAccount, writtenPolicy, type Account, type AccountGroup, type AccountPolicy, type AccountRole, type AccountUser } from './model';

/**
 * The account a Pulumi program makes with the AWS provider (`@pulumi/aws`, `pulumi_aws`, Go's `pulumi-aws`): its roles, users and groups,
 * each with the policies the program gives it, as the provider creates them.
 * - `aws.iam.Role` with its `assumeRolePolicy`, `inlinePolicies`, `managedPolicyArns` and `permissionsBoundary`;
 *   `aws.iam.User` and `aws.iam.Group`;
 * - `aws.iam.RolePolicy`, `UserPolicy` and `GroupPolicy`: an inline policy of the principal their `role`, `user` or
 *   `group` names (`role.name`, `role.id`, the resource itself, or its name as a string);
 * - `aws.iam.Policy`: a customer managed policy, attached by `RolePolicyAttachment`, `UserPolicyAttachment`,
 *   `GroupPolicyAttachment`, `PolicyAttachment` or a role's `managedPolicyArns`; an AWS managed policy is named by
 *   its ARN or by the provider's `aws.iam.ManagedPolicy.ReadOnlyAccess` (Python's `READ_ONLY_ACCESS`, Go's
 *   `iam.ManagedPolicyReadOnlyAccess`);
 * - `aws.iam.UserGroupMembership` and `aws.iam.GroupMembership` put users in groups.
 * The aws-native provider's IAM classes (`@pulumi/aws-native`: `iam.Role` with `assumeRolePolicyDocument` and
 * `policies`, `iam.ManagedPolicy` with its own `roles`, `users` and `groups`, …) and S3 buckets and bucket policies are
 * read as the classes they match (NATIVE_CLASSES).
 * Names are the `name` written, else the resource's name in the program (Pulumi adds a random suffix to it when it
 * makes the name, which only the deployment knows). Values the program computes are known only at deploy, as a
 * template's are; `aws.getCallerIdentity()`'s `accountId` is the account.
 * https://www.pulumi.com/registry/packages/aws/api-docs/iam/
 */
export function readPulumiAccount(text: string, file: string, options: { accountId?: string } = {}): { account?: Account; policies?: EmbeddedPolicy[]; error?: string } {
  const result = readPulumiProgramAccount([{ file, text }], options);
  return result.error !== undefined ? { error: result.error } : { account: result.account, policies: result.policies?.get(file) ?? [] };
}

/**
 * The account a Pulumi program of several files makes (a project's `index.ts` and the modules it imports, a Python
 * package's modules, a Go package's files): read as one, so that a `RolePolicy` in one file names the role another
 * file exports (`import { role } from './iam'`). The policies of each file by file. A file that does not parse is
 * left out with a warning; none parsing is an error.
 */
export function readPulumiProgramAccount(
  files: readonly { file: string; text: string }[],
  options: { accountId?: string; app?: 'cdktf' } = {},
): { account?: Account; policies?: Map<string, EmbeddedPolicy[]>; error?: string } {
  const state: ProgramState = { account: emptyAccount(), resources: new Map(), entities: new Map(), managedArns: new Map(), sites: new Map(), readers: [], app: options.app };
  const read: { file: ProgramFile; sites: PulumiPolicySite[] }[] = [];
  const unread: string[] = [];
  for (const { file, text } of files) {
    const program = readPulumiProgram(stripBom(text), /\.py$/i.test(file) ? 'python' : /\.go$/i.test(file) ? 'go' : /\.cs$/i.test(file) ? 'csharp' : undefined);
    if (!program) {
      unread.push(file);
      continue;
    }
    const entry = { file: { file, source: program.source }, sites: program.sites };
    read.push(entry);
    state.sites.set(entry.file, entry.sites);
  }
  if (read.length === 0) return { error: `${files.map((file) => file.file).join(', ')} is not a Pulumi program that parses.` };
  for (const file of unread) state.account.warnings.push(`${file} does not parse; the rest of the program is read without it.`);
  const program = new PulumiProgram(read.map((entry) => entry.file));
  const readers = read.map((entry) => new PulumiAccountReader(state, program, entry.file, entry.sites, options.accountId ?? '000000000000'));
  state.readers.push(...readers);
  // Every file's principals and managed policies first: the resources of the other files name them.
  for (const reader of readers) reader.declareAll();
  for (const reader of readers) reader.attachAll();
  return { account: state.account, policies: new Map(read.map((entry) => [entry.file.file, entry.sites.map((site) => site.embedded)])) };
}

/** What the files of a program make together, by the node of the resource that makes it. */
interface ProgramState {
  account: Account;
  resources: Map<Node, IamResource>;
  entities: Map<Node, Entity>;
  /** Each `aws.iam.Policy` of the program, by its resource, with the ARN it gets. */
  managedArns: Map<Node, string>;
  /** The policies each file writes. */
  sites: Map<ProgramFile, readonly PulumiPolicySite[]>;
  /** The reader of each file. */
  readers: PulumiAccountReader[];
  /** A CDK for Terraform app's file, read with this reader (its classes are Terraform's resources, as Pulumi's are). */
  app?: 'cdktf';
}

type Entity = AccountRole | AccountUser | AccountGroup;

/** A resource of the IAM module the program makes: its class, its arguments by name, its name in the program. */
interface IamResource {
  node: Node;
  /** The file that makes it, whose source its nodes are of. */
  file: ProgramFile;
  module: string;
  /**
   * The class of `@pulumi/aws`, or the one an aws-native or CDK for Terraform class matches (NATIVE_CLASSES,
   * cdktfClassOf), its arguments renamed to that class's.
   */
  className: string;
  args: Map<string, Node>;
  /** The provider whose class made it. */
  provider: PulumiClass['provider'];
  /** How its arguments were renamed to the `@pulumi/aws` class's (aws-native's and CDK for Terraform's). */
  renamed?: Readonly<Record<string, string>>;
  label: string;
  /** `new aws.iam.Role 'worker'`: for people. */
  written: string;
}

/** The resources a resource policy governs, and how the ARN is made from the name the resource is given. */
const GOVERNED: Readonly<Record<string, { nameArgument: string; arns: (name: string | DeployPart) => (string | DeployPart)[][] }>> = {
  's3.Bucket': {
    nameArgument: 'bucket',
    arns: (name) => [
      ['arn:aws:s3:::', name],
      ['arn:aws:s3:::', name, '/*'],
    ],
  },
  's3.BucketV2': {
    nameArgument: 'bucket',
    arns: (name) => [
      ['arn:aws:s3:::', name],
      ['arn:aws:s3:::', name, '/*'],
    ],
  },
  'sqs.Queue': { nameArgument: 'name', arns: (name) => [['arn:aws:sqs:', REGION, ':', ACCOUNT, ':', name]] },
  'sns.Topic': { nameArgument: 'name', arns: (name) => [['arn:aws:sns:', REGION, ':', ACCOUNT, ':', name]] },
  'kms.Key': { nameArgument: 'keyId', arns: (name) => [['arn:aws:kms:', REGION, ':', ACCOUNT, ':key/', name]] },
  // Secrets Manager appends a hyphen and six random characters to the name in the ARN.
  'secretsmanager.Secret': { nameArgument: 'name', arns: (name) => [['arn:aws:secretsmanager:', REGION, ':', ACCOUNT, ':secret:', name, typeof name === 'string' ? '-??????' : '']] },
};

/** The resources that write a resource's policy, and the argument that names that resource (absent: their own `policy`). */
const GOVERNING: Readonly<Record<string, { argument?: string; target: string }>> = {
  's3.BucketPolicy': { argument: 'bucket', target: 's3.Bucket' },
  's3.Bucket': { target: 's3.Bucket' },
  's3.BucketV2': { target: 's3.Bucket' },
  'sqs.QueuePolicy': { argument: 'queueUrl', target: 'sqs.Queue' },
  'sqs.Queue': { target: 'sqs.Queue' },
  'sns.TopicPolicy': { argument: 'arn', target: 'sns.Topic' },
  'sns.Topic': { target: 'sns.Topic' },
  'kms.Key': { target: 'kms.Key' },
  'kms.KeyPolicy': { argument: 'keyId', target: 'kms.Key' },
  'secretsmanager.SecretPolicy': { argument: 'secretArn', target: 'secretsmanager.Secret' },
  'secretsmanager.Secret': { target: 'secretsmanager.Secret' },
};

const ENTITY_CLASSES: Readonly<Record<string, Entity['kind']>> = { Role: 'role', User: 'user', Group: 'group' };

/**
 * aws-native's classes (CloudFormation's types) read as the `@pulumi/aws` class they match, with their arguments
 * renamed to that class's: `iam.Role`'s `assumeRolePolicyDocument` is `assumeRolePolicy`, its `policies` of
 * `{ policyName, policyDocument }` the `inlinePolicies` of `{ name, policy }`.
 * https://www.pulumi.com/registry/packages/aws-native/api-docs/iam/
 */
const NATIVE_CLASSES: Readonly<Record<string, ClassTranslation>> = {
  'iam.Role': { module: 'iam', className: 'Role', args: { roleName: 'name', assumeRolePolicyDocument: 'assumeRolePolicy', policies: 'inlinePolicies', policyDocument: 'policy' } },
  'iam.User': { module: 'iam', className: 'User', args: { userName: 'name', policies: 'inlinePolicies', policyDocument: 'policy' } },
  'iam.Group': { module: 'iam', className: 'Group', args: { groupName: 'name', policies: 'inlinePolicies', policyDocument: 'policy' } },
  'iam.ManagedPolicy': { module: 'iam', className: 'Policy', args: { managedPolicyName: 'name', policyDocument: 'policy' } },
  'iam.RolePolicy': { module: 'iam', className: 'RolePolicy', args: { roleName: 'role', policyName: 'name', policyDocument: 'policy' } },
  'iam.UserPolicy': { module: 'iam', className: 'UserPolicy', args: { userName: 'user', policyName: 'name', policyDocument: 'policy' } },
  'iam.GroupPolicy': { module: 'iam', className: 'GroupPolicy', args: { groupName: 'group', policyName: 'name', policyDocument: 'policy' } },
  'iam.UserToGroupAddition': { module: 'iam', className: 'GroupMembership', args: { groupName: 'group' } },
  's3.Bucket': { module: 's3', className: 'Bucket', args: { bucketName: 'bucket' } },
  's3.BucketPolicy': { module: 's3', className: 'BucketPolicy', args: { policyDocument: 'policy' } },
  'sqs.Queue': { module: 'sqs', className: 'Queue', args: { queueName: 'name' } },
  // A queue or topic policy of aws-native governs a list of queues (by URL) or topics (by ARN).
  'sqs.QueuePolicy': { module: 'sqs', className: 'QueuePolicy', args: { queues: 'queueUrl', policyDocument: 'policy' } },
  'sns.Topic': { module: 'sns', className: 'Topic', args: { topicName: 'name' } },
  'sns.TopicPolicy': { module: 'sns', className: 'TopicPolicy', args: { topics: 'arn', policyDocument: 'policy' } },
  'kms.Key': { module: 'kms', className: 'Key', args: { keyPolicy: 'policy' } },
  'secretsmanager.Secret': { module: 'secretsmanager', className: 'Secret', args: {} },
  'secretsmanager.ResourcePolicy': { module: 'secretsmanager', className: 'SecretPolicy', args: { secretId: 'secretArn', resourcePolicy: 'policy' } },
};

/** A class of another provider read as a `@pulumi/aws` class: its module, its class, and its arguments' names there. */
interface ClassTranslation {
  module: string;
  className: string;
  args: Readonly<Record<string, string>>;
}

/**
 * A CDK for Terraform class read as the `@pulumi/aws` class of the same Terraform resource: `IamRolePolicyAttachment`
 * (`aws_iam_role_policy_attachment`) is `iam.RolePolicyAttachment`, with the same arguments but a role's
 * `inlinePolicy` blocks, Pulumi's `inlinePolicies`.
 */
function cdktfClassOf(name: string): ClassTranslation | undefined {
  const [module, ...rest] = terraformTypeOf('', name, 'cdktf').replace(/^aws_/, '').split('_');
  if (rest.length === 0) return undefined;
  return { module, className: rest.map((word) => word[0].toUpperCase() + word.slice(1)).join(''), args: { inlinePolicy: 'inlinePolicies' } };
}

/** The attributes that name a principal or managed policy: `@pulumi/aws`'s, and aws-native's (`role.roleName`). */
const NAMING_ATTRIBUTES = new Set(['name', 'id', 'arn', 'roleName', 'userName', 'groupName', 'roleId', 'userId', 'groupId']);

/** The inline-policy resources and the argument naming their principal. */
const INLINE_CLASSES: Readonly<Record<string, Entity['kind']>> = { RolePolicy: 'role', UserPolicy: 'user', GroupPolicy: 'group' };

/** The attachment resources and the argument naming their principal. */
const ATTACHMENT_CLASSES: Readonly<Record<string, Entity['kind']>> = { RolePolicyAttachment: 'role', UserPolicyAttachment: 'user', GroupPolicyAttachment: 'group' };

class PulumiAccountReader {
  private readonly account: Account;
  private readonly resources: Map<Node, IamResource>;
  private readonly entities: Map<Node, Entity>;
  private readonly managedArns: Map<Node, string>;
  private readonly source: CdkSource;
  private readonly file: string;
  private readonly classes: ReturnType<typeof pulumiClassesOf>;
  /** The resources this file makes, in document order. */
  private readonly made: IamResource[] = [];
  /** The policies each file of the program writes. */
  private readonly sitesByFile: Map<ProgramFile, readonly PulumiPolicySite[]>;
  private readonly readers: readonly PulumiAccountReader[];
  private readonly app: ProgramState['app'];

  constructor(
    state: ProgramState,
    private readonly program: PulumiProgram,
    private readonly programFile: ProgramFile,
    readonly sites: readonly PulumiPolicySite[],
    private readonly accountId: string,
  ) {
    ({ account: this.account, resources: this.resources, entities: this.entities, managedArns: this.managedArns, sites: this.sitesByFile, readers: this.readers, app: this.app } = state);
    this.source = programFile.source;
    this.file = programFile.file;
    this.classes = pulumiClassesOf(this.source);
  }

  /** The file's resources, and the principals and managed policies among them. */
  declareAll(): void {
    this.account.accountIds.add(this.accountId);
    for (const call of this.source.calls) {
      if (call.type !== 'NewExpression' && call.type !== 'CallExpression') continue;
      const resourceClass = this.classes(call.callee);
      if (!resourceClass) continue;
      const translated =
        resourceClass.provider === 'aws-native'
          ? NATIVE_CLASSES[`${resourceClass.module}.${resourceClass.name}`]
          : resourceClass.provider === 'cdktf'
            ? cdktfClassOf(resourceClass.name)
            : { module: resourceClass.module, className: resourceClass.name, args: {} };
      if (!translated) continue;
      const { module, className } = translated;
      if (module !== 'iam' && !GOVERNING[`${module}.${className}`] && !GOVERNED[`${module}.${className}`]) continue;
      const props = call.arguments.map((argument) => resolved(this.source, argument)).find((argument) => argument.type === 'ObjectExpression');
      const args = new Map<string, Node>();
      if (props?.type === 'ObjectExpression')
        for (const member of props.properties) {
          const key = propertyKey(member);
          if (member.type === 'ObjectProperty' && key !== undefined) args.set(translated.args[key] ?? key, member.value);
        }
      const label = resourceLabelOf(this.source, call, resourceClass);
      // A name the program computes (`\`${prefix}-role\``) is known at deploy: the resource is named by its line.
      const name = label?.type === 'StringLiteral' ? label.value : `${resourceClass.name}-line${this.source.text.slice(0, call.start ?? 0).split('\n').length}`;
      const callee = this.source.text.slice(call.callee.start!, call.callee.end!);
      const written = `${call.type === 'NewExpression' && this.source.language === undefined ? 'new ' : ''}${callee} '${name}'`;
      const resource: IamResource = {
        node: call,
        file: this.programFile,
        module,
        className,
        provider: resourceClass.provider,
        args,
        label: name,
        written,
        ...(resourceClass.provider !== 'aws' ? { renamed: translated.args } : {}),
      };
      this.resources.set(call, resource);
      this.made.push(resource);
    }
    for (const resource of this.made) this.declare(resource);
  }

  /** What the file's resources attach, and the policies its resources take. */
  attachAll(): void {
    for (const resource of this.made) this.attach(resource);
    for (const site of this.sites) for (const use of site.uses) this.usePolicy(site, use);
    for (const resource of this.made) this.useImportedPolicies(resource);
    this.sstFunctionRoles();
  }

  /**
   * The policies a resource's arguments take from another file of the program (`assumeRolePolicy:
   * lambdaTrust.then((doc) => doc.json)` with `lambdaTrust` imported from `./policies`): the file that writes one
   * cannot know where it goes, so the resource that takes it places it here.
   */
  private useImportedPolicies(resource: IamResource): void {
    const values = new Map<string, string>();
    for (const [key, value] of resource.args) {
      const node = resolved(this.source, value);
      if (node.type === 'StringLiteral') values.set(key, node.value);
    }
    const take = (value: Node, path: string[], item?: Node) => {
      if (!pulumiPolicyTypeOf({ provider: 'aws', module: resource.module, name: resource.className }, path, values)) return;
      const site = this.importedSite(value);
      if (site && !site.uses.some((use) => use.resource === resource.node)) this.usePolicy(site, { resource: resource.node, path, ...(item ? { item } : {}) });
    };
    for (const [key, value] of resource.args) {
      take(value, [key]);
      const list = resolved(this.source, value);
      if (list.type !== 'ArrayExpression') continue;
      for (const element of list.elements) {
        const item = element && element.type !== 'SpreadElement' ? argumentsObject(this.source, element) : undefined;
        if (item?.type !== 'ObjectExpression') continue;
        for (const member of item.properties) {
          const name = propertyKey(member);
          if (member.type === 'ObjectProperty' && name !== undefined) take(member.value, [key, resource.renamed?.[name] ?? name], item);
        }
      }
    }
  }

  /** The policy another file of the program writes that an argument's value is, through `.json`, `.then`, `JSON.stringify`…. */
  private importedSite(value: Node): PulumiPolicySite | undefined {
    const { file, node } = this.program.follow(this.programFile, unwrapPolicyValue(this.source, value));
    if (file === this.programFile) return undefined;
    const target = unwrapPolicyValue(file.source, node);
    return this.siteWithin(file, target);
  }

  private siteWithin(file: ProgramFile, node: Node): PulumiPolicySite | undefined {
    return (this.sitesByFile.get(file) ?? []).find((site) => site.node === node || (site.node.start! >= node.start! && site.node.end! <= node.end!));
  }

  /** Why a resource an argument names is not known, for a warning. */
  private notMade(): string {
    if (this.app === 'cdktf') return 'this file does not make (each file of a CDK for Terraform app is read on its own)';
    return this.program.files.length === 1
      ? 'this file does not make (a file outside a Pulumi project, with no Pulumi.yaml above it, is read on its own)'
      : "the program does not make (or makes where it is not read: in a loop, from a function's parameters)";
  }

  /** The value an argument names, followed into the file of the program that makes it (`role` imported from `./iam`). */
  private followed(expression: Node): Node {
    let field = unwrapExpression(expression);
    // CDK for Terraform's `Token.asString(role.id)` is the value it wraps.
    if (
      field.type === 'CallExpression' &&
      field.callee.type === 'MemberExpression' &&
      /^Token\.as(?:String|List|Number|Any)$/.test(sourceOf(this.source, field.callee)) &&
      field.arguments[0] &&
      field.arguments[0].type !== 'SpreadElement' &&
      field.arguments[0].type !== 'ArgumentPlaceholder'
    )
      field = unwrapExpression(field.arguments[0]);
    // A class's own member (a CDK for Terraform stack's `this.role`), assigned once in the file.
    if (field.type === 'MemberExpression' && field.object.type === 'ThisExpression') {
      const value = this.fieldValues().get(memberName(field) ?? '');
      if (value) return unwrapExpression(value);
    }
    return this.program.follow(this.programFile, field).node;
  }

  private fields: Map<string, Node | null> | undefined;

  /** The values assigned to `this.name` in the file, by name; null for a name assigned more than once. */
  private fieldValues(): Map<string, Node | null> {
    if (this.fields) return this.fields;
    this.fields = new Map();
    for (const node of this.source.parentOf.keys()) {
      if (node.type !== 'AssignmentExpression' || node.operator !== '=' || node.left.type !== 'MemberExpression' || node.left.object.type !== 'ThisExpression') continue;
      const name = memberName(node.left);
      if (name !== undefined) this.fields.set(name, this.fields.has(name) ? null : node.right);
    }
    return this.fields;
  }

  /**
   * The role SST makes for each function of the file that is not given one (`role`): an `sst.aws.Function`, and the
   * function a component makes from a `{ handler, … }` it is given (`api.route('GET /', { handler, link })`, a Cron's
   * `function`, a subscriber). Trusted by Lambda, with the function's `permissions` and, for each component in its
   * `link`, the permissions SST includes for it (sst-links.ts; an `sst.Linkable`'s `include` of
   * `sst.aws.permission(…)`). SST names it from the app, the stage and the function; here an `sst.aws.Function 'Api'`'s
   * is `ApiRole`, and another's is named after what holds it (`ApiRoutePostUsersRole`). A function without either
   * gets no role here.
   */
  private sstFunctionRoles(): void {
    for (const args of this.source.objects) {
      if (args.type !== 'ObjectExpression') continue;
      const member = (key: string) => args.properties.find((property): property is Node & { type: 'ObjectProperty' } => property.type === 'ObjectProperty' && propertyKey(property) === key);
      const permissions = member('permissions');
      const link = member('link');
      const holder = holderOf(this.source, args);
      if (!holder || (!permissions && !link)) continue;
      // A container service's or task's role: its `permissions`, its links, and ECS Exec's channels (SST adds them
      // to every task role).
      const task = /^new sst\.aws\.(?:Service|Task) '(.+)'$/.exec(holder);
      // A server-rendered site's server function takes the site's `permissions` and `link`.
      const site = SSR_SITE.exec(holder);
      if (task ? member('taskRole') : (!member('handler') && !site) || member('role')) continue;
      const function_ = /^new sst\.aws\.Function '(.+)'$/.exec(holder);
      const name = task ? `${task[1]}TaskRole` : site ? `${site[1]}ServerRole` : function_ ? `${function_[1]}Role` : `${pascalCase(holder.replace(/^new sst\.aws\./, ''))}Role`;
      const arn = `arn:aws:iam::${this.accountId}:role/${name}`;
      const inline: AccountPolicy[] = [];
      const permissionsSite = permissions && this.sites.find((site) => site.node === permissions);
      if (permissionsSite) inline.push(this.policy(permissionsSite, `${arn}#inline/permissions`, 'permissions', 'inline'));
      if (link) inline.push(...this.linkPolicies(link, arn, holder));
      if (inline.length === 0 || this.account.roles.has(arn)) continue;
      const source = { file: this.file, path: holder, span: spanOf(args) };
      if (task) {
        const exec = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ECS_EXEC_ACTIONS, Resource: '*' }] };
        inline.push({ key: `${arn}#inline/ecs-exec`, name: 'ECS Exec', kind: 'inline', text: JSON.stringify(exec), value: exec, source });
      }
      const role: AccountRole = { kind: 'role', name, arn, inline, attached: [], tags: {}, source };
      const trust = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: task ? 'ecs-tasks.amazonaws.com' : 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      };
      role.trust = { key: `${arn}#trust`, name: 'trust policy', kind: 'trust', text: JSON.stringify(trust), value: trust, source };
      this.account.roles.set(arn, role);
    }
  }

  /**
   * The policies a function's `link` gives its role: one of the statements SST includes for the components it links
   * (`new sst.aws.Bucket('Uploads')` gives `s3:*` on the bucket and its objects), and the policy of each
   * `sst.aws.permission(…)` an `sst.Linkable` it links includes. A component made in another file of the program is
   * followed there.
   */
  private linkPolicies(link: Node & { type: 'ObjectProperty' }, arn: string, holder: string): AccountPolicy[] {
    const list = resolved(this.source, link.value);
    if (list.type !== 'ArrayExpression') return [];
    const statements: { [key: string]: DeployValue }[] = [];
    const policies: AccountPolicy[] = [];
    for (const element of list.elements) {
      if (!element || element.type === 'SpreadElement') continue;
      const { file, node } = this.program.follow(this.programFile, element);
      if (node.type !== 'NewExpression') continue;
      // `sst.aws.Bucket`, and an older version of a component kept under its version (`sst.aws.Postgres.v1`).
      const component = /^sst\.(?:aws\.)?(\w+(?:\.v\d+)?)$/.exec(file.source.text.slice(node.callee.start!, node.callee.end!))?.[1];
      const label = node.arguments[0] ? resolved(file.source, node.arguments[0]) : undefined;
      const labelText = label?.type === 'StringLiteral' ? label.value : file.source.text.slice(node.start!, node.end!);
      if (component === 'Linkable') {
        const options = node.arguments[1] ? resolved(file.source, node.arguments[1]) : undefined;
        const include = options?.type === 'ObjectExpression' ? options.properties.find((property) => propertyKey(property) === 'include') : undefined;
        const items = include?.type === 'ObjectProperty' ? resolved(file.source, include.value) : undefined;
        for (const item of items?.type === 'ArrayExpression' ? items.elements : []) {
          const site = item && item.type !== 'SpreadElement' ? this.siteWithin(file, resolved(file.source, item)) : undefined;
          if (site) policies.push(this.policy(site, `${arn}#inline/link/${labelText}`, `link ${labelText}`, 'inline'));
        }
        continue;
      }
      const grants = component && Object.hasOwn(SST_LINK_GRANTS, component) ? [SST_LINK_GRANTS[component]].flat() : [];
      const made = (parts: (string | DeployPart)[]) => new DeployString(parts.map((part) => (part === ACCOUNT ? this.accountId : part)));
      for (const grant of grants) statements.push({ Effect: 'Allow', Action: [...grant.actions], Resource: grant.resources({ source: `${labelText}.name` }, labelText).map(made) });
    }
    if (statements.length > 0) {
      const { document, placeholders } = deployTimeDocument({ Version: '2012-10-17', Statement: statements });
      const path = `${holder} › link`;
      if (placeholders.length > 0)
        this.account.warnings.push(`${this.file}: ${path} holds values known only at deploy (${placeholders.join(', ')}); statements using them are answered as conditional on deploy-time:… keys.`);
      policies.unshift({ key: `${arn}#inline/link`, name: 'link', kind: 'inline', text: JSON.stringify(document), value: document, source: { file: this.file, path, span: spanOf(link) } });
    }
    return policies;
  }

  private declare(resource: IamResource): void {
    if (resource.module !== 'iam') return;
    const kind = ENTITY_CLASSES[resource.className];
    const name = this.literal(resource, 'name') ?? resource.label;
    const path = this.literal(resource, 'path') ?? '/';
    const source = { file: this.file, path: resource.written, span: spanOf(resource.node) };
    if (resource.className === 'Policy') {
      this.managedArns.set(resource.node, `arn:aws:iam::${this.accountId}:policy${path}${name}`);
      return;
    }
    if (!kind) return;
    const arn = `arn:aws:iam::${this.accountId}:${kind}${path}${name}`;
    // Two resources of one name (in two files, or in code that runs once per stack): AWS would make only one. Both
    // are read as that one, so that what either is given is not lost.
    const made = (kind === 'group' ? this.account.groups : kind === 'user' ? this.account.users : this.account.roles).get(arn);
    if (made) {
      this.entities.set(resource.node, made);
      this.account.warnings.push(`${this.file}: ${resource.written} makes ${arn}, which ${made.source?.file ?? 'the program'} makes too (${made.source?.path ?? ''}); both are read as one.`);
      return;
    }
    if (kind === 'group') {
      const group: AccountGroup = { kind, name, arn, inline: [], attached: [], source };
      this.entities.set(resource.node, group);
      this.account.groups.set(arn, group);
      return;
    }
    const tags = this.tagsOf(resource);
    if (kind === 'user') {
      const user: AccountUser = { kind, name, arn, inline: [], attached: [], groups: [], tags, source };
      this.entities.set(resource.node, user);
      this.account.users.set(arn, user);
    } else {
      const role: AccountRole = { kind, name, arn, inline: [], attached: [], tags, source };
      this.entities.set(resource.node, role);
      this.account.roles.set(arn, role);
    }
  }

  private attach(resource: IamResource): void {
    if (resource.module !== 'iam') return;
    const entity = this.entities.get(resource.node);
    if (entity && entity.kind !== 'group') {
      const boundary = resource.args.get('permissionsBoundary');
      const arn = boundary && this.arnOf(boundary);
      if (arn) entity.boundary = arn;
    }
    // `@pulumi/aws` lists a role's managed policies in `managedPolicyArns`; aws-native, a user's and a group's too.
    if (entity && (entity.kind === 'role' || resource.provider === 'aws-native')) {
      const managed = resource.args.get('managedPolicyArns');
      if (managed) for (const arn of this.arnsOf(managed)) if (!entity.attached.includes(arn)) entity.attached.push(arn);
    }
    if (entity?.kind === 'user' && resource.provider === 'aws-native')
      for (const group of this.entitiesOf(resource.args.get('groups'), 'group')) if (!entity.groups.includes(group.name)) entity.groups.push(group.name);
    // aws-native's managed policy names the principals it is attached to.
    const ownArn = resource.provider === 'aws-native' && this.managedArns.get(resource.node);
    if (ownArn)
      for (const [argument, kind] of [
        ['roles', 'role'],
        ['users', 'user'],
        ['groups', 'group'],
      ] as const)
        for (const holder of this.entitiesOf(resource.args.get(argument), kind)) if (!holder.attached.includes(ownArn)) holder.attached.push(ownArn);
    const attachedTo = ATTACHMENT_CLASSES[resource.className];
    if (attachedTo) {
      const holder = this.entityOf(resource.args.get(attachedTo), attachedTo);
      const arn = this.arnOf(resource.args.get('policyArn'));
      if (holder && arn && !holder.attached.includes(arn)) holder.attached.push(arn);
    }
    if (resource.className === 'PolicyAttachment') {
      const arn = this.arnOf(resource.args.get('policyArn'));
      for (const [argument, kind] of [
        ['roles', 'role'],
        ['users', 'user'],
        ['groups', 'group'],
      ] as const)
        for (const holder of this.entitiesOf(resource.args.get(argument), kind)) if (arn && !holder.attached.includes(arn)) holder.attached.push(arn);
    }
    if (resource.className === 'UserGroupMembership') {
      const user = this.entityOf(resource.args.get('user'), 'user');
      for (const group of this.entitiesOf(resource.args.get('groups'), 'group')) if (user?.kind === 'user' && !user.groups.includes(group.name)) user.groups.push(group.name);
    }
    if (resource.className === 'GroupMembership') {
      const group = this.entityOf(resource.args.get('group'), 'group');
      for (const user of this.entitiesOf(resource.args.get('users'), 'user')) if (group && user.kind === 'user' && !user.groups.includes(group.name)) user.groups.push(group.name);
    }
  }

  /** A policy a resource's argument takes, given to the principal or managed policy it makes. */
  private usePolicy(site: PulumiPolicySite, use: PolicyUse): void {
    const resource = this.resources.get(use.resource);
    if (!resource) return;
    const argument = use.path.map((name) => resource.renamed?.[name] ?? name).join('.');
    const entity = this.entities.get(resource.node);
    if (entity?.kind === 'role' && argument === 'assumeRolePolicy') {
      entity.trust = this.policy(site, `${entity.arn}#trust`, 'trust policy', 'trust');
      return;
    }
    if (entity && argument === 'inlinePolicies.policy') {
      const named = use.item && resolved(this.source, use.item);
      const nameMember = named?.type === 'ObjectExpression' ? named.properties.find((member) => propertyKey(member) === (resource.provider === 'aws-native' ? 'policyName' : 'name')) : undefined;
      const nameValue = nameMember?.type === 'ObjectProperty' ? resolved(this.source, nameMember.value) : undefined;
      const name = nameValue?.type === 'StringLiteral' ? nameValue.value : `${resource.label}-inline-${entity.inline.length}`;
      this.addInline(entity, this.policy(site, `${entity.arn}#inline/${name}`, name, 'inline'));
      return;
    }
    const holderKind = resource.module === 'iam' ? INLINE_CLASSES[resource.className] : undefined;
    if (holderKind && argument === 'policy') {
      const holder = this.entityOf(resource.args.get(holderKind), holderKind);
      if (!holder) {
        this.account.warnings.push(`${this.file}: ${resource.written} names a ${holderKind} ${this.notMade()}; its policy is left out.`);
        return;
      }
      const name = this.literal(resource, 'name') ?? resource.label;
      this.addInline(holder, this.policy(site, `${holder.arn}#inline/${name}`, name, 'inline'));
      return;
    }
    const governing = GOVERNING[`${resource.module}.${resource.className}`];
    if (governing && argument === 'policy') {
      const resources = this.governedBy(resource, governing);
      if (resources.length === 0) return;
      const policy = this.policy(site, `${resource.written}#resource`, `${resource.className} ${resource.label}`, 'resource');
      this.account.resourcePolicies.push({ type: `aws.${resource.module}.${resource.className}`, resources, policy, source: { file: this.file, path: resource.written, span: spanOf(resource.node) } });
      return;
    }
    const arn = this.managedArns.get(resource.node);
    if (arn && argument === 'policy') {
      const policy = this.policy(site, arn, arn, 'customer-managed');
      this.account.policies.set(arn, { arn, name: this.literal(resource, 'name') ?? resource.label, policy });
    }
  }

  /**
   * The ARNs of what a resource policy governs: the resource of the program its argument names (`bucket.id`,
   * `queue.url`, `topic.arn`), or a name, URL or ARN written out. A name the deployment makes is a deploy-time part.
   */
  private governedBy(resource: IamResource, governing: { argument?: string; target: string }): (string | DeployString)[] {
    const made = (parts: (string | DeployPart)[]): string | DeployString => {
      const filled = parts.map((part) => (part === ACCOUNT ? this.accountId : part));
      return filled.every((part) => typeof part === 'string') ? filled.join('') : new DeployString(filled);
    };
    const target = GOVERNED[governing.target];
    const value = governing.argument === undefined ? undefined : resource.args.get(governing.argument);
    const list = value && resolved(this.source, value);
    // aws-native's `queues: [jobs.ref]`, `topics: [alerts.topicArn]`: each is governed.
    if (list?.type === 'ArrayExpression') {
      const given = list.elements.flatMap((element) => (element && element.type !== 'SpreadElement' ? [element] : []));
      return given.flatMap((element) => this.governedBy({ ...resource, args: new Map([...resource.args, [governing.argument!, element]]) }, governing));
    }
    let governed: IamResource | undefined = governing.argument === undefined ? resource : undefined;
    if (value) {
      const node = resolved(this.source, value);
      const owner = node.type === 'MemberExpression' ? this.resources.get(unwrapExpression(this.followed(node.object))) : this.resources.get(unwrapExpression(this.followed(node)));
      if (owner && `${owner.module}.${owner.className}`.replace(/V2$/, '') === governing.target) governed = owner;
      else if (node.type === 'StringLiteral') {
        const written = node.value;
        if (written.startsWith('arn:')) return governing.target === 's3.Bucket' ? [written, `${written}/*`] : [written];
        // https://sqs.<region>.amazonaws.com/<account>/<name>
        const url = /^https:\/\/sqs\.([^.]+)\.[^/]+\/(\d{12})\/([^/]+)$/.exec(written);
        if (url) return [`arn:aws:sqs:${url[1]}:${url[2]}:${url[3]}`];
        if (governing.target === 's3.Bucket') return target.arns(written).map(made);
      }
    }
    if (!governed) {
      this.account.warnings.push(`${this.file}: ${resource.written} names a resource ${this.notMade()}; its policy is left out.`);
      return [];
    }
    const name = this.literal(governed, target.nameArgument) ?? { source: `${governed.label}.${target.nameArgument === 'bucket' ? 'id' : target.nameArgument}` };
    return target.arns(name).map(made);
  }

  private addInline(entity: Entity, policy: AccountPolicy): void {
    const index = entity.inline.findIndex((existing) => existing.key === policy.key);
    if (index >= 0) entity.inline[index] = policy;
    else entity.inline.push(policy);
  }

  private policy(site: PulumiPolicySite, key: string, name: string, kind: AccountPolicy['kind']): AccountPolicy {
    // A policy another file writes is read there: its placeholders name that file's values.
    const writer = this.readers.find((reader) => reader !== this && reader.sites.includes(site));
    return writer ? writer.policy(site, key, name, kind) : this.writtenHere(site, key, name, kind);
  }

  private writtenHere(site: PulumiPolicySite, key: string, name: string, kind: AccountPolicy['kind']): AccountPolicy {
    const value = this.documentOf(site.embedded.policy.root, site.rendering);
    const { document, placeholders } = deployTimeDocument(value);
    const path = site.embedded.name;
    if (placeholders.length > 0)
      this.account.warnings.push(`${this.file}: ${path} holds values known only at deploy (${placeholders.join(', ')}); statements using them are answered as conditional on deploy-time:… keys.`);
    const written = writtenPolicy(this.file, site.embedded);
    return { key, name, kind, text: JSON.stringify(document), value: document, source: { file: this.file, path, span: written.span }, written };
  }

  /** A policy's value as the provider renders it, each placeholder a value known only at deploy unless the program says. */
  private documentOf(root: JsonNode | undefined, rendering: PulumiPolicySite['rendering']): { [key: string]: DeployValue } {
    if (!root) return {};
    const stringOf = (node: JsonNode) =>
      deployStringOf(String(node.value), (node as { placeholders?: Placeholder[] }).placeholders, (hole) => {
        // `${role.arn}` of a template literal, `{role.arn}` of a Python f-string, `role.arn` on its own.
        const source = hole.replace(/^\$?\{|\}$/g, '');
        return this.attributeOf(source) ?? { source };
      });
    return renderedPolicyValue(root, rendering, stringOf) as { [key: string]: DeployValue };
  }

  /** `role.arn`, `role.name`, `readPolicy.arn`, `current.accountId`: what the program's own resources make known. */
  private attributeOf(source: string): string | undefined {
    // `aws.getCallerIdentity()` (or `get_caller_identity`) bound to a name: its account is this account.
    const account = /^([\w$]+)\.(?:accountId|account_id)$/.exec(source);
    if (account && /^(?:await\s+)?[\w$.]*\b(?:getCallerIdentity|get_caller_identity)(?:Output|_output)?\(/.test(this.constantText(account[1]) ?? '')) return this.accountId;
    const match = /^([\w$]+)\.(arn|name|id)$/.exec(source);
    if (!match) return undefined;
    // A resource of this file by its name, or one another file exports (`import { role } from './iam'`).
    const node = this.source.constants.get(match[1]) ?? this.followed({ type: 'Identifier', name: match[1] } as Node);
    const made = unwrapExpression(node);
    const managed = this.managedArns.get(made);
    if (managed) return match[2] === 'arn' || match[2] === 'id' ? managed : undefined;
    const entity = this.entities.get(made);
    if (!entity) return undefined;
    return match[2] === 'arn' ? entity.arn : entity.name;
  }

  private constantText(name: string): string | undefined {
    const node = this.source.constants.get(name);
    return node && this.source.text.slice(node.start!, node.end!);
  }

  /** The principal an argument names: the resource, its `name`, `id` or `arn`, or its name as a string. */
  private entityOf(expression: Node | undefined, kind: Entity['kind']): Entity | undefined {
    if (!expression) return undefined;
    let node = this.followed(expression);
    if (node.type === 'MemberExpression' && NAMING_ATTRIBUTES.has(memberName(node) ?? '')) node = this.followed(node.object);
    const entity = this.entities.get(node);
    if (entity) return entity.kind === kind ? entity : undefined;
    if (node.type !== 'StringLiteral') return undefined;
    const map = kind === 'role' ? this.account.roles : kind === 'user' ? this.account.users : this.account.groups;
    const value = node.value;
    return [...map.values()].find((candidate: Entity) => candidate.name === value || candidate.arn === value);
  }

  private entitiesOf(expression: Node | undefined, kind: Entity['kind']): Entity[] {
    if (!expression) return [];
    const node = resolved(this.source, expression);
    if (node.type !== 'ArrayExpression') return [];
    return node.elements.flatMap((element) => {
      const entity = element && element.type !== 'SpreadElement' ? this.entityOf(element, kind) : undefined;
      return entity ? [entity] : [];
    });
  }

  /** A managed policy's ARN: written, an `aws.iam.Policy`'s `arn`, or the provider's `aws.iam.ManagedPolicy.ReadOnlyAccess`. */
  private arnOf(expression: Node | undefined): string | undefined {
    if (!expression) return undefined;
    const node = resolved(this.source, expression);
    if (node.type === 'StringLiteral') return node.value;
    if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis.map((quasi) => quasi.value?.cooked ?? '').join('');
    if (node.type !== 'MemberExpression') return undefined;
    const name = memberName(node);
    const owner = resolved(this.source, node.object);
    if (name === 'arn' || name === 'id' || name === 'policyArn') return this.managedArns.get(unwrapExpression(this.followed(node.object)));
    // `aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole`: the provider's list of AWS managed policies, by name.
    // `aws.iam.ManagedPolicies.X`, the older name of the same list.
    if (name && owner.type === 'MemberExpression' && (memberName(owner) === 'ManagedPolicy' || memberName(owner) === 'ManagedPolicies'))
      return (getManagedPolicies().findByName(name) ?? getManagedPolicies().findByLooseName(name))?.arn;
    // Go's constants of the same list: `iam.ManagedPolicyAWSLambdaBasicExecutionRole` (read `managedPolicyAWS…`).
    const constant = this.classes(node);
    const listed = constant?.module === 'iam' ? /^managedPolicy([A-Z]\w*)$/.exec(constant.name) : null;
    if (listed) return (getManagedPolicies().findByName(listed[1]) ?? getManagedPolicies().findByLooseName(listed[1]))?.arn;
    return undefined;
  }

  private arnsOf(expression: Node): string[] {
    const node = resolved(this.source, expression);
    if (node.type !== 'ArrayExpression') return [];
    return node.elements.flatMap((element) => {
      const arn = element && element.type !== 'SpreadElement' ? this.arnOf(element) : undefined;
      return arn ? [arn] : [];
    });
  }

  private literal(resource: IamResource, argument: string): string | undefined {
    const value = resource.args.get(argument);
    const node = value && resolved(resource.file.source, value);
    return node?.type === 'StringLiteral' ? node.value : undefined;
  }

  private tagsOf(resource: IamResource): Record<string, string> {
    const value = resource.args.get('tags');
    const node = value && resolved(this.source, value);
    const tags: Record<string, string> = {};
    // aws-native's tags are CloudFormation's list of `{ key, value }`.
    if (node?.type === 'ArrayExpression') {
      for (const element of node.elements) {
        const tag = element && element.type !== 'SpreadElement' ? argumentsObject(this.source, element) : undefined;
        const field = (name: string) => {
          const member = tag?.type === 'ObjectExpression' ? tag.properties.find((property) => propertyKey(property) === name) : undefined;
          const value = member?.type === 'ObjectProperty' ? resolved(this.source, member.value) : undefined;
          return value?.type === 'StringLiteral' ? value.value : undefined;
        };
        const [key, value] = [field('key'), field('value')];
        if (key !== undefined && value !== undefined) tags[key] = value;
      }
      return tags;
    }
    if (node?.type !== 'ObjectExpression') return tags;
    for (const member of node.properties) {
      const key = propertyKey(member);
      const tag = member.type === 'ObjectProperty' ? resolved(this.source, member.value) : undefined;
      if (key !== undefined && tag?.type === 'StringLiteral') tags[key] = tag.value;
    }
    return tags;
  }
}

/**
 * The value that holds a policy, past what hands it on unchanged: `doc.json`, `doc.then((d) => d.json)` (and `.apply`,
 * Go's `.ApplyT`), `JSON.stringify(x)` and the other encodings, `pulumi.output(x)`, `await x`.
 */
function unwrapPolicyValue(source: CdkSource, expression: Node): Node {
  let node = resolved(source, expression);
  for (let step = 0; step < 6; step++) {
    if (node.type === 'AwaitExpression') node = resolved(source, node.argument);
    else if (node.type === 'MemberExpression' && memberName(node) === 'json') node = resolved(source, node.object);
    else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && /^(?:then|apply|applyT)$/.test(memberName(node.callee) ?? '')) node = resolved(source, node.callee.object);
    else if (
      node.type === 'CallExpression' &&
      HANDING_ON.has(memberName(node.callee) ?? '') &&
      node.arguments[0] &&
      node.arguments[0].type !== 'SpreadElement' &&
      node.arguments[0].type !== 'ArgumentPlaceholder'
    )
      node = resolved(source, node.arguments[0]);
    else break;
  }
  return node;
}

const HANDING_ON = new Set(['stringify', 'jsonStringify', '$jsonStringify', 'dumps', 'jsonDumps', 'marshal', 'output', 'Output']);

/** SST's server-rendered sites, each made with a server function (`new sst.aws.Nextjs 'Web'`). */
const SSR_SITE = /^new sst\.aws\.(?:Nextjs|Remix|Astro|Nuxt|SvelteKit|SolidStart|Analog|TanStackStart|React) '(.+)'$/;

/** What SST's task roles allow for ECS Exec, beside the service's own permissions. */
const ECS_EXEC_ACTIONS = ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'];

/** `api.route 'POST /auth/verify'` -> `ApiRoutePostAuthVerify`: a name IAM takes, from what a function is made by. */
function pascalCase(text: string): string {
  return (text.match(/[A-Za-z0-9]+/g) ?? [])
    .map((word) => word[0].toUpperCase() + (/^[A-Z0-9]+$/.test(word) ? word.slice(1).toLowerCase() : word.slice(1)))
    .join('')
    .slice(0, 60);
}
