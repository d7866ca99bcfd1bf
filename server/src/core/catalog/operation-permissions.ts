/**
 * API operations that are no action of their own: IAM authorizes the call with another action, which the service's
 * API reference names. A policy that lists the operation (`s3:ListObjectsV2`, `sqs:SendMessageBatch`,
 * `bedrock:Converse`) grants nothing through it; action-unknown names the action that does. By lower-case full name.
 */
export interface OperationPermission {
  /** The actions that allow the call, for the message: `"s3:ListBucket"`. */
  readonly allowedBy: string;
  /** The values that replace the operation's name, one fix each. */
  readonly replacements: readonly string[];
}

const s3Api = 'https://docs.aws.amazon.com/AmazonS3/latest/API';

const entries: [operation: string, permission: OperationPermission, source: string][] = [
  ['s3:ListObjects', { allowedBy: '"s3:ListBucket"', replacements: ['s3:ListBucket'] }, `${s3Api}/API_ListObjects.html`],
  ['s3:ListObjectsV2', { allowedBy: '"s3:ListBucket"', replacements: ['s3:ListBucket'] }, `${s3Api}/API_ListObjectsV2.html`],
  ['s3:HeadBucket', { allowedBy: '"s3:ListBucket"', replacements: ['s3:ListBucket'] }, `${s3Api}/API_HeadBucket.html`],
  // Not s3:ListBucket, which edit distance finds nearest: that lists one bucket's objects.
  ['s3:ListBuckets', { allowedBy: '"s3:ListAllMyBuckets"', replacements: ['s3:ListAllMyBuckets'] }, `${s3Api}/API_ListBuckets.html`],
  ['s3:HeadObject', { allowedBy: '"s3:GetObject"', replacements: ['s3:GetObject'] }, `${s3Api}/API_HeadObject.html`],
  ['s3:DeleteObjects', { allowedBy: '"s3:DeleteObject"', replacements: ['s3:DeleteObject'] }, `${s3Api}/API_DeleteObjects.html`],
  // The S3 API's PutPublicAccessBlock acts on a bucket, S3 Control's on the account.
  [
    's3:PutPublicAccessBlock',
    {
      allowedBy: '"s3:PutBucketPublicAccessBlock" for a bucket and "s3:PutAccountPublicAccessBlock" for the account',
      replacements: ['s3:PutBucketPublicAccessBlock', 's3:PutAccountPublicAccessBlock'],
    },
    `${s3Api}/API_PutPublicAccessBlock.html`,
  ],
  [
    's3:DeletePublicAccessBlock',
    {
      allowedBy: '"s3:PutBucketPublicAccessBlock" for a bucket and "s3:PutAccountPublicAccessBlock" for the account',
      replacements: ['s3:PutBucketPublicAccessBlock', 's3:PutAccountPublicAccessBlock'],
    },
    `${s3Api}/API_DeletePublicAccessBlock.html`,
  ],
  [
    's3:GetPublicAccessBlock',
    {
      allowedBy: '"s3:GetBucketPublicAccessBlock" for a bucket and "s3:GetAccountPublicAccessBlock" for the account',
      replacements: ['s3:GetBucketPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
    },
    `${s3Api}/API_GetPublicAccessBlock.html`,
  ],
  ['s3:DeleteBucketPublicAccessBlock', { allowedBy: '"s3:PutBucketPublicAccessBlock"', replacements: ['s3:PutBucketPublicAccessBlock'] }, `${s3Api}/API_DeletePublicAccessBlock.html`],
  ['s3:DeleteAccountPublicAccessBlock', { allowedBy: '"s3:PutAccountPublicAccessBlock"', replacements: ['s3:PutAccountPublicAccessBlock'] }, `${s3Api}/API_control_DeletePublicAccessBlock.html`],
  // A bucket's configurations: "To use this operation, you must have permission to perform the s3:… action."
  ...s3Operations([
    ['PutBucketEncryption', 'PutEncryptionConfiguration'],
    ['GetBucketEncryption', 'GetEncryptionConfiguration'],
    ['DeleteBucketEncryption', 'PutEncryptionConfiguration'],
    ['PutBucketLifecycleConfiguration', 'PutLifecycleConfiguration'],
    ['GetBucketLifecycleConfiguration', 'GetLifecycleConfiguration'],
    ['DeleteBucketLifecycle', 'PutLifecycleConfiguration'],
    ['PutBucketReplication', 'PutReplicationConfiguration'],
    ['GetBucketReplication', 'GetReplicationConfiguration'],
    ['DeleteBucketReplication', 'PutReplicationConfiguration'],
    ['ListObjectVersions', 'ListBucketVersions'],
    ['ListMultipartUploads', 'ListBucketMultipartUploads'],
    ['ListParts', 'ListMultipartUploadParts'],
    ['CreateMultipartUpload', 'PutObject'],
    ['UploadPart', 'PutObject'],
    ['CompleteMultipartUpload', 'PutObject'],
    // Deleting a bucket's tags, CORS rules or ownership controls is putting them.
    ['DeleteBucketTagging', 'PutBucketTagging'],
    ['DeleteBucketCors', 'PutBucketCORS'],
    ['DeleteBucketOwnershipControls', 'PutBucketOwnershipControls'],
    ['PutBucketMetricsConfiguration', 'PutMetricsConfiguration'],
    ['DeleteBucketMetricsConfiguration', 'PutMetricsConfiguration'],
    ['GetBucketMetricsConfiguration', 'GetMetricsConfiguration'],
    ['ListBucketMetricsConfigurations', 'GetMetricsConfiguration'],
    ['PutBucketAnalyticsConfiguration', 'PutAnalyticsConfiguration'],
    ['DeleteBucketAnalyticsConfiguration', 'PutAnalyticsConfiguration'],
    ['GetBucketAnalyticsConfiguration', 'GetAnalyticsConfiguration'],
    ['ListBucketAnalyticsConfigurations', 'GetAnalyticsConfiguration'],
    ['PutBucketInventoryConfiguration', 'PutInventoryConfiguration'],
    ['DeleteBucketInventoryConfiguration', 'PutInventoryConfiguration'],
    ['GetBucketInventoryConfiguration', 'GetInventoryConfiguration'],
    ['ListBucketInventoryConfigurations', 'GetInventoryConfiguration'],
  ]),
  // "You must have s3:GetObject permission to read the source object … s3:PutObject permission to write the object copy."
  ['s3:CopyObject', { allowedBy: '"s3:GetObject" on the source object and "s3:PutObject" on the copy', replacements: ['s3:GetObject', 's3:PutObject'] }, `${s3Api}/API_CopyObject.html`],
  ['s3:UploadPartCopy', { allowedBy: '"s3:GetObject" on the source object and "s3:PutObject" on the copy', replacements: ['s3:GetObject', 's3:PutObject'] }, `${s3Api}/API_UploadPartCopy.html`],
  // "Permissions for Put, Update, Delete, and Get actions are governed by the permissions used for the underlying
  // PutItem, UpdateItem, DeleteItem, and GetItem operations. For the ConditionCheck action, … dynamodb:ConditionCheckItem."
  [
    'dynamodb:TransactWriteItems',
    {
      allowedBy: '"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem" and "dynamodb:ConditionCheckItem", one for each kind of item it writes',
      replacements: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
    },
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html',
  ],
  ['dynamodb:TransactGetItems', { allowedBy: '"dynamodb:GetItem"', replacements: ['dynamodb:GetItem'] }, 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html'],
  // "This API operation requires the following IAM permissions: CreateDistribution, TagResource."
  [
    'cloudfront:CreateDistributionWithTags',
    { allowedBy: '"cloudfront:CreateDistribution" and "cloudfront:TagResource"', replacements: ['cloudfront:CreateDistribution', 'cloudfront:TagResource'] },
    'https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateDistributionWithTags.html',
  ],
  // "You cannot set permissions explicitly for SendMessageBatch, DeleteMessageBatch, or ChangeMessageVisibilityBatch."
  ['sqs:SendMessageBatch', { allowedBy: '"sqs:SendMessage"', replacements: ['sqs:SendMessage'] }, 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api.html'],
  [
    'sqs:DeleteMessageBatch',
    { allowedBy: '"sqs:DeleteMessage"', replacements: ['sqs:DeleteMessage'] },
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api.html',
  ],
  [
    'sqs:ChangeMessageVisibilityBatch',
    { allowedBy: '"sqs:ChangeMessageVisibility"', replacements: ['sqs:ChangeMessageVisibility'] },
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api.html',
  ],
  // ReEncrypt "is authorized twice": as ReEncryptFrom on the source key and ReEncryptTo on the destination key.
  [
    'kms:ReEncrypt',
    { allowedBy: '"kms:ReEncryptFrom" on the source key and "kms:ReEncryptTo" on the destination key, which "kms:ReEncrypt*" grants both', replacements: ['kms:ReEncrypt*'] },
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html',
  ],
  ['bedrock:Converse', { allowedBy: '"bedrock:InvokeModel"', replacements: ['bedrock:InvokeModel'] }, 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html'],
  [
    'bedrock:ConverseStream',
    { allowedBy: '"bedrock:InvokeModelWithResponseStream"', replacements: ['bedrock:InvokeModelWithResponseStream'] },
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html',
  ],
  [
    'bedrock:RetrieveAndGenerateStream',
    { allowedBy: '"bedrock:RetrieveAndGenerate"', replacements: ['bedrock:RetrieveAndGenerate'] },
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_RetrieveAndGenerateStream.html',
  ],
];

function s3Operations(pairs: [operation: string, action: string][]): [string, OperationPermission, string][] {
  return pairs.map(([operation, action]) => [`s3:${operation}`, { allowedBy: `"s3:${action}"`, replacements: [`s3:${action}`] }, `${s3Api}/API_${operation}.html`]);
}

export const operationPermissions: ReadonlyMap<string, OperationPermission> = new Map(entries.map(([operation, permission]) => [operation.toLowerCase(), permission]));

/** The operations as AWS spells them, with where AWS says which action allows each: for tests and the docs. */
export const operationPermissionSources: readonly { operation: string; source: string }[] = entries.map(([operation, , source]) => ({ operation, source }));
