import type { Catalog } from '../catalog/catalog';
import type { PolicyDocument } from '../policy/model';
import type { InlineHolder, PolicyType } from '../policy/policy-type';
import type { Span } from '../text/span';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A replacement of the text at `span`; several edits of one fix never overlap. */
export interface TextEdit {
  span: Span;
  newText: string;
}

/** A quick fix a check offers with its finding. `isPreferred` marks the one fix that is safe to apply blindly. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  isPreferred?: boolean;
  /**
   * The edits are already host text (a template's `!GetAtt Queue.Arn` written by the template reader), not JSON:
   * a host's fix writer leaves them as they are.
   */
  hostText?: boolean;
}

/** One finding of one rule at one place. */
export interface Problem {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes?: Fix[];
  /**
   * Other places that explain the finding (the further steps of an escalation path): a span in this document, or in
   * the file `uri` names (another file of a Terraform module).
   */
  related?: { span: Span; message: string; uri?: string }[];
}

export interface CheckContext {
  policy: PolicyDocument;
  policyType: PolicyType;
  /** What an identity policy is embedded in, where its host tells (a role's inline policy); absent elsewhere. */
  inlineOn?: InlineHolder;
  /**
   * The resource a resource policy is attached to, where its host tells (`AWS::SNS::Topic` for a topic's policy, as
   * IAM Access Analyzer names it: EmbeddedPolicy.publicAccessType); absent for a policy file.
   */
  attachedTo?: string;
  /** The bundled catalog; loaded on first use. */
  readonly catalog: Catalog;
  report(span: Span, message: string, options?: { fixes?: Fix[]; severity?: Severity }): void;
}

/** One rule: a stable kebab-case id (the diagnostic code and the file name), a default severity and a description. */
export interface Check {
  id: string;
  severity: Severity;
  description: string;
  /**
   * A statement element without which the rule finds nothing (it reads only what that element holds): runChecks skips
   * the rule for a policy none of whose statements has it. Most policies have no Condition, and each rule run costs
   * a call and a look at the policy even when it finds nothing, 1,594 times over the managed policies.
   */
  onlyWith?: 'Condition';
  run(context: CheckContext): void;
}
