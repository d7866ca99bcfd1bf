import type { HclNode as SyntaxNode } from './syntax';
import type { Problem } from '../../checks/check';
import type { JsonNode } from '../../policy/model';
import type { HostJsonNode } from '../../policy/parse-policy';
import type { Span } from '../../text/span';
import { functionArguments, functionName, spanOfSyntax, unwrap } from './hcl';
import { traversalOf } from './template';
import type { EmbeddedPolicy } from '../host';
import { objectNode, policyFromNodes, propertyNode } from './nodes';

/**
 * `source_policy_documents`, `override_policy_documents` and the deprecated `source_json` / `override_json` of
 * `data "aws_iam_policy_document"`, merged as the AWS provider merges them (terraform-provider-aws,
 * internal/service/iam/policy_document_data_source.go, `dataSourcePolicyDocumentRead` and `IAMPolicyDoc.Merge`):
 * `source_json`, then each source document in list order, then the block's own statements, then each override
 * document in list order, then `override_json`. Each merge appends a statement without a Sid and replaces the
 * first statement with the same Sid in place. Source documents must not repeat a Sid (the provider fails).
 */

/** The attributes that merge other documents in, in the order the provider applies them. */
export const MERGE_ATTRIBUTES = ['source_json', 'source_policy_documents', 'override_policy_documents', 'override_json'] as const;
export type MergeAttribute = (typeof MERGE_ATTRIBUTES)[number];

/** One document given to a merge attribute: a data source of this file by address, or undefined when not known here. */
export interface MergedPart {
  attribute: MergeAttribute;
  /** Position in the attribute's list (0 for the single-document attributes). */
  item: number;
  address: string | undefined;
  span: Span;
  /** `flag ? data.aws_iam_policy_document.x.json : ""` in a compact() list: the document may be left out. */
  optional?: boolean;
}

/** The documents a data source's merge attributes name, in the provider's order; empty when it has none. */
export function mergedParts(attributes: Map<string, { value: SyntaxNode | undefined }>): MergedPart[] {
  const parts: MergedPart[] = [];
  for (const attribute of MERGE_ATTRIBUTES) {
    const value = attributes.get(attribute)?.value;
    if (!value) continue;
    const single = attribute === 'source_json' || attribute === 'override_json';
    const expressions = single ? [value] : listElements(value);
    if (!expressions) {
      // A list only known at apply time (`var.documents`, a conditional): some documents are unknown.
      parts.push({ attribute, item: 0, address: undefined, span: spanOfSyntax(value) });
      continue;
    }
    expressions.forEach((expression, item) => {
      const optional = optionalDocument(expression);
      parts.push({ attribute, item, address: documentAddress(optional ?? expression), span: spanOfSyntax(expression), ...(optional ? { optional: true } : {}) });
    });
  }
  return parts;
}

// The elements of a tuple, also through concat()/compact()/flatten(); undefined when the list itself is unknown.
function listElements(expression: SyntaxNode): SyntaxNode[] | undefined {
  const node = unwrap(expression);
  if (node.type === 'tuple') return node.namedChildren.filter((child) => child.type === 'expression');
  const name = functionName(node);
  if (name === 'concat' || name === 'compact' || name === 'flatten' || name === 'tolist') {
    const result: SyntaxNode[] = [];
    for (const argument of functionArguments(node)) {
      const inner = listElements(argument);
      if (!inner) return undefined;
      result.push(...inner);
    }
    return result;
  }
  return undefined;
}

/** The document of `flag ? document : ""` (or `: null`, either way round), the idiom of optional source documents. */
function optionalDocument(expression: SyntaxNode): SyntaxNode | undefined {
  const node = unwrap(expression);
  if (node.type !== 'conditional') return undefined;
  const [, first, second] = node.namedChildren.filter((child) => child.type === 'expression');
  if (!first || !second) return undefined;
  const empty = (branch: SyntaxNode) => {
    const inner = unwrap(branch);
    return inner.type === 'null_lit' || ((inner.type === 'string_lit' || inner.type === 'quoted_template') && inner.namedChildren.every((child) => child.type !== 'template_literal'));
  };
  if (empty(second)) return first;
  if (empty(first)) return second;
  return undefined;
}

/** `data.aws_iam_policy_document.x.json` (or `.minified_json`, indexed or not) as `data.aws_iam_policy_document.x`. */
export function documentAddress(expression: SyntaxNode): string | undefined {
  const node = unwrap(expression);
  const names = node.type === 'expression' ? traversalOf(node) : undefined;
  if (!names || names[0] !== 'data' || names[1] !== 'aws_iam_policy_document' || names.length < 4) return undefined;
  if (names[3] !== 'json' && names[3] !== 'minified_json') return undefined;
  return `data.aws_iam_policy_document.${names[2]}`;
}

