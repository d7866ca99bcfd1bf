import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix, cdkReading } from '../../../../../test/helpers/checks';
import { analyzeDocument, FindingsCache } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { cdkReader } from './reader';

const STACK = `import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

const READ_ACTIONS = ['s3:GetObject', «'s3:ListBuckt'»] as const;

export class AppStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: cdk.StackProps & { extraResources: string[] }) {
    super(scope, id, props);
    const bucket = new s3.Bucket(this, 'Data');
    const role = new iam.Role(this, 'Worker', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        ReadLogs: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['logs:GetLogEvents'], resources: ['*'] })] }),
      },
    });

    role.addToPolicy(new iam.PolicyStatement({
      actions: [...READ_ACTIONS, "dynamodb:«GetItems»"],
      resources: [bucket.bucketArn, \`\${bucket.bucketArn}/*\`, ...props.extraResources],
    }));

    new iam.ManagedPolicy(this, 'Deploy', {
      statements: [
        new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions: ['cloudformation:DescribeStacks'], resources: ['*'] }),
        new iam.PolicyStatement({ sid: 'Logs', actions: ['logs:CreateLogGroup'], resources: [\`arn:aws:logs:\${this.region}:\${this.account}:log-group:*\`] }),
      ],
    });

    bucket.addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [bucket.arnForObjects('*')],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }));

    const queueStatement = new iam.PolicyStatement({ actions: ['sqs:SendMessage'] });
    queueStatement.addAllResources();
    role.addToPolicy(queueStatement);

    new iam.CfnManagedPolicy(this, 'L1', {
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: «'allow'», Action: 'ec2:DescribeInstances', Resource: '*' }],
      },
    });
    role.addToPolicy(«n»ew iam.PolicyStatement({ actions: ['s3:PutObject'] }));
  }
}
`;

test('a CDK stack: each policy it writes, named by the code that writes it, its findings at their place in the source', () => {
  const { text, spans } = marked(STACK);
  const { errors, policies, errorPlaces } = cdkReading(text, 'file:///app/lib/app-stack.ts');
  assert.deepEqual(policies, [
    // The trust policy CDK writes for the role's assumedBy.
    ["new iam.Role 'Worker' › assumedBy", 'trust'],
    // A document is named by where it goes; a repeated name gets its ordinal.
    ["new iam.Role 'Worker' › inlinePolicies › ReadLogs", 'identity'],
    ['role.addToPolicy › new iam.PolicyStatement', 'identity'],
    ["new iam.ManagedPolicy 'Deploy' › statements", 'identity'],
    ['bucket.addToResourcePolicy › new iam.PolicyStatement', 'resource'],
    ['queueStatement › new iam.PolicyStatement', 'identity'],
    ["new iam.CfnManagedPolicy 'L1' › policyDocument", 'identity'],
    ['role.addToPolicy › new iam.PolicyStatement [2]', 'identity'],
  ]);
  assert.deepEqual(errorPlaces, [
    // In the const the statement spreads, where the name is written.
    ['action-unknown', { start: spans[0].start + 4, end: spans[0].end - 1 }],
    ['action-unknown', spans[1]],
    ['effect-value', spans[2]],
    // The statement made for addToPolicy has no resources: CDK refuses it at synthesis.
    ['resource-missing', spans[3]],
  ]);
  // A fix writes the value in the literal's own quotes.
  assert.equal(applyFix(text, errors[2]), text.replace("Effect: 'allow'", "Effect: 'Allow'"));
  assert.equal(applyFix(text, errors[0]), text.replace("'s3:ListBuckt'", "'s3:ListBucket'"));
});

test('values the app computes are placeholders: ARNs of its resources, the stack account and Region, spread lists', () => {
  const text = marked(STACK).text;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/app-stack.ts' }, { config: defaultConfiguration });
  const statement = analysis.policies[2].policy.statements[0];
  assert.deepEqual(
    statement.resource?.values.map((value) => [value.value, value.placeholders?.map((hole) => [hole.source, hole.kind])]),
    [
      ['bucket.bucketArn', [['bucket.bucketArn', 'arn']]],
      ['${bucket.bucketArn}/*', [['${bucket.bucketArn}', 'arn']]],
      ['props.extraResources', [['props.extraResources', 'string']]],
    ],
  );
  const logs = analysis.policies[3].policy.statements[1].resource!.values[0];
  assert.deepEqual(
    logs.placeholders?.map((hole) => hole.kind),
    ['region', 'account'],
  );
  // The template literal's text maps to the source: the placeholder of the Region sits on `${this.region}`.
  const region = logs.mapSpan!(logs.placeholders![0].start, logs.placeholders![0].end);
  assert.equal(text.slice(region.start, region.end), '${this.region}');
  assert.equal(analysis.problems.filter((problem) => /^arn-/.test(problem.ruleId)).length, 0);
});

test('a hole a formatter broke over lines reads as one line, and still spans all of its text', () => {
  const text = `import * as iam from 'aws-cdk-lib/aws-iam';
role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [\`arn:aws:s3:::\${
  props.environment
}-data/*\`] }));
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/data.ts' }, { config: defaultConfiguration });
  const [resource] = analysis.policies[0].policy.statements[0].resource!.values;
  assert.equal(resource.value, 'arn:aws:s3:::${props.environment}-data/*');
  const hole = resource.mapSpan!(resource.placeholders![0].start, resource.placeholders![0].end);
  assert.equal(text.slice(hole.start, hole.end), '${\n  props.environment\n}');
  const rest = resource.mapSpan!(resource.value.indexOf('-data'), resource.value.length);
  assert.equal(text.slice(rest.start, rest.end), '-data/*');
});

test('a statement the app changes later, or returns to its caller, is not reported for the elements it may gain', () => {
  const text = `import { PolicyStatement, Effect } from 'aws-cdk-lib/aws-iam';
export function readStatement(): PolicyStatement {
  return new PolicyStatement({ actions: ['s3:GetObject'] });
}
export class Grants {
  private readonly statement = new PolicyStatement({ effect: Effect.ALLOW });
  constructor() {
    this.statement.addActions('sqs:SendMessage');
    this.statement.addResources('*');
  }
}
const partial = { resources: ['*'] };
export const spread = new PolicyStatement({ ...partial, actions: ['sns:Publish'] });
// Members and exports other files may change (this one's resources are set elsewhere).
export class Statements {
  readonly passRole: PolicyStatement;
  constructor() {
    this.passRole = new PolicyStatement({ actions: ['iam:PassRole'] });
  }
}
export const exported = new PolicyStatement({ actions: ['sqs:SendMessage'] });
// A const array filled after it is bound: its literal is not its value.
const roles: string[] = [];
roles.push('arn:aws:iam::111122223333:role/deployer');
export const assume = new PolicyStatement({ actions: ['sts:AssumeRole'], resources: roles });
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/grants.ts' }, { config: defaultConfiguration });
  assert.equal(analysis.policies.length, 6);
  assert.deepEqual(
    analysis.problems.filter((problem) => /-missing$|^empty-value$/.test(problem.ruleId)).map((problem) => problem.ruleId),
    [],
  );
});

