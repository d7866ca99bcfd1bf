import samData from '../hosts/cloudformation/sam-data.json';
import { referencedLogicalId, scalarValue, valueOf, type CfnMap, type CfnNode } from '../hosts/cloudformation/nodes';
import type { Span } from '../text/span';
import type { GeneratedStatement, GeneratedValue } from './sam-events';

// What SAM writes for an AWS::Serverless::Connector, or a connector embedded in a resource's `Connectors`: the
// connector profile of its source and destination types (sam-data.json, from aws-sam-translator's
// samtranslator/model/connector_profiles/profiles.json) says which resource SAM generates, with which statements
// for the access categories in Permissions. An IAM managed policy `<ConnectorId>Policy` (`<ConnectorId>PolicyDestination<i>`
// for one of several destinations) is attached to the role of the source, or of the destination for a pull source
// (a queue or a table's stream read by a function). An embedded connector's logical id is its resource's followed by
// its own.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-connector.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-connector.html

interface ConnectorProfile {
  type: string;
  sourcePolicy: boolean;
  /** By access category: the statements of a policy, or a Lambda permission's properties. */
  categories: Record<string, ProfileStatement[] | Record<string, string>>;
  valid?: string[][];
}

type ProfileStatement = { Principal?: { Service: string }; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string>> };

const profiles = samData.connectors.profiles as unknown as Record<string, Record<string, ConnectorProfile>>;
const resourceValues = samData.connectors.resources as Record<string, { arn?: string; name?: string; id?: string; qualifier?: string; role?: string }>;

/** SAM's own types as the profiles, which know CloudFormation's, name them (samtranslator/model/connector/connector.py). */
const CLOUDFORMATION_TYPE_OF: Record<string, string> = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::StateMachine': 'AWS::StepFunctions::StateMachine',
  'AWS::Serverless::Api': 'AWS::ApiGateway::RestApi',
  'AWS::Serverless::HttpApi': 'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
};

/** A connector as written: its own logical id, where it is, its source (an embedded one's is its resource) and destinations. */
export interface SamConnector {
  logicalId: string;
  /** The resource that writes it: the AWS::Serverless::Connector, or the resource it is embedded in. */
  resourceId: string;
  path: string;
  keySpan: Span;
  source: CfnNode | string | undefined;
  destinations: CfnNode[];
  permissions: string[] | undefined;
  /** Where Permissions is written, for a finding on it. */
  permissionsSpan?: Span;
}

/** What the template tells about the resources a connector names. */
export interface ConnectorTemplate {
  /** A resource's type by logical id. */
  typeOf(id: string): string | undefined;
  /** A resource's Properties by logical id. */
  propertiesOf(id: string): CfnNode | undefined;
}

/**
 * A document a connector makes SAM write: an IAM managed policy for a role of the template, or a resource policy (a
 * queue's or topic's policy, a function's Lambda permission) of its destination; or why it is not read.
 */
export type ConnectorPolicy =
  | { kind: 'managed'; name: string; roleId: string; statements: GeneratedStatement[]; path: string; keySpan: Span }
  | { kind: 'resource'; name: string; policyType: string; resource: GeneratedValue; statements: GeneratedStatement[]; path: string; keySpan: Span }
  /** `fails`: SAM rejects the connector, so the transform fails; the place to say so and what to say there (the lint's). */
  | { kind: 'problem'; problem: string; path: string; keySpan: Span; fails?: { span: Span; message: string } };

/** The connectors of a template: its AWS::Serverless::Connector resources and every resource's embedded `Connectors`. */
export function samConnectorsOf(resources: CfnMap): SamConnector[] {
  const connectors: SamConnector[] = [];
  for (const entry of resources.entries) {
    const properties = valueOf(entry.value, 'Properties');
    if (scalarValue(valueOf(entry.value, 'Type')) === 'AWS::Serverless::Connector') {
      connectors.push(connectorOf(entry.key, entry.key, `Resources.${entry.key}`, entry.keySpan, properties, valueOf(properties, 'Source')));
    }
    const embedded = valueOf(entry.value, 'Connectors');
    if (embedded?.kind !== 'map') continue;
    for (const connector of embedded.entries) {
      const at = `Resources.${entry.key}.Connectors.${connector.key}`;
      connectors.push(connectorOf(`${entry.key}${connector.key}`, entry.key, at, connector.keySpan, valueOf(connector.value, 'Properties'), entry.key));
    }
  }
  return connectors;
}

