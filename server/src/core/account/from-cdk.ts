import type { Node } from '@babel/types';
import type { JsonNode, Placeholder } from '../policy/model';
import type { EmbeddedPolicy } from '../hosts/host';
import { isGrantCall, readCdkPolicies, type CdkPolicySite } from '../hosts/cdk/reader';
import { calleeName, calleeOwnerName, declaredTypesOf, moduleOfClass, propertyKey, resolved, sourceOf, spanOf, unwrapExpression, type CdkSource } from '../hosts/cdk/syntax';
import { jsonShapedOf } from '../hosts/cdk/values';
import { principalsAddedTo } from '../hosts/cdk/statements';
import { renderedPolicyValue } from '../hosts/terraform/rendered';
import { stripBom } from '../text/bom';
import type { Span } from '../text/span';
import { classesWithGrant, encryptionOf, grantableModule, grantStatements, ownRoleStatements } from './cdk-grants';
import { DeployString, deployStringOf, deployTimeDocument, type DeployPart, type DeployValue } from './deploy-time';
import {
  documentOf,
  emptyAccount,
  statementListOf,
  writtenPolicy,
  type Account,
  type AccountResourcePolicy,
  type AccountGroup,
  type AccountPolicy,
  type AccountRole,
  type AccountUser,
  type WrittenPolicy,
} from './model';

/**
 * The account a CDK app's source makes, as CloudFormation will have it after synthesis: its roles, users and groups,
 * each with the policies the code gives it.
 * - `new iam.Role(this, 'Id', { assumedBy, inlinePolicies, managedPolicies, permissionsBoundary, roleName })`: the
 *   trust policy CDK writes for `assumedBy` (service, account, ARN, web identity and federated principals, and a
 *   CompositePrincipal of them), its inline policies by name, its managed policies;
 * - a statement handed to `role.addToPolicy(…)` (`addToPrincipalPolicy`, `addToRolePolicy` on a function) joins the
 *   principal's default policy, which CDK names `<Id>DefaultPolicy`;
 * - `new iam.Policy(…, { statements, roles, users, groups })` is an inline policy of each, and
 *   `new iam.ManagedPolicy(…)` a customer managed policy attached to each; `role.addManagedPolicy(…)`,
 *   `role.attachInlinePolicy(…)`, `policy.attachToRole(…)` and the like too;
 * - a Lambda function (`new lambda.Function`, `NodejsFunction`, …) without a `role` gets its service role, trusted by
 *   Lambda, with AWSLambdaBasicExecutionRole and its `initialPolicy`;
 * - users join groups by `groups`, `user.addToGroup(…)` and `group.addUser(…)`;
 * - `bucket.grantRead(fn)`, `bucket.grants.read(fn)`, `table.grantReadWriteData(role)` and the other grants of
 *   cdk-grants.json add to the grantee's default policy the statements CDK writes for them. A receiver the file does not make (`props.table`)
 *   is read by its method when only one known construct has it.
 * Names are the `roleName`/`userName`/`groupName`/`managedPolicyName` written, else the construct id (CDK makes a
 * name from it). Values the app computes are known only at deploy, as a template's are.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam-readme.html
 */
export function readCdkAccount(text: string, file: string, options: { accountId?: string } = {}): { account?: Account; policies?: EmbeddedPolicy[]; error?: string } {
  const language = /\.py$/i.test(file) ? 'python' : /\.java$/i.test(file) ? 'java' : /\.go$/i.test(file) ? 'go' : /\.cs$/i.test(file) ? 'csharp' : undefined;
  const read = readCdkPolicies(stripBom(text), language);
  if (!read) return { error: `${file} is not a CDK source that parses.` };
  const reader = new CdkAccountReader(read.source, read.sites, file, options.accountId ?? '000000000000');
  return { account: reader.read(), policies: read.sites.map((site) => site.embedded) };
}

type Entity = AccountRole | AccountUser | AccountGroup;

/**
 * `this.account`, `Stack.of(this).account`, `cdk.Aws.ACCOUNT_ID` (and the pseudo parameter it renders, `AWS::AccountId`, of
 * an ARN the reader builds: `Role.fromRoleName`): the stack's account; the same for its partition.
 */
const STACK_ACCOUNT =
  /^(?:(?:this|self|(?:cdk\.|core\.)?Stack\.of\((?:this|self)\)|stack|(?:this|self)\.stack)\.account|(?:cdk\.|core\.)?Aws\.ACCOUNT_ID|\*?(?:stack|awscdk\.Stack_Of\(\w+\))\.Account\(\)|\*?awscdk\.Aws_ACCOUNT_ID\(\)|AWS::AccountId)$/;
const STACK_PARTITION =
  /^(?:(?:this|self|(?:cdk\.|core\.)?Stack\.of\((?:this|self)\)|stack|(?:this|self)\.stack)\.partition|(?:cdk\.|core\.)?Aws\.PARTITION|\*?(?:stack|awscdk\.Stack_Of\(\w+\))\.Partition\(\)|\*?awscdk\.Aws_PARTITION\(\)|AWS::Partition)$/;

/** The construct's own members: `this.role` in TypeScript, `self.role` in Python, are both `role`. */
const SELF = /^(?:this|self)\./;

/** Classes whose construct makes a Lambda function, with a service role unless given `role`. */
const FUNCTION_CLASSES = /^(?:Function|NodejsFunction|PythonFunction|GoFunction|DockerImageFunction|SingletonFunction)$/;

/**
 * Other constructs that make a role of their own unless given one (`role`, `taskRole`), the service that assumes it,
 * the module that must be imported for the class name to be that construct, and the method that adds to its policy.
 * An ECS task definition makes two: the task's role and the execution role.
 */
/**
 * Resources whose policy the code writes (`bucket.addToResourcePolicy(…)`, a key's `policy`), the module that must be
 * imported for the class to be that construct, the property that names the resource, and the policy's type.
 */
const GOVERNED: Readonly<Record<string, { module: string; nameKey: string; policyType: string; label: string }>> = {
  Bucket: { module: 'aws-s3', nameKey: 'bucketName', policyType: 'AWS::S3::BucketPolicy', label: 'bucket policy' },
  Queue: { module: 'aws-sqs', nameKey: 'queueName', policyType: 'AWS::SQS::QueuePolicy', label: 'queue policy' },
  Topic: { module: 'aws-sns', nameKey: 'topicName', policyType: 'AWS::SNS::TopicPolicy', label: 'topic policy' },
  Key: { module: 'aws-kms', nameKey: '', policyType: 'AWS::KMS::Key', label: 'key policy' },
  Secret: { module: 'aws-secretsmanager', nameKey: 'secretName', policyType: 'AWS::SecretsManager::ResourcePolicy', label: 'secret policy' },
};

/** A resource of the file whose policy the code writes, and the statements and documents that make it. */
interface Governed {
  id: string;
  type: string;
  label: string;
  resources: (string | DeployString)[];
  source: { file: string; path: string; span: Span };
  /** The statements the code adds (a bucket's `addToResourcePolicy`) and those CDK writes (a function's `addPermission`). */
  sites: DefaultPart[];
}

/** A construct of the file with known grants (cdk-grants.json): its class, and the name its attributes are read by. */
interface Grantable {
  className: string;
  name: string;
  /** The physical name the code gives it (`tableName: 'orders'`), which its ARN holds. */
  physicalName?: string;
  /** The ARN of a construct the code imports by it (`Queue.fromQueueArn(this, 'Jobs', 'arn:…')`). */
  arn?: string;
  /** A table the code gives secondary indexes (`addGlobalSecondaryIndex`, at any place in the file). */
  indexed?: boolean;
  /** Its own KMS key, which its grants cover too: the expression the code gives (`encryptionKey: key`), or one CDK creates. */
  encryptionKey?: Node | 'created';
}