// From a real C# stack (and the same in TypeScript): resources added after the statement is made are not "every resource".
test('a statement the app adds actions and resources to later is read with them; addAllResources() is Resource "*"', () => {
  const text = `import * as iam from 'aws-cdk-lib/aws-iam';
export function grant(role: iam.Role, bucketName: string): void {
  const read = new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'] });
  read.addResources(\`arn:aws:s3:::\${bucketName}/*\`);
  read.addActions('s3:GetObjekt');
  role.addToPolicy(read);
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
  const logs = new iam.PolicyStatement({ actions: ['logs:PutLogEvents'] });
  logs.addAllResources();
  role.addToPolicy(logs);
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/grant.ts' }, { config: defaultConfiguration });
  // Only the statement that names "*" reaches every object: the one the app adds resources to gets no finding.
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span.start > text.indexOf("resources: ['*']") - 40, text.slice(problem.span.start, problem.span.end)]),
    [
      ['action-unknown', false, 'GetObjekt'],
      ['data-exfiltration', true, "'s3:GetObject'"],
      ['wildcard-resource', true, "'*'"],
      // addAllResources() writes Resource "*": found at that call.
      ['wildcard-resource', true, 'logs.addAllResources()'],
    ],
  );
  assert.deepEqual(
    analysis.policies[2].policy.statements[0].resource?.values.map((value) => value.value),
    ['*'],
  );
  // What addResources and addActions add is read: the resources, and a misspelt action at its place in the call.
  assert.deepEqual(
    analysis.policies[0].policy.statements[0].resource?.values.map((value) => value.value),
    ['arn:aws:s3:::${bucketName}/*'],
  );
  assert.deepEqual(
    analysis.policies[0].policy.statements[0].action?.values.map((value) => value.value),
    ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjekt'],
  );
});

// A bucket shared through its endpoint: a statement's principal and conditions are as often added by calls as by props.
test('principals and conditions a statement gains by calls are read as CDK writes them, the last value of a condition key winning', () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
export function share(bucket: s3.Bucket, topicArn: string): void {
  const open = new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] });
  «open.addAnyPrincipal()»;
  bucket.addToResourcePolicy(open);
  const endpoint = new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] });
  endpoint.addAnyPrincipal();
  endpoint.addCondition('StringEquals', { 'aws:SourceVpce': 'vpce-1a2b3c4d', 'aws:SourceVpcee': 'x' });
  endpoint.addCondition('StringEquals', { «'aws:SourceVpcee'»: 'vpce-1a2b3c4d' });
  bucket.addToResourcePolicy(endpoint);
  const notify = new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('*')] });
  notify.addServicePrincipal('sns.amazonaws.com');
  notify.addSourceArnCondition(topicArn);
  notify.addAccountRootPrincipal();
  notify.addConditions({ Bool: { 'aws:SecureTransport': 'true' } });
  bucket.addToResourcePolicy(notify);
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/share.ts' }, { config: defaultConfiguration });
  const read = analysis.policies.map(({ policy }) => {
    const [statement] = policy.statements;
    return {
      principal: statement.principal?.wildcard?.value ?? statement.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
      condition: statement.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => [key.key, key.values.map((value) => value.value)])]),
    };
  });
  // addAnyPrincipal() adds an AnyPrincipal, which CDK writes as AWS "*".
  assert.deepEqual(read, [
    { principal: [['AWS', ['*']]], condition: undefined },
    {
      principal: [['AWS', ['*']]],
      condition: [
        [
          'StringEquals',
          [
            ['aws:SourceVpce', ['vpce-1a2b3c4d']],
            ['aws:SourceVpcee', ['vpce-1a2b3c4d']],
          ],
        ],
      ],
    },
    {
      principal: [
        ['Service', ['sns.amazonaws.com']],
        ['AWS', ['arn:${AWS::Partition}:iam::${AWS::AccountId}:root']],
      ],
      condition: [
        ['ArnEquals', [['aws:SourceArn', ['topicArn']]]],
        ['Bool', [['aws:SecureTransport', ['true']]]],
      ],
    },
  ]);
  // The statement open to everyone is found at the call that opens it; the misspelt key where the later call writes it.
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['resource-public', spans[0]],
      ['condition-key-unknown', spans[1]],
    ],
  );
});

// The GitHub Actions role of a CDK app: whom a role trusts is written as its assumedBy, not as a statement.
test("a role's assumedBy is the trust policy CDK writes: its principals, the action each assumes with, their conditions and the externalIds", () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
import { Stack } from 'aws-cdk-lib';
export class Ci extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const provider = new iam.OpenIdConnectProvider(this, 'GitHub', { url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] });
    new iam.Role(this, 'Deploy', {
      assumedBy: new iam.WebIdentityPrincipal(provider.openIdConnectProviderArn, {
        StringLike: { 'token.actions.githubusercontent.com:sub': «'repo:*'» },
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      }),
    });
    new iam.Role(this, 'Release', { assumedBy: new iam.OpenIdConnectPrincipal(«provider»).withConditions({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } }) });
    new iam.Role(this, 'Both', { assumedBy: new iam.CompositePrincipal(new iam.ServicePrincipal('lambda.amazonaws.com'), new iam.ServicePrincipal(«'states.amazonaws.com'»)) });
    new iam.Role(this, 'Vendor', { assumedBy: new iam.AccountPrincipal('111122223333'), externalIds: ['vendor-id'] });
    new iam.Role(this, 'Machine', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }) });
    new iam.Role(this, 'Granted', { assumedBy: this.node.tryGetContext('principal') });
  }
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/ci.ts' }, { config: defaultConfiguration });
  const read = analysis.policies.map(({ name, policyType, policy }) => [
    name,
    policyType,
    policy.statements.map((statement) => [
      statement.action?.values.map((value) => value.value),
      statement.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
      statement.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => [key.key, key.values.map((value) => value.value)])]),
    ]),
  ]);
  const github = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com';
  assert.deepEqual(read, [
    [
      "new iam.Role 'Deploy' › assumedBy",
      'trust',
      [
        [
          ['sts:AssumeRoleWithWebIdentity'],
          [['Federated', [github]]],
          [
            ['StringLike', [['token.actions.githubusercontent.com:sub', ['repo:*']]]],
            ['StringEquals', [['token.actions.githubusercontent.com:aud', ['sts.amazonaws.com']]]],
          ],
        ],
      ],
    ],
    [
      "new iam.Role 'Release' › assumedBy",
      'trust',
      [[['sts:AssumeRoleWithWebIdentity'], [['Federated', [github]]], [['StringEquals', [['token.actions.githubusercontent.com:aud', ['sts.amazonaws.com']]]]]]],
    ],
    [
      "new iam.Role 'Both' › assumedBy",
      'trust',
      [
        [['sts:AssumeRole'], [['Service', ['lambda.amazonaws.com']]], undefined],
        [['sts:AssumeRole'], [['Service', ['states.amazonaws.com']]], undefined],
      ],
    ],
    ["new iam.Role 'Vendor' › assumedBy", 'trust', [[['sts:AssumeRole'], [['AWS', ['111122223333']]], [['StringEquals', [['sts:ExternalId', ['vendor-id']]]]]]]],
    // The conditions a ServicePrincipal's options bring.
    ["new iam.Role 'Machine' › assumedBy", 'trust', [[['sts:AssumeRole'], [['Service', ['states.amazonaws.com']]], [['StringEquals', [['aws:SourceAccount', ['this.account']]]]]]]],
  ]);
  // Any repository's workflow, and no sub condition at all, at the code that writes them; Step Functions without a
  // source condition. The vendor's role has its external ID; the role whose principal the app computes is not read.
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['trust-github-sub', spans[0]],
      ['trust-github-sub', spans[1]],
      ['trust-confused-deputy', spans[2]],
    ],
  );
});

// From real CDK apps: a deploy role whose principal may tag its session, a sub tested under the provider's computed
// issuer, and statements added to the principal itself, which CDK drops.
test('trust: withSessionTags adds sts:TagSession, a claim under a computed issuer is that claim, a statement added to a principal is no policy', () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
import { Stack } from 'aws-cdk-lib';
const SUB = «'repo:octo-org/*'»;
export class Deploy extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(this, 'GitHub', \`arn:aws:iam::\${this.account}:oidc-provider/token.actions.githubusercontent.com\`);
    const principal = new iam.OpenIdConnectPrincipal(provider, {
      StringEquals: { [\`\${provider.openIdConnectProviderIssuer}:aud\`]: 'sts.amazonaws.com' },
      StringLike: { [\`\${provider.openIdConnectProviderIssuer}:sub\`]: SUB },
    });
    principal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudformation:*'], resources: ['*'] }));
    new iam.Role(this, 'Deploy', { assumedBy: principal.withSessionTags() });
  }
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/deploy.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ["new iam.Role 'Deploy' › assumedBy"],
  );
  assert.deepEqual(
    analysis.policies[0].policy.statements[0].action?.values.map((value) => value.value),
    ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
  );
  // The sub is tested, under the issuer the provider gives: its wildcard is judged, no "no sub condition".
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['trust-github-sub', { start: spans[0].start, end: spans[0].end }]],
  );
});

test('a bucket CDK opens to everyone (publicReadAccess, grantPublicAccess) is a resource policy reported public where the code opens it', () => {
  const { text, spans } = marked(`import * as s3 from 'aws-cdk-lib/aws-s3';
import { Stack } from 'aws-cdk-lib';
export class Site extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    new s3.Bucket(this, 'Site', { «publicReadAccess: true», blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS });
    const assets = new s3.Bucket(this, 'Assets');
    «assets.grantPublicAccess('public/*', 's3:GetObject', 's3:PutObject')»;
    const limited = new s3.Bucket(this, 'Limited');
    const grant = limited.grantPublicAccess();
    grant.resourceStatement!.addCondition('IpAddress', { 'aws:SourceIp': '54.240.143.0/24' });
    new s3.Bucket(this, 'Private', { publicReadAccess: false });
    const uploads = new s3.Bucket(this, 'Uploads');
    «uploads.grantPublicAccess(undefined, 's3:PutObject')»;
  }
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/site.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map(({ name, policyType, policy }) => [
      name,
      policyType,
      policy.statements[0].action?.values.map((value) => value.value),
      policy.statements[0].resource?.values.map((value) => value.value),
    ]),
    [
      ["new s3.Bucket 'Site' › publicReadAccess", 'resource', ['s3:GetObject'], ['arn:${AWS::Partition}:s3:::${Site.bucketName}/*']],
      ['assets.grantPublicAccess(…)', 'resource', ['s3:GetObject', 's3:PutObject'], ['arn:${AWS::Partition}:s3:::${assets.bucketName}/public/*']],
      ['limited.grantPublicAccess(…)', 'resource', ['s3:GetObject'], ['arn:${AWS::Partition}:s3:::${limited.bucketName}/*']],
      // The prefix left out keeps its default, "*".
      ['uploads.grantPublicAccess(…)', 'resource', ['s3:PutObject'], ['arn:${AWS::Partition}:s3:::${uploads.bucketName}/*']],
    ],
  );
  // The grant the code keeps may get a condition (here an IP range): not reported as public.
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['resource-public', spans[0]],
      ['resource-public', spans[1]],
      ['resource-public', spans[2]],
    ],
  );
});

