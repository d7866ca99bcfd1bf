import { principalValuesOf } from '../policy/principals';
import { sourceAccountFix } from '../risk/policy-edits';
import { keyTestsOf, sourceKeys, testsAnyKey } from '../risk/trust';
import type { Check } from './check';

/**
 * Services that write to or read your bucket, topic, queue or key for a resource of their own (a trail, a distribution,
 * a bucket's event notifications, a rule) and send that resource's ARN and account as aws:SourceArn and
 * aws:SourceAccount: each one's guide tells you to test them in the resource policy that lets it in, so that a
 * resource of the same service in another account cannot use your resource (the confused deputy problem). A service
 * not listed (one that sends no such keys, or whose guide says nothing) is never reported.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention
 */
const documentedServices: Readonly<Record<string, DocumentedService>> = {
  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
  'cloudtrail.amazonaws.com': {
    who: 'a trail in another account',
    writes: 'a trail in another account can write its logs here',
    on: { sns: 'a trail in another account can publish its notifications to this topic', kms: 'a trail in another account can encrypt its logs with this key' },
  },
  // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
  'config.amazonaws.com': {
    who: "another account's AWS Config",
    writes: "another account's AWS Config can deliver here",
    on: { sns: "another account's AWS Config can publish to this topic", kms: "another account's AWS Config can encrypt with this key" },
  },
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
  's3.amazonaws.com': { who: 'a bucket in another account', writes: 'a bucket in another account can send its event notifications, inventory or exports here' },
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
  'logging.s3.amazonaws.com': { who: 'a bucket in another account', writes: 'a bucket in another account can write its access logs here' },
  // https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html
  'sns.amazonaws.com': { who: 'a topic in another account', writes: 'a topic in another account can send its messages here' },
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
  // A CloudWatch Logs log group is no cross-account target of a rule, so only a rule of the log group's account can write
  // to it: there is no deputy to confuse there (the log sweep's two UNSURE).
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
  'events.amazonaws.com': { who: 'a rule in another account', writes: 'a rule in another account can send its events here', sameAccountOnly: ['logs'] },
  // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
  'cloudfront.amazonaws.com': {
    who: "another account's distribution",
    writes: "any CloudFront distribution, another account's too, can serve what it allows",
    // Origin access control signs PUT and DELETE requests too: a distribution that allows them writes to the origin.
    writing: "any CloudFront distribution, another account's too, can write what it allows into this bucket",
  },
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html
  'delivery.logs.amazonaws.com': { who: "another account's log delivery", writes: "another account's vended logs can be delivered here" },
  // https://docs.aws.amazon.com/ses/latest/dg/receiving-email-permissions.html
  'ses.amazonaws.com': { who: "another account's receipt rules", writes: "another account's receipt rules can write here" },
  // https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html
  'guardduty.amazonaws.com': {
    who: "another account's GuardDuty detector",
    writes: "another account's GuardDuty detector can export its findings here",
    on: { kms: "another account's GuardDuty detector can encrypt its findings with this key" },
  },
  // Cost and Usage Reports and Data Exports deliver into a bucket whose policy the billing console writes with both
  // keys (`arn:aws:cur:us-east-1:<account>:definition/*`, `arn:aws:bcm-data-exports:us-east-1:<account>:export/*`).
  // https://docs.aws.amazon.com/cur/latest/userguide/cur-s3.html, https://docs.aws.amazon.com/cur/latest/userguide/dataexports-s3-bucket.html
  'billingreports.amazonaws.com': { who: "another account's cost and usage report", writes: "another account's cost and usage reports can be delivered here" },
  'bcm-data-exports.amazonaws.com': { who: "another account's data export", writes: "another account's data exports can be delivered here" },
  // https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateQueryLoggingConfig.html
  'route53.amazonaws.com': { who: "another account's hosted zone", writes: "another account's hosted zone can write its query logs here" },
};

// CloudWatch Logs encrypting log groups with a key, by its Regional principal (`logs.eu-west-1.amazonaws.com`): its guide's
// key policy ties the key to the account's log groups with kms:EncryptionContext:aws:logs:arn (or aws:SourceArn).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
const regionalLogs: DocumentedService = { who: "another account's log groups", writes: "another account's log groups can be encrypted with this key" };

function documentedServiceOf(principal: string): DocumentedService | undefined {
  const lower = principal.toLowerCase();
  return documentedServices[lower] ?? (/^logs\.(?:[a-z]{2}(?:-[a-z]+)+-\d+|\$\{[^}]+\})\.amazonaws\.com(?:\.cn)?$/.test(lower) ? regionalLogs : undefined);
}

