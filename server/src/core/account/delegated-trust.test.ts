import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountEvaluator } from './account-evaluator';
import { readTemplateAccount } from './from-cloudformation';
import { assumersOf } from './who-can';

// A trust policy that names the role's own account (its root or ID) under a condition delegates to the account's
// identity-based policies: a principal of the account without an Allow of its own cannot assume the role, whatever
// the condition; one with an Allow can, once the condition holds. "Conditional" must mean "allowed once the context
// says so". https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html

const account = readTemplateAccount(
  `
Resources:
  Admin:
    Type: AWS::IAM::Role
    Properties:
      RoleName: admin
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }
            Action: sts:AssumeRole
            Condition: { Bool: { aws:MultiFactorAuthPresent: 'true' } }
  Operator:
    Type: AWS::IAM::User
    Properties:
      UserName: operator
      Policies:
        - PolicyName: assume
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: sts:AssumeRole, Resource: '*' }] }
  Intern:
    Type: AWS::IAM::User
    Properties:
      UserName: intern
`,
  'template.yaml',
  { accountId: '111122223333' },
).account!;

const ADMIN = 'arn:aws:iam::111122223333:role/admin';
const decide = (name: string, context?: Record<string, string>) =>
  new AccountEvaluator(account, { context }).decide(account.users.get(`arn:aws:iam::111122223333:user/${name}`)!, 'sts:AssumeRole', ADMIN);

test('a user without an Allow of its own cannot assume a role whose trust names the account under a condition', () => {
  // Before, the intern was Conditional on MFA, yet denied with MFA given.
  assert.equal(decide('intern').decision, 'ImplicitlyDenied');
  assert.equal(decide('intern', { 'aws:MultiFactorAuthPresent': 'true' }).decision, 'ImplicitlyDenied');
});

test('a user with an Allow of its own assumes it once the condition holds', () => {
  const waiting = decide('operator');
  assert.deepEqual([waiting.decision, waiting.conditions?.map((c) => c.key)], ['Conditional', ['aws:MultiFactorAuthPresent']]);
  assert.equal(decide('operator', { 'aws:MultiFactorAuthPresent': 'true' }).decision, 'Allowed');
  assert.equal(decide('operator', { 'aws:MultiFactorAuthPresent': 'false' }).decision, 'ImplicitlyDenied');
});

test("the role's assumers are the principals with an Allow of their own", () => {
  assert.deepEqual(assumersOf(new AccountEvaluator(account), account.roles.get(ADMIN)!), [{ principal: 'arn:aws:iam::111122223333:user/operator', decision: 'Conditional' }]);
});