function connectorOf(logicalId: string, resourceId: string, path: string, keySpan: Span, properties: CfnNode | undefined, source: CfnNode | string | undefined): SamConnector {
  const destination = valueOf(properties, 'Destination');
  const permissions = valueOf(properties, 'Permissions');
  const names = permissions?.kind === 'seq' ? permissions.items.map(scalarValue) : undefined;
  return {
    logicalId,
    resourceId,
    path,
    keySpan,
    source,
    destinations: destination?.kind === 'seq' ? destination.items : destination ? [destination] : [],
    permissions: names?.every((name): name is string => name !== undefined) ? names : undefined,
    ...(permissions ? { permissionsSpan: permissions.span } : {}),
  };
}

interface End {
  type: string;
  Arn?: GeneratedValue;
  Name?: GeneratedValue;
  ResourceId?: GeneratedValue;
  Qualifier?: GeneratedValue;
  /** The logical id of the template's role the resource runs as. */
  roleId?: string;
}

/** The documents a connector makes SAM write, one per destination (of a Lambda permission, a statement per category). */
export function connectorPolicies(connector: SamConnector, template: ConnectorTemplate): ConnectorPolicy[] {
  const at = { kind: 'problem' as const, path: connector.path, keySpan: connector.keySpan };
  if (!connector.permissions || connector.permissions.length === 0) return [{ ...at, problem: 'has no Permissions list SAM can read; what it grants is left out' }];
  const source = endOf(connector.source, template, `${connector.path}.Properties.Source`);
  if ('problem' in source) return [{ ...at, problem: `Source ${source.problem}; what it grants is left out`, ...(source.fails ? { fails: source.fails } : {}) }];
  const several = connector.destinations.length > 1;
  if (connector.destinations.length === 0) return [{ ...at, problem: 'has no Destination; what it grants is left out' }];
  return connector.destinations.map((node, index): ConnectorPolicy => {
    const destination = endOf(node, template, `${connector.path}.Properties.Destination${several ? `[${index}]` : ''}`);
    if ('problem' in destination) return { ...at, problem: `Destination ${destination.problem}; what it grants is left out`, ...(destination.fails ? { fails: destination.fails } : {}) };
    const profile = profiles[source.type]?.[destination.type];
    if (!profile)
      return {
        ...at,
        problem: `connects ${source.type} to ${destination.type}, which SAM has no connector for, so the transform fails; it is left out`,
        fails: { span: node.span, message: `SAM has no connector from ${source.type} to ${destination.type}, so the transform fails.` },
      };
    const permissions = connector.permissions!;
    if (permissions.some((permission) => !(permission in profile.categories)) || (profile.valid && !profile.valid.some((combination) => sameSet(combination, permissions)))) {
      const accepted = profile.valid ? profile.valid.map((combination) => combination.join(' + ')).join(' or ') : Object.keys(profile.categories).join(', ');
      return {
        ...at,
        problem: `asks for ${permissions.join(' + ')} from ${source.type} to ${destination.type}, which SAM does not accept, so the transform fails; it is left out`,
        fails: {
          span: connector.permissionsSpan ?? connector.keySpan,
          message: `SAM does not accept ${permissions.join(' + ')} from ${source.type} to ${destination.type} (it accepts ${accepted}), so the transform fails.`,
        },
      };
    }
    const variables: Record<string, GeneratedValue | undefined> = {};
    for (const [end, values] of [
      ['Source', source],
      ['Destination', destination],
    ] as const)
      for (const field of ['Arn', 'Name', 'ResourceId', 'Qualifier'] as const) variables[`${end}_${field}`] = values[field];
    const chosen = Object.entries(profile.categories).filter(([category]) => permissions.includes(category));
    const suffix = several ? `Destination${index}` : '';
    const place = { path: connector.path, keySpan: connector.keySpan };
    const resourcePolicy = RESOURCE_POLICIES[profile.type];
    if (resourcePolicy) {
      if (!destination.Arn) return { ...at, problem: `makes SAM write a ${resourcePolicy.label} for a Destination whose ARN it cannot read; it is left out` };
      const functionArn = destination.Arn;
      const statements = chosen.flatMap(([category, written]) =>
        Array.isArray(written)
          ? written.map((statement) => generatedStatement(statement, variables))
          : [lambdaPermission(`${connector.logicalId}${category}LambdaPermission${suffix}`, written, functionArn, variables)],
      );
      return { kind: 'resource', ...place, name: `${connector.logicalId}${resourcePolicy.suffix}${suffix}`, policyType: resourcePolicy.policyType, resource: destination.Arn, statements };
    }
    if (profile.type !== 'AWS_IAM_ROLE_MANAGED_POLICY') return { ...at, problem: `makes SAM write a ${profile.type}, which is not read; it is left out` };
    const holder = profile.sourcePolicy ? source : destination;
    if (!holder.roleId) {
      const end = profile.sourcePolicy ? 'Source' : 'Destination';
      const written = profile.sourcePolicy ? connector.source : node;
      return {
        ...at,
        problem: `makes SAM write a policy for the role of its ${end}, which names no role of the template, so the transform fails; it is left out`,
        fails: {
          span: typeof written === 'object' && written ? written.span : connector.keySpan,
          message: `SAM writes this connector's policy for the role of its ${end}, which names no role of the template (by !GetAtt or !Ref), so the transform fails.`,
        },
      };
    }
    const statements = chosen.flatMap(([, written]) => (Array.isArray(written) ? written : []).map((statement) => generatedStatement(statement, variables)));
    return { kind: 'managed', ...place, name: `${connector.logicalId}Policy${suffix}`, roleId: holder.roleId, statements };
  });
}

