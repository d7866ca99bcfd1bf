import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { applyFix } from '../../../../test/helpers/checks';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { githubActionsReader } from './github-actions';

const WORKFLOW = `name: deploy
on: [push]
permissions:
  id-token: write
jobs:
  upload:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Configure AWS credentials
        uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::111122223333:role/deploy
          aws-region: us-east-1
          inline-session-policy: >-
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": «"allow"»,
                  "Action": ["s3:PutObject", "s3:«GetObjct»"],
                  "Resource": "arn:aws:s3:::\${{ env.BUCKET }}/*"
                }
              ]
            }
      - run: aws s3 cp build s3://\${{ env.BUCKET }}/ --recursive
  whoami:
    runs-on: ubuntu-latest
    steps:
      - uses: "aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502"
        with:
          role-to-assume: \${{ secrets.ROLE }}
          aws-region: us-east-1
          inline-session-policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetCallerIdentity","Resource":"*"}]}'
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ secrets.ROLE }}
          aws-region: us-east-1
          inline-session-policy: \${{ steps.policy.outputs.json }}
`;

test('a GitHub Actions workflow: the inline-session-policy of configure-aws-credentials is a session policy of its step', () => {
  const { text, spans } = marked(WORKFLOW);
  const analysis = analyzeDocument({ text, uri: 'file:///repo/.github/workflows/deploy.yml' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'github-actions');
  // A policy the workflow computes (`${{ steps.policy.outputs.json }}`) is not written here.
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['jobs › upload › steps › Configure AWS credentials › inline-session-policy', 'session'],
      ['jobs › whoami › steps › [0] › inline-session-policy', 'session'],
    ],
  );
  // The expression in the bucket's ARN is a value known when the job runs: no finding on it, nor on `"*"` in a session policy.
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity !== 'hint').map((problem) => [problem.ruleId, problem.span]),
    [
      ['effect-value', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
  const effect = analysis.problems.find((problem) => problem.ruleId === 'effect-value')!;
  assert.equal(applyFix(text, effect), text.replace('"Effect": "allow"', '"Effect": "Allow"'));
});

test('a composite action reads its steps under runs', () => {
  const text = `name: assume
runs:
  using: composite
  steps:
    - id: creds
      uses: aws-actions/configure-aws-credentials@v4
      with:
        aws-region: eu-west-1
        inline-session-policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBuckets","Resource":"*"}]}'
`;
  const analysis = analyzeDocument({ text, uri: 'file:///repo/.github/actions/assume/action.yml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['runs › steps › creds › inline-session-policy', 'session']],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]),
    [['action-unknown', 'ListBuckets']],
  );
});

test('a workflow without a session policy, or with one for another action, is not claimed', () => {
  const text = marked(WORKFLOW).text;
  assert.equal(githubActionsReader.read({ text: text.replaceAll('inline-session-policy', 'role-session-name'), uri: 'file:///repo/.github/workflows/deploy.yml' }), undefined);
  assert.equal(githubActionsReader.read({ text: text.replaceAll('aws-actions/configure-aws-credentials', 'someone/assume-role'), uri: 'file:///repo/.github/workflows/deploy.yml' }), undefined);
  assert.equal(githubActionsReader.read({ text, uri: 'file:///repo/.github/workflows/deploy.txt' }), undefined);
});
