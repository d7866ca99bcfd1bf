import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { applyFix } from '../../../../test/helpers/checks';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { ansibleReader } from './ansible';

test("Ansible tasks: a policy written inline in an AWS module's parameter is checked at its places, typed by the parameter", () => {
  const { text, spans } = marked(`- name: Deploy IAM
  hosts: localhost
  tasks:
    - name: Create managed policy
      amazon.aws.iam_managed_policy:
        policy_name: "{{ policy_name }}"
        policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: [s3:ListBucket, s3:«GetObjet»]
              Resource:
                - "arn:aws:s3:::{{ bucket_name }}"
                - "arn:aws:s3:::{{ bucket_name }}/*"
    - block:
        - name: Create role
          iam_role:
            name: app
            assume_role_policy_document:
              Version: "2012-10-17"
              Statement:
                - Effect: «allow»
                  Principal: {Service: ec2.amazonaws.com}
                  Action: sts:AssumeRole
        - name: Queue
          community.aws.sqs_queue:
            name: jobs
            policy: |
              {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sqs:«SendMesage»", "Resource": "*"}]}
        - name: Repository
          community.aws.ecs_ecr:
            name: app
            policy:
              Version: "2012-10-17"
              Statement: [{Sid: pull, Effect: Allow, Principal: {AWS: "111122223333"}, Action: [ecr:BatchGetImage]}]
        - name: From a file, checked where the file is
          amazon.aws.iam_policy:
            iam_type: role
            iam_name: app
            policy_name: read
            policy_json: "{{ lookup('file', 'policy.json') }}"
`);
  const analysis = analyzeDocument({ text, uri: 'file:///playbooks/iam.yml' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'ansible');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['Create managed policy › policy', 'identity'],
      ['Create role › assume_role_policy_document', 'trust'],
      ['Queue › policy', 'resource'],
      ['Repository › policy', 'resource'],
    ],
  );
  // The bucket name Jinja fills in is a value known when the play runs: no finding on the ARNs. A repository policy
  // names no Resource.
  const errors = analysis.problems.filter((problem) => problem.severity === 'error');
  assert.deepEqual(
    errors.map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['effect-value', spans[1]],
      ['action-unknown', spans[2]],
    ],
  );
  assert.equal(applyFix(text, errors[1]), text.replace('Effect: allow', 'Effect: Allow'));
});

test('other YAML lists and Ansible files without such a task are not claimed', () => {
  assert.equal(ansibleReader.read({ text: '- name: Install\n  apt:\n    name: nginx\n', uri: 'file:///p/site.yml' }), undefined);
  // A mapping (a template, a manifest) is no task list even when a key looks like a module.
  assert.equal(ansibleReader.read({ text: 'iam_role:\n  assume_role_policy_document: {}\n', uri: 'file:///p/vars.yml' }), undefined);
  // A task whose policy is a whole Jinja expression (a variable, a lookup) gives no policy.
  assert.deepEqual(ansibleReader.read({ text: '- name: r\n  iam_role:\n    name: r\n    assume_role_policy_document: "{{ trust | to_json }}"\n', uri: 'file:///p/r.yml' })?.policies, []);
});

test('a key repeated in a task is a warning: Ansible warns and uses the last value, as it reads the file', () => {
  const { text, spans } = marked(`- name: Create role
  amazon.aws.iam_role:
    name: app
    «name»: app2
    assume_role_policy_document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: {Service: ec2.amazonaws.com}
          Action: sts:AssumeRole
`);
  const document = ansibleReader.read({ text, uri: 'file:///work/playbooks/role.yml' })!;
  assert.deepEqual(
    document.problems.map((problem) => [problem.ruleId, problem.severity, problem.span, problem.message]),
    [['duplicate-key', 'warning', spans[0], '"name" is repeated in this mapping: Ansible warns and uses the last value, dropping the one above. Keep one "name".']],
  );
});

// A task of s3_bucket was never read: the module's name holds a digit. aws_kms is kms_key's former name.
test('Ansible: s3_bucket, aws_kms and opensearch tasks are read, their policies typed as resource policies', () => {
  const text = `- name: Bucket
  amazon.aws.s3_bucket:
    name: site
    policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: "*"
          Action: s3:GetObject
          Resource: arn:aws:s3:::site/*
- name: Key
  community.aws.aws_kms:
    alias: app
    policy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}'
- name: Search
  community.aws.opensearch:
    domain_name: logs
    access_policies:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: {AWS: "arn:aws:iam::111122223333:role/reader"}
          Action: es:ESHttpGet
          Resource: arn:aws:es:us-east-1:111122223333:domain/logs/*
`;
  const document = ansibleReader.read({ text, uri: 'file:///work/playbooks/site.yml' })!;
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['Bucket › policy', 'resource'],
      ['Key › policy', 'resource'],
      ['Search › access_policies', 'resource'],
    ],
  );
});
