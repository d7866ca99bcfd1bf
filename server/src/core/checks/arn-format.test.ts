import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, hostReading, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
import { arnFormat } from './arn-format';

test('arn-format flags Resource values that are no ARN', () => {
  const { actual, expected } = spansOf(
    arnFormat,
    '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": ["«my-queue»", "arn:aws:sqs:us-east-1:123456789012:q"], "NotResource": "«*/*»"}]}',
  );
  assert.deepEqual(actual, expected);
});

test('arn-format says what an ARN looks like', () => {
  const [problem] = runCheck(arnFormat, policyWith({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'my-queue' }));
  assert.equal(problem.message, 'Resource "my-queue" is not an ARN. Use "*" or an ARN of the form arn:partition:service:region:account-id:resource, such as "arn:aws:s3:::my-bucket".');
  assert.equal(problem.fixes, undefined);
});

test('arn-format says a Resource that is a placeholder left in is one', () => {
  // cloudfoundry/bosh-aws-cpi-release documents its policy with a BOSH variable, ((kms_key_arn)).
  for (const resource of ['((kms_key_arn))', '<KMS_KEY_ARN>', 'YOUR_BUCKET_ARN']) {
    const [problem] = runCheck(arnFormat, policyWith({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: resource }));
    assert.equal(problem.message, `Resource "${resource}" is a placeholder left in, not an ARN. Replace it with the ARN of the resource this statement is for, or "*" for every resource.`);
  }
});

// An SST app writes `pulumi.interpolate\`[ ${table.arn}, ${table.arn}/index/* ]\`` as one Resource string.
test('arn-format says a list written inside one string is one', () => {
  const [problem] = runCheck(
    arnFormat,
    policyWith({ Effect: 'Allow', Action: 'dynamodb:Query', Resource: '[ arn:aws:dynamodb:us-east-1:111122223333:table/t, arn:aws:dynamodb:us-east-1:111122223333:table/t/index/* ]' }),
  );
  assert.match(problem.message, /^Resource "\[ arn:aws:dynamodb:.*" is a list written inside one string, so it is one value and no ARN\. Write each ARN as an item of the list itself\.$/);
});

test('arn-format turns a bare bucket name into an S3 ARN in a statement with S3 actions', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["my-bucket/*", "logs.example.com"]}]}';
  const problems = runCheck(arnFormat, text);
  assert.equal(problems.length, 2);
  assert.equal(problems[0].message, 'Resource "my-bucket/*" is not an ARN. For the S3 objects, use "arn:aws:s3:::my-bucket/*".');
  assert.equal(applyFix(text, problems[0]), '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::my-bucket/*", "logs.example.com"]}]}');
  assert.equal(applyFix(text, problems[1]), '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["my-bucket/*", "arn:aws:s3:::logs.example.com"]}]}');
});

test('arn-format fixes a missing or upper-case arn prefix', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["aws:s3:::b/*", "ARN:aws:s3:::c/*"]}]}';
  const { actual, expected } = spansOf(arnFormat, '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["«aws:s3:::b/*»", "«ARN»:aws:s3:::c/*"]}]}');
  assert.deepEqual(actual, expected);
  const [missing, upper] = runCheck(arnFormat, text);
  assert.equal(missing.message, '"aws:s3:::b/*" is missing the "arn:" prefix. Add "arn:" at the start.');
  assert.equal(applyFix(text, missing), text.replace('"aws:s3', '"arn:aws:s3'));
  assert.equal(applyFix(text, upper), text.replace('ARN:', 'arn:'));
});

test('arn-format removes a partition written before the arn prefix, rather than adding another prefix', () => {
  // si-page/template-buckets-example (Terraform composition sweep): the fix wrote "arn:aws:arn:aws:s3:::…".
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "aws:arn:aws:s3:::b/*"}]}';
  const [problem] = runCheck(arnFormat, text);
  assert.equal(problem.message, '"aws:arn:aws:s3:::b/*" starts with "aws:" before its "arn:" prefix. Remove it: an ARN starts with "arn:".');
  assert.equal(applyFix(text, problem), text.replace('aws:arn:aws:s3', 'arn:aws:s3'));
});

