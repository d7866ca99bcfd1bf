import type { Fix, Problem, Severity } from '../checks/check';
import type { Configuration } from '../config/configuration';
import type { PolicyDocument } from '../policy/model';
import type { InlineHolder, PolicyType } from '../policy/policy-type';
import type { Span } from '../text/span';

/**
 * The formats that hold policies. A plain policy file holds one; a CloudFormation/SAM template or a Terraform
 * file holds any number, each somewhere inside the host's own syntax.
 */
export type HostKind =
  'policy' | 'cloudformation' | 'terraform' | 'serverless' | 'openapi' | 'eksctl' | 'kubernetes' | 'ansible' | 'github-actions' | 'cdk' | 'pulumi' | 'cdktf' | 'zappa' | 'json-config' | 'code';

/**
 * One policy found in a host document. Its model is the same PolicyDocument every rule, hover, completion and
 * the evaluator read, with every span an offset into the host text, so rules never learn where it came from.
 */
export interface EmbeddedPolicy {
  policy: PolicyDocument;
  /** The type where the host tells (a role's AssumeRolePolicyDocument is a trust policy); inferred when absent. */
  policyType?: PolicyType;
  /** Where the host tells an identity policy is inline: a role's `Policies`, an `aws_iam_user_policy` (size quotas differ). */
  inlineOn?: InlineHolder;
  /**
   * The resource type IAM Access Analyzer's CheckNoPublicAccess takes for this policy, where the host tells what the
   * policy is attached to: `AWS::S3::Bucket` for a bucket policy, `AWS::IAM::AssumeRolePolicyDocument` for a trust policy.
   */
  publicAccessType?: string;
  /** The policy value in the host text, for code lenses, outline and suppressions. */
  span: Span;
  /** Where it sits, for people: `MyRole › Policies[0] › PolicyDocument`, `data.aws_iam_policy_document.read`. */
  name: string;
  /** The host resource or block that holds it (a CloudFormation logical id, a Terraform address), for suppressions per resource. */
  owner?: string;
  /**
   * The host's node the policy was read from, for a reader of the same parse (the account's) to find this policy by
   * it where spans repeat: values a service file includes from another file are all placed at the including variable.
   */
  source?: object;
  /**
   * What finds the policy again in another version of the document, when the host gives the policy a name of its own:
   * a CloudFormation inline policy's `PolicyName` (`DeployRole › Policies[ReadLogs] › PolicyDocument`), a Terraform
   * `inline_policy` block's `name`. Absent: `name`, which holds the list index. The checks compare versions by it.
   */
  matchKey?: string;
  /**
   * The host's defaults for rules on this policy, applied under the user's own settings: a template policy without
   * `Version` is information, a single statement a service wraps (EventBridge, Lambda permission) has none to write.
   */
  severities?: Readonly<Record<string, Severity | 'off'>>;
  /**
   * Which findings are about how the host's own text is worded, which the user cannot change (a SAM policy template's
   * `sqs:SendMessage*`): they are not reported. A rule's severity cannot say it, when the rule's other findings on the
   * same text (what the template grants) stay. It sees the severity the rule and the host give a finding, before the
   * user's setting for the rule.
   */
  hostWording?: (problem: Problem) => boolean;
  /**
   * Set on a second build of the same policy for the other branch of `Fn::If` (`Effect: !If [...]`), to the first
   * build's `name`: a finding both builds report at the same span is one finding.
   */
  variantOf?: string;
  /**
   * Set on a build of the policy for one allowed value of a template parameter (with `variantOf`): a finding only such
   * builds have is reported once, naming the values that give it (`when ActionParam is "s3:GetObjectt"`).
   */
  variantWhen?: { parameter: string; value: string };
  /**
   * Set on a build of the policy for another use of another type (with `variantOf`): a document a program gives a
   * role as its trust policy and a `RolePolicy` as a permissions policy is checked as each. A finding only this build
   * has is reported naming that use (`given to new IamRole 'x' › assumeRolePolicy, as a trust policy`).
   */
  alsoAs?: string;
  /**
   * Set on both builds of a policy that holds `Fn::If` outside a list (the second with `variantOf`): the conditions
   * of the choices this build met, whether it took their true or their false branches, and the spans of the branches
   * it took. A finding only one of the two builds has, outside those branches (where its place does not show which
   * branch it comes from), is reported naming that (`when condition IsProduction is false`).
   */
  branchWhen?: { conditions: readonly string[]; value: boolean; branches: readonly Span[] };
  /**
   * Writes a rule's fix in the host's syntax. Rules write JSON edits against the model's spans; a host whose text
   * is not that JSON (YAML, a JSON string inside a template) rewrites them, or answers undefined when it cannot
   * write the fix faithfully, and the fix is not offered. Absent: the edits are valid as they are.
   */
  writeFix?(fix: Fix): Fix | undefined;
  /** The policy is written in YAML inside a host that otherwise writes JSON or HCL (a Terraform YAML policy template). */
  yaml?: true;
  /**
   * Set by a reader on a policy it moved in the text without reading it again (an edit before it shifted its offsets
   * only): the model of the policy as first read. The pipeline keeps that model's findings, shifted to `span`, without
   * reading `policy`, which a reader may then build only when a feature asks for it.
   */
  movedFrom?: PolicyDocument;
  /**
   * Places in this text where the policy reads a value written in another file (a Terraform `local.x` defined in
   * the module's `locals.tf`): a finding inside `span` is reported at `span`, its message followed by `note`, and
   * without fixes (their edits would be for the other file's text).
   */
  notes?: readonly { span: Span; note: string }[];
}

