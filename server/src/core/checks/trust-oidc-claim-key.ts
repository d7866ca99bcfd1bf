import { parseConditionOperator } from '../policy/condition-operators';
import type { Statement } from '../policy/model';
import { failsWithoutKey, foreignClaimTests, keyTestsOf, oidcPrefixesOf } from '../risk/trust';
import type { Check, CheckContext, Fix } from './check';
import { editDistance } from '../text/suggest';
import { valueTextSpan } from '../policy/value-text';

// An OIDC provider's claims reach the request as keys named after the provider's URL, as its ARN ends
// (`oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub`); a key that names another URL is carried by no token the role
// accepts, and a test that needs a key the request lacks is false.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
export const trustOidcClaimKey: Check = {
  id: 'trust-oidc-claim-key',
  severity: 'error',
  onlyWith: 'Condition',
  description:
    "In a role trusted by an OIDC provider, a condition key must name that provider's claims: a key of another provider (another EKS cluster's ID, another issuer) or a variable left unexpanded (`$oidc_provider:sub`) is in no token the role accepts, so the statement never applies, or its test limits nothing.",
  run({ policy, policyType, report }) {
    if (policyType !== 'trust') return;
    for (const statement of policy.statements) {
      if (statement.effect?.value?.value !== 'Allow') continue;
      reportKeysByArn(statement, report);
      reportSubjectsAsAudience(statement, report);
      reportMistypedAudience(statement, report);
      const prefixes = oidcPrefixesOf(statement);
      if (!prefixes?.length) continue;
      for (const { operator, entry } of foreignClaimTests(statement, prefixes)) {
        const parsed = parseConditionOperator(operator.operator);
        if (!parsed) continue;
        const claim = entry.key.slice(entry.key.indexOf(':') + 1);
        const written = entry.key.slice(0, entry.key.indexOf(':'));
        const what = written.startsWith('$') ? `"${written}" is a variable left unexpanded` : `"${written}" is not the provider this statement trusts`;
        const trusted = prefixes.length === 1 ? `"${prefixes[0]}:${claim}"` : `a key of one of the providers it trusts`;
        const fixes: Fix[] =
          prefixes.length === 1
            ? [{ title: `Change the key to "${prefixes[0]}:${claim}"`, edits: [{ span: entry.property.keySpan, newText: JSON.stringify(`${prefixes[0]}:${claim}`) }], isPreferred: true }]
            : [];
        if (failsWithoutKey(parsed)) {
          report(
            entry.property.keySpan,
            `No token this role accepts carries "${entry.key}": ${what}, so "${operator.operator}" is false and no one can assume the role through this statement. Write ${trusted}.`,
            { fixes },
          );
        } else {
          report(entry.property.keySpan, `No token this role accepts carries "${entry.key}": ${what}, so this "${operator.operator}" test limits nothing. Write ${trusted}.`, {
            fixes,
            severity: 'warning',
          });
        }
      }
    }
  },
};

/**
 * A key the code builds from the provider's ARN (`"${replace(module.eks.oidc_provider_arn, "https://", "")}:sub"`,
 * `"${aws_iam_openid_connect_provider.github.arn}:sub"`): claims are keyed by the issuer URL without `https://`, the part
 * of the ARN after `oidc-provider/`, so no token carries a key that starts with `arn:`.
 */
function reportKeysByArn(statement: Statement, report: CheckContext['report']): void {
  if (!statement.principal?.entries.some((entry) => entry.type === 'Federated')) return;
  for (const { operator, entry } of keyTestsOf(statement)) {
    const colon = entry.key.lastIndexOf(':');
    const issuer = entry.key.slice(0, colon);
    if (colon <= 0 || !/^\$\{.*\}$/.test(issuer) || !namesArn(issuer) || !/^[a-z_]+$/.test(entry.key.slice(colon + 1))) continue;
    const parsed = parseConditionOperator(operator.operator);
    const consequence =
      parsed && failsWithoutKey(parsed) ? `so "${operator.operator}" is false and no one can assume the role through this statement` : `so this "${operator.operator}" test limits nothing`;
    report(
      entry.property.keySpan,
      `"${entry.key}" builds the key from the provider's ARN, but a token's claims are keyed by its issuer URL without "https://" (the ARN's part after "oidc-provider/"), ${consequence}. Build it from the issuer URL (such as module.eks.oidc_provider, or the provider's url).`,
      parsed && !failsWithoutKey(parsed) ? { severity: 'warning' } : undefined,
    );
  }
}

