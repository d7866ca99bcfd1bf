import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, FindingsCache } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { editEachPlace, editThroughSession, fullAnalysis, languageOf, seen, templateFixtures } from '../../../../../test/helpers/cloudformation-edits';
import { Random } from '../../../../../test/helpers/random';
import { changedRange } from './incremental';
import { cloudFormationReader, forgetCloudFormationDocument } from './reader';

// Here each fixture is edited at a fifth of the places (every kind of edit still meets lines of every sort) and through the
// first 15 steps of a session; the full sweep, every place and 60 steps, is incremental.slow.test.ts, in
// `npm run test:slow`.

for (const name of templateFixtures) {
  test(`incremental reading of ${name} after every fifth of its one-place edits equals a full read`, () => {
    editEachPlace(name, 5);
  });

  test(`incremental reading of ${name} through the first 15 steps of a session of edits equals a full read after each`, () => {
    editThroughSession(name, 15);
  });
}

test('an edit inside one resource keeps the policies before it and moves those after it', () => {
  const role = (name: string, action: string) =>
    `  ${name}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n              - Effect: Allow\n                Action: ${action}\n                Resource: '*'\n`;
  const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${role('First', 's3:GetObject')}${role('Second', 's3:GetObject')}${role('Third', 's3:GetObjct')}`;
  const uri = 'file:///kept.yaml';
  const first = cloudFormationReader.read({ text, uri, languageId: 'yaml' })!;
  const at = text.indexOf('s3:GetObject', text.indexOf('Second:'));
  const edited = text.slice(0, at) + 's3:PutObject' + text.slice(at + 's3:GetObject'.length) + '';
  const inserted = edited.slice(0, at) + 'x' + edited.slice(at);
  const second = cloudFormationReader.read({ text: inserted, uri, languageId: 'yaml' })!;
  assert.equal(second.policies.length, 6);
  assert.equal(second.policies[0], first.policies[0]);
  assert.equal(second.policies[1], first.policies[1]);
  assert.notEqual(second.policies[4], first.policies[4]);
  // The moved policy points at its text one character on: the misspelled action of Third.
  const action = second.policies[5].policy.statements[0].action!.values[0];
  assert.equal(inserted.slice(action.span.start, action.span.end), 's3:GetObjct');
  // An edit in Parameters is read in full: no policy is kept.
  const withParameters = `Parameters:\n  Env: {Type: String}\n${inserted}`;
  cloudFormationReader.read({ text: withParameters, uri, languageId: 'yaml' });
  const third = cloudFormationReader.read({ text: withParameters.replace('Env:', 'Envs:'), uri, languageId: 'yaml' })!;
  assert.equal(third.policies.length, 6);
  forgetCloudFormationDocument(uri);
});

test('a role that drops its PermissionsBoundary turns the boundary policy into a grant, edited as read in full', () => {
  const text = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'cloudformation', 'permissions-boundary.yaml'), 'utf8');
  const uri = 'file:///boundary.yaml';
  const typeOf = (document: { policies: readonly { name: string; policyType?: string }[] }) => document.policies.find((policy) => policy.name.startsWith('DeveloperBoundary'))!.policyType;
  assert.equal(typeOf(cloudFormationReader.read({ text, uri, languageId: 'yaml' })!), 'boundary');
  const line = '      PermissionsBoundary: !Ref DeveloperBoundary\n';
  const dropped = text.replace(line, '');
  assert.notEqual(dropped, text);
  assert.equal(typeOf(cloudFormationReader.read({ text: dropped, uri, languageId: 'yaml' })!), 'identity');
  assert.equal(typeOf(cloudFormationReader.read({ text, uri, languageId: 'yaml' })!), 'boundary');
  forgetCloudFormationDocument(uri);
});

test("a managed policy that another policy's iam:PermissionsBoundary condition names is a boundary, and a grant again once the condition goes", () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - { Effect: Deny, Action: 'iam:*', Resource: '*' }
          - { Effect: Allow, Action: '*', Resource: '*' }
  Operator:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: operator
      Roles: [ops]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: iam:CreateRole
            Resource: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/app-*
            Condition:
              StringEquals:
                iam:PermissionsBoundary: [!Ref Boundary]
`;
  const uri = 'file:///delegated.yaml';
  const typeOf = (document: { policies: readonly { name: string; policyType?: string }[] }) => document.policies.find((policy) => policy.name.startsWith('Boundary'))!.policyType;
  assert.equal(typeOf(cloudFormationReader.read({ text, uri, languageId: 'yaml' })!), 'boundary');
  // Edited in the Operator's policy, read incrementally: the Boundary is a grant again.
  const untagged = text.replace('iam:PermissionsBoundary:', 'aws:RequestTag/team:');
  assert.equal(typeOf(cloudFormationReader.read({ text: untagged, uri, languageId: 'yaml' })!), 'identity');
  assert.equal(typeOf(cloudFormationReader.read({ text, uri, languageId: 'yaml' })!), 'boundary');
  forgetCloudFormationDocument(uri);
  // Attached to a role as well, it grants.
  const attached = `${text}  Ops:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }\n      ManagedPolicyArns: [!Ref Boundary]\n`;
  assert.equal(typeOf(cloudFormationReader.read({ text: attached, uri: 'file:///attached.yaml', languageId: 'yaml' })!), 'identity');
  forgetCloudFormationDocument('file:///attached.yaml');
});

