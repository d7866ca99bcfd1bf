import type { Span } from '../text/span';
import { entryOf, scalarValue, valueOf, type CfnMap, type CfnNode } from '../hosts/cloudformation/nodes';

// What the SAM transform writes into IAM for the Events of a function or state machine. The generated resources and
// their logical ids are listed in
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-statemachine.html
// The documents themselves are not documented there; they are those of the SAM translator (aws-sam-translator 1.x,
// the release sam-data.json is taken from): samtranslator/model/eventsources/pull.py for the pull sources,
// samtranslator/model/stepfunctions/events.py and eventsources/scheduler.py for the event roles,
// eventsources/push.py and eventsources/cloudwatchlogs.py for the Lambda permissions and the SNS subscription's queue
// policy (its document in samtranslator/model/sqs.py), samtranslator/model/sam_resources.py for a function's
// EventInvokeConfig, and samtranslator/model/iam.py for the policies they write. The SQS managed policy is also
// discussed in aws/serverless-application-model#2118.

/** A value in a document SAM writes: a property of the event as written, an ARN SAM builds, or a resource's attribute. */
export type GeneratedValue =
  | { written: CfnNode; path: string }
  /** An `Fn::Sub` string with `${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}` and the given variables. */
  | { sub: string; variables?: Record<string, GeneratedValue> }
  /** The ARN of the template's function or state machine with this logical id (the event's target). */
  | { arnOf: string }
  /** A value of a resource SAM generates, known at deploy: `GetAtt Queue.Arn`, `Ref ServerlessRestApi`; `type` is the resource's. */
  | { generated: string; type?: string };

export interface GeneratedStatement {
  Sid?: string;
  Principal?: '*' | { Service: string | string[] };
  Action: string | string[];
  /** One value, or a list (a connector's `[%{Destination.Arn}, %{Destination.Arn}/*]`). */
  Resource?: GeneratedValue | GeneratedValue[];
  Condition?: Record<string, Record<string, GeneratedValue>>;
}

/** An inline policy SAM writes into a role: its PolicyName and statements (each an Allow). */
export interface GeneratedPolicy {
  name: string;
  /** SAM writes `Version: 2012-10-17` into a few of its documents only. */
  version?: boolean;
  statements: GeneratedStatement[];
}

/** An entry of a SAM resource's Events. */
export interface SamEvent {
  /** The event's key in Events; SAM's logical ids for it start with the resource's id followed by this. */
  name: string;
  type: string;
  properties: CfnMap | undefined;
  /** The event's key in the template, where everything SAM generates for it is placed. */
  keySpan: Span;
  path: string;
}

/** What a function's event adds to the function's implicit role: AWS managed policies (aws partition) and inline policies. */
export interface RoleAdditions {
  attached: string[];
  inline: GeneratedPolicy[];
  /** Why SAM would write no document for the event (its transform fails). */
  problems: string[];
}

/** A role SAM generates for an event, to let the event's service invoke the function or start the state machine. */
export interface EventRole {
  logicalId: string;
  service: string;
  policies: GeneratedPolicy[];
  /** Whose PermissionsBoundary the role gets: the state machine's, or the event's own (ScheduleV2). */
  boundary: 'owner' | 'event';
}

/**
 * The entries of a resource's Events in the order SAM walks them: a function's by their Path, else by their key (so
 * that an HttpApi `$default` path comes first); a state machine's as written.
 */