/**
 * The ARN of a construct the code names (`tableName: 'orders'`), by class: the property that names it and the ARN
 * with `{name}` and `{account}` filled in; its Region is known only at deploy, so it is any Region.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
const NAMED_ARNS: Readonly<Record<string, { property: string; arn: string }>> = {
  Table: { property: 'tableName', arn: 'arn:aws:dynamodb:*:{account}:table/{name}' },
  Queue: { property: 'queueName', arn: 'arn:aws:sqs:*:{account}:{name}' },
  Topic: { property: 'topicName', arn: 'arn:aws:sns:*:{account}:{name}' },
  Function: { property: 'functionName', arn: 'arn:aws:lambda:*:{account}:function:{name}' },
  Stream: { property: 'streamName', arn: 'arn:aws:kinesis:*:{account}:stream/{name}' },
  StateMachine: { property: 'stateMachineName', arn: 'arn:aws:states:*:{account}:stateMachine:{name}' },
  Repository: { property: 'repositoryName', arn: 'arn:aws:ecr:*:{account}:repository/{name}' },
  EventBus: { property: 'eventBusName', arn: 'arn:aws:events:*:{account}:event-bus/{name}' },
};

/**
 * The ARNs that the ARN attributes of CDK's resource interfaces hold (`IQueue.queueArn`, `ITable.tableArn`), in any
 * Region and account: a construct the code does not make itself (a helper's, a prop, an import) is still of that type.
 * `repositoryArn` is left out (ECR and CodeCommit both have one). The formats are the Service Authorization Reference's.
 */
const ATTRIBUTE_ARNS: Readonly<Record<string, string>> = {
  bucketArn: 'arn:aws:s3:::*',
  queueArn: 'arn:aws:sqs:*:*:*',
  topicArn: 'arn:aws:sns:*:*:*',
  tableArn: 'arn:aws:dynamodb:*:*:table/*',
  functionArn: 'arn:aws:lambda:*:*:function:*',
  stateMachineArn: 'arn:aws:states:*:*:stateMachine:*',
  eventBusArn: 'arn:aws:events:*:*:event-bus/*',
  keyArn: 'arn:aws:kms:*:*:key/*',
  secretArn: 'arn:aws:secretsmanager:*:*:secret:*',
  logGroupArn: 'arn:aws:logs:*:*:log-group:*',
};

/** One part of a principal's default policy: a statement list the host reader found, or the statements of a grant. */
type DefaultPart = CdkPolicySite | { grant: { [key: string]: DeployValue }[]; path: string; span: Span };

/**
 * Values by the names the code binds them to, each with the scope of its binding: the function it is declared in, or
 * for `this.role` the class. Constructs of different scopes may bind one name (`const role = …` in two constructs):
 * a use finds the binding of the innermost scope it is in, else the only binding of the name.
 */
class ScopedNames<T> {
  private readonly entries = new Map<string, { scope: Span; value: T }[]>();

  set(name: string, scope: Span, value: T): void {
    this.entries.set(name, [...(this.entries.get(name) ?? []), { scope, value }]);
  }

  get(name: string, at: number): T | undefined {
    const candidates = this.entries.get(name) ?? [];
    let best: { scope: Span; value: T } | undefined;
    for (const candidate of candidates) {
      const { start, end } = candidate.scope;
      if (start <= at && at <= end && (!best || end - start <= best.scope.end - best.scope.start)) best = candidate;
    }
    return best?.value ?? (candidates.length === 1 ? candidates[0].value : undefined);
  }
}

const SERVICE_ROLES: readonly { classes: RegExp; module: string; prop: string; suffix: string; service: string; method: string }[] = [
  { classes: /^(?:Project|PipelineProject)$/, module: 'aws-codebuild', prop: 'role', suffix: 'Role', service: 'codebuild.amazonaws.com', method: 'addToRolePolicy' },
  { classes: /^StateMachine$/, module: 'aws-stepfunctions', prop: 'role', suffix: 'Role', service: 'states.amazonaws.com', method: 'addToRolePolicy' },
  {
    classes: /^(?:FargateTaskDefinition|Ec2TaskDefinition|TaskDefinition)$/,
    module: 'aws-ecs',
    prop: 'taskRole',
    suffix: 'TaskRole',
    service: 'ecs-tasks.amazonaws.com',
    method: 'addToTaskRolePolicy',
  },
  {
    classes: /^(?:FargateTaskDefinition|Ec2TaskDefinition|TaskDefinition)$/,
    module: 'aws-ecs',
    prop: 'executionRole',
    suffix: 'ExecutionRole',
    service: 'ecs-tasks.amazonaws.com',
    method: 'addToExecutionRolePolicy',
  },
];

class CdkAccountReader {
  private readonly account = emptyAccount();
  /** Entities by the node of the `new` expression that makes them, and by the names the code binds them to. */
  private readonly byConstruct = new Map<Node, Entity>();
  private readonly byName = new ScopedNames<Entity>();
  /** Customer managed policies by the node that makes them, and their ARNs by bound name. */
  private readonly managedByConstruct = new Map<Node, string>();
  private readonly managedByName = new ScopedNames<string>();
  /** `new iam.Policy` documents by their node and bound name. */
  private readonly inlineByConstruct = new Map<Node, AccountPolicy>();
  private readonly inlineByName = new ScopedNames<AccountPolicy>();
  /** The roles other constructs make, by the method that adds to each and the name the construct is bound to. */
  private readonly serviceRoles = new ScopedNames<AccountRole>();
  /** Resources whose policy the code writes, by the node that makes them and by bound name. */
  private readonly governed = new Map<Node, Governed>();
  private readonly governedByName = new ScopedNames<Governed>();
  /** The names given so far, by type (`role/Deployer`). */
  private readonly names = new Set<string>();
  /** Constructs with known grants, by the node that makes them and by bound name. */
  private readonly grantables = new Map<Node, Grantable>();
  private readonly grantablesByName = new ScopedNames<Grantable>();
  /** The class of each construct the file makes, by bound name: a receiver made here is never guessed by its method. */
  private readonly constructClasses = new ScopedNames<string>();
  /** A function given its `role`: the expression of that role, by the names the function is bound to. */
  private readonly functionRoles = new ScopedNames<Node>();
  /** The statements handed to each entity's default policy, in document order. */
  private readonly defaults = new Map<Entity, DefaultPart[]>();

  constructor(
    private readonly source: CdkSource,
    private readonly sites: readonly CdkPolicySite[],
    private readonly file: string,
    private readonly accountId: string,
  ) {}

  read(): Account {
    for (const call of this.source.calls) this.declare(call);
    for (const call of this.source.calls) this.markIndexed(call);
    for (const site of this.sites) this.place(site);
    for (const call of this.source.calls) this.relate(call);
    for (const [entity, statements] of this.defaults) entity.inline.push(this.defaultPolicy(entity, statements));
    for (const resource of new Set(this.governed.values())) if (resource.sites.length > 0) this.account.resourcePolicies.push(this.resourcePolicy(resource));
    this.account.accountIds.add(this.accountId);
    return this.account;
  }