test('a managed policy whose ARN an iam:PermissionsBoundary condition writes out with its ManagedPolicyName is a boundary', () => {
  // The CDK bootstrap template's example boundary (escalation sweep): its own Deny names it so, and its Allow * drew
  // wildcard-action and pass-role-wildcard as a grant.
  const text = (path: string) => `Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: !Sub cdk-\${Qualifier}-permissions-boundary-\${AWS::AccountId}-\${AWS::Region}
      Path: ${path}
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - { Sid: ExplicitAllowAll, Effect: Allow, Action: '*', Resource: '*' }
          - Sid: DenyAccessIfRequiredPermBoundaryIsNotBeingApplied
            Effect: Deny
            Action: [iam:CreateRole, iam:PutRolePermissionsBoundary]
            Resource: '*'
            Condition:
              StringNotEquals:
                iam:PermissionsBoundary:
                  Fn::Sub: arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/cdk-\${Qualifier}-permissions-boundary-\${AWS::AccountId}-\${AWS::Region}
`;
  const typeOf = (template: string, uri: string) => cloudFormationReader.read({ text: template, uri, languageId: 'yaml' })!.policies[0].policyType;
  assert.equal(typeOf(text('/'), 'file:///cdk-bootstrap.yaml'), 'boundary');
  // Under another path, its ARN is another one.
  assert.equal(typeOf(text('/boundaries/'), 'file:///cdk-bootstrap-path.yaml'), 'identity');
  forgetCloudFormationDocument('file:///cdk-bootstrap.yaml');
  forgetCloudFormationDocument('file:///cdk-bootstrap-path.yaml');
});