test("a function's addPermission is the statement Lambda adds to its resource policy: principal, action, the function, the props' conditions", () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
export function wire(fn: lambda.Function, bucketArn: string): void {
  fn.addPermission('FromBucket', { principal: new iam.ServicePrincipal('s3.amazonaws.com'), sourceArn: bucketArn, sourceAccount: '111122223333' });
  fn.addPermission('Public', { principal: «new iam.AnyPrincipal()» });
  fn.addPermission('Url', { principal: «new iam.AnyPrincipal()», action: 'lambda:InvokeFunctionUrl', functionUrlAuthType: lambda.FunctionUrlAuthType.NONE });
  fn.addPermission('Org', { principal: new iam.AnyPrincipal(), principalOrgId: 'o-a1b2c3d4e5' });
  fn.addPermission('Partner', { principal: new iam.ServicePrincipal('sns.amazonaws.com'), sourceAccount: Accounts.PARTNER });
  fn.addPermission('Typo', { principal: new iam.ServicePrincipal('events.amazonaws.com'), action: 'lambda:«InvokeFuncton»' });
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/wire.ts' }, { config: defaultConfiguration });
  const read = analysis.policies.map(({ name, policyType, policy }) => {
    const [statement] = policy.statements;
    return [
      name,
      policyType,
      statement.principal?.wildcard?.value ?? statement.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
      statement.action?.values.map((value) => value.value),
      statement.resource?.values.map((value) => value.value),
      statement.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => [key.key, key.values.map((value) => value.value)])]),
    ];
  });
  assert.deepEqual(read, [
    [
      "fn.addPermission 'FromBucket'",
      'resource',
      [['Service', ['s3.amazonaws.com']]],
      ['lambda:InvokeFunction'],
      ['${fn.functionArn}'],
      [
        ['ArnLike', [['aws:SourceArn', ['bucketArn']]]],
        ['StringEquals', [['aws:SourceAccount', ['111122223333']]]],
      ],
    ],
    ["fn.addPermission 'Public'", 'resource', '*', ['lambda:InvokeFunction'], ['${fn.functionArn}'], undefined],
    ["fn.addPermission 'Url'", 'resource', '*', ['lambda:InvokeFunctionUrl'], ['${fn.functionArn}'], [['StringEquals', [['lambda:FunctionUrlAuthType', ['NONE']]]]]],
    ["fn.addPermission 'Org'", 'resource', '*', ['lambda:InvokeFunction'], ['${fn.functionArn}'], [['StringEquals', [['aws:PrincipalOrgID', ['o-a1b2c3d4e5']]]]]],
    // A constant's name is a value the app computes, not the text "PARTNER".
    [
      "fn.addPermission 'Partner'",
      'resource',
      [['Service', ['sns.amazonaws.com']]],
      ['lambda:InvokeFunction'],
      ['${fn.functionArn}'],
      [['StringEquals', [['aws:SourceAccount', ['Accounts.PARTNER']]]]],
    ],
    ["fn.addPermission 'Typo'", 'resource', [['Service', ['events.amazonaws.com']]], ['lambda:InvokeFuncton'], ['${fn.functionArn}'], undefined],
  ]);
  // Everyone may invoke the function, or its URL without authentication; the organization's members only are not public.
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['resource-public', spans[0]],
      ['resource-public', spans[1]],
      ['action-unknown', spans[2]],
    ],
  );
});

