import type { EmbeddedPolicy } from '../hosts/host';
import { allowedValuesOf, ifBranches, refKind, ifCondition, impliedCondition, isNoValue, NO_VALUE, stringOf, type BranchChoice, type TemplateContext } from '../hosts/cloudformation/intrinsics';
import { buildPolicy } from '../hosts/cloudformation/policy-tree';
import { isTemplate, loneForEach, readParsedTemplate, takeCommandLineRead, templateContextOf } from '../hosts/cloudformation/reader';
import { MASK_OPEN, parseTemplateText, unmaskedValue } from '../hosts/cloudformation/jinja';
import type { ServerlessValues } from '../hosts/serverless/variables';
import { entryOf, referencedLogicalId, scalarValue, valueOf, type CfnMap, type CfnNode } from '../hosts/cloudformation/nodes';
import { loopInstances, loopReference, withLoopValues } from '../hosts/cloudformation/loop-instances';
import type { JsonNode, Placeholder } from '../policy/model';
import type { Span } from '../text/span';
import { expandSamPolicyTemplate, samManagedPolicyArn } from '../hosts/cloudformation/sam';
import { connectorPolicies, samConnectorsOf, type ConnectorPolicy, type ConnectorTemplate, type SamConnector } from './sam-connectors';

import {
  deadLetterQueuePolicy,
  eventInvokeConfigPolicies,
  eventRoleOf,
  functionEventAdditions,
  functionEventPermission,
  samEventsOf,
  snsSubscriptionQueuePolicy,
  type EventRole,
  type GeneratedPolicy,
  type GeneratedStatement,
  type GeneratedValue,
  type SamEvent,
  type SubscriptionQueuePolicy,
} from './sam-events';
import { documentOf, emptyAccount, statementListOf, writtenPolicy, type Account, type AccountGroup, type AccountPolicy, type AccountResourcePolicy, type AccountRole, type AccountUser } from './model';
import {
  chosenDocument,
  deployTimeKey,
  DEPLOY_TIME_PREFIX,
  DeployChoice,
  DeployString,
  deployStringOf,
  deployTimeDocument,
  isObjectValue,
  sourcesOf,
  type DeployChoiceValue,
  type DeployPart,
  type DeployValue,
} from './deploy-time';
import { dnsSuffixOf } from './partitions';
import { namesAccountIds } from './account-id-names';
import { boundarySource, chooseBoundaries, chosenBoundaryArn, unknownBoundaryArn, type ChosenBoundary } from './unknown-boundary';
import { attachChosen, joinChosen, principalsUnderChoices, withChoices, type ChosenAttachment, type ChosenMembership } from './deploy-choices';
import { stripBom } from '../text/bom';

/** How the account names the resource policies SAM writes for connectors. */
const CONNECTOR_POLICY_LABELS: Record<string, string> = {
  'AWS::SQS::QueuePolicy': 'queue policy',
  'AWS::SNS::TopicPolicy': 'topic policy',
  'AWS::Lambda::Permission': 'function policy',
};

// Builds the account model from the IAM resources of a CloudFormation or SAM template. Properties:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-user.html (and -group,
// -role, -usertogroupaddition, -managedpolicy, -policy, -rolepolicy, -userpolicy, -grouppolicy, -instanceprofile);
// SAM's implicit roles, for a function or a state machine without a Role (an Api or HttpApi makes none):
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-role
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-statemachine.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-api.html
// The policy documents are built by the CloudFormation host reader (intrinsics.ts, policy-tree.ts), as for the
// editor; this module resolves the references to the template's own IAM resources in them and maps the rest of its
// placeholders, and the `Fn::If` choices, to deploy-time values.

/** Where the template's entities are deployed: names CloudFormation cannot know are given synthetic ARNs in it. */
export interface TemplateAccountOptions {
  /** The account the stack is deployed to; `${AWS::AccountId}` resolves to it. Default `000000000000` (synthetic). */
  accountId?: string;
  partition?: string;
  /**
   * The template to read instead of parsing the text: the one the Serverless Framework writes for a service file,
   * made of the file's nodes (serverless/template.ts), whose `${…}` are Serverless variables naming `values`.
   */
  serverless?: { template: CfnMap; values: ServerlessValues };
}

export type TemplateAccountResult =
  | {
      account: Account;
      /** The template's policies as the host reader built them: the account's `source.span`s are their spans. */
      policies: readonly EmbeddedPolicy[];
      error?: undefined;
    }
  | { account?: undefined; error: string };

const SYNTHETIC_ACCOUNT = '000000000000';

/** The loop values of a resource no `Fn::ForEach` makes. */
const NOT_IN_A_LOOP: ReadonlyMap<string, string> = new Map();

/**
 * CloudFormation's pseudo parameters a policy may hold, as the warnings describe them. `AWS::Partition` is always
 * resolved (`partition` option), and so is `AWS::URLSuffix` in the partitions dnsSuffixOf knows; `AWS::AccountId`
 * is when the account id is given.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Region': "the stack's region",
  'AWS::AccountId': "the stack's account id",
  'AWS::StackName': "the stack's name",
  'AWS::StackId': "the stack's id",
  'AWS::URLSuffix': "the region's domain suffix",
  'AWS::NotificationARNs': "the stack's notification topics",
  'AWS::Partition': "the stack's partition",
};
const PSEUDO_PARAMETER_EXAMPLES: Record<string, string> = { 'AWS::Region': 'us-east-1', 'AWS::AccountId': '111122223333', 'AWS::URLSuffix': 'amazonaws.com' };

/**
 * The ARN a `GetAtt <Id>.Arn` (or the attribute or `Ref` named) of a resource of the type returns, as a pattern: the
 * service, whether the ARN has a region and account, and the resource part with the name as `*`; `named`: the
 * property that writes the name, and the resource part with it (`{}`) when it is written out. From the return values of each type in the CloudFormation template reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#aws-resource-sqs-queue-return-values
 * and the same section of -sns-topic, -s3-bucket, -events-rule, -cognito-userpool, -kms-key, -lambda-function,
 * -dynamodb-table, -kinesis-stream, -stepfunctions-statemachine, -secretsmanager-secret, -logs-loggroup) and the ARN
 * formats of the Service Authorization Reference.
 */
const ARN_PATTERNS: Record<string, { service: string; regional: boolean; resource: string; ref?: boolean; attribute?: string; named?: { property: string; resource: string } }> = {
  'AWS::SQS::Queue': { service: 'sqs', regional: true, resource: '*', named: { property: 'QueueName', resource: '{}' } },
  'AWS::SNS::Topic': { service: 'sns', regional: true, resource: '*', ref: true, attribute: 'TopicArn', named: { property: 'TopicName', resource: '{}' } },
  'AWS::S3::Bucket': { service: 's3', regional: false, resource: '*' },
  'AWS::Events::Rule': { service: 'events', regional: true, resource: 'rule/*', named: { property: 'Name', resource: 'rule/{}' } },
  'AWS::Cognito::UserPool': { service: 'cognito-idp', regional: true, resource: 'userpool/*' },
  'AWS::KMS::Key': { service: 'kms', regional: true, resource: 'key/*' },
  'AWS::Lambda::Function': { service: 'lambda', regional: true, resource: 'function:*', named: { property: 'FunctionName', resource: 'function:{}' } },
  'AWS::DynamoDB::Table': { service: 'dynamodb', regional: true, resource: 'table/*', named: { property: 'TableName', resource: 'table/{}' } },
  'AWS::Kinesis::Stream': { service: 'kinesis', regional: true, resource: 'stream/*', named: { property: 'Name', resource: 'stream/{}' } },
  'AWS::StepFunctions::StateMachine': { service: 'states', regional: true, resource: 'stateMachine:*', ref: true, named: { property: 'StateMachineName', resource: 'stateMachine:{}' } },
  // Secrets Manager appends a hyphen and six random characters to the name in the ARN.
  'AWS::SecretsManager::Secret': { service: 'secretsmanager', regional: true, resource: 'secret:*', ref: true, named: { property: 'Name', resource: 'secret:{}-??????' } },
  // A log group's Arn ends in `:*` (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html#aws-resource-logs-loggroup-return-values).
  'AWS::Logs::LogGroup': { service: 'logs', regional: true, resource: 'log-group:*', named: { property: 'LogGroupName', resource: 'log-group:{}:*' } },
};

/** Stands for the X-Ray write policy SAM picks by partition (`xrayPolicyArn`). */
const XRAY_POLICY = 'x-ray';

/**
 * The SAM resources that get an implicit role `<LogicalId>Role` when they name no Role: the service its trust policy
 * admits, and the AWS managed policies SAM attaches before the resource's own `Policies` (each ARN with the property
 * that adds it, if any). A function's role holds AWSLambdaBasicExecutionRole, the X-Ray write policy with Tracing
 * and AWSLambdaVPCAccessExecutionRole with VpcConfig (samtranslator/model/sam_resources.py, SamFunction._construct_role;
 * aws/serverless-application-model#1405); a state machine's role holds what its Policies name, and the X-Ray write
 * policy after them with `Tracing: {Enabled: true}` (`fillImplicitRole`).
 */
