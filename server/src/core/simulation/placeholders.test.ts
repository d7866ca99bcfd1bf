import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudFormationReader } from '../hosts/cloudformation';
import { parsePolicy } from '../policy/parse-policy';
import { boundedPolicy, placeholdersOf, policyHasPlaceholders } from './placeholders';
import { simulate, type SimulationPolicy, type SimulationRequest } from './simulate';

// Placeholders are values known only at deploy time; a simulation never guesses them (issue 13, "Simulate request").

const role = 'arn:aws:iam::111122223333:role/worker';

/** The policies of a one-role template whose inline policy has these statements (YAML, indented for the list). */
function templatePolicies(statements: string): SimulationPolicy[] {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Account: {Type: String}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
${statements}`;
  const host = cloudFormationReader.read({ text, uri: 'file:///template.yaml' })!;
  assert.equal(host.policies.length, 1);
  return [{ name: 'Role', text, document: host.policies[0].policy, role: 'identity' }];
}

const get = (resource: string): SimulationRequest => ({ principal: role, action: 's3:GetObject', resource });

test('a statement that applies only if a placeholder has the right value makes the decision depend on it', () => {
  const policies = templatePolicies(`              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub '\${Bucket.Arn}/*'
`);
  const report = simulate(get('arn:aws:s3:::logs/a.txt'), policies);
  assert.equal(report.decision, undefined);
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.dependsOn, { placeholders: ['${Bucket.Arn}'], mostPermissive: 'Allowed', leastPermissive: 'ImplicitlyDenied' });
  assert.equal(report.reason?.code, 'depends-on-placeholder');
  assert.equal(report.reason?.message, 'The decision depends on ${Bucket.Arn}, known only at deploy time: allowed for the most permissive values, implicitly denied for the least.');
  const [statement] = report.policies[0].statements;
  assert.deepEqual(statement.dependsOn, ['${Bucket.Arn}']);
  assert.equal(statement.why, 'Whether it applies depends on ${Bucket.Arn}, known only at deploy time');
  assert.equal(statement.decided, false);
  // The statement's span is in the template text, where the editor shows it.
  assert.equal(policies[0].text.slice(statement.span.start, statement.span.start + 13), 'Effect: Allow');
});

test('a placeholder that cannot change the outcome leaves the decision to the known statements', () => {
  const policies = templatePolicies(`              - Effect: Allow
                Action: s3:GetObject
                Resource: !GetAtt Bucket.Arn
              - Sid: Everything
                Effect: Allow
                Action: s3:*
                Resource: '*'
`);
  const allowed = simulate(get('arn:aws:s3:::logs/a.txt'), policies);
  assert.equal(allowed.decision, 'Allowed');
  assert.equal(allowed.dependsOn, undefined);
  assert.deepEqual(
    allowed.decidedBy.map((statement) => statement.label),
    ['Allow statement 2 "Everything"'],
    'decided by the statement that applies for every deployed value',
  );
  assert.deepEqual(allowed.policies[0].statements[0].dependsOn, ['!GetAtt Bucket.Arn']);
  // An action no statement names is denied whatever the bucket is.
  const denied = simulate({ principal: role, action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:111122223333:q' }, policies);
  assert.equal(denied.decision, 'ImplicitlyDenied');
  assert.equal(denied.dependsOn, undefined);
  assert.equal(denied.policies[0].statements[0].dependsOn, undefined);
});

test('a Deny whose condition compares with a placeholder makes an allowed request depend on it', () => {
  const policies = templatePolicies(`              - Effect: Allow
                Action: s3:*
                Resource: '*'
              - Effect: Deny
                Action: s3:*
                Resource: '*'
                Condition:
                  StringNotEquals:
                    aws:ResourceAccount: !Ref Account
`);
  const report = simulate(get('arn:aws:s3:::logs/a.txt'), policies);
  assert.equal(report.decision, undefined);
  assert.deepEqual(report.dependsOn, { placeholders: ['!Ref Account'], mostPermissive: 'Allowed', leastPermissive: 'ExplicitlyDenied' });
});

test('conditions known only at deploy time (a CDK CfnJson block) make the decision depend on them', () => {
  for (const condition of ['StringEquals: !GetAtt Bucket.Arn', '!GetAtt Bucket.Arn']) {
    const policies = templatePolicies(`              - Effect: Allow
                Action: s3:GetObject
                Resource: '*'
                Condition:
                  ${condition}
`);
    const report = simulate(get('arn:aws:s3:::logs/a.txt'), policies);
    assert.equal(report.decision, undefined, condition);
    assert.deepEqual(report.dependsOn, { placeholders: ['!GetAtt Bucket.Arn'], mostPermissive: 'Allowed', leastPermissive: 'ImplicitlyDenied' }, condition);
  }
});

test('a partition or account hole stays inside its ARN segment; a whole-ARN hole widens the value to "*"', () => {
  const [policy] = templatePolicies(`              - Effect: Allow
                Action: [s3:GetObject, !Sub 's3:\${Account}']
                Resource:
                  - !Sub 'arn:\${AWS::Partition}:s3:::data-\${AWS::AccountId}/*'
                  - !Sub '\${Bucket.Arn}/*'
                  - arn:aws:s3:::static/*
`);
  const statement = (bound: ReturnType<typeof boundedPolicy>) => bound.statements[0];
  const widest = statement(boundedPolicy(policy.document!, 'widest', 'narrowest'));
  assert.deepEqual(
    widest.action?.values.map((v) => v.value),
    ['s3:GetObject', 's3:*'],
  );
  assert.deepEqual(
    widest.resource?.values.map((v) => v.value),
    ['arn:*:s3:::data-*/*', '*', 'arn:aws:s3:::static/*'],
  );
  const narrowest = statement(boundedPolicy(policy.document!, 'narrowest', 'widest'));
  assert.deepEqual(
    narrowest.action?.values.map((v) => v.value),
    ['s3:GetObject'],
  );
  assert.deepEqual(
    narrowest.resource?.values.map((v) => v.value),
    ['arn:aws:s3:::static/*'],
  );
  assert.deepEqual(
    placeholdersOf(policy.document!.statements[0]).map((hole) => hole.source),
    ['${Account}', '${AWS::Partition}', '${AWS::AccountId}', '${Bucket.Arn}'],
  );
  // The literal statement still decides on its own.
  assert.equal(simulate(get('arn:aws:s3:::static/index.html'), [policy]).decision, 'Allowed');
});

test('NotAction and NotResource bound the other way round; a policy without placeholders is left as it is', () => {
  const plain = parsePolicy('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}');
  assert.equal(policyHasPlaceholders(plain), false);
  assert.equal(boundedPolicy(plain, 'widest', 'narrowest'), plain);
  const [policy] = templatePolicies(`              - Effect: Deny
                NotAction: !Sub 's3:\${Account}'
                NotResource: !GetAtt Bucket.Arn
`);
  // A Deny at its widest applies to the most requests: its Not lists lose the values known only at deploy time.
  const widest = boundedPolicy(policy.document!, 'narrowest', 'widest').statements[0];
  assert.deepEqual(widest.notAction?.values, []);
  assert.deepEqual(widest.notResource?.values, []);
  const narrowest = boundedPolicy(policy.document!, 'widest', 'narrowest').statements[0];
  assert.deepEqual(
    narrowest.notAction?.values.map((v) => v.value),
    ['s3:*'],
  );
  assert.deepEqual(
    narrowest.notResource?.values.map((v) => v.value),
    ['*'],
  );
});