  /** Users, groups, roles (and a function's service role) and customer managed policies, as the code makes them. */
  private declare(call: Node): void {
    if (call.type !== 'NewExpression') return;
    const name = calleeName(call);
    if (!name) return;
    for (const { name: bound, scope } of this.boundNames(call)) this.constructClasses.set(bound, scope, name);
    this.declareGrantable(call, name);
    const id = call.arguments[1]?.type === 'StringLiteral' ? call.arguments[1].value : undefined;
    if (id === undefined) return;
    const props = this.props(call);
    const path = `${this.source.language === undefined ? 'new ' : ''}${sourceOf(this.source, call.callee)} '${id}'`;
    const where = { file: this.file, path, span: spanOf(call) };
    // A function's resource-based policy, which `addPermission` and `grantInvoke` of a service write.
    if (FUNCTION_CLASSES.test(name)) this.declareFunctionPolicy(call, id, props, where);
    let entity: Entity | undefined;
    if (name === 'Role') {
      const roleName = this.unique('role', this.literal(props, 'roleName') ?? id);
      const role: AccountRole = { kind: 'role', name: roleName, arn: this.arn('role', roleName), inline: [], attached: [], tags: {}, source: where };
      const assumedBy = this.member(props, 'assumedBy');
      if (assumedBy) role.trust = this.trustPolicy(role, assumedBy);
      entity = role;
    } else if (name === 'User') {
      const userName = this.unique('user', this.literal(props, 'userName') ?? id);
      entity = { kind: 'user', name: userName, arn: this.arn('user', userName), inline: [], attached: [], groups: [], tags: {}, source: where };
    } else if (name === 'Group') {
      const groupName = this.unique('group', this.literal(props, 'groupName') ?? id);
      entity = { kind: 'group', name: groupName, arn: this.arn('group', groupName), inline: [], attached: [], source: where };
    } else if (FUNCTION_CLASSES.test(name) && this.member(props, 'role')) {
      for (const { name: bound, scope } of this.boundNames(call)) this.functionRoles.set(bound, scope, this.member(props, 'role')!);
      return;
    } else if (FUNCTION_CLASSES.test(name)) {
      const roleName = this.unique('role', `${id}ServiceRole`);
      const role: AccountRole = {
        kind: 'role',
        name: roleName,
        arn: this.arn('role', roleName),
        inline: [],
        attached: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        tags: {},
        source: where,
      };
      role.trust = this.servicesTrust(role, ['lambda.amazonaws.com'], spanOf(call));
      entity = role;
    } else if (GOVERNED[name] && this.fromModule(call, GOVERNED[name].module)) {
      const governed = this.governedResource(call, name, id, props, where);
      this.governed.set(call, governed);
      for (const { name: bound, scope } of this.boundNames(call)) this.governedByName.set(bound, scope, governed);
      return;
    } else if (SERVICE_ROLES.some((made) => made.classes.test(name))) {
      for (const made of SERVICE_ROLES) {
        if (!made.classes.test(name) || !this.fromModule(call, made.module) || this.member(props, made.prop)) continue;
        const roleName = this.unique('role', `${id}${made.suffix}`);
        const role: AccountRole = { kind: 'role', name: roleName, arn: this.arn('role', roleName), inline: [], attached: [], tags: {}, source: where };
        role.trust = this.servicesTrust(role, [made.service], spanOf(call));
        this.account.roles.set(role.arn, role);
        const bound = this.boundNames(call);
        for (const { name: boundName, scope } of bound) this.serviceRoles.set(`${boundName}.${made.method}`, scope, role);
        // What the construct writes in its role's default policy unasked (a CodeBuild project's logs and reports).
        const owner = bound[0]?.name ?? id;
        const own = ownRoleStatements(name, (attribute, token) => this.grantToken(owner, attribute, token, call.start!));
        if (own && own.length > 0) this.defaults.set(role, [{ grant: own, path, span: spanOf(call) }]);
      }
      return;
    } else if (name === 'ManagedPolicy') {
      const arn = this.arn('policy', this.unique('policy', this.literal(props, 'managedPolicyName') ?? id));
      this.managedByConstruct.set(call, arn);
      for (const { name: bound, scope } of this.boundNames(call)) this.managedByName.set(bound, scope, arn);
      return;
    }
    if (!entity) return;
    this.byConstruct.set(call, entity);
    for (const { name: bound, scope } of this.boundNames(call)) this.byName.set(bound, scope, entity);
    if (entity.kind === 'role') this.account.roles.set(entity.arn, entity);
    else if (entity.kind === 'user') this.account.users.set(entity.arn, entity);
    else this.account.groups.set(entity.arn, entity);
    if (entity.kind === 'role' || entity.kind === 'user') {
      for (const arn of this.managedArns(this.member(props, 'managedPolicies'))) entity.attached.push(arn);
      const boundary = this.member(props, 'permissionsBoundary');
      const boundaryArn = boundary && this.managedArn(boundary);
      if (boundaryArn) entity.boundary = boundaryArn;
    }
  }

  /** Puts a policy the host reader found where the code gives it. */
  private place(site: CdkPolicySite): void {
    const { node } = site;
    if (site.kind === 'statement') {
      const call = this.source.parentOf.get(node);
      const method = call && calleeName(call);
      // `role.assumeRolePolicy?.addStatements(…)`: more of the role's trust policy.
      if (call?.type === 'CallExpression' && call.callee.type === 'MemberExpression' && method === 'addStatements') {
        const holder = unwrapExpression(call.callee.object);
        const role = holder.type === 'MemberExpression' && holder.property.type === 'Identifier' && holder.property.name === 'assumeRolePolicy' ? this.entityOf(holder.object) : undefined;
        if (role?.kind === 'role') this.addTrust(role, site);
        return;
      }
      // `iam.Grant.addToPrincipal({ grantee: role, … })`: the statement joins the grantee's default policy.
      if (node.type === 'CallExpression' && isGrantCall(node)) {
        const options = node.arguments[0];
        const grantee = options && this.member(resolved(this.source, options), 'grantee');
        const entity = grantee && this.entityOf(grantee);
        if (entity) this.defaults.set(entity, [...(this.defaults.get(entity) ?? []), site]);
        return;
      }
      if (call?.type === 'CallExpression' && call.callee.type === 'MemberExpression' && method === 'addToResourcePolicy') {
        const resource = this.governedOf(call.callee.object);
        if (resource) resource.sites.push(site);
        return;
      }
      if (
        call?.type !== 'CallExpression' ||
        call.callee.type !== 'MemberExpression' ||
        !method ||
        !/^(?:addToPolicy|addToPrincipalPolicy|addToRolePolicy|addToPrincipalOrResource|addToTaskRolePolicy|addToExecutionRolePolicy)$/.test(method)
      )
        return;
      const receiver = sourceOf(this.source, unwrapExpression(call.callee.object)).replace(SELF, '');
      const entity = this.serviceRoles.get(`${receiver}.${method}`, call.start!) ?? this.entityOf(call.callee.object);
      if (entity) this.defaults.set(entity, [...(this.defaults.get(entity) ?? []), site]);
      return;
    }
    if (site.kind !== 'statements' || node.type !== 'NewExpression') return;
    const name = calleeName(node);
    const props = this.props(node);
    const id = node.arguments[1]?.type === 'StringLiteral' ? node.arguments[1].value : 'Policy';
    if (name === 'ManagedPolicy') {
      const arn = this.managedByConstruct.get(node);
      if (!arn) return;
      const policy = this.policy(site, `${arn}`, this.literal(props, 'managedPolicyName') ?? id, 'customer-managed');
      this.account.policies.set(arn, { arn, name: policy.name, policy });
      for (const entity of this.entitiesIn(props, ['roles', 'users', 'groups'])) entity.attached.push(arn);
    } else if (name === 'Policy') {
      const policyName = this.literal(props, 'policyName') ?? id;
      const entities = this.entitiesIn(props, ['roles', 'users', 'groups']);
      const policy = this.policy(site, `#inline/${policyName}`, policyName, 'inline');
      this.inlineByConstruct.set(node, policy);
      for (const { name: bound, scope } of this.boundNames(node)) this.inlineByName.set(bound, scope, policy);
      for (const entity of entities) this.addInline(entity, policy);
    } else if (name === 'PolicyDocument') {
      // A key's `policy`, written whole: the statements added to it come after.
      const keyProperty = this.source.parentOf.get(node);
      const keyConstruct = keyProperty?.type === 'ObjectProperty' && propertyKey(keyProperty) === 'policy' ? this.source.parentOf.get(this.source.parentOf.get(keyProperty)!) : undefined;
      const key = keyConstruct && this.governed.get(keyConstruct);
      if (key) {
        key.sites.unshift(site);
        return;
      }
      // `inlinePolicies: { ReadLogs: new iam.PolicyDocument(…) }` of a role or user.
      const property = this.source.parentOf.get(node);
      const object = property && this.source.parentOf.get(property);
      const holder = object && this.source.parentOf.get(object);
      const props = holder && this.source.parentOf.get(holder);
      const construct = props && this.source.parentOf.get(props);
      const entity = construct && this.byConstruct.get(construct);
      if (property?.type !== 'ObjectProperty' || holder?.type !== 'ObjectProperty' || propertyKey(holder) !== 'inlinePolicies' || !entity) return;
      const policyName = propertyKey(property) ?? 'Policy';
      this.addInline(entity, this.policy(site, `#inline/${policyName}`, policyName, 'inline'));
    } else {
      // A function's `initialPolicy`: its service role's default policy.
      const entity = this.byConstruct.get(node);
      if (entity) this.defaults.set(entity, [site, ...(this.defaults.get(entity) ?? [])]);
    }
  }

