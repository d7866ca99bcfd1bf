import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { kubernetesReader } from './kubernetes';

const analyze = (text: string) => analyzeDocument({ text, uri: 'file:///cluster/iam.yaml' }, { config: defaultConfiguration });

test("Crossplane and ACK manifests: each custom resource's policy JSON is checked at its places, typed by its field", () => {
  const { text, spans } = marked(`apiVersion: iam.aws.upbound.io/v1beta1
kind: Role
metadata:
  name: nodes
spec:
  forProvider:
    assumeRolePolicy: |
      {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
      }
    inlinePolicy:
      - name: read
        policy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:«GetObjet»", "Resource": "arn:aws:s3:::data/*"}]}'
---
apiVersion: iam.aws.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata:
  name: nodes-ssm
spec:
  forProvider:
    role: nodes
    policyArn: arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore
---
# ACK
apiVersion: iam.services.k8s.aws/v1alpha1
kind: Role
metadata:
  name: app
spec:
  name: app
  assumeRolePolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}'
  inlinePolicies:
    queue: |
      {"Version": "2012-10-17", "Statement": [{"Effect": «"allow"», "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:jobs"}]}
---
apiVersion: s3.aws.upbound.io/v1beta1
kind: BucketPolicy
metadata:
  name: logs
spec:
  forProvider:
    bucket: logs
    policy: |
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:«PutObjet»", "Resource": "arn:aws:s3:::logs/*"}]}
`);
  const analysis = analyze(text);
  assert.equal(analysis.kind, 'kubernetes');
  // The classic provider's older group names its kinds IAMRole and IAMPolicy.
  const legacy = analyze(
    'apiVersion: identity.aws.crossplane.io/v1beta1\nkind: IAMPolicy\nmetadata:\n  name: old\nspec:\n  forProvider:\n    document: \'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}\'\n',
  );
  assert.deepEqual(
    legacy.policies.map((policy) => [policy.name, policy.policyType]),
    [['IAMPolicy/old › document', 'identity']],
  );
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['Role/nodes › assumeRolePolicy', 'trust'],
      ['Role/nodes › inlinePolicy[read] › policy', 'identity'],
      ['Role/app › assumeRolePolicyDocument', 'trust'],
      ['Role/app › inlinePolicies › queue', 'identity'],
      ['BucketPolicy/logs › policy', 'resource'],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['effect-value', spans[1]],
      ['action-unknown', spans[2]],
    ],
  );
});

test('a manifest written for a rendering step (envsubst, Helm) is not judged; other manifests are not claimed', () => {
  // ACK's own end-to-end tests fill $QUEUE_ARN before applying; a Helm chart fills {{ .Values.… }}.
  const envsubst = `apiVersion: sqs.services.k8s.aws/v1alpha1\nkind: Queue\nmetadata:\n  name: q\nspec:\n  policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"$QUEUE_ARN"}]}'\n`;
  assert.deepEqual(kubernetesReader.read({ text: envsubst, uri: 'file:///k/queue.yaml' })?.policies, []);
  const helm = envsubst.replace('$QUEUE_ARN', '{{ .Values.queueArn }}');
  assert.deepEqual(kubernetesReader.read({ text: helm, uri: 'file:///k/queue.yaml' })?.policies, []);
  assert.equal(kubernetesReader.read({ text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', uri: 'file:///k/cm.yaml' }), undefined);
  // A Crossplane composition makes roles from patched bases: not read.
  assert.equal(
    kubernetesReader.read({
      text: 'apiVersion: apiextensions.crossplane.io/v1\nkind: Composition\nspec:\n  resources:\n    - base:\n        apiVersion: iam.aws.upbound.io/v1beta1\n        kind: Role\n',
      uri: 'file:///k/c.yaml',
    }),
    undefined,
  );
});

// crossplane-contrib/provider-aws examples/iam/rolepolicy.yaml: the kind was not known, so its policy went unread.
test("a classic Crossplane provider's RolePolicy is read: its document is an identity policy", () => {
  const text = `kind: RolePolicy
apiVersion: iam.aws.crossplane.io/v1beta1
metadata:
  name: somerolepolicy
spec:
  forProvider:
    roleName: somerole
    document:
      {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "VisualEditor0", "Effect": "Allow", "Action": "elastic-inference:Connect", "Resource": "*"}]
      }
`;
  const document = kubernetesReader.read({ text, uri: 'file:///work/examples/iam/rolepolicy.yaml' })!;
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType]),
    [['RolePolicy/somerolepolicy › document', 'identity']],
  );
});

test('a manifest of a Helm chart is parsed through its masked template: its {{- if }}, {{- range }} and {{ include }} are no YAML errors, and a policy without markup is checked', () => {
  // aaroniscode/spark-tenant and explorium's crossplane-iam-pod-role charts (Helm sweep: 30 FALSE yaml-syntax errors).
  const { text, spans } = marked(`{{- if .Values.iam.enabled }}
apiVersion: iam.services.k8s.aws/v1alpha1
kind: Policy
metadata:
  name: {{ include "tenant.name" . }}
  labels:
    {{- include "tenant.labels" . | nindent 4 }}
spec:
  name: tenant
  policyDocument: |
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:«GetObjekt»"], "Resource": "arn:aws:s3:::tenant-data/*"}]}
{{- end }}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///chart/templates/iampolicy.yaml' }, { config: defaultConfiguration });
  assert.equal(analysis.policies.length, 1);
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});
