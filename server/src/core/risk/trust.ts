import type { ConditionKeyEntry, ConditionOperatorEntry, Statement, StringValue } from '../policy/model';
import { parseConditionOperator, type ParsedConditionOperator } from '../policy/condition-operators';
import { federationKind, principalValuesOf, type PrincipalValue } from '../policy/principals';
import { hasPlaceholder } from '../policy/value-text';
import { matchesWildcard } from '../text/wildcard';

/**
 * Service principals whose own guides tell you to add aws:SourceArn or aws:SourceAccount to the trust policy of
 * the roles they assume, because the service passes those keys when it assumes the role on behalf of a resource
 * ("Cross-service confused deputy prevention" in each guide). Services that assume a role for compute you run
 * (ec2.amazonaws.com for instance profiles, lambda.amazonaws.com for execution roles, ecs-tasks.amazonaws.com)
 * are not confused-deputy cases in AWS guidance and are deliberately absent, as is every service not listed:
 * a finding needs the service's documentation behind it.
 */
export const confusedDeputyServices: ReadonlySet<string> = new Set([
  // The role an S3 Access Grants location maps to: the trust policy of the S3 guide's "Register a location" tests
  // aws:SourceAccount and aws:SourceArn (the Access Grants instance).
  'access-grants.s3.amazonaws.com',
  'amplify.amazonaws.com',
  'appstream.amazonaws.com',
  'bedrock.amazonaws.com',
  // An AgentCore runtime's, gateway's or memory's execution role ("Confused deputy prevention", AgentCore Runtime's
  // security best practices).
  'bedrock-agentcore.amazonaws.com',
  'codebuild.amazonaws.com',
  'config.amazonaws.com',
  'datasync.amazonaws.com',
  // An EKS Pod execution role: "to avoid a confused deputy security problem, it's important that the role restricts
  // access based on SourceArn" (EKS's Pod execution IAM role page).
  'eks-fargate-pods.amazonaws.com',
  // Event bus rule targets: "the value of aws:SourceArn must be the rule ARN" (EventBridge's confused deputy page).
  'events.amazonaws.com',
  'fis.amazonaws.com',
  'frauddetector.amazonaws.com',
  'iot.amazonaws.com',
  'logs.amazonaws.com',
  'personalize.amazonaws.com',
  // Every Amazon Q Business service role's trust policy in its guide tests aws:SourceAccount and aws:SourceArn.
  'qbusiness.amazonaws.com',
  'pipes.amazonaws.com',
  'scheduler.amazonaws.com',
  'ssm.amazonaws.com',
  'states.amazonaws.com',
  'transfer.amazonaws.com',
  // The role that publishes flow logs to CloudWatch Logs (the VPC guide's "IAM role for publishing flow logs").
  'vpc-flow-logs.amazonaws.com',
]);

/**
 * Whether `principal` is one of confusedDeputyServices, also in its Regional form (`states.us-east-1.amazonaws.com`,
 * which Step Functions documents for some Regions, as terraform-aws-modules' step-functions module writes it).
 */
export function isConfusedDeputyService(principal: string): boolean {
  const lower = principal.toLowerCase();
  return confusedDeputyServices.has(lower) || confusedDeputyServices.has(lower.replace(REGIONAL_PRINCIPAL, '$1.amazonaws.com'));
}

// A service's regional principal (`states.eu-west-1.amazonaws.com`), its Region or DNS suffix also a value known at
// deploy (`!Sub states.${AWS::Region}.amazonaws.com`, `states.${var.region}.${data.aws_partition.current.dns_suffix}`).
const REGIONAL_PRINCIPAL = /^([a-z0-9-]+)(?:\.(?:[a-z]{2}(?:-[a-z]+)+-\d+|\$\{[^}]+\}))?\.(?:amazonaws\.com|\$\{[^}]*(?:urlsuffix|dns_suffix)[^}]*\})$/;