/**
 * `"…:aud": "system:serviceaccount:kube-system:aws-node"`: a subject where the audience is tested. An EKS service
 * account's token has the audience sts.amazonaws.com and names the service account in `sub`; a GitHub Actions token
 * names the repository in `sub` too. So no token's aud equals such a value: the positive test is false and no one can
 * assume the role through the statement (a negated one limits nothing). The fix moves the test to `…:sub`.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
function reportSubjectsAsAudience(statement: Statement, report: CheckContext['report']): void {
  if (!statement.principal?.entries.some((entry) => entry.type === 'Federated')) return;
  for (const { operator, entry } of keyTestsOf(statement)) {
    if (!/:aud$/i.test(entry.key) || entry.values.length === 0 || !entry.values.every((value) => SUBJECT.test(value.value))) continue;
    const parsed = parseConditionOperator(operator.operator);
    if (!parsed || parsed.family !== 'String') continue;
    const sub = `${entry.key.slice(0, -'aud'.length)}sub`;
    const fixes: Fix[] = [{ title: `Test "${sub}" instead`, edits: [{ span: entry.property.keySpan, newText: JSON.stringify(sub) }], isPreferred: true }];
    const consequence = failsWithoutKey(parsed) ? `so "${operator.operator}" is false and no one can assume the role through this statement` : `so this "${operator.operator}" test limits nothing`;
    report(
      entry.property.keySpan,
      `"${entry.values[0].value}" is a subject, which a token carries in its sub claim; its aud claim is the audience (sts.amazonaws.com for EKS service accounts and GitHub Actions), ${consequence}. Test "${sub}".`,
      { fixes, ...(failsWithoutKey(parsed) ? {} : { severity: 'warning' as const }) },
    );
  }
}

/**
 * `"oidc.eks.…:aud": "sts.amazon.com"`: an EKS service account's token, and the one GitHub's AWS credentials action asks
 * for, has the audience sts.amazonaws.com, so a value a few letters from it is a typo no token matches (EMR on EKS
 * sweep): the positive test is false and no one can assume the role through the statement.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
function reportMistypedAudience(statement: Statement, report: CheckContext['report']): void {
  if (!statement.principal?.entries.some((entry) => entry.type === 'Federated')) return;
  for (const { operator, entry } of keyTestsOf(statement)) {
    if (!AWS_AUDIENCE_ISSUER.test(entry.key)) continue;
    const parsed = parseConditionOperator(operator.operator);
    if (!parsed || parsed.family !== 'String' || parsed.negated || parsed.like) continue;
    for (const value of entry.values) {
      const written = value.value;
      if (written === AWS_AUDIENCE || value.placeholders?.length || editDistance(written.toLowerCase(), AWS_AUDIENCE) > 3) continue;
      const span = valueTextSpan(value);
      report(
        span,
        `"${written}" is not the audience ${/^token\.actions/i.test(entry.key) ? 'a GitHub Actions' : 'an EKS service account'}'s token carries: it is "${AWS_AUDIENCE}", so this value matches no token. Write "${AWS_AUDIENCE}".`,
        {
          fixes: [{ title: `Change to "${AWS_AUDIENCE}"`, edits: [{ span, newText: AWS_AUDIENCE }], isPreferred: true }],
        },
      );
    }
  }
}

const AWS_AUDIENCE = 'sts.amazonaws.com';
// The providers whose tokens carry that audience: an EKS cluster's issuer, GitHub Actions'.
const AWS_AUDIENCE_ISSUER = /^(?:oidc\.eks\.[^:]+|token\.actions\.githubusercontent\.com):aud$/i;

// An EKS service account (`system:serviceaccount:NAMESPACE:NAME`) or a GitHub Actions workflow (`repo:OWNER/REPO:…`).
const SUBJECT = /^(?:system:serviceaccount:|repo:)/;

// `module.eks.oidc_provider_arn`, `aws_iam_openid_connect_provider.github.arn`, CDK's `openIdConnectProviderArn`, with at
// most `https://` taken off; an expression that cuts the ARN at "oidc-provider/" (`split("oidc-provider/", …)[1]`)
// makes the issuer of it and is not one.
function namesArn(issuer: string): boolean {
  if (!/[._]arn\b/i.test(issuer) && !/[a-z]Arn\b/.test(issuer)) return false;
  const literals = [...issuer.matchAll(/"([^"]*)"|'([^']*)'/g)].map((match) => match[1] ?? match[2]);
  return literals.every((literal) => literal === '' || /^https?:\/\/$/.test(literal));
}
