import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { cloudFormationReader } from '../hosts/cloudformation';
import { simulationInputs } from './inputs';
import { simulate, type SimulationPolicy } from './simulate';

// A template parameter's Default is the value a deployment gets when it gives none: the simulation names it where the
// decision depends on the parameter, and offers it as an input; it never assumes it (a deployment may give another).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html

const role = 'arn:aws:iam::111122223333:role/worker';

const text = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  BucketName:
    Type: String
    Default: app-logs
  VpcId:
    Type: String
    Default: vpc-0abc
  Other:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource:
                  - !Sub 'arn:aws:s3:::\${BucketName}/*'
                  - !Sub 'arn:aws:s3:::\${Other}/\${BucketName}/*'
              - Effect: Deny
                Action: s3:GetObject
                Resource: '*'
                Condition:
                  StringNotEquals:
                    aws:SourceVpc: !Ref VpcId
`;

function policies(): SimulationPolicy[] {
  const host = cloudFormationReader.read({ text, uri: 'file:///template.yaml' })!;
  assert.equal(host.policies.length, 1);
  return [{ name: 'Role', text, document: host.policies[0].policy, role: 'identity' }];
}

test('the decision that depends on a parameter names its Default', () => {
  const report = simulate({ principal: role, action: 's3:GetObject', resource: 'arn:aws:s3:::app-logs/a.txt', context: { 'aws:SourceVpc': 'vpc-0abc' } }, policies());
  assert.equal(report.decision, undefined);
  assert.deepEqual(report.dependsOn, {
    placeholders: ['${BucketName} (default "app-logs")', '${Other}', '!Ref VpcId (default "vpc-0abc")'],
    mostPermissive: 'Allowed',
    leastPermissive: 'ExplicitlyDenied',
  });
  assert.equal(
    report.reason?.message,
    'The decision depends on ${BucketName} (default "app-logs"), ${Other}, !Ref VpcId (default "vpc-0abc"), known only at deploy time: allowed for the most permissive values, explicitly denied for the least.',
  );
  const [allow, deny] = report.policies[0].statements;
  assert.equal(allow.why, 'Whether it applies depends on ${BucketName} (default "app-logs"), ${Other}, known only at deploy time');
  assert.deepEqual(deny.dependsOn, ['!Ref VpcId (default "vpc-0abc")']);
});

test("the simulation inputs offer a parameter's Default: in a Resource and as a condition key's value", () => {
  const inputs = simulationInputs(policies()[0].document!, getCatalog(), { action: 's3:GetObject' });
  assert.deepEqual(
    inputs.resources.filter((choice) => choice.origin === 'statement').map((choice) => [choice.value, choice.detail, choice.fitsAction]),
    [
      ['arn:aws:s3:::app-logs/*', 'Resource of statement 1, with the default of ${BucketName}', true],
      ['arn:aws:s3:::${BucketName}/*', 'Resource of statement 1', true],
      ['arn:aws:s3:::${Other}/app-logs/*', 'Resource of statement 1, with the default of ${BucketName}', true],
      ['arn:aws:s3:::${Other}/${BucketName}/*', 'Resource of statement 1', true],
    ],
  );
  assert.deepEqual(
    inputs.contextKeys.map((key) => [key.name, key.defaultValue]),
    [['aws:SourceVpc', 'vpc-0abc']],
  );
  // A parameter without a Default offers nothing.
  const withoutDefault = text.replace('    Default: vpc-0abc\n', '');
  const host = cloudFormationReader.read({ text: withoutDefault, uri: 'file:///template.yaml' })!;
  assert.deepEqual(
    simulationInputs(host.policies[0].policy, getCatalog()).contextKeys.map((key) => [key.name, key.defaultValue]),
    [['aws:SourceVpc', undefined]],
  );
});
