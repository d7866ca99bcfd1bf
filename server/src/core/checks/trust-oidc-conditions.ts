import type { ConditionValue, Statement } from '../policy/model';
import { parseConditionOperator } from '../policy/condition-operators';
import { principalValuesOf } from '../policy/principals';
import { addConditionEdit } from '../risk/policy-edits';
import { allowsWebIdentity, claimOf, githubIssuer, githubProviderOf, isEksProvider, keyTestsOf, oidcKeyPrefix, requiresForeignClaim } from '../risk/trust';
import type { Span } from '../text/span';
import type { Check, CheckContext, Fix } from './check';

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
          const { audience, user } = claimNamesOf(prefix);
          report(
            value.span,
            `Anyone "${prefix}" issues a token to can assume this role: the statement tests none of the provider's claims. Add a condition on "${prefix}:${audience}" naming your application, and on "${prefix}:${user}" where it identifies the user or workload.`,
            { fixes: claimFix(policy.text, statement, `${prefix}:${audience}`, '${ClientId}') },
          );
        } else if (testsOnlyAwsAudience(statement, claims, prefix)) {
          report(value.span, onlyAwsAudience(`"${prefix}:sub"`));
        }
        reportSharedIssuer(statement, prefix, claims, value.span, report);
      }
      // A provider named only at deploy (`module.eks.oidc_provider_arn`), its claims by a computed issuer
      // (`"${module.eks.oidc_provider}:aud"`): GitHub's are trust-github-sub's.
      const deployed = statement.principal?.entries.find((entry) => entry.type === 'Federated')?.values.find((each) => each.placeholders?.some((hole) => hole.start === 0));
      if (!deployed || githubProviderOf(statement)) continue;
      // No condition at all: whatever the provider is, everyone it issues a token to (every pod of an EKS cluster) may
      // assume the role (EKS controllers sweep: a Fluent Bit role trusting `var.oidc_provider_arn`).
      // An operator whose keys the code computes (`conditions={"StringLike": aud}` in a CDK app) may test them all.
      if (!statement.condition) {
        const whole = deployed.placeholders?.find((hole) => hole.start === 0 && hole.end === deployed.value.length && !hole.source.includes('\n'));
        report(
          deployed.span,
          `Anyone the identity provider "${whole?.source ?? deployed.value}" issues a token to can assume this role: the statement tests none of its claims. Add conditions on its audience and subject claims ("<issuer>:aud" and "<issuer>:sub"; for an EKS cluster, a sub naming the service account, "system:serviceaccount:NAMESPACE:NAME").`,
        );
        continue;
      }
      // `aws_iam_openid_connect_provider.gitlab.arn` with `gitlab.com:…` keys: the keys name the issuer.
      for (const prefix of Object.keys(sharedIssuers)) {
        const tested = claimsTested(statement, prefix);
        if (tested.size > 0) reportSharedIssuer(statement, prefix, tested, deployed.span, report);
      }
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

/**
 * Issuers that every customer of a service shares, by the prefix of their claims, and how a subject names the customer:
 * a wildcard there lets in other customers' workloads. Self-managed instances (a company's GitLab) are their own.
 * https://docs.gitlab.com/ci/cloud_services/aws/ (project_path:GROUP/PROJECT:ref_type:…:ref:…)
 * https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration
 * (organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:PHASE; the default audience aws.workload.identity)
 */
const sharedIssuers: Record<string, { name: string; owner: string; runs: string; ownerPart: RegExp; example: string; audience?: string }> = {
  'gitlab.com': { name: 'GitLab.com', owner: 'group', runs: 'pipelines', ownerPart: /^project_path:([^/:]*)/, example: 'project_path:GROUP/PROJECT:ref_type:branch:ref:main' },
  'app.terraform.io': {
    name: 'HCP Terraform',
    owner: 'organization',
    runs: 'runs',
    ownerPart: /^organization:([^:]*)/,
    example: 'organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:*',
    audience: 'aws.workload.identity',
  },
};

/** What a statement trusting a shared issuer leaves open: its default audience alone, or a subject pattern open to every customer. */
function reportSharedIssuer(statement: Statement, prefix: string, claims: Set<string>, principal: Span, report: CheckContext['report']): void {
  const issuer = sharedIssuers[prefix.toLowerCase()];
  if (!issuer) return;
  if (testsOnlySharedAudience(statement, claims, prefix)) {
    report(
      principal,
      `${issuer.name} gives every token for AWS the audience "${issuer.audience}" unless a workspace sets another, in every organization, so the statement's one test lets in any ${issuer.name} workspace. Add a condition on "${prefix}:sub" naming yours, such as "${issuer.example}".`,
    );
  }
  for (const subject of subjectsLettingOthersIn(statement, prefix)) {
    report(
      subject.span,
      `"${subject.value}" lets in the ${issuer.runs} of every ${issuer.owner} on ${issuer.name}, not only yours: the issuer is shared by all its customers. Name your ${issuer.owner}, as in "${issuer.example}".`,
    );
  }
}

/** Whether the statement tests only the provider's aud claim, for the audience the shared issuer gives every customer's token. */
function testsOnlySharedAudience(statement: Statement, claims: Set<string>, prefix: string): boolean {
  const audience = sharedIssuers[prefix.toLowerCase()]?.audience;
  if (!audience || claims.size !== 1 || !claims.has('aud')) return false;
  const values = keyTestsOf(statement)
    .filter(({ entry }) => claimOf(entry, prefix) === 'aud')
    .flatMap(({ entry }) => entry.values);
  return values.length > 0 && values.every((value) => value.value.toLowerCase() === audience);
}

/**
 * The sub patterns of a shared issuer that leave its customer open (`project_path:*`, `organization:*:…`, `*`):
 * positive wildcard tests only, since a negated one names no one and an exact one has no wildcard.
 */
function subjectsLettingOthersIn(statement: Statement, prefix: string): ConditionValue[] {
  const issuer = sharedIssuers[prefix.toLowerCase()];
  if (!issuer) return [];
  const open: ConditionValue[] = [];
  for (const { operator, entry } of keyTestsOf(statement)) {
    if (claimOf(entry, prefix) !== 'sub') continue;
    const parsed = parseConditionOperator(operator.operator);
    if (!parsed || parsed.negated || parsed.family !== 'String' || !parsed.like) continue;
    for (const value of entry.values) {
      if (value.placeholders?.length) continue;
      const owner = issuer.ownerPart.exec(value.value)?.[1];
      const opensOwner = owner !== undefined ? /[*?]/.test(owner) : /^[*?]/.test(value.value);
      if (opensOwner) open.push(value);
    }
  }
  return open;
}

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

/**
 * The keys IAM gives a provider's application and user: Login with Amazon's and Facebook's own, `aud` and `sub` for
 * OIDC providers. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
function claimNamesOf(prefix: string): { audience: string; user: string } {
  if (/^www\.amazon\.com$/i.test(prefix)) return { audience: 'app_id', user: 'user_id' };
  if (/^graph\.facebook\.com$/i.test(prefix)) return { audience: 'app_id', user: 'id' };
  return { audience: 'aud', user: 'sub' };
}

/** Amazon Cognito identity pools' principal, which names no provider of one account but every identity pool. */
function isCognitoIdentity(prefix: string): boolean {
  return /^cognito-identity\.amazonaws\.com(?:\.cn)?$/i.test(prefix);
}