interface DocumentedService {
  /** Whom the service acts for, in another account. */
  who: string;
  /** What that lets it do here, said of the resource the service's guide gives it (a bucket). */
  writes: string;
  /** The same, for a statement whose actions are all of another service: `sns` (a topic), `kms` (a key). */
  on?: Readonly<Record<string, string>>;
  /** The same, for a statement that writes where the service's own use only reads. */
  writing?: string;
  /** Services of the resource kinds this service acts on only in its own account, where the statement is not reported. */
  sameAccountOnly?: readonly string[];
}

/** The one service prefix of a statement's actions (`sns` for `sns:Publish`), or undefined when they have several or `*`. */
function actionServiceOf(actions: readonly { value: string }[]): string | undefined {
  const services = new Set(actions.map(({ value }) => value.slice(0, Math.max(0, value.indexOf(':'))).toLowerCase()));
  const [only] = services;
  return services.size === 1 && only && !only.includes('*') ? only : undefined;
}

/** An action, or a wildcard of them, that writes or deletes an object: `s3:PutObject`, `s3:DeleteObject*`, `s3:*`. */
const OBJECT_WRITE = /^s3:(?:put|delete|\*)/i;

/** An action, or a wildcard of them, that reads or lists: `s3:GetBucketAcl`, `s3:List*`, `sns:GetTopicAttributes`. */
const READ_ACTION = /^[a-z0-9-]+:(?:get|list|describe|head)[a-z0-9*]*$/i;

export const resourceConfusedDeputy: Check = {
  id: 'resource-confused-deputy',
  severity: 'warning',
  description:
    "A bucket, topic, queue or key policy that lets a service such as CloudTrail, CloudFront, S3 event notifications, SNS or EventBridge in should name the resource it acts for (aws:SourceArn) or its account (aws:SourceAccount): otherwise that service can be made to use it for another account's resource.",
  run({ policy, policyType, report }) {
    if (policyType !== 'resource') return;
    for (const statement of policy.statements) {
      if (statement.effect?.value?.value !== 'Allow' || !statement.principal || testsAnyKey(statement, sourceKeys) || testsEncryptionContext(statement)) continue;
      // Invoking a function is lambda-permission-source's.
      const actions = statement.action?.values ?? [];
      if (actions.length > 0 && actions.every(({ value }) => /^lambda:invoke/i.test(value))) continue;
      const principals = [...principalValuesOf(statement)].filter((p) => p.element === 'Principal');
      const services = principals.filter((p) => p.type === 'Service' && documentedServiceOf(p.value.value) !== undefined);
      // The condition applies to every principal of the statement; others would not pass the key.
      const fixable = services.length === principals.length;
      // A statement that only reads (CloudTrail's s3:GetBucketAcl check, a ListBucket) lets no one write here.
      const readsOnly = actions.length > 0 && actions.every(({ value }) => READ_ACTION.test(value));
      const actionService = actionServiceOf(actions);
      for (const { value } of services) {
        const service = documentedServiceOf(value.value)!;
        if (actionService && service.sameAccountOnly?.includes(actionService)) continue;
        const risk =
          readsOnly && value.value.toLowerCase() !== 'cloudfront.amazonaws.com'
            ? `the service can read this for ${service.who} too`
            : service.writing && actions.some(({ value: action }) => OBJECT_WRITE.test(action))
              ? service.writing
              : ((actionService && service.on?.[actionService]) ?? (actionService === 'kms' && service !== regionalLogs ? `${service.who} can use this key` : service.writes));
        if (service === regionalLogs) {
          report(
            value.span,
            `"${value.value}" is let in without a condition on "kms:EncryptionContext:aws:logs:arn", so ${risk} (the confused deputy problem). Name your log groups in that condition, as CloudWatch Logs' guide does.`,
          );
          continue;
        }
        report(
          value.span,
          `"${value.value}" is let in without an "aws:SourceArn" or "aws:SourceAccount" condition, so ${risk} (the confused deputy problem). Name the resource it acts for with "aws:SourceArn", or your account with "aws:SourceAccount".`,
          { fixes: fixable ? sourceAccountFix(policy.text, statement) : [] },
        );
      }
    }
  },
};

// A KMS key policy names what the service encrypts for through its encryption context (CloudTrail's
// kms:EncryptionContext:aws:cloudtrail:arn, as its guide's key policy does), which also ties the key to your resources.
function testsEncryptionContext(statement: Parameters<typeof keyTestsOf>[0]): boolean {
  return keyTestsOf(statement).some(({ entry }) => /^kms:encryptioncontext:/i.test(entry.key));
}
