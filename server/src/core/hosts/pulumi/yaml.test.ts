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
  assert.equal(applyFix(text, errors[1]), text.replace('s3:GetObjekt', 's3:GetObject'));
});

test('a YAML file that is not a Pulumi program of the AWS provider is not read as one', () => {
  const other = PROGRAM.replace(/type: aws:/g, 'type: gcp:');
  assert.notEqual(reading(other, 'file:///shop/Pulumi.yaml').analysis.kind, 'pulumi');
  assert.notEqual(reading(PROGRAM, 'file:///shop/resources.yaml').analysis.kind, 'pulumi');
});