test('changedRange finds the edit wherever it is, whatever blocks the texts are compared in', () => {
  // The reference: the common prefix and suffix, character by character.
  const reference = (before: string, after: string) => {
    const shorter = Math.min(before.length, after.length);
    let start = 0;
    while (start < shorter && before[start] === after[start]) start++;
    let suffix = 0;
    while (suffix < shorter - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
    return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
  };
  const random = new Random(13);
  const base = Array.from({ length: 9000 }, () => 'ab\n '[random.int(4)]).join('');
  // Edges of the 4096, 512, 64 and 8 character blocks, and places between them.
  const places = [0, 1, 7, 8, 9, 63, 64, 65, 511, 512, 513, 4095, 4096, 4097, 8191, 8192, 8999, 9000, ...Array.from({ length: 40 }, () => random.int(9001))];
  for (const at of places) {
    for (const [removed, inserted] of [
      [0, 'x'],
      [1, ''],
      [1, 'b'],
      [3, 'xyz!'],
      [700, ''],
      [0, 'a'.repeat(5000)],
    ] as const) {
      const after = base.slice(0, at) + inserted + base.slice(Math.min(base.length, at + removed));
      assert.deepEqual(changedRange(base, after), reference(base, after), `at ${at}, ${removed} removed, ${JSON.stringify(inserted.slice(0, 8))} inserted`);
    }
  }
  assert.deepEqual(changedRange('', ''), { start: 0, oldEnd: 0, newEnd: 0 });
  assert.deepEqual(changedRange(base, base), { start: base.length, oldEnd: base.length, newEnd: base.length });
});

test('a moved policy names the model it was read as, and builds its own at the moved places when asked', () => {
  const role = (name: string, action: string) =>
    `  ${name}:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: ${action}\n                Resource: !Sub 'arn:\${AWS::Partition}:s3:::b/*'\n`;
  const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${role('First', 's3:GetObject')}${role('Second', 's3:PutObject')}${role('Third', 's3:ListBucket')}`;
  const uri = 'file:///moved-model.yaml';
  const first = cloudFormationReader.read({ text, uri, languageId: 'yaml' })!;
  // Two lines more in First: Second and Third move.
  const at = text.indexOf('      Policies:');
  const edited = text.slice(0, at) + '      Tags:\n        - {Key: a, Value: b}\n' + text.slice(at);
  const second = cloudFormationReader.read({ text: edited, uri, languageId: 'yaml' })!;
  const again = edited.replace('Value: b}', 'Value: bc}');
  const third = cloudFormationReader.read({ text: again, uri, languageId: 'yaml' })!;
  assert.equal(second.policies[0].movedFrom, undefined, 'the edited resource is read again');
  assert.equal(second.policies[1].movedFrom, first.policies[1].policy);
  // A copy of a copy still names the first reading.
  assert.equal(third.policies[2].movedFrom, first.policies[2].policy);
  for (const [policy, action] of [
    [second.policies[1], 's3:PutObject'],
    [second.policies[2], 's3:ListBucket'],
  ] as const) {
    const value = policy.policy.statements[0].action!.values[0];
    assert.equal(edited.slice(value.span.start, value.span.end), action);
    assert.equal(policy.policy.text, edited);
    const resource = policy.policy.statements[0].resource!.values[0];
    assert.equal(edited.slice(resource.span.start, resource.span.end), "!Sub 'arn:${AWS::Partition}:s3:::b/*'");
  }
  // The copy in the last reading was built from the first reading at its own place, in its own text.
  const moved = third.policies[2].policy.statements[0].action!.values[0];
  assert.equal(again.slice(moved.span.start, moved.span.end), 's3:ListBucket');
  assert.equal(third.policies[2].policy.text, again);
  forgetCloudFormationDocument(uri);
});

const yamlRole = (i: number) =>
  `  Role${i}:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: s3:GetObject\n                Resource: !Sub 'arn:\${AWS::Partition}:s3:::bucket-${i}/*'\n`;
const jsonRole = (i: number) =>
  `    "Role${i}": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Sub": "arn:\${AWS::Partition}:s3:::bucket-${i}/*"}}]}}]}}`;
const manyRoles: Record<string, (roles: number) => string> = {
  'many-sources.yaml': (roles) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${Array.from({ length: roles }, (_, i) => yamlRole(i)).join('')}`,
  'many-sources.json': (roles) => `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n${Array.from({ length: roles }, (_, i) => jsonRole(i)).join(',\n')}\n  }\n}\n`,
};

for (const [name, template] of Object.entries(manyRoles)) {
  test(`${name}: editing more resources than the kept texts allow reads the oldest again, not the whole template`, () => {
    const roles = 40;
    let current = template(roles);
    const uri = `file:///${name}`;
    const languageId = languageOf(name);
    const findings = new FindingsCache();
    const first = analyzeDocument({ text: current, uri, languageId }, { config: defaultConfiguration, findings });
    assert.equal(first.policies.length, roles);
    // One edit in each of the first 36 resources: 37 texts, past the bound of 32.
    for (let i = 0; i < 36; i++) {
      const at = current.indexOf('s3:GetObject', current.indexOf(`Role${i}`));
      current = current.slice(0, at) + 's3:GetObjectx' + current.slice(at + 's3:GetObject'.length);
      const after = analyzeDocument({ text: current, uri, languageId }, { config: defaultConfiguration, findings });
      assert.deepEqual(seen(after), seen(fullAnalysis(current, name)), `edit ${i}`);
      assert.equal(findings.checked, 1, `edit ${i}: the edited policy alone is checked again`);
      // The resources after the edit are still the first reading's, moved: the template was not read again in full.
      assert.equal(after.policies[roles - 1].movedFrom, first.policies[roles - 1].policy, `edit ${i}`);
    }
    forgetCloudFormationDocument(uri);
  });
}

test('an edit in a resource a SAM connector names checks the connector again: its role may now be outside the template', () => {
  const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Reader:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Code: {ZipFile: x}
      Role: !GetAtt ReaderRole.Arn
  ReaderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
  Reports:
    Type: AWS::S3::Bucket
  ReaderToReports:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Reader}
      Destination: {Id: Reports}
      Permissions: [Read]
`;
  const uri = 'file:///connectors.yaml';
  const invalid = (document: { problems: readonly { ruleId: string }[] }) => document.problems.filter((problem) => problem.ruleId === 'sam-connector-invalid').length;
  assert.equal(invalid(cloudFormationReader.read({ text, uri, languageId: 'yaml' })!), 0);
  const outside = text.replace('Role: !GetAtt ReaderRole.Arn', 'Role: arn:aws:iam::111122223333:role/legacy');
  assert.equal(invalid(cloudFormationReader.read({ text: outside, uri, languageId: 'yaml' })!), 1);
  assert.equal(invalid(cloudFormationReader.read({ text, uri, languageId: 'yaml' })!), 0);
  forgetCloudFormationDocument(uri);
});