const SAM_IMPLICIT_ROLES: Record<string, { service: string; attached: { arn: string; when?: string }[] }> = {
  'AWS::Serverless::Function': {
    service: 'lambda.amazonaws.com',
    attached: [
      { arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
      { arn: XRAY_POLICY, when: 'Tracing' },
      { arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole', when: 'VpcConfig' },
    ],
  },
  'AWS::Serverless::StateMachine': { service: 'states.amazonaws.com', attached: [] },
};

/**
 * The X-Ray policy SAM attaches for Tracing: AWSXrayWriteOnlyAccess in the aws partition, AWSXRayDaemonWriteAccess in
 * the others (samtranslator/model/xray_utils.py, get_xray_managed_policy_name). Both allow the same X-Ray writes.
 */
function xrayPolicyArn(partition: string): string {
  return partition === 'aws' ? 'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess' : `arn:${partition}:iam::aws:policy/AWSXRayDaemonWriteAccess`;
}

/**
 * Reads a template into the account model. Never throws. Entities without an explicit name get the logical id as
 * name (CloudFormation generates `stack-LogicalId-SUFFIX` at deploy), with a warning saying so; values known only at
 * deploy time make the statements holding them conditional on a `deploy-time:` key (see deploy-time.ts).
 */
export function readTemplateAccount(text: string, file: string, options: TemplateAccountOptions = {}): TemplateAccountResult {
  const trimmed = stripBom(text);
  const json = /^\s*(?:\{(?![{%#])|\[)/.test(trimmed);
  const format = json ? 'json' : 'yaml';
  const serverless = options.serverless;
  const taken = serverless ? undefined : takeCommandLineRead(trimmed, format);
  const parsed = serverless ? { root: serverless.template, errors: [] } : (taken?.parsed ?? parseTemplateText(trimmed, format));
  if (!isTemplate(parsed.root)) return { error: `${file} is not a CloudFormation template: it has no Resources map.` };
  let resources = valueOf(parsed.root, 'Resources');
  const lone = loneForEach(resources);
  if (lone) resources = { kind: 'map', span: lone.span, entries: [lone] };
  if (resources?.kind !== 'map') return { error: `${file} is not a CloudFormation template: it has no Resources map.` };
  // The host reader's builds of each policy by the offset of the value that writes it: one, or two for `Fn::If`.
  const builds = new Map<number, EmbeddedPolicy[]>();
  const policies = (taken ? taken.document : readParsedTemplate(trimmed, format, parsed, serverless ? { serverless: serverless.values } : {})?.document)?.policies ?? [];
  for (const policy of policies) builds.set(policy.span.start, [...(builds.get(policy.span.start) ?? []), policy]);
  const context = templateContextOf(trimmed, format, parsed.root);
  if (serverless) context.serverless = serverless.values;
  // Spans are offsets in the text without its byte order mark, as an editor holds it.
  const keys = new Map(resources.entries.map((entry) => [entry.key, entry.keySpan]));
  // Each resource a loop makes is read as the transform writes it: by its own logical id, with the loops' values.
  const loops = loopInstances(resources.entries);
  const loopValues = new Map<string, ReadonlyMap<string, string>>();
  for (const { id, written, values } of loops.instances) {
    const type = scalarValue(valueOf(written.value, 'Type'));
    if (type) context.resources.set(id, type);
    context.properties.set(id, valueOf(written.value, 'Properties'));
    keys.set(id, written.keySpan);
    loopValues.set(id, values);
  }
  const globals = valueOf(parsed.root, 'Globals');
  const conditions = new Map<string, string>();
  for (const { key, value } of resources.entries) {
    const condition = scalarValue(valueOf(value, 'Condition'));
    if (condition) conditions.set(key, condition);
  }
  for (const { id, written } of loops.instances) {
    const condition = scalarValue(valueOf(written.value, 'Condition'));
    if (condition) conditions.set(id, condition);
  }
  const reader = new TemplateReader(file, builds, context, options, keys, globals?.kind === 'map' ? globals : undefined, loopValues, conditions, samConnectorsOf(resources));
  const account = reader.read();
  for (const { loop, reason } of loops.unexpanded) account.warnings.push(`${file}: the resources that ${loop} makes are not in the account model, because ${reason}; answers leave them out.`);
  return { account, policies };
}

type Entity = AccountUser | AccountGroup | AccountRole;

/** The resource types whose policies and principals the account model reads. */
const READ_TYPES =
  /^AWS::(?:IAM::(?:User|Group|Role|ManagedPolicy|Policy|RolePolicy|UserPolicy|GroupPolicy|UserToGroupAddition)|Serverless::(?:Function|StateMachine)|S3::BucketPolicy|SQS::QueuePolicy|SNS::TopicPolicy|KMS::Key|SecretsManager::ResourcePolicy)$/;

/** An element of a list property, and the `Fn::If` conditions it is there under, outermost first (see `elements`). */
interface ListElement {
  node: CfnNode;
  index: number;
  path: string;
  choices: DeployChoiceValue[];
}

class TemplateReader {
  private readonly account = emptyAccount();
  private readonly partition: string;
  private readonly accountId: string;
  /** Logical id → the entity or customer managed policy ARN it defines. */
  private readonly entities = new Map<string, Entity>();
  private readonly policyArns = new Map<string, string>();
  /** Reading a resource policy: `${AWS::AccountId}` is the account of the template's principals. */
  private thisAccount = false;
  /** The roles SAM generates (implicit and event roles): their names are generated at deploy, warned about once. */
  private readonly generatedRoles: string[] = [];
  /** While a resource a loop makes is read: the values of the loops' identifiers, which fill its every `${Identifier}`. */
  private values: ReadonlyMap<string, string> = NOT_IN_A_LOOP;
  /** While a resource with a `Condition` is read: the choice every policy read for it waits on. */
  private choices: DeployChoiceValue[] = [];
  /** The principals declared by a resource with a `Condition`: each exists only when it is true. */
  private readonly entityChoices = new Map<Entity, DeployChoiceValue[]>();
  /** Managed policies attached only when a choice made at deploy goes their way, resolved once every policy is read. */
  private readonly chosenAttachments: ChosenAttachment[] = [];
  /** Boundaries chosen at deploy between policies (chooseBoundaries). */
  private readonly chosenBoundaries: ChosenBoundary[] = [];
  /** The permissions boundaries known only at deploy warned about, by path. */
  private readonly boundaryWarnings = new Set<string>();
  /** Group memberships made only under choices (joinChosen). */
  private readonly chosenMemberships: ChosenMembership[] = [];
  /** Pseudo parameter → the keys of the policies that hold it, and whether the template or SAM writes each. */
  private readonly pseudoParameterUses = new Map<string, Map<string, 'written' | 'generated'>>();

  constructor(
    private readonly file: string,
    private readonly builds: ReadonlyMap<number, EmbeddedPolicy[]>,
    private readonly context: TemplateContext,
    private readonly options: TemplateAccountOptions,
    /** The span of each resource's logical id, where its principal is defined. */
    private readonly keys: ReadonlyMap<string, Span>,
    /** SAM's Globals section: properties every function (state machine) inherits unless it sets them itself. */
    private readonly globals?: CfnMap,
    /** The resources `Fn::ForEach` loops make, by logical id: the values of the loops' identifiers. */
    private readonly loopValues: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(),
    /** The `Condition` of each resource that has one: the resource is created only when it is true. */
    private readonly resourceConditions: ReadonlyMap<string, string> = new Map(),
    /** The template's SAM connectors, read once every role is (fillConnectors). */
    private readonly connectors: readonly SamConnector[] = [],
  ) {
    this.partition = options.partition ?? 'aws';
    this.accountId = options.accountId ?? SYNTHETIC_ACCOUNT;
  }

  read(): Account {
    const types = this.context.resources;
    if (this.options.accountId === undefined && [...types.values()].some((t) => /^AWS::IAM::(User|Group|Role|ManagedPolicy)$|^AWS::Serverless::(Function|StateMachine)$/.test(t))) {
      this.account.warnings.push(`${this.file}: the account id is known only at deploy; entities get synthetic ARNs in account ${SYNTHETIC_ACCOUNT}.`);
    }
    const conditional = new Map<string, string[]>();
    for (const [id, condition] of this.resourceConditions) if (READ_TYPES.test(types.get(id) ?? '')) conditional.set(condition, [...(conditional.get(condition) ?? []), id]);
    for (const [condition, ids] of conditional) {
      const named = ids.length === 1 ? `${ids[0]} is` : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]} are`;
      this.account.warnings.push(
        `${this.file}: ${named} created only when condition ${condition} is true; answers through ${ids.length === 1 ? 'its' : 'their'} policies are Conditional until --context gives ${deployTimeKey(conditionChoice(condition, true).source)}=true or false.`,
      );
    }
    // Names first, so that every reference (in any order) resolves.
    for (const [id, type] of types) this.inLoop(id, () => this.declare(id, type));
    for (const [id, type] of types) this.inLoop(id, () => this.fill(id, type));
    this.fillConnectors();
    principalsUnderChoices(this.entityChoices, this.chosenAttachments);
    attachChosen(this.account, this.chosenAttachments, ({ arn, source }) =>
      this.warn(source.path ?? '', `may attach ${arn}, which is neither a policy of the template nor a bundled AWS managed policy; it is left out`),
    );
    joinChosen(this.account, this.chosenMemberships, ({ group, source }) => this.warn(source.path ?? '', `may add the user to group "${group}", which the template does not define; it is left out`));
    chooseBoundaries(this.account, this.partition, this.accountId, this.chosenBoundaries, ({ where }, arn) =>
      this.warn(where.path ?? '', `may be the boundary ${arn}, which is neither a policy of the template nor a bundled AWS managed policy; it is left out`),
    );
    this.warnPseudoParameters();
    this.warnGeneratedRoleNames();
    this.account.accountIds.add(this.accountId);
    return this.account;
  }

  /** Reads a resource with its loop values and, when it has a `Condition`, with every policy waiting on it. */
  private inLoop(id: string, read: () => void): void {
    this.values = this.loopValues.get(id) ?? NOT_IN_A_LOOP;
    const condition = this.resourceConditions.get(id);
    this.choices = condition === undefined ? [] : [conditionChoice(condition, true)];
    try {
      read();
    } finally {
      this.values = NOT_IN_A_LOOP;
      this.choices = [];
    }
  }

  /**
   * The deploy-time sources of a policy other than pseudo parameters. A pseudo parameter (`AWS::Region` in every ARN
   * SAM generates) is the same unknown in every policy that holds it, so it is noted here and warned about once per
   * template by `warnPseudoParameters`, not once per policy.
   */
  private otherThanPseudoParameters(placeholders: readonly string[], policyKey: string, origin: 'written' | 'generated'): string[] {
    const others: string[] = [];
    for (const placeholder of placeholders) {
      const name = placeholder.replace(/^\$\{|\}$/g, '');
      if (!(name in PSEUDO_PARAMETERS)) {
        if (!others.includes(placeholder)) others.push(placeholder);
        continue;
      }
      const uses = this.pseudoParameterUses.get(name) ?? new Map<string, 'written' | 'generated'>();
      uses.set(policyKey, origin);
      this.pseudoParameterUses.set(name, uses);
    }
    return others;
  }

  private warnPseudoParameters(): void {
    for (const [name, uses] of this.pseudoParameterUses) {
      const generated = [...uses.values()].filter((origin) => origin === 'generated').length;
      const written = uses.size - generated;
      const origins = [generated > 0 ? `${generated} SAM generates` : '', written > 0 ? `${written} written in the template` : ''].filter(Boolean).join(', ');
      this.account.warnings.push(
        `${this.file}: ${name}, ${PSEUDO_PARAMETERS[name]}, is known only at deploy; the statements of ${uses.size} ${uses.size === 1 ? 'policy' : 'policies'} (${origins}) that use it are answered as Conditional until a request gives the context key ${DEPLOY_TIME_PREFIX}${name} (for example --context ${DEPLOY_TIME_PREFIX}${name}=${PSEUDO_PARAMETER_EXAMPLES[name] ?? '…'}).`,
      );
    }
  }

  /**
   * The IAM managed policies SAM writes for the template's connectors (sam-connectors.ts), each attached to the role
   * of the connector's source (or destination) and placed on the connector's key; under the connector's resource's
   * `Condition`, only when it holds. What is not read (queue and topic policies, Lambda permissions, a connector SAM
   * rejects) is named in a warning.
   */
  private fillConnectors(): void {
    const template: ConnectorTemplate = { typeOf: (id) => this.context.resources.get(id), propertiesOf: (id) => this.propertiesOf(id) };
    const named: string[] = [];
    for (const connector of this.connectors) {
      for (const generated of connectorPolicies(connector, template)) {
        if (generated.kind === 'problem') {
          this.warn(generated.path, generated.problem);
          continue;
        }
        if (generated.kind === 'resource') {
          this.connectorResourcePolicy(generated);
          continue;
        }
        const role = this.entities.get(generated.roleId);
        if (role?.kind !== 'role') {
          this.warn(generated.path, `makes SAM write a policy for ${generated.roleId}, which is not a role the account model reads; it is left out`);
          continue;
        }
        const arn = `arn:${this.partition}:iam::${this.accountId}:policy/${generated.name}`;
        const policy = this.generatedPolicy(arn, arn, 'customer-managed', { name: generated.name, version: true, statements: generated.statements }, { path: generated.path, span: generated.keySpan });
        this.account.policies.set(arn, { arn, name: generated.name, policy });
        named.push(generated.name);
        const condition = this.resourceConditions.get(connector.resourceId);
        if (condition === undefined) role.attached.push(arn);
        else this.chosenAttachments.push({ principal: role, arn, choices: [conditionChoice(condition, true)], source: { file: this.file, path: generated.path } });
      }
    }
    if (named.length > 0)
      this.account.warnings.push(
        `${this.file}: SAM generates ${named.length === 1 ? 'a managed policy' : `${named.length} managed policies`} for connectors whose ${named.length === 1 ? 'name is' : 'names are'} generated at deploy (${named.join(', ')}); ${named.length === 1 ? 'it is' : 'each is'} named by its logical id here.`,
      );
  }

  /**
   * A queue or topic policy, or a function's Lambda permission, that SAM writes for a connector: a resource policy of
   * the connector's destination, placed on the connector's key. `${AWS::AccountId}` in it is the template's account.
   */
  private connectorResourcePolicy(generated: Extract<ConnectorPolicy, { kind: 'resource' }>): void {
    const at = { path: generated.path, span: generated.keySpan };
    const label = `${CONNECTOR_POLICY_LABELS[generated.policyType] ?? 'resource policy'} ${generated.name}`;
    const target = this.generatedValue(generated.resource);
    const resources = typeof target === 'string' || target instanceof DeployString ? [target] : [];
    if (resources.length === 0) return this.warn(generated.path, `makes SAM write the ${label} for a Destination whose ARN is not a string; it is left out`);
    this.thisAccount = true;
    let policy: AccountPolicy;
    try {
      policy = this.generatedPolicy(`${generated.path}#${generated.name}`, label, 'resource', { name: label, version: true, statements: generated.statements }, at);
    } finally {
      this.thisAccount = false;
    }
    this.account.resourcePolicies.push({ type: generated.policyType, resources, policy, source: { file: this.file, ...at } });
  }

  /** One warning for every role SAM generates, as for a pseudo parameter: each is the same kind of unknown. */
  private warnGeneratedRoleNames(): void {
    const count = this.generatedRoles.length;
    if (count === 0) return;
    this.account.warnings.push(
      `${this.file}: SAM generates ${count === 1 ? 'a role' : `${count} roles`} whose ${count === 1 ? 'name is' : 'names are'} generated at deploy (${this.generatedRoles.join(', ')}); ${count === 1 ? 'it is' : 'each is'} named by its logical id here.`,
    );
  }

  private propertiesOf(id: string): CfnMap | undefined {
    const properties = this.context.properties.get(id);
    return properties?.kind === 'map' ? properties : undefined;
  }

  private declare(id: string, type: string): void {
    const props = this.propertiesOf(id);
    const kind = { 'AWS::IAM::User': 'user', 'AWS::IAM::Group': 'group', 'AWS::IAM::Role': 'role' }[type] as 'user' | 'group' | 'role' | undefined;
    if (kind) {
      const nameKey = { user: 'UserName', group: 'GroupName', role: 'RoleName' }[kind];
      const name = this.named(id, props, nameKey);
      const path = this.literal(valueOf(props, 'Path')) ?? '/';
      const arn = `arn:${this.partition}:iam::${this.accountId}:${kind}${path}${name}`;
      const source = { file: this.file, path: `Resources.${id}`, ...this.spanOf(id) };
      const entity: Entity =
        kind === 'user'
          ? { kind, name, arn, inline: [], attached: [], groups: [], tags: {}, source }
          : kind === 'group'
            ? { kind, name, arn, inline: [], attached: [], source }
            : { kind, name, arn, inline: [], attached: [], tags: {}, source };
      // Two resources that name one principal (alternatives under exclusive conditions, as ssosync's local and
      // remote roles) are one principal with the policies of both, each waiting on its own resource's condition.
      const same = (this.account[`${kind}s`] as Map<string, Entity>).get(arn);
      if (same) {
        this.entities.set(id, same);
        this.entityChoices.delete(same);
        return;
      }
      this.entities.set(id, entity);
      this.account[`${kind}s`].set(arn, entity as never);
      if (this.choices.length > 0) this.entityChoices.set(entity, this.choices);
    } else if (type === 'AWS::IAM::ManagedPolicy') {
      const name = this.named(id, props, 'ManagedPolicyName');
      const path = this.literal(valueOf(props, 'Path')) ?? '/';
      this.policyArns.set(id, `arn:${this.partition}:iam::${this.accountId}:policy${path}${name}`);
    } else if (SAM_IMPLICIT_ROLES[type] && valueOf(props, 'Role') === undefined) {
      // SAM adds `<LogicalId>Role` trusting the resource's service, with its Policies (filled in below), at RolePath.
      const implicit = SAM_IMPLICIT_ROLES[type];
      const roleId = `${id}Role`;
      const name = roleId;
      this.generatedRoles.push(name);
      const path = this.literal(this.samProperty(id, type, 'RolePath')?.node) ?? '/';
      const arn = `arn:${this.partition}:iam::${this.accountId}:role${path}${name}`;
      const present = (key: string) => {
        const node = this.samProperty(id, type, key)?.node;
        return node !== undefined && !(node.kind === 'scalar' && (node.jsonType === 'null' || node.value === ''));
      };
      const role: AccountRole = {
        kind: 'role',
        name,
        arn,
        inline: [],
        attached: implicit.attached
          .filter((a) => a.when === undefined || present(a.when))
          .map((a) => (a.arn === XRAY_POLICY ? xrayPolicyArn(this.partition) : a.arn.replace(':aws:', `:${this.partition}:`))),
        tags: {},
        source: { file: this.file, path: `Resources.${id}`, ...this.spanOf(id) },
      };
      role.trust = this.policy(
        `${arn}#trust`,
        'trust policy',
        'trust',
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: implicit.service }, Action: 'sts:AssumeRole' }] },
        `Resources.${id}`,
      );
      this.entities.set(roleId, role);
      this.account.roles.set(arn, role);
      if (this.choices.length > 0) this.entityChoices.set(role, this.choices);
    }
  }

  private fill(id: string, type: string): void {
    const props = this.propertiesOf(id);
    const at = `Resources.${id}.Properties`;
    const entity = this.entities.get(id);
    switch (type) {
      case 'AWS::IAM::User':
      case 'AWS::IAM::Group':
      case 'AWS::IAM::Role': {
        if (!entity) return;
        this.inlineList(entity, valueOf(props, 'Policies'), `${at}.Policies`);
        for (const element of this.elements(valueOf(props, 'ManagedPolicyArns'), `${at}.ManagedPolicyArns`)) this.attach(entity, element);
        if (entity.kind !== 'group') {
          const boundary = valueOf(props, 'PermissionsBoundary');
          if (boundary) entity.boundary = this.boundaryOf(boundary, `${at}.PermissionsBoundary`);
        }
        if (entity.kind !== 'group') entity.tags = this.tags(valueOf(props, 'Tags'));
        if (entity.kind === 'user') entity.groups.push(...this.nameList(valueOf(props, 'Groups'), `${at}.Groups`));
        if (entity.kind === 'role') {
          const trust = valueOf(props, 'AssumeRolePolicyDocument');
          const read = trust && this.document(`${entity.arn}#trust`, 'trust policy', 'trust', trust, `${at}.AssumeRolePolicyDocument`);
          // A role two resources declare trusts what either trust policy admits, each under its own condition.
          if (read) entity.trust = entity.trust ? joinedTrust(entity.trust, read) : read;
        }
        return;
      }
      case 'AWS::IAM::UserToGroupAddition': {
        const group = this.nameOf(valueOf(props, 'GroupName'), `${at}.GroupName`);
        if (!group) return;
        for (const { entity: user, choices } of this.targets(valueOf(props, 'Users'), 'user', `${at}.Users`)) {
          if (user.kind !== 'user') continue;
          // Made under the addition's own Condition, or naming a user made under one: the group's policies wait on it.
          const all = [...this.choices, ...choices.filter((choice) => !this.choices.some((c) => c.source === choice.source && c.value === choice.value))];
          if (all.length === 0) user.groups.push(group);
          else this.chosenMemberships.push({ user, group, choices: all, source: { file: this.file, path: `${at}.Users` } });
        }
        return;
      }
      case 'AWS::IAM::ManagedPolicy': {
        const arn = this.policyArns.get(id)!;
        const document = valueOf(props, 'PolicyDocument');
        if (!document) return this.warn(`${at}.PolicyDocument`, 'is missing; the policy is left out');
        const policy = this.document(arn, arn, 'customer-managed', document, `${at}.PolicyDocument`);
        if (policy) this.account.policies.set(arn, { arn, name: arn.slice(arn.lastIndexOf('/') + 1), policy });
        for (const [key, kind] of [
          ['Users', 'user'],
          ['Groups', 'group'],
          ['Roles', 'role'],
        ] as const) {
          for (const { entity: holder, choices } of this.targets(valueOf(props, key), kind, `${at}.${key}`)) {
            if (choices.length === 0) holder.attached.push(arn);
            else this.chosenAttachments.push({ principal: holder, arn, choices, source: { file: this.file, path: `${at}.${key}` } });
          }
        }
        return;
      }
      case 'AWS::IAM::Policy': {
        const name = this.literal(valueOf(props, 'PolicyName')) ?? id;
        const document = valueOf(props, 'PolicyDocument');
        if (!document) return this.warn(`${at}.PolicyDocument`, 'is missing; the policy is left out');
        for (const [key, kind] of [
          ['Users', 'user'],
          ['Groups', 'group'],
          ['Roles', 'role'],
        ] as const) {
          for (const { entity: holder, choices } of this.targets(valueOf(props, key), kind, `${at}.${key}`)) {
            const policy = this.document(`${holder.arn}#inline/${name}`, name, 'inline', document, `${at}.PolicyDocument`);
            if (policy) holder.inline.push(withChoices(policy, choices));
          }
        }
        return;
      }
      case 'AWS::IAM::RolePolicy':
      case 'AWS::IAM::UserPolicy':
      case 'AWS::IAM::GroupPolicy': {
        const kind = type === 'AWS::IAM::RolePolicy' ? 'role' : type === 'AWS::IAM::UserPolicy' ? 'user' : 'group';
        const key = { role: 'RoleName', user: 'UserName', group: 'GroupName' }[kind];
        const name = this.literal(valueOf(props, 'PolicyName')) ?? id;
        const document = valueOf(props, 'PolicyDocument');
        if (!document) return this.warn(`${at}.PolicyDocument`, 'is missing; the policy is left out');
        for (const { entity: holder, choices } of this.targets(valueOf(props, key), kind, `${at}.${key}`)) {
          const policy = this.document(`${holder.arn}#inline/${name}`, name, 'inline', document, `${at}.PolicyDocument`);
          if (policy) holder.inline.push(withChoices(policy, choices));
        }
        return;
      }
      case 'AWS::Serverless::Function':
      case 'AWS::Serverless::StateMachine': {
        const role = this.entities.get(`${id}Role`);
        const implicit = role?.kind === 'role' && valueOf(props, 'Role') === undefined ? role : undefined;
        if (implicit) this.fillImplicitRole(id, type, implicit);
        this.fillEvents(id, type, implicit);
        return;
      }
      case 'AWS::S3::BucketPolicy':
        return this.resourcePolicy(id, type, 'bucket policy', 'PolicyDocument', 'Bucket', [valueOf(props, 'Bucket')], 'AWS::S3::Bucket');
      case 'AWS::SQS::QueuePolicy':
        return this.resourcePolicy(id, type, 'queue policy', 'PolicyDocument', 'Queues', listOf(valueOf(props, 'Queues')), 'AWS::SQS::Queue');
      case 'AWS::SNS::TopicPolicy':
        return this.resourcePolicy(id, type, 'topic policy', 'PolicyDocument', 'Topics', listOf(valueOf(props, 'Topics')), 'AWS::SNS::Topic');
      case 'AWS::KMS::Key':
        return this.resourcePolicy(id, type, 'key policy', 'KeyPolicy', 'KeyPolicy', [id], type);
      case 'AWS::SecretsManager::ResourcePolicy':
        return this.resourcePolicy(id, type, 'secret policy', 'ResourcePolicy', 'SecretId', [valueOf(props, 'SecretId')], 'AWS::SecretsManager::Secret');
      default:
        return;
    }
  }

  /** The implicit role's boundary, trust policy and Policies, as SAM writes them. */
  private fillImplicitRole(id: string, type: string, role: AccountRole): void {
    const props = this.propertiesOf(id);
    const at = `Resources.${id}.Properties`;
    const boundary = this.samProperty(id, type, 'PermissionsBoundary');
    if (boundary) role.boundary = this.boundaryOf(boundary.node, boundary.path);
    // A function's AssumeRolePolicyDocument is the trust policy of its implicit role, in place of SAM's own.
    const trust = type === 'AWS::Serverless::Function' ? valueOf(props, 'AssumeRolePolicyDocument') : undefined;
    if (trust) {
      const written = this.document(`${role.arn}#trust`, 'trust policy', 'trust', trust, `${at}.AssumeRolePolicyDocument`);
      if (written) role.trust = written;
    }
    const deadLetter = type === 'AWS::Serverless::Function' ? this.samProperty(id, type, 'DeadLetterQueue') : undefined;
    const dlq = deadLetter && deadLetterQueuePolicy(deadLetter.node, deadLetter.path);
    if (deadLetter && dlq) role.inline.push(this.generatedPolicy(`${role.arn}#inline/${dlq.name}`, dlq.name, 'inline', dlq, { path: deadLetter.path, span: deadLetter.keySpan }));
    const invokeConfig = type === 'AWS::Serverless::Function' ? this.samProperty(id, type, 'EventInvokeConfig') : undefined;
    for (const destination of invokeConfig ? eventInvokeConfigPolicies(id, invokeConfig.node, invokeConfig.path) : []) {
      if (destination.problem) this.warn(destination.path, destination.problem);
      const { policy } = destination;
      if (policy) role.inline.push(this.generatedPolicy(`${role.arn}#inline/${policy.name}`, policy.name, 'inline', policy, { path: destination.path, span: destination.keySpan }));
    }
    for (const element of this.elements(valueOf(props, 'Policies'), `${at}.Policies`, true)) {
      const { node: item, path, index: i } = element;
      const inline = (policy: AccountPolicy | undefined) => policy && role.inline.push(this.chosen(policy, element));
      if (item.kind === 'map' && valueOf(item, 'Statement')) {
        inline(this.document(`${role.arn}#inline/${id}RolePolicy${i}`, `${id}RolePolicy${i}`, 'inline', item, path));
      } else if (item.kind === 'scalar') {
        const arn = item.value.startsWith('arn:') ? item.value : samManagedPolicyArn(item.value);
        if (arn) this.attach(role, element, arn);
        else this.warn(path, `names "${item.value}", which is not an AWS managed policy SAM knows; it is left out`);
      } else if (item.kind === 'map' && item.entries.length === 1 && !item.entries[0].key.startsWith('Fn::') && item.entries[0].key !== 'Ref') {
        // A SAM policy template: the statements SAM writes for it, as the host reader expands them (sam.ts), in
        // an inline policy of the implicit role as SAM names it.
        const expanded = expandSamPolicyTemplate(item);
        if (!expanded) this.warn(path, `names "${item.entries[0].key}", which is not a SAM policy template; it is left out`);
        else inline(this.document(`${role.arn}#inline/${id}RolePolicy${i}`, `${id}RolePolicy${i}`, 'inline', expanded, `${path}.${item.entries[0].key}`));
      } else this.attach(role, element);
    }
    // SAM appends the X-Ray policy to a state machine's Policies when Tracing.Enabled is the boolean true (a string
    // "true" does not count): samtranslator/model/stepfunctions/generators.py, StateMachineGenerator._construct_role.
    // Globals cannot give a state machine Tracing (only PropagateTags).
    const enabled = type === 'AWS::Serverless::StateMachine' ? valueOf(valueOf(props, 'Tracing'), 'Enabled') : undefined;
    if (enabled?.kind === 'scalar' && enabled.resolved === true) {
      const xray = xrayPolicyArn(this.partition);
      if (!role.attached.includes(xray)) role.attached.push(xray);
    }
  }

  /**
   * What SAM writes into IAM for the resource's Events (sam-events.ts): managed and inline policies of the implicit
   * role, and the roles it generates for event services. Each is placed on the event's key.
   */
  private fillEvents(id: string, type: string, implicit: AccountRole | undefined): void {
    const events = samEventsOf(valueOf(this.propertiesOf(id), 'Events'), `Resources.${id}.Properties.Events`, type === 'AWS::Serverless::Function');
    const permissions: { statement: GeneratedStatement; span: Span }[] = [];
    for (const event of events) {
      const at = { path: event.path, span: event.keySpan };
      if (implicit && type === 'AWS::Serverless::Function') {
        const additions = functionEventAdditions(id, event);
        for (const problem of additions.problems) this.warn(event.path, problem);
        for (const arn of additions.attached.map((a) => a.replace(':aws:', `:${this.partition}:`))) if (!implicit.attached.includes(arn)) implicit.attached.push(arn);
        for (const generated of additions.inline) {
          const policy = this.generatedPolicy(`${implicit.arn}#inline/${generated.name}`, generated.name, 'inline', generated, at);
          // SAM adds a document once; two different documents under one PolicyName make the stack fail to deploy.
          const same = implicit.inline.find((p) => p.name === policy.name || p.text === policy.text);
          if (!same) implicit.inline.push(policy);
          else if (same.text !== policy.text) this.warn(event.path, `writes the policy ${policy.name} a second time with another document, which fails to deploy; only the first is read`);
        }
      }
      const generated = eventRoleOf({ id, type }, event);
      if (generated) this.eventRole(id, type, event, generated);
      const permission =
        type === 'AWS::Serverless::Function'
          ? functionEventPermission(
              id,
              event,
              (restApiId) => this.apiStageSuffix(restApiId),
              events,
              (logicalId) => this.context.resources.has(logicalId),
            )
          : undefined;
      if (permission?.problem) this.warn(event.path, permission.problem);
      if (permission?.statement) {
        // Two events that make a permission of one logical id (Cognito's) make one resource: the last one written.
        const same = permissions.findIndex((p) => p.statement.Sid === permission.statement!.Sid);
        if (same >= 0) permissions.splice(same, 1);
        permissions.push({ statement: permission.statement, span: event.keySpan });
      }
      const queuePolicy = type === 'AWS::Serverless::Function' ? snsSubscriptionQueuePolicy(id, event) : undefined;
      if (queuePolicy?.problem) this.warn(queuePolicy.path, queuePolicy.problem);
      else if (queuePolicy) this.subscriptionQueuePolicy(queuePolicy);
    }
    if (permissions.length > 0) this.functionPolicy(id, permissions);
    if (type === 'AWS::Serverless::StateMachine' && events.length > 0 && this.usesAliasAsEventTarget(id) && this.literal(valueOf(this.propertiesOf(id), 'AutoPublishAlias')) === undefined)
      this.warn(`Resources.${id}.Properties.UseAliasAsEventTarget`, 'needs AutoPublishAlias, so the SAM transform fails; its events are read as targeting the state machine');
  }

  /** Whether a state machine's events target its alias (`UseAliasAsEventTarget: true`). */
  private usesAliasAsEventTarget(id: string): boolean {
    const node = valueOf(this.propertiesOf(id), 'UseAliasAsEventTarget');
    return node?.kind === 'scalar' && node.resolved === true;
  }

  /**
   * The queue policy SAM writes for an SNS event's SqsSubscription, as a resource policy of the queue; it and its
   * statement are placed on the SqsSubscription key. `${AWS::AccountId}` in it is the account of the template.
   */
  private subscriptionQueuePolicy(generated: SubscriptionQueuePolicy): void {
    const at = { path: generated.path, span: generated.keySpan };
    const label = `queue policy ${generated.logicalId}`;
    const resources =
      'created' in generated.queue
        ? [new DeployString([`arn:${this.partition}:sqs:`, { source: 'AWS::Region' }, `:${this.accountId}:`, { source: `GetAtt ${generated.queue.created}.QueueName` }])]
        : this.governedBy(generated.queue.written, 'AWS::SQS::Queue', generated.queue.path);
    if (resources.length === 0) return;
    this.thisAccount = true;
    let policy: AccountPolicy;
    try {
      policy = this.generatedPolicy(`${generated.path}#resource`, label, 'resource', { name: label, version: true, statements: [generated.statement] }, at);
    } finally {
      this.thisAccount = false;
    }
    this.account.resourcePolicies.push({ type: 'AWS::SQS::QueuePolicy', resources, policy, source: { file: this.file, ...at } });
  }

  /**
   * The function's resource-based policy as the AWS::Lambda::Permission resources SAM writes for its push events make
   * it, one statement per event placed on the event's key. `${AWS::AccountId}` in it is the account of the template.
   * Lambda shows the policy with "Version": "2012-10-17"
   * (https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html), which lets its conditions hold
   * the deploy-time variables of deploy-time.ts.
   */
  private functionPolicy(id: string, permissions: { statement: GeneratedStatement; span: Span }[]): void {
    const events = entryOf(this.propertiesOf(id), 'Events');
    const at = { path: `Resources.${id}.Properties.Events`, span: events?.keySpan ?? this.keys.get(id)!, statementSpans: permissions.map((p) => p.span) };
    this.thisAccount = true;
    let policy: AccountPolicy;
    try {
      policy = this.generatedPolicy(
        `Resources.${id}#resource`,
        `function policy ${id}`,
        'resource',
        { name: `function policy ${id}`, version: true, statements: permissions.map((p) => p.statement) },
        at,
      );
    } finally {
      this.thisAccount = false;
    }
    const target = this.targetArn(id);
    const resources = typeof target === 'string' || target instanceof DeployString ? [target] : [];
    this.account.resourcePolicies.push({ type: 'AWS::Lambda::Permission', resources, policy, source: { file: this.file, path: `Resources.${id}`, ...this.spanOf(id) } });
  }

  /**
   * The suffix SAM gives an Api event's permission: the StageName of the template's API that RestApiId names
   * (`Stage` when it is not written out), or `AllStages` when RestApiId is not a name or `Ref`.
   */
  private apiStageSuffix(restApiId: CfnNode): string {
    const target = restApiId.kind === 'scalar' ? restApiId.value : restApiId.kind === 'fn' && restApiId.name === 'Ref' ? referencedLogicalId(restApiId) : undefined;
    if (target === undefined || !this.context.resources.has(target)) return 'AllStages';
    return this.literal(valueOf(this.propertiesOf(target), 'StageName')) || 'Stage';
  }

  /** A role SAM generates for an event, named by its logical id (its name is generated at deploy), at the event's key. */
  private eventRole(id: string, type: string, event: SamEvent, generated: EventRole): void {
    const at = { path: event.path, span: event.keySpan };
    if (this.context.resources.has(generated.logicalId) || this.entities.has(generated.logicalId)) {
      return this.warn(event.path, `makes SAM generate the role ${generated.logicalId}, but the template has a resource of that id; it is left out`);
    }
    const name = generated.logicalId;
    this.generatedRoles.push(name);
    const arn = `arn:${this.partition}:iam::${this.accountId}:role/${name}`;
    const role: AccountRole = { kind: 'role', name, arn, inline: [], attached: [], tags: {}, source: { file: this.file, ...at } };
    role.trust = this.generatedPolicy(
      `${arn}#trust`,
      'trust policy',
      'trust',
      { name: 'trust policy', version: true, statements: [{ Action: ['sts:AssumeRole'], Principal: { Service: [generated.service] } }] },
      at,
    );
    role.inline = generated.policies.map((policy) => this.generatedPolicy(`${arn}#inline/${policy.name}`, policy.name, 'inline', policy, at));
    const own = valueOf(event.properties, 'PermissionsBoundary');
    const boundary = generated.boundary === 'owner' ? this.samProperty(id, type, 'PermissionsBoundary') : own && { node: own, path: `${event.path}.Properties.PermissionsBoundary` };
    if (boundary) role.boundary = this.boundaryOf(boundary.node, boundary.path);
    this.entities.set(name, role);
    this.account.roles.set(arn, role);
  }

  /**
   * A document SAM writes (sam-events.ts), its values resolved as the template's own are; the document and every
   * statement are placed on the key of the event that makes SAM write it.
   */
  private generatedPolicy(key: string, name: string, kind: AccountPolicy['kind'], generated: GeneratedPolicy, at: { path: string; span: Span; statementSpans?: Span[] }): AccountPolicy {
    const value: { [key: string]: DeployValue } = {
      ...(generated.version ? { Version: '2012-10-17' } : {}),
      Statement: generated.statements.map(({ Sid, Principal, Action, Resource, Condition }) => ({
        ...(Sid !== undefined ? { Sid } : {}),
        Effect: 'Allow',
        ...(Principal ? { Principal } : {}),
        Action,
        ...(Resource ? { Resource: Array.isArray(Resource) ? Resource.map((value) => this.generatedValue(value)) : this.generatedValue(Resource) } : {}),
        ...(Condition
          ? {
              Condition: Object.fromEntries(
                Object.entries(Condition).map(([operator, entries]) => [operator, Object.fromEntries(Object.entries(entries).map(([key, v]) => [key, this.generatedValue(v)]))]),
              ),
            }
          : {}),
      })),
    };
    const { document, placeholders } = deployTimeDocument(value);
    const others = this.otherThanPseudoParameters(placeholders, key, 'generated');
    if (others.length > 0)
      this.account.warnings.push(
        `${this.file}: ${at.path} makes SAM write ${name} with values known only at deploy (${others.join(', ')}); statements using them are answered as conditional on deploy-time:… keys.`,
      );
    const statements = Array.isArray(document.Statement) ? document.Statement : [];
    const spans = at.statementSpans ?? [];
    return {
      ...this.policy(key, name, kind, document, at.path, at.span),
      written: {
        file: this.file,
        span: at.span,
        statements: statements.map((statement, index) => ({ index, ...(typeof statement.Sid === 'string' ? { sid: statement.Sid } : {}), span: spans[index] ?? at.span })),
      },
    };
  }

  private generatedValue(value: GeneratedValue): DeployValue {
    if ('written' in value) return this.value(value.written) ?? new DeployString([{ source: value.path }]);
    if ('generated' in value) {
      const [, kind, name, attribute] = /^(Ref|GetAtt) ([^.]+)(?:\.(.+))?$/.exec(value.generated) ?? [];
      const known = name ? this.reference(name, kind === 'GetAtt' ? attribute : undefined) : undefined;
      if (known !== undefined) return known;
      return new DeployString([name ? this.unknownPart(value.generated, name, kind === 'GetAtt' ? attribute : undefined, value.type) : { source: value.generated }]);
    }
    if ('sub' in value)
      return joined(
        value.sub
          .split(/(\$\{[^}]+\})/)
          .filter((part) => part !== '')
          .flatMap((part) => {
            const name = /^\$\{(.+)\}$/.exec(part)?.[1];
            if (name === undefined) return [part];
            const variable = value.variables?.[name];
            if (!variable) return [this.reference(name, undefined) ?? { source: part }];
            const resolved = this.generatedValue(variable);
            return typeof resolved === 'string' ? [resolved] : resolved instanceof DeployString ? resolved.parts : [{ source: name }];
          }),
      );
    return this.targetArn(value.arnOf);
  }

  /**
   * The ARN of the function or state machine an event targets, as SAM refers to it: a function's (its alias's with
   * AutoPublishAlias) from its FunctionName, a state machine's (its alias's with UseAliasAsEventTarget) from its Name;
   * a name generated at deploy is a deploy-time part.
   */
  private targetArn(id: string): DeployValue {
    const region = { source: 'AWS::Region' };
    if (this.context.resources.get(id) === 'AWS::Serverless::Function') {
      const name = this.literal(valueOf(this.propertiesOf(id), 'FunctionName')) ?? { source: `Ref ${id}` };
      const alias = this.literal(this.samProperty(id, 'AWS::Serverless::Function', 'AutoPublishAlias')?.node);
      return joined([`arn:${this.partition}:lambda:`, region, `:${this.accountId}:function:`, name, ...(alias !== undefined ? [`:${alias}`] : [])]);
    }
    const name = this.literal(valueOf(this.propertiesOf(id), 'Name')) ?? { source: `GetAtt ${id}.Name` };
    // With UseAliasAsEventTarget the events target the alias AutoPublishAlias makes (`<Id>Alias<Alias>`, whose Ref is
    // its ARN): samtranslator/model/stepfunctions/generators.py, StateMachineGenerator._generate_event_resources.
    const alias = this.usesAliasAsEventTarget(id) ? this.literal(valueOf(this.propertiesOf(id), 'AutoPublishAlias')) : undefined;
    return joined([`arn:${this.partition}:states:`, region, `:${this.accountId}:stateMachine:`, name, ...(alias !== undefined ? [`:${alias}`] : [])]);
  }

  /**
   * A bucket, queue, topic, key or secret policy with the ARNs of the resources it governs, named by the property
   * that lists them (a name, URL or ARN written out, or a `Ref`/`GetAtt` of the template's own resource).
   * `${AWS::AccountId}` in its document is the account the principals are in (synthetic unless given): the
   * template's principals are deployed to the same account as its resources.
   */
  private resourcePolicy(id: string, type: string, label: string, documentKey: string, targetKey: string, targets: (CfnNode | string | undefined)[], targetType: string): void {
    const props = this.propertiesOf(id);
    const at = `Resources.${id}.Properties`;
    const node = valueOf(props, documentKey);
    // A key without KeyPolicy gets the default key policy, which lets the account's IAM policies allow the key: the
    // same answers as no resource policy. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
    if (!node) return type === 'AWS::KMS::Key' ? undefined : this.warn(`${at}.${documentKey}`, 'is missing; the policy is left out');
    const resources = targets.flatMap((target, i) => (target ? this.governedBy(target, targetType, targets.length > 1 ? `${at}.${targetKey}[${i}]` : `${at}.${targetKey}`) : []));
    if (resources.length === 0) return this.warn(at, `names no resource the ${label} governs; it is left out`);
    this.thisAccount = true;
    let policy: AccountPolicy | undefined;
    try {
      policy = this.document(`Resources.${id}#resource`, `${label} ${id}`, 'resource', node, `${at}.${documentKey}`);
    } finally {
      this.thisAccount = false;
    }
    if (!policy) return;
    const entry: AccountResourcePolicy = { type, resources, policy, source: { file: this.file, path: `Resources.${id}`, ...this.spanOf(id) } };
    this.account.resourcePolicies.push(entry);
  }

  /**
   * The ARNs a target names: the resource of `targetType` it refers to (or the logical id given), or a name, URL or
   * ARN written out.
   */
  private governedBy(node: CfnNode | string, targetType: string, path: string): (string | DeployString)[] {
    const target = typeof node === 'string' ? node : referencedLogicalId(node);
    const region = { source: 'AWS::Region' };
    const arn = (service: string, resource: (string | { source: string })[], regional = true): DeployString | string => {
      const parts = [`arn:${this.partition}:${service}:`, ...(regional ? [region, `:${this.accountId}:`] : ['::']), ...resource];
      return parts.every((part) => typeof part === 'string') ? parts.join('') : new DeployString(parts);
    };
    if (target !== undefined && this.context.resources.get(target) === targetType) {
      const nameKey = { 'AWS::S3::Bucket': 'BucketName', 'AWS::SQS::Queue': 'QueueName', 'AWS::SNS::Topic': 'TopicName', 'AWS::SecretsManager::Secret': 'Name' }[targetType];
      const literal = nameKey ? this.literal(valueOf(this.propertiesOf(target), nameKey)) : undefined;
      const name = literal ?? { source: `Ref ${target}` };
      switch (targetType) {
        case 'AWS::S3::Bucket':
          return [arn('s3', [name], false), arn('s3', [name, '/*'], false)];
        case 'AWS::SQS::Queue':
          return [arn('sqs', [name])];
        case 'AWS::SNS::Topic':
          return [arn('sns', [name])];
        case 'AWS::KMS::Key':
          return [arn('kms', ['key/', { source: `Ref ${target}` }])];
        case 'AWS::SecretsManager::Secret':
          // Secrets Manager appends a hyphen and six random characters to the name in the ARN.
          return [arn('secretsmanager', ['secret:', name, literal !== undefined ? '-??????' : ''])];
      }
    }
    const value = typeof node === 'string' ? undefined : this.value(node);
    if (value instanceof DeployString || typeof value === 'string') {
      if (targetType === 'AWS::S3::Bucket') {
        const parts = value instanceof DeployString ? value.parts : [value];
        if (typeof value === 'string' && value.startsWith('arn:')) return [value, `${value}/*`];
        return [arn('s3', [...parts], false), arn('s3', [...parts, '/*'], false)];
      }
      if (targetType === 'AWS::SQS::Queue' && typeof value === 'string') {
        // https://sqs.<region>.amazonaws.com/<account>/<name>
        const url = /^https:\/\/sqs\.([^.]+)\.[^/]+\/(\d{12})\/([^/]+)$/.exec(value);
        if (url) return [`arn:${this.partition}:sqs:${url[1]}:${url[2]}:${url[3]}`];
        this.warn(path, 'is not a queue URL; that queue is left out');
        return [];
      }
      if (typeof value === 'string' && !value.startsWith('arn:') && targetType === 'AWS::SecretsManager::Secret') return [arn('secretsmanager', ['secret:', value, '-??????'])];
      return [value];
    }
    this.warn(path, 'names a resource known only at deploy; it is left out');
    return [];
  }

  /**
   * A property of a SAM resource as the transform sees it: its own, else the one its Globals section gives (for the
   * scalar and map properties read here, a resource's own value replaces the global one).
   * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
   */
  private samProperty(id: string, type: string, key: string): { node: CfnNode; path: string; keySpan: Span } | undefined {
    const own = entryOf(this.propertiesOf(id), key);
    if (own?.value !== undefined) return { node: own.value, path: `Resources.${id}.Properties.${key}`, keySpan: own.keySpan };
    const section = type.slice('AWS::Serverless::'.length);
    const global = entryOf(valueOf(this.globals, section), key);
    return global?.value !== undefined ? { node: global.value, path: `Globals.${section}.${key}`, keySpan: global.keySpan } : undefined;
  }

  private spanOf(id: string): { span?: Span } {
    const span = this.keys.get(id);
    return span ? { span } : {};
  }

  /** The explicit name property when the template resolves it (a literal, `!Sub` of known values), else the logical id (with a warning). */
  private named(id: string, props: CfnMap | undefined, key: string): string {
    // Written literally, or by intrinsics the template resolves (`!Sub 'team-${Team}'` in a loop).
    const name = this.value(valueOf(props, key));
    if (typeof name === 'string') return name;
    this.account.warnings.push(`${this.file}: ${id} has no literal ${key}; CloudFormation names it at deploy, so it is named ${id} here (synthetic ARN).`);
    return id;
  }

  private tags(node: CfnNode | undefined): Record<string, string> {
    const tags: Record<string, string> = {};
    if (node?.kind === 'seq')
      for (const tag of node.items) {
        const key = this.literal(valueOf(tag, 'Key'));
        const value = this.literal(valueOf(tag, 'Value'));
        if (key !== undefined && value !== undefined) tags[key] = value;
      }
    return tags;
  }

  private literal(node: CfnNode | undefined): string | undefined {
    if (node?.kind !== 'scalar' || node.jsonType === 'null') return undefined;
    // A Jinja template's `{{ role_name }}`, parsed masked (jinja.ts), is named as written, not by its mask.
    const quoted = this.context.text[node.span.start] === '"' || this.context.text[node.span.start] === "'";
    const value = this.context.jinja && node.value.includes(MASK_OPEN) ? unmaskedValue(node.value, this.context.text, node.span.start + (quoted ? 1 : 0)) : node.value;
    return withLoopValues(value, this.values);
  }

  /** A name or ARN with every reference the template resolves; the rest stay deploy-time parts. */
  private value(node: CfnNode | undefined): DeployValue {
    if (node?.kind === 'fn') return this.intrinsic(node);
    return this.literal(node);
  }

  /** An intrinsic's string as the host reader reads it (intrinsics.ts), with the references the template resolves filled in. */
  private intrinsic(node: Extract<CfnNode, { kind: 'fn' }>): DeployValue {
    const looped = this.values.size > 0 ? loopReference(node, this.values) : undefined;
    if (looped) return this.reference(looped.name, looped.attribute) ?? new DeployString([{ source: `\${${[looped.name, looped.attribute].filter(Boolean).join('.')}}` }]);
    const branch = (which: 0 | 1) => {
      const choice = { branch: which, choices: 0 };
      const text = stringOf(node, this.context, choice);
      const value = text === NO_VALUE ? undefined : text ? this.resolved(text.value, text.holes) : new DeployString([{ source: node.name }]);
      return { value, choices: choice.choices };
    };
    const first = branch(0);
    return first.choices > 0 ? sameOrChoice(first.value, branch(1).value) : first.value;
  }

  /** `Ref name` (attribute undefined) or `GetAtt name.attribute` when the template or the options know it. */
  private reference(name: string, attribute: string | undefined): string | undefined {
    if (attribute === undefined) {
      if (name === 'AWS::Partition') return this.partition;
      if (name === 'AWS::URLSuffix') return dnsSuffixOf(this.partition);
      if (name === 'AWS::AccountId') return this.options.accountId ?? (this.thisAccount ? this.accountId : undefined);
      const entity = this.entities.get(name);
      // Ref of a user, group or role is its name; of a managed policy, its ARN; of a bucket, its name.
      if (entity) return entity.name;
      return this.policyArns.get(name) ?? this.bucketName(name);
    }
    const entity = this.entities.get(name);
    if (entity && attribute === 'Arn') return entity.arn;
    // A bucket's ARN holds its name alone, no Region or account: a BucketName written out is known.
    const bucket = attribute === 'Arn' ? this.bucketName(name) : undefined;
    if (bucket !== undefined) return `arn:${this.partition}:s3:::${bucket}`;
    if (entity?.kind === 'role' && attribute === 'RoleId') return undefined;
    if (this.policyArns.has(name) && attribute === 'PolicyArn') return this.policyArns.get(name);
    return undefined;
  }

  /** The BucketName of the template's AWS::S3::Bucket, when written out (CloudFormation generates one otherwise). */
  private bucketName(id: string): string | undefined {
    return this.context.resources.get(id) === 'AWS::S3::Bucket' ? this.literal(valueOf(this.propertiesOf(id), 'BucketName')) : undefined;
  }

  /**
   * A value known only at deploy, `Ref <name>` or `GetAtt <name>.<attribute>`: with the pattern of the ARN it is when
   * it is the ARN of a resource of a type `ARN_PATTERNS` knows (the template's resource, or `type` for one SAM makes).
   */
  private unknownPart(source: string, name: string, attribute: string | undefined, type = this.context.resources.get(name)): DeployPart {
    if (type === undefined && attribute === undefined && this.holdsAccountIds(name)) return { source, inPrincipal: this.options.accountId ?? this.accountId };
    const format = type === undefined ? undefined : ARN_PATTERNS[type];
    if (!format || !(attribute === undefined ? format.ref : attribute === 'Arn' || attribute === format.attribute)) return { source };
    const account = this.reference('AWS::AccountId', undefined) ?? '*';
    const place = format.regional ? `*:${account}` : ':';
    // A name written out (`QueueName: jobs`) is in the ARN: the pattern matches that resource alone, in any Region.
    const written = format.named && this.literal(valueOf(this.propertiesOf(name), format.named.property));
    const resource = typeof written === 'string' && !/[*?]|\$\(|[$#]\{/.test(written) ? format.named!.resource.replace('{}', written) : format.resource;
    return { source, pattern: `arn:${this.partition}:${format.service}:${place}:${resource}` };
  }

  /** Whether parameter `name` holds account IDs, by its AllowedPattern or its name (`TrustedAccounts`). */
  private holdsAccountIds(name: string): boolean {
    return this.context.parameters.has(name) && (refKind(name, this.context) === 'account' || namesAccountIds(name));
  }

  private document(key: string, name: string, kind: AccountPolicy['kind'], node: CfnNode, path: string): AccountPolicy | undefined {
    // A trust policy is its role's resource policy: `${AWS::AccountId}` in it (`AWS: !Ref AWS::AccountId`, the CDK
    // bootstrap template's roles) is the account the template's principals are in, whose identity policies must then
    // allow sts:AssumeRole; not a value that might name any of them.
    if (kind === 'trust' && !this.thisAccount) {
      this.thisAccount = true;
      try {
        return this.document(key, name, kind, node, path);
      } finally {
        this.thisAccount = false;
      }
    }
    // The builds for a parameter's allowed values (variantWhen) are the lint's; the account reads the parameter as a
    // value known only at deploy, so it takes the policy as written and, for Fn::If, its other branch.
    const builds = (this.builds.get(node.span.start) ?? []).filter((build) => !build.variantWhen);
    // Policies a service file includes from another file share the including variable's span: told apart by node.
    const [first, second] = builds.some((build) => build.source === node) ? builds.filter((build) => build.source === node) : builds;
    const branches = new Map<number, DeployChoiceValue>();
    collectListBranches(node, branches);
    const chosen = new Set<string>();
    const valueChoices = new Set<string>();
    const build = (policy: EmbeddedPolicy | undefined) => (policy?.policy.root ? this.nodeValue(policy.policy.root, branches, chosen) : undefined);
    // The builds differ by the Fn::If values of some conditions (`AWS: !If [Generated, A, B]`), and an element of a list
    // other than Statement under Fn::If (`AWS: [A, !If [UseB, B, !Ref AWS::NoValue]]`) would stand for either value under
    // a key no --context gives: the policy is built each way those conditions go (everyWay). Where that cannot be done,
    // the values known only at deploy are where the builds differ.
    const elements = valueListChoices(node);
    const valueConditions = [...new Set([...(first?.branchWhen?.conditions ?? []), ...(second?.branchWhen?.conditions ?? [])])];
    const conditions = [...new Set([...valueConditions, ...elements.conditions])];
    const value =
      (conditions.length > 0 ? this.everyWay(node, conditions, branches, elements.offsets, chosen, valueChoices) : undefined) ??
      // Too many ways with the list elements: the values' conditions alone, the elements each standing for either value.
      (valueConditions.length > 0 && valueConditions.length < conditions.length ? this.everyWay(node, valueConditions, branches, new Set(), chosen, valueChoices) : undefined) ??
      (second ? sameOrChoice(build(first), build(second)) : build(first));
    if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof DeployString || value instanceof DeployChoice) {
      this.warn(path, 'is not a policy document the template writes literally; it is left out');
      return undefined;
    }
    const { document, placeholders } = deployTimeDocument(value);
    const others = this.otherThanPseudoParameters(placeholders, key, 'written');
    if (others.length > 0)
      this.account.warnings.push(`${this.file}: ${path} holds values known only at deploy (${others.join(', ')}); statements using them are answered as conditional on deploy-time:… keys.`);
    if (chosen.size > 0) {
      const sources = [...chosen];
      const names = listed(sources.map((source) => source.replace(/^Condition /, '')));
      const keys = sources.map(deployTimeKey);
      this.account.warnings.push(
        sources.length === 1
          ? `${this.file}: ${path} has statements written under Fn::If, there only as condition ${names} is true or false; answers through them are Conditional until --context gives ${keys[0]}=true or false.`
          : `${this.file}: ${path} has statements written under Fn::If, there only as conditions ${names} are true or false; answers through them are Conditional until --context gives ${listed(keys)}, each true or false.`,
      );
    }
    for (const source of valueChoices) {
      const condition = source.replace(/^Condition /, '');
      this.account.warnings.push(
        `${this.file}: ${path} has values written with Fn::If on condition ${condition}; the statements they are in are there as it is true or false, and answers through them are Conditional until --context gives ${deployTimeKey(source)}=true or false.`,
      );
    }
    return { ...this.policy(key, name, kind, document, path, node.span), ...(first ? { written: writtenPolicy(this.file, first) } : {}) };
  }

  /**
   * A policy whose values (or list elements) are chosen with `Fn::If`, built once for each way its conditions can go
   * together and joined condition by condition (eitherWays): each statement is there for the ways that write it,
   * waiting on the keys of the conditions it depends on. Undefined (the caller falls back to values known only at
   * deploy) past MAX_CONDITIONS, when a way writes no policy, meets a condition the others do not, or its statements do
   * not line up.
   */
  private everyWay(
    node: CfnNode,
    conditions: readonly string[],
    allBranches: ReadonlyMap<number, DeployChoiceValue>,
    decidedBranches: ReadonlySet<number>,
    chosen: Set<string>,
    valueChoices: Set<string>,
  ): DeployValue | undefined {
    if (conditions.length === 0 || conditions.length > MAX_CONDITIONS) return undefined;
    // The list elements each way decides are no choice left in its build.
    const branches = new Map([...allBranches].filter(([offset]) => !decidedBranches.has(offset)));
    const used = new Set<string>();
    const wayOf = (ways: ReadonlyMap<string, 0 | 1>): Ways | undefined => {
      const choice: BranchChoice = { branch: 0, choices: 0, byCondition: ways, taken: { conditions: [], branches: [] } };
      const built = buildPolicy(node, this.context, choice);
      if (!built?.policy.root || choice.taken!.conditions.some((condition) => !ways.has(condition))) return undefined;
      const document = this.nodeValue(built.policy.root, branches, chosen);
      const statements = statementValuesOf(document);
      return statements && isObjectValue(document) ? { document, groups: statements.map((statement) => [statement]) } : undefined;
    };
    const join = (index: number, ways: ReadonlyMap<string, 0 | 1>): Ways | undefined => {
      if (index === conditions.length) return wayOf(ways);
      const condition = conditions[index];
      // A condition the ones before decide (`IsNotProd: !Not [!Condition IsProd]`) is no choice: no deployment takes
      // it the other way, so no statement waits on it.
      const implied = impliedCondition(condition, new Map([...ways].map(([name, branch]) => [name, branch === 0])), this.context);
      if (implied !== undefined) return join(index + 1, new Map(ways).set(condition, implied ? 0 : 1));
      const [whenTrue, whenFalse] = [join(index + 1, new Map(ways).set(condition, 0)), join(index + 1, new Map(ways).set(condition, 1))];
      return whenTrue && whenFalse ? eitherWays(whenTrue, whenFalse, conditionChoice(condition, true), conditionChoice(condition, false), used) : undefined;
    };
    const joined = join(0, new Map());
    if (joined === undefined) return undefined;
    const value = { ...joined.document, Statement: joined.groups.flat() };
    if (hasUnreadChoice(value)) return undefined;
    for (const source of used) valueChoices.add(source);
    return value;
  }

  /**
   * A node of the host's policy model as a value: its placeholders resolved where they name the template's own
   * entities, the rest deploy-time parts; a list element written under `Fn::If` is there or not at deploy.
   */
  private nodeValue(node: JsonNode, branches: ReadonlyMap<number, DeployChoiceValue>, chosen: Set<string>): DeployValue {
    switch (node.type) {
      case 'object': {
        const result: { [key: string]: DeployValue } = {};
        for (const property of node.children ?? []) {
          const [keyNode, value] = property.children ?? [];
          if (keyNode && value) result[String(keyNode.value)] = this.nodeValue(value, branches, chosen);
        }
        return result;
      }
      case 'array': {
        const items: DeployValue[] = [];
        // The host reader keeps every branch that has a value in the list: each is there or not at deploy, as its
        // condition goes. A statement so written waits on the condition's key, to be answered exactly once given.
        const statements = node.parent?.type === 'property' && node.parent.children?.[0]?.value === 'Statement';
        for (const child of node.children ?? []) {
          const value = this.nodeValue(child, branches, chosen);
          const choice = branches.get(child.offset);
          if (!choice) items.push(value);
          else if (statements && choice.source !== 'Fn::If' && isObjectValue(value) && (value.Condition === undefined || isObjectValue(value.Condition))) {
            chosen.add(choice.source);
            items.push(chosenStatement(value, choice));
          }
          // Any other element stands for either value under a key of its own: the condition's key decides statements
          // exactly, and an element that may be anything must not be decided by it.
          else items.push(new DeployChoice([value, undefined], 'Fn::If'));
        }
        return items;
      }
      case 'string':
        return this.resolved(String(node.value), (node as { placeholders?: readonly Placeholder[] }).placeholders);
      case 'null':
        return null;
      default:
        // A YAML scalar is text to IAM as written; JSON keeps its numbers and booleans.
        return this.context.format === 'json' ? (node.value as number | boolean) : String(node.value);
    }
  }

  /** A string from the host reader (`${Name}`, `${Name.Attr}` for its placeholders) with the references the template resolves filled in. */
  private resolved(value: string, placeholders: readonly Placeholder[] | undefined): DeployValue {
    const resolved = deployStringOf(value, placeholders, (hole, { source }) => {
      const inner = hole.replace(/^\$\{|\}$/g, '');
      const loopValue = this.values.get(inner);
      if (loopValue !== undefined) return loopValue;
      // `!GetAtt Role${Team}.Arn` in a loop names the instance's resource.
      const named = withLoopValues(inner, this.values);
      const dot = named.indexOf('.');
      if (named.startsWith('Fn::')) return { source: deployTimeSource(named, source) };
      const [name, attribute] = dot > 0 ? [named.slice(0, dot), named.slice(dot + 1)] : [named, undefined];
      return this.reference(name, attribute) ?? this.unknownPart(deployTimeSource(named, source), name, attribute);
    });
    // The transform fills in `${Identifier}` in every string of the loop, not only under Fn::Sub.
    if (this.values.size === 0) return resolved;
    if (typeof resolved === 'string') return withLoopValues(resolved, this.values);
    return new DeployString(resolved.parts.map((part) => (typeof part === 'string' ? withLoopValues(part, this.values) : part)));
  }

  /** A policy read for the current resource: when the resource has a `Condition`, its statements wait on it. */
  private policy(key: string, name: string, kind: AccountPolicy['kind'], written: Record<string, unknown>, path: string, span?: Span): AccountPolicy {
    const document = this.choices.length > 0 ? chosenDocument(written, this.choices) : written;
    return { key, name, kind, text: JSON.stringify(document), value: document, source: { file: this.file, path, ...(span ? { span } : {}) } };
  }

  private inlineList(entity: Entity, node: CfnNode | undefined, path: string): void {
    if (node?.kind !== 'seq' && node?.kind !== 'fn') return;
    for (const element of this.elements(node, path)) {
      const name = this.literal(valueOf(element.node, 'PolicyName')) ?? `#${element.index}`;
      const document = valueOf(element.node, 'PolicyDocument');
      if (!document) {
        this.warn(element.path, 'has no PolicyDocument; it is left out');
        continue;
      }
      const policy = this.document(`${entity.arn}#inline/${name}`, name, 'inline', document, `${element.path}.PolicyDocument`);
      if (policy) entity.inline.push(this.chosen(policy, element));
    }
  }

  /**
   * The elements of a list property as a deployment writes them (a lone value, where SAM takes one, as the list of
   * it): an `Fn::If` element is its first branch when the condition is true and its second when false, and
   * `AWS::NoValue` is no element.
   */
  private elements(node: CfnNode | undefined, path: string, lone = false): ListElement[] {
    // `Policies: !If [Cond, [ … ], !Ref AWS::NoValue]`: each branch's list, there when its condition takes it; a branch
    // that is itself an `!If` chooses further (the CDK bootstrap template's `ManagedPolicyArns: !If [HasPolicies,
    // !Ref Policies, !If [HasTrustedAccounts, !Ref AWS::NoValue, [AdministratorAccess]]]`), and one that is a value
    // known only at deploy (`!Ref Policies`, a list parameter) is that one element, which the caller reads or warns of.
    const listBranches = !lone && node?.kind === 'fn' ? ifBranches(node) : undefined;
    if (node?.kind === 'fn' && listBranches) {
      const condition = ifCondition(node) ?? '';
      return listBranches.flatMap((branch, b) => {
        if (!branch || isNoValue(branch)) return [];
        const chooses = branch.kind === 'seq' || (branch.kind === 'fn' && ifBranches(branch) !== undefined);
        const inner: ListElement[] = chooses ? this.elements(branch, path) : [{ node: branch, index: 0, path, choices: [] }];
        return inner.map((element) => ({ ...element, choices: [conditionChoice(condition, b === 0), ...element.choices] }));
      });
    }
    const items = node?.kind === 'seq' ? node.items : lone && node ? [node] : [];
    const elementsOf = (item: CfnNode, index: number, at: string, choices: DeployChoiceValue[]): ListElement[] => {
      const branches = item.kind === 'fn' ? ifBranches(item) : undefined;
      if (!branches) return isNoValue(item) ? [] : [{ node: item, index, path: at, choices }];
      const condition = item.kind === 'fn' ? (ifCondition(item) ?? '') : '';
      return branches.flatMap((branch, b) => (branch ? elementsOf(branch, index, at, [...choices, conditionChoice(condition, b === 0)]) : []));
    };
    return items.flatMap((item, i) => elementsOf(item, i, node?.kind === 'seq' ? `${path}[${i}]` : path, []));
  }

  /** An inline policy of an element that is there only under conditions: its statements wait on them. */
  private chosen(policy: AccountPolicy, element: ListElement): AccountPolicy {
    if (element.choices.length === 0) return policy;
    this.warnChosen(element);
    return withChoices(policy, element.choices);
  }

  private warnChosen(element: ListElement): void {
    const conditions = element.choices.map(({ source, value }) => `${source.replace(/^Condition /, '')} is ${value}`).join(' and ');
    const keys = element.choices.map(({ source, value }) => `${deployTimeKey(source)}=${value}`).join(' ');
    this.warn(element.path, `is there only when ${conditions} at deploy; answers through it are Conditional until --context gives ${keys} or its opposite`);
  }

  /**
   * Attaches the managed policy an element names (or `arn`, as SAM names it): at once when it is always there; when
   * it is there only under conditions, or is a parameter's value among its AllowedValues, as a choice made at deploy,
   * once every policy of the template is read (attachChosen).
   */
  private attach(entity: Entity, element: ListElement, arn = this.value(element.node)): void {
    const { node, path } = element;
    const choices = [...this.choices, ...element.choices];
    if (typeof arn === 'string') {
      if (choices.length === 0) return void entity.attached.push(arn);
      if (element.choices.length > 0) this.warnChosen(element);
      this.chosenAttachments.push({ principal: entity, arn, choices, source: { file: this.file, path } });
      return;
    }
    const parameter = node.kind === 'fn' && node.name === 'Ref' ? scalarValue(node.arg) : undefined;
    const allowed = parameter === undefined ? undefined : allowedValuesOf(parameter, this.context)?.filter((value) => value.startsWith('arn:'));
    if (!parameter || !allowed?.length) return this.warn(path, 'is a policy ARN known only at deploy; it is left out');
    if (element.choices.length > 0) this.warnChosen(element);
    const source = `Ref ${parameter}`;
    this.warn(path, `is the policy parameter ${parameter} names at deploy, one of ${allowed.join(', ')}; answers through it are Conditional until --context gives ${deployTimeKey(source)}=<ARN>`);
    for (const value of allowed) this.chosenAttachments.push({ principal: entity, arn: value, choices: [...choices, { source, value }], source: { file: this.file, path } });
  }

  /**
   * A permissions boundary's ARN: as written, or the policy standing for one known only at deploy (unknown-boundary.ts),
   * with `!If [Cond, !Ref BoundaryArn, !Ref AWS::NoValue]` read as a boundary only when the condition is true.
   */
  private boundaryOf(node: CfnNode, path: string): string | undefined {
    const value = this.value(node);
    if (typeof value === 'string') return value;
    // A global boundary is every function's: one warning says so.
    const warned = this.boundaryWarnings.has(path);
    this.boundaryWarnings.add(path);
    const warn = (message: string) => warned || this.warn(path, message);
    const where = { file: this.file, path };
    const branches = node.kind === 'fn' ? ifBranches(node) : undefined;
    const condition = node.kind === 'fn' ? ifCondition(node) : undefined;
    if (branches && condition) {
      const set = branches.flatMap((branch, i) => (branch && !isNoValue(branch) ? [{ value: this.value(branch), choice: conditionChoice(condition, i === 0) }] : []));
      const unsetWhen = branches.flatMap((branch, i) => (!branch || isNoValue(branch) ? [[conditionChoice(condition, i === 0)]] : []));
      const [only] = set;
      if (set.length > 0 && set.every(({ value }) => typeof value === 'string')) {
        const ways = branches.map((branch, i) => ({ arn: branch && !isNoValue(branch) ? (this.value(branch) as string) : undefined, choice: conditionChoice(condition, i === 0) }));
        const named = ways.map(({ arn, choice }) => `${arn ?? 'none'} when ${condition} is ${choice.value}`).join(', ');
        warn(`is a permissions boundary chosen at deploy (${named}); answers through the principal are Conditional until --context gives ${deployTimeKey(only.choice.source)}=true or false`);
        const chosen = { branches: ways, where };
        this.chosenBoundaries.push(chosen);
        return chosenBoundaryArn(this.partition, this.accountId, chosen);
      }
      if (set.length === 1 && typeof only.value !== 'string' && unsetWhen.length === 1) {
        const source = boundarySource(sourcesOf(only.value), 'Fn::If');
        warn(
          `is a permissions boundary known only at deploy (${source}) when condition ${condition} is ${only.choice.value}; answers through the principal are Conditional until --context gives ${deployTimeKey(source)} or ${deployTimeKey(only.choice.source)}=${unsetWhen[0][0].value}`,
        );
        return unknownBoundaryArn(this.account, this.partition, this.accountId, { source, setWhen: [only.choice], unsetWhen, where });
      }
    }
    const source = boundarySource(sourcesOf(value), 'PermissionsBoundary');
    warn(`is a permissions boundary known only at deploy (${source}); answers through the principal are Conditional until --context gives ${deployTimeKey(source)}`);
    return unknownBoundaryArn(this.account, this.partition, this.accountId, { source, where });
  }

  private nameOf(node: CfnNode | undefined, path: string): string | undefined {
    const value = this.value(node);
    if (typeof value === 'string') return value;
    this.warn(path, 'is a name known only at deploy; it is left out');
    return undefined;
  }

  private nameList(node: CfnNode | undefined, path: string): string[] {
    if (node?.kind !== 'seq') return [];
    return node.items.flatMap((item, i) => this.nameOf(item, `${path}[${i}]`) ?? []);
  }

  /**
   * The template's principals of a kind a list names (names, `!Ref`s; names defined elsewhere are warned about), each
   * with the condition of the resource a `!Ref` refers to (`!Ref AppLocal` of a role created only when `Local` is
   * true), which what is attached to it through this reference waits on.
   */
  private targets(node: CfnNode | undefined, kind: Entity['kind'], path: string): { entity: Entity; choices: DeployChoiceValue[] }[] {
    const list = node === undefined ? [] : node.kind === 'seq' ? node.items : [node];
    const found: { entity: Entity; choices: DeployChoiceValue[] }[] = [];
    list.forEach((item, i) => {
      const name = this.nameOf(item, list.length === 1 && node?.kind !== 'seq' ? path : `${path}[${i}]`);
      if (name === undefined) return;
      const entity = [...this.entities.values()].find((e) => e.kind === kind && e.name === name);
      const referred = item.kind === 'fn' && item.name === 'Ref' ? scalarValue(item.arg) : undefined;
      const condition = referred === undefined ? undefined : this.resourceConditions.get(referred);
      if (entity) found.push({ entity, choices: condition === undefined ? [] : [conditionChoice(condition, true)] });
      else this.warn(path, `names ${kind} "${name}", which the template does not define; that attachment is left out`);
    });
    return found;
  }

  private warn(path: string, message: string): void {
    this.account.warnings.push(`${this.file}: ${path} ${message}.`);
  }
}

/** The items of a list property (one item when a single value is written). */
function listOf(node: CfnNode | undefined): (CfnNode | undefined)[] {
  return node === undefined ? [] : node.kind === 'seq' ? node.items : [node];
}

/** How a placeholder is named in `deploy-time:` keys and warnings: `Ref Name`, `GetAtt Name.Attr`, `${Name}` (Fn::Sub), `Fn::ImportValue`. */
function deployTimeSource(inner: string, source: string): string {
  if (/^(!Ref\b|Ref\s*:|\{\s*"Ref")/.test(source)) return `Ref ${inner}`;
  if (/^(!GetAtt\b|Fn::GetAtt\s*:|\{\s*"Fn::GetAtt")/.test(source)) return `GetAtt ${inner}`;
  return inner.startsWith('Fn::') ? inner : `\${${inner}}`;
}

/**
 * The `Fn::If` elements of lists other than a Statement list (a principal, an action, a resource): the conditions
 * they test and the offsets of their branches.
 */
function valueListChoices(node: CfnNode | undefined, found = { conditions: new Set<string>(), offsets: new Set<number>() }, inStatements = false): { conditions: Set<string>; offsets: Set<number> } {
  if (node?.kind === 'map') for (const entry of node.entries) valueListChoices(entry.value, found, entry.key === 'Statement');
  else if (node?.kind === 'fn') valueListChoices(node.arg, found);
  else if (node?.kind === 'seq') {
    for (const item of node.items) {
      const branches = item.kind === 'fn' ? ifBranches(item) : undefined;
      const condition = item.kind === 'fn' ? ifCondition(item) : undefined;
      if (branches && condition !== undefined && !inStatements) {
        found.conditions.add(condition);
        for (const branch of branches) if (branch) found.offsets.add(branch.span.start);
      }
      valueListChoices(item, found);
    }
  }
  return found;
}

/**
 * The offsets of the branches of every `Fn::If` written as a list element (the host reader keeps both in the list),
 * with the choice that puts each there: its condition true for the first branch, false for the second.
 */
function collectListBranches(node: CfnNode | undefined, into: Map<number, DeployChoiceValue>): void {
  if (node?.kind === 'map') for (const entry of node.entries) collectListBranches(entry.value, into);
  else if (node?.kind === 'fn') collectListBranches(node.arg, into);
  else if (node?.kind === 'seq') {
    for (const item of node.items) {
      const branches = item.kind === 'fn' ? ifBranches(item) : undefined;
      const condition = item.kind === 'fn' ? ifCondition(item) : undefined;
      branches?.forEach((branch, index) => {
        if (branch) into.set(branch.span.start, condition ? conditionChoice(condition, index === 0) : { source: 'Fn::If', value: 'true' });
      });
      collectListBranches(item, into);
    }
  }
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A statement there only when a condition goes one way: it also needs the condition's deploy-time key to say so. */
function chosenStatement(statement: { [key: string]: DeployValue }, choice: DeployChoiceValue): { [key: string]: DeployValue } {
  const [chosen] = statementListOf(chosenDocument({ Statement: [statement] }, [choice]));
  return chosen as { [key: string]: DeployValue };
}

type StatementValue = { [key: string]: DeployValue };

/**
 * Two ways of a statement that differ only in the entries of its Action, Resource or Principal (a list element
 * written under `Fn::If`), as the entries both ways write, always there, beside the entries only one way writes,
 * there in that way: a statement matches when any entry does, so this is the same statement in each way, and what
 * both allow does not wait on the condition. Undefined when they differ otherwise.
 */
function factored(a: StatementValue, b: StatementValue, whenA: DeployChoiceValue, whenB: DeployChoiceValue): StatementValue[] | undefined {
  const differing = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
  if (differing.length !== 1 || !['Action', 'Resource', 'Principal'].includes(differing[0])) return undefined;
  const key = differing[0];
  const [entriesA, entriesB] = [entriesOf(key, a[key]), entriesOf(key, b[key])];
  if (!entriesA || !entriesB) return undefined;
  const inB = new Set(entriesB.map((entry) => entry.id));
  const common = entriesA.filter((entry) => inB.has(entry.id));
  if (common.length === 0) return undefined;
  const inCommon = new Set(common.map((entry) => entry.id));
  const only = (entries: readonly Entry[]) => entries.filter((entry) => !inCommon.has(entry.id));
  const [onlyA, onlyB] = [only(entriesA), only(entriesB)];
  return [
    { ...a, [key]: valueOfEntries(key, common) },
    ...(onlyA.length > 0 ? [chosenStatement({ ...a, [key]: valueOfEntries(key, onlyA) }, whenA)] : []),
    ...(onlyB.length > 0 ? [chosenStatement({ ...b, [key]: valueOfEntries(key, onlyB) }, whenB)] : []),
  ];
}

/** One entry of an Action, Resource or Principal: a value, and for a principal its type (`AWS`, `Service`, …). */
type Entry = { type?: string; value: DeployValue; id: string };

function entriesOf(key: string, value: DeployValue): Entry[] | undefined {
  const list = (item: DeployValue) => (Array.isArray(item) ? item : [item]);
  const plain = (item: DeployValue) => typeof item === 'string' || item instanceof DeployString;
  if (key !== 'Principal') return value !== undefined && list(value).every(plain) ? list(value).map((item) => ({ value: item, id: JSON.stringify(item) })) : undefined;
  if (!isObjectValue(value)) return undefined;
  const entries = Object.entries(value).flatMap(([type, items]) => list(items).map((item) => ({ type, value: item, id: JSON.stringify([type, item]) })));
  return entries.every((entry) => plain(entry.value)) ? entries : undefined;
}

function valueOfEntries(key: string, entries: readonly Entry[]): DeployValue {
  if (key !== 'Principal') return entries.length === 1 ? entries[0].value : entries.map((entry) => entry.value);
  const principal: { [type: string]: DeployValue[] } = {};
  for (const entry of entries) (principal[entry.type!] ??= []).push(entry.value);
  return principal;
}

/**
 * A policy built some ways (everyWay), its statements kept by the statement of the template they come from: each
 * group is what one written statement is in those ways, so groups line up between ways whatever each way made of them.
 */
interface Ways {
  document: { [key: string]: DeployValue };
  groups: DeployValue[][];
}

function statementValuesOf(document: DeployValue): DeployValue[] | undefined {
  if (!isObjectValue(document)) return undefined;
  const statement = document.Statement;
  return Array.isArray(statement) ? statement : isObjectValue(statement) ? [statement] : undefined;
}

/**
 * The ways of a policy for a condition true (`a`) and false (`b`) as one: a written statement that is the same both
 * ways stays as it is; one that differs is there each way, waiting on the condition (factored keeps what both ways'
 * entries share unconditional). Undefined when the two do not line up statement for statement, or differ elsewhere.
 */
function eitherWays(a: Ways, b: Ways, whenA: DeployChoiceValue, whenB: DeployChoiceValue, chosen: Set<string>): Ways | undefined {
  const rest = (document: Ways['document']) => JSON.stringify({ ...document, Statement: undefined });
  if (a.groups.length !== b.groups.length || rest(a.document) !== rest(b.document)) return undefined;
  const choosable = (statement: DeployValue) => isObjectValue(statement) && (statement.Condition === undefined || isObjectValue(statement.Condition));
  const groups: DeployValue[][] = [];
  for (let i = 0; i < a.groups.length; i++) {
    const [groupA, groupB] = [a.groups[i], b.groups[i]];
    if (JSON.stringify(groupA) === JSON.stringify(groupB)) {
      groups.push(groupA);
      continue;
    }
    if (![...groupA, ...groupB].every(choosable)) return undefined;
    chosen.add(whenA.source);
    const [onlyA, onlyB] = [groupA as StatementValue[], groupB as StatementValue[]];
    const factoredPair = onlyA.length === 1 && onlyB.length === 1 ? factored(onlyA[0], onlyB[0], whenA, whenB) : undefined;
    groups.push(factoredPair ?? [...onlyA.map((statement) => chosenStatement(statement, whenA)), ...onlyB.map((statement) => chosenStatement(statement, whenB))]);
  }
  return { document: a.document, groups };
}

/** The conditions of `Fn::If` values one policy may test together and still be built every way (2^n builds). */
const MAX_CONDITIONS = 4;

/** Whether a value holds a part sameOrChoice could not tell the ways of (`Fn::If` known only at deploy). */
function hasUnreadChoice(value: DeployValue): boolean {
  if (value instanceof DeployString) return value.parts.some((part) => typeof part !== 'string' && part.source === 'Fn::If');
  if (value instanceof DeployChoice) return value.values.some(hasUnreadChoice);
  if (Array.isArray(value)) return value.some(hasUnreadChoice);
  return isObjectValue(value) && Object.values(value).some(hasUnreadChoice);
}

/** Two builds of a policy (the branches of `Fn::If`) as one value: where they differ, the value is chosen at deploy. */
function sameOrChoice(a: DeployValue, b: DeployValue): DeployValue {
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  if (isObjectValue(a) && isObjectValue(b))
    return Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((key) => [key, key in a && key in b ? sameOrChoice(a[key], b[key]) : new DeployString([{ source: 'Fn::If' }])]));
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.map((item, i) => sameOrChoice(item, b[i]));
  return new DeployString([{ source: 'Fn::If' }]);
}

/** The choice a resource's or an `Fn::If`'s condition makes: `deploy-time:Condition/<name>` is `true` or `false`. */
function conditionChoice(condition: string, value: boolean): DeployChoiceValue {
  return { source: `Condition ${condition}`, value: String(value) };
}

/** One trust policy with the statements of both. */
function joinedTrust(first: AccountPolicy, second: AccountPolicy): AccountPolicy {
  const value = { ...documentOf(first), Statement: [first, second].flatMap((policy) => statementListOf(documentOf(policy))) };
  return { ...first, value, text: JSON.stringify(value) };
}

/** Parts of a string as one value: a string when every part is known. */
function joined(parts: (string | { source: string })[]): string | DeployString {
  return parts.every((part) => typeof part === 'string') ? parts.join('') : new DeployString(parts);
}