/**
 * A policy the host keeps in another file: Terraform's `policy = file("policy.json")` or
 * `templatefile("policy.json.tftpl", {...})`. That file is read and checked on its own; the link lets the editor
 * open it from the path.
 */
export interface HostLink {
  /** The path as written in the host text (the string, quotes included). */
  span: Span;
  /** The file's URI, resolved against the host document's URI. */
  target: string;
  /** For people: how the host uses the file. */
  tooltip: string;
  /**
   * The variables the host gives a template it renders, when they are written out (`templatefile(path, { bucket =
   * … })`): their names, and the object's span, where a variable the template reads and is not given is reported.
   * `caller`: a `data "template_file"` block's `vars` give them, not a templatefile() call.
   */
  variables?: { names: readonly string[]; span: Span; caller?: 'template_file' };
  /**
   * The host fails when no file is at `target` (Terraform's file() and templatefile() at plan), and the path is
   * certain to be resolved as here (`${path.module}/…`): where readLinked finds no file, it is reported.
   */
  mustExist?: true;
  /**
   * The type of policy the host uses the file's text as (a Terraform `aws_iam_policy` its roles take only as a
   * permissions boundary is `boundary`): the file, checked on its own, is checked as that type (linked-type.ts).
   */
  policyType?: PolicyType;
}

/** What `HostInput.readLinked` answers for a link whose target is not there at all (as against there but unreadable). */
export const NO_SUCH_FILE: unique symbol = Symbol('no such file');

/** A linked file's text; `NO_SUCH_FILE`; or undefined when it is there but cannot be read (permissions, a folder). */
export type LinkedText = string | typeof NO_SUCH_FILE | undefined;

/** What a host reader finds in one document. */
export interface HostDocument {
  kind: HostKind;
  policies: EmbeddedPolicy[];
  /** Problems of the host itself that concern policies: a policy given as a JSON string that does not parse, a YAML error. */
  problems: Problem[];
  /** Files that hold policies this document uses, in document order; absent when there are none. */
  links?: HostLink[];
  /**
   * Why a source the reader claims could not be read at all (a CDK app Babel cannot parse), so none of its policies is
   * checked: said where a batch run lists the files it read, not as a finding the editor shows while the user types.
   */
  unreadable?: string;
}

/** A document as a host reader sees it. `languageId` is the editor's (`yaml`, `json`, `terraform`), absent in the CLI. */
export interface HostInput {
  text: string;
  uri: string;
  languageId?: string;
  /** The resolved configuration, for readers whose claim depends on it (the policy-file reader's `files` globs). */
  config?: Configuration;
  /**
   * The other files of the document's folder that a reader may read with it (a Terraform module's other `.tf` files,
   * for their locals): open documents' texts first, then the disk. Called only by readers that use them.
   */
  siblings?: () => ReadonlyArray<{ uri: string; text: string }>;
  /**
   * The text of a file the document links to (HostLink.target), for readers that check what they give it (the
   * variables of a templatefile() call) or that it is there: open documents' texts first, then the disk.
   */
  readLinked?: (uri: string) => LinkedText;
}

/**
 * Finds the policies in one kind of host document. `read` answers undefined for a document that is not of its
 * kind (a YAML file that is not a template), so the pipeline can ask each reader in turn. `read` is synchronous
 * and never throws; a reader whose parser loads asynchronously (a wasm grammar) does that in `prepare`, which the
 * server and the CLI await once before the first `read`.
 */
export interface HostReader {
  kind: HostKind;
  /** File name endings it may claim (`.json`, `.yaml`, `.tf`): the CLI's folder walk reads files with these. */
  extensions?: readonly string[];
  prepare?(): Promise<void>;
  /**
   * Prepared only when a file it may read comes (`prepareReadersFor`), not with the others before the first document:
   * a grammar large enough that every user would pay for it (C#'s: 5 MB of WebAssembly, about 16 MB of memory).
   */
  onDemand?: boolean;
  read(input: HostInput): HostDocument | undefined;
}

/** The `alsoAs` of a policy's build for another use: `given to aws_iam_role.x.assume_role_policy, as a trust policy`. */
export function otherUseOf(where: string, policyType: PolicyType): string {
  const words: Record<PolicyType, string> = {
    identity: 'an identity',
    trust: 'a trust',
    resource: 'a resource',
    boundary: 'a permissions boundary',
    scp: 'a service control',
    rcp: 'a resource control',
    session: 'a session',
  };
  return `given to ${where}, as ${words[policyType]} policy`;
}
