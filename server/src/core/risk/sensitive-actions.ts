import type { Catalog, CatalogAction } from '../catalog/catalog';
import { DerivedSlot } from '../policy/derived';
import type { PolicyDocument, Statement, StringValue } from '../policy/model';
import type { PolicyType } from '../policy/policy-type';
import { statementActionsOf, type StatementActions } from './action-grants';
import { isDeniedWherever, unconditionalDeniesOf } from './policy-denies';
import { grantsToHolder } from './policy-scope';
import { hasConstrainingCondition, lacksResources, reachesAllResources } from './statement-scope';

/**
 * APIs that hand out credentials, tokens or sign-in URLs carrying another identity's permissions, or secrets
 * that open other systems (database passwords, SSH keys). Written from the API references of each service; the
 * credentials of the IAM users themselves (access keys, console passwords) are privilege-escalation's to report.
 */
export const credentialActions: readonly string[] = [
  'sts:AssumeRole',
  'sts:GetFederationToken',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'redshift:GetClusterCredentials',
  'redshift:GetClusterCredentialsWithIAM',
  'redshift-serverless:GetCredentials',
  'rds-db:connect',
  // Aurora DSQL, ElastiCache and MemoryDB sign an authentication token with the caller's credentials, as RDS does:
  // allowed on a cluster, the action lets the holder in as any of its database users.
  'dsql:DbConnect',
  'dsql:DbConnectAdmin',
  'elasticache:Connect',
  'memorydb:Connect',
  'ec2:GetPasswordData',
  'ec2-instance-connect:SendSSHPublicKey',
  'ec2-instance-connect:SendSerialConsoleSSHPublicKey',
  'lightsail:GetInstanceAccessDetails',
  'lightsail:GetRelationalDatabaseMasterUserPassword',
  'gamelift:GetInstanceAccess',
  'gamelift:GetComputeAccess',
  'sagemaker:CreatePresignedDomainUrl',
  'sagemaker:CreatePresignedNotebookInstanceUrl',
  'airflow:CreateCliToken',
  'airflow:CreateWebLoginToken',
  'cognito-idp:AdminInitiateAuth',
  'elasticmapreduce:GetClusterSessionCredentials',
  'emr-containers:GetManagedEndpointSessionCredentials',
];

/** Reads of stored data and secrets: S3 objects, Secrets Manager secrets, Systems Manager parameters. */
export const dataReadActions: readonly string[] = [
  's3:GetObject',
  's3:GetObjectVersion',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
];

// Verbs of actions that read, or only take access away: a few reads are classed as Permissions management
// (glue:ListEntities, secretsmanager:ValidateResourcePolicy, which only checks a policy), removing a grant opens
// nothing (redshift:DeauthorizeDataShare, s3:DissociateAccessGrantsIdentityCenter, lakeformation:BatchRevokePermissions),
// and a reset puts back the private default (ec2:ResetSnapshotAttribute: "resets permission settings", leaving the
// snapshot private).
const closingVerbs =
  /^(?:Batch)?(?:Get|List|Describe|Search|View|Query|Validate|Delete|Remove|Revoke|Detach|Disassociate|Dissociate|Deauthorize|Disable|Retire|Cancel|Reject|Deregister|Untag|Reset)(?=[A-Z]|$)/;