/** The global keys that tie a service's request to the account or resource it acts for. */
export const sourceKeys: readonly string[] = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];

/** One condition key of a statement with the operator block it sits in. */
export interface KeyTest {
  operator: ConditionOperatorEntry;
  entry: ConditionKeyEntry;
}

/** Every key the statement's Condition tests, with its operator block, in source order. */
export function keyTestsOf(statement: Statement): KeyTest[] {
  const tests: KeyTest[] = [];
  for (const operator of statement.condition?.operators ?? []) for (const entry of operator.keys) tests.push({ operator, entry });
  return tests;
}

/**
 * Whether the statement's Condition tests any of `keys` (names compared ignoring case, as IAM does), or may: tests
 * known only at deploy time may be on any key.
 */
export function testsAnyKey(statement: Statement, keys: readonly string[]): boolean {
  if (statement.condition?.deployTime) return true;
  const lower = new Set(keys.map((key) => key.toLowerCase()));
  return keyTestsOf(statement).some(({ entry }) => lower.has(entry.key.toLowerCase()));
}

/** The GitHub Actions OIDC issuer, whose claims appear as `token.actions.githubusercontent.com:sub` and `:aud`. */
export const githubIssuer = 'token.actions.githubusercontent.com';

/**
 * The prefix of the condition keys that carry an OIDC provider's claims: the provider URL without `https://`, as
 * the provider's ARN ends (`oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE`), or the web identity domain
 * (`cognito-identity.amazonaws.com`). Undefined for principals that are no OIDC provider.
 */
export function oidcKeyPrefix(value: string): string | undefined {
  if (federationKind(value) !== 'oidc') return undefined;
  const marker = ':oidc-provider/';
  const at = value.indexOf(marker);
  return at >= 0 ? value.slice(at + marker.length) : value.toLowerCase();
}

/**
 * The claim a condition key tests of the provider whose keys start with `prefix` (`sub` of
 * `token.actions.githubusercontent.com:sub`), also when the code computes the prefix from the provider
 * (`${provider.openIdConnectProviderIssuer}:sub` in a CDK app: a key known at deploy, its claim written). Undefined for
 * another provider's key or a global one.
 */
export function claimOf(entry: ConditionKeyEntry, prefix: string): string | undefined {
  const key = entry.key.toLowerCase();
  const head = `${prefix.toLowerCase()}:`;
  if (key.startsWith(head)) return key.slice(head.length);
  const colon = key.lastIndexOf(':');
  // Only a key whose part before the claim is all placeholder: `${issuer}:sub`, not `aws:${x}` or `${x}aws:sub`. A
  // host that keeps no placeholders in keys (Terraform's `variable = "${local.issuer}:sub"`) leaves the `${…}` written:
  // IAM has no variables in keys, so it is the host's.
  const computed = entry.keyPlaceholders?.some((hole) => hole.start === 0 && hole.end === colon) || /^\$\{[^{}]+\}$/.test(key.slice(0, colon));
  return computed && colon > 0 && /^[a-z_]+$/.test(key.slice(colon + 1)) ? key.slice(colon + 1) : undefined;
}

/**
 * The statement's GitHub Actions identity provider: a `Federated` principal that names it by ARN, or one known only at
 * deploy (Terraform's `aws_iam_openid_connect_provider.github.arn`, a template's `!Ref GitHubProvider`) when the
 * statement tests GitHub's claims (`token.actions.githubusercontent.com:sub`), which no other provider's tokens carry.
 */
export function githubProviderOf(statement: Statement): PrincipalValue | undefined {
  const named = [...principalValuesOf(statement)].find((p) => p.element === 'Principal' && p.type === 'Federated' && oidcKeyPrefix(p.value.value)?.toLowerCase() === githubIssuer);
  if (named) return named;
  // principalValuesOf leaves out values that start with a placeholder: this one is wanted.
  const entry = statement.principal?.entries.find((each) => each.type === 'Federated' && each.values.some(isDeployTime));
  if (!entry) return undefined;
  const deployed: PrincipalValue = { element: 'Principal', entry, type: entry.type, value: entry.values.find(isDeployTime)! };
  const testsGithubClaims = keyTestsOf(statement).some(({ entry }) => !entry.keyPlaceholders?.length && entry.key.toLowerCase().startsWith(`${githubIssuer}:`));
  return testsGithubClaims ? deployed : undefined;
}

