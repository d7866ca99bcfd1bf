import type { DeployPart } from './deploy-time';

/**
 * What SST v3 adds to a function's role for each component given in its `link: [...]`: the component's
 * `getSSTLink()` includes these permissions, and `sst.aws.Function` writes them into its role's inline policy beside
 * its own `permissions` (not into a role the function is given with `role`). Components whose link carries only
 * properties (ApiGatewayV2, Router, StaticSite, Service, Realtime, Redis, Postgres on an RDS instance, AppSync,
 * `sst.Secret`) are not listed. Read from SST's components (sst/sst, `platform/src/components/aws/*.ts`,
 * `getSSTLink`); https://sst.dev/docs/linking/
 */
/** The actions a link allows, on the resources of the component; `name` is the resource's, `component` the component's label. */
export interface LinkGrant {
  actions: readonly string[];
  resources: (name: DeployPart, component: string) => (string | DeployPart)[][];
}

export const SST_LINK_GRANTS: Readonly<Record<string, LinkGrant | readonly LinkGrant[]>> = {
  Bucket: {
    actions: ['s3:*'],
    resources: (name) => [
      ['arn:aws:s3:::', name],
      ['arn:aws:s3:::', name, '/*'],
    ],
  },
  Dynamo: {
    actions: ['dynamodb:*'],
    resources: (name) => [
      ['arn:aws:dynamodb:', REGION, ':', ACCOUNT, ':table/', name],
      ['arn:aws:dynamodb:', REGION, ':', ACCOUNT, ':table/', name, '/*'],
    ],
  },
  Queue: { actions: ['sqs:*'], resources: (name) => [['arn:aws:sqs:', REGION, ':', ACCOUNT, ':', name]] },
  SnsTopic: { actions: ['sns:*'], resources: (name) => [['arn:aws:sns:', REGION, ':', ACCOUNT, ':', name]] },
  Bus: { actions: ['events:*'], resources: (name) => [['arn:aws:events:', REGION, ':', ACCOUNT, ':event-bus/', name]] },
  KinesisStream: { actions: ['kinesis:*'], resources: (name) => [['arn:aws:kinesis:', REGION, ':', ACCOUNT, ':stream/', name]] },
  Function: { actions: ['lambda:InvokeFunction'], resources: (name) => [['arn:aws:lambda:', REGION, ':', ACCOUNT, ':function:', name]] },
  // The email identity: the sender address or domain.
  Email: { actions: ['ses:*'], resources: (name) => [['arn:aws:ses:', REGION, ':', ACCOUNT, ':identity/', name]] },
  CognitoUserPool: { actions: ['cognito-idp:*'], resources: (name) => [['arn:aws:cognito-idp:', REGION, ':', ACCOUNT, ':userpool/', name]] },
  CognitoIdentityPool: { actions: ['cognito-identity:*'], resources: (name) => [['arn:aws:cognito-identity:', REGION, ':', ACCOUNT, ':identitypool/', name]] },
  ApiGatewayWebSocket: { actions: ['execute-api:ManageConnections'], resources: (name) => [['arn:aws:execute-api:', REGION, ':', ACCOUNT, ':', name, '/*/*/@connections/*']] },
  // Its three functions (query, put, remove), whose names SST makes.
  Vector: { actions: ['lambda:InvokeFunction'], resources: (name) => [['arn:aws:lambda:', REGION, ':', ACCOUNT, ':function:', name]] },
  // The Aurora Serverless v2 cluster of the deprecated `sst.aws.Postgres.v1`: its master user's secret (whose ARN RDS
  // makes) and the Data API on the cluster (platform/src/components/aws/postgres-v1.ts).
  'Postgres.v1': [
    { actions: ['secretsmanager:GetSecretValue'], resources: (_name, component) => [[{ source: `${component}.secretArn` }]] },
    {
      actions: ['rds-data:BatchExecuteStatement', 'rds-data:BeginTransaction', 'rds-data:CommitTransaction', 'rds-data:ExecuteStatement', 'rds-data:RollbackTransaction'],
      resources: (name) => [['arn:aws:rds:', REGION, ':', ACCOUNT, ':cluster:', name]],
    },
  ],
};

/** The Region of the app, known at deploy; and the account, written in by the reader. */
export const REGION: DeployPart = { source: 'aws.getRegion().name' };
export const ACCOUNT = '\u0000account';