/** A document as the merge sees it: its statement nodes, and whether all of them are known. */
export interface MergeInput {
  statements: JsonNode[];
  complete: boolean;
}

/**
 * The statements of the merged document, each node where it is written (in this block or in the data source
 * it comes from), and the provider's failure for a Sid repeated across source documents, at the list element.
 * `lookup` answers a data source of this file by address, undefined when it is not one.
 */
export function mergeStatements(
  own: JsonNode[],
  parts: readonly MergedPart[],
  lookup: (address: string) => MergeInput | undefined,
): { statements: JsonNode[]; complete: boolean; problems: Problem[] } {
  const merged: JsonNode[] = [];
  const problems: Problem[] = [];
  let complete = true;
  const merge = (statements: readonly JsonNode[]) => {
    for (const statement of statements) {
      const sid = sidOf(statement);
      const at = sid ? merged.findIndex((existing) => sidOf(existing) === sid) : -1;
      if (at >= 0) merged[at] = statement;
      else merged.push(statement);
    }
  };
  const inputOf = (part: MergedPart): MergeInput | undefined => {
    const input = part.address === undefined ? undefined : lookup(part.address);
    if (!input?.complete) complete = false;
    return input;
  };
  // source_json first, then the source documents, whose Sids must be unique across all of them.
  const sourceSids = new Set<string>();
  for (const part of parts.filter((p) => p.attribute === 'source_json')) {
    const input = inputOf(part);
    if (!input) continue;
    for (const statement of input.statements) if (sidOf(statement)) sourceSids.add(sidOf(statement)!);
    merge(input.statements);
  }
  for (const part of parts.filter((p) => p.attribute === 'source_policy_documents')) {
    const input = inputOf(part);
    if (!input) continue;
    input.statements.forEach((statement, index) => {
      const sid = sidOf(statement);
      if (!sid) return;
      // Two documents that may each be left out fail only when both are given: not an error we can tell.
      if (sourceSids.has(sid) && !part.optional) {
        problems.push({
          ruleId: 'sid-duplicate',
          severity: 'error',
          message: `Sid "${sid}" is repeated in source_policy_documents (item ${part.item}; statement ${index}): the AWS provider fails to read this data source. Remove the Sid or make the Sids unique.`,
          span: part.span,
        });
      }
      sourceSids.add(sid);
    });
    merge(input.statements);
  }
  merge(own);
  for (const part of parts.filter((p) => p.attribute === 'override_policy_documents' || p.attribute === 'override_json')) {
    const input = inputOf(part);
    if (input) merge(input.statements);
  }
  return { statements: merged, complete, problems };
}

/** A statement node's Sid when it is a known, non-empty string. */
function sidOf(statement: JsonNode): string | undefined {
  for (const property of statement.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key?.value !== 'Sid') continue;
    // A Sid known only at apply time (`sid = var.x`) is not matched against others.
    if (value?.type !== 'string' || typeof value.value !== 'string' || value.value === '' || (value as HostJsonNode).placeholders?.length) return undefined;
    return value.value;
  }
  return undefined;
}

/**
 * The policy of a data source with source or override documents: its own `root` (Version, Id) with the merged
 * statements. The statements stay children of the trees they were read in (their parent is not reassigned), so a
 * finding in a merged statement sits where the statement is written.
 */
export function mergedPolicy(text: string, root: JsonNode, statements: JsonNode[], span: Span, address: string): EmbeddedPolicy {
  const own = root.children ?? [];
  const ownStatement = own.find((child) => child.children?.[0]?.value === 'Statement');
  const nameKey = own[0]?.children?.[0];
  const statementSpan = ownStatement ? { start: ownStatement.offset, end: ownStatement.offset + ownStatement.length } : span;
  const keyNode = ownStatement?.children?.[0] ?? nameKey;
  const keySpan = keyNode ? { start: keyNode.offset, end: keyNode.offset + keyNode.length } : span;
  const array = { type: 'array', offset: statementSpan.start, length: statementSpan.end - statementSpan.start, children: statements } as JsonNode;
  const statementProperty = propertyNode(statementSpan, 'Statement', keySpan, array);
  const merged = objectNode(span, [...own.filter((child) => child !== ownStatement), statementProperty]);
  const policy = policyFromNodes(text, merged, [], { kind: 'policy-document' });
  return { policy, span, name: address, owner: address };
}