function isDeployTime(value: StringValue): boolean {
  return (value.placeholders?.length ?? 0) > 0 || value.value.includes('${');
}

/**
 * The key prefixes of the OIDC providers the statement's `Federated` principals name; undefined when one of them is
 * computed (a template's `${OidcProvider}`), whose keys cannot be told apart from another provider's.
 */
export function oidcPrefixesOf(statement: Statement): string[] | undefined {
  const prefixes: string[] = [];
  for (const { element, type, value } of principalValuesOf(statement)) {
    if (element !== 'Principal' || type !== 'Federated') continue;
    if (isDeployTime(value)) return undefined;
    const prefix = oidcKeyPrefix(value.value);
    if (prefix) prefixes.push(prefix);
  }
  return prefixes;
}

/**
 * The tests of keys written as an OIDC provider's claims (the part before the colon a host or path,
 * `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub`, or a shell variable left unexpanded, `$oidc_provider:sub`) of
 * none of `prefixes`: no token those providers issue carries such a key. Keys a host computes are left out.
 */
export function foreignClaimTests(statement: Statement, prefixes: readonly string[]): KeyTest[] {
  const trusted = new Set(prefixes.map((prefix) => prefix.toLowerCase()));
  return keyTestsOf(statement).filter(({ entry }) => {
    if (entry.keyPlaceholders?.length || entry.key.includes('${')) return false;
    const colon = entry.key.indexOf(':');
    if (colon <= 0 || !/^[a-z][a-z0-9_]*$/i.test(entry.key.slice(colon + 1))) return false;
    const prefix = entry.key.slice(0, colon).toLowerCase();
    return /[./$]/.test(prefix) && !trusted.has(prefix);
  });
}

/**
 * Whether the statement never applies because it requires a key no token of its OIDC providers carries
 * (`trust-oidc-claim-key` reports it): then no claim is untested, since no one can assume the role through it.
 */
export function requiresForeignClaim(statement: Statement): boolean {
  const prefixes = oidcPrefixesOf(statement);
  if (!prefixes?.length) return false;
  return foreignClaimTests(statement, prefixes).some(({ operator }) => {
    const parsed = parseConditionOperator(operator.operator);
    return parsed !== undefined && failsWithoutKey(parsed);
  });
}

/** Whether a test of a key no request carries is false, so its statement never applies (`StringEquals`, not `…IfExists`). */
export function failsWithoutKey(operator: ParsedConditionOperator): boolean {
  return operator.family !== 'Null' && !operator.negated && !operator.ifExists && operator.setQualifier !== 'ForAllValues';
}

/** Whether the OIDC provider is an Amazon EKS cluster's, whose tokens name a Kubernetes service account in `sub`. */
export function isEksProvider(prefix: string): boolean {
  return /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/id\//.test(prefix);
}

/**
 * Whether a statement lets a web identity (an OIDC provider's token, Cognito's) assume the role: an OIDC provider
 * assumes with sts:AssumeRoleWithWebIdentity, so a statement of sts:AssumeRole alone, for the AWS and service
 * principals beside it, lets none of its tokens in (trust-assume-role-variant reports that). An action known only at
 * deploy, and NotAction, may allow it.
 */
export function allowsWebIdentity(statement: Statement): boolean {
  const actions = statement.action;
  if (!actions) return true;
  return actions.values.some((value) => hasPlaceholder(value) || matchesWildcard(value.value, 'sts:AssumeRoleWithWebIdentity', true));
}