// Permissions management actions whose names match below but that let no one in:
// - a stack policy says which updates CloudFormation may make to the stack's resources, not who may reach them
//   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/protect-stack-resources.html);
// - AgentCore's Authorize actions evaluate a gateway's Cedar policies for a request and change nothing;
// - ec2:CreateNetworkInterfacePermission lets only an AWS-authorized account (a service's, such as SageMaker's or
//   WorkSpaces') attach a network interface: "Grants an AWS-authorized account permission to attach the specified network
//   interface to an instance in their account" (its API reference), which services that place interfaces in a VPC need.
const notOpening = new Set(['cloudformation:SetStackPolicy', 'bedrock-agentcore:AuthorizeAction', 'bedrock-agentcore:PartiallyAuthorizeActions', 'ec2:CreateNetworkInterfacePermission']);
// Write actions that share what they change with other accounts or everyone, which the reference does not class as
// Permissions management: an AMI's or FPGA image's launch and load permissions ("all" makes it public), an RDS
// snapshot's restore attribute ("To make the manual DB snapshot public, … all", ModifyDBSnapshotAttribute). Code sweep:
// `rds:*` named only AuthorizeDBSecurityGroupIngress.
const openingWrites = new Set(['ec2:ModifyImageAttribute', 'ec2:ModifyFpgaImageAttribute', 'rds:ModifyDBSnapshotAttribute', 'rds:ModifyDBClusterSnapshotAttribute']);
// What an action must change to open a resource: a resource-based policy, an ACL, a grant, a permission, a share,
// a public access setting, or a shared attribute (ec2:ModifySnapshotAttribute makes a snapshot public).
const accessObjects = /Polic(?:y|ies)|Acl|Grant|Permission|Shar(?:e|ing)|Authorize|PublicAccess|Attribute/;

/**
 * Whether an action can open a resource to more principals: a Permissions management action that writes a
 * resource-based policy, an ACL, a grant or a share (s3:PutBucketPolicy, kms:CreateGrant, ram:CreateResourceShare,
 * ec2:ModifySnapshotAttribute). Actions that only read or take access away are left out, and so are IAM's and IAM
 * Identity Center's, which change what identities may do (privilege-escalation reports IAM's), except
 * iam:UpdateAssumeRolePolicy, which rewrites a role's trust policy, the resource-based policy of a role.
 */
export function changesResourceAccess(action: CatalogAction): boolean {
  let result = opening.get(action);
  if (result === undefined) {
    if (openingWrites.has(action.fullName)) result = true;
    else if (action.accessLevel !== 'Permissions management' || closingVerbs.test(action.name) || notOpening.has(action.fullName)) result = false;
    else if (action.service === 'iam') result = action.name === 'UpdateAssumeRolePolicy';
    // IAM Identity Center's permission sets are identity policies it provisions as roles in member accounts: changing
    // one changes what its users may do there (AWS's own IAM example for Identity Center administrators allows these
    // on "*"), and opens no resource to another account or the public.
    else if (action.service === 'sso') result = false;
    // Organizations' policies (SCPs, RCPs, tag, backup and declarative policies) set what the organization's accounts
    // may do or how they are configured, and grant no one outside anything; its resource policy, which delegates its
    // administration to member accounts, does (organizations sweep: AttachPolicy and UpdatePolicy were said to open
    // resources to others).
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies.html,
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html
    else if (action.service === 'organizations') result = action.name === 'PutResourcePolicy';
    // AWS IoT Core's policies are attached to devices' certificates, things and Cognito identities, IoT's principals:
    // they say what a device may do, as an identity policy does, and open no resource to another account (an IoT
    // Greengrass installer stack drew the finding for iot:CreatePolicy and iot:AttachPolicy, Roles Anywhere sweep).
    // https://docs.aws.amazon.com/iot/latest/developerguide/iot-policies.html
    else if (action.service === 'iot') result = false;
    else result = accessObjects.test(action.name);
    opening.set(action, result);
  }
  return result;
}

const opening = new DerivedSlot<CatalogAction, boolean>('catalog action');

/** The actions of one category that one Action value grants without limits. */
export interface UnconstrainedGrant {
  statement: Statement;
  value: StringValue;
  actions: CatalogAction[];
}

/**
 * How a message says a grant is unconstrained: "without conditions", or, where the statement has conditions that say
 * only who asks or how (aws:MultiFactorAuthPresent, aws:SourceIp), that none of them limits what it acts on.
 */
export function unconstrainedWording(grant: Pick<UnconstrainedGrant, 'statement'>): string {
  return grant.statement.condition ? 'with no condition on what it acts on' : 'without conditions';
}

/**
 * For each Allow statement of an identity-based or session policy, the actions among `candidates` it grants on
 * every resource of their service and without conditions that narrow the request, grouped by the Action value
 * that grants them. Actions without resource types are left out: IAM grants them only on `"*"`, so there is
 * nothing to narrow. `"*"` and NotAction are left to wildcard-action and not-action-allow, which already say they
 * grant everything. Actions an unconditional Deny of the same policy takes away are not granted, so not listed.
 */
