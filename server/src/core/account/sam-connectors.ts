import samData from '../hosts/cloudformation/sam-data.json';
import { scalarValue, valueOf, type CfnMap, type CfnNode } from '../hosts/cloudformation/nodes';
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
  categories: Record<string, { Effect: string; Action: string[]; Resource: string[] }[] | Record<string, string>>;
  valid?: string[][];
}

const profiles = samData.connectors.profiles as unknown as Record<string, Record<string, ConnectorProfile>>;
const resourceValues = samData.connectors.resources as Record<string, { arn?: string; name?: string; role?: string }>;

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
}

/** What the template tells about the resources a connector names. */
export interface ConnectorTemplate {
  /** A resource's type by logical id. */
  typeOf(id: string): string | undefined;
  /** A resource's Properties by logical id. */
  propertiesOf(id: string): CfnNode | undefined;
}

/** An IAM managed policy a connector makes SAM write, or why it is not read. */
export type ConnectorPolicy = { name: string; roleId: string; statements: GeneratedStatement[]; path: string; keySpan: Span } | { problem: string; path: string; keySpan: Span };

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
  };
}

interface End {
  type: string;
  arn?: GeneratedValue;
  name?: GeneratedValue;
  /** The logical id of the template's role the resource runs as. */
  roleId?: string;
}

/**
 * The IAM managed policies a connector makes SAM write, one per destination. Queue and topic policies and Lambda
 * permissions (the other profiles) are named in a problem: they are not read yet.
 */
export function connectorPolicies(connector: SamConnector, template: ConnectorTemplate): ConnectorPolicy[] {
  const at = { path: connector.path, keySpan: connector.keySpan };
  if (!connector.permissions || connector.permissions.length === 0) return [{ ...at, problem: 'has no Permissions list SAM can read; what it grants is left out' }];
  const source = endOf(connector.source, template, `${connector.path}.Properties.Source`);
  if (typeof source === 'string') return [{ ...at, problem: `Source ${source}; what it grants is left out` }];
  const several = connector.destinations.length > 1;
  if (connector.destinations.length === 0) return [{ ...at, problem: 'has no Destination; what it grants is left out' }];
  return connector.destinations.map((node, index) => {
    const destination = endOf(node, template, `${connector.path}.Properties.Destination${several ? `[${index}]` : ''}`);
    if (typeof destination === 'string') return { ...at, problem: `Destination ${destination}; what it grants is left out` };
    const profile = profiles[source.type]?.[destination.type];
    if (!profile) return { ...at, problem: `connects ${source.type} to ${destination.type}, which SAM has no connector for, so the transform fails; it is left out` };
    const unknown = connector.permissions!.filter((permission) => !(permission in profile.categories));
    if (unknown.length > 0 || (profile.valid && !profile.valid.some((combination) => sameSet(combination, connector.permissions!))))
      return { ...at, problem: `asks for ${connector.permissions!.join(' + ')} from ${source.type} to ${destination.type}, which SAM does not accept, so the transform fails; it is left out` };
    if (profile.type !== 'AWS_IAM_ROLE_MANAGED_POLICY') return { ...at, problem: `makes SAM write a ${RESOURCE_POLICY_KINDS[profile.type] ?? profile.type}, which is not read yet; it is left out` };
    const holder = profile.sourcePolicy ? source : destination;
    if (!holder.roleId)
      return {
        ...at,
        problem: `makes SAM write a policy for the role of its ${profile.sourcePolicy ? 'Source' : 'Destination'}, which names no role of the template, so the transform fails; it is left out`,
      };
    const variables: Record<string, GeneratedValue | undefined> = { Source_Arn: source.arn, Source_Name: source.name, Destination_Arn: destination.arn, Destination_Name: destination.name };
    const statements = Object.entries(profile.categories)
      .filter(([category]) => connector.permissions!.includes(category))
      .flatMap(([, written]) =>
        (Array.isArray(written) ? written : []).map((statement) => ({ Action: statement.Action, Resource: statement.Resource.map((resource) => resourceValue(resource, variables)) })),
      );
    return { ...at, name: several ? `${connector.logicalId}PolicyDestination${index}` : `${connector.logicalId}Policy`, roleId: holder.roleId, statements };
  });
}

const RESOURCE_POLICY_KINDS: Record<string, string> = {
  AWS_SQS_QUEUE_POLICY: 'queue policy',
  AWS_SNS_TOPIC_POLICY: 'topic policy',
  AWS_LAMBDA_PERMISSION: 'Lambda permission',
};

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
function endOf(node: CfnNode | string | undefined, template: ConnectorTemplate, path: string): End | string {
  const id = typeof node === 'string' ? node : scalarValue(valueOf(node, 'Id'));
  if (id !== undefined) {
    const written = template.typeOf(id);
    if (!written) return `names ${id}, which is not a resource of the template`;
    const type = CLOUDFORMATION_TYPE_OF[written] ?? written;
    const values = resourceValues[type] ?? {};
    const output = (attribute: string | undefined): GeneratedValue | undefined =>
      attribute === undefined ? undefined : { generated: attribute === 'Ref' ? `Ref ${id}` : `GetAtt ${id}.${attribute}`, type: written };
    const arn: GeneratedValue | undefined = written === 'AWS::Serverless::Function' || written === 'AWS::Serverless::StateMachine' ? { arnOf: id } : output(values.arn);
    return { type, arn, name: output(values.name), roleId: roleOf(id, written, values.role, template) };
  }
  if (typeof node !== 'object' || node.kind !== 'map') return 'is not written as a map with Id, or Type and Arn';
  const written = scalarValue(valueOf(node, 'Type'));
  if (!written) return 'has neither Id nor Type';
  const arn = valueOf(node, 'Arn');
  const name = valueOf(node, 'Name');
  const role = valueOf(node, 'RoleName');
  return {
    type: CLOUDFORMATION_TYPE_OF[written] ?? written,
    ...(arn ? { arn: { written: arn, path: `${path}.Arn` } } : {}),
    ...(name ? { name: { written: name, path: `${path}.Name` } } : {}),
    ...(role ? { roleId: referencedId(role) } : {}),
  };
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
  const role = written && referencedId(written);
  return role !== undefined && template.typeOf(role) === 'AWS::IAM::Role' ? role : undefined;
}

function referencedId(node: CfnNode): string | undefined {
  if (node.kind !== 'fn') return undefined;
  if (node.name === 'Ref') return scalarValue(node.arg);
  if (node.name === 'Fn::GetAtt') {
    const target = node.arg?.kind === 'seq' ? node.arg.items.map(scalarValue).join('.') : scalarValue(node.arg);
    return target?.split('.')[0];
  }
  return undefined;
}
