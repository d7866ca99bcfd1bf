import { Random } from './random';

/** Sizes of a synthetic account. */
export interface AccountShape {
  roles: number;
  users: number;
  groups: number;
  policies: number;
}

export const LARGE_ACCOUNT: AccountShape = { roles: 5000, users: 2000, groups: 300, policies: 1500 };

const ACCOUNT = '111122223333';
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const AWS_MANAGED = [
  'ReadOnlyAccess',
  'AmazonS3ReadOnlyAccess',
  'AmazonEC2ReadOnlyAccess',
  'AmazonDynamoDBReadOnlyAccess',
  'CloudWatchLogsReadOnlyAccess',
  'PowerUserAccess',
  'AmazonS3FullAccess',
  'AWSLambda_FullAccess',
  'IAMReadOnlyAccess',
  'AmazonSQSFullAccess',
].map((name) => `arn:aws:iam::aws:policy/${name}`);
const SERVICE_ROLE_POLICIES = ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AmazonECSTaskExecutionRolePolicy', 'AmazonSSMManagedInstanceCore'].map(
  (name) => `arn:aws:iam::aws:policy/${name}`,
);

/**
 * A deterministic authorization-details export with the shapes real accounts have: customer policies with several
 * statements (wildcards, conditions, denies, variables), groups holding them, users in 1–3 groups with their own
 * inline policies and some boundaries, roles trusted by services, by the account or by named principals, a few
 * administrators and a few escalation paths. Documents are JSON objects (AWS CLI output).
 */
