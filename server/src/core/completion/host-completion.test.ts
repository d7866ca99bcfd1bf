import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptCompletion } from '../../../../test/helpers/completion';
import { marked } from '../../../../test/helpers/marked';
import { analyzeDocument, policyAt } from '../analyze';
import { getCatalog } from '../catalog/catalog';
import { defaultConfiguration } from '../config/configuration';
import { completionHostOf } from '../hosts/completion-host';
import { prepareHostReaders } from '../hosts/index';
import { completionsAt, type Completion } from './completion';
import { completionAnchor } from './model-context';

before(async () => {
  await prepareHostReaders();
});

const uris: Record<string, string> = { yaml: 'file:///w/template.yaml', json: 'file:///w/template.json', terraform: 'file:///w/main.tf' };

/** The completions at the cursor of a host document, as the editor asks for them. `cursor` overrides the `|` marker (YAML block scalars use `|`). */
function complete(source: string, languageId: 'yaml' | 'json' | 'terraform', cursorMark?: string): { text: string; items: Completion[] } {
  const { text, cursor } = cursorMark ? { text: source.replace(cursorMark, ''), cursor: source.indexOf(cursorMark) } : marked(source);
  const analysis = analyzeDocument({ text, uri: uris[languageId], languageId }, { config: defaultConfiguration });
  const at = policyAt(analysis, cursor) ?? policyAt(analysis, completionAnchor(text, cursor));
  assert.ok(at, 'a policy at the cursor');
  const host = completionHostOf(at, analysis.kind, text);
  assert.ok(host, 'a host writer');
  return { text, items: completionsAt({ policy: at.policy, offset: cursor, catalog: getCatalog(), policyType: at.policyType, host }) };
}

/** The whole document after accepting the completion with `label`, snippet tab stops reduced to their default text. */
function accept(source: string, languageId: 'yaml' | 'json' | 'terraform', label: string, cursorMark?: string): string {
  const { text, items } = complete(source, languageId, cursorMark);
  return acceptCompletion(text, items, label);
}

const yamlRole = (statement: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
${statement}
`;

test('YAML: completes actions in a plain scalar, service first, and writes plain YAML', () => {
  const source = yamlRole(`              - Effect: Allow
                Action: s3:GetOb|
                Resource: "*"`);
  assert.equal(
    accept(source, 'yaml', 's3:GetObject'),
    yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"`),
  );
  const dyn = yamlRole(`              - Effect: Allow
                Action:
                  - dyn|
                Resource: "*"`);
  const { items } = complete(dyn, 'yaml');
  const dynamodb = items.find((i) => i.label === 'dynamodb')!;
  assert.equal(dynamodb.insertText, 'dynamodb:$0');
  assert.equal(dynamodb.filterText, 'dynamodb');
  assert.equal(dynamodb.retrigger, true);
});

