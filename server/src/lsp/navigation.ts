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
  return analysis.policies.map((policy) => ({
    name: policy.name,
    detail: policyTypeNames[policy.policyType],
    kind: SymbolKind.Module,
    range: toRange(analysis.lines, policy.span),
    selectionRange: toRange(analysis.lines, policy.span),
    children: statementsOf(policy.policy),
  }));
}

export function documentLinksOf(analysis: Analysis, catalog: Catalog): DocumentLink[] {
  return analysis.policies.flatMap((policy) => docLinks(policy.policy, catalog)).map((link) => ({ range: toRange(analysis.lines, link.span), target: link.url, tooltip: link.tooltip }));
}

/** Links from a host document to the files holding the policies it uses (Terraform's `file("policy.json")`). */
export function hostFileLinksOf(analysis: Analysis): DocumentLink[] {
  return (analysis.links ?? []).map((link) => ({ range: toRange(analysis.lines, link.span), target: link.target, tooltip: link.tooltip }));
}
