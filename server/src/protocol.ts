// Custom messages between the client and the server. Both sides import this file, so names and payloads cannot drift.
// Plain method names rather than RequestType objects: the client and server libraries carry different jsonrpc copies.

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

export const policyStatusNotification = 'iamPolicy/status';

/** Client → server request: use this policy type for this document (from the status bar picker) until it closes. */
export interface SetPolicyTypeParams {
  uri: string;
  /** A policy type, or null to go back to the setting or the inferred type. */
  policyType: string | null;
}

export const setPolicyTypeRequest = 'iamPolicy/setPolicyType';

/** Client → server request for the server's own figures: used by the tests and the benchmark, and handy when debugging. */
export const serverStatsRequest = 'iamPolicy/serverStats';

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