test('YAML: keeps the scalar style, and quotes a value YAML would read otherwise', () => {
  const quoted = yamlRole(`              - Effect: Allow
                Action: ['s3:Get|']
                Resource: "*"`);
  assert.equal(
    accept(quoted, 'yaml', 's3:GetObject'),
    yamlRole(`              - Effect: Allow
                Action: ['s3:GetObject']
                Resource: "*"`),
  );
  const star = yamlRole(`              - Effect: Allow
                Action: s3:|
                Resource: "*"`);
  // A plain `*` would start an alias.
  const { items } = complete(
    yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: ar|`),
    'yaml',
  );
  assert.equal(items.find((i) => i.label === '*')?.insertText, "'*'");
  assert.equal(
    accept(star, 'yaml', 's3:*'),
    yamlRole(`              - Effect: Allow
                Action: s3:*
                Resource: "*"`),
  );
});

test('YAML: completes resource ARN templates of the statement actions as snippets, unquoted', () => {
  const source = yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: arn|`);
  const { items } = complete(source, 'yaml');
  const object = items.find((i) => i.label === 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  assert.ok(object);
  assert.equal(object.insertText, 'arn:${1:aws}:s3:::${2:BucketName}/${3:ObjectName}');
  assert.equal(
    accept(source, 'yaml', object.label),
    yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: arn:aws:s3:::BucketName/ObjectName`),
  );
});

const queueArn = 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}';
const subQueueArn = 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}';

test('YAML: a resource ARN in a !Sub string names the partition, Region and account as pseudo parameters', () => {
  const statement = (resource: string) =>
    yamlRole(`              - Effect: Allow
                Action: sqs:SendMessage
                Resource: ${resource}`);
  const { items } = complete(statement("!Sub 'arn|'"), 'yaml');
  const queue = items.find((i) => i.label === subQueueArn);
  assert.ok(queue, 'the ARN labelled as it is written');
  assert.equal(queue.insertText, 'arn:${1:\\${AWS::Partition\\}}:sqs:${2:\\${AWS::Region\\}}:${3:\\${AWS::AccountId\\}}:${4:QueueName}');
  // The content of the Sub's string is replaced, in its quoting; the tag and a list form's variables stay.
  const written = "'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:QueueName'";
  assert.equal(accept(statement("!Sub 'arn|'"), 'yaml', subQueueArn), statement(`!Sub ${written}`));
  assert.equal(accept(statement("!Sub 'arn:${AWS::Partition}:s|'"), 'yaml', subQueueArn), statement(`!Sub ${written}`));
  assert.equal(accept(statement('!Sub "arn|"'), 'yaml', subQueueArn), statement(`!Sub "${written.slice(1, -1)}"`));
  assert.equal(accept(statement('!Sub arn|'), 'yaml', subQueueArn), statement(`!Sub ${written.slice(1, -1)}`));
  assert.equal(accept(statement("!Sub ['arn|', {Queue: !Ref Q}]"), 'yaml', subQueueArn), statement(`!Sub [${written}, {Queue: !Ref Q}]`));
  assert.equal(accept(statement('\n                  Fn::Sub: arn|'), 'yaml', subQueueArn), statement(`\n                  Fn::Sub: ${written.slice(1, -1)}`));
  // A plain string in a flow sequence cannot hold braces: it is quoted.
  assert.equal(accept(statement('[!Sub arn|]'), 'yaml', subQueueArn), statement(`[!Sub ${written}]`));
  // Without Sub the values stay literal, as before.
  assert.equal(accept(statement('arn|'), 'yaml', queueArn), statement('arn:aws:sqs:Region:Account:QueueName'));
  assert.ok(!complete(statement('arn|'), 'yaml').items.some((i) => i.label === subQueueArn));
});

test('JSON: a resource ARN under Fn::Sub, and in a policy that is a !Sub string, is written with pseudo parameters, unescaped', () => {
  const json = (resource: string) => `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": ${resource}}]
        }
      }
    }
  }
}`;
  assert.equal(accept(json('{"Fn::Sub": "arn|"}'), 'json', subQueueArn), json('{"Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:QueueName"}'));
  assert.equal(accept(json('"arn|"'), 'json', queueArn), json('"arn:aws:sqs:Region:Account:QueueName"'));
  const block = `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Sub |
        {"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn‸"}]}
`;
  // `${` the user types there is written `${!`; the pseudo parameters completion writes are substitutions.
  assert.equal(accept(block, 'yaml', subQueueArn, '‸'), block.replace('arn‸', 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:QueueName'));
});

test('YAML: completes condition operators and keys as mapping keys, keeping their values', () => {
  const operator = yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
                Condition:
                  StringEq|:
                    aws:PrincipalTag/team: blue`);
  assert.equal(accept(operator, 'yaml', 'StringEquals'), operator.replace('StringEq|', 'StringEquals'));
  const key = yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
                Condition:
                  StringEquals:
                    s3:ExistingObj|: blue`);
  const { items } = complete(key, 'yaml');
  assert.ok(
    items.some((i) => i.label === 'aws:SourceVpc'),
    'global keys',
  );
  assert.equal(accept(key, 'yaml', 's3:ExistingObjectTag/<key>'), key.replace('s3:ExistingObj|', 's3:ExistingObjectTag/key'));
});

test('YAML: completes principals and the Effect value', () => {
  const trust = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Al|
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
`;
  assert.equal(accept(trust, 'yaml', 'Allow'), trust.replace('Al|', 'Allow'));
  const service = trust.replace('Al|', 'Allow').replace('lambda.amazonaws.com', 'ec2|');
  assert.equal(accept(service, 'yaml', 'ec2.amazonaws.com'), trust.replace('Al|', 'Allow').replace('lambda.amazonaws.com', 'ec2.amazonaws.com'));
});

