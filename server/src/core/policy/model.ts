import type { Node as JsonNode } from 'jsonc-parser';
import type { DerivedOwner } from './derived';
import type { ValueSpanMapper } from '../text/json-string';
import type { Span } from '../text/span';

export type { JsonNode };

/** One `"key": value` pair of a JSON object, with the spans of its key and of the whole pair. */
export interface Property {
  key: string;
  keySpan: Span;
  /** Undefined while the value is still being typed (`"Effect": `). */
  valueNode: JsonNode | undefined;
  span: Span;
  /** Written in another branch of a template's choice than an earlier property of the same key (HostJsonNode.alternative). */
  alternative?: true;
}

/**
 * A part of a string value that is known only at deploy time: CloudFormation's `${AWS::AccountId}` or
 * `!Ref BucketName`, Terraform's `${var.x}` or `aws_s3_bucket.b.arn`. Rules never report a placeholder as an
 * unknown action or a malformed ARN; they still check the literal text around it.
 */
export interface Placeholder {
  /** Offsets of the hole within the value's text, `[start, end)`. */
  start: number;
  end: number;
  /** What the hole stands for, when the host can tell; `string` when it cannot. */
  kind: PlaceholderKind;
  /** The source as written (`${AWS::Partition}`, `!GetAtt Queue.Arn`), for messages and hover. */
  source: string;
  /**
   * The resource the hole names, when the host knows its type: `!GetAtt Queue.Arn` of an AWS::SQS::Queue is the ARN
   * of an SQS queue, `!Ref Bucket` of an AWS::S3::Bucket the name of a bucket. The service prefix and resource type
   * are the catalog's (`sqs`, `queue`); rules that match ARNs to resource types read the hole as such a value.
   */
  resource?: PlaceholderResource;
  /**
   * A template parameter's `Default`: the value a deployment gets when it gives none. Rules do not judge it (the
   * deployer may give another value), but for a wildcard default in a GitHub trust's subject (trust-github-sub),
   * which opens the role to every repository of a stack deployed with the defaults; hover shows it.
   */
  default?: string;
  /**
   * The value a `Fn::Sub` variable map binds the hole's name to (`{ Arn: !GetAtt Logs.Arn }`), as written. Two holes
   * written alike (`${Arn}/*`) in two such Subs stand for different values when their bindings differ.
   */
  binding?: string;
}

export interface PlaceholderResource {
  service: string;
  type: string;
  /**
   * The resource's whole ARN, its name or its ID (which hold no `/` or `:`), or its URL (an SQS queue's Ref, which
   * holds both).
   */
  part: 'arn' | 'name' | 'id' | 'url';
  /**
   * The template resource's type (`AWS::SQS::Queue`), when the hole is a template resource's Ref or attribute; the
   * Terraform resource type (`aws_sqs_queue`) when it is an attribute of a Terraform resource.
   */
  resourceType?: string;
  /** The Terraform attribute the hole reads (`id`, `url`), where it is no ARN; a template's Ref has none. */
  attribute?: string;
  /**
   * Where the hole is no ARN (`!Ref Queue`, `${Queue}`, `aws_sqs_queue.q.id`): the host text, in the host's own
   * style, that gives the resource's ARN in its place (`!GetAtt Queue.Arn`, `{ "Fn::GetAtt": ["Queue", "Arn"] }`,
   * `${Queue.Arn}`, `aws_sqs_queue.q.arn`).
   */
  arnInstead?: string;
  /** Text the value has after the ARN of the catalog's format: a log group's `Arn` attribute ends in `:*`. */
  suffix?: string;
}

export type PlaceholderKind = 'string' | 'partition' | 'region' | 'account' | 'arn' | 'number' | 'boolean';

/**
 * A string value. In a JSON policy `span` is the string token with its quotes and `value` the unescaped text.
 * Values read from a host document (a YAML template, HCL) carry `mapSpan`, which maps offsets within `value` to
 * host-text spans (YAML escapes, block scalars and HCL templates shift them differently), and `placeholders`.
 */
