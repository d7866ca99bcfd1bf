import type { Node as JsonNode } from 'jsonc-parser';
import type { Span } from '../text/span';

export type { JsonNode };

/** One `"key": value` pair of a JSON object, with the spans of its key and of the whole pair. */
export interface Property {
  key: string;
  keySpan: Span;
  /** Undefined while the value is still being typed (`"Effect": `). */
  valueNode: JsonNode | undefined;
  span: Span;
}

/** A JSON string value; `span` includes the quotes, `value` is the unescaped text. */
export interface StringValue {
  value: string;
  span: Span;
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
}

export interface ConditionKeyEntry {
  property: Property;
  key: string;
  values: ConditionValue[];
  isArray: boolean;
}

export interface ConditionOperatorEntry {
  property: Property;
  operator: string;
  keys: ConditionKeyEntry[];
}

export interface ConditionElement {
  property: Property;
  operators: ConditionOperatorEntry[];
}

export interface Statement {
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
}

export interface PolicyDocument {
  text: string;
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