test('YAML: a policy variable is written ${…} in a plain scalar and ${!…} under !Sub', () => {
  const plain = yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: arn:aws:s3:::bucket/\${aws:user|`);
  assert.equal(accept(plain, 'yaml', 'aws:username'), plain.replace('${aws:user|', '${aws:username}'));
  const sub = yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::bucket/\${aws:user|'`);
  assert.equal(accept(sub, 'yaml', 'aws:username'), sub.replace('${aws:user|', '${!aws:username}'));
});

test('YAML: completes inside a JSON policy under !Sub |, escaping variables for Fn::Sub', () => {
  const source = `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Sub |
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Action": "s3:GetOb‸",
            "Resource": "arn:\${AWS::Partition}:s3:::bucket/\${aws:user‸"
          }]
        }
`;
  const first = source.slice(0, source.lastIndexOf('‸')) + source.slice(source.lastIndexOf('‸') + 1);
  assert.equal(accept(first, 'yaml', 's3:GetObject', '‸'), source.replace('s3:GetOb‸', 's3:GetObject').replace('‸', ''));
  const second = source.replace('s3:GetOb‸', 's3:GetObject');
  assert.equal(accept(second, 'yaml', 'aws:username', '‸'), second.replace('${aws:user‸', '${!aws:username}'));
});