test('arn-format removes spaces around an ARN', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": " arn:aws:s3:::b/* "}]}';
  const [problem] = runCheck(arnFormat, text);
  assert.equal(problem.message, '" arn:aws:s3:::b/* " has spaces around the ARN, so it is not one. Remove them.');
  assert.equal(applyFix(text, problem), text.replace('" arn:aws:s3:::b/* "', '"arn:aws:s3:::b/*"'));
});

test('arn-format warns of a space at the end of a well-formed ARN, which IAM reads as part of the name, and removes it', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": ["arn:aws:execute-api:eu-central-1:*:* ", "arn:aws:execute-api:eu-central-1:*:api/*"]}]}';
  const problems = runCheck(arnFormat, text);
  assert.deepEqual(
    problems.map((problem) => [text.slice(problem.span.start, problem.span.end), problem.severity]),
    [['arn:aws:execute-api:eu-central-1:*:* ', 'warning']],
  );
  assert.equal(problems[0].message, '"arn:aws:execute-api:eu-central-1:*:* " ends with a space, which IAM reads as part of the resource name: it matches only names that end with one. Remove it.');
  assert.equal(applyFix(text, problems[0]), text.replace(':*:* "', ':*:*"'));
  const trust = '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/ops  "}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
  const [principal] = runCheck(arnFormat, trust);
  assert.match(principal.message, /ends with a space, which is read as part of the name: no principal has such a name, so the policy is rejected/);
});

test('arn-format flags an ARN with too few fields and fixes an S3 one', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": ["arn:aws:s3::my-bucket", "arn:aws:sns"]}]}';
  const { actual, expected } = spansOf(arnFormat, '{"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": ["«arn:aws:s3::my-bucket»", "«arn:aws:sns»"]}]}');
  assert.deepEqual(actual, expected);
  const [s3, sns] = runCheck(arnFormat, text);
  assert.equal(
    sns.message,
    'ARN "arn:aws:sns" has 3 of the 6 fields an ARN needs: arn:partition:service:region:account-id:resource. Leave a field empty (::) where the resource has no Region or account.',
  );
  assert.equal(applyFix(text, s3), text.replace('arn:aws:s3::my-bucket', 'arn:aws:s3:::my-bucket'));
  assert.equal(sns.fixes, undefined);
});

// The Terraform provider's example for OpenSearch log publishing: a `*` that ends a segment reaches past the colons
// after it, in Resource (not in a principal, which takes no wildcard).
test('arn-format accepts a Resource ARN whose last segment ends in a "*" that stands for the fields after it', () => {
  const text = JSON.stringify({
    Statement: [
      {
        Effect: 'Allow',
        Action: 'logs:PutLogEvents',
        // The last two as an AWS Quick Start (aws-quickstart, Amazon Connect AgentTrack) writes them.
        Resource: ['arn:aws:logs:*', 'arn:aws:logs:us-east-1:*', 'arn:aws:logs:us-east-*', 'arn:aws:logs:us-east-1:123456789012*', 'arn:aws:logs:us-east-1:${AWS::AccountId}*'],
        NotResource: 'arn:aws:s3:*',
      },
    ],
  });
  assert.deepEqual(runCheck(arnFormat, text), []);
  const { actual, expected } = spansOf(
    arnFormat,
    '{"Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": ["«arn:aws:logs:*:x»", "«arn:aws:logs»", "«arn:aws:s3::my-bucket/*»", "«arn:aws:logs:us-east-1:my-account*»"]}]}',
  );
  assert.deepEqual(actual, expected);
});

test('arn-format checks ARN-typed condition values and IAM principal ARNs', () => {
  const { actual, expected } = spansOf(
    arnFormat,
    '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["ARN:aws:iam::123456789012:root", "«arn:aws:iam::123456789012»"]}, "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": ["«arn:aws:sns:us-east-1:123456789012»", "«aws:sns:us-east-1:123456789012:t»"]}}}]}',
    'resource',
  );
  // principal-format reports "ARN:aws:iam::…"; only principals that start like an IAM or STS ARN are ours.
  assert.deepEqual(actual, expected);
});

test('arn-format flags a value that is no ARN under an ARN operator', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"ArnEquals": {"aws:SourceArn": "my-topic"}}}]}';
  const [problem] = runCheck(arnFormat, text);
  assert.equal(problem.message, '"my-topic" is not an ARN, so ArnEquals never matches it. Use an ARN of the form arn:partition:service:region:account-id:resource, or "*".');
});

test('arn-format accepts ARNs, "*", condition patterns and values that are no ARN at all', () => {
  const text = JSON.stringify({
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: ['*', '**', 'arn:aws:s3:::b/*', 'arn:aws:s3:::${aws:username}/*'] },
      {
        Effect: 'Allow',
        Principal: { AWS: ['123456789012', '*'] },
        Action: 'sqs:SendMessage',
        Resource: 'arn:aws:sqs:*:*:*',
        Condition: {
          StringLike: { 'codestar-notifications:NotificationsForResource': 'arn:aws:codepipeline:*' },
          StringEquals: { 'aws:SourceArn': 'not-an-arn', 'aws:SourceAccount': 'aws:x:y:z:w' },
          ArnLike: { 'aws:SourceArn': ['*', 'arn:aws:sns:*'] },
        },
      },
    ],
  });
  assert.deepEqual(runCheck(arnFormat, text, 'resource'), []);
});

// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
test("arn-format takes API Gateway's execute-api:/stage/METHOD/path in a resource policy, and only there", () => {
  const apiPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'execute-api:Invoke', Resource: ['execute-api:/prod/GET/pets', 'execute-api:/*/*/*'] },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } },
    ],
  });
  assert.deepEqual(runCheck(arnFormat, apiPolicy, 'resource'), []);
  // An identity policy names the API by its ARN: IAM does not expand the shorthand there.
  const { actual, expected } = spansOf(arnFormat, '{"Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "«execute-api:/prod/GET/pets»"}]}', 'identity');
  assert.deepEqual(actual, expected);
});

// From real bucket and queue policies: the names were left for someone to fill in.
test('arn-format flags a placeholder left in the resource of an ARN, in Resource and in ARN conditions', () => {
  const { actual, expected } = spansOf(
    arnFormat,
    `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
      "Resource": ["arn:aws:s3:::«<BUCKET_NAME>»/AWSLogs/*", "arn:aws:s3:::«YOUR_BUCKET»/*", "arn:aws:s3:::«((logs_bucket))»/*", "arn:aws:s3:::logs-«<year>»/*", "arn:aws:s3:::«< CHUNK BUCKET NAME >»/*", "arn:aws:s3:::logs/*", "arn:aws:s3:::logs/<not a placeholder>"],
      "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/«<your-trail-name>»"}}}]}`,
    'resource',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(arnFormat, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::<BUCKET_NAME>/*' }));
  assert.equal(problem.message, '"<BUCKET_NAME>" is a placeholder left in, so this ARN names no resource. Replace it with the name it stands for, or "*".');
});

// From a real external-dns policy: the zone written by its domain name.
test('arn-format flags a Route 53 hosted zone written by its domain name', () => {
  const { actual, expected } = spansOf(
    arnFormat,
    `{"Statement": [{"Effect": "Allow", "Action": "route53:ChangeResourceRecordSets",
      "Resource": ["arn:aws:route53:::hostedzone/«example.com»", "arn:aws:route53:::hostedzone/Z1D633PJN98FT9", "arn:aws:route53:::hostedzone/*", "arn:aws:route53:::hostedzone/\${ZoneId}"]}]}`,
  );
  assert.deepEqual(actual, expected);
});

test('arn-format flags an empty Resource or NotResource value on its quotes, and leaves an empty condition value alone', () => {
  // An S3 Batch Operations role written in Python (S3 sweep): IAM refuses "Resource": "".
  const { actual, expected } = spansOf(
    arnFormat,
    '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": «""»}, {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": ["arn:aws:s3:::b/*", «""»], "Condition": {"StringEquals": {"aws:SourceArn": ""}}}]}',
  );
  assert.deepEqual(actual, expected);
  assert.equal(
    runCheck(arnFormat, '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ""}]}')[0].message,
    'Resource "" is empty, which IAM rejects: it names no resource. Write an ARN, or "*" for every resource.',
  );
});

test('arn-format calls a word in capitals where an ARN goes a placeholder left in', () => {
  // awsdocs' CreatePolicy examples in Java (Go and Java sweep): "Resource": "RESOURCE_ARN".
  const [problem] = runCheck(arnFormat, '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "RESOURCE_ARN"}]}');
  assert.equal(problem.message, 'Resource "RESOURCE_ARN" is a placeholder left in, not an ARN. Replace it with the ARN of the resource this statement is for, or "*" for every resource.');
  // A word that could name a bucket is still offered as one.
  assert.match(runCheck(arnFormat, '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "reports"}]}')[0].message, /use "arn:aws:s3:::reports"/);
});

test('arn-format flags a whole ARN written after an ARN prefix, and removes the prefix', () => {
  // Backup sweep: `"arn:aws:s3:::${aws_s3_bucket.content.arn}/*"` renders an ARN inside an ARN, which names no object.
  const { text, spans } = marked(`Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource:
              - !Sub '«arn:aws:s3:::\${Bucket.Arn}»/*'
              - !Sub '\${Bucket.Arn}/*'
              - !Sub 'arn:aws:s3:::\${Bucket}/*'
`);
  const { analysis } = hostReading(text, 'file:///w/template.yaml');
  const found = analysis.problems.filter((problem) => problem.ruleId === 'arn-format');
  assert.deepEqual(
    found.map((problem) => problem.span),
    spans,
  );
  // In a plain JSON policy the fix removes the prefix (a template's `!Sub` strings take no fixes yet).
  const json = `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::\${Bucket.Arn}/*"}]}`;
  const problem = runCheck(arnFormat, json).find((each) => each.message.includes('whole ARN'));
  assert.equal(problem, undefined, 'a policy file has no placeholders to know as ARNs');
});

// Storage sweep: a replication role's kms:Decrypt tested the object's ARN S3 gives KMS, written around an ARN.
test('arn-format flags a whole ARN written after an ARN prefix in a condition value of a key that holds text', () => {
  const { text, spans } = marked(`Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: kms:Decrypt
            Resource: '*'
            Condition:
              StringLike:
                kms:EncryptionContext:aws:s3:arn: !Sub '«arn:aws:s3:::\${Bucket.Arn}»/*'
                kms:ViaService: !Sub 's3.\${AWS::Region}.amazonaws.com'
          - Effect: Allow
            Action: kms:Decrypt
            Resource: '*'
            Condition:
              StringLike:
                kms:EncryptionContext:aws:s3:arn: !Sub '\${Bucket.Arn}/*'
`);
  const { analysis } = hostReading(text, 'file:///w/template.yaml');
  const found = analysis.problems.filter((problem) => problem.ruleId === 'arn-format');
  assert.deepEqual(
    found.map((problem) => problem.span),
    spans,
  );
  assert.match(found[0].message, /renders an ARN inside an ARN \("arn:aws:s3:::arn:…"\), which no request carries\./);
});

test('arn-format leaves a short ARN alone where a value known at deploy may fill several fields; one named for a field fills one', () => {
  // A CodeBuild module renders `${iface_resource}` as "<region>:<account>" (CodePipeline sweep): its policy drew an error.
  const { text, spans } = marked(`{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "ec2:CreateNetworkInterfacePermission", "Resource": "arn:aws:ec2:\${iface_resource}:network-interface/*"},
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "«arn:aws:s3:\${region}:bucket/*»"}
]}`);
  const { analysis } = hostReading(text, 'file:///w/policy.json.tpl');
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'arn-format').map((problem) => problem.span),
    spans,
  );
});
