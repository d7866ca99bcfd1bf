import { SymbolKind, type DocumentLink, type DocumentSymbol, type Hover } from 'vscode-languageserver';
import type { Catalog } from '../core/catalog/catalog';
import { hoverAt } from '../core/hover/hover';
import { docLinks, statementSymbols } from '../core/navigation/outline';
import type { Analysis } from './documents';
import { toRange } from './convert';

export function hoverOf(analysis: Analysis, offset: number, catalog: Catalog): Hover | null {
  if (!analysis.lint) return null;
  const hover = hoverAt(analysis.lint.policy, offset, catalog);
  return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: toRange(analysis.lines, hover.span) } : null;
}

export function documentSymbolsOf(analysis: Analysis): DocumentSymbol[] {
  if (!analysis.lint) return [];
  return statementSymbols(analysis.lint.policy).map((symbol) => ({
    name: symbol.name,
    detail: symbol.detail,
    kind: SymbolKind.Object,
    range: toRange(analysis.lines, symbol.span),
    selectionRange: toRange(analysis.lines, symbol.selectionSpan),
  }));
}

export function documentLinksOf(analysis: Analysis, catalog: Catalog): DocumentLink[] {
  if (!analysis.lint) return [];
  return docLinks(analysis.lint.policy, catalog).map((link) => ({ range: toRange(analysis.lines, link.span), target: link.url, tooltip: link.tooltip }));
}