test('JSON template: completes actions and condition keys as JSON', () => {
  const source = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": ["s3:GetOb|"], "Resource": "*", "Condition": {"Bool": {"aws:SecureTr": "true"}}}]
        }
      }
    }
  }
}`;
  assert.equal(accept(source, 'json', 's3:GetObject'), source.replace('s3:GetOb|', 's3:GetObject'));
  const key = source.replace('s3:GetOb|', 's3:GetObject').replace('aws:SecureTr', 'aws:SecureTr|');
  assert.equal(accept(key, 'json', 'aws:SecureTransport'), key.replace('aws:SecureTr|', 'aws:SecureTransport'));
});

const tf = (statement: string) => `data "aws_iam_policy_document" "read" {
  statement {
${statement}
  }
}
`;

test('Terraform: completes actions, operators, condition keys and principals in aws_iam_policy_document', () => {
  const actions = tf(`    actions   = ["s3:GetOb|"]
    resources = ["*"]`);
  assert.equal(accept(actions, 'terraform', 's3:GetObject'), actions.replace('s3:GetOb|', 's3:GetObject'));
  const condition = tf(`    actions   = ["s3:GetObject"]
    resources = ["*"]
    condition {
      test     = "StringEq|"
      variable = "aws:PrincipalTag/team"
      values   = ["blue"]
    }`);
  assert.equal(accept(condition, 'terraform', 'StringEquals'), condition.replace('StringEq|', 'StringEquals'));
  const variable = condition.replace('StringEq|', 'StringEquals').replace('aws:PrincipalTag/team', 'aws:SecureTr|');
  assert.equal(accept(variable, 'terraform', 'aws:SecureTransport'), variable.replace('aws:SecureTr|', 'aws:SecureTransport'));
  const principals = tf(`    actions = ["sts:AssumeRole"]
    principals {
      type        = "Serv|"
      identifiers = ["ec2.amazonaws.com"]
    }`);
  assert.equal(accept(principals, 'terraform', 'Service'), principals.replace('Serv|', 'Service'));
  const identifiers = principals.replace('Serv|', 'Service').replace('ec2.amazonaws.com', 'lambda|');
  assert.equal(accept(identifiers, 'terraform', 'lambda.amazonaws.com'), identifiers.replace('lambda|', 'lambda.amazonaws.com'));
  // The HCL attribute names are the host's, not policy elements to complete; the implied Effect is no value to replace.
  assert.deepEqual(complete(tf(`    acti|ons = ["s3:GetObject"]`), 'terraform').items, []);
  assert.deepEqual(complete(tf(`    actions = ["s3:GetObject"]`).replace('statement', 'stat|ement'), 'terraform').items, []);
});

test('Terraform: a policy variable is &{…} in aws_iam_policy_document and $${…} in jsonencode', () => {
  const document = tf(`    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::bucket/&{aws:user|"]`);
  assert.equal(accept(document, 'terraform', 'aws:username'), document.replace('&{aws:user|', '&{aws:username}'));
  const encoded = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetOb|"]
      Resource = "arn:aws:s3:::bucket/$\${aws:user‸"
    }]
  })
}
`;
  const first = encoded.replace('‸', '');
  assert.equal(accept(first, 'terraform', 's3:GetObject'), first.replace('s3:GetOb|', 's3:GetObject'));
  const second = encoded.replace('s3:GetOb|', 's3:GetObject');
  assert.equal(accept(second, 'terraform', 'aws:username', '‸'), second.replace('$${aws:user‸', '$${aws:username}'));
});

test('Terraform: completes in heredoc JSON', () => {
  const source = `resource "aws_iam_policy" "p" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "ec2:Descr|", "Resource": "*"}]
}
EOF
}
`;
  assert.equal(accept(source, 'terraform', 'ec2:DescribeInstances'), source.replace('ec2:Descr|', 'ec2:DescribeInstances'));
});

test('YAML: a statement key typed on a new line is completed with a value in flow syntax; one with a value keeps it', () => {
  const source = yamlRole(`              - Effect: Allow
                Resource: "*"
                Act|`);
  assert.equal(
    accept(source, 'yaml', 'Action'),
    yamlRole(`              - Effect: Allow
                Resource: "*"
                Action: [""]`),
  );
  const { items } = complete(source, 'yaml');
  assert.ok(!items.some((i) => i.label === 'Resource' || i.label === 'NotResource'), 'keys present or excluded by Resource are not offered');
  const condition = yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
                Cond|`);
  assert.equal(
    accept(condition, 'yaml', 'Condition'),
    yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
                Condition: { "StringEquals": { "aws:PrincipalTag/team": "" } }`),
  );
  const renamed = yamlRole(`              - Effect: Allow
                NotAct|: s3:GetObject
                Resource: "*"`);
  assert.equal(accept(renamed, 'yaml', 'Action'), renamed.replace('NotAct|', 'Action'));
});

test('JSON string under !Sub: a new statement key is written as JSON', () => {
  const source = `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Sub |
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Reso‸"}]}
`;
  assert.equal(accept(source, 'yaml', 'Resource', '‸'), source.replace('"Reso‸"', '"Resource": [""]'));
});

test('YAML: completes an empty value after `Key: ` and after a list dash', () => {
  const resource = yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: |`);
  assert.equal(
    accept(resource, 'yaml', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'),
    yamlRole(`              - Effect: Allow
                Action: s3:GetObject
                Resource: arn:aws:s3:::BucketName/ObjectName`),
  );
  const { items } = complete(resource, 'yaml');
  assert.equal(items.find((i) => i.label === '*')?.insertText, "'*'");
  const action = yamlRole(`              - Effect: Allow
                Action:
                  - |
                Resource: "*"`);
  assert.equal(accept(action, 'yaml', 's3'), action.replace('- |', '- s3:'));
  const effect = yamlRole(`              - Effect: |
                Action: s3:GetObject`);
  assert.equal(accept(effect, 'yaml', 'Deny'), effect.replace('Effect: |', 'Effect: Deny'));
});
