import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { resourcePublic } from './resource-public';
import { marked } from '../../../../test/helpers/marked';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';

test('resource-public flags "*" and {"AWS": "*"} in Allow statements of resource policies', () => {
  const { actual, expected } = spansOf(
    resourcePublic,
    `{"Statement": [
      {"Effect": "Allow", "Principal": «"*"», "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"},
      {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", «"*"»]}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket",
       "Condition": {"StringLike": {"aws:Referer": "https://example.com/*"}}},
      {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    ]}`,
    'resource',
  );
  assert.deepEqual(actual, expected);
});

test('resource-public says "public" and what would limit the caller', () => {
  const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:queue' }] });
  const [problem] = runCheck(resourcePublic, text, 'resource');
  assert.equal(
    problem.message,
    'This statement makes the resource public: it allows "*" (anyone, from any AWS account or none) and it has no condition. Name the principals, or add a condition such as "aws:PrincipalOrgID", "aws:SourceAccount", "aws:SourceVpce" or "aws:SourceIp".',
  );
  const conditioned = JSON.stringify({
    Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:SendMessage', Resource: '*', Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }],
  });
  assert.match(runCheck(resourcePublic, conditioned, 'resource')[0].message, /its conditions do not limit the caller/);
});

test('resource-public accepts pinned callers, named principals, endpoint policies and other policy types', () => {
  const cases: [unknown[], string?][] = [
    [[{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }]],
    [[{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }]],
    [[{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }]],
    [[{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*' }]],
    // A VPC endpoint policy: AWS's default statement, and a filter for Amazon Linux repositories beside it.
    [
      [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*' },
      ],
    ],
    [[{ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 'dynamodb:GetItem'], Resource: 'arn:aws:s3:::bucket/*' }]],
    // A gateway endpoint's perimeter: whose tables a request may reach (DynamoDB sweep). A resource's own policy has
    // no use for the key, its resource's account always.
    [[{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceAccount': '111122223333' } } }]],
    // Trust policies are the trust rules'.
    [[{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }], 'trust'],
  ];
  for (const [statements, type] of cases) {
    assert.deepEqual(runCheck(resourcePublic, JSON.stringify({ Statement: statements }), (type ?? 'resource') as 'resource'), [], JSON.stringify(statements));
  }
});

// aws-samples/amazon-vpc-lattice-secure-apis: auth policies that let in only clients of given VPCs or of one service network.
test('resource-public reads VPC Lattice auth policy keys for the client VPC, its owner and the service network as limits', () => {
  const lattice = (condition: Record<string, unknown>) => JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'vpc-lattice-svcs:Invoke', Resource: '*', Condition: condition }] });
  for (const condition of [
    { StringEquals: { 'vpc-lattice-svcs:SourceVpc': 'vpc-0a1b2c3d4e5f67890' } },
    { StringEquals: { 'vpc-lattice-svcs:SourceVpcOwnerAccount': '111122223333' } },
    { StringNotEquals: { 'aws:PrincipalType': 'Anonymous' }, StringEquals: { 'vpc-lattice-svcs:ServiceNetworkArn': 'arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0a1b2c3d4e5f67890' } },
  ]) {
    assert.deepEqual(runCheck(resourcePublic, lattice(condition), 'resource'), [], JSON.stringify(condition));
  }
  // A request method is no limit on who calls.
  assert.equal(runCheck(resourcePublic, lattice({ StringEquals: { 'vpc-lattice-svcs:RequestMethod': 'GET' } }), 'resource').length, 1);
});

test("resource-public reads the keys of the VPC endpoint's owner (aws:VpceAccount, aws:VpceOrgID, aws:VpceOrgPaths) as limits", () => {
  // VPC endpoint sweep: a network perimeter written with the new keys was said to make the bucket public.
  const bucket = (condition: Record<string, unknown>) =>
    JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*', Condition: condition }] });
  for (const condition of [
    { StringEquals: { 'aws:VpceAccount': '111122223333' } },
    { StringEquals: { 'aws:VpceOrgID': 'o-a1b2c3d4e5' } },
    { 'ForAnyValue:StringLike': { 'aws:VpceOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } },
  ]) {
    assert.deepEqual(runCheck(resourcePublic, bucket(condition), 'resource'), [], JSON.stringify(condition));
  }
  // Any endpoint's owner at all is no limit.
  assert.equal(runCheck(resourcePublic, bucket({ StringLike: { 'aws:VpceAccount': '*' } }), 'resource').length, 1);
});

// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
test('resource-public leaves an Allow to "*" that a Deny fences to fixed callers: private APIs, IP allow lists', () => {
  const policy = (deny: Record<string, unknown>) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', ...deny },
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      ],
    });
  const findings = (deny: Record<string, unknown>) => runCheck(resourcePublic, policy(deny), 'resource').map((p) => p.ruleId);
  assert.deepEqual(findings({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }), []);
  assert.deepEqual(findings({ Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '198.51.100.0/24'] } } }), []);
  assert.deepEqual(findings({ Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }), []);
  // Still public: a range that is most of the internet, a Deny whose other test lets requests through, a Deny of
  // fewer actions or resources than the Allow's, a Deny of one principal, a Deny without a condition on the caller.
  for (const deny of [
    { Condition: { NotIpAddress: { 'aws:SourceIp': '0.0.0.0/1' } } },
    { Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' }, Bool: { 'aws:SecureTransport': 'false' } } },
    { Action: 'execute-api:ManageConnections', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } },
    { Resource: 'execute-api:/prod/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } },
    { Principal: { AWS: 'arn:aws:iam::111122223333:role/x' }, Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } },
    { Condition: { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } } },
  ]) {
    assert.deepEqual(findings(deny), ['resource-public'], JSON.stringify(deny));
  }
});

