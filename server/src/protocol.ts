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

/** A zero-based position and range, as in LSP (declared here so the client needs no LSP types). */
export interface SimulationPosition {
  line: number;
  character: number;
}

export interface SimulationRange {
  start: SimulationPosition;
  end: SimulationPosition;
}

/** Client command, run from the "Simulate request" code lenses (and the Command Palette, without arguments). */
export const simulateCommand = 'iamPolicy.simulate';

/** The code lens's arguments: the policy document, and the statement when the lens sits above one. */
export interface SimulateArguments {
  uri: string;
  /** 0-based position in the Statement list; absent for the lens above the whole policy. */
  statementIndex?: number;
}

/** The part a policy plays in a simulated request. */
export type SimulationPolicyRole = 'identity' | 'resource' | 'permissionsBoundary' | 'scp' | 'rcp' | 'session';

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

/** A statement of a policy in play, with where it is. */
export interface SimulatedStatement {
  uri: string;
  range: SimulationRange;
  /** `Allow statement 1 "Read"`. */
  label: string;
  effect: 'Allow' | 'Deny';
  applies: boolean;
  /** One of the statements that decided. */
  decided: boolean;
  /** Why it does not apply, and where the element that did not match is. */
  why?: string;
  whyRange?: SimulationRange;
}

export interface SimulatedPolicy {
  uri: string;
  /** The file name (with as much of its folder as tells it apart from the others). */
  name: string;
  role: SimulationPolicyRole;
  level?: number;
  /** `identity-based policy 1`, `SCP 1 at level 0`, … */
  description: string;
  verdict: 'Allow' | 'Deny' | 'NoMatch';
  grant?: string;
  ignored?: string;
  statements: SimulatedStatement[];
}

export interface SimulationResult {
  /** The request as evaluated, with the context keys derived from the principal. */
  request: { principal?: string; action: string; resource: string; resourceAccount?: string; context: Record<string, unknown> };
  /** Absent when the request could not be evaluated; `errors` says why. */
  decision?: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  errors: { message: string; ruleId: string; uri?: string; name?: string; range?: SimulationRange }[];
  reason?: { code: string; message: string };
  decidedBy: SimulatedStatement[];
  policies: SimulatedPolicy[];
  requestSummary?: string;
  levels: string[];
  /** Other policies that could not take part (unreadable, not a policy, a second resource-based policy, …). */
  notes: string[];
}
