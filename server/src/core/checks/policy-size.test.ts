import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, applyFix } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
import { policySize } from './policy-size';
import { cloudFormationReader } from '../hosts/cloudformation';
import { checkPolicy } from '../lint';
import { getNodeValue } from 'jsonc-parser';
import { parsePolicy } from '../policy/parse-policy';

// A policy with `count` actions of 20 characters each ("s3:GetObject0000001",...), pretty-printed.
function policyOfActions(count: number, indent = 4): string {
  const actions = Array.from({ length: count }, (_, i) => `s3:GetObject${String(i).padStart(7, '0')}`);
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: actions, Resource: '*' }] }, null, indent);
}

test('policy-size flags an SCP over 5,120 characters even without white space, and gives both sizes', () => {
  const big = policyOfActions(260);
  const { text, spans } = marked(`«{»${big.slice(1)}`);
  const compact = JSON.stringify(JSON.parse(text)).length;
  assert.ok(compact > 5120);
  const problems = runCheck(policySize, text, 'scp');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.equal(problems[0].severity, 'error');
  assert.equal(
    problems[0].message,
    `This service control policy is ${text.length.toLocaleString('en-US')} characters (${compact.toLocaleString('en-US')} without white space), over the quota of 5,120 for SCPs. Cut at least ${(text.length - 5120).toLocaleString('en-US')} characters or split it into several SCPs.`,
  );
});

// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html: the console removes white
// space outside quotation marks; the API and CLI save the policy as given.
test('policy-size only informs about an SCP that fits without its white space, and offers to remove it', () => {
  const text = policyOfActions(200);
  const minified = JSON.stringify(JSON.parse(text));
  assert.ok(text.length > 5120 && minified.length <= 5120);
  const { text: markedText, spans } = marked(`«{»${text.slice(1)}`);
  const problems = runCheck(policySize, markedText, 'scp');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  const [problem] = problems;
  assert.equal(problem.severity, 'information');
  assert.equal(
    problem.message,
    `This service control policy is ${text.length.toLocaleString('en-US')} characters as written and ${minified.length.toLocaleString('en-US')} without white space. The quota of 5,120 for SCPs counts white space when the policy is saved through the API, the CLI or an SDK (the console removes it): remove the white space outside strings before saving it that way.`,
  );
  assert.equal(problem.fixes?.[0].isPreferred, true);
  assert.equal(applyFix(text, problem), minified);
});

test('policy-size warns about an identity policy over 6,144 characters without white space', () => {
  const text = policyOfActions(400);
  const [problem] = runCheck(policySize, text, 'identity');
  const size = JSON.stringify(JSON.parse(text)).length;
  assert.equal(problem.severity, 'warning');
  assert.equal(
    problem.message,
    `This identity-based policy is ${size.toLocaleString('en-US')} characters not counting white space (${text.length.toLocaleString('en-US')} with it), over the quota of 6,144 for IAM managed policies. Cut at least ${(size - 6144).toLocaleString('en-US')} characters or split it into several policies.`,
  );
  assert.equal(problem.fixes, undefined);
});

test('policy-size warns about a permissions boundary over 6,144 characters: AWS managed boundaries are larger', () => {
  // AmazonDataZoneEnvironmentRolePermissionsBoundary is 11,829 characters without white space.
  const [problem] = runCheck(policySize, policyOfActions(400), 'boundary');
  assert.equal(problem.severity, 'warning');
  assert.match(problem.message, /^This permissions boundary is [\d,]+ characters not counting white space .*; a user or role has only one permissions boundary\.$/);
});

