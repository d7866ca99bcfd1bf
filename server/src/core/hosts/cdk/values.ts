import type { Node } from '@babel/types';
import type { JsonNode, Placeholder, PlaceholderResource } from '../../policy/model';
import type { HostJsonNode } from '../../policy/parse-policy';
import { arrayNode, objectNode, propertyNode, scalarNode, stringNode } from '../terraform/nodes';
import type { TemplateText } from '../terraform/template';
import { pseudoKinds } from '../cloudformation/intrinsics';
import { memberName, propertyKey, resolved, sourceOf, spanOf, unwrapExpression, type CdkSource } from './syntax';

/**
 * TypeScript values as a policy's JSON nodes, with offsets in the source file: a string literal or a template
 * literal is a string whose `${…}` are placeholders, a name bound by `const` in the file is read where it is bound,
 * and any other expression (`bucket.bucketArn`, `Stack.of(this).account`, a call) is one placeholder, known only when
 * the app is synthesized.
 */
export function stringOf(source: CdkSource, expression: Node): JsonNode {
  const node = resolved(source, expression);
  const literal = literalTextOf(source, node);
  if (literal) return stringNode(spanOf(node.type === 'TaggedTemplateExpression' ? node.quasi : node), literal);
  if (node.type === 'NumericLiteral') return stringNode(spanOf(node), literalText(String(node.value), node.start!, node.end!));
  return placeholderNode(source, unwrapExpression(expression));
}

/**
 * The text of a string the code writes: a string literal, a template literal (its `${…}` placeholders) or Pulumi's
 * pulumi.interpolate`arn:aws:s3:::${bucket.id}/*` (SST's `$interpolate`), whose holes are resolved at deploy.
 * Undefined for anything else.
 */
export function literalTextOf(source: CdkSource, node: Node): TemplateText | undefined {
  if (node.type === 'StringLiteral') {
    // A value a language's reader knows though no literal writes it (Pulumi Go's `iam.PolicyStatementEffectALLOW`):
    // every character sits at the name that stands for it.
    if ((node as Node & { implied?: true }).implied) return { value: node.value, offsets: [...Array.from({ length: node.value.length }, () => node.start!), node.end!], placeholders: [] };
    return stringLiteralText(source.text, node.start!, node.end!);
  }
  if (node.type === 'TemplateLiteral') return templateLiteralText(source, node);
  if (node.type === 'TaggedTemplateExpression' && INTERPOLATE_TAGS.has(memberName(node.tag) ?? '')) return templateLiteralText(source, node.quasi);
  if (isFnSub(node)) {
    const template = resolved(source, node.arguments[0] as Node);
    const text = template.type === 'StringLiteral' || (template.type === 'TemplateLiteral' && template.expressions.length === 0) ? literalTextOf(source, template) : undefined;
    return text && substituted(text);
  }
  return undefined;
}

/** `Fn.sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root')`, CDK's Fn::Sub (`cdk.Fn.sub`, Python's and Java's `Fn.sub`, C#'s `Fn.Sub`). */
function isFnSub(node: Node): node is Node & { type: 'CallExpression'; arguments: Node[] } {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.arguments.length === 0) return false;
  const name = memberName(node.callee);
  return (name === 'sub' || name === 'Sub') && memberName(node.callee.object) === 'Fn';
}

/**
 * A Fn::Sub template's text as CloudFormation renders it: each `${Name}` a value known at deploy (`${AWS::AccountId}`
 * an account, `${Queue.Arn}` an ARN), `${!Text}` the literal `${Text}` (an IAM policy variable).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-sub.html
 */
function substituted(template: TemplateText): TemplateText {
  const { value: text, offsets: from } = template;
  let value = '';
  const offsets: number[] = [];
  const placeholders: Placeholder[] = [];
  const copy = (start: number, end: number) => {
    value += text.slice(start, end);
    offsets.push(...from.slice(start, end));
  };
  let at = 0;
  for (let open = text.indexOf('${'); open >= 0; open = text.indexOf('${', at)) {
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    copy(at, open);
    if (text[open + 2] === '!') {
      copy(open, open + 2);
      copy(open + 3, close + 1);
    } else {
      const name = text.slice(open + 2, close);
      const start = value.length;
      copy(open, close + 1);
      placeholders.push({
        start,
        end: value.length,
        kind: (Object.hasOwn(pseudoKinds, name) ? pseudoKinds[name] : undefined) ?? (/\.Arn$/.test(name) ? 'arn' : 'string'),
        source: text.slice(open, close + 1),
      });
    }
    at = close + 1;
  }
  copy(at, text.length);
  offsets.push(from[from.length - 1]);
  return { value, offsets, placeholders };
}

