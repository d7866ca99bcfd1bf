import type { Problem } from '../../checks/check';
import { interpolationSource, MASK_OPEN, maskedInterpolations } from './jinja';
import { isServerlessSource, matchingBrace, resolveVariable, serverlessVariables, type ResolvedPiece, type ServerlessValues } from '../serverless/variables';
import type { PlaceholderKind, PlaceholderResource } from '../../policy/model';
import type { Span } from '../../text/span';
import { scalarValue, valueOf, type CfnFn, type CfnNode } from './nodes';
import { arnAttributeOf, referencedResource, refReturnsArn } from './resource-types';
import { MappedText } from './text-map';
import { closestMatches } from '../../text/suggest';
import type { YamlSyntaxIndex } from './writer';

/** What the reader knows of the template around a policy: its parameters and resources. */
export interface TemplateContext {
  text: string;
  format: 'yaml' | 'json';
  parameters: Map<string, CfnNode | undefined>;
  /** Logical id → resource type. */
  resources: Map<string, string>;
  /** Logical id → the resource's `Properties`. */
  properties: Map<string, CfnNode | undefined>;
  /** Template problems found while reading values (one per place, whichever build of a policy finds it). */
  problems: Problem[];
  /** The template names a macro in `Transform`, which may rewrite any value (reader.ts usesMacros). */
  macros?: boolean;
  /** SAM's `Globals.Function.PermissionsBoundary`, when the template has one (boundaries.ts). */
  globalBoundary?: CfnNode;
  /** The managed policies used only as permissions boundaries (boundaries.ts): read as boundaries, not grants. */
  boundaryPolicies?: ReadonlySet<string>;
  /** Set while a policy is built for one allowed value of a parameter: `Ref` and `${…}` of it read as that value. */
  substitution?: { parameter: string; value: string };
  /** The template's `Mappings` (mappedValue). */
  mappings?: CfnNode;
  /** The template's `Conditions`, by name (decidedCondition). */
  conditions?: Map<string, CfnNode>;
  /** The template is org-formation's (`AWSTemplateFormatVersion: '2010-09-09-OC'`), which expands its own functions first. */
  orgFormation?: boolean;
  /** The template's text holds Jinja (jinja.ts): it was parsed masked, and each `{{ … }}` is a value known when rendered. */
  jinja?: boolean;
  /**
   * Every name a `Ref`, `Fn::GetAtt` or `Fn::Sub` may use is in the template: it says `AWSTemplateFormatVersion` and
   * names no `Transform` (no macro, SAM or include adds names), so it is a whole template, not a fragment another file
   * or tool completes (checkReference).
   */
  namesComplete?: boolean;
  /** A Jinja template's keys written again in another branch of an `{% if %}` (jinja.ts alternativeKeys), by offset. */
  alternativeKeys?: ReadonlySet<number>;
  /**
   * A Serverless Framework service file: every `${…}` in a value is a Serverless variable (serverless/variables.ts),
   * and `valueAt` gives the values the file writes, which `${self:…}` names.
   */
  serverless?: ServerlessValues;
}

/** `Fn::If` outside a list: which branch this build of the policy takes, and how many such choices it met. */
export interface BranchChoice {
  branch: 0 | 1;
  /** The branch each named condition takes instead of `branch`, to build one way of several conditions (the account's). */
  byCondition?: ReadonlyMap<string, 0 | 1>;
  choices: number;
  /** The conditions of the choices met, each once, in the order met, and the branches taken (takeBranch fills them). */
  taken?: { conditions: string[]; branches: Span[] };
  /**
   * The values this build gave the conditions it chose (without `byCondition`), so that a later `Fn::If` on a
   * condition they decide (`IsNotProd: !Not [!Condition IsProd]`) takes the branch a deployment would, not `branch`.
   */
  assumed?: Map<string, boolean>;
  /** Collects the scalars and flow collections of a policy in YAML syntax, for its fix writer. */
  index?: YamlSyntaxIndex;
}

/** `!Ref AWS::NoValue`: the element is absent. */
export const NO_VALUE = Symbol('AWS::NoValue');

/** What CloudFormation's pseudo parameters stand for; CDK's `Fn.sub` reads them too (cdk/values.ts). */
export const pseudoKinds: Readonly<Record<string, PlaceholderKind>> = {
  'AWS::Partition': 'partition',
  'AWS::Region': 'region',
  'AWS::AccountId': 'account',
  'AWS::StackId': 'arn',
  'AWS::NotificationARNs': 'arn',
};

/** The kind of value `${name}` (in `Fn::Sub`) or `Ref name` stands for. */
export function refKind(name: string, context: TemplateContext): PlaceholderKind {
  const pseudo = pseudoKinds[name];
  if (pseudo) return pseudo;
  const dot = name.indexOf('.');
  if (dot > 0) return /Arn$/i.test(name.slice(dot + 1)) ? 'arn' : 'string';
  const type = context.resources.get(name);
  if (type) return refReturnsArn(type) ? 'arn' : 'string';
  const parameter = context.parameters.get(name);
  if (parameter) return parameterKind(parameter);
  return 'string';
}