  /** Attachments and memberships the code makes after the constructs: `role.addManagedPolicy(…)`, `user.addToGroup(…)`. */
  private relate(call: Node): void {
    if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return;
    const method = calleeName(call);
    const receiver = call.callee.object;
    const argument = call.arguments[0];
    if (!method || !argument || argument.type === 'SpreadElement' || argument.type === 'ArgumentPlaceholder') return;
    switch (method) {
      case 'addManagedPolicy': {
        const entity = this.entityOf(receiver);
        const arn = this.managedArn(argument);
        if (entity && arn && !entity.attached.includes(arn)) entity.attached.push(arn);
        break;
      }
      case 'attachInlinePolicy': {
        const entity = this.entityOf(receiver);
        const policy = this.inlineOf(argument);
        if (entity && policy) this.addInline(entity, policy);
        break;
      }
      case 'attachToRole':
      case 'attachToUser':
      case 'attachToGroup': {
        const entity = this.entityOf(argument);
        if (!entity) break;
        const inline = this.inlineOf(receiver);
        const arn = inline ? undefined : this.managedArn(receiver);
        if (inline) this.addInline(entity, inline);
        else if (arn && !entity.attached.includes(arn)) entity.attached.push(arn);
        break;
      }
      case 'addToGroup':
      case 'addUser': {
        const [user, group] = method === 'addToGroup' ? [this.entityOf(receiver), this.entityOf(argument)] : [this.entityOf(argument), this.entityOf(receiver)];
        if (user?.kind === 'user' && group?.kind === 'group' && !user.groups.includes(group.name)) user.groups.push(group.name);
        break;
      }
      case 'addPermission': {
        const options = call.arguments[1] && call.arguments[1].type !== 'SpreadElement' && call.arguments[1].type !== 'ArgumentPlaceholder' ? resolved(this.source, call.arguments[1]) : undefined;
        const principal = this.member(options, 'principal');
        if (principal) this.addPermission(call, receiver, principal, options);
        break;
      }
      default: {
        // `bucket.grants.read(fn)`: a method of the construct's grants object, which CDK now prefers to `grantRead`.
        const grantsOf = receiver.type === 'MemberExpression' && receiver.property.type === 'Identifier' && receiver.property.name === 'grants' ? receiver.object : undefined;
        if (grantsOf) this.grant(call, `grants.${method}`, unwrapExpression(grantsOf));
        else if (method.startsWith('grant')) this.grant(call, method, unwrapExpression(receiver));
      }
    }
  }

  /** Whether a construct's class comes from the module: as the file's imports say, else when the file names the module. */
  private fromModule(call: Node & { type: 'NewExpression' }, module: string): boolean {
    const named = moduleOfClass(this.source, call.callee);
    if (named !== undefined) return named === module;
    // `aws-s3`, Python's `aws_s3`, Java's package `software.amazon.awscdk.services.s3`, C#'s namespace `Amazon.CDK.AWS.S3`.
    const javaPackage = `awscdk.services.${module.replace(/^aws-/, '').replace(/-/g, '.')}`;
    if (this.source.language === 'csharp') return new RegExp(`\\bAmazon\\.CDK\\.AWS\\.${module.replace(/^aws-/, '').replace(/-/g, '\\.')}\\s*;`, 'i').test(this.source.text);
    return [module, module.replace(/-/g, '_')].some((name) => this.source.text.includes(name)) || new RegExp(`${javaPackage.replace(/\./g, '\\.')}[.;]`).test(this.source.text);
  }