export function syntheticAccount(shape: AccountShape = LARGE_ACCOUNT, seed = 15): Record<string, unknown> {
  const random = new Random(seed);
  const buckets = Array.from({ length: 200 }, (_, i) => `data-${i}`);
  const tables = Array.from({ length: 100 }, (_, i) => `table-${i}`);
  const statement = (i: number): Record<string, unknown> => {
    const bucket = random.pick(buckets);
    switch (random.int(9)) {
      case 0:
        return { Sid: `Read${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] };
      case 1:
        return {
          Sid: `Write${i}`,
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:DeleteObject'],
          Resource: `arn:aws:s3:::${bucket}/${random.pick(['in', 'out', 'tmp'])}/*`,
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        };
      case 2:
        return {
          Sid: `Tables${i}`,
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/${random.pick(tables)}`,
        };
      case 3:
        return { Sid: `Queues${i}`, Effect: 'Allow', Action: 'sqs:*', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:queue-${random.int(400)}` };
      case 4:
        return { Sid: `Logs${i}`, Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:*:${ACCOUNT}:log-group:/app/${random.int(500)}:*` };
      case 5:
        return {
          Sid: `Instances${i}`,
          Effect: 'Allow',
          Action: 'ec2:*Instances',
          Resource: `arn:aws:ec2:us-*:${ACCOUNT}:instance/*`,
          Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
        };
      case 6:
        return { Sid: `Keys${i}`, Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${random.int(1e9).toString(16)}` };
      case 7:
        return { Sid: `NoDeletes${i}`, Effect: 'Deny', Action: ['s3:DeleteBucket', 'dynamodb:DeleteTable'], Resource: '*' };
      default:
        return { Sid: `Home${i}`, Effect: 'Allow', Action: 's3:*Object', Resource: `arn:aws:s3:::${bucket}/home/\${aws:username}/*` };
    }
  };
  const document = (statements: number) => ({ Version: '2012-10-17', Statement: Array.from({ length: statements }, (_, i) => statement(i)) });
  const inline = (name: string) => [{ PolicyName: name, PolicyDocument: document(1 + random.int(4)) }];
  const attachedOf = (arns: string[]) => arns.map((policyArn) => ({ PolicyName: policyArn.slice(policyArn.lastIndexOf('/') + 1), PolicyArn: policyArn }));

  const customer = Array.from({ length: shape.policies }, (_, i) => arn('policy', `app-policy-${i}`));
  const Policies = customer.map((policyArn, i) => {
    const versions = 1 + random.int(3);
    return {
      PolicyName: `app-policy-${i}`,
      PolicyId: `ANPA${String(i).padStart(16, '0')}`,
      Arn: policyArn,
      Path: '/',
      DefaultVersionId: `v${versions}`,
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      PolicyVersionList: Array.from({ length: versions }, (_, v) => ({ Document: document(2 + random.int(5)), VersionId: `v${v + 1}`, IsDefaultVersion: v === versions - 1 })),
    };
  });
  // A boundary used by some users and roles.
  const boundary = arn('policy', 'team-boundary');
  Policies.push({
    PolicyName: 'team-boundary',
    PolicyId: 'ANPABOUNDARY00000000',
    Arn: boundary,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 0,
    PermissionsBoundaryUsageCount: 1,
    IsAttachable: true,
    PolicyVersionList: [
      {
        Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'sqs:*', 'logs:*', 'kms:*', 'sts:AssumeRole'], Resource: '*' }] },
        VersionId: 'v1',
        IsDefaultVersion: true,
      },
    ],
  });

  const groupNames = Array.from({ length: shape.groups }, (_, i) => `team-${i}`);
  const GroupDetailList = groupNames.map((name, i) => ({
    Path: '/',
    GroupName: name,
    GroupId: `AGPA${String(i).padStart(16, '0')}`,
    Arn: arn('group', name),
    GroupPolicyList: random.int(2) === 0 ? inline(`${name}-inline`) : [],
    AttachedManagedPolicies: attachedOf([...Array.from({ length: 1 + random.int(3) }, () => random.pick(customer)), ...(random.int(3) === 0 ? [random.pick(AWS_MANAGED)] : [])]),
  }));

  const UserDetailList = Array.from({ length: shape.users }, (_, i) => {
    const name = `user-${i}`;
    const admin = i % 500 === 0;
    return {
      Path: '/',
      UserName: name,
      UserId: `AIDA${String(i).padStart(16, '0')}`,
      Arn: arn('user', name),
      UserPolicyList: random.int(3) === 0 ? inline(`${name}-inline`) : [],
      GroupList: Array.from({ length: 1 + random.int(3) }, () => random.pick(groupNames)),
      AttachedManagedPolicies: attachedOf(admin ? ['arn:aws:iam::aws:policy/AdministratorAccess'] : random.int(4) === 0 ? [random.pick(customer)] : []),
      ...(random.int(10) === 0 ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary } } : {}),
      Tags: [{ Key: 'team', Value: `t${random.int(20)}` }],
    };
  });

  const services = ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'];
  const RoleDetailList = Array.from({ length: shape.roles }, (_, i) => {
    const name = `role-${i}`;
    const kind = random.int(10);
    // Mostly service roles; some assumable by the account (with an identity grant), some by named users or roles.
    const principal =
      kind < 6
        ? { Service: random.pick(services) }
        : kind < 8
          ? { AWS: `arn:aws:iam::${ACCOUNT}:root` }
          : { AWS: [arn('user', `user-${random.int(shape.users)}`), arn('role', `role-${random.int(shape.roles)}`)] };
    const admin = i % 1000 === 7;
    const inlinePolicies = inline(`${name}-inline`);
    // A few deployment roles that can pass any role to Lambda: escalation paths.
    if (i % 250 === 3) (inlinePolicies[0].PolicyDocument.Statement as unknown[]).push({ Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' });
    return {
      Path: '/',
      RoleName: name,
      RoleId: `AROA${String(i).padStart(16, '0')}`,
      Arn: arn('role', name),
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] },
      InstanceProfileList: [],
      RolePolicyList: inlinePolicies,
      AttachedManagedPolicies: attachedOf(
        admin ? ['arn:aws:iam::aws:policy/AdministratorAccess'] : [...(kind < 6 ? [random.pick(SERVICE_ROLE_POLICIES)] : []), ...Array.from({ length: random.int(3) }, () => random.pick(customer))],
      ),
      ...(random.int(10) === 0 ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary } } : {}),
      Tags: [],
    };
  });
  // Users that can assume account-trusted roles: a grant to assume any role, as many accounts have.
  for (let i = 1; i < shape.users; i += 97)
    (UserDetailList[i].UserPolicyList as unknown[]).push({
      PolicyName: 'assume-any',
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] },
    });
  return { UserDetailList, GroupDetailList, RoleDetailList, Policies };
}
