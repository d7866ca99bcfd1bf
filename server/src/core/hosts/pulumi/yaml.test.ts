import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, hostReading as reading } from '../../../../../test/helpers/checks';
import { prepareHostReaders } from '../index';

before(() => prepareHostReaders());

const PROGRAM = `name: shop
runtime: yaml
resources:
  uploads:
    type: aws:s3:BucketV2
  worker:
    type: aws:iam:Role
    properties:
      assumeRolePolicy:
        fn::toJSON:
          Version: 2012-10-17
          Statement:
            - Effect: allow
              Principal:
                Service: lambda.amazonaws.com
              Action: sts:AssumeRole
      inlinePolicies:
        - name: uploads
          policy:
            fn::toJSON:
              Version: 2012-10-17
              Statement:
                - Effect: Allow
                  Action:
                    - s3:PutObject
                    - s3:GetObjekt
                  Resource: \${uploads.arn}/*
                - Effect: Allow
                  Action: s3:ListBucket
                  Resource: \${uploads.arn}
                  Condition:
                    StringLike:
                      s3:prefix: home/$\${aws:username}/*
  uploadsPolicy:
    type: aws:s3:BucketPolicy
    properties:
      bucket: \${uploads.id}
      policy: |
        {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "\${uploads.arn}/*",
            "Condition": {"Bool": {"aws:SecureTransports": "false"}}}]
        }
`;

test('a Pulumi YAML program: fn::toJSON maps and JSON text, typed by the resource that takes them, findings in place', () => {
  // Spans found by their text: the fixture's `|` (a block scalar) is the marked() helper's cursor.
  const text = PROGRAM;
  const spanOf = (written: string) => ({ start: text.indexOf(written), end: text.indexOf(written) + written.length });
  const spans = [spanOf('allow'), spanOf('GetObjekt'), spanOf('"aws:SecureTransports"')];
  const { analysis, errors, policies, errorPlaces } = reading(text, 'file:///shop/Pulumi.yaml');
  assert.equal(analysis.kind, 'pulumi');
  assert.deepEqual(policies, [
    ['worker (aws:iam:Role) › assumeRolePolicy', 'trust'],
    ['worker (aws:iam:Role) › inlinePolicies[uploads] › policy', 'identity'],
    ['uploadsPolicy (aws:s3:BucketPolicy) › policy', 'resource'],
  ]);
  // `${uploads.arn}` is the bucket's ARN when the program runs, no finding; nor is the escaped policy variable.
  assert.deepEqual(errorPlaces, [
    ['effect-value', spans[0]],
    ['action-unknown', spans[1]],
    ['condition-key-unknown', spans[2]],
  ]);
  assert.equal(applyFix(text, errors[0]), text.replace('Effect: allow', 'Effect: Allow'));
  // The escaped policy variable is the policy's `${aws:username}`, each character still at its place.
  const prefix = analysis.policies[1].policy.statements[1].condition!.operators[0].keys[0].values[0];
  assert.equal(prefix.value, 'home/${aws:username}/*');
  const variable = prefix.mapSpan!(5, 20);
  assert.equal(text.slice(variable.start, variable.end), '${aws:username}');
  assert.equal(applyFix(text, errors[1]), text.replace('s3:GetObjekt', 's3:GetObject'));
});

test('a YAML file that is not a Pulumi program of the AWS provider is not read as one', () => {
  const other = PROGRAM.replace(/type: aws:/g, 'type: gcp:');
  assert.notEqual(reading(other, 'file:///shop/Pulumi.yaml').analysis.kind, 'pulumi');
  assert.notEqual(reading(PROGRAM, 'file:///shop/resources.yaml').analysis.kind, 'pulumi');
});

test('fn::invoke of aws:iam:getPolicyDocument, in a variable named as ${doc.json} or in the property, renders as the provider does', () => {
  const text = `name: fn
runtime: yaml
resources:
  role:
    type: aws:iam:Role
    properties:
      assumeRolePolicy: \${assumeRole.json}
  read:
    type: aws:iam:RolePolicy
    properties:
      role: \${role.id}
      policy:
        fn::invoke:
          function: aws:iam:getPolicyDocument
          arguments:
            statements:
              - actions:
                  - s3:GetObject
                  - s3:GetObjekt
                resources:
                  - arn:aws:s3:::reports/*
                conditions:
                  - test: StringEquals
                    variable: aws:PrincipalTag/team
                    values: [reports]
          return: json
variables:
  assumeRole:
    fn::invoke:
      Function: aws:iam:getPolicyDocument
      Arguments:
        statements:
          - effect: Allow
            principals:
              - type: Service
                identifiers:
                  - lambda.amazonaws.com
              - type: Service
                identifiers:
                  - edgelambda.amazonaws.com
            actions:
              - sts:AssumeRole
`;
  const { analysis, errors, policies, errorPlaces } = reading(text, 'file:///fn/Pulumi.yaml');
  assert.deepEqual(policies, [
    ['role (aws:iam:Role) › assumeRolePolicy', 'trust'],
    ['read (aws:iam:RolePolicy) › policy', 'identity'],
  ]);
  const at = text.indexOf('GetObjekt');
  assert.deepEqual(errorPlaces, [['action-unknown', { start: at, end: at + 'GetObjekt'.length }]]);
  assert.equal(applyFix(text, errors[0]), text.replace('s3:GetObjekt', 's3:GetObject'));
  // Principals merged by type; the implied Effect is Allow; the condition as test › variable › values.
  const trust = analysis.policies[0].policy.statements[0];
  assert.deepEqual(
    trust.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['Service', ['lambda.amazonaws.com', 'edgelambda.amazonaws.com']]],
  );
  const read = analysis.policies[1].policy.statements[0];
  assert.equal(read.effect?.value?.value, 'Allow');
  assert.deepEqual(
    read.condition?.operators.flatMap((operator) => operator.keys.map((key) => [operator.operator, key.key, key.values.map((value) => value.value)])),
    [['StringEquals', 'aws:PrincipalTag/team', ['reports']]],
  );
  // The key of each element is the argument that writes it.
  assert.equal(text.slice(read.action!.property.keySpan.start, read.action!.property.keySpan.end), 'actions');
});

test('aws-native resources in YAML take their policies as maps, typed by the CloudFormation type the class is', () => {
  const text = `name: native
runtime: yaml
resources:
  app:
    type: aws-native:iam:Role
    properties:
      assumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              Service: ecs-tasks.amazonaws.com
            Action: sts:AssumeRole
      policies:
        - policyName: reports
          policyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action: s3:GetObjekt
                Resource: \${reports.arn}/*
  reports:
    type: aws-native:s3:Bucket
  reportsPolicy:
    type: aws-native:s3:BucketPolicy
    properties:
      bucket: \${reports.bucketName}
      policyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource: \${reports.arn}/*
            Condition:
              Bool:
                aws:SecureTransport: false
`;
  const { errors, policies, errorPlaces } = reading(text, 'file:///native/Pulumi.yaml');
  assert.deepEqual(policies, [
    ['app (aws-native:iam:Role) › assumeRolePolicyDocument', 'trust'],
    ['app (aws-native:iam:Role) › policies[reports] › policyDocument', 'identity'],
    ['reportsPolicy (aws-native:s3:BucketPolicy) › policyDocument', 'resource'],
  ]);
  const at = text.indexOf('GetObjekt');
  assert.deepEqual(errorPlaces, [['action-unknown', { start: at, end: at + 'GetObjekt'.length }]]);
  assert.equal(applyFix(text, errors[0]), text.replace('s3:GetObjekt', 's3:GetObject'));
});