export function samEventsOf(events: CfnNode | undefined, path: string, sorted: boolean): SamEvent[] {
  if (events?.kind !== 'map') return [];
  const list = events.entries.map((entry) => {
    const properties = valueOf(entry.value, 'Properties');
    return {
      name: entry.key,
      type: scalarValue(valueOf(entry.value, 'Type')) ?? '',
      properties: properties?.kind === 'map' ? properties : undefined,
      keySpan: entry.keySpan,
      path: `${path}.${entry.key}`,
    };
  });
  if (!sorted) return list;
  const order = (event: SamEvent) => scalarValue(valueOf(event.properties, 'Path')) ?? event.name;
  return list.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

const MANAGED_FOR_PULL: Record<string, string> = {
  SQS: 'arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole',
  Kinesis: 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole',
  DynamoDB: 'arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole',
  MSK: 'arn:aws:iam::aws:policy/service-role/AWSLambdaMSKExecutionRole',
};

const VPC_ACTIONS = ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'];

const KAFKA_AUTH = ['SASL_SCRAM_256_AUTH', 'SASL_SCRAM_512_AUTH', 'BASIC_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH', 'SERVER_ROOT_CA_CERTIFICATE'];

/**
 * What SAM adds to a function's implicit role for one of its events (`functionId` + the event's name is the event's
 * logical id). Pull sources attach an AWS managed policy (SQS, Kinesis, DynamoDB, MSK) or write an inline policy for
 * the secret, broker or cluster they read (MQ, SelfManagedKafka, DocumentDB, MSK with a client certificate); an
 * OnFailure destination of a given Type adds sqs:SendMessage or sns:publish on it; an SNS event with SqsSubscription
 * reads from the queue SAM makes through an SQS event source mapping.
 */
export function functionEventAdditions(functionId: string, event: SamEvent): RoleAdditions {
  const additions: RoleAdditions = { attached: [], inline: [], problems: [] };
  const props = event.properties;
  const written = (key: string, node: CfnNode | undefined): GeneratedValue | undefined => (node ? { written: node, path: `${event.path}.Properties.${key}` } : undefined);
  const managed = MANAGED_FOR_PULL[event.type];
  if (managed) additions.attached.push(managed);
  const access = sourceAccess(props, `${event.path}.Properties.SourceAccessConfigurations`);
  const kmsKey = scalarValue(valueOf(props, 'SecretsManagerKmsKeyId'));
  const kms: GeneratedStatement[] = kmsKey !== undefined ? [{ Action: ['kms:Decrypt'], Resource: { sub: `arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/${kmsKey}` } }] : [];
  switch (event.type) {
    case 'MSK': {
      const certificate = access.find((entry) => entry.type === 'CLIENT_CERTIFICATE_TLS_AUTH' && entry.uri);
      if (certificate?.uri) additions.inline.push({ name: 'MSKExecutionRolePolicy', statements: [{ Action: ['secretsmanager:GetSecretValue'], Resource: certificate.uri }] });
      break;
    }
    case 'MQ': {
      const secret = access.find((entry) => entry.type === 'BASIC_AUTH')?.uri;
      const broker = written('Broker', valueOf(props, 'Broker'));
      if (!secret || !broker) {
        additions.problems.push(`has no ${secret ? 'Broker' : 'BASIC_AUTH URI in SourceAccessConfigurations'}, so the SAM transform fails and writes no policy for it`);
        break;
      }
      // DynamicPolicyName names the policy after the event, so that two MQ events do not write the same policy name.
      const dynamic = /^true$/i.test(scalarValue(valueOf(props, 'DynamicPolicyName')) ?? '');
      additions.inline.push({
        name: dynamic ? `${functionId}${event.name}AMQPolicy` : 'SamAutoGeneratedAMQPolicy',
        statements: [{ Action: ['secretsmanager:GetSecretValue'], Resource: secret }, { Action: ['mq:DescribeBroker'], Resource: broker }, ...kms.map((s) => ({ ...s, Action: 'kms:Decrypt' }))],
      });
      break;
    }
    case 'SelfManagedKafka': {
      if (access.length === 0) {
        additions.problems.push('has no SourceAccessConfigurations, so the SAM transform fails and writes no policy for it');
        break;
      }
      const secret = access.find((entry) => KAFKA_AUTH.includes(entry.type))?.uri;
      const vpc = access.some((entry) => entry.type === 'VPC_SUBNET') && access.some((entry) => entry.type === 'VPC_SECURITY_GROUP');
      additions.inline.push({
        name: 'SelfManagedKafkaExecutionRolePolicy',
        version: true,
        statements: [...(secret ? [{ Action: ['secretsmanager:GetSecretValue'], Resource: secret }] : []), ...(vpc ? [{ Action: VPC_ACTIONS, Resource: { sub: '*' } }] : []), ...kms],
      });
      break;
    }
    case 'DocumentDB': {
      const secret = access.find((entry) => entry.type === 'BASIC_AUTH')?.uri;
      const cluster = written('Cluster', valueOf(props, 'Cluster'));
      if (!secret || !cluster) {
        additions.problems.push(`has no ${secret ? 'Cluster' : 'BASIC_AUTH URI in SourceAccessConfigurations'}, so the SAM transform fails and writes no policy for it`);
        break;
      }
      additions.inline.push({
        name: 'SamAutoGeneratedDocumentDBPolicy',
        statements: [
          { Action: ['secretsmanager:GetSecretValue'], Resource: secret },
          { Action: ['rds:DescribeDBClusterParameters'], Resource: { sub: 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-pg:*' } },
          { Action: ['rds:DescribeDBSubnetGroups'], Resource: { sub: 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:subgrp:*' } },
          { Action: ['rds:DescribeDBClusters'], Resource: cluster },
          { Action: VPC_ACTIONS, Resource: { sub: '*' } },
          ...kms,
        ],
      });
      break;
    }
    case 'SNS': {
      const subscription = valueOf(props, 'SqsSubscription');
      if (subscription && !(subscription.kind === 'scalar' && !/^true$/i.test(subscription.value))) additions.attached.push(MANAGED_FOR_PULL.SQS);
      break;
    }
  }
  if (event.type in MANAGED_FOR_PULL || ['MQ', 'SelfManagedKafka', 'DocumentDB'].includes(event.type)) {
    const onFailure = valueOf(valueOf(props, 'DestinationConfig'), 'OnFailure');
    const type = scalarValue(valueOf(onFailure, 'Type'));
    const destination = written('DestinationConfig.OnFailure.Destination', valueOf(onFailure, 'Destination'));
    if (destination && (type === 'SQS' || type === 'SNS'))
      additions.inline.push({ name: `${functionId}${event.name}${type}Policy`, statements: [{ Action: type === 'SQS' ? 'sqs:SendMessage' : 'sns:publish', Resource: destination }] });
  }
  return additions;
}

/**
 * The policy SAM writes into a function's implicit role for its DeadLetterQueue (before the Policies): sqs:SendMessage
 * or sns:Publish on the TargetArn.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deadletterqueue.html
 */
export function deadLetterQueuePolicy(deadLetterQueue: CfnNode, path: string): GeneratedPolicy | undefined {
  const action = { SQS: 'sqs:SendMessage', SNS: 'sns:Publish' }[scalarValue(valueOf(deadLetterQueue, 'Type')) ?? ''];
  const target = valueOf(deadLetterQueue, 'TargetArn');
  if (!action || !target) return undefined;
  return { name: 'DeadLetterQueuePolicy', version: true, statements: [{ Action: action, Resource: { written: target, path: `${path}.TargetArn` } }] };
}

/** A policy SAM writes for one destination of a function's EventInvokeConfig, placed on the destination's key. */
export interface DestinationPolicy {
  policy?: GeneratedPolicy;
  /** Why SAM writes no policy for it (its transform fails). */
  problem?: string;
  keySpan: Span;
  path: string;
}

const DESTINATION_POLICIES: Record<string, { suffix: string; action: string; creates?: string }> = {
  SQS: { suffix: 'SQSPolicy', action: 'sqs:SendMessage', creates: 'Queue' },
  SNS: { suffix: 'SNSPolicy', action: 'sns:publish', creates: 'Topic' },
  EventBridge: { suffix: 'EventBridgePolicy', action: 'events:PutEvents' },
  Lambda: { suffix: 'LambdaPolicy', action: 'lambda:InvokeFunction' },
};

/**
 * The inline policies SAM adds to a function's implicit role for the OnSuccess and OnFailure destinations of its
 * EventInvokeConfig (after the DeadLetterQueuePolicy, before the Policies): `<Function>EventInvokeConfig<OnX>` +
 * `SQSPolicy` (sqs:SendMessage), `SNSPolicy` (sns:publish), `EventBridgePolicy` (events:PutEvents) or `LambdaPolicy`
 * (lambda:InvokeFunction) on the Destination. An SQS or SNS destination without Destination gets a queue or topic
 * SAM creates (`…Queue`, `…Topic`), whose ARN is known at deploy. A Destination under `Fn::If` is read as the choice
 * it is. samtranslator/model/sam_resources.py, SamFunction._validate_and_inject_resource and
 * _add_event_invoke_managed_policy; the documents in samtranslator/model/iam.py.
 */
export function eventInvokeConfigPolicies(functionId: string, config: CfnNode, path: string): DestinationPolicy[] {
  const destinations = valueOf(config, 'DestinationConfig');
  const found: DestinationPolicy[] = [];
  for (const name of ['OnSuccess', 'OnFailure']) {
    const entry = entryOf(destinations?.kind === 'map' ? destinations : undefined, name);
    if (!entry?.value) continue;
    const at = { keySpan: entry.keySpan, path: `${path}.DestinationConfig.${name}` };
    const type = scalarValue(valueOf(entry.value, 'Type')) ?? '';
    const kind = DESTINATION_POLICIES[type];
    if (!kind) {
      found.push({ ...at, problem: `has Type "${type}", not SQS, SNS, EventBridge or Lambda, so the SAM transform fails and writes no policy for it` });
      continue;
    }
    const logicalId = `${functionId}EventInvokeConfig${name}`;
    const destination = valueOf(entry.value, 'Destination');
    let resource: GeneratedValue;
    if (destination) resource = { written: destination, path: `${at.path}.Destination` };
    else if (kind.creates) resource = { generated: `GetAtt ${logicalId}${kind.creates}.Arn`, type: kind.creates === 'Queue' ? 'AWS::SQS::Queue' : 'AWS::SNS::Topic' };
    else {
      found.push({ ...at, problem: `has no Destination, which SAM requires unless the Type is SQS or SNS, so the SAM transform fails and writes no policy for it` });
      continue;
    }
    found.push({ ...at, policy: { name: `${logicalId}${kind.suffix}`, statements: [{ Action: kind.action, Resource: resource }] } });
  }
  return found;
}

/**
 * The role SAM generates for an event, if any: a state machine's Schedule, CloudWatchEvent and EventBridgeRule events
 * get `<Id><Event>Role` trusted by EventBridge, its Api events one trusted by API Gateway, each allowed
 * states:StartExecution on the state machine; a ScheduleV2 event of a function or state machine without a RoleArn
 * gets one trusted by EventBridge Scheduler, allowed lambda:InvokeFunction or states:StartExecution (and
 * sqs:SendMessage on its dead-letter queue).
 */
export function eventRoleOf(owner: { id: string; type: string }, event: SamEvent): EventRole | undefined {
  const eventId = `${owner.id}${event.name}`;
  const roleId = `${eventId}Role`;
  const target: GeneratedValue = { arnOf: owner.id };
  if (event.type === 'ScheduleV2') {
    if (valueOf(event.properties, 'RoleArn') !== undefined) return undefined;
    const invoke: GeneratedPolicy =
      owner.type === 'AWS::Serverless::Function'
        ? { name: `${eventId}LambdaPolicy`, statements: [{ Action: 'lambda:InvokeFunction', Resource: target }] }
        : { name: `${eventId}StartExecutionPolicy`, statements: [{ Action: 'states:StartExecution', Resource: target }] };
    const policies = [invoke];
    const deadLetter = valueOf(event.properties, 'DeadLetterConfig');
    if (deadLetter) {
      const arn = valueOf(deadLetter, 'Arn');
      const queue = arn
        ? { written: arn, path: `${event.path}.Properties.DeadLetterConfig.Arn` }
        : { generated: `GetAtt ${scalarValue(valueOf(deadLetter, 'QueueLogicalId')) ?? `${eventId}Queue`}.Arn`, type: 'AWS::SQS::Queue' };
      policies.push({ name: `${eventId}SQSPolicy`, statements: [{ Action: 'sqs:SendMessage', Resource: queue }] });
    }
    return { logicalId: roleId, service: 'scheduler.amazonaws.com', policies, boundary: 'event' };
  }
  if (owner.type !== 'AWS::Serverless::StateMachine') return undefined;
  const service = { Schedule: 'events.amazonaws.com', CloudWatchEvent: 'events.amazonaws.com', EventBridgeRule: 'events.amazonaws.com', Api: 'apigateway.amazonaws.com' }[event.type];
  if (!service) return undefined;
  return { logicalId: roleId, service, policies: [{ name: `${roleId}StartExecutionPolicy`, statements: [{ Action: 'states:StartExecution', Resource: target }] }], boundary: 'owner' };
}

/**
 * The statement of the function's resource-based policy that the AWS::Lambda::Permission SAM writes for a push event
 * grants, as Lambda shows it: the event's service may invoke the function (its alias with AutoPublishAlias), from the
 * rule, topic, API, log group, IoT rule or user pool SAM connects (`ArnLike AWS:SourceArn`), from the stack's account
 * (`StringEquals AWS:SourceAccount`: S3, IoTRule) or with the skill's token (`StringEquals lambda:EventSourceToken`:
 * AlexaSkill). The permission's logical id is the Sid. Covered: Schedule, CloudWatchEvent, EventBridgeRule, S3, SNS
 * (without SqsSubscription), Api, HttpApi, CloudWatchLogs, IoTRule, Cognito and AlexaSkill; `apiStage` gives the stage
 * suffix SAM uses for an Api event's RestApiId, `events` are all the function's events (an HttpApi route may be
 * served by the function's `$default` route), `inTemplate` whether the template has a resource. `problem` says why SAM writes none (its transform fails).
 */
export function functionEventPermission(
  functionId: string,
  event: SamEvent,
  apiStage: (restApiId: CfnNode) => string,
  events: readonly SamEvent[] = [],
  inTemplate: (logicalId: string) => boolean = () => true,
): { statement?: GeneratedStatement; problem?: string } | undefined {
  const eventId = `${functionId}${event.name}`;
  const props = event.properties;
  const written = (key: string): GeneratedValue | undefined => {
    const node = valueOf(props, key);
    return node ? { written: node, path: `${event.path}.Properties.${key}` } : undefined;
  };
  const permission = (suffix: string, service: string, condition: GeneratedStatement['Condition'], id = eventId) => ({
    statement: {
      Sid: `${id}Permission${suffix}`,
      Principal: { Service: service },
      Action: 'lambda:InvokeFunction',
      Resource: { arnOf: functionId },
      Condition: condition,
    } satisfies GeneratedStatement,
  });
  const executeApi = (apiId: GeneratedValue): GeneratedValue => ({
    sub: 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/*',
    variables: { __ApiId__: apiId },
  });
  switch (event.type) {
    case 'Schedule':
    case 'CloudWatchEvent':
    case 'EventBridgeRule':
      // The rule SAM makes is `<Function><Event>`; its ARN is known at deploy.
      return permission('', 'events.amazonaws.com', { ArnLike: { 'AWS:SourceArn': { generated: `GetAtt ${eventId}.Arn`, type: 'AWS::Events::Rule' } } });
    case 'S3':
      return permission('', 's3.amazonaws.com', { StringEquals: { 'AWS:SourceAccount': { sub: '${AWS::AccountId}' } } });
    case 'SNS': {
      const subscription = valueOf(props, 'SqsSubscription');
      const topic = written('Topic');
      if ((subscription && !(subscription.kind === 'scalar' && !/^true$/i.test(subscription.value))) || !topic) return undefined;
      return permission('', 'sns.amazonaws.com', { ArnLike: { 'AWS:SourceArn': topic } });
    }
    case 'Api': {
      // The condition's ARN is `execute-api:<region>:<account>:<API id>/*/<METHOD><path>`; the API's id (its RestApiId,
      // else the implicit ServerlessRestApi) is known only at deploy, so the whole ARN is a deploy-time value here.
      const restApiId = valueOf(props, 'RestApiId');
      const apiId: GeneratedValue = restApiId ? { written: restApiId, path: `${event.path}.Properties.RestApiId` } : { generated: 'Ref ServerlessRestApi' };
      // SAM appends the stage to the permission's id when it is alphanumeric, else a hash of it (not computed here).
      const stage = restApiId ? apiStage(restApiId) : 'Prod';
      return permission(/^[A-Za-z0-9]+$/.test(stage) ? stage : '', 'apigateway.amazonaws.com', { ArnLike: { 'AWS:SourceArn': executeApi(apiId) } });
    }
    case 'HttpApi': {
      // push.py HttpApi._get_permission: a route of an API whose `$default` route (any method) is this function's
      // gets no permission of its own, the `$default` one covers it. The routes SAM adds are the function's HttpApi
      // events; a DefinitionBody written in the template is not read for it. The ARN is, as for Api, known at deploy.
      const api = httpApiOf(event);
      if (!isDefaultRoute(event) && api !== undefined && events.some((other) => other !== event && other.type === 'HttpApi' && isDefaultRoute(other) && httpApiOf(other) === api)) return undefined;
      return permission('', 'apigateway.amazonaws.com', { ArnLike: { 'AWS:SourceArn': executeApi(written('ApiId') ?? { generated: 'Ref ServerlessHttpApi' }) } });
    }
    case 'CloudWatchLogs': {
      // cloudwatchlogs.py, CloudWatchLogs.get_source_arn.
      const group = written('LogGroupName');
      if (!group) return { problem: 'has no LogGroupName, so the SAM transform fails and writes no permission for it' };
      const source: GeneratedValue = { sub: 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*', variables: { __LogGroupName__: group } };
      return permission('', 'logs.amazonaws.com', { ArnLike: { 'AWS:SourceArn': source } });
    }
    case 'IoTRule': {
      // The topic rule SAM makes is `<Function><Event>`; its name (its Ref) is known at deploy.
      const source: GeneratedValue = { sub: 'arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}', variables: { RuleName: { generated: `Ref ${eventId}` } } };
      return permission('', 'iot.amazonaws.com', { ArnLike: { 'AWS:SourceArn': source }, StringEquals: { 'AWS:SourceAccount': { sub: '${AWS::AccountId}' } } });
    }
    case 'Cognito': {
      // SAM names the permission after the function, not the event (`<Function>CognitoPermission`), and requires a
      // `Ref` of a user pool in the template (push.py Cognito.resources_to_link).
      const pool = valueOf(props, 'UserPool');
      const poolId = pool?.kind === 'fn' && pool.name === 'Ref' ? scalarValue(pool.arg) : undefined;
      if (poolId === undefined || !inTemplate(poolId))
        return { problem: 'has a UserPool that is not a Ref of a user pool in the template, so the SAM transform fails and writes no permission for it' };
      return permission('', 'cognito-idp.amazonaws.com', { ArnLike: { 'AWS:SourceArn': { generated: `GetAtt ${poolId}.Arn` } } }, `${functionId}Cognito`);
    }
    case 'AlexaSkill': {
      // The SkillId is the permission's EventSourceToken; without it any skill may invoke the function.
      const skill = written('SkillId');
      return permission('', 'alexa-appkit.amazon.com', skill ? { StringEquals: { 'lambda:EventSourceToken': skill } } : undefined);
    }
    default:
      return undefined;
  }
}

/** Whether an HttpApi event is its API's `$default` route for any method (no Path and no Method is that route). */
function isDefaultRoute(event: SamEvent): boolean {
  const path = scalarValue(valueOf(event.properties, 'Path'));
  const method = scalarValue(valueOf(event.properties, 'Method'));
  if (path === undefined && method === undefined) return true;
  return path === '$default' && /^(any|x-amazon-apigateway-any-method)$/i.test(method ?? '');
}

/** The logical id of the HttpApi an event is on: its ApiId (a name or `Ref`), else the implicit ServerlessHttpApi. */
function httpApiOf(event: SamEvent): string | undefined {
  const apiId = valueOf(event.properties, 'ApiId');
  if (apiId === undefined) return 'ServerlessHttpApi';
  if (apiId.kind === 'scalar') return apiId.value;
  return apiId.kind === 'fn' && apiId.name === 'Ref' ? scalarValue(apiId.arg) : undefined;
}

/** The queue policy SAM writes for an SNS event with SqsSubscription, so that the topic may send to the queue. */
export interface SubscriptionQueuePolicy {
  logicalId: string;
  statement: GeneratedStatement;
  /** The queue it governs: its QueueUrl as written, or the queue SAM creates (`<Function><Event>Queue`). */
  queue: { written: CfnNode; path: string } | { created: string };
  keySpan: Span;
  path: string;
  /** Why SAM writes none (its transform fails). */
  problem?: string;
}

/**
 * The AWS::SQS::QueuePolicy SAM writes for an SNS event with SqsSubscription: anyone (`Principal: *`) may
 * sqs:SendMessage to the queue when `aws:SourceArn` is the topic (ArnEquals). `SqsSubscription: true` makes the queue
 * `<Function><Event>Queue` and the policy `<Function><Event>QueuePolicy`; a map names an existing queue by QueueArn
 * and QueueUrl (both required) and may name the policy (QueuePolicyLogicalId). samtranslator/model/eventsources/push.py,
 * SNS.to_cloudformation and _inject_sqs_queue_policy; the document is SQSQueuePolicies.sns_topic_send_message_role_policy
 * in samtranslator/model/sqs.py.
 */
export function snsSubscriptionQueuePolicy(functionId: string, event: SamEvent): SubscriptionQueuePolicy | undefined {
  if (event.type !== 'SNS') return undefined;
  const entry = entryOf(event.properties, 'SqsSubscription');
  const subscription = entry?.value;
  const topic = valueOf(event.properties, 'Topic');
  if (!entry || !subscription || !topic || (subscription.kind === 'scalar' && subscription.resolved !== true)) return undefined;
  const eventId = `${functionId}${event.name}`;
  const path = `${event.path}.Properties.SqsSubscription`;
  const at = { keySpan: entry.keySpan, path };
  const source: GeneratedValue = { written: topic, path: `${event.path}.Properties.Topic` };
  const statement = (queueArn: GeneratedValue): GeneratedStatement => ({
    Principal: '*',
    Action: 'sqs:SendMessage',
    Resource: queueArn,
    Condition: { ArnEquals: { 'aws:SourceArn': source } },
  });
  if (subscription.kind !== 'map') {
    const queue = `${eventId}Queue`;
    return { ...at, logicalId: `${eventId}QueuePolicy`, statement: statement({ generated: `GetAtt ${queue}.Arn`, type: 'AWS::SQS::Queue' }), queue: { created: queue } };
  }
  const queueArn = valueOf(subscription, 'QueueArn');
  const queueUrl = valueOf(subscription, 'QueueUrl');
  const logicalId = scalarValue(valueOf(subscription, 'QueuePolicyLogicalId')) ?? `${eventId}QueuePolicy`;
  if (!queueArn || !queueUrl)
    return { ...at, logicalId, statement: statement({ sub: '*' }), queue: { created: '' }, problem: 'has no QueueArn or QueueUrl, so the SAM transform fails and writes no queue policy for it' };
  return { ...at, logicalId, statement: statement({ written: queueArn, path: `${path}.QueueArn` }), queue: { written: queueUrl, path: `${path}.QueueUrl` } };
}

/** The Type and URI of each SourceAccessConfigurations entry. */
function sourceAccess(props: CfnMap | undefined, path: string): { type: string; uri?: GeneratedValue }[] {
  const list = valueOf(props, 'SourceAccessConfigurations');
  if (list?.kind !== 'seq') return [];
  return list.items.map((item, i) => {
    const uri = valueOf(item, 'URI');
    return { type: scalarValue(valueOf(item, 'Type')) ?? '', ...(uri ? { uri: { written: uri, path: `${path}[${i}].URI` } } : {}) };
  });
}