/** Pulumi's `pulumi.interpolate` and SST's global `$interpolate`. */
const INTERPOLATE_TAGS = new Set(['interpolate', '$interpolate']);

/** One placeholder for an expression whose value only synthesis knows. */
export function placeholderNode(source: CdkSource, expression: Node): JsonNode {
  const text = sourceOf(source, expression);
  const offsets = Array.from({ length: text.length + 1 }, (_, i) => expression.start! + i);
  return stringNode(spanOf(expression), { value: text, offsets, placeholders: [typedHole({ start: 0, end: text.length, kind: placeholderKind(text), source: text }, text)] });
}

/**
 * A list of strings: an array literal item by item (`...X` of a const array spliced in, both branches of `c ? a : b`
 * read), or one placeholder for a list only synthesis knows (`props.actions`, `ACTIONS.map(…)`).
 */
export function listOf(source: CdkSource, expression: Node): JsonNode {
  const node = resolved(source, expression);
  if (node.type !== 'ArrayExpression') {
    if (node.type === 'StringLiteral' || node.type === 'TemplateLiteral') return stringOf(source, node);
    return arrayNode(spanOf(expression), [placeholderNode(source, unwrapExpression(expression))]);
  }
  return arrayNode(spanOf(node), itemsOf(source, node, 0));
}

function itemsOf(source: CdkSource, array: Node, depth: number): JsonNode[] {
  if (array.type !== 'ArrayExpression') return [];
  const items: JsonNode[] = [];
  for (const element of array.elements) {
    if (!element) continue;
    if (element.type === 'SpreadElement') {
      const spread = resolved(source, element.argument);
      if (spread.type === 'ArrayExpression' && depth < 4) items.push(...itemsOf(source, spread, depth + 1));
      else items.push(placeholderNode(source, element.argument));
      continue;
    }
    const value = resolved(source, element);
    // `process.env.ROLE_ARN ?? '*'`, `props.bucketArn || '*'`: the value or its fallback, each read as written.
    const fallback = value.type === 'LogicalExpression' && (value.operator === '??' || value.operator === '||') ? [value.left, value.right] : undefined;
    if (value.type === 'ConditionalExpression' || fallback) {
      // `isProd ? 's3:DeleteObject' : 's3:GetObject'`: the list holds one of them, so both are read as written, each
      // marked with its branch so that no rule compares the two as if both were in the list.
      const choice = {};
      const branches = fallback ?? (value.type === 'ConditionalExpression' ? [value.consequent, value.alternate] : []);
      branches.forEach((branch, index) => {
        const branchValue = resolved(source, branch);
        const written = branchValue.type === 'ArrayExpression' ? itemsOf(source, branchValue, depth + 1) : [stringOf(source, branch)];
        for (const item of written) {
          const host = item as HostJsonNode;
          host.branches = [...(host.branches ?? []), { choice, branch: index }];
        }
        items.push(...written);
      });
      continue;
    }
    items.push(stringOf(source, element));
  }
  return items;
}

/**
 * A value written in the JSON shape of a policy (`PolicyDocument.fromJson({ Version, Statement })`, an L1
 * construct's `policyDocument: { … }`, `conditions: { StringEquals: { … } }`): objects by their keys, arrays item by
 * item, strings, numbers and booleans. A spread or computed member is noted on its object as one the app writes
 * (`unreadMembers`), so no rule says an element is missing.
 */
