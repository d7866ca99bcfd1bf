import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { Catalog } from '../core/catalog/catalog';
import { completionsAt, type Completion, type CompletionKind } from '../core/completion/completion';
import { policyAt } from '../core/analyze';
import { completionHostOf } from '../core/hosts/completion-host';
import { substitutionCompletionsAt } from '../core/hosts/cloudformation/sub-completion';
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

/**
 * The completion list at `offset`. Typed `{` opens a list only where it starts a variable: `${` (a policy variable,
 * a name in a template's `Fn::Sub` string) or, in Terraform, `&{`; anywhere else it is JSON or YAML punctuation.
 */
export function completionListAt(analysis: Analysis, offset: number, catalog: Catalog, triggerCharacter?: string): CompletionList {
  const empty: CompletionList = { isIncomplete: false, items: [] };
  const variableOnly = triggerCharacter === '{';
  if (variableOnly && analysis.text.slice(offset - 2, offset) !== (analysis.kind === 'terraform' ? '&{' : '${')) return empty;
  // Inside a template's Fn::Sub string after `${`: the names Sub substitutes, and the policy variables a policy may
  // hold there (written `${!…}`), which the policy's completion gives.
  const substitutions = analysis.kind === 'cloudformation' ? substitutionCompletionsAt(analysis.uri, analysis.text, offset) : [];
  const at = policyAt(analysis, offset) ?? policyAt(analysis, completionAnchor(analysis.text, offset));
  const host = at && completionHostOf(at, analysis.kind, analysis.text);
  let completions = at ? completionsAt({ policy: at.policy, offset, catalog, policyType: at.policyType, ...(host ? { host } : {}) }) : [];
  if (substitutions.length > 0 || variableOnly) completions = completions.filter((completion) => completion.kind === 'variable');
  if (substitutions.length === 0 && completions.length === 0) return empty;
  // The editor orders by sortText, not by place in the list: the Sub's own names keep the lead there too.
  if (substitutions.length > 0) completions = completions.map((completion) => ({ ...completion, sortText: `9${completion.sortText ?? completion.label}` }));
  return { isIncomplete: false, items: [...substitutions, ...completions].map((c) => toItem(analysis, c)) };
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