test('Grant.addToPrincipal is the statement CDK adds to the grantee: its actions on its resourceArns, with its conditions', () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
export class Index extends Construct {
  grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['s3vectors:GetVectors', 's3vectors:«QueryVector»'], resourceArns: [this.indexArn] });
  }
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipalOrResource({ grantee, actions, resourceArns: [this.indexArn], resource: this });
  }
  grantAdmin(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [«'iam:PassRole'»],
      resourceArns: ['*'],
      conditions: { StringEquals: { 'aws:ResourceAccount': '111122223333' } },
    });
  }
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/index.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map(({ name, policyType, policy }) => {
      const [statement] = policy.statements;
      return [
        name,
        policyType,
        statement.effect?.value?.value,
        statement.action?.values.map((value) => value.value),
        statement.resource?.values.map((value) => value.value),
        statement.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => key.key)]),
      ];
    }),
    [
      ['grantRead() › iam.Grant.addToPrincipal', 'identity', 'Allow', ['s3vectors:GetVectors', 's3vectors:QueryVector'], ['this.indexArn'], undefined],
      // A rest parameter's actions are the caller's: a value known only where the method is called.
      ['grant() › iam.Grant.addToPrincipalOrResource', 'identity', 'Allow', ['actions'], ['this.indexArn'], undefined],
      ['grantAdmin() › iam.Grant.addToPrincipal', 'identity', 'Allow', ['iam:PassRole'], ['*'], [['StringEquals', ['aws:ResourceAccount']]]],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning').map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['pass-role-wildcard', spans[1]],
    ],
  );
});