export function jsonShapedOf(source: CdkSource, expression: Node, depth = 0): JsonNode {
  const node = resolved(source, expression);
  switch (node.type) {
    case 'ObjectExpression': {
      // A CloudFormation intrinsic the code writes into a template it builds (`{ Ref: 'workspaceID' }`,
      // `{ 'Fn::GetAtt': […] }`, CfnJson's values): a value known at deploy.
      if (node.properties.length === 1 && /^(?:Ref|Fn::\w+)$/.test(propertyKey(node.properties[0]!) ?? '')) return placeholderNode(source, node);
      const properties: JsonNode[] = [];
      const unread: string[] = [];
      for (const member of node.properties) {
        const key = propertyKey(member) ?? computedKey(source, member);
        if (member.type !== 'ObjectProperty' || key === undefined || depth > 16) {
          unread.push(sourceOf(source, member));
          continue;
        }
        properties.push(propertyNode(spanOf(member), key, spanOf(member.key), jsonShapedOf(source, member.value, depth + 1)));
      }
      const object = objectNode(spanOf(node), properties);
      if (unread.length > 0) (object as HostJsonNode).unreadMembers = unread;
      return object;
    }
    case 'ArrayExpression': {
      const items: JsonNode[] = [];
      for (const element of node.elements) {
        if (!element) continue;
        if (element.type === 'SpreadElement') {
          const spread = resolved(source, element.argument);
          if (spread.type === 'ArrayExpression' && depth < 16) items.push(...(jsonShapedOf(source, spread, depth + 1).children ?? []));
          else items.push(placeholderNode(source, element.argument));
        } else items.push(jsonShapedOf(source, element, depth + 1));
      }
      return arrayNode(spanOf(node), items);
    }
    case 'BooleanLiteral':
      return scalarNode('boolean', spanOf(node), node.value);
    case 'NumericLiteral':
      return scalarNode('number', spanOf(node), node.value);
    case 'NullLiteral':
      return scalarNode('null', spanOf(node), null);
    default:
      return stringOf(source, expression);
  }
}

/**
 * The key of a member written as an expression (`[\`aws:ResourceTag/\${TAG}\`]`, Java's `Map.of("s3:ExistingObjectTag/"
 * + TAG, …)`), as a template's interpolated key is read: a string node whose placeholders are the parts the app
 * computes, or one placeholder of the whole expression.
 */
function computedKey(source: CdkSource, member: Node): JsonNode | undefined {
  return member.type === 'ObjectProperty' && member.computed ? stringOf(source, member.key) : undefined;
}

/**
 * What a placeholder stands for, from the last name in its expression (in TypeScript, Python, Java or Go): `Stack.of(this).account` and
 * `Aws.ACCOUNT_ID` an account, `.region` a Region, `.partition` a partition, `bucket.bucketArn` and
 * `bucket.arnForObjects('*')` an ARN.
 */
function placeholderKind(text: string): Placeholder['kind'] {
  const last = lastNameOf(text);
  // Go's `stack.Account()` and `awscdk.Aws_ACCOUNT_ID()` too.
  if (/^(?:account|accountId|account_id|Account|AccountId)$|ACCOUNT_ID$/.test(last)) return 'account';
  if (/^(?:region|Region)$|REGION$/.test(last)) return 'region';
  if (/^(?:partition|Partition)$|PARTITION$/.test(last)) return 'partition';
  // `bucket_arn`, `arn_for_objects('*')`: Python's names for the same.
  // Pulumi's resources: `bucket.arn`.
  if (/(?:Arn|ARN|_arn)$/.test(last) || last === 'arn' || /^(?:arnFor|formatArn|arn_for|format_arn)/.test(last)) return 'arn';
  return 'string';
}

/**
 * The ARN attributes of CDK's constructs whose resource type is plain from the name, in every language's spelling
 * (`bucket.bucketArn`, `bucket_arn`, `getBucketArn()`, `BucketArn`): with it, `resources: [bucket.bucketArn]` under
 * `s3:GetObject` is a bucket where an object is needed, and `${bucket.bucketArn}/*` names objects, as a Terraform
 * reference's attribute does (terraform/resource-attributes.ts). Names several services share (`repositoryArn`,
 * `clusterArn`) and ARNs with a suffix of their own (a log group's `:*`) are left out.
 */
const cdkArnAttributes: Record<string, Pick<PlaceholderResource, 'service' | 'type'>> = {
  bucketarn: { service: 's3', type: 'bucket' },
  queuearn: { service: 'sqs', type: 'queue' },
  topicarn: { service: 'sns', type: 'topic' },
  rolearn: { service: 'iam', type: 'role' },
  functionarn: { service: 'lambda', type: 'function' },
  tablearn: { service: 'dynamodb', type: 'table' },
  keyarn: { service: 'kms', type: 'key' },
  deliverystreamarn: { service: 'firehose', type: 'deliverystream' },
  statemachinearn: { service: 'states', type: 'statemachine' },
  secretarn: { service: 'secretsmanager', type: 'Secret' },
  eventbusarn: { service: 'events', type: 'event-bus' },
  userpoolarn: { service: 'cognito-idp', type: 'userpool' },
  parameterarn: { service: 'ssm', type: 'parameter' },
  filesystemarn: { service: 'elasticfilesystem', type: 'file-system' },
};

