import type { Statement } from '../policy/model';
import { principalValuesOf } from '../policy/principals';
import { addConditionEdit } from '../risk/policy-edits';
import { allowsWebIdentity, claimOf, githubIssuer, githubProviderOf, isEksProvider, keyTestsOf, oidcKeyPrefix, requiresForeignClaim } from '../risk/trust';
import type { Check, Fix } from './check';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
// https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
export const trustOidcConditions: Check = {
  id: 'trust-oidc-conditions',
  severity: 'warning',
  description:
    "A role trusted by an OIDC identity provider needs conditions on the provider's claims (aud, sub), or anyone the provider issues a token to can assume it; for Amazon EKS, a sub condition naming the service account.",
  run({ policy, policyType, report }) {
    if (policyType !== 'trust') return;
    for (const statement of policy.statements) {
      // Conditions known only at deploy time (CDK's CfnJson, which EKS service account roles use) may test every claim.
      if (statement.effect?.value?.value !== 'Allow' || statement.condition?.deployTime || requiresForeignClaim(statement) || !allowsWebIdentity(statement)) continue;
      for (const { element, type, value } of principalValuesOf(statement)) {
        if (element !== 'Principal' || type !== 'Federated') continue;
        const prefix = oidcKeyPrefix(value.value);
        // GitHub's sub claim has its own rule, trust-github-sub.
        if (!prefix || prefix.toLowerCase() === githubIssuer) continue;
        const claims = claimsTested(statement, prefix);
        if (isEksProvider(prefix)) {
          if (claims.has('sub')) continue;
          report(
            value.span,
            `Any pod of this EKS cluster whose service account gets a token can assume this role: there is no condition on "${prefix}:sub". Add one naming the service account, such as "system:serviceaccount:NAMESPACE:NAME".`,
            { fixes: claimFix(policy.text, statement, `${prefix}:sub`, 'system:serviceaccount:${Namespace}:${ServiceAccountName}') },
          );
        } else if (claims.size === 0 && isCognitoIdentity(prefix)) {
          // "If the Principal of an IAM role trust policy is the identity pool service principal
          // cognito-identity.amazonaws.com, you can't create or modify a role trust policy to allow any identity pool to
          // assume the role." https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
          report(
            value.span,
            `IAM refuses a trust policy that lets any identity pool assume the role: the statement tests none of "${prefix}"'s claims. Test "${prefix}:aud" (your identity pool's ID) and "${prefix}:amr" ("authenticated" or "unauthenticated").`,
            { severity: 'error', fixes: claimFix(policy.text, statement, `${prefix}:aud`, '${IdentityPoolId}') },
          );
        } else if (claims.size === 0) {
          const audience = /^(?:www\.amazon\.com|graph\.facebook\.com)$/i.test(prefix) ? 'app_id' : 'aud';
          report(
            value.span,
            `Anyone "${prefix}" issues a token to can assume this role: the statement tests none of the provider's claims. Add a condition on "${prefix}:${audience}" naming your application, and on "${prefix}:sub" where it identifies the user or workload.`,
            { fixes: claimFix(policy.text, statement, `${prefix}:${audience}`, '${ClientId}') },
          );
        } else if (testsOnlyAwsAudience(statement, claims, prefix)) {
          report(value.span, onlyAwsAudience(`"${prefix}:sub"`));
        }
      }
      // A provider named only at deploy (`module.eks.oidc_provider_arn`), its claims by a computed issuer
      // (`"${module.eks.oidc_provider}:aud"`): GitHub's are trust-github-sub's.
      const deployed = statement.principal?.entries.find((entry) => entry.type === 'Federated')?.values.find((each) => each.placeholders?.some((hole) => hole.start === 0));
      if (!deployed || githubProviderOf(statement)) continue;
      const computed = claimsTested(statement, COMPUTED_ONLY);
      if (testsOnlyAwsAudience(statement, computed, COMPUTED_ONLY)) report(deployed.span, onlyAwsAudience('the sub claim'));
    }
  },
};

// No provider's keys start so: claimOf then answers only for keys whose issuer the code computes.
const COMPUTED_ONLY = '\u0000';

// "sts.amazonaws.com" is the audience EKS gives every service account's token and GitHub Actions every workflow's
// token for AWS: a test of it alone lets in every workload the provider issues tokens to.
// https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
const AWS_AUDIENCE = 'sts.amazonaws.com';

/** Whether the statement tests only the provider's aud claim, and only for the audience every AWS token carries. */
function testsOnlyAwsAudience(statement: Statement, claims: Set<string>, prefix: string): boolean {
  if (claims.size !== 1 || !claims.has('aud')) return false;
  const values = keyTestsOf(statement)
    .filter(({ entry }) => claimOf(entry, prefix) === 'aud')
    .flatMap(({ entry }) => entry.values);
  return values.length > 0 && values.every((value) => value.value.toLowerCase() === AWS_AUDIENCE);
}

function onlyAwsAudience(sub: string): string {
  return `Every token this provider issues for AWS has the audience "${AWS_AUDIENCE}", so the statement's one test lets in every workload it issues tokens to (for an EKS cluster, any pod whose service account gets a token). Add a condition on ${sub} naming the workload.`;
}

/** The claims of the provider (`aud`, `sub`, `amr` …) that the statement's Condition tests. */
function claimsTested(statement: Statement, prefix: string): Set<string> {
  const claims = new Set<string>();
  for (const { entry } of keyTestsOf(statement)) {
    const claim = claimOf(entry, prefix);
    if (claim !== undefined) claims.add(claim);
  }
  return claims;
}

function claimFix(text: string, statement: Statement, key: string, placeholder: string): Fix[] {
  const edit = addConditionEdit(text, statement, 'StringEquals', key, placeholder);
  return edit ? [{ title: `Add a "${key}" condition`, edits: [edit] }] : [];
}

/** Amazon Cognito identity pools' principal, which names no provider of one account but every identity pool. */
function isCognitoIdentity(prefix: string): boolean {
  return /^cognito-identity\.amazonaws\.com(?:\.cn)?$/i.test(prefix);
}