test('principals merge by type as CDK writes them; an organization brings its condition; one CDK cannot show makes the element a placeholder', () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
declare const topic: { addToResourcePolicy(statement: iam.PolicyStatement): void };
declare const orgId: string;
declare const role: iam.Role;
topic.addToResourcePolicy(new iam.PolicyStatement({
  principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.AccountPrincipal('111122223333')],
  actions: ['sns:Publish'],
  resources: ['*'],
}));
topic.addToResourcePolicy(new iam.PolicyStatement({
  principals: [«new iam.AnyPrincipal()»],
  actions: ['sns:Publish'],
  resources: ['*'],
}));
topic.addToResourcePolicy(new iam.PolicyStatement({
  principals: [new iam.OrganizationPrincipal(orgId)],
  actions: ['sns:Publish'],
  resources: ['*'],
}));
topic.addToResourcePolicy(new iam.PolicyStatement({
  principals: [role.grantPrincipal],
  actions: ['sns:Publish'],
  resources: ['*'],
}));
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/topic.ts' }, { config: defaultConfiguration });
  const [services, everyone, organization, granted] = analysis.policies.map((policy) => policy.policy.statements[0].principal!);
  assert.deepEqual(
    services.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [
      ['Service', ['events.amazonaws.com']],
      ['AWS', ['111122223333']],
    ],
  );
  // CDK writes AnyPrincipal as AWS "*" (StarPrincipal as a bare "*").
  assert.deepEqual(
    everyone.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['AWS', ['*']]],
  );
  // OrganizationPrincipal is everyone in the organization: AWS "*" and the organization's ID as a condition.
  assert.deepEqual(
    organization.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['AWS', ['*']]],
  );
  const orgCondition = analysis.policies[2].policy.statements[0].condition!;
  assert.deepEqual(
    orgCondition.operators.map((operator) => [operator.operator, operator.keys.map((key) => [key.key, key.values.map((value) => value.value)])]),
    [['StringEquals', [['aws:PrincipalOrgID', ['orgId']]]]],
  );
  assert.equal(granted.entries.length, 0);
  // Everyone may publish to the first topic; the organization's principal is not read as everyone.
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'resource-public').map((problem) => problem.span),
    [spans[0]],
  );
});

// sst/console builds a CloudFormation template in code, its external ID `{ Ref: 'workspaceID' }`: a false value-type error.
test('a CloudFormation intrinsic written as an object in the code ({ Ref: … }, { "Fn::GetAtt": … }) is a value known at deploy', () => {
  const text = `import { CfnRole } from 'aws-cdk-lib/aws-iam';
new CfnRole(this, 'Connect', {
  assumeRolePolicyDocument: {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { AWS: '111122223333' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'workspaceID' }, 'aws:SourceArn': { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
    }],
  },
});
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/connect.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error'),
    [],
  );
  const [operator] = analysis.policies[0]!.policy.statements[0]!.condition!.operators;
  assert.deepEqual(
    operator!.keys.map((key) => key.values.map((value) => value.placeholders?.length)),
    [[1], [1]],
  );
});

// An SST app's `resources: [process.env.ROLE_ARN ?? "*"]` for iam:PassRole was read as one placeholder: its fallback
// "*", which it allows when the variable is unset, drew nothing.
test('a list item with a fallback (a ?? b, a || b) is read as both, as a conditional is', () => {
  // Written without marked(), which takes `|` for the cursor.
  const text = `import * as iam from 'aws-cdk-lib/aws-iam';
export function pass(role: iam.Role): void {
  role.addToPolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [process.env.ROLE_ARN ?? '*'] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [process.env.BUCKET_ARN || 'arn:aws:s3:::data/*'] }));
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/pass.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policy.statements[0]!.resource!.values.map((value) => [value.value, value.placeholders?.length ?? 0])),
    [
      [
        ['process.env.ROLE_ARN', 1],
        ['*', 0],
      ],
      [
        ['process.env.BUCKET_ARN', 1],
        ['arn:aws:s3:::data/*', 0],
      ],
    ],
  );
  const star = text.indexOf("'*'");
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'pass-role-wildcard').map((problem) => text.slice(problem.span.start, problem.span.end)),
    ["'iam:PassRole'"],
  );
  assert.ok(analysis.problems.some((problem) => problem.ruleId === 'wildcard-resource' && problem.span.start === star));
  // The list holds one of the two: neither is redundant beside the other. A value only one branch of a conditional
  // covers is not redundant either; a repeat is.
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId.startsWith('redundant-')),
    [],
  );
  const conditional = analyzeDocument(
    { text: text.replace("['s3:GetObject']", "[isProd ? 's3:GetObject' : 's3:*', 's3:PutObject', 's3:PutObject']"), uri: 'file:///app/lib/cond.ts' },
    { config: defaultConfiguration },
  );
  assert.deepEqual(
    conditional.problems.filter((problem) => problem.ruleId.startsWith('redundant-')).map((problem) => problem.message.split(' Remove')[0]),
    ['"s3:PutObject" is listed twice in "Action".'],
  );
});

test('a policy in the JSON shape: PolicyDocument.fromJson, a const object, an L1 trust policy', () => {
  const { text, spans } = marked(`import { PolicyDocument, CfnRole } from 'aws-cdk-lib/aws-iam';
const document = PolicyDocument.fromJson({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: 'arn:aws:kms:us-east-1:111122223333:«alias»' }],
});
const queuePolicy = {
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sqs:SendMessage', Resource: '*' }],
};
new CfnRole(this, 'Role', {
  assumeRolePolicyDocument: {
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  },
});
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/json.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['PolicyDocument.fromJson', 'identity'],
      ['queuePolicy', 'resource'],
      ["new CfnRole 'Role' › assumeRolePolicyDocument", 'trust'],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'arn-resource-type').map((problem) => problem.span),
    [spans[0]],
  );
});

test("a statement added to a role's assumeRolePolicy is a trust policy: it names principals and needs no resources", () => {
  const text = `import * as iam from 'aws-cdk-lib/aws-iam';
role.assumeRolePolicy?.addStatements(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new iam.ServicePrincipal('ec2.amazonaws.com')] }));
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/trust.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['role.assumeRolePolicy?.addStatements › new iam.PolicyStatement', 'trust']],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error'),
    [],
  );
});