/** The hole, with the resource its expression's last name is the ARN of, when cdkArnAttributes knows that name. */
function typedHole(hole: Placeholder, expression: string): Placeholder {
  if (hole.kind !== 'arn') return hole;
  const name = lastNameOf(expression).replace(/_/g, '').toLowerCase();
  const resource = Object.hasOwn(cdkArnAttributes, name) ? cdkArnAttributes[name] : undefined;
  return resource ? { ...hole, resource: { ...resource, part: 'arn' } } : hole;
}

/** The last name an expression ends with, called or not (`bucket.bucketArn`, `arnForObjects('*')`), a Java getter's without `get`. */
function lastNameOf(expression: string): string {
  const written = /([A-Za-z_$][\w$]*)\s*(?:\([^()]*\))?\s*[!]?\s*$/.exec(expression)?.[1] ?? '';
  // Java's getters: `getAccount()`, `bucket.getBucketArn()`.
  return /^get[A-Z]/.test(written) ? written[3].toLowerCase() + written.slice(4) : written;
}

/** A string literal's value with the offset each character came from (escapes take several). */
function stringLiteralText(text: string, start: number, end: number): TemplateText {
  // Go's raw string (`{ "Version": … }` in backquotes), the one string literal that opens with one: no escapes, and
  // its carriage returns dropped.
  if (text[start] === '`') return rawText(text, start + 1, end - 1);
  // C#'s verbatim string (`@"…"`: no escapes, a doubled quote is one) and raw string (`"""…"""`, as written).
  if (text[start] === '@' && text[start + 1] === '"') return { ...withoutDoubled(rawText(text, start + 2, end - 1), '"'), placeholders: [] };
  if (text.startsWith('"""', start)) {
    const quotes = /^"+/.exec(text.slice(start, end))![0].length;
    return rawText(text, start + quotes, end - quotes);
  }
  const result = readEscaped(text, start + 1, end - 1);
  return { value: result.value, offsets: result.offsets, placeholders: [] };
}

function rawText(text: string, from: number, to: number): TemplateText {
  let value = '';
  const offsets: number[] = [];
  for (let position = from; position < to; position++) {
    if (text[position] === '\r') continue;
    value += text[position];
    offsets.push(position);
  }
  offsets.push(to);
  return { value, offsets, placeholders: [] };
}

function literalText(value: string, start: number, end: number): TemplateText {
  const offsets = Array.from({ length: value.length }, (_, i) => Math.min(start + i, end - 1));
  offsets.push(end);
  return { value, offsets, placeholders: [] };
}

/** A template literal's text, each `${…}` kept as written and marked as a placeholder. */
function templateLiteralText(source: CdkSource, node: Node): TemplateText {
  if (node.type !== 'TemplateLiteral') return { value: '', offsets: [node.start!], placeholders: [] };
  let value = '';
  const offsets: number[] = [];
  const placeholders: Placeholder[] = [];
  node.quasis.forEach((quasi, index) => {
    const literal = quasiText(source, quasi);
    value += literal.value;
    offsets.push(...literal.offsets.slice(0, -1));
    const expression = node.expressions[index];
    if (!expression) return;
    // The hole as written, `${` and `}` included; one a formatter broke over lines reads as one line in messages.
    const holeStart = quasi.end!;
    const holeEnd = node.quasis[index + 1]?.start ?? expression.end! + 1;
    const written = source.text.slice(holeStart, holeEnd);
    // A Python f-string's `{…}` is written `${…}` in the value, as every host's placeholders are, and so is an operand
    // of a Java or Go concatenation or an argument of `String.format` or `fmt.Sprintf`: the ARN rules read that as any
    // text of one field.
    const spelled = source.language === 'python' && written.startsWith('{') ? `$${written}` : source.language !== undefined ? `\${${sourceOf(source, expression)}}` : written;
    const hole = /\s/.test(spelled)
      ? spelled
          .replace(/\s+/g, ' ')
          .replace(/^\$\{ /, '${')
          .replace(/ \}$/, '}')
      : spelled;
    placeholders.push(typedHole({ start: value.length, end: value.length + hole.length, kind: placeholderKind(sourceOf(source, expression)), source: hole }, sourceOf(source, expression)));
    // Character by character where the hole is as written; else its whole span, from its first character to its last.
    for (let i = 0; i < hole.length; i++) offsets.push(hole === written ? holeStart + i : i === hole.length - 1 ? holeEnd - 1 : holeStart);
    value += hole;
  });
  offsets.push(node.end! - 1);
  return { value, offsets, placeholders };
}