/**
 * The kind of a parameter's value by its declaration: `Type: Number`, or an `AllowedPattern` that admits only account
 * IDs (12 digits). An SSM parameter type (`AWS::SSM::Parameter::Value<String>`) is a value of unknown text, whatever
 * its pattern (that constrains the parameter's name). Never an error: a pattern that is no JavaScript regular
 * expression decides nothing.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 */
function parameterKind(parameter: CfnNode): PlaceholderKind {
  const type = scalarValue(valueOf(parameter, 'Type')) ?? 'String';
  if (type === 'Number') return 'number';
  if (type !== 'String') return 'string';
  const pattern = scalarValue(valueOf(parameter, 'AllowedPattern'));
  if (pattern !== undefined && admitsOnlyAccountIds(pattern)) return 'account';
  return 'string';
}

// CloudFormation matches AllowedPattern against the whole value. Probed with an account ID and values close to one.
function admitsOnlyAccountIds(pattern: string): boolean {
  if (pattern.length > 200) return false;
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`);
  } catch {
    return false;
  }
  return regex.test('123456789012') && regex.test('012345678901') && !['12345678901', '1234567890123', 'abcdefghijkl', '*', '', '123456789012:x', '123456789012/x'].some((probe) => regex.test(probe));
}

/**
 * The values a deployment can give a parameter, when its declaration lists them (`AllowedValues` of a `String` or
 * `Number` parameter). A parameter with only a `Default` may be given any value, and an SSM parameter type's
 * AllowedValues constrain the parameter's name, not the value it resolves to: neither has any.
 */
export function allowedValuesOf(name: string, context: TemplateContext): string[] | undefined {
  const parameter = context.parameters.get(name);
  if (!parameter) return undefined;
  const type = scalarValue(valueOf(parameter, 'Type')) ?? 'String';
  if (type !== 'String' && type !== 'Number') return undefined;
  const allowed = valueOf(parameter, 'AllowedValues');
  if (allowed?.kind !== 'seq' || allowed.items.length === 0) return undefined;
  const values = allowed.items.map(scalarValue);
  return values.every((value): value is string => value !== undefined) ? [...new Set(values)] : undefined;
}

/** The resource `${name}` / `Ref name` (or `Res.Attr`, from `Fn::GetAtt`) stands for, when the template's resource type says. */
export function refResource(name: string, context: TemplateContext): PlaceholderResource | undefined {
  if (name.startsWith('AWS::')) return undefined;
  const dot = name.indexOf('.');
  const type = context.resources.get(dot > 0 ? name.slice(0, dot) : name);
  return type ? referencedResource(type, dot > 0 ? name.slice(dot + 1) : undefined) : undefined;
}

/**
 * What a hole for `${name}` / `Ref name` carries besides its kind: the resource it names, a parameter's Default.
 * `source` is the hole as written, when the template can write the resource's ARN in its place (arnInstead).
 */
function referenceDetails(name: string, context: TemplateContext, source?: string): { resource?: PlaceholderResource; default?: string } {
  const resource = refResource(name, context);
  if (resource) {
    const arnInstead = source === undefined || resource.part === 'arn' ? undefined : arnReference(name, source, context);
    return { resource: arnInstead ? { ...resource, arnInstead } : resource };
  }
  const parameter = context.parameters.get(name);
  const value = parameter ? valueOf(parameter, 'Default') : undefined;
  return value?.kind === 'scalar' && value.jsonType !== 'null' ? { default: value.value } : {};
}

/**
 * The template text for the ARN of resource `name`, written where `source` (its Ref, or `${name}` in `Fn::Sub`) is and
 * in the same style: `!Ref Queue` → `!GetAtt Queue.Arn`, `Ref: Queue` → `Fn::GetAtt: [Queue, Arn]`,
 * `{ "Ref": "Queue" }` → `{ "Fn::GetAtt": ["Queue", "Arn"] }`, `${Queue}` → `${Queue.Arn}`. Undefined when the
 * resource's type has no ARN attribute.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getatt.html
 */
function arnReference(name: string, source: string, context: TemplateContext): string | undefined {
  if (name.includes('.')) return undefined;
  const type = context.resources.get(name);
  const attribute = type ? arnAttributeOf(type) : undefined;
  if (!attribute) return undefined;
  if (source.startsWith('${')) return `\${${name}.${attribute}}`;
  if (source.startsWith('!Ref')) return `!GetAtt ${name}.${attribute}`;
  const quoted = context.format === 'json' || /^\{\s*["']/.test(source);
  const list = quoted ? `[${JSON.stringify(name)}, ${JSON.stringify(attribute)}]` : `[${name}, ${attribute}]`;
  const key = quoted ? '"Fn::GetAtt"' : 'Fn::GetAtt';
  if (!source.startsWith('{')) return `${key}: ${list}`;
  const space = /^\{\s/.test(source) ? ' ' : '';
  return `{${space}${key}: ${list}${space}}`;
}

export function isNoValue(node: CfnNode | undefined): boolean {
  return node?.kind === 'fn' && node.name === 'Ref' && scalarValue(node.arg) === 'AWS::NoValue';
}

/** The two branches of `Fn::If [Condition, A, B]`, when written that way. */
export function ifBranches(node: CfnFn): [CfnNode | undefined, CfnNode | undefined] | undefined {
  if (node.name !== 'Fn::If' || node.arg?.kind !== 'seq' || node.arg.items.length !== 3) return undefined;
  return [node.arg.items[1], node.arg.items[2]];
}

/**
 * The branch of an `Fn::If` (outside a list) this build takes: the one its condition takes when the build decides it
 * (decidedCondition); else `choice.branch`, counting the choice, so that the caller builds the other branch too, and
 * noting its condition and the branch, so that a finding only one build has, outside the branch it took, can say
 * when it holds.
 */
export function takeBranch(node: CfnFn, branches: NonNullable<ReturnType<typeof ifBranches>>, choice: BranchChoice, context: TemplateContext): CfnNode | undefined {
  // A condition the build decides has one branch: no other build is needed for it.
  const condition = ifCondition(node);
  const decided = decidedCondition(condition, context);
  if (decided !== undefined) return branches[decided ? 0 : 1];
  // One the conditions this build chose already decide is no choice either: the build stays one a deployment makes.
  const assumed =
    condition === undefined || choice.byCondition?.has(condition) ? undefined : choice.byCondition ? new Map([...choice.byCondition].map(([name, branch]) => [name, branch === 0])) : choice.assumed;
  const implied = assumed ? impliedCondition(condition!, assumed, context) : undefined;
  if (implied !== undefined) {
    const branch = branches[implied ? 0 : 1];
    if (choice.taken && branch) choice.taken.branches.push(branch.span);
    return branch;
  }
  choice.choices++;
  const taken = branchTaken(node, choice);
  if (condition !== undefined && !choice.byCondition) (choice.assumed ??= new Map()).set(condition, taken === 0);
  const branch = branches[taken];
  if (choice.taken) {
    if (condition !== undefined && !choice.taken.conditions.includes(condition)) choice.taken.conditions.push(condition);
    if (branch) choice.taken.branches.push(branch.span);
  }
  return branch;
}

/** The branch `choice` takes at an `Fn::If` whose condition the build does not decide. */
export function branchTaken(node: CfnFn, choice: BranchChoice): 0 | 1 {
  const condition = choice.byCondition ? ifCondition(node) : undefined;
  return (condition !== undefined ? choice.byCondition!.get(condition) : undefined) ?? choice.branch;
}

/**
 * The branches of an `Fn::If` list element a build writes: liveBranches, or in a build of one way of its condition
 * (`choice.byCondition`) that way's branch. A Statement list keeps both branches (`inStatements`): the account reader
 * decides which statement is there itself.
 */
export function wayBranches(node: CfnFn, branches: NonNullable<ReturnType<typeof ifBranches>>, choice: BranchChoice, context: TemplateContext, inStatements: boolean): (CfnNode | undefined)[] {
  const live = liveBranches(node, branches, context);
  if (live.length === 1 || inStatements || !choice.byCondition) return live;
  const condition = ifCondition(node);
  const way = condition === undefined ? undefined : choice.byCondition.get(condition);
  return way === undefined ? live : [branches[way]];
}

/** The name of the condition an `Fn::If` tests. */
export function ifCondition(node: CfnFn): string | undefined {
  return node.arg?.kind === 'seq' ? scalarValue(node.arg.items[0]) : undefined;
}

/**
 * The branches of an `Fn::If` list element that a deployment can write: both, or the one its condition takes when
 * the build decides the condition (decidedCondition).
 */
export function liveBranches(node: CfnFn, branches: NonNullable<ReturnType<typeof ifBranches>>, context: TemplateContext): (CfnNode | undefined)[] {
  const decided = decidedCondition(ifCondition(node), context);
  return decided === undefined ? branches : [branches[decided ? 0 : 1]];
}

/**
 * A condition's value when the build decides it: its `Fn::Equals` compare literals or the parameter the build gives
 * a value (`context.substitution`), through `Fn::Not`, `Fn::And`, `Fn::Or` and `Condition`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html).
 * A build with `SecondaryRegion` = "No" thus drops the branches of `UsingMultiRegion: !Not [!Equals [!Ref
 * SecondaryRegion, 'No']]`, which no deployment with that value writes. Undefined when a value is known only at deploy.
 */
export function decidedCondition(name: string | undefined, context: TemplateContext, seen: ReadonlySet<string> = new Set(), assumed?: ReadonlyMap<string, boolean>): boolean | undefined {
  if (name !== undefined && assumed?.has(name)) return assumed.get(name);
  const written = name === undefined || seen.has(name) ? undefined : context.conditions?.get(name);
  if (!written) return undefined;
  const inner = new Set([...seen, name!]);
  const operand = (node: CfnNode | undefined): string | undefined => {
    if (node?.kind === 'scalar') return scalarValue(node);
    if (node?.kind !== 'fn' || node.name !== 'Ref') return undefined;
    const parameter = scalarValue(node.arg);
    if (context.substitution && parameter === context.substitution.parameter) return context.substitution.value;
    return parameter !== undefined && assumed ? assumedValue(parameter, assumed, context) : undefined;
  };
  const decide = (node: CfnNode | undefined): boolean | undefined => {
    if (node?.kind !== 'fn') return undefined;
    const items = node.arg?.kind === 'seq' ? node.arg.items : [];
    switch (node.name) {
      case 'Fn::Equals': {
        const [a, b] = items.map(operand);
        return items.length === 2 && a !== undefined && b !== undefined ? a === b : undefined;
      }
      case 'Fn::Not': {
        const value = items.length === 1 ? decide(items[0]) : undefined;
        return value === undefined ? undefined : !value;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const values = items.map(decide);
        const deciding = node.name === 'Fn::And' ? false : true;
        if (values.includes(deciding)) return deciding;
        return values.length > 0 && values.every((value) => value !== undefined) ? !deciding : undefined;
      }
      case 'Condition':
        return decidedCondition(scalarValue(node.arg), context, inner, assumed);
      default:
        return undefined;
    }
  };
  return decide(written);
}

/**
 * The value a parameter has when the conditions `assumed` true include one that is exactly `Fn::Equals` of it and a
 * literal (`IsProd: !Equals [!Ref Env, prod]`).
 */
function assumedValue(parameter: string, assumed: ReadonlyMap<string, boolean>, context: TemplateContext): string | undefined {
  for (const [name, value] of assumed) {
    const written = value ? context.conditions?.get(name) : undefined;
    if (written?.kind !== 'fn' || written.name !== 'Fn::Equals' || written.arg?.kind !== 'seq' || written.arg.items.length !== 2) continue;
    const [a, b] = written.arg.items;
    const isRef = (node: CfnNode | undefined) => node?.kind === 'fn' && node.name === 'Ref' && scalarValue(node.arg) === parameter;
    if (isRef(a) && b?.kind === 'scalar') return scalarValue(b);
    if (isRef(b) && a?.kind === 'scalar') return scalarValue(a);
  }
  return undefined;
}

/** Whether conditions can have these values together: none is decided, by the others, the other way. */
function consistentConditions(assumed: ReadonlyMap<string, boolean>, context: TemplateContext): boolean {
  for (const [name, value] of assumed) {
    const others = new Map(assumed);
    others.delete(name);
    const decided = decidedCondition(name, context, new Set(), others);
    if (decided !== undefined && decided !== value) return false;
  }
  return true;
}

/**
 * The value a condition must have beside conditions with the values `assumed` (`IsNotProd: !Not [!Condition
 * IsProd]` is false when IsProd is true, and IsProd is false when IsNotProd is true); undefined when it may be either.
 */
export function impliedCondition(name: string, assumed: ReadonlyMap<string, boolean>, context: TemplateContext): boolean | undefined {
  if (assumed.has(name)) return assumed.get(name);
  const canBeTrue = consistentConditions(new Map(assumed).set(name, true), context);
  const canBeFalse = consistentConditions(new Map(assumed).set(name, false), context);
  return canBeTrue === canBeFalse ? undefined : canBeTrue;
}

/** Whether a node makes a string: a scalar, or an intrinsic that returns one. */
export function isStringLike(node: CfnNode | undefined): boolean {
  return node?.kind === 'scalar' || (node?.kind === 'fn' && node.name !== 'Fn::If' && !isNoValue(node) && node.name !== 'Fn::Transform');
}

/** The whole text of a value as written, spaces collapsed: what tells two values of unknown text apart. */
function writtenAt(context: TemplateContext, span: Span): string {
  return context.text.slice(span.start, span.end).replace(/\s+/g, ' ');
}

function sourceOf(context: TemplateContext, span: Span): string {
  const source = writtenAt(context, span);
  return source.length > 120 ? `${source.slice(0, 117)}...` : source;
}

/**
 * The string a template node deploys as, with its characters mapped to the template: literal text stays checkable,
 * each value known only at deploy time (`${AWS::AccountId}`, `!GetAtt Queue.Arn`, `{{resolve:ssm:…}}`) becomes
 * a placeholder written `${…}` in the value, which every ARN helper already reads as "any text". `Fn::If` takes the
 * branch `choice` says; `!Ref AWS::NoValue` answers NO_VALUE; a map or list answers undefined.
 */
export function stringOf(node: CfnNode | undefined, context: TemplateContext, choice: BranchChoice): MappedText | typeof NO_VALUE | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar') return withDynamicReferences(node.text(), context);
  if (node.kind !== 'fn') return undefined;
  if (isNoValue(node)) return NO_VALUE;
  const result = new MappedText(node.span);
  const arg = node.arg;
  switch (node.name) {
    case 'Ref': {
      const name = scalarValue(arg);
      if (name === undefined) break;
      if (context.substitution?.parameter === name) {
        result.push(context.substitution.value, node.span.start, node.span.end);
        return result;
      }
      const known = knownArn(name, node, context);
      if (known) return known;
      checkReference(name, arg?.span ?? node.span, context, 'Ref');
      const source = sourceOf(context, node.span);
      result.hole(`\${${name}}`, node.span, refKind(name, context), source, referenceDetails(name, context, source));
      return result;
    }
    case 'Fn::GetAtt': {
      const name = arg?.kind === 'seq' ? arg.items.map(scalarValue).join('.') : scalarValue(arg);
      if (!name) break;
      const known = /\.Arn$/.test(name) ? knownArn(name.slice(0, -4), node, context) : undefined;
      if (known) return known;
      checkReference(name, (arg?.kind === 'seq' ? arg.items[0]?.span : arg?.span) ?? node.span, context, 'Fn::GetAtt');
      result.hole(`\${${name}}`, node.span, /Arn$/i.test(name) ? 'arn' : 'string', sourceOf(context, node.span), referenceDetails(name, context));
      return result;
    }
    case 'Fn::Sub': {
      const template = arg?.kind === 'seq' ? arg.items[0] : arg;
      if (template?.kind !== 'scalar') break;
      const variables = arg?.kind === 'seq' ? arg.items[1] : undefined;
      return substitute(template.text(), context, variables);
    }
    case 'Fn::Join': {
      if (arg?.kind !== 'seq' || arg.items.length !== 2) break;
      const [delimiter, list] = arg.items;
      if (delimiter?.kind !== 'scalar' || list?.kind !== 'seq') break;
      let first = true;
      for (const item of list.items) {
        let part: ReturnType<typeof stringOf>;
        if (item.kind === 'fn' && item.name === 'Fn::If') {
          const branches = ifBranches(item);
          part = branches ? stringOf(takeBranch(item, branches, choice, context), context, choice) : undefined;
        } else part = stringOf(item, context, choice);
        if (part === NO_VALUE) continue;
        if (!first) result.append(delimiter.text());
        first = false;
        if (part) result.append(part);
        else result.hole('${Fn::Join}', item.span, 'string', sourceOf(context, item.span), { binding: writtenAt(context, item.span) });
      }
      return result;
    }
    case 'Fn::If': {
      const branches = ifBranches(node);
      if (!branches) break;
      return stringOf(takeBranch(node, branches, choice, context), context, choice);
    }
    case 'Fn::FindInMap': {
      const found = mappedValue(node, context);
      if (found === undefined) break;
      result.push(found, node.span.start, node.span.end);
      return result;
    }
  }
  // Fn::ImportValue, Fn::Select, Fn::Base64, Fn::FindInMap by a key known only at deploy … and forms we cannot read: a
  // value of unknown text, bound to what it is written as, so two lookups of different keys are two values.
  result.hole(`\${${node.name}}`, node.span, 'string', sourceOf(context, node.span), { binding: writtenAt(context, node.span) });
  return result;
}

/**
 * The string `Fn::FindInMap [Map, TopKey, SecondKey]` finds in the template's `Mappings`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-findinmap.html)
 * when each key is written out or is the parameter the build gives a value. Undefined when a key is known only at
 * deploy (`!Ref AWS::Region`), when the value is no string, and when it is a placeholder a release script fills in
 * (`%DIST_BUCKET_NAME%`, `%%VERSION%%`, `{{BUCKET}}`, `<ACCOUNT_ID>`, or empty, as Panther's generated templates
 * leave theirs), which no deployment reads as written.
 */
function mappedValue(node: CfnFn, context: TemplateContext): string | undefined {
  if (node.arg?.kind !== 'seq' || node.arg.items.length !== 3) return undefined;
  const key = (item: CfnNode): string | undefined => {
    if (item.kind === 'scalar') return scalarValue(item);
    if (item.kind === 'fn' && item.name === 'Ref' && context.substitution && scalarValue(item.arg) === context.substitution.parameter) return context.substitution.value;
    return undefined;
  };
  const [map, top, second] = node.arg.items.map(key);
  if (map === undefined || top === undefined || second === undefined) return undefined;
  const found = valueOf(valueOf(valueOf(context.mappings, map), top), second);
  const value = found?.kind === 'scalar' ? scalarValue(found) : undefined;
  return !value || /%[A-Za-z_]+%|\{\{|<[A-Za-z_]+>/.test(value) ? undefined : value;
}

/**
 * The ARN of a template resource whose ARN the template spells out, so rules that read the ARN still can. An OIDC
 * provider's ARN ends in the host of its `Url` (a GitHub Actions trust policy names `token.actions.githubusercontent.com`).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-oidcprovider.html
 */
function knownArn(name: string, node: CfnFn, context: TemplateContext): MappedText | undefined {
  if (context.resources.get(name) !== 'AWS::IAM::OIDCProvider') return undefined;
  const url = scalarValue(valueOf(context.properties.get(name), 'Url'));
  if (!url || !/^https:\/\/[^/\s]+/.test(url)) return undefined;
  const result = new MappedText(node.span);
  const { start, end } = node.span;
  const source = sourceOf(context, node.span);
  result.push('arn:', start, end);
  result.hole('${AWS::Partition}', node.span, 'partition', source);
  result.push(':iam::', start, end);
  result.hole('${AWS::AccountId}', node.span, 'account', source);
  result.push(`:oidc-provider/${url.slice('https://'.length).replace(/\/$/, '')}`, start, end);
  return result;
}

// `Fn::Sub`: `${Name}` is a hole, `${!Text}` is the literal `${Text}`.
function substitute(template: MappedText, context: TemplateContext, variables: CfnNode | undefined): MappedText {
  const result = new MappedText(template.anchor);
  const text = template.value;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) break;
    // A Serverless variable (`${sls:stage}`, `${self:custom.${opt:stage}}`) is the Framework's, resolved before
    // CloudFormation reads the string: kept whole for withDynamicReferences, which reads it as the service's.
    const framework = context.serverless !== undefined && isServerlessSource(text.slice(open + 2, open + 66)) ? matchingBrace(text, open + 1) : undefined;
    if (framework !== undefined) {
      result.append(template.slice(i, framework + 1));
      i = framework + 1;
      continue;
    }
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    result.append(template.slice(i, open));
    if (text[open + 2] === '!') {
      result.append(template.slice(open, open + 2));
      result.append(template.slice(open + 3, close + 1));
    } else {
      const name = text.slice(open + 2, close);
      const variable = valueOf(variables, name);
      if (!variable && context.substitution?.parameter === name) {
        const span = template.span(open, close + 1);
        result.push(context.substitution.value, span.start, span.end);
        i = close + 1;
        continue;
      }
      if (variable?.kind === 'scalar' && variable.jsonType === 'string') {
        // `!Sub ['…${Name}…', {Name: literal}]`: the literal text, checked where it is written.
        result.append(variable.text());
        i = close + 1;
        continue;
      }
      const span = template.span(open, close + 1);
      // `!Sub ['…${Id}…', {Id: !FindInMap [Accounts, Audit, Id]}]`: the mapped value, checked where the call is written.
      const mapped = variable?.kind === 'fn' && variable.name === 'Fn::FindInMap' ? mappedValue(variable, context) : undefined;
      if (mapped !== undefined && variable) {
        result.push(mapped, variable.span.start, variable.span.end);
        i = close + 1;
        continue;
      }
      if (!variable) checkPolicyVariable(name, span, context);
      if (!variable) checkReference(name, span, context, 'Fn::Sub');
      const referenced = variable?.kind === 'fn' && variable.name === 'Ref' ? scalarValue(variable.arg) : undefined;
      const kind = variable ? (variable.kind === 'fn' && variable.name === 'Fn::GetAtt' ? 'arn' : referenced !== undefined ? refKind(referenced, context) : 'string') : refKind(name, context);
      const source = context.text.slice(span.start, span.end);
      const details = variable ? { resource: variableResource(variable, context), binding: context.text.slice(variable.span.start, variable.span.end) } : referenceDetails(name, context, source);
      result.hole(`\${${name}}`, span, kind, source, details);
    }
    i = close + 1;
  }
  result.append(template.slice(i, text.length));
  return withDynamicReferences(result, context);
}

// `!Sub ['…${Name}…', {Name: !GetAtt Queue.Arn}]`: the variable's reference, as if written in place.
function variableResource(variable: CfnNode, context: TemplateContext): PlaceholderResource | undefined {
  if (variable.kind !== 'fn') return undefined;
  const arg = variable.arg;
  if (variable.name === 'Ref') {
    const name = scalarValue(arg);
    return name === undefined ? undefined : refResource(name, context);
  }
  if (variable.name !== 'Fn::GetAtt') return undefined;
  const name = arg?.kind === 'seq' ? arg.items.map(scalarValue).join('.') : scalarValue(arg);
  return name?.includes('.') ? refResource(name, context) : undefined;
}

// IAM policy variables are `service:key` (one colon); template references are names, `Res.Attr` or `AWS::Pseudo`.
const IAM_VARIABLE = /^(?:aws|s3|sts|ec2|iam|saml|cognito-identity\.amazonaws\.com|www\.amazon\.com|graph\.facebook\.com|accounts\.google\.com|[a-z0-9.-]+):[A-Za-z]/;

/**
 * `Fn::Sub` reads `${aws:username}` as a reference to a template name, and the stack fails to create; the IAM policy
 * variable is written `${!aws:username}` under `Fn::Sub`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-sub.html
 */
function checkPolicyVariable(name: string, span: Span, context: TemplateContext): void {
  if (name.includes('::') || !IAM_VARIABLE.test(name)) return;
  if (context.problems.some((p) => p.ruleId === 'cfn-sub-policy-variable' && p.span.start === span.start)) return;
  const source = context.text.slice(span.start, span.end);
  const fixable = source.startsWith('${');
  context.problems.push({
    ruleId: 'cfn-sub-policy-variable',
    severity: 'error',
    message: `Fn::Sub reads "\${${name}}" as a reference to a parameter or resource named "${name}", which the template does not have, so the stack fails. Write "\${!${name}}" for the IAM policy variable.`,
    span,
    ...(fixable ? { fixes: [{ title: `Write \${!${name}}`, edits: [{ span: { start: span.start + 2, end: span.start + 2 }, newText: '!' }], isPreferred: true }] } : {}),
  });
}

/** Whether every name a Ref, Fn::GetAtt, Fn::Sub or Fn::If may use is written in the template (namesComplete). */
function judgesNames(context: TemplateContext): boolean {
  return context.namesComplete === true && !context.serverless && !context.jinja && !context.orgFormation;
}

/**
 * Each `Fn::If` in a policy of a whole template names one of the template's `Conditions`: CloudFormation rejects a
 * template whose `Fn::If` names another ("Unresolved condition dependency X in Fn::If").
 */
export function checkIfConditions(node: CfnNode | undefined, context: TemplateContext): void {
  if (!node || !judgesNames(context)) return;
  if (node.kind === 'fn') {
    if (node.name === 'Fn::If' && node.arg?.kind === 'seq') {
      const nameNode = node.arg.items[0];
      const name = nameNode && scalarValue(nameNode);
      if (nameNode && name !== undefined && !context.conditions?.has(name))
        reportUnknownName(
          name,
          nameNode.span,
          context,
          [...(context.conditions?.keys() ?? [])],
          `Fn::If names the condition "${name}", which is not in this template's Conditions, so CloudFormation rejects it ("Unresolved condition dependency ${name} in Fn::If").`,
        );
    }
    checkIfConditions(node.arg, context);
  } else if (node.kind === 'seq') for (const item of node.items) checkIfConditions(item, context);
  else if (node.kind === 'map') for (const entry of node.entries) checkIfConditions(entry.value, context);
}

// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/pseudo-parameter-reference.html
const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

/**
 * A `Ref`, `Fn::GetAtt` or `Fn::Sub` name that is no parameter, resource or pseudo parameter of a whole template:
 * CloudFormation rejects the template ("Unresolved resource dependencies [Name] in the Resources block of the
 * template", "Fn::GetAtt references undefined resource Name").
 */
function checkReference(name: string, span: Span, context: TemplateContext, form: 'Ref' | 'Fn::GetAtt' | 'Fn::Sub'): void {
  if (!judgesNames(context)) return;
  const logicalId = form === 'Ref' || name.startsWith('AWS::') ? name : name.split('.')[0];
  const resourceOnly = form === 'Fn::GetAtt';
  if (PSEUDO_PARAMETERS.has(logicalId) || context.properties.has(logicalId) || (!resourceOnly && context.parameters.has(logicalId))) return;
  // An IAM policy variable under Fn::Sub is cfn-sub-policy-variable's.
  if (form === 'Fn::Sub' && !name.includes('::') && IAM_VARIABLE.test(name)) return;
  const names = [...(resourceOnly ? [] : context.parameters.keys()), ...context.properties.keys(), ...(resourceOnly ? [] : PSEUDO_PARAMETERS)];
  const what = resourceOnly ? 'resource' : 'parameter, resource or pseudo parameter';
  reportUnknownName(
    logicalId,
    span,
    context,
    names,
    `${form} names "${logicalId}", which is no ${what} of this template, so CloudFormation rejects it ("Unresolved resource dependencies [${logicalId}]").`,
  );
}