test('files that are no CDK source are not read', () => {
  const text = marked(STACK).text;
  assert.equal(cdkReader.read({ text: 'const statement = { Statement: [] };\n', uri: 'file:///app/src/index.ts' }), undefined);
  assert.equal(cdkReader.read({ text, uri: 'file:///app/lib/app-stack.d.ts' }), undefined);
  assert.equal(cdkReader.read({ text, uri: 'file:///app/lib/app-stack.py' }), undefined);
  assert.equal(cdkReader.read({ text, uri: 'untitled:Untitled-1', languageId: 'typescript' })?.policies.length, 8);
  assert.equal(cdkReader.read({ text, uri: 'file:///app/lib/app-stack.ts', languageId: 'json' }), undefined);
});

test('after an edit of a const a statement spreads, the statement is checked again: its findings follow the const', () => {
  const before = `import * as iam from 'aws-cdk-lib/aws-iam';
const READ = ['s3:GetObject'];
role.addToPolicy(new iam.PolicyStatement({ actions: [...READ], resources: ['arn:aws:s3:::data/*'] }));
`;
  const findings = new FindingsCache();
  const analyse = (text: string) => analyzeDocument({ text, uri: 'file:///app/lib/read.ts', languageId: 'typescript' }, { config: defaultConfiguration, findings });
  assert.deepEqual(analyse(before).problems, []);
  const after = before.replace("'s3:GetObject'", "'s3:GetObjekt'");
  assert.deepEqual(
    analyse(after).problems.map((problem) => [problem.ruleId, after.slice(problem.span.start, problem.span.end)]),
    [['action-unknown', 'GetObjekt']],
  );
});

test('a condition key the code computes (`[`s3:ExistingObjectTag/${TAG}`]`) is a key with a placeholder, not a missing one', () => {
  const text = `import * as iam from 'aws-cdk-lib/aws-iam';
const TAG = 'scan-status';
new iam.PolicyStatement({
  effect: iam.Effect.DENY,
  principals: [new iam.AnyPrincipal()],
  actions: ['s3:GetObject'],
  resources: ['arn:aws:s3:::uploads/*'],
  conditions: { StringEquals: { [\`s3:ExistingObjectTag/\${TAG}\`]: 'INFECTED', [tagKey()]: 'x', [KEY]: 'y' }, StringLike: { ['aws:PrincipalArn']: 'arn:aws:iam::*:role/scanner' } },
});
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/scan.ts' }, { config: defaultConfiguration });
  const operators = analysis.policies[0].policy.statements[0].condition!.operators;
  assert.deepEqual(
    operators.map((entry) => [entry.operator, entry.keys.map((key) => key.key)]),
    [
      ['StringEquals', ['s3:ExistingObjectTag/${TAG}', 'tagKey()', 'KEY']],
      ['StringLike', ['aws:PrincipalArn']],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'empty-value' || problem.severity === 'error').map((problem) => problem.ruleId),
    [],
  );
});

test('a role or user imported by its ARN is that ARN as a principal, merged with the others of its type', () => {
  const text = `import * as iam from 'aws-cdk-lib/aws-iam';
const ci = iam.Role.fromRoleArn(this, 'Ci', 'arn:aws:iam::444455556666:role/ci');
bucket.addToResourcePolicy(new iam.PolicyStatement({
  principals: [ci, iam.User.fromUserArn(this, 'Ops', 'arn:aws:iam::444455556666:user/ops'), new iam.AccountPrincipal('111122223333')],
  actions: ['s3:GetObject'],
  resources: ['arn:aws:s3:::reports/*'],
}));
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/share.ts' }, { config: defaultConfiguration });
  const principal = analysis.policies[0].policy.statements[0].principal!;
  assert.deepEqual(
    principal.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['AWS', ['arn:aws:iam::444455556666:role/ci', 'arn:aws:iam::444455556666:user/ops', '111122223333']]],
  );
  // Each ARN maps back to where the code writes it.
  const [role] = principal.entries[0].values;
  assert.equal(text.slice(role.span.start, role.span.end), "'arn:aws:iam::444455556666:role/ci'");
});

test("a role or user imported by its name is its ARN in the stack's partition and account, the name where the code writes it", () => {
  const text = `import * as iam from 'aws-cdk-lib/aws-iam';
bucket.addToResourcePolicy(new iam.PolicyStatement({
  principals: [iam.Role.fromRoleName(this, 'Deploy', 'deploy'), iam.User.fromUserName(this, 'Ops', \`ops-\${stage}\`)],
  actions: ['s3:GetObject'],
  resources: ['arn:aws:s3:::reports/*'],
}));
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/share.ts' }, { config: defaultConfiguration });
  const [values] = analysis.policies[0].policy.statements[0].principal!.entries.map((entry) => entry.values);
  assert.deepEqual(
    values.map((value) => [value.value, (value.placeholders ?? []).map((hole) => [value.value.slice(hole.start, hole.end), hole.kind])]),
    [
      [
        'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/deploy',
        [
          ['${AWS::Partition}', 'partition'],
          ['${AWS::AccountId}', 'account'],
        ],
      ],
      [
        'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/ops-${stage}',
        [
          ['${AWS::Partition}', 'partition'],
          ['${AWS::AccountId}', 'account'],
          ['${stage}', 'string'],
        ],
      ],
    ],
  );
  // The name's characters map to the literal; the implied prefix to the call; no finding on either.
  const role = values[0];
  const name = role.value.indexOf('deploy');
  assert.equal(text.slice(role.mapSpan!(name, name + 6).start, role.mapSpan!(name, name + 6).end), 'deploy');
  assert.equal(text.slice(role.span.start, role.span.end), "iam.Role.fromRoleName(this, 'Deploy', 'deploy'");
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning').map((problem) => problem.ruleId),
    [],
  );
});

// From a real C# stack: two methods, each with its own `s3stmt` and its own AddResources calls.
test('what is added to a statement is read from its own function, not from another one binding the same name', () => {
  const text = `import * as iam from 'aws-cdk-lib/aws-iam';
export function logs(role: iam.Role): void {
  const statement = new iam.PolicyStatement({ actions: ['logs:PutLogEvents'] });
  statement.addResources('arn:aws:logs:us-east-1:111122223333:log-group:app:*');
  role.addToPolicy(statement);
}
export function queue(role: iam.Role): void {
  const statement = new iam.PolicyStatement({ actions: ['sqs:SendMessage'] });
  statement.addResources('arn:aws:sqs:us-east-1:111122223333:jobs');
  role.addToPolicy(statement);
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/two.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policy.statements[0].resource?.values.map((value) => value.value)),
    [['arn:aws:logs:us-east-1:111122223333:log-group:app:*'], ['arn:aws:sqs:us-east-1:111122223333:jobs']],
  );
  assert.deepEqual(analysis.problems, []);
});