/** The resource policies SAM writes for connectors, by profile type: the resource type, and the logical id's suffix. */
const RESOURCE_POLICIES: Record<string, { policyType: string; suffix: string; label: string }> = {
  AWS_SQS_QUEUE_POLICY: { policyType: 'AWS::SQS::QueuePolicy', suffix: 'QueuePolicy', label: 'queue policy' },
  AWS_SNS_TOPIC_POLICY: { policyType: 'AWS::SNS::TopicPolicy', suffix: 'TopicPolicy', label: 'topic policy' },
  AWS_LAMBDA_PERMISSION: { policyType: 'AWS::Lambda::Permission', suffix: 'LambdaPermission', label: 'Lambda permission' },
};

function generatedStatement(statement: ProfileStatement, variables: Record<string, GeneratedValue | undefined>): GeneratedStatement {
  const values = (written: string | string[]) => (Array.isArray(written) ? written.map((one) => resourceValue(one, variables)) : resourceValue(written, variables));
  return {
    ...(statement.Principal ? { Principal: statement.Principal } : {}),
    Action: statement.Action,
    Resource: values(statement.Resource),
    ...(statement.Condition
      ? {
          Condition: Object.fromEntries(
            Object.entries(statement.Condition).map(([operator, entries]) => [operator, Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, resourceValue(value, variables)]))]),
          ),
        }
      : {}),
  };
}

/**
 * The statement Lambda shows for an AWS::Lambda::Permission SAM writes for a connector: the service may invoke the
 * function from the source (`AWS:SourceArn`), as for the permissions of a function's events (sam-events.ts).
 */
