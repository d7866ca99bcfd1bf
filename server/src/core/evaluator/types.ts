import type { PolicyDocument } from '../policy/model';
import type { Span } from '../text/span';

// The public shapes of the evaluator: what a request looks like, which policies are in play, and what comes back.
// AWS's evaluation logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

/** The final answer, in AWS's words: an explicit deny, an allow, or the default implicit deny. */
export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** One value of a request context key. Dates may also be ISO 8601 strings or epoch seconds; IPs and ARNs are strings. */
export type ContextScalar = string | number | boolean | Date;

/** A context key's value: one value, several (multivalued keys such as `aws:TagKeys`), or `null` for "absent". */
export type ContextValue = ContextScalar | readonly ContextScalar[] | null;

/**
 * The request context. Key names are case-insensitive, as AWS treats them; values are compared as the condition
 * operator says (case-sensitively unless it is an IgnoreCase operator). An empty array counts as an absent key.
 */
export type RequestContext = Readonly<Record<string, ContextValue>>;

/** What a principal asks to do. */
export interface EvaluationRequest {
  /**
   * Who asks: an IAM user, role, assumed-role session or federated user session ARN, an account root ARN
   * (`arn:aws:iam::111122223333:root`), a service principal (`s3.amazonaws.com`), or absent / `*` for an
   * anonymous request.
   */
  principal?: string;
  /** `service:Action`, e.g. `s3:GetObject`; matched case-insensitively. */
  action: string;
  /** The resource ARN, or `*` for actions that take no resource. */
  resource: string;
  /**
   * The account that owns the resource. When absent: the resource ARN's account, or the principal's account for
   * ARNs without one (S3 buckets and objects) and for `*`.
   */
  resourceAccount?: string;
  /** Context keys, used exactly as given: nothing is derived from the principal here (see `deriveContext`). */
  context?: RequestContext;
}

/** A named policy, so that results can say which policy decided. */
export interface NamedPolicy {
  name: string;
  policy: string | PolicyDocument;
}

/** A policy as policy text, an already parsed document, or either with a name. */
export type PolicyInput = string | PolicyDocument | NamedPolicy;

/** The policies in play for one request, by type. */
export interface PolicySetInput {
  /** Identity-based policies of the principal (user, group and role policies). */
  identity?: readonly PolicyInput[];
  /** The resource-based policy of the resource (bucket policy, key policy, role trust policy, ...). */
  resource?: PolicyInput | null;
  permissionsBoundary?: PolicyInput | null;
  /**
   * Service control policies by level of the organisation, root first and the principal's account last: each
   * inner list holds every SCP attached at that level. Every level must allow. An empty list means no SCPs apply.
   */
  scps?: readonly (readonly PolicyInput[])[];
  /**
   * Resource control policies by level, root first and the resource's account last. AWS's RCPFullAWSAccess is
   * implicitly attached at every level, so RCPs can only deny.
   */
  rcps?: readonly (readonly PolicyInput[])[];
  /** The session policy passed when the role or federated user session was created. */
  session?: PolicyInput | null;
}

/** The kinds of policy the evaluator knows, named after the fields of `PolicySetInput`. */
export type PolicyKind = 'identity' | 'resource' | 'permissionsBoundary' | 'scp' | 'rcp' | 'session';

/** Which policy: its kind, its position (in `identity`, or within its SCP/RCP level), the level, and its name. */
export interface PolicyRef {
  kind: PolicyKind;
  index: number;
  /** SCPs and RCPs: the level in the organisation, 0 for the root. */
  level?: number;
  name?: string;
}

/** A policy that cannot be evaluated, or a request that makes no sense. */
export interface EvaluationError {
  /** Absent for errors in the request itself. */
  policy?: PolicyRef;
  /** The lint rule id (`json-syntax`, `effect-value`, ...), `condition-operator-unknown`, or `request`. */
  ruleId: string;
  message: string;
  span?: Span;
}

/** One statement of one policy. */
export interface StatementRef {
  policy: PolicyRef;
  /** Position in the policy's Statement list. */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  span: Span;
}

/**
 * How a resource-based policy statement names the requesting principal, which decides whether implicit denies
 * elsewhere still matter in the same account:
 * - `direct`: `*`, or the exact user, role session or federated user session, or a service: grants on its own;
 * - `role`: the role ARN of an assumed-role session: limited by the permissions boundary and session policy;
 * - `account`: the account: delegates to the account, whose identity-based policies must allow too.
 */
