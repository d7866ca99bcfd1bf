// Writes server/src/core/account/cdk-grants.json: what each `grant…` method of the AWS CDK constructs the account
// reader knows, and each method of their `grants` object (`bucket.grants.read(fn)`), adds to the grantee's policy, as an installed aws-cdk-lib (Apache-2.0) synthesizes it. Nothing is read
// from CDK's sources: each grant is called on a fresh stack and the template it synthesizes is read back. Run it when
// CDK publishes new grants:
//   npm install --prefix /tmp/cdk aws-cdk-lib constructs && node scripts/cdk-grants.mjs /tmp/cdk/node_modules
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const modules = process.argv[2];
if (!modules) {
  console.error('Usage: node scripts/cdk-grants.mjs <node_modules folder holding aws-cdk-lib and constructs>');
  process.exit(2);
}
const require = createRequire(join(modules, 'noop.js'));
const cdk = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const version = require('aws-cdk-lib/package.json').version;

// The constructs, the props each needs to be made, and the grant methods left out: those that write no identity
// policy of the grantee (grantPublicAccess, grantAdmin's key policy), need more than a principal
// (grantReplicationPermission, grantInvokeVersion), or only pass a grantee on (grantOnKey, Function.grant). A
// construct encrypted with a customer managed key (`encryption`) grants on the key too: the props that give it one,
// the property that names the key, and the value of another that makes CDK create one.
const constructs = [
  {
    module: 'aws-s3',
    name: 'Bucket',
    props: () => ({}),
    skip: ['grantOnKey', 'grantPublicAccess', 'grantReplicationPermission'],
    pattern: true,
    encryption: { props: (m, key) => ({ encryptionKey: key }), keyProperty: 'encryptionKey', createsKey: { property: 'encryption', value: 'KMS' } },
  },
  {
    module: 'aws-dynamodb',
    name: 'Table',
    props: (m) => ({ partitionKey: { name: 'id', type: m.AttributeType.STRING }, stream: m.StreamViewType.NEW_IMAGE }),
    skip: ['grantOnKey'],
    // A table with secondary indexes: its grants cover the indexes too.
    indexed: (table, m) => table.addGlobalSecondaryIndex({ indexName: 'byKey', partitionKey: { name: 'key', type: m.AttributeType.STRING } }),
    encryption: {
      props: (m, key) => ({ encryption: m.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key }),
      keyProperty: 'encryptionKey',
      createsKey: { property: 'encryption', value: 'CUSTOMER_MANAGED' },
    },
  },
  {
    module: 'aws-sqs',
    name: 'Queue',
    props: () => ({}),
    skip: ['grantOnKey'],
    encryption: { props: (m, key) => ({ encryptionMasterKey: key }), keyProperty: 'encryptionMasterKey', createsKey: { property: 'encryption', value: 'KMS' } },
  },
  { module: 'aws-sns', name: 'Topic', props: () => ({}), skip: ['grantOnKey'], encryption: { props: (m, key) => ({ masterKey: key }), keyProperty: 'masterKey' } },
  { module: 'aws-kms', name: 'Key', props: () => ({}), skip: ['grantAdmin', 'grants.admin'] },
  { module: 'aws-secretsmanager', name: 'Secret', props: () => ({}), skip: [] },
  { module: 'aws-ssm', name: 'StringParameter', props: () => ({ stringValue: 'value' }), skip: ['grantOnKey'] },
  {
    module: 'aws-lambda',
    name: 'Function',
    props: (m) => ({ runtime: m.Runtime.NODEJS_22_X, handler: 'index.handler', code: m.Code.fromInline('exports.handler = 0') }),
    skip: ['grant', 'grantInvokeVersion', 'grantInvokeCompositePrincipal'],
  },
  {
    module: 'aws-kinesis',
    name: 'Stream',
    props: () => ({}),
    skip: [],
    encryption: {
      props: (m, key) => ({ encryption: m.StreamEncryption.KMS, encryptionKey: key }),
      keyProperty: 'encryptionKey',
      createsKey: { property: 'encryption', value: 'KMS' },
    },
  },
  { module: 'aws-stepfunctions', name: 'StateMachine', props: (m) => ({ definitionBody: m.DefinitionBody.fromChainable(new m.Pass(currentStack, 'Pass')) }), skip: [] },
  { module: 'aws-ecr', name: 'Repository', props: () => ({}), skip: [] },
  { module: 'aws-logs', name: 'LogGroup', props: () => ({}), skip: [] },
  { module: 'aws-events', name: 'EventBus', props: () => ({}), skip: [] },
  // Constructs that make their own role and write a default policy for it (ownRole): what they write unasked.
  { module: 'aws-codebuild', name: 'PipelineProject', props: () => ({}), skip: [], ownRole: true },
  { module: 'aws-codebuild', name: 'Project', props: (m) => ({ buildSpec: m.BuildSpec.fromObject({ version: '0.2' }) }), skip: [], ownRole: true },
  { module: 'aws-iam', name: 'Role', props: () => ({ assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }), skip: [] },
];