// aws-samples/aws-cdk-examples, python/apigw-http-api-lambda-dynamodb-python-cdk: an endpoint's addToPolicy drew
// principal-not-allowed, read as an identity policy.
test("a VPC endpoint's addToPolicy statement goes to the endpoint policy: a resource policy that grants nothing", () => {
  const text = `import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
export function endpoints(vpc: ec2.Vpc): void {
  const dynamo = new ec2.GatewayVpcEndpoint(this, 'DynamoDBVpce', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, vpc });
  dynamo.addToPolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['dynamodb:*'], resources: ['*'] }));
  const sts = vpc.addInterfaceEndpoint('Sts', { service: ec2.InterfaceVpcEndpointAwsService.STS });
  const assume = new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['sts:AssumeRole'], resources: ['*'] });
  sts.addToPolicy(assume);
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/endpoints.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policyType),
    ['resource', 'resource'],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => problem.ruleId),
    [],
  );
});

// A Python app's `assumed_by=iam.AnyPrincipal()` drew a false error ("does not support "Principal": "*""): CDK writes
// AnyPrincipal as {"AWS": "*"}, which IAM takes, and which trust-policy-elements warns of as anyone in any account.
test('a role assumed by AnyPrincipal trusts AWS "*", a warning; by StarPrincipal a bare "*", an error', () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
export function roles(scope: any): void {
  new iam.Role(scope, 'Open', { assumedBy: «new iam.AnyPrincipal()» });
  new iam.Role(scope, 'Star', { assumedBy: «new iam.StarPrincipal()» });
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/roles.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.severity, problem.span]),
    [
      ['trust-policy-elements', 'warning', spans[0]],
      ['trust-policy-elements', 'error', spans[1]],
    ],
  );
});

// automated-security-response-on-aws adds SSM to its member role's principals after making them: the service went unseen.
test("a CompositePrincipal's later addPrincipals(…) are in the role's trust policy, where their findings sit", () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
export function memberRole(scope: any): void {
  const principals = new iam.CompositePrincipal(new iam.ArnPrincipal('arn:aws:iam::111122223333:role/admin'));
  principals.addPrincipals(new iam.ServicePrincipal(«'ssm.amazonaws.com'»));
  new iam.Role(scope, 'Member', { assumedBy: principals });
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/roles.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policy.statements.map((statement) => statement.principal?.entries.map((entry) => entry.type))]),
    [["new iam.Role 'Member' › assumedBy", [['AWS'], ['Service']]]],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'warning').map((problem) => [problem.ruleId, problem.span]),
    [['trust-confused-deputy', spans[0]]],
  );
});

// SST v2 apps give functions service names (uob-genai-quiz-generator's `permissions: ["s3", "textract"]`,
// sst-pinpoint's `defaults.function.permissions`): SST writes `s3:*` on `*` into the role. 29 such policies went unread.
test('SST v1/v2 permissions: each service name is all of it on every resource, "*" everything, where SST takes them', () => {
  const { text, spans } = marked(`import { Api, Function, StackContext } from "sst/constructs";
import * as iam from "aws-cdk-lib/aws-iam";

export function FunctionStack({ stack, app }: StackContext) {
  app.setDefaultFunctionProps({ permissions: [«"ssm"»] });
  const fn = new Function(stack, "Quiz", { handler: "src/quiz.handler", permissions: [«"s3"», "textract:AnalyzeDocument"] });
  fn.attachPermissions([«"*"», new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:us-east-1:111122223333:jobs"] })]);
  new Api(stack, "Api", { defaults: { function: { permissions: [«"dynamodb"»] } }, routes: { "GET /": "src/get.handler" } });
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/stacks/FunctionStack.ts' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'cdk');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType, policy.policy.statements.map((statement) => statement.action!.values[0]!.value)]),
    [
      ['app.setDefaultFunctionProps(…) › permissions', 'identity', ['ssm:*']],
      ["new Function 'Quiz' › permissions", 'identity', ['s3:*', 'textract:AnalyzeDocument']],
      ['fn.attachPermissions(…)', 'identity', ['*']],
      // A statement in the list is read where it is written, as anywhere else.
      ['fn.attachPermissions › new iam.PolicyStatement', 'identity', ['sqs:SendMessage']],
      ["new Api 'Api' › defaults › function › permissions", 'identity', ['dynamodb:*']],
    ],
  );
  // The whole-service grants are reported at the name the app writes.
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'wildcard-action').map((problem) => problem.span),
    spans,
  );
});

// cdklabs' aws-delivlib imports its constructs from monocdk, CDK v1's one-package preview of aws-cdk-lib: the whole
// file went unread.
test('a CDK source that imports monocdk (aws_iam as iam, or monocdk/aws-iam) is read as one of aws-cdk-lib', () => {
  for (const header of ["import { aws_iam as iam } from 'monocdk';", "import * as iam from 'monocdk/aws-iam';"]) {
    const text = `${header}
export function readers(role: iam.IRole): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObjects'], resources: ['arn:aws:s3:::data/*'] }));
}
`;
    const analysis = analyzeDocument({ text, uri: 'file:///app/lib/permissions.ts' }, { config: defaultConfiguration });
    assert.equal(analysis.kind, 'cdk', header);
    assert.deepEqual(
      analysis.problems.map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]),
      [['action-unknown', 'GetObjects']],
      header,
    );
  }
});

