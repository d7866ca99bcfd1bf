import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
import { trustOidcConditions } from './trust-oidc-conditions';

const eks = 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

test('trust-oidc-conditions flags OIDC providers whose claims the statement does not test', () => {
  const { actual, expected } = spansOf(
    trustOidcConditions,
    `{"Statement": [
      {"Effect": "Allow", "Principal": {"Federated": «"accounts.google.com"»}, "Action": "sts:AssumeRoleWithWebIdentity"},
      {"Effect": "Allow", "Principal": {"Federated": «"${eks}"»}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"}}}
    ]}`,
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('trust-oidc-conditions asks EKS roles for the service account and adds the sub condition', () => {
  const text = `{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "${eks}"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}`;
  const [problem] = runCheck(trustOidcConditions, text, 'trust');
  const prefix = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
  assert.equal(
    problem.message,
    `Any pod of this EKS cluster whose service account gets a token can assume this role: there is no condition on "${prefix}:sub". Add one naming the service account, such as "system:serviceaccount:NAMESPACE:NAME".`,
  );
  assert.equal(
    applyFix(text, problem),
    `{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "${eks}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"${prefix}:sub": "system:serviceaccount:\${Namespace}:\${ServiceAccountName}"}}}]}`,
  );
});

test('trust-oidc-conditions accepts tested claims, SAML, GitHub (trust-github-sub) and other policy types', () => {
  assert.deepEqual(
    runCheck(
      trustOidcConditions,
      policyWith({
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-abcd' } },
      }),
      'trust',
    ),
    [],
  );
  assert.deepEqual(
    runCheck(
      trustOidcConditions,
      policyWith({
        Effect: 'Allow',
        Principal: { Federated: eks },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${eks.split('oidc-provider/')[1]}:sub`]: 'system:serviceaccount:default:app' } },
      }),
      'trust',
    ),
    [],
  );
  assert.deepEqual(
    runCheck(trustOidcConditions, policyWith({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/corp' }, Action: 'sts:AssumeRoleWithSAML' }), 'trust'),
    [],
  );
  assert.deepEqual(
    runCheck(
      trustOidcConditions,
      policyWith({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }),
      'trust',
    ),
    [],
  );
});

test('trust-oidc-conditions leaves conditions known only at deploy time alone: CDK writes EKS service account conditions as CfnJson', () => {
  const statement = (Condition: string) => ({
    Principal: '{Federated: arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE}',
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition,
  });
  assert.deepEqual(runCheckOnTemplateStatement(trustOidcConditions, statement('{StringEquals: !GetAtt Conditions.Value}'), 'trust'), []);
  assert.deepEqual(runCheckOnTemplateStatement(trustOidcConditions, statement('!GetAtt Conditions.Value'), 'trust'), []);
  // A written condition without the sub claim is still reported.
  const audienceOnly = "{StringEquals: {'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud': sts.amazonaws.com}}";
  assert.equal(runCheckOnTemplateStatement(trustOidcConditions, statement(audienceOnly), 'trust').length, 1);
});

// The audience every token for AWS carries names no workload (from a real Terraform IRSA role, tested in terraform).
test('trust-oidc-conditions says a test of the aud claim alone, for sts.amazonaws.com, lets every workload in', () => {
  const provider = 'arn:aws:iam::111122223333:oidc-provider/gitlab.example.com';
  const [problem] = runCheck(
    trustOidcConditions,
    policyWith({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'gitlab.example.com:aud': 'sts.amazonaws.com' } } }),
    'trust',
  );
  assert.match(problem.message, /^Every token this provider issues for AWS has the audience "sts\.amazonaws\.com".*Add a condition on "gitlab\.example\.com:sub" naming the workload\.$/);
  // An audience of the application's own, or a sub test beside it, names the workload.
  for (const Condition of [
    { StringEquals: { 'gitlab.example.com:aud': 'https://gitlab.example.com' } },
    { StringEquals: { 'gitlab.example.com:aud': 'sts.amazonaws.com', 'gitlab.example.com:sub': 'project_path:team/app:ref_type:branch:ref:main' } },
  ])
    assert.deepEqual(
      runCheck(trustOidcConditions, policyWith({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition }), 'trust'),
      [],
      JSON.stringify(Condition),
    );
});

// A provider beside principals that use sts:AssumeRole gets no token in through it (trust-assume-role-variant says so):
// there are no claims left untested.
test('trust-oidc-conditions leaves alone a statement that does not allow sts:AssumeRoleWithWebIdentity', () => {
  const statement = { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'firehose.amazonaws.com', Federated: 'cognito-identity.amazonaws.com' } };
  assert.deepEqual(runCheck(trustOidcConditions, policyWith(statement), 'trust'), []);
  assert.equal(runCheck(trustOidcConditions, policyWith({ ...statement, Action: ['sts:AssumeRole', 'sts:AssumeRoleWith*'] }), 'trust').length, 1);
});

test('trust-oidc-conditions: a Cognito identity pool trust that tests no claim is an error, since IAM refuses it', () => {
  // Crossplane's provider-aws example role trusts cognito-identity.amazonaws.com with no condition.
  const { text, spans } = marked(
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": «"cognito-identity.amazonaws.com"»}, "Action": "sts:AssumeRoleWithWebIdentity"}]}',
  );
  const [problem] = runCheck(trustOidcConditions, text, 'trust');
  assert.deepEqual([problem.span, problem.severity], [spans[0], 'error']);
  assert.equal(
    problem.message,
    'IAM refuses a trust policy that lets any identity pool assume the role: the statement tests none of "cognito-identity.amazonaws.com"\'s claims. Test "cognito-identity.amazonaws.com:aud" (your identity pool\'s ID) and "cognito-identity.amazonaws.com:amr" ("authenticated" or "unauthenticated").',
  );
  assert.match(applyFix(text, problem), /"StringEquals": \{\s*"cognito-identity\.amazonaws\.com:aud": "\$\{IdentityPoolId\}"/);
  // Another provider without conditions stays a warning.
  const [google] = runCheck(trustOidcConditions, text.replace('cognito-identity.amazonaws.com', 'accounts.google.com'), 'trust');
  assert.equal(google.severity, 'warning');
});

test("trust-oidc-conditions says HCP Terraform's default audience alone lets in any organization's workspace", () => {
  // AFT's and a platform team's HCP Terraform roles (OIDC sweep): the audience every organization's token carries by default.
  const provider = 'arn:aws:iam::111122223333:oidc-provider/app.terraform.io';
  const { actual, expected } = spansOf(
    trustOidcConditions,
    `{"Statement": [
      {"Effect": "Allow", "Principal": {"Federated": «"${provider}"»}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"app.terraform.io:aud": "aws.workload.identity"}}},
      {"Effect": "Allow", "Principal": {"Federated": "${provider}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"app.terraform.io:aud": "my-org-aws"}}},
      {"Effect": "Allow", "Principal": {"Federated": "${provider}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"app.terraform.io:aud": "aws.workload.identity"}, "StringLike": {"app.terraform.io:sub": "organization:acme:project:*:workspace:*:run_phase:*"}}}]}`,
    'trust',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(
    trustOidcConditions,
    `{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "${provider}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"app.terraform.io:aud": "aws.workload.identity"}}}]}`,
    'trust',
  );
  assert.match(problem.message, /^HCP Terraform gives every token for AWS the audience "aws\.workload\.identity"/);
});

test('trust-oidc-conditions flags a subject pattern that leaves the group or organization open on GitLab.com and HCP Terraform', () => {
  const gitlab = 'arn:aws:iam::111122223333:oidc-provider/gitlab.com';
  const terraform = 'arn:aws:iam::111122223333:oidc-provider/app.terraform.io';
  const trust = (provider: string, claim: string, subjects: string) =>
    `{"Effect": "Allow", "Principal": {"Federated": "${provider}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"${claim}:aud": "https://gitlab.com"}, "StringLike": {"${claim}:sub": ${subjects}}}}`;
  const { actual, expected } = spansOf(
    trustOidcConditions,
    `{"Statement": [
      ${trust(gitlab, 'gitlab.com', '[«"project_path:*"», «"*"», "project_path:acme/*:ref_type:branch:ref:main"]')},
      ${trust(terraform, 'app.terraform.io', '[«"organization:*:project:*:workspace:prod:run_phase:*"», "organization:acme:*"]')},
      ${trust('arn:aws:iam::111122223333:oidc-provider/gitlab.example.com', 'gitlab.example.com', '"project_path:*"')}]}`,
    'trust',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(trustOidcConditions, `{"Statement": [${trust(gitlab, 'gitlab.com', '"project_path:*"')}]}`, 'trust');
  assert.equal(
    problem.message,
    '"project_path:*" lets in the pipelines of every group on GitLab.com, not only yours: the issuer is shared by all its customers. Name your group, as in "project_path:GROUP/PROJECT:ref_type:branch:ref:main".',
  );
});

test('trust-oidc-conditions reads the issuer from the keys where the provider is named only at deploy', () => {
  const statement = (Condition: string) => ({ Principal: '{Federated: !GetAtt GitLabProvider.Arn}', Action: 'sts:AssumeRoleWithWebIdentity', Condition });
  const [open] = runCheckOnTemplateStatement(trustOidcConditions, statement("{StringEquals: {'gitlab.com:aud': 'https://gitlab.com'}, StringLike: {'gitlab.com:sub': 'project_path:*'}}"), 'trust');
  assert.match(open.message, /^"project_path:\*" lets in the pipelines of every group on GitLab\.com/);
  const pinned = statement("{StringEquals: {'gitlab.com:aud': 'https://gitlab.com'}, StringLike: {'gitlab.com:sub': 'project_path:acme/app:ref_type:branch:ref:main'}}");
  assert.deepEqual(runCheckOnTemplateStatement(trustOidcConditions, pinned, 'trust'), []);
});

// A Fluent Bit role of an EKS controllers sweep trusts `var.oidc_provider_arn` with no Condition at all.
test('trust-oidc-conditions reports a provider named only at deploy whose claims the statement does not test at all', () => {
  const statement = { Principal: '{Federated: !GetAtt EksProvider.Arn}', Action: 'sts:AssumeRoleWithWebIdentity' };
  const [open] = runCheckOnTemplateStatement(trustOidcConditions, statement, 'trust');
  assert.match(open.message, /^Anyone the identity provider "!GetAtt EksProvider\.Arn" issues a token to can assume this role: the statement tests none of its claims\./);
  // A statement that tests a claim of the cluster's issuer names the workload.
  const sub = "{StringEquals: {'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub': 'system:serviceaccount:logging:fluent-bit'}}";
  assert.deepEqual(runCheckOnTemplateStatement(trustOidcConditions, { ...statement, Condition: sub }, 'trust'), []);
  // So may an operator whose keys are known only at deploy (an EMR sweep's CDK app: `conditions={"StringLike": aud}`).
  assert.deepEqual(runCheckOnTemplateStatement(trustOidcConditions, { ...statement, Condition: '{StringLike: !GetAtt Conditions.Value}' }, 'trust'), []);
});

test("trust-oidc-conditions names Login with Amazon's and Facebook's own keys for the application and the user", () => {
  // A PHP SDK program's Facebook role (SDK sweep): it asked for "graph.facebook.com:sub", which IAM does not have.
  const messageOf = (provider: string) =>
    runCheck(trustOidcConditions, policyWith({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity' }), 'trust')[0].message;
  assert.match(messageOf('graph.facebook.com'), /on "graph\.facebook\.com:app_id" naming your application, and on "graph\.facebook\.com:id" where/);
  assert.match(messageOf('www.amazon.com'), /on "www\.amazon\.com:app_id" naming your application, and on "www\.amazon\.com:user_id" where/);
  assert.match(messageOf('accounts.google.com'), /on "accounts\.google\.com:aud" naming your application, and on "accounts\.google\.com:sub" where/);
});