const SENTINEL_ACTION = 'sentinel:Action';
const SENTINEL_PATTERN = 'sentinel-pattern';
let currentStack;

// The methods of a `grants` object that are not grants to a principal: helpers, and grants that need more than one.
const notGrants = [
  'grant',
  'grantActions',
  'arnForObjects',
  'executionArn',
  'publicAccess',
  'replicationPermission',
  'multiAccountReplicationTo',
  'multiAccountReplicationFrom',
  'granteeStackDependsOnKeyStack',
  'isGranteeFromAnotherRegion',
  'isGranteeFromAnotherAccount',
];

/**
 * What a grant takes after the grantee, which the reader maps a call's arguments by: an S3 key pattern, the actions to
 * grant (as one array, or as the rest of the arguments), and the actions a write is limited to. A bucket's grants take
 * a key pattern first; `grant`, `actions` and the like take actions; `grantWrite` and `grants.write` may name the
 * actions they give.
 */
function argumentsOf(spec, method, fn) {
  const name = method.replace(/^grants\./, '');
  const generic = ['grant', 'grantStream', 'grantExecution', 'actions', 'execution'].includes(name);
  const actions = generic ? [fn.length >= 2 ? 'actions' : '...actions'] : [];
  if (!spec.pattern) return actions;
  if (name === 'actionsOnObjectKeys' || name === 'actionsOnBucketAndObjectKeys') return ['objectsKeyPattern', '...actions'];
  return ['objectsKeyPattern', ...(name === 'write' || name === 'grantWrite' ? ['allowedActionPatterns'] : [])];
}

/** Sentinel values for a grant's arguments: the data shows where each lands (`${actions}`, `${objectsKeyPattern}`). */
function sentinelsFor(roles, { allowedActions = false } = {}) {
  return roles.flatMap((role) => {
    if (role === 'objectsKeyPattern') return [SENTINEL_PATTERN];
    if (role === 'actions') return [[SENTINEL_ACTION]];
    if (role === '...actions') return [SENTINEL_ACTION];
    return allowedActions ? [[SENTINEL_ACTION]] : [];
  });
}