test('resource-public: a Deny that fences "*" to IP ranges known only at deploy is information, as an Allow pinned so is', () => {
  // The National Archives' API Gateway policy template: AWS's IP allow list, the range a template variable.
  const { text, spans } = marked(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": «"*"», "Action": "execute-api:Invoke", "Resource": "\${api_gateway_arn}/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "\${api_gateway_arn}/*", "Condition": {"NotIpAddress": {"aws:SourceIp": \${vpc_public_ips}}}}
  ]
}`);
  const analysis = analyzeDocument({ text, uri: 'file:///w/templates/api_policy.json.tpl' }, { config: { ...defaultConfiguration, policyTypes: [{ glob: '**/*.tpl', type: 'resource' }] } });
  const found = analysis.problems.filter((p) => p.ruleId === 'resource-public');
  assert.deepEqual(
    found.map((p) => [p.span, p.severity, p.message]),
    [
      [
        spans[0],
        'information',
        'This statement lets "*" in, and a Deny keeps out every caller whose "aws:SourceIp" is not a value known only at deploy time: the resource is public unless that is a range no broader than /8. Make sure it is, or name the principals.',
      ],
    ],
  );
  // A fixed range fences for sure, whatever another Deny at deploy says.
  const fixed = text.replace(
    '"Statement": [',
    '"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "execute-api:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}},',
  );
  assert.deepEqual(
    analyzeDocument({ text: fixed, uri: 'file:///w/templates/api_policy.json.tpl' }, { config: { ...defaultConfiguration, policyTypes: [{ glob: '**/*.tpl', type: 'resource' }] } }).problems.filter(
      (p) => p.ruleId === 'resource-public',
    ),
    [],
  );
});

test('resource-public: a source ARN that names a resource of the template is fixed; a parameter under ArnLike is public unless fixed at deploy', () => {
  // serverless-patterns sns-sqs: SNS may send to the queue, from this template's topic only.
  const { text, spans } = marked(`Parameters:
  SourceArnPattern: {Type: String}
  TopicName: {Type: String}
  OrgId: {Type: String}
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnEquals: {'aws:SourceArn': !Ref Topic}
          - Effect: Allow
            Principal: «"*"»
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnLike: {'aws:SourceArn': !Ref SourceArnPattern}
          - Effect: Allow
            Principal: "*"
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnLike: {'aws:SourceArn': !Sub 'arn:\${AWS::Partition}:sns:\${AWS::Region}:111122223333:\${TopicName}'}
          - Effect: Allow
            Principal: "*"
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              StringEquals: {'aws:PrincipalOrgPaths': !Sub '\${OrgId}/r-ab12/ou-ab12-11111111/*'}
          - Effect: Allow
            Principal: «"*"»
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ForAnyValue:StringLike: {'aws:PrincipalOrgPaths': !Sub '\${OrgId}/*'}
`);
  const problems = analyzeDocument({ text, uri: 'file:///w/queue.yaml', languageId: 'yaml' }, { config: defaultConfiguration }).problems.filter((p) => p.ruleId === 'resource-public');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.deepEqual(
    problems.map((p) => p.severity),
    ['information', 'information'],
  );
  assert.equal(
    problems[0].message,
    'This statement lets "*" in, and "aws:SourceArn" limits the caller to a value known only at deploy time: the resource is public unless that is a value without wildcards. Make sure it is, or name the principals.',
  );
  // An organization path ends in a wildcard as the IAM User Guide writes it: the message asks for the organization's ID.
  assert.equal(
    problems[1].message,
    'This statement lets "*" in, and "aws:PrincipalOrgPaths" limits the caller to a value known only at deploy time: the resource is public unless that is a path that starts with your organization\'s ID. Make sure it is, or name the principals.',
  );
});

test('resource-public: an IP range known at deploy pins the caller when its literal prefix length is /32 or longer', () => {
  const statement = (range: string) => ({ Principal: '"*"', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', Condition: `{IpAddress: {'aws:SourceIp': ${range}}}` });
  assert.deepEqual(runCheckOnTemplateStatement(resourcePublic, statement("!Sub '${OfficeIp}/32'"), 'resource'), []);
  const whole = runCheckOnTemplateStatement(resourcePublic, statement('!Ref OfficeCidr'), 'resource');
  assert.deepEqual(
    whole.map((p) => [p.severity, p.message]),
    [
      [
        'information',
        'This statement lets "*" in, and "aws:SourceIp" limits the caller to a value known only at deploy time: the resource is public unless that is a range no broader than /8. Make sure it is, or name the principals.',
      ],
    ],
  );
  assert.deepEqual(
    runCheckOnTemplateStatement(resourcePublic, statement("!Sub '${OfficeIp}/4'"), 'resource').map((p) => p.severity),
    ['information'],
  );
  assert.deepEqual(
    runCheckOnTemplateStatement(resourcePublic, statement("['0.0.0.0/0', !Sub '${OfficeIp}/32']"), 'resource').map((p) => p.severity),
    ['warning'],
  );
});

test('resource-public leaves conditions known only at deploy time alone: they may pin the caller', () => {
  const statement = (Condition: string) => ({ Principal: '"*"', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', Condition });
  assert.deepEqual(runCheckOnTemplateStatement(resourcePublic, statement('{StringEquals: !GetAtt Conditions.Value}'), 'resource'), []);
  assert.equal(runCheckOnTemplateStatement(resourcePublic, statement("{Bool: {'aws:SecureTransport': 'true'}}"), 'resource').length, 1);
});

test('resource-public: a principal ARN pattern that starts with the ARN of a resource the module makes is one account, not the public', async () => {
  const { terraformReader } = await import('../hosts/terraform/index');
  await terraformReader.prepare!();
  // cisagov's AMI key: "*" in, narrowed to the AMI builder role and the roles named after it, as AWS advises when a
  // principal cannot hold a wildcard.
  const { text, spans } = marked(`resource "aws_iam_role" "builder" {
  name = "ami-builder"
}

