import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { trustOidcClaimKey } from './trust-oidc-claim-key';
import { trustOidcConditions } from './trust-oidc-conditions';
import { trustGithubSub } from './trust-github-sub';

const cluster = 'oidc.eks.us-east-2.amazonaws.com/id/8826F329E906762BAE166DE08D489F28';
const eks = `arn:aws:iam::111122223333:oidc-provider/${cluster}`;

// From a real IRSA trust policy: the author's shell variable was never expanded.
test('trust-oidc-claim-key flags keys no token of the trusted provider carries, at the key', () => {
  const { actual, expected } = spansOf(
    trustOidcClaimKey,
    `{"Statement": [
      {"Effect": "Allow", "Principal": {"Federated": "${eks}"}, "Action": "sts:AssumeRoleWithWebIdentity",
       "Condition": {"StringEquals": {«"$oidc_provider:aud"»: "sts.amazonaws.com", «"$oidc_provider:sub"»: "system:serviceaccount:test:nginx-sa"}}},
      {"Effect": "Allow", "Principal": {"Federated": "${eks}"}, "Action": "sts:AssumeRoleWithWebIdentity",
       "Condition": {"StringLike": {«"oidc.eks.us-east-2.amazonaws.com/id/0000AAAA1111BBBB2222CCCC3333DDDD:sub"»: "system:serviceaccount:app:*"}}},
      {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
       "Condition": {"StringEquals": {«"accounts.google.com:aud"»: "client"}}}
    ]}`,
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('trust-oidc-claim-key says the statement never applies, or that a test limits nothing, and fixes the key', () => {
  const text = policyWith({
    Effect: 'Allow',
    Principal: { Federated: eks },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { '$oidc_provider:sub': 'system:serviceaccount:test:nginx-sa' } },
  });
  const [problem] = runCheck(trustOidcClaimKey, text, 'trust');
  assert.equal(problem.severity, 'error');
  assert.equal(
    problem.message,
    `No token this role accepts carries "$oidc_provider:sub": "$oidc_provider" is a variable left unexpanded, so "StringEquals" is false and no one can assume the role through this statement. Write "${cluster}:sub".`,
  );
  assert.equal(
    applyFix(text, problem),
    policyWith({ Effect: 'Allow', Principal: { Federated: eks }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${cluster}:sub`]: 'system:serviceaccount:test:nginx-sa' } } }),
  );
  // A test a missing key passes (IfExists, a negated operator, ForAllValues) keeps the statement alive and limits nothing.
  for (const operator of ['StringEqualsIfExists', 'StringNotEquals', 'ForAllValues:StringLike']) {
    const [loose] = runCheck(
      trustOidcClaimKey,
      policyWith({ Effect: 'Allow', Principal: { Federated: eks }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { [operator]: { 'other.example.com:sub': 'x' } } }),
      'trust',
    );
    assert.equal(loose.severity, 'warning', operator);
    assert.match(loose.message, /"other\.example\.com" is not the provider this statement trusts, so this ".+" test limits nothing/);
  }
});

test("trust-oidc-claim-key accepts the provider's own keys in any case, global keys, computed keys and other policy types", () => {
  const own = policyWith({
    Effect: 'Allow',
    Principal: { Federated: eks },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${cluster.toLowerCase()}:sub`]: 'system:serviceaccount:a:b', 'aws:SourceIp': '192.0.2.1', 'sts:RoleSessionName': 'x' } },
  });
  assert.deepEqual(runCheck(trustOidcClaimKey, own, 'trust'), []);
  assert.deepEqual(
    runCheck(
      trustOidcClaimKey,
      policyWith({ Effect: 'Allow', Principal: { Federated: eks }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { '${issuer}:sub': 'system:serviceaccount:a:b' } } }),
      'trust',
    ),
    [],
  );
  // A provider the template computes may be the one the key names.
  assert.deepEqual(
    runCheck(
      trustOidcClaimKey,
      policyWith({
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/${Provider}' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${cluster}:sub`]: 'x' } },
      }),
      'trust',
    ),
    [],
  );
  const foreign = policyWith({ Effect: 'Allow', Principal: { Federated: eks }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'other.example.com:sub': 'x' } } });
  assert.deepEqual(runCheck(trustOidcClaimKey, foreign, 'identity'), []);
});

test('a statement no token can satisfy draws no "anyone can assume" finding from the claim rules', () => {
  const irsa = policyWith({
    Effect: 'Allow',
    Principal: { Federated: eks },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { '$oidc_provider:sub': 'system:serviceaccount:a:b' } },
  });
  assert.deepEqual(runCheck(trustOidcConditions, irsa, 'trust'), []);
  const github = policyWith({
    Effect: 'Allow',
    Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { 'token.actions.githubusercontent.co:sub': 'repo:octo/app:ref:refs/heads/main' } },
  });
  assert.deepEqual(runCheck(trustGithubSub, github, 'trust'), []);
  assert.equal(runCheck(trustOidcClaimKey, github, 'trust').length, 1);
});