/** The grant methods of a construct (`grantRead`) and of its `grants` object (`grants.read`), with their functions. */
function grantMethods(target, skip) {
  const methods = new Map();
  const collect = (object, prefix, wanted) => {
    for (let p = Object.getPrototypeOf(object); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      for (const name of Object.getOwnPropertyNames(p)) {
        const descriptor = Object.getOwnPropertyDescriptor(p, name);
        if (typeof descriptor.value === 'function' && name !== 'constructor' && wanted(name) && !methods.has(prefix + name)) methods.set(prefix + name, descriptor.value);
      }
    }
  };
  collect(target, '', (name) => /^grant/.test(name) && !skip.includes(name));
  if (target.grants && typeof target.grants === 'object') collect(target.grants, 'grants.', (name) => !notGrants.includes(name) && !skip.includes(`grants.${name}`));
  return new Map([...methods].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Calls `method` (`grantRead`, `grants.read`) of the construct. */
function callGrant(target, method, grantee, args) {
  const [object, name] = method.startsWith('grants.') ? [target.grants, method.slice('grants.'.length)] : [target, method];
  return object[name](grantee, ...args);
}

/** The statements of a policy CloudFormation will attach to a role, as the data writes them. */
function statementsOf(policy, ids, what) {
  return [].concat(policy.Properties.PolicyDocument.Statement).map((statement) => {
    if (statement.Effect !== 'Allow' || JSON.stringify(statement.Condition ?? {}).includes('"Ref"') || statement.NotAction || statement.NotResource)
      throw new Error(`${what}: unexpected statement ${JSON.stringify(statement)}`);
    const actions = [].concat(statement.Action).map((action) => (action === SENTINEL_ACTION ? '${actions}' : action));
    const resources = [].concat(statement.Resource).map((resource) => templateString(resource, ids));
    return { actions, resources, ...(statement.Condition ? { condition: statement.Condition } : {}) };
  });
}

/**
 * One fresh stack with the construct and a role to grant to; `grant` is called on them and the stack synthesized.
 * `ids` maps the logical ids of the construct and of its key to the prefix of their tokens (`${Arn}`, `${EncryptionKey.Arn}`).
 */
function synthesize(spec, grant, { indexed = false, encrypted = false } = {}) {
  const app = new cdk.App();
  const stack = (currentStack = new cdk.Stack(app, 'Stack'));
  const module = require(`aws-cdk-lib/${spec.module}`);
  const key = encrypted ? new kms.Key(stack, 'EncryptionKey') : undefined;
  const target = new module[spec.name](stack, 'Target', { ...spec.props(module), ...(key ? spec.encryption.props(module, key) : {}) });
  if (indexed) spec.indexed(target, module);
  const grantee = new iam.Role(stack, 'Grantee', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  grant(target, grantee);
  const targetId = stack.resolve(target.node.defaultChild.logicalId);
  const ids = { [targetId]: '', ...(key ? { [stack.resolve(key.node.defaultChild.logicalId)]: 'EncryptionKey.' } : {}) };
  return { stack, target, targetId, ids, template: app.synth().getStackByName('Stack').template };
}

/** A CloudFormation value as a string with `${Ref}`, `${Arn}` (attributes of the target), `${EncryptionKey.Arn}` and `${AWS::Region}`. */
function templateString(value, ids) {
  if (typeof value === 'string') return value.replace(SENTINEL_PATTERN, '${objectsKeyPattern}');
  if (value.Ref !== undefined) {
    if (Object.hasOwn(ids, value.Ref)) return `\${${ids[value.Ref]}Ref}`;
    if (value.Ref.startsWith('AWS::')) return `\${${value.Ref}}`;
  }
  const [id, attribute] = value['Fn::GetAtt'] ?? [];
  if (id !== undefined && Object.hasOwn(ids, id)) return `\${${ids[id]}${attribute}}`;
  // The part of a token split at colons (a state machine's name, the seventh part of its ARN): `${Ref:6}`.
  const [index, split] = value['Fn::Select'] ?? [];
  if (split?.['Fn::Split']?.[0] === ':') {
    const whole = templateString(split['Fn::Split'][1], ids);
    if (/^\$\{[A-Za-z.]+\}$/.test(whole)) return `${whole.slice(0, -1)}:${index}}`;
  }
  if (value['Fn::Join']?.[0] === '') return value['Fn::Join'][1].map((part) => templateString(part, ids)).join('');
  throw new Error(`Cannot read ${JSON.stringify(value)}`);
}

/** The construct's attributes whose value is a token of it (`bucketArn` for `${Arn}`, `bucketName` for `${Ref}`). */
function attributesOf(stack, target, targetId) {
  const attributes = {};
  for (let p = Object.getPrototypeOf(target); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of [...Object.getOwnPropertyNames(target), ...Object.getOwnPropertyNames(p)]) {
      let value;
      try {
        value = target[name];
      } catch {
        continue;
      }
      if (name.startsWith('_') || typeof value !== 'string' || !cdk.Token.isUnresolved(value)) continue;
      let token;
      try {
        token = templateString(stack.resolve(value), { [targetId]: '' });
      } catch {
        continue;
      }
      if (/^\$\{[A-Za-z.]+(?::\d+)?\}$/.test(token) && !token.startsWith('${AWS::') && !(token.slice(2, -1) in attributes)) attributes[token.slice(2, -1)] = name;
    }
  }
  return attributes;
}

const data = {
  source: `aws-cdk-lib ${version} (github.com/aws/aws-cdk), each grant synthesized on a fresh stack by scripts/cdk-grants.mjs. Apache License 2.0; Copyright Amazon.com, Inc. or its affiliates. All Rights Reserved.`,
  version,
  // Class name -> its module, the attributes that stand for its tokens, for a construct that may be encrypted with a
  // customer managed key the props that say so (encryption), and for each grant method (`grantRead`, or `grants.read`
  // of the construct's grants object): what it takes after the grantee (arguments), and the statements it adds to the
  // grantee's policy, with actions (`${actions}` for those the call names) and resources as template strings. Where
  // they differ, variants give the statements when the table has secondary indexes (indexed), the construct its own
  // key (encrypted), or the call names the actions a write gives (allowedActions), and of their combinations. For a
  // construct that makes its own role, the statements it writes in that role's default policy (ownRole).
  constructs: {},
};

/** The statements `method` adds to the grantee's policy, or undefined (with the reason on stderr) when none. */
function grantedStatements(spec, method, args, variant = {}) {
  let synthesized;
  try {
    synthesized = synthesize(spec, (target, grantee) => callGrant(target, method, grantee, args), variant);
  } catch (error) {
    console.error(`${spec.name}.${method}: ${error.message.split('\n')[0]}; left out`);
    return undefined;
  }
  const policy = Object.values(synthesized.template.Resources).find((resource) => resource.Type === 'AWS::IAM::Policy' && JSON.stringify(resource.Properties.Roles).includes('Grantee'));
  if (!policy) {
    console.error(`${spec.name}.${method}: adds nothing to the grantee's policy; left out`);
    return undefined;
  }
  return statementsOf(policy, synthesized.ids, `${spec.name}.${method}`);
}

for (const spec of constructs) {
  const probe = synthesize(spec, () => {});
  const entry = { module: spec.module, attributes: attributesOf(probe.stack, probe.target, probe.targetId), grants: {} };
  if (spec.encryption) {
    entry.attributes['EncryptionKey.Arn'] = 'encryptionKey.keyArn';
    const { keyProperty, createsKey } = spec.encryption;
    entry.encryption = { keyProperty, ...(createsKey ? { createsKey } : {}) };
  }
  if (spec.ownRole) {
    const resources = probe.template.Resources;
    const roleId = probe.stack.resolve(probe.target.role.node.defaultChild.logicalId);
    const policy = Object.values(resources).find((resource) => resource.Type === 'AWS::IAM::Policy' && JSON.stringify(resource.Properties.Roles).includes(roleId));
    entry.ownRole = policy ? statementsOf(policy, probe.ids, `${spec.name}'s role`) : [];
  }
  for (const [method, fn] of grantMethods(probe.target, spec.skip)) {
    const roles = argumentsOf(spec, method, fn);
    const statements = grantedStatements(spec, method, sentinelsFor(roles));
    if (!statements) continue;
    const grant = { ...(roles.length > 0 ? { arguments: roles } : {}), statements };
    const flags = [...(spec.indexed ? ['indexed'] : []), ...(spec.encryption ? ['encrypted'] : []), ...(roles.includes('allowedActionPatterns') ? ['allowedActions'] : [])];
    // Every combination of the flags, each synthesized: a variant is kept where it differs from the plain grant.
    for (let mask = 1; mask < 1 << flags.length; mask++) {
      const set = flags.filter((_, bit) => mask & (1 << bit));
      const variant = grantedStatements(spec, method, sentinelsFor(roles, { allowedActions: set.includes('allowedActions') }), {
        indexed: set.includes('indexed'),
        encrypted: set.includes('encrypted'),
      });
      if (variant && JSON.stringify(variant) !== JSON.stringify(statements)) (grant.variants ??= {})[set.join('+')] = variant;
    }
    entry.grants[method] = grant;
  }
  data.constructs[spec.name] = entry;
}

const out = new URL('../server/src/core/account/cdk-grants.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
console.log(`Wrote ${out.pathname}: ${Object.values(data.constructs).reduce((n, c) => n + Object.keys(c.grants).length, 0)} grants of ${constructs.length} constructs (aws-cdk-lib ${version}).`);
