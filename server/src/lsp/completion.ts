import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { Catalog } from '../core/catalog/catalog';
import { completionsAt, type Completion, type CompletionKind } from '../core/completion/completion';
import { policyAt } from '../core/analyze';
import { completionHostOf } from '../core/hosts/completion-host';
import { completionAnchor } from '../core/completion/model-context';
import type { Analysis } from './documents';
import { toRange } from './convert';

const kinds: Record<CompletionKind, CompletionItemKind> = {
  element: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  service: CompletionItemKind.Module,
  action: CompletionItemKind.Function,
  actionGroup: CompletionItemKind.Folder,
  resource: CompletionItemKind.Reference,
  principal: CompletionItemKind.Constant,
  operator: CompletionItemKind.Operator,
  conditionKey: CompletionItemKind.Variable,
  variable: CompletionItemKind.Variable,
};

export function completionListAt(analysis: Analysis, offset: number, catalog: Catalog): CompletionList {
  const at = policyAt(analysis, offset) ?? policyAt(analysis, completionAnchor(analysis.text, offset));
  if (!at) return { isIncomplete: false, items: [] };
  const host = completionHostOf(at, analysis.kind, analysis.text);
  const items = completionsAt({ policy: at.policy, offset, catalog, policyType: at.policyType, ...(host ? { host } : {}) }).map((c) => toItem(analysis, c));
  return { isIncomplete: false, items };
}

function toItem(analysis: Analysis, completion: Completion): CompletionItem {
  return {
    label: completion.label,
    kind: kinds[completion.kind],
    ...(completion.detail ? { labelDetails: { description: completion.detail }, detail: completion.detail } : {}),
    ...(completion.documentation ? { documentation: { kind: 'markdown', value: completion.documentation } } : {}),
    textEdit: { range: toRange(analysis.lines, completion.span), newText: completion.insertText },
    insertTextFormat: completion.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    ...(completion.filterText ? { filterText: completion.filterText } : {}),
    ...(completion.sortText ? { sortText: completion.sortText } : {}),
    ...(completion.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
  };
}