/**
 * A template literal's text between holes: as written, but an f-string's doubled braces are one, a Java
 * concatenation's text is that of its adjacent string literals (`ranges`), and a Java format's `%%` is one `%` (a C#
 * format's or interpolated string's `{{` one `{`).
 */
function quasiText(source: CdkSource, quasi: Node & { ranges?: TextRange[]; doubled?: string; raw?: boolean }): { value: string; offsets: number[] } {
  if (quasi.ranges && (quasi.ranges.length !== 1 || quasi.ranges[0].verbatim)) {
    const parts = quasi.ranges.map((range) => (range.verbatim ? withoutDoubled(rawText(source.text, range.start, range.end), '"') : readRange(source.text, range.start, range.end, range.raw)));
    const value = parts.map((part) => part.value).join('');
    const offsets = parts.flatMap((part) => part.offsets.slice(0, -1));
    offsets.push(parts.length > 0 ? parts[parts.length - 1].offsets[parts[parts.length - 1].offsets.length - 1] : quasi.end!);
    return { value, offsets };
  }
  const read = readRange(source.text, quasi.start!, quasi.end!, quasi.raw || quasi.ranges?.[0]?.raw);
  if (quasi.doubled) return withoutDoubled(read, quasi.doubled);
  if (source.language === 'python') return withoutDoubledBraces(read);
  return read;
}

/** One string literal of a concatenation: a Go raw string's `raw`, a C# verbatim string's `verbatim` (see shaped-tree.ts). */
interface TextRange {
  start: number;
  end: number;
  raw?: boolean;
  verbatim?: boolean;
}

/** A string's text between `from` and `to`: its escapes read, or as it is in a Go raw string. */
function readRange(text: string, from: number, to: number, raw: boolean | undefined): { value: string; offsets: number[] } {
  return raw ? rawText(text, from, to) : readEscaped(text, from, to);
}

/** An f-string's `{{` and `}}`, which stand for one brace each (`${{aws:username}}` is `${aws:username}`). */
function withoutDoubledBraces(literal: { value: string; offsets: number[] }): { value: string; offsets: number[] } {
  return withoutDoubled(literal, '{}');
}

/** The text with each doubled character of `chars` read as one. */
function withoutDoubled(literal: { value: string; offsets: number[] }, chars: string): { value: string; offsets: number[] } {
  let value = '';
  const offsets: number[] = [];
  for (let i = 0; i < literal.value.length; i++) {
    const char = literal.value[i];
    value += char;
    offsets.push(literal.offsets[i]);
    if (chars.includes(char) && literal.value[i + 1] === char) i++;
  }
  offsets.push(literal.offsets[literal.offsets.length - 1]);
  return { value, offsets };
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The text between `from` and `to` with JavaScript's escapes resolved, and the offset of each character. */
function readEscaped(text: string, from: number, to: number): { value: string; offsets: number[] } {
  let value = '';
  const offsets: number[] = [];
  let position = from;
  while (position < to) {
    const char = text[position];
    if (char !== '\\' || position + 1 >= to) {
      value += char;
      offsets.push(position);
      position++;
      continue;
    }
    const next = text[position + 1];
    let decoded: string;
    let length = 2;
    // A hex escape whose digits are not (damaged text, a Python or Java string that reads them otherwise) is its
    // letter, as an unknown escape is.
    const hex = (digits: string) => (/^[0-9a-fA-F]+$/.test(digits) && parseInt(digits, 16) <= 0x10ffff ? parseInt(digits, 16) : undefined);
    const close = next === 'u' && text[position + 2] === '{' ? text.indexOf('}', position) : -1;
    const braced = close > position && close < to ? hex(text.slice(position + 3, close)) : undefined;
    const digits = next === 'x' ? 2 : next === 'u' ? 4 : 0;
    const short = digits > 0 && position + 2 + digits <= to ? hex(text.slice(position + 2, position + 2 + digits)) : undefined;
    if (next in SIMPLE_ESCAPES) decoded = SIMPLE_ESCAPES[next];
    else if (braced !== undefined) {
      decoded = String.fromCodePoint(braced);
      length = close + 1 - position;
    } else if (short !== undefined) {
      decoded = String.fromCharCode(short);
      length = 2 + digits;
    } else if (next === '\n' || next === '\r') {
      // A line continuation adds nothing to the value.
      decoded = '';
      length = next === '\r' && text[position + 2] === '\n' ? 3 : 2;
    } else decoded = next;
    for (let i = 0; i < decoded.length; i++) offsets.push(position);
    value += decoded;
    position += length;
  }
  offsets.push(to);
  return { value, offsets };
}