export interface StringValue {
  value: string;
  span: Span;
  mapSpan?: ValueSpanMapper;
  placeholders?: readonly Placeholder[];
  /** The branch of each choice that writes the value (HostJsonNode.branches): `c ? a : b`, `a ?? b` in a list. */
  branches?: readonly { choice: object; branch: number }[];
}

/** An element whose value should be a single string (Version, Id, Sid, Effect). `value` is absent when it is not a string. */
export interface ScalarElement {
  property: Property;
  value?: StringValue;
}

/** An element that takes a string or an array of strings (Action, NotAction, Resource, NotResource). Non-string entries are left out of `values`. */
export interface ListElement {
  property: Property;
  values: StringValue[];
  isArray: boolean;
}

/** One principal type inside a Principal object: `"AWS": [...]`, `"Service": "..."`. */
export interface PrincipalEntry {
  property: Property;
  type: string;
  values: StringValue[];
  isArray: boolean;
}

/** Principal or NotPrincipal: either `"*"` or an object of principal types. */
export interface PrincipalElement {
  property: Property;
  wildcard?: StringValue;
  entries: PrincipalEntry[];
}

/** A condition value as IAM sees it: JSON numbers and booleans are compared as their text. */
export interface ConditionValue {
  value: string;
  jsonType: 'string' | 'number' | 'boolean' | 'null';
  span: Span;
  /** As on StringValue: set by host readers whose text is not JSON. */
  mapSpan?: ValueSpanMapper;
  placeholders?: readonly Placeholder[];
}

export interface ConditionKeyEntry {
  property: Property;
  key: string;
  values: ConditionValue[];
  isArray: boolean;
  /** Set by host readers for a key the code computes (`[\`aws:ResourceTag/\${TAG}\`]`): its parts known only at deploy. */
  keyPlaceholders?: readonly Placeholder[];
}

export interface ConditionOperatorEntry {
  property: Property;
  operator: string;
  keys: ConditionKeyEntry[];
}

export interface ConditionElement {
  property: Property;
  operators: ConditionOperatorEntry[];
  /**
   * Set when the element, or an operator's block of keys, is a value known only at deploy time (CDK's CfnJson as
   * `!GetAtt Conditions.Value`, Terraform's `var.conditions`): it may test any key, so no rule may say a key is untested.
   */
  deployTime?: true;
}

export interface Statement extends DerivedOwner {
  index: number;
  node: JsonNode;
  span: Span;
  /** Every property of the statement object in source order, known or not. */
  properties: Property[];
  sid?: ScalarElement;
  effect?: ScalarElement;
  action?: ListElement;
  notAction?: ListElement;
  resource?: ListElement;
  notResource?: ListElement;
  principal?: PrincipalElement;
  notPrincipal?: PrincipalElement;
  condition?: ConditionElement;
}

export interface SyntaxError {
  message: string;
  span: Span;
  /** True for a comment, which JSON with comments allows but IAM does not. */
  isComment: boolean;
  /** True for a comma missing between two entries that are whole otherwise: the parser reads past it as written. */
  missingComma?: true;
  /** The edits that mend it, when they are certain: quotes around property names written without them. */
  fix?: { title: string; edits: { span: Span; newText: string }[] };
}

export interface PolicyDocument extends DerivedOwner {
  /** The document text: the policy file, or the whole host document (a template) the spans point into. */
  text: string;
  /**
   * The policy as AWS receives it, when `text` is a host document: the JSON a template deploys (placeholders as
   * written). Size rules measure this instead of `text`.
   */
  sizeText?: string;
  root: JsonNode | undefined;
  syntaxErrors: SyntaxError[];
  /** Top-level properties; empty when the root is not an object. */
  properties: Property[];
  version?: ScalarElement;
  id?: ScalarElement;
  statementElement?: Property;
  /** True when Statement is a single object instead of an array. */
  statementIsObject: boolean;
  /** The statements that are JSON objects; other array entries are reported by the value-type check. */
  statements: Statement[];
}