/**
 * Reports `name`, written within `span`, as a cfn-reference-unknown error at the name itself (once, whichever build of
 * a policy meets it), with the closest of `candidates` as fixes.
 */
function reportUnknownName(name: string, span: Span, context: TemplateContext, candidates: readonly string[], message: string): void {
  const at = context.text.slice(span.start, span.end).indexOf(name);
  const nameSpan = at >= 0 ? { start: span.start + at, end: span.start + at + name.length } : span;
  if (context.problems.some((p) => p.ruleId === 'cfn-reference-unknown' && p.span.start === nameSpan.start)) return;
  const suggestions = closestMatches(name, candidates);
  context.problems.push({
    ruleId: 'cfn-reference-unknown',
    severity: 'error',
    message: `${message}${suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : ''}`,
    span: nameSpan,
    ...(at >= 0 && suggestions.length > 0
      ? { fixes: suggestions.map((suggestion) => ({ title: `Change to ${suggestion}`, edits: [{ span: nameSpan, newText: suggestion }], isPreferred: suggestions.length === 1, hostText: true })) }
      : {}),
  });
}

// `{{resolve:ssm:…}}` anywhere in a string is resolved at deploy time; in a Jinja template, each `{{ … }}` (masked as
// `$(___))`, jinja.ts) when the template is rendered: `${name}` in the value, as Jinja policy files write it.
function withDynamicReferences(text: MappedText, context: TemplateContext): MappedText {
  if (isOrgFormationExpression(text.value, context)) return orgFormationValue(text, context);
  const jinja = context.jinja === true && text.value.includes(MASK_OPEN);
  const serverless = context.serverless !== undefined && /[$#]\{/.test(text.value);
  if (!jinja && !serverless && !text.value.includes('{{resolve:')) return text;
  const holes: { start: number; end: number; value: string; source?: string; kind?: PlaceholderKind; pieces?: ResolvedPiece[] }[] = [];
  if (serverless) {
    for (const variable of serverlessVariables(text.value)) {
      // A `${…}` Fn::Sub already read as one of its own variables stays that.
      if (text.holes.some((hole) => hole.start < variable.end && variable.start < hole.end)) continue;
      // Written `${…}` in the value, as every host writes a value known at deploy (`#{AWS::Region}` too).
      const written = `$${text.value.slice(variable.start + 1, variable.end)}`;
      // `${self:custom.bucket}` is the value the file writes there, placed where the variable is.
      const pieces = resolveVariable(written, (path) => context.serverless!.valueAt(path));
      holes.push({ ...variable, value: written, ...(pieces ? { pieces } : {}) });
    }
  }
  for (let open = text.value.indexOf('{{resolve:'); open >= 0; open = text.value.indexOf('{{resolve:', open + 2)) {
    const close = text.value.indexOf('}}', open);
    if (close < 0) break;
    holes.push({ start: open, end: close + 2, value: `\${${text.value.slice(open + 2, close)}}` });
  }
  if (jinja) {
    for (const { start, end } of maskedInterpolations(text.value)) {
      const written = interpolationSource(context.text, text.span(start, end));
      holes.push({ start, end, value: `\${${written.slice(2, -2).trim()}}`, source: written });
    }
  }
  const result = new MappedText(text.anchor);
  let i = 0;
  for (const hole of holes.sort((a, b) => a.start - b.start)) {
    if (hole.start < i) continue;
    result.append(text.slice(i, hole.start));
    const span = text.span(hole.start, hole.end);
    const source = hole.source ?? context.text.slice(span.start, span.end);
    if (hole.pieces) for (const piece of hole.pieces) 'text' in piece ? result.push(piece.text, span.start, span.end) : result.hole(piece.variable, span, piece.kind, source);
    else result.hole(hole.value, span, hole.kind ?? 'string', source);
    i = hole.end;
  }
  result.append(text.slice(i, text.value.length));
  return result;
}

// org-formation expands its functions, written as plain strings, before CloudFormation reads the template:
// `Fn::EnumTargetAccounts TargetBinding 'arn:aws:iam::${account}:role/x'` is one value per account the binding
// targets, `Fn::EnumTargetRegions` one per Region, `Fn::TargetCount` their number.
// https://github.com/org-formation/org-formation-cli/blob/master/docs/cloudformation-resources.md
const ORG_FORMATION_EXPRESSION = /^Fn::(EnumTargetAccounts|EnumTargetRegions|TargetCount)\s/;

/** Whether a scalar is an org-formation expression of an org-formation template: its value is known only at deploy time. */
export function isOrgFormationExpression(value: string, context: TemplateContext): boolean {
  return context.orgFormation === true && ORG_FORMATION_EXPRESSION.test(value);
}

function orgFormationValue(text: MappedText, context: TemplateContext): MappedText {
  const name = ORG_FORMATION_EXPRESSION.exec(text.value)![1];
  const result = new MappedText(text.anchor);
  const span = text.span(0, text.value.length);
  const kind = name === 'TargetCount' ? 'number' : /\s'arn:/.test(text.value) ? 'arn' : 'string';
  const written = context.text.slice(span.start, span.end);
  // Two expressions read alike (`${Fn::EnumTargetAccounts}`) but expand to different values: the written one tells them apart.
  result.hole(`\${Fn::${name}}`, span, kind, written, { binding: written });
  return result;
}