data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringLike"
      variable = "aws:PrincipalArn"
      values   = ["\${aws_iam_role.builder.arn}*"]
    }
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [«"*"»]
    }
    condition {
      test     = "StringLike"
      variable = "aws:PrincipalArn"
      values   = ["\${var.role_pattern}*"]
    }
  }
}

resource "aws_kms_key" "amis" {
  policy = data.aws_iam_policy_document.key.json
}
`);
  const problems = analyzeDocument({ text, uri: 'file:///w/kms.tf' }, { config: defaultConfiguration }).problems.filter((p) => p.ruleId === 'resource-public');
  assert.deepEqual(
    problems.map((p) => [p.span, p.severity]),
    [[spans[0], 'warning']],
  );
});

// From a real CDK app: a key policy statement made without resources, then opened to everyone.
test('resource-public leaves a statement without the Resource it needs to resource-missing, but not an ECR one, which needs none', () => {
  const noResource = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:ScheduleKeyDeletion'] }] });
  assert.deepEqual(runCheck(resourcePublic, noResource, 'resource'), []);
  const repository = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }] });
  assert.equal(runCheck(resourcePublic, repository, 'resource').length, 1);
});

// KICS's public SNS topic: a topic's own policy allowing everything to everyone is no endpoint policy's filter.
test('resource-public reports "*" to "*" on "*" where the host names the resource the policy is attached to', () => {
  const { text, spans } = marked(`resource "aws_sns_topic" "alerts" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Principal = { AWS = «"*"» }, Resource = "*" }]
  })
}
resource "aws_vpc_endpoint" "s3" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Principal = { AWS = "*" }, Resource = "*" }]
  })
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///w/main.tf' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'resource-public').map((problem) => problem.span),
    [spans[0]],
  );
});