function lambdaPermission(sid: string, written: Record<string, string>, functionArn: GeneratedValue, variables: Record<string, GeneratedValue | undefined>): GeneratedStatement {
  return {
    Sid: sid,
    Principal: { Service: written.Principal },
    Action: written.Action,
    Resource: functionArn,
    ...(written.SourceArn ? { Condition: { ArnLike: { 'AWS:SourceArn': resourceValue(written.SourceArn, variables) } } } : {}),
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === new Set(b).size && a.every((item) => b.includes(item));
}

/** A resource of a profile's statement: `%{Destination.Arn}` alone is that value; otherwise an `Fn::Sub` of it. */
function resourceValue(written: string, variables: Record<string, GeneratedValue | undefined>): GeneratedValue {
  const whole = /^%\{(\w+)\.(\w+)\}$/.exec(written);
  const value = whole ? variables[`${whole[1]}_${whole[2]}`] : undefined;
  if (value) return value;
  const used: Record<string, GeneratedValue> = {};
  const sub = written.replace(/%\{(\w+)\.(\w+)\}/g, (_, end: string, field: string) => {
    const name = `${end}_${field}`;
    used[name] = variables[name] ?? { generated: `${end}.${field}` };
    return `\${${name}}`;
  });
  return { sub, variables: used };
}

/** The source or destination a connector names: by `Id`, a resource of the template; else by `Type` and `Arn`. */
function endOf(node: CfnNode | string | undefined, template: ConnectorTemplate, path: string): End | { problem: string; fails?: { span: Span; message: string } } {
  const idNode = typeof node === 'string' ? undefined : valueOf(node, 'Id');
  const id = typeof node === 'string' ? node : scalarValue(idNode);
  if (id !== undefined) {
    const written = template.typeOf(id);
    if (!written)
      return {
        problem: `names ${id}, which is not a resource of the template`,
        ...(idNode ? { fails: { span: idNode.span, message: `"${id}" is not a resource of the template, so the SAM transform fails.` } } : {}),
      };
    const type = CLOUDFORMATION_TYPE_OF[written] ?? written;
    const values = resourceValues[type] ?? {};
    const output = (attribute: string | undefined): GeneratedValue | undefined =>
      attribute === undefined ? undefined : { generated: attribute === 'Ref' ? `Ref ${id}` : `GetAtt ${id}.${attribute}`, type: written };
    const arn: GeneratedValue | undefined = written === 'AWS::Serverless::Function' || written === 'AWS::Serverless::StateMachine' ? { arnOf: id } : output(values.arn);
    const qualifier: GeneratedValue | undefined = values.qualifier !== undefined ? { sub: values.qualifier } : undefined;
    return { type, Arn: arn, Name: output(values.name), ResourceId: output(values.id), Qualifier: qualifier, roleId: roleOf(id, written, values.role, template) };
  }
  if (typeof node !== 'object' || node.kind !== 'map') return { problem: 'is not written as a map with Id, or Type and Arn' };
  const written = scalarValue(valueOf(node, 'Type'));
  if (!written) return { problem: 'has neither Id nor Type' };
  const role = valueOf(node, 'RoleName');
  const end: End = { type: CLOUDFORMATION_TYPE_OF[written] ?? written, ...(role ? { roleId: referencedLogicalId(role) } : {}) };
  for (const field of ['Arn', 'Name', 'ResourceId', 'Qualifier'] as const) {
    const value = valueOf(node, field);
    if (value) end[field] = { written: value, path: `${path}.${field}` };
  }
  return end;
}

/**
 * The template role a resource runs as: a SAM function's or state machine's implicit `<Id>Role` when it names no
 * Role, else the role its role property (`Role`, `RoleArn`) names by `!GetAtt R.Arn` or `!Ref R`.
 */
function roleOf(id: string, type: string, property: string | undefined, template: ConnectorTemplate): string | undefined {
  const properties = template.propertiesOf(id);
  const sam = type === 'AWS::Serverless::Function' || type === 'AWS::Serverless::StateMachine';
  const written = valueOf(properties, sam ? 'Role' : (property ?? 'Role'));
  if (sam && written === undefined) return `${id}Role`;
  const role = written && referencedLogicalId(written);
  return role !== undefined && template.typeOf(role) === 'AWS::IAM::Role' ? role : undefined;
}