  /** `table.addGlobalSecondaryIndex(…)`: CDK's grants on the table then cover its indexes, whenever the index is added. */
  private markIndexed(call: Node): void {
    const method = calleeName(call);
    if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || (method !== 'addGlobalSecondaryIndex' && method !== 'addLocalSecondaryIndex')) return;
    const receiver = unwrapExpression(call.callee.object);
    const table = this.grantables.get(resolved(this.source, receiver)) ?? this.grantablesByName.get(sourceOf(this.source, receiver).replace(SELF, ''), receiver.start!);
    if (table) table.indexed = true;
  }

  /** A construct whose grants are known, made by the file from a module it imports, for `grant` to find by name. */
  private declareGrantable(call: Node & { type: 'NewExpression' }, className: string): void {
    const module = grantableModule(className);
    if (!module || !this.fromModule(call, module)) return;
    const bound = this.boundNames(call);
    const props = this.props(call);
    const named = NAMED_ARNS[className] && this.literal(props, NAMED_ARNS[className].property);
    const encryptionKey = this.encryptionKeyOf(className, props);
    const grantable: Grantable = {
      className,
      name: bound[0]?.name ?? sourceOf(this.source, call),
      ...(named ? { physicalName: named } : {}),
      ...(encryptionKey ? { encryptionKey } : {}),
    };
    this.grantables.set(call, grantable);
    for (const { name, scope } of bound) this.grantablesByName.set(name, scope, grantable);
  }

  /**
   * The KMS key of a construct the code gives one (`encryptionKey: key`, a queue's `encryptionMasterKey`), or says CDK
   * creates (`encryption: s3.BucketEncryption.KMS`); undefined for one the code does not encrypt with its own key.
   */
  private encryptionKeyOf(className: string, props: Node | undefined): Node | 'created' | undefined {
    const encryption = encryptionOf(className);
    if (!encryption) return undefined;
    const key = this.member(props, encryption.keyProperty);
    if (key) return key;
    const setting = encryption.createsKey && this.member(props, encryption.createsKey.property);
    const value = setting && resolved(this.source, setting);
    return value?.type === 'MemberExpression' && value.property.type === 'Identifier' && value.property.name === encryption.createsKey!.value ? 'created' : undefined;
  }

  /**
   * `bucket.grantRead(fn, 'reports/*')`, `table.grant(role, 'dynamodb:UpdateItem')`, `bucket.grants.read(fn)`: the
   * statements CDK writes for the grant join the grantee's default policy. The construct's ARN and name are what the
   * file knows of them, else values known at deploy (`${bucket.bucketArn}`).
   */
  private grant(call: Node & { type: 'CallExpression' }, method: string, receiver: Node): void {
    const receiverName = sourceOf(this.source, receiver).replace(SELF, '');
    const target = this.grantables.get(resolved(this.source, receiver)) ?? this.grantablesByName.get(receiverName, receiver.start!) ?? this.importedGrantable(receiver, receiverName);
    // A construct the file makes whose grants are not known (a CodeCommit repository's grantPull) is not an ECR one.
    const madeHere = resolved(this.source, receiver).type === 'NewExpression' || this.constructClasses.get(receiverName, receiver.start!) !== undefined;
    const classes = target ? [target.className] : madeHere ? [] : (this.declaredClass(receiver) ?? classesWithGrant(method));
    const [granteeArgument, ...rest] = call.arguments;
    const grantee = granteeArgument && granteeArgument.type !== 'SpreadElement' && granteeArgument.type !== 'ArgumentPlaceholder' ? this.granteeOf(granteeArgument) : undefined;
    // A function granted to a principal that is no entity of the file (a service, an account): its policy says so.
    if (!grantee && classes[0] === 'Function' && method === 'grantInvoke' && granteeArgument && /Principal$/.test(calleeName(resolved(this.source, granteeArgument)) ?? ''))
      this.addPermission(call, receiver, granteeArgument, undefined);
    if (classes.length !== 1 || !grantee) return;
    const owner = target?.name ?? receiverName;
    const args = rest.map((argument) => {
      const source = sourceOf(this.source, argument);
      return { value: argument.type === 'SpreadElement' || argument.type === 'ArgumentPlaceholder' ? new DeployString([{ source }]) : this.jsonValue(argument), source };
    });
    const grantCall = { arguments: args, indexed: target?.indexed === true, encrypted: target?.encryptionKey !== undefined };
    const statements = grantStatements(classes[0], method, grantCall, (attribute, token) => this.grantToken(owner, attribute, token, call.start!, target));
    if (!statements) return;
    this.defaults.set(grantee, [...(this.defaults.get(grantee) ?? []), { grant: statements, path: `${sourceOf(this.source, call.callee)}(…)`, span: spanOf(call) }]);
  }

  /**
   * The class a receiver the file does not make is declared as: `props.bucket` with `bucket: s3.IBucket` in the props'
   * interface, a parameter `table: dynamodb.ITable`. Undefined unless every declaration of the name says one class.
   */
  private declaredClass(receiver: Node): string[] | undefined {
    const name = receiver.type === 'Identifier' ? receiver.name : receiver.type === 'MemberExpression' && receiver.property.type === 'Identifier' ? receiver.property.name : undefined;
    const classes = new Set<string>();
    for (const type of name ? declaredTypesOf(this.source, name) : []) {
      // `IBucket` is the interface of `Bucket`, which imported and made constructs alike implement.
      const className = /^I[A-Z]/.test(type.name) && grantableModule(type.name.slice(1)) ? type.name.slice(1) : type.name;
      const module = grantableModule(className);
      if (!module || (type.module !== undefined && type.module !== module)) return undefined;
      classes.add(className);
    }
    return classes.size === 1 ? [...classes] : undefined;
  }

  /**
   * `s3.Bucket.fromBucketName(this, 'Logs', 'corp-logs')`, a construct of another stack: its class is the one named,
   * its ARN or name the one the code gives (`fromQueueArn`, `fromTableAttributes(…, { tableName })`), and a table
   * imported with its indexes (`globalIndexes`, `localIndexes`, `grantIndexPermissions: true`) is granted with them.
   */
  private importedGrantable(receiver: Node, name: string): Grantable | undefined {
    const node = resolved(this.source, receiver);
    const className = calleeOwnerName(node);
    const module = className && grantableModule(className);
    const method = calleeName(node);
    if (!module || !method?.startsWith('from') || node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return undefined;
    if ((moduleOfClass(this.source, node.callee.object) ?? module) !== module) return undefined;
    const grantable: Grantable = { className: className!, name };
    const argument = node.arguments[2] && node.arguments[2].type !== 'SpreadElement' && node.arguments[2].type !== 'ArgumentPlaceholder' ? resolved(this.source, node.arguments[2]) : undefined;
    const stem = className![0].toLowerCase() + className!.slice(1);
    const given = (suffix: 'Arn' | 'Name') => (method.endsWith(suffix) && argument?.type === 'StringLiteral' ? argument.value : this.literal(argument, `${stem}${suffix}`));
    const arn = given('Arn');
    const physicalName = given('Name');
    // A bucket's ARN is its name's; another construct's name is in its ARN, in a Region known at deploy.
    if (arn !== undefined) grantable.arn = arn;
    else if (physicalName !== undefined && className === 'Bucket') grantable.arn = `arn:aws:s3:::${physicalName}`;
    else if (physicalName !== undefined && NAMED_ARNS[className!]) grantable.physicalName = physicalName;
    const listed = (key: string) => {
      const list = this.member(argument, key);
      const value = list && resolved(this.source, list);
      return value !== undefined && (value.type !== 'ArrayExpression' || value.elements.length > 0);
    };
    const asked = this.member(argument, 'grantIndexPermissions');
    const flag = asked && resolved(this.source, asked);
    if (className === 'Table' && (listed('globalIndexes') || listed('localIndexes') || (flag?.type === 'BooleanLiteral' && flag.value))) grantable.indexed = true;
    return grantable;
  }

  /** The value of a token in a grant's resources: the stack's account and partition, else the construct's attribute. */
  private grantToken(owner: string, attribute: string | undefined, token: string, at: number, target?: Grantable): string | DeployPart {
    if (token === 'AWS::AccountId') return this.accountId;
    if (token === 'AWS::Partition') return 'aws';
    if (token === 'AWS::URLSuffix') return 'amazonaws.com';
    if (token === 'AWS::Region') return { source: 'this.region' };
    // The construct's own key: a key of the file has what the file knows of its ARN; one CDK creates is known at deploy.
    const key = attribute === 'encryptionKey.keyArn' && target?.encryptionKey !== 'created' ? target?.encryptionKey : undefined;
    if (key) {
      const keyName = sourceOf(this.source, key).replace(SELF, '');
      const grantable = this.grantables.get(resolved(this.source, key)) ?? this.grantablesByName.get(keyName, key.start!);
      return this.grantToken(grantable?.name ?? keyName, 'keyArn', 'Arn', at, grantable);
    }
    const source = `${owner}.${attribute ?? token}`;
    // A construct the code names has that name in its ARN, in a Region known at deploy.
    const ownArn = target && `${target.className[0].toLowerCase()}${target.className.slice(1)}Arn`;
    if (target?.arn !== undefined && attribute === ownArn) return target.arn;
    const named = target?.physicalName !== undefined && attribute === ownArn ? NAMED_ARNS[target.className] : undefined;
    if (named) return { source, pattern: named.arn.replace('{account}', this.accountId).replace('{name}', target!.physicalName!) };
    return this.attributeOf(source, at) ?? { source };
  }

  /** The principal a grant goes to: an entity (a function's role among them), or the role a project, state machine or task makes. */
  private granteeOf(expression: Node): Entity | undefined {
    const entity = this.entityOf(expression);
    if (entity) return entity;
    const name = sourceOf(this.source, unwrapExpression(expression)).replace(SELF, '');
    return this.serviceRoles.get(`${name}.addToRolePolicy`, expression.start!) ?? this.serviceRoles.get(`${name}.addToTaskRolePolicy`, expression.start!);
  }

  /** A function as a resource whose policy the code may write: its ARN, and its versions' and aliases'. */
  private declareFunctionPolicy(call: Node, id: string, props: Node | undefined, source: Governed['source']): void {
    const bound = this.boundNames(call);
    const name: string | DeployPart = this.literal(props, 'functionName') ?? { source: `${bound[0]?.name ?? id}.functionName` };
    const arn = new DeployString([`arn:aws:lambda:`, { source: 'this.region' }, `:${this.accountId}:function:`, name]);
    const governed: Governed = {
      id,
      type: 'AWS::Lambda::Permission',
      label: 'function policy',
      resources: [arn, new DeployString([...arn.parts, ':*'])],
      source,
      sites: [],
    };
    this.governed.set(call, governed);
    for (const { name: boundName, scope } of bound) this.governedByName.set(boundName, scope, governed);
  }

  /**
   * `fn.addPermission('S3', { principal, sourceArn, sourceAccount })` and `fn.grantInvoke(new iam.ServicePrincipal(…))`:
   * the statement Lambda shows in the function's policy for the AWS::Lambda::Permission CDK writes (Action
   * `lambda:InvokeFunction` unless `action` says otherwise, the source ARN and account as conditions).
   * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
   */
  private addPermission(call: Node & { type: 'CallExpression' }, receiver: Node, principal: Node, options: Node | undefined): boolean {
    const resource = this.governedOf(receiver);
    if (resource?.type !== 'AWS::Lambda::Permission') return false;
    const condition: { [operator: string]: { [key: string]: DeployValue } } = {};
    const sourceArn = this.member(options, 'sourceArn');
    const sourceAccount = this.member(options, 'sourceAccount');
    const organization = this.member(options, 'principalOrgId');
    if (sourceArn) condition.ArnLike = { 'AWS:SourceArn': this.jsonValue(sourceArn) };
    if (sourceAccount) condition.StringEquals = { 'AWS:SourceAccount': this.jsonValue(sourceAccount) };
    if (organization) condition.StringEquals = { ...condition.StringEquals, 'aws:PrincipalOrgID': this.jsonValue(organization) };
    const action = this.literal(options, 'action') ?? 'lambda:InvokeFunction';
    const statements = this.trustStatements(principal).map((statement) => {
      // A principal's own conditions (`.withConditions(…)`) stay beside the permission's.
      const merged = { ...(statement.Condition as object | undefined), ...condition };
      return { Effect: 'Allow', Principal: statement.Principal, Action: action, Resource: resource.resources[0], ...(Object.keys(merged).length > 0 ? { Condition: merged } : {}) };
    });
    resource.sites.push({ grant: statements, path: `${sourceOf(this.source, call.callee)}(…)`, span: spanOf(call) });
    return true;
  }

  /** A bucket, queue, topic, key or secret and the ARNs its policy governs (a bucket's objects too). */
  private governedResource(call: Node, name: string, id: string, props: Node | undefined, source: Governed['source']): Governed {
    const kind = GOVERNED[name];
    const bound = this.boundNames(call)[0]?.name;
    const literal = kind.nameKey ? this.literal(props, kind.nameKey) : undefined;
    const named = (attribute: string): string | DeployPart => literal ?? { source: `${bound ?? id}.${attribute}` };
    const region: DeployPart = { source: 'this.region' };
    const arn = (...parts: (string | DeployPart)[]) => (parts.every((part) => typeof part === 'string') ? parts.join('') : new DeployString(parts));
    const resources =
      name === 'Bucket'
        ? [arn('arn:aws:s3:::', named('bucketName')), arn('arn:aws:s3:::', named('bucketName'), '/*')]
        : name === 'Queue'
          ? [arn('arn:aws:sqs:', region, `:${this.accountId}:`, named('queueName'))]
          : name === 'Topic'
            ? [arn('arn:aws:sns:', region, `:${this.accountId}:`, named('topicName'))]
            : name === 'Key'
              ? [arn('arn:aws:kms:', region, `:${this.accountId}:key/`, { source: `${bound ?? id}.keyId` })]
              : // Secrets Manager appends a hyphen and six random characters to the name in the ARN.
                [arn('arn:aws:secretsmanager:', region, `:${this.accountId}:secret:`, named('secretName'), literal !== undefined ? '-??????' : '')];
    return { id, type: kind.policyType, label: kind.label, resources, source, sites: [] };
  }

  private governedOf(expression: Node): Governed | undefined {
    const node = unwrapExpression(expression);
    return this.governed.get(resolved(this.source, node)) ?? this.governedByName.get(sourceOf(this.source, node).replace(SELF, ''), node.start!);
  }

  /** A resource's policy: its documents' statements and those added to it, in one document. */
  private resourcePolicy(resource: Governed): AccountResourcePolicy {
    const policy = this.mergedPolicy(`${resource.source.path}#resource`, `${resource.label} ${resource.id}`, 'resource', resource.sites);
    return { type: resource.type, resources: resource.resources, policy, source: resource.source };
  }

  /** Adds a statement's document to a role's trust policy (or makes it the trust policy of a role without `assumedBy`). */
  private addTrust(role: AccountRole, site: CdkPolicySite): void {
    const added = this.policy(site, `${role.arn}#trust`, 'trust policy', 'trust');
    const trust = role.trust;
    if (!trust?.written) {
      role.trust = added;
      return;
    }
    const statements = [...statementListOf(documentOf(trust)), ...statementListOf(documentOf(added))];
    const document = { ...documentOf(trust), Statement: statements };
    const offset = trust.written.statements.length;
    const written: WrittenPolicy = {
      ...trust.written,
      statements: [...trust.written.statements, ...added.written!.statements.map((statement) => ({ ...statement, index: statement.index + offset }))],
    };
    role.trust = { ...trust, text: JSON.stringify(document), value: document, written };
  }

  private addInline(entity: Entity, policy: AccountPolicy): void {
    const key = `${entity.arn}${policy.key.slice(policy.key.indexOf('#'))}`;
    if (!entity.inline.some((held) => held.key === key)) entity.inline.push({ ...policy, key });
  }

  /** The principal's default policy: the statements handed to it, in one document as CDK writes them. */
  private defaultPolicy(entity: Entity, parts: readonly DefaultPart[]): AccountPolicy {
    const name = `${entity.name}DefaultPolicy`;
    return this.mergedPolicy(`${entity.arn}#inline/${name}`, name, 'inline', parts);
  }

  /** One document of the statements of several sites and grants, each statement placed where the code writes it. */
  private mergedPolicy(key: string, name: string, kind: AccountPolicy['kind'], parts: readonly DefaultPart[]): AccountPolicy {
    const statements: DeployValue[] = [];
    const places: WrittenPolicy['statements'] = [];
    for (const part of parts) {
      if ('grant' in part) {
        // A grant's statements are written by CDK: each is placed at the call that asks for it.
        for (const statement of part.grant) places.push({ index: statements.push(statement) - 1, span: part.span });
        continue;
      }
      const document = this.documentOf(part.embedded.policy.root);
      statements.push(...(Array.isArray(document.Statement) ? document.Statement : document.Statement === undefined ? [] : [document.Statement]));
      places.push(...writtenPolicy(this.file, part.embedded).statements);
    }
    const [first] = parts;
    const written: WrittenPolicy = { file: this.file, span: 'grant' in first ? first.span : first.embedded.span, statements: places.map((statement, index) => ({ ...statement, index })) };
    return this.accountPolicy(key, name, kind, { Version: '2012-10-17', Statement: statements }, 'grant' in first ? first.path : first.embedded.name, written);
  }

  private policy(site: CdkPolicySite, key: string, name: string, kind: AccountPolicy['kind']): AccountPolicy {
    return this.accountPolicy(key, name, kind, this.documentOf(site.embedded.policy.root), site.embedded.name, writtenPolicy(this.file, site.embedded));
  }

  private accountPolicy(key: string, name: string, kind: AccountPolicy['kind'], value: { [key: string]: DeployValue }, path: string, written: WrittenPolicy): AccountPolicy {
    const { document, placeholders } = deployTimeDocument(value);
    if (placeholders.length > 0)
      this.account.warnings.push(`${this.file}: ${path} holds values known only at deploy (${placeholders.join(', ')}); statements using them are answered as conditional on deploy-time:… keys.`);
    return { key, name, kind, text: JSON.stringify(document), value: document, source: { file: this.file, path, span: written.span }, written };
  }

  /** A policy's value as CDK renders it, each placeholder a value known only at deploy. */
  private documentOf(root: JsonNode | undefined): { [key: string]: DeployValue } {
    if (!root) return {};
    const stringOf = (node: JsonNode) =>
      deployStringOf(String(node.value), (node as { placeholders?: Placeholder[] }).placeholders, (hole) => {
        // `${bucket.bucketArn}` of a template literal, `{bucket.bucket_arn}` of a Python f-string.
        const source = hole.replace(/^\$?\{|\}$/g, '');
        // The stack's own account and partition are the account's; its Region is known at deploy.
        if (STACK_ACCOUNT.test(source)) return this.accountId;
        if (STACK_PARTITION.test(source)) return 'aws';
        return this.attributeOf(source, node.offset) ?? { source };
      });
    return renderedPolicyValue(root, 'jsonencode', stringOf) as { [key: string]: DeployValue };
  }

  /** `deployer.roleArn`, `this.readers.groupName`, `readPolicy.managedPolicyArn`: an attribute of a construct of the file. */
  private attributeOf(written: string, at: number): string | DeployPart | undefined {
    // Python's `self.bucket.bucket_arn` reads as `this.bucket.bucketArn`.
    const source = written
      .replace(/^self\./, 'this.')
      .replace(/\.([a-z][a-z0-9]*(?:_[a-z0-9]+)+)/g, (_, name: string) => `.${name.replace(/_([a-z0-9])/g, (__, letter: string) => letter.toUpperCase())}`);
    // `bucket.bucketArn`, `bucket.arnForObjects('reports/*')`, `queue.queueArn` of a resource named in the code.
    const resource = /^(?:this\.)?([\w$]+)\.(?:(bucketArn|queueArn|topicArn)|arnForObjects\((['"])([^'"]*)\3\))$/.exec(source);
    const governed = resource && this.governedByName.get(resource[1], at);
    const [arn] = governed?.resources ?? [];
    if (resource && typeof arn === 'string') return resource[2] ? arn : `${arn}/${resource[4]}`;
    // `queue.queueArn` of a construct the file makes: the ARN of its class, in any Region, named as the code names it
    // or anything (CloudFormation names it at deploy). An action known only at deploy on it acts on that type alone.
    const own = /^(?:this\.)?([\w$]+)\.([a-z][A-Za-z]*Arn)$/.exec(source);
    const construct = own && this.grantablesByName.get(own[1], at);
    const format = construct && NAMED_ARNS[construct.className];
    if (construct && own[2] === `${construct.className[0].toLowerCase()}${construct.className.slice(1)}Arn`) {
      if (construct.arn !== undefined) return construct.arn;
      if (format) return { source: written, pattern: format.arn.replace('{account}', this.accountId).replace('{name}', construct.physicalName ?? '*') };
    }
    // Made elsewhere (a helper of another module, a prop): the attribute CDK's interface gives it says its type.
    const arnAttribute = /\.([a-z][A-Za-z]*Arn)$/.exec(source)?.[1];
    const typed = arnAttribute === undefined ? undefined : ATTRIBUTE_ARNS[arnAttribute];
    if (typed) return { source: written, pattern: typed };
    const match = /^(?:this\.)?([\w$]+)\.(roleArn|userArn|groupArn|roleName|userName|groupName|managedPolicyArn)$/.exec(source);
    if (!match) return undefined;
    const [, name, attribute] = match;
    if (attribute === 'managedPolicyArn') return this.managedByName.get(name, at);
    const entity = this.byName.get(name, at);
    if (!entity || !attribute.startsWith(entity.kind)) return undefined;
    return attribute.endsWith('Arn') ? entity.arn : entity.name;
  }

  /** The trust policy CDK writes for a role's `assumedBy`. */
  private trustPolicy(role: AccountRole, expression: Node): AccountPolicy {
    const statements = this.trustStatements(expression);
    const value = { Version: '2012-10-17', Statement: statements };
    const span = spanOf(expression);
    const written: WrittenPolicy = { file: this.file, span, statements: statements.map((_, index) => ({ index, span })) };
    return this.accountPolicy(`${role.arn}#trust`, 'trust policy', 'trust', value, `${role.source.path} › assumedBy`, written);
  }

  private servicesTrust(role: AccountRole, services: string[], span: Span): AccountPolicy {
    const value = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: services }, Action: 'sts:AssumeRole' }] };
    return this.accountPolicy(`${role.arn}#trust`, 'trust policy', 'trust', value, `${role.source.path}`, { file: this.file, span, statements: [{ index: 0, span }] });
  }

  /**
   * The statements a principal object makes in a trust policy (PrincipalBase.policyFragment): `sts:AssumeRole` for
   * a service, account or ARN, `sts:AssumeRoleWithWebIdentity` for a web identity or OIDC provider,
   * `sts:AssumeRoleWithSAML` for SAML, with the conditions given; `.withConditions(…)` adds its own. A principal
   * not known here is one known at deploy.
   */
  private trustStatements(expression: Node): { [key: string]: DeployValue }[] {
    const node = resolved(this.source, expression);
    if (node.type === 'CallExpression' && calleeName(node) === 'withConditions' && node.callee.type === 'MemberExpression') {
      const conditions = node.arguments[0] ? this.jsonValue(node.arguments[0]) : undefined;
      return this.trustStatements(node.callee.object).map((statement) =>
        conditions && typeof conditions === 'object' && !Array.isArray(conditions) ? { ...statement, Condition: { ...(statement.Condition as object), ...conditions } } : statement,
      );
    }
    const name = calleeName(node);
    const args =
      node.type === 'NewExpression'
        ? node.arguments.filter(
            (argument): argument is Exclude<typeof argument, { type: 'SpreadElement' | 'ArgumentPlaceholder' }> => argument.type !== 'SpreadElement' && argument.type !== 'ArgumentPlaceholder',
          )
        : [];
    const allow = (principal: DeployValue, action = 'sts:AssumeRole', condition?: DeployValue) => ({
      Effect: 'Allow',
      Principal: principal,
      Action: action,
      ...(condition ? { Condition: condition } : {}),
    });
    if (node.type === 'NewExpression') {
      switch (name) {
        case 'CompositePrincipal':
          return [...args, ...principalsAddedTo(this.source, node)].flatMap((argument) => this.trustStatements(argument));
        case 'ServicePrincipal':
          return [allow({ Service: this.stringValue(args[0]) }, 'sts:AssumeRole', args[1] && this.conditionsOption(args[1]))];
        case 'AccountPrincipal':
          return [allow({ AWS: this.accountRoot(args[0]) })];
        case 'AccountRootPrincipal':
          return [allow({ AWS: `arn:aws:iam::${this.accountId}:root` })];
        case 'ArnPrincipal':
          return [allow({ AWS: this.stringValue(args[0]) })];
        case 'AnyPrincipal':
        case 'StarPrincipal':
          return [allow({ AWS: '*' })];
        case 'WebIdentityPrincipal':
          return [allow({ Federated: this.stringValue(args[0]) }, 'sts:AssumeRoleWithWebIdentity', args[1] && this.jsonValue(args[1]))];
        case 'OpenIdConnectPrincipal':
          return [allow({ Federated: this.stringValue(args[0]) }, 'sts:AssumeRoleWithWebIdentity', args[1] && this.jsonValue(args[1]))];
        case 'SamlPrincipal':
          return [allow({ Federated: this.stringValue(args[0]) }, 'sts:AssumeRoleWithSAML', args[1] && this.jsonValue(args[1]))];
        case 'FederatedPrincipal':
          return [allow({ Federated: this.stringValue(args[0]) }, args[2] ? String(this.stringValue(args[2])) : 'sts:AssumeRole', args[1] && this.jsonValue(args[1]))];
      }
    }
    // Whom the role trusts is known only at deploy: the trust policy names a principal the app computes.
    return [allow({ AWS: deployStringOf('x', [{ start: 0, end: 1, kind: 'string', source: sourceOf(this.source, node) }], (_, hole) => ({ source: hole.source })) })];
  }

  /** `{ conditions: … }`, the options of a ServicePrincipal. */
  private conditionsOption(options: Node): DeployValue {
    const conditions = this.member(resolved(this.source, options), 'conditions');
    return conditions ? this.jsonValue(conditions) : undefined;
  }

  /** `AccountPrincipal('111122223333')` is that account's root. */
  private accountRoot(expression: Node | undefined): DeployValue {
    const value = expression ? this.stringValue(expression) : undefined;
    return typeof value === 'string' && /^\d{12}$/.test(value) ? `arn:aws:iam::${value}:root` : value;
  }

  /** A principal's argument: a string, or a value known at deploy (an identity provider construct's ARN). */
  private stringValue(expression: Node | undefined): DeployValue {
    return expression ? this.jsonValue(expression) : undefined;
  }

  /** A value written in the JSON shape (conditions, a principal's argument), placeholders known at deploy. */
  private jsonValue(expression: Node): DeployValue {
    const root = jsonShapedOf(this.source, expression);
    const wrapped = {
      type: 'object',
      offset: root.offset,
      length: root.length,
      children: [{ type: 'property', offset: root.offset, length: root.length, children: [{ type: 'string', value: 'v', offset: root.offset, length: 0 }, root] }],
    } as unknown as JsonNode;
    return this.documentOf(wrapped).v;
  }

  /** The entity an expression names: a bound name (`role`, `this.role`), the construct itself, or `fn.role`. */
  private entityOf(expression: Node): Entity | undefined {
    const node = unwrapExpression(expression);
    const direct = this.byConstruct.get(resolved(this.source, node)) ?? this.byName.get(sourceOf(this.source, node).replace(SELF, '').replace(/\?$/, ''), node.start!);
    if (direct) return direct;
    // A function given its `role`: that role.
    const role = this.functionRoles.get(sourceOf(this.source, node).replace(SELF, ''), node.start!);
    if (role) return this.entityOf(role);
    // `fn.role` of a function, `fn.grantPrincipal`.
    if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
      const member = node.property.type === 'Identifier' ? node.property.name : '';
      const owner = sourceOf(this.source, unwrapExpression(node.object)).replace(SELF, '').replace(/\?$/, '');
      const method = { role: 'addToRolePolicy', grantPrincipal: 'addToRolePolicy', taskRole: 'addToTaskRolePolicy', executionRole: 'addToExecutionRolePolicy' }[member];
      const made = method && this.serviceRoles.get(`${owner}.${method}`, node.start!);
      if (made) return made;
      if (member === 'role' || member === 'grantPrincipal') return this.entityOf(node.object);
    }
    return undefined;
  }

  private entitiesIn(props: Node | undefined, keys: readonly string[]): Entity[] {
    const entities: Entity[] = [];
    for (const key of keys) {
      const list = this.member(props, key);
      const items = list && resolved(this.source, list);
      if (items?.type !== 'ArrayExpression') continue;
      for (const item of items.elements) {
        const entity = item && item.type !== 'SpreadElement' ? this.entityOf(item) : undefined;
        if (entity) entities.push(entity);
      }
    }
    return entities;
  }

  private inlineOf(expression: Node): AccountPolicy | undefined {
    const node = unwrapExpression(expression);
    return this.inlineByConstruct.get(resolved(this.source, node)) ?? this.inlineByName.get(sourceOf(this.source, node).replace(SELF, ''), node.start!);
  }

  /** `iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')`, `fromManagedPolicyArn(…, 'arn…')`, a ManagedPolicy of the file. */
  private managedArn(expression: Node): string | undefined {
    const node = resolved(this.source, expression);
    const name = calleeName(node);
    if (node.type === 'CallExpression' && calleeOwnerName(node) === 'ManagedPolicy') {
      const literal = (index: number) => {
        const argument = node.arguments[index];
        const value = argument && argument.type !== 'SpreadElement' && argument.type !== 'ArgumentPlaceholder' ? resolved(this.source, argument) : undefined;
        return value?.type === 'StringLiteral' ? value.value : undefined;
      };
      if (name === 'fromAwsManagedPolicyName') {
        const policyName = literal(0);
        return policyName && `arn:aws:iam::aws:policy/${policyName}`;
      }
      if (name === 'fromManagedPolicyArn') return literal(2);
      if (name === 'fromManagedPolicyName') {
        const policyName = literal(2);
        return policyName && this.arn('policy', policyName);
      }
      return undefined;
    }
    return this.managedByConstruct.get(node) ?? this.managedByName.get(sourceOf(this.source, unwrapExpression(expression)).replace(SELF, ''), expression.start!);
  }

  private managedArns(list: Node | undefined): string[] {
    const items = list && resolved(this.source, list);
    if (items?.type !== 'ArrayExpression') return [];
    return items.elements.flatMap((item) => {
      const arn = item && item.type !== 'SpreadElement' ? this.managedArn(item) : undefined;
      return arn ? [arn] : [];
    });
  }

  /** The names the code binds a construct to: `role` for `const role = new …`, `role` for `this.role = new …`. */
  private boundNames(construct: Node): { name: string; scope: Span }[] {
    let node = construct;
    let parent = this.source.parentOf.get(node);
    while (parent && unwrapExpression(parent) !== parent) {
      node = parent;
      parent = this.source.parentOf.get(node);
    }
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return [{ name: parent.id.name, scope: this.scopeOf(parent, false) }];
    if (parent?.type === 'AssignmentExpression') {
      const left = sourceOf(this.source, parent.left);
      return [{ name: left.replace(SELF, ''), scope: this.scopeOf(parent, SELF.test(left)) }];
    }
    if ((parent?.type === 'ClassProperty' || parent?.type === 'ClassPrivateProperty') && parent.key.type === 'Identifier') return [{ name: parent.key.name, scope: this.scopeOf(parent, true) }];
    return [];
  }

  /** The span a binding is seen in: the function around it, or for a member of `this` the class; else the file. */
  private scopeOf(node: Node, member: boolean): Span {
    for (let current = this.source.parentOf.get(node); current; current = this.source.parentOf.get(current)) {
      if (member ? current.type === 'ClassBody' : /^(?:FunctionDeclaration|FunctionExpression|ArrowFunctionExpression|ClassMethod|ObjectMethod|ClassPrivateMethod)$/.test(current.type))
        return spanOf(current);
    }
    return { start: 0, end: this.source.text.length };
  }

  private props(call: Node): Node | undefined {
    if (call.type !== 'NewExpression') return undefined;
    for (const argument of call.arguments) {
      const props = resolved(this.source, argument);
      if (props.type === 'ObjectExpression') return props;
    }
    return undefined;
  }

  private member(props: Node | undefined, key: string): Node | undefined {
    if (props?.type !== 'ObjectExpression') return undefined;
    for (const member of props.properties) if (member.type === 'ObjectProperty' && propertyKey(member) === key) return member.value;
    return undefined;
  }

  private literal(props: Node | undefined, key: string): string | undefined {
    const value = this.member(props, key);
    const node = value && resolved(this.source, value);
    return node?.type === 'StringLiteral' ? node.value : undefined;
  }

  /**
   * A name not yet given to an entity of the type: constructs of different scopes in one file may share an id
   * (`new iam.Role(this, 'Role')` in two constructs), which CDK tells apart by their paths; here the second is `Role-2`.
   */
  private unique(type: 'role' | 'user' | 'group' | 'policy', name: string): string {
    let unique = name;
    for (let n = 2; this.names.has(`${type}/${unique}`); n++) unique = `${name}-${n}`;
    this.names.add(`${type}/${unique}`);
    return unique;
  }

  private arn(type: 'role' | 'user' | 'group' | 'policy', name: string): string {
    return `arn:aws:iam::${this.accountId}:${type}/${name}`;
  }
}
