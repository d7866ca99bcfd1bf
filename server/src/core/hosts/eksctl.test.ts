import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { applyFix } from '../../../../test/helpers/checks';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { eksctlReader } from './eksctl';

const CONFIG = `---
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: cluster-13
  region: us-west-2
iam:
  withOIDC: true
  serviceAccounts:
    - metadata:
        name: cluster-autoscaler
        namespace: kube-system
      attachPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - autoscaling:DescribeAutoScalingGroups
              - ec2:«DescribeLaunchTemplateVersion»
            Resource: '*'
    - metadata:
        name: s3-reader
      attachPolicyARNs: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
  podIdentityAssociations:
    - namespace: dev
      serviceAccountName: nginx
      permissionPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: «allow»
            Action: s3:GetObject
            Resource: arn:aws:s3:::my-bucket/*
managedNodeGroups:
  - name: mng1
    iam:
      attachPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ssm:«GetParameterz»
            Resource: arn:aws:ssm:us-west-2:111122223333:parameter/nodes/*
addons:
  - name: vpc-cni
    attachPolicy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: ec2:AssignPrivateIpAddresses
          Resource: «arn:aws:ec2:us-west-2:111122223333:network-interface»
    podIdentityAssociations:
      - namespace: kube-system
        serviceAccountName: aws-node
        permissionPolicy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: ec2:DescribeNetworkInterfaces
              Resource: '*'
`;

test('an eksctl ClusterConfig: the inline policies of the roles it makes are identity policies, named by their owner', () => {
  const { text, spans } = marked(CONFIG);
  const analysis = analyzeDocument({ text, uri: 'file:///eks/cluster.yaml' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'eksctl');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['iam › serviceAccounts › kube-system/cluster-autoscaler › attachPolicy', 'identity'],
      ['iam › podIdentityAssociations › dev/nginx › permissionPolicy', 'identity'],
      ['managedNodeGroups › mng1 › iam › attachPolicy', 'identity'],
      ['addons › vpc-cni › attachPolicy', 'identity'],
      ['addons › vpc-cni › podIdentityAssociations › kube-system/aws-node › permissionPolicy', 'identity'],
    ],
  );
  const errors = analysis.problems.filter((problem) => problem.severity === 'error');
  assert.deepEqual(
    errors.map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['effect-value', spans[1]],
      ['action-unknown', spans[2]],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'arn-resource-type').map((problem) => problem.span.end),
    [spans[3].end],
  );
  // Fixes write YAML: the plain scalar stays plain.
  assert.equal(applyFix(text, errors[1]), text.replace('Effect: allow', 'Effect: Allow'));
});

test('other YAML is not an eksctl configuration', () => {
  const text = CONFIG.replace(/[«»]/g, '');
  // A Kubernetes manifest, an eksctl file of another kind, and the same text in a file that is no YAML.
  assert.equal(eksctlReader.read({ text: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x}\n', uri: 'file:///k8s/sa.yaml' }), undefined);
  assert.equal(eksctlReader.read({ text: text.replace('kind: ClusterConfig', 'kind: Nodegroup'), uri: 'file:///eks/cluster.yaml' }), undefined);
  assert.equal(eksctlReader.read({ text, uri: 'file:///eks/cluster.txt' }), undefined);
  assert.equal(eksctlReader.read({ text, uri: 'file:///eks/cluster.yml' })?.policies.length, 5);
});

test('an eksctl configuration written for cookiecutter is parsed through its masked template: its {{…}} keys are no YAML errors', () => {
  // aws-samples/eksctl-cluster-provision (Helm sweep: 3 FALSE yaml-syntax errors).
  const text = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: {{cookiecutter.cluster_name}}
  region: {{cookiecutter.region}}
vpc:
  subnets:
    private:
      {{cookiecutter.availability_zone_1}}:
          id: "{{cookiecutter.subnet_priv_1a}}"

      {{cookiecutter.availability_zone_2}}:
          id: "{{cookiecutter.subnet_priv_1b}}"
iam:
  withOIDC: true
`;
  assert.deepEqual(
    analyzeDocument({ text, uri: 'file:///cluster/cluster-template.yaml' }, { config: defaultConfiguration }).problems.map((problem) => problem.ruleId),
    [],
  );
});