export function unconstrainedGrants(policy: PolicyDocument, policyType: PolicyType, catalog: Catalog, candidates: (grants: StatementActions) => readonly CatalogAction[]): UnconstrainedGrant[] {
  if (!grantsToHolder(policyType)) return [];
  const result: UnconstrainedGrant[] = [];
  const denies = unconditionalDeniesOf(policy);
  for (const grants of statementActionsOf(policy)) {
    if (grants.effect !== 'Allow' || grants.isNotAction || !grants.element || lacksResources(grants.statement) || hasConstrainingCondition(grants.statement, catalog)) continue;
    const actions = candidates(grants);
    if (actions.length === 0) continue;
    // Made at the first action granted without limits, which most statements never have.
    let byValue: Map<StringValue, CatalogAction[]> | undefined;
    // Whether the statement reaches every resource of a service, asked once per service rather than per action.
    let reachByService: Map<string, boolean> | undefined;
    for (const action of actions) {
      if (action.resourceTypes.length === 0) continue;
      const value = grants.valueMatching(action.fullName);
      if (!value || isAllStars(value.value)) continue;
      reachByService ??= new Map();
      let reaches = reachByService.get(action.service);
      if (reaches === undefined) reachByService.set(action.service, (reaches = reachesAllResources(grants.statement, action.service)));
      // The denies last: they are the dearest question, and only the actions that pass the others need it.
      if (!reaches || (denies.length > 0 && isDeniedWherever(policy, grants.statement, action.fullName))) continue;
      byValue ??= new Map();
      const list = byValue.get(value);
      if (list) list.push(action);
      else byValue.set(value, [action]);
    }
    if (byValue) for (const [value, actions] of byValue) result.push({ statement: grants.statement, value, actions });
  }
  return result.sort((a, b) => a.value.span.start - b.value.span.start);
}

function isAllStars(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== 42) return false;
  return true;
}

/** The catalog actions of a list of names that a statement's Action values match. */
export function listedActionsGranted(catalog: Catalog, names: readonly string[], grants: StatementActions): readonly CatalogAction[] {
  // The answer depends only on the list's text, so it is kept with the list (see StatementActions.memo), keyed by `names`.
  const memoed = grants.memo.get(names) as { catalog: Catalog; actions: readonly CatalogAction[] } | undefined;
  if (memoed && memoed.catalog === catalog) return memoed.actions;
  const result: CatalogAction[] = [];
  // A list without a wildcard in a service prefix matches only the services it names: the names of the others
  // are passed over a run at a time, without asking the list about each.
  const anyService = grants.patternsAnyPrefix.length > 0;
  for (const { service, names: sameService } of serviceRunsOf(names)) {
    if (!anyService && !grants.servicePrefixes.has(service)) continue;
    for (const name of sameService) {
      if (!grants.valueMatching(name)) continue;
      const action = catalog.findAction(name);
      if (action) result.push(action);
    }
  }
  grants.memo.set(names, { catalog, actions: result });
  return result;
}

/** A run of consecutive names of one service, and that service's prefix in lower case. */
interface ServiceRun {
  readonly service: string;
  readonly names: readonly string[];
}

const serviceRuns = new WeakMap<readonly string[], readonly ServiceRun[]>();

/** The names (`service:Action`) cut into runs of the same service, in order; worked out once per list of names. */
export function serviceRunsOf(names: readonly string[]): readonly ServiceRun[] {
  let runs = serviceRuns.get(names);
  if (!runs) {
    const made: { service: string; names: string[] }[] = [];
    for (const name of names) {
      const service = name.slice(0, Math.max(name.indexOf(':'), 0)).toLowerCase();
      const last = made[made.length - 1];
      if (last && last.service === service) last.names.push(name);
      else made.push({ service, names: [name] });
    }
    serviceRuns.set(names, (runs = made));
  }
  return runs;
}