test('resource-public: a test of no values, or of a ${name} that names no key, lets no one in (guardrail and API sweeps)', () => {
  const statement = (condition: Record<string, unknown>) => ({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: condition });
  // k9's generated key policy, its principals not filled in yet; a CDK app's aws:sourceVpce left as '${vpcEndpointId}'.
  assert.deepEqual(runCheck(resourcePublic, policyWith(statement({ ArnEquals: { 'aws:PrincipalArn': [] } })), 'resource'), []);
  assert.deepEqual(runCheck(resourcePublic, policyWith(statement({ StringEquals: { 'aws:sourceVpce': '${vpcEndpointId}' } })), 'resource'), []);
  // A variable of a request key is the caller's own value: it still lets anyone in.
  assert.equal(runCheck(resourcePublic, policyWith(statement({ StringEquals: { 'aws:SourceVpce': '${aws:username}' } })), 'resource').length, 1);
  assert.equal(runCheck(resourcePublic, policyWith(statement({ StringEquals: { 's3:prefix': 'home/' } })), 'resource').length, 1);
});

test('resource-public leaves alone "*" reading a bucket AWS owns, as a VPC endpoint policy lets ECR and the package repositories through', () => {
  // nationalarchives' S3 endpoint policy (legacy-constructs sweep), as the ECR guide writes the statement.
  const statement = (resource: string) => ({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: [resource] });
  for (const resource of [
    'arn:aws:s3:::prod-${region}-starport-layer-bucket/*',
    'arn:aws:s3:::prod-eu-west-2-starport-layer-bucket/*',
    'arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*',
    'arn:aws:s3:::aws-ssm-eu-west-1/*',
  ]) {
    assert.deepEqual(runCheck(resourcePublic, policyWith(statement(resource)), 'resource'), [], resource);
  }
  // A bucket named like one, but the author's: still public.
  assert.equal(runCheck(resourcePublic, policyWith(statement('arn:aws:s3:::prod-starport-layer-bucket-copy/*')), 'resource').length, 1);
});
