import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { trustGithubSub } from './trust-github-sub';
import { marked } from '../../../../test/helpers/marked';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';

const provider = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const trust = (condition: unknown) =>
  JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) }] });

test('trust-github-sub flags a GitHub provider without a sub condition and subjects that let in other repositories', () => {
  const { actual, expected } = spansOf(
    trustGithubSub,
    `{"Statement": [
      {"Effect": "Allow", "Principal": {"Federated": «"${provider}"»}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}},
      {"Effect": "Allow", "Principal": {"Federated": "${provider}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": [«"repo:*"», «"repo:octo-org/*"», «"repo:octo-org/app:*"», "repo:octo-org/app:ref:refs/heads/main"]}}}
    ]}`,
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('trust-github-sub says who can assume the role, and adds a sub condition with placeholders', () => {
  const text = trust(undefined);
  const [problem] = runCheck(trustGithubSub, text, 'trust');
  assert.equal(
    problem.message,
    'Any GitHub Actions workflow, in any repository of any owner, can assume this role: there is no condition on "token.actions.githubusercontent.com:sub". Add one naming your repository, such as "repo:OWNER/REPO:ref:refs/heads/main".',
  );
  assert.equal(
    applyFix(text, problem),
    text.replace(
      '"sts:AssumeRoleWithWebIdentity"}',
      '"sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:${GitHubOrg}/${GitHubRepo}:ref:refs/heads/${Branch}"}}}',
    ),
  );
});

test('trust-github-sub rates wildcards by what they let in', () => {
  const severities = (sub: string) => runCheck(trustGithubSub, trust({ StringLike: { 'token.actions.githubusercontent.com:sub': sub } }), 'trust').map((p) => p.severity);
  assert.deepEqual(severities('*'), ['warning']);
  assert.deepEqual(severities('repo:*/app:*'), ['warning']);
  assert.deepEqual(severities('repo:octo-org/*'), ['warning']);
  assert.deepEqual(severities('repo:octo-org/app:*'), ['information']);
});

test('trust-github-sub accepts named repositories, StringEquals, negated tests beside a named one, and other providers', () => {
  assert.deepEqual(runCheck(trustGithubSub, trust({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/app:ref:refs/heads/main' } }), 'trust'), []);
  // StringEquals compares "*" as a character: nothing but that exact subject matches.
  assert.deepEqual(runCheck(trustGithubSub, trust({ StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/app:environment:prod' } }), 'trust'), []);
  assert.deepEqual(
    runCheck(
      trustGithubSub,
      trust({ StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/app:environment:prod' }, StringNotLike: { 'token.actions.githubusercontent.com:sub': 'repo:*:pull_request' } }),
      'trust',
    ),
    [],
  );
  assert.deepEqual(
    runCheck(trustGithubSub, JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] }), 'trust'),
    [],
  );
});

test('trust-github-sub leaves conditions known only at deploy time alone, and still judges a written sub', () => {
  const statement = (Condition: string) => ({
    Principal: '{Federated: arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com}',
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition,
  });
  assert.deepEqual(runCheckOnTemplateStatement(trustGithubSub, statement('{StringLike: !GetAtt Conditions.Value}'), 'trust'), []);
  const written = runCheckOnTemplateStatement(trustGithubSub, statement("{StringLike: {'token.actions.githubusercontent.com:sub': 'repo:*'}, StringEquals: !GetAtt Conditions.Value}"), 'trust');
  assert.equal(written.length, 1);
  assert.match(written[0].message, /^"repo:\*"/);
});

// From a real CDK app: `repo:OWNER/REPO:environment:*` was said to let in any branch, tag or pull request.
test('trust-github-sub says what a wildcard after the repository lets in: environments, branches, tags, or all', () => {
  const message = (sub: string) => runCheck(trustGithubSub, trust({ StringLike: { 'token.actions.githubusercontent.com:sub': sub } }), 'trust')[0].message;
  assert.match(message('repo:octo-org/app:environment:*'), /lets the jobs of octo-org\/app that run in any matching environment assume this role/);
  assert.match(message('repo:octo-org/app:ref:refs/heads/*'), /lets workflows of any matching branch of octo-org\/app/);
  assert.match(message('repo:octo-org/app:ref:refs/tags/v*'), /lets workflows of any matching tag of octo-org\/app/);
  assert.match(message('repo:octo-org/app:ref:*'), /lets workflows of any branch or tag of octo-org\/app/);
  assert.match(message('repo:octo-org/app:*'), /lets workflows of any branch, tag, pull request or environment of octo-org\/app/);
});

// From real Terraform: the provider named by reference (`data.aws_iam_openid_connect_provider.github.arn`), and
// "repo:*" letting any GitHub user's workflow in.
test('trust-github-sub knows a provider named only at deploy by the GitHub claims the statement tests', () => {
  const statement = (Principal: string, Condition: string) => ({ Principal, Action: 'sts:AssumeRoleWithWebIdentity', Condition });
  const byReference = runCheckOnTemplateStatement(trustGithubSub, statement('{Federated: !Ref GitHubProvider}', "{StringLike: {'token.actions.githubusercontent.com:sub': 'repo:*'}}"), 'trust');
  assert.equal(byReference.length, 1);
  assert.match(byReference[0].message, /^"repo:\*" lets in workflows of other owners' repositories/);
  // Only the audience tested: no sub condition at all.
  const audienceOnly = runCheckOnTemplateStatement(
    trustGithubSub,
    statement('{Federated: !Ref GitHubProvider}', "{StringEquals: {'token.actions.githubusercontent.com:aud': sts.amazonaws.com}}"),
    'trust',
  );
  assert.match(audienceOnly[0].message, /^Any GitHub Actions workflow, in any repository of any owner, can assume this role/);
  // Another provider's claims: not GitHub's to judge.
  assert.deepEqual(runCheckOnTemplateStatement(trustGithubSub, statement('{Federated: !Ref GitLabProvider}', "{StringLike: {'gitlab.com:sub': 'project_path:*'}}"), 'trust'), []);
});

test('trust-github-sub leaves alone a statement whose actions let no web identity in', () => {
  const statement = {
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Principal: { AWS: 'arn:aws:iam::111122223333:root', Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
  };
  assert.deepEqual(runCheck(trustGithubSub, policyWith(statement), 'trust'), []);
  assert.equal(runCheck(trustGithubSub, policyWith({ ...statement, Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'] }), 'trust').length, 1);
});

test("trust-github-sub judges a subject as a stack deployed with its parameters' wildcard defaults gets it", async () => {
  // AWS's configure-aws-credentials sample template: RepositoryName and BranchName default to "*".
  const template = (repositoryDefault: string) =>
    marked(`Parameters:
  GitHubOrganization:
    Type: String
  RepositoryName:
    Type: String
    Default: "${repositoryDefault}"
  BranchName:
    Type: String
    Default: "*"
Resources:
  RoleGithubActions:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Action: sts:AssumeRoleWithWebIdentity
            Principal:
              Federated: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com
            Condition:
              StringLike:
                token.actions.githubusercontent.com:sub: «!Sub repo:\${GitHubOrganization}/\${RepositoryName}:ref:refs/heads/\${BranchName}»
`);
  const findings = (source: ReturnType<typeof template>) =>
    analyzeDocument({ text: source.text, uri: 'file:///work/github-role.yaml' }, { config: defaultConfiguration }).problems.filter((problem) => problem.ruleId === 'trust-github-sub');
  const wildcard = template('*');
  assert.deepEqual(
    findings(wildcard).map(({ span, severity, message }) => ({ span, severity, message })),
    [
      {
        span: wildcard.spans[0],
        severity: 'warning',
        message:
          'With the template\'s defaults (RepositoryName defaults to "*", BranchName defaults to "*"): "repo:${GitHubOrganization}/*:ref:refs/heads/*" lets in the workflows of every matching repository of "${GitHubOrganization}", including repositories created later. Name the repository, such as "repo:${GitHubOrganization}/REPO:ref:refs/heads/main".',
      },
    ],
  );
  // A named repository by default: only the wildcard default is read in, which lets in any branch (information).
  const named = findings(template('billing'));
  assert.deepEqual(
    named.map(({ severity, message }) => [severity, message.split(' lets ')[0]]),
    [['information', 'With the template\'s defaults (BranchName defaults to "*"): "repo:${GitHubOrganization}/${RepositoryName}:ref:refs/heads/*"']],
  );
});