test('policy-size warns between the default and the maximum trust policy quota, and errs above it', () => {
  const raisable = runCheck(policySize, policyOfActions(150), 'trust');
  assert.deepEqual(
    raisable.map((p) => p.severity),
    ['warning'],
  );
  assert.match(raisable[0].message, /over the default quota of 2,048 for role trust policies\. .* raise the account's quota \(up to 8,192\) in Service Quotas\.$/);
  const [tooLarge] = runCheck(policySize, policyOfActions(500), 'trust');
  assert.equal(tooLarge.severity, 'error');
  assert.match(tooLarge.message, /over the highest quota AWS grants of 8,192 for role trust policies\. Cut at least [\d,]+ characters; a role has only one trust policy\.$/);
});

test('policy-size accepts policies within their quota', () => {
  // 200 actions are over 5,120 characters pretty-printed but under 6,144 without white space.
  const text = policyOfActions(200);
  assert.deepEqual(runCheck(policySize, text, 'identity'), []);
  assert.deepEqual(runCheck(policySize, text, 'resource'), []);
  assert.deepEqual(runCheck(policySize, JSON.stringify(JSON.parse(text)), 'scp'), []);
  assert.deepEqual(runCheck(policySize, '', 'scp'), []);
});

test("policy-size measures a template's policy with its values known at deploy at their shortest", () => {
  // A trust policy naming 48 roles of the deploying account: over the default quota of 2,048 characters with
  // `${AWS::Partition}` and `${AWS::AccountId}` as written, under it with `aws` and 12-digit account IDs.
  const principals = Array.from({ length: 48 }, (_, i) => `!Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/r${i}'`).join(', ');
  const text = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: [${principals}]}
            Action: sts:AssumeRole
`;
  const [embedded] = cloudFormationReader.read({ text, uri: 'file:///w/roles.yaml' })!.policies;
  assert.ok(JSON.stringify(getNodeValue(embedded.policy.root!)).length > 2048);
  assert.ok(embedded.policy.sizeText!.includes('"arn:aws:iam::000000000000:role/r47"'), embedded.policy.sizeText);
  assert.ok(embedded.policy.sizeText!.length < 2048, String(embedded.policy.sizeText!.length));
  assert.deepEqual(checkPolicy(embedded.policy, { policyType: 'trust' }, [policySize]), []);
});

// Karpenter's getting-started template writes its controller policy as JSON in a `!Sub` string (EKS controllers
// sweep): 6,170 characters with its 57 `${AWS::Partition}` and `${AWS::Region}` as written, under 6,144 once filled in.
test("policy-size measures a policy written as a !Sub string with its template's values at their shortest", () => {
  const resources = Array.from({ length: 30 }, (_, i) => `"arn:\${AWS::Partition}:ec2:\${AWS::Region}:\${AWS::AccountId}:instance/i-\${ClusterName}-${i}"`).join(', ');
  const text = `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Sub |
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": [${resources}]}]}
`;
  const [embedded] = cloudFormationReader.read({ text, uri: 'file:///w/karpenter.yaml' })!.policies;
  assert.ok(embedded.policy.sizeText!.includes('"arn:aws:ec2:us-east-1:000000000000:instance/i--29"'), embedded.policy.sizeText);
  // As written the policy is over the 2,048 of a trust policy; at its shortest, under it.
  assert.ok(text.length > 2700);
  assert.ok(embedded.policy.sizeText!.length < 2048, String(embedded.policy.sizeText!.length));
  assert.deepEqual(checkPolicy(embedded.policy, { policyType: 'trust' }, [policySize]), []);
});

// An AWS Quick Start's role for the EKS load balancer controller holds a 6,436-character inline policy, within the
// 10,240 a role's inline policies share (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
test("policy-size holds an inline policy to its holder's quota, which all its inline policies share", () => {
  const text = policyOfActions(400);
  const size = JSON.stringify(JSON.parse(text)).length;
  assert.ok(size > 6144 && size < 10240);
  assert.deepEqual(runCheckInline(text, 'role'), []);
  const [managed] = runCheck(policySize, text, 'identity');
  assert.equal(managed.severity, 'warning');
  const user = policyOfActions(120);
  const userSize = JSON.stringify(JSON.parse(user)).length;
  const [problem] = runCheckInline(user, 'user');
  assert.equal(problem.severity, 'error');
  assert.equal(
    problem.message,
    `This identity-based policy is ${userSize.toLocaleString('en-US')} characters not counting white space (${user.length.toLocaleString('en-US')} with it), over the quota of 2,048 for a user's inline policies together. Cut at least ${(userSize - 2048).toLocaleString('en-US')} characters or move statements into a managed policy attached instead.`,
  );
  assert.deepEqual(runCheckInline(policyOfActions(240), 'group').length, 1);
  assert.deepEqual(runCheckInline(policyOfActions(200), 'group').length, 0);
});

function runCheckInline(text: string, inlineOn: 'role' | 'user' | 'group') {
  return checkPolicy(parsePolicy(text), { policyType: 'identity', inlineOn }).filter((p) => p.ruleId === 'policy-size');
}

test("a template says which policies are inline: a role's Policies and an AWS::IAM::UserPolicy are, an AWS::IAM::ManagedPolicy is not", () => {
  const statement = JSON.parse(policyOfActions(400)).Statement[0];
  const document = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  const text = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
      Policies:
        - PolicyName: large
          PolicyDocument: ${document}
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: ${document}
  UserPolicy:
    Type: AWS::IAM::UserPolicy
    Properties:
      UserName: someone
      PolicyName: large
      PolicyDocument: ${document}
`;
  const embedded = cloudFormationReader.read({ text, uri: 'file:///w/inline.yaml' })!.policies;
  assert.deepEqual(
    embedded.map((policy) => [policy.name, policy.inlineOn]),
    [
      ['Role › AssumeRolePolicyDocument', undefined],
      ['Role › Policies[0] › PolicyDocument', 'role'],
      ['Managed › PolicyDocument', undefined],
      ['UserPolicy › PolicyDocument', 'user'],
    ],
  );
});