// aws-samples/aws-cdk-examples' static-site (CDK v1) imports @aws-cdk/aws-s3 and no aws-iam: its public bucket went unread.
test('a CDK source that imports only another module (aws-cdk-lib/aws-s3, @aws-cdk/aws-s3) is read', () => {
  for (const module of ['aws-cdk-lib/aws-s3', '@aws-cdk/aws-s3']) {
    const text = `import * as s3 from '${module}';
export function site(): void {
  new s3.Bucket(this, 'Site', { publicReadAccess: true });
}
`;
    const analysis = analyzeDocument({ text, uri: 'file:///app/lib/site.ts' }, { config: defaultConfiguration });
    assert.deepEqual(
      analysis.policies.map((policy) => policy.policyType),
      ['resource'],
      module,
    );
  }
});

test('classes imported from the CDK under another name are read as the CDK names them', () => {
  const { text, spans } = marked(`import { Stack } from 'aws-cdk-lib';
import { PolicyStatement as Statement, Grant as IamGrant, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
const { Effect: StatementEffect } = require('aws-cdk-lib/aws-iam');

export class AppStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const role = new Role(this, 'Worker', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new Statement({ effect: StatementEffect.ALLOW, actions: ['s3:«GetObjct»'], resources: ['*'] }));
    IamGrant.addToPrincipal({ grantee: role, actions: ['s3:«PutObjct»'], resourceArns: ['*'] });
    const settings = { Statement: 'not a class' };
    console.log(settings.Statement);
  }
}
`);
  const { errorPlaces, policies } = cdkReading(text, 'file:///app/lib/aliased-stack.ts');
  assert.deepEqual(
    errorPlaces,
    spans.map((span) => ['action-unknown', span]),
  );
  assert.equal(policies.length, 3);
});

test("an IoT Core policy construct's document (new iot.CfnPolicy, or CfnPolicy imported from aws-iot) is not read as an IAM policy", () => {
  // IoT sweep: `iot:Connection.Thing.IsAttached`, a key of IoT's, was an IAM condition-key-unknown error.
  const iotDocument = `{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iot:Connect', Resource: '*', Condition: { Bool: { 'iot:Connection.Thing.IsAttached': 'true' } } }] }`;
  for (const [imports, construct] of [
    [`import * as iot from 'aws-cdk-lib/aws-iot';`, 'iot.CfnPolicy'],
    [`import * as Iot from '@aws-cdk/aws-iot';`, 'Iot.CfnPolicy'],
    [`import { CfnPolicy } from 'aws-cdk-lib/aws-iot';`, 'CfnPolicy'],
  ]) {
    const text = `import * as iam from 'aws-cdk-lib/aws-iam';
${imports}

export function policies(scope: any) {
  new ${construct}(scope, 'DevicePolicy', { policyName: 'device', policyDocument: ${iotDocument} });
  new iam.CfnPolicy(scope, 'RolePolicy', { policyName: 'read', roles: ['worker'], policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjct', Resource: '*' }] } });
}
`;
    const analysis = analyzeDocument({ text, uri: 'file:///app/lib/stack.ts' }, { config: defaultConfiguration });
    assert.deepEqual(
      analysis.policies.map((policy) => policy.name),
      ["new iam.CfnPolicy 'RolePolicy' › policyDocument"],
      construct,
    );
    assert.deepEqual(
      analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId),
      ['action-unknown'],
      construct,
    );
  }
});

test("a CDK construct's ARN attribute names its resource type: s3:GetObject on bucket.bucketArn is a bucket where an object is needed", () => {
  // Cognito, IoT and permission-set sweeps: `resources: [bucket.bucketArn]` under s3:GetObject and a table's ARN
  // under dynamodb:GetRecords went unreported.
  const { text, spans } = marked(`import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
export class Uploads extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const bucket = new s3.Bucket(this, 'Uploads');
    const role = new iam.Role(this, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['«s3:GetObject»', 's3:ListBucket'], resources: [bucket.bucketArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [\`\${bucket.bucketArn}/*\`] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn, props.repositoryArn] }));
  }
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/lib/uploads.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'action-resource-mismatch').map((problem) => problem.span),
    [spans[0]],
  );
});

test('a policy variable whose name the program writes (`\\${${logicalId}}`) is closed after it, not reported unclosed', () => {
  // aws-cdk's integration test of a table's scoped resource policy (DynamoDB sweep).
  const text = `import * as iam from 'aws-cdk-lib/aws-iam';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
declare const table: dynamodb.Table;
const tableLogicalId = (table.node.defaultChild as dynamodb.CfnTable).logicalId;
table.addToResourcePolicy(new iam.PolicyStatement({
  actions: ['dynamodb:GetItem'],
  principals: [new iam.AccountRootPrincipal()],
  resources: [\`arn:aws:dynamodb:us-east-1:111122223333:table/\\\${\${tableLogicalId}}\`, \`arn:aws:dynamodb:us-east-1:111122223333:table/\\\${aws:username\`],
}));
`;
  const problems = analyzeDocument({ text, uri: 'file:///w/stack.ts' }, { config: defaultConfiguration }).problems.filter((problem) => problem.ruleId === 'policy-variable-syntax');
  assert.deepEqual(
    problems.map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['\\${aws:username'],
  );
});

test("an event bus permission's statement (new events.CfnEventBusPolicy(…, { statement })) is a statement of the bus's policy", () => {
  // EventBridge sweep: a cross-account bus policy written so went unread.
  const { text, spans } = marked(`import * as events from 'aws-cdk-lib/aws-events';
declare const bus: events.EventBus;
new events.CfnEventBusPolicy(this, 'BusPolicy', {
  eventBusName: bus.eventBusName,
  statementId: 'everyone',
  statement: { Effect: 'Allow', Principal: «'*'», Action: 'events:PutEvents', Resource: bus.eventBusArn },
});
`);
  const analysis = analyzeDocument({ text, uri: 'file:///w/bus-stack.ts' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [["events.CfnEventBusPolicy 'BusPolicy' › statement", 'resource']],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'warning' || problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['resource-public', spans[0]]],
  );
});