// From a real Terraform IRSA role: the key built from the provider's ARN, which no token's claims are keyed by.
test('trust-oidc-claim-key flags a key the code builds from the provider ARN, not one cut from it', () => {
  const statement = (key: string) => ({
    Effect: 'Allow',
    Principal: { Federated: '${module.eks.oidc_provider_arn}' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [key]: 'system:serviceaccount:kube-system:ebs-csi' } },
  });
  const [problem] = runCheck(trustOidcClaimKey, policyWith(statement('${replace(module.eks.oidc_provider_arn, "https://", "")}:sub')), 'trust');
  assert.equal(problem.severity, 'error');
  assert.match(problem.message, /builds the key from the provider's ARN, but a token's claims are keyed by its issuer URL/);
  assert.equal(runCheck(trustOidcClaimKey, policyWith(statement('${aws_iam_openid_connect_provider.github.arn}:sub')), 'trust').length, 1);
  for (const key of ['${module.eks.oidc_provider}:sub', '${element(split("oidc-provider/", module.eks.oidc_provider_arn), 1)}:sub', '${replace(var.issuer_url, "https://", "")}:sub'])
    assert.deepEqual(runCheck(trustOidcClaimKey, policyWith(statement(key)), 'trust'), [], key);
});

test('trust-oidc-claim-key flags a subject tested as the audience, and moves the test to sub', () => {
  // KaushalRai12/DevOps (Kubernetes sweep): the VPC CNI role could never be assumed.
  const { actual, expected } = spansOf(
    trustOidcClaimKey,
    `{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "${eks}"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {«"${cluster}:aud"»: "system:serviceaccount:kube-system:aws-node"}}}]}`,
    'trust',
  );
  assert.deepEqual(actual, expected);
  const trust = policyWith({
    Effect: 'Allow',
    Principal: { Federated: eks },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${cluster}:aud`]: 'system:serviceaccount:kube-system:aws-node' } },
  });
  const [problem] = runCheck(trustOidcClaimKey, trust, 'trust');
  assert.equal(problem.severity, 'error');
  assert.match(problem.message, /is false and no one can assume the role/);
  assert.deepEqual(JSON.parse(applyFix(trust, problem)).Statement[0].Condition, { StringEquals: { [`${cluster}:sub`]: 'system:serviceaccount:kube-system:aws-node' } });
  // A negated test of it limits nothing; the audience itself, and a subject under sub, are right.
  const negated = policyWith({ Effect: 'Allow', Principal: { Federated: eks }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringNotEquals: { [`${cluster}:aud`]: 'repo:org/app:*' } } });
  assert.equal(runCheck(trustOidcClaimKey, negated, 'trust')[0].severity, 'warning');
  const right = policyWith({
    Effect: 'Allow',
    Principal: { Federated: eks },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${cluster}:aud`]: 'sts.amazonaws.com', [`${cluster}:sub`]: 'system:serviceaccount:kube-system:aws-node' } },
  });
  assert.deepEqual(runCheck(trustOidcClaimKey, right, 'trust'), []);
});

test('trust-oidc-claim-key flags an audience a few letters from sts.amazonaws.com, which no EKS or GitHub token carries', () => {
  // An EMR on EKS job role tested "sts.amazon.com" (EMR sweep).
  const text = (audience: string, operator = 'StringEquals') =>
    JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: eks },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { [operator]: { [`${cluster}:aud`]: audience, [`${cluster}:sub`]: 'system:serviceaccount:emr:spark' } },
        },
      ],
    });
  const typo = text('sts.amazon.com');
  const [problem] = runCheck(trustOidcClaimKey, typo, 'trust');
  assert.equal(typo.slice(problem.span.start, problem.span.end), 'sts.amazon.com');
  assert.equal(problem.message, '"sts.amazon.com" is not the audience an EKS service account\'s token carries: it is "sts.amazonaws.com", so this value matches no token. Write "sts.amazonaws.com".');
  assert.equal(applyFix(typo, problem), text('sts.amazonaws.com'));
  // The audience itself, another audience altogether, and a negation are left alone.
  for (const [audience, operator] of [['sts.amazonaws.com'], ['api://my-app'], ['sts.amazon.com', 'StringNotEquals']]) {
    assert.deepEqual(runCheck(trustOidcClaimKey, text(audience, operator), 'trust'), [], audience);
  }
});