export type PrincipalGrant = 'direct' | 'role' | 'account';

/** A statement that applies to the request. */
export interface StatementMatch extends StatementRef {
  /** Resource-based policies: how the Principal element names the requester. */
  grant?: PrincipalGrant;
}

/** Why a statement does not apply: the first element that did not match. */
export type StatementFailure =
  | { element: 'Action' | 'NotAction'; span: Span }
  | { element: 'Resource' | 'NotResource'; span: Span; unresolvedVariable?: string }
  | { element: 'Principal' | 'NotPrincipal'; span: Span; missing?: boolean }
  | {
      element: 'Condition';
      operator: string;
      key: string;
      span: Span;
      /** `missing-key`: the key is not in the request context; `no-match`: it is, with values that do not match. */
      reason: 'missing-key' | 'no-match' | 'unresolved-variable';
      /** For `unresolved-variable`: the variable's key. */
      variable?: string;
    };

export interface StatementMiss extends StatementRef {
  failure: StatementFailure;
}

/**
 * One policy's own verdict: `Deny` when a Deny statement applies, `Allow` when an Allow statement applies and no
 * Deny does, `NoMatch` when no statement applies (an implicit deny from this policy).
 */
export interface PolicyVerdict {
  policy: PolicyRef;
  verdict: 'Allow' | 'Deny' | 'NoMatch';
  matched: StatementMatch[];
  notMatched: StatementMiss[];
  /** Resource-based policy: the strongest grant among the Allow statements that apply. */
  grant?: PrincipalGrant;
  /** Why this policy's verdict does not take part in the decision, when it does not (e.g. SCPs for a service principal). */
  ignored?: string;
}

/** A level of the organisation: every SCP level must allow; RCP levels always allow through RCPFullAWSAccess. */
export interface LevelVerdict {
  kind: 'scp' | 'rcp';
  level: number;
  allows: boolean;
  /** RCPs: the implicit RCPFullAWSAccess that allows everything at this level. */
  implicitFullAccess?: boolean;
}

export type PrincipalKind = 'user' | 'role' | 'assumed-role' | 'federated-user' | 'root' | 'service' | 'anonymous' | 'other';

/** Which step of AWS's evaluation logic decided. */
export type ReasonCode =
  | 'explicit-deny'
  | 'rcp-implicit-deny'
  | 'scp-implicit-deny'
  | 'resource-policy-allows'
  | 'resource-policy-allows-role'
  | 'identity-policy-allows'
  | 'root-user'
  | 'cross-account-allowed'
  | 'no-identity-allow'
  | 'boundary-implicit-deny'
  | 'session-implicit-deny'
  | 'federated-session-without-policy'
  | 'resource-policy-required'
  | 'cross-account-no-resource-allow'
  | 'no-resource-allow';

export interface DecisionReason {
  code: ReasonCode;
  /** One sentence, in AWS's words. */
  message: string;
  /** The statements that decided: the Deny statements for an explicit deny, the Allow statements for an allow. */
  statements: StatementRef[];
  /** For an SCP or RCP implicit deny: the level that did not allow. */
  level?: number;
}

export interface EvaluationExplanation {
  principal: { arn: string; kind: PrincipalKind; account?: string };
  resourceAccount?: string;
  /** Whether the principal's account differs from the resource's (or either is unknown). */
  crossAccount: boolean;
  /** RCP levels, then SCP levels. */
  levels: LevelVerdict[];
  /** Every policy in play, in the order RCPs, SCPs, resource-based, identity-based, boundary, session. */
  policies: PolicyVerdict[];
}

/** The answer to one request. */
export interface EvaluationOutcome {
  decision: Decision;
  errors?: undefined;
  /** Present unless evaluated with `explain: false`. */
  reason?: DecisionReason;
  /** Present unless evaluated with `explain: false`. */
  explanation?: EvaluationExplanation;
}

/** The request could not be evaluated: an invalid policy or request. */
export interface EvaluationFailure {
  decision?: undefined;
  errors: EvaluationError[];
}

export type EvaluationResult = EvaluationOutcome | EvaluationFailure;

export interface EvaluateOptions {
  /**
   * Build the reason and the per-policy explanation (default true). With `false` the evaluator stops at the first
   * statement that settles each question and returns shared, frozen `{ decision }` objects: the batch hot path.
   */
  explain?: boolean;
}
