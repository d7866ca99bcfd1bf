import { SymbolKind, type DocumentLink, type DocumentSymbol, type Hover } from 'vscode-languageserver';
import type { Catalog } from '../core/catalog/catalog';
import { hoverAt } from '../core/hover/hover';
import { docLinks, statementSymbols } from '../core/navigation/outline';
import type { PolicyDocument } from '../core/policy/model';
import { policyTypeNames } from '../core/policy/policy-type';
import { policyAt } from '../core/analyze';
import type { Analysis } from './documents';
import { toRange } from './convert';

export function hoverOf(analysis: Analysis, offset: number, catalog: Catalog): Hover | null {
  const at = policyAt(analysis, offset);
  if (!at) return null;
  const hover = hoverAt(at.policy, offset, catalog);
  return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: toRange(analysis.lines, hover.span) } : null;
}

/** The statements of a plain policy file; in a host document, each policy with its statements inside. */
export function documentSymbolsOf(analysis: Analysis): DocumentSymbol[] {
  const statementsOf = (policy: PolicyDocument): DocumentSymbol[] =>
    statementSymbols(policy).map((symbol) => ({
      name: symbol.name,
      detail: symbol.detail,
      kind: SymbolKind.Object,
      range: toRange(analysis.lines, symbol.span),
      selectionRange: toRange(analysis.lines, symbol.selectionSpan),
    }));
  if (analysis.kind === 'policy') return analysis.policies.flatMap((policy) => statementsOf(policy.policy));
  // A host document: one entry per resource (a template's logical id, a Terraform address), its policies inside, and
  // their statements inside those. The second build of a policy for the other branch of `Fn::If` is not listed twice.
  const symbols: DocumentSymbol[] = [];
  const resources = new Map<string, DocumentSymbol>();
  for (const policy of analysis.policies) {
    if (policy.variantOf !== undefined) continue;
    const range = toRange(analysis.lines, policy.span);
    const symbol: DocumentSymbol = {
      name: policyNameIn(policy),
      detail: policyTypeNames[policy.policyType],
      kind: SymbolKind.Module,
      range,
      selectionRange: range,
      children: statementsOf(policy.policy),
    };
    if (policy.owner === undefined) {
      symbols.push({ ...symbol, name: policy.name });
      continue;
    }
    let resource = resources.get(policy.owner);
    if (!resource) {
      resource = { name: policy.owner, kind: SymbolKind.Class, range, selectionRange: range, children: [] };
      resources.set(policy.owner, resource);
      symbols.push(resource);
    }
    resource.children!.push(symbol);
    resource.range = { start: earlier(resource.range.start, range.start), end: later(resource.range.end, range.end) };
    resource.selectionRange = { start: resource.range.start, end: resource.range.start };
  }
  for (const resource of resources.values()) resource.detail = `${resource.children!.length} ${resource.children!.length === 1 ? 'policy' : 'policies'}`;
  return symbols;
}

/** A policy's name under its resource: `Policies[0] › PolicyDocument` under `Worker`, `policy` under `aws_iam_policy.read`. */
function policyNameIn(policy: { name: string; owner?: string; policyType: keyof typeof policyTypeNames }): string {
  const { name, owner } = policy;
  if (owner === undefined || name === owner) return policyTypeNames[policy.policyType];
  if (name.startsWith(`${owner} › `)) return name.slice(owner.length + 3);
  if (name.startsWith(`${owner}.`)) return name.slice(owner.length + 1);
  return name;
}

type Position = { line: number; character: number };
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
const earlier = (a: Position, b: Position) => (before(b, a) ? b : a);
const later = (a: Position, b: Position) => (before(a, b) ? b : a);

export function documentLinksOf(analysis: Analysis, catalog: Catalog): DocumentLink[] {
  return analysis.policies.flatMap((policy) => docLinks(policy.policy, catalog)).map((link) => ({ range: toRange(analysis.lines, link.span), target: link.url, tooltip: link.tooltip }));
}

/** Links from a host document to the files holding the policies it uses (Terraform's `file("policy.json")`). */
export function hostFileLinksOf(analysis: Analysis): DocumentLink[] {
  return (analysis.links ?? []).map((link) => ({ range: toRange(analysis.lines, link.span), target: link.target, tooltip: link.tooltip }));
}
