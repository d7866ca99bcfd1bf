import { closestMatches, editDistance } from '../text/suggest';
import type { CatalogService } from '../catalog/catalog';
import type { Check } from './check';
import { undocumentedActions } from '../catalog/undocumented-actions';
import { operationPermissions } from '../catalog/operation-permissions';
import { ActionIssue, actionNameOf, forEachResolvedAction } from './resolved-actions';
import { detached } from '../text/detached';

export const actionUnknown: Check = {
  id: 'action-unknown',
  severity: 'error',
  description: 'The action must exist in its service; a mistyped action (s3:GetObjcet) never matches a request, so the statement silently does nothing.',
  run({ policy, catalog, report }) {
    // Suggestions cost an edit distance per action of the service; a file with thousands of unknown actions gets
    // them for the first ones only, so it cannot stall the server.
    let suggestionBudget = 200;
    forEachResolvedAction(policy, catalog, ActionIssue.UnknownAction, (value, facts) => {
      const service = facts?.service;
      if (!service || facts!.action || facts!.wildcardMatches !== undefined) return;
      const action = actionNameOf(value);
      const undocumented = undocumentedActions.get(`${service.prefix}:${action.name}`.toLowerCase());
      if (undocumented) {
        report(
          action.nameSpan,
          `"${action.name}" is not in the Service Authorization Reference for ${service.name} (${service.prefix}), though ${undocumented}. Keep it only where you mean to copy that policy.`,
          {
            severity: 'information',
          },
        );
        return;
      }
      const managed = catalog.managedPolicyGranting(`${service.prefix}:${action.name}`);
      if (managed) {
        report(
          action.nameSpan,
          `"${action.name}" is not in the Service Authorization Reference for ${service.name} (${service.prefix}), though the AWS managed policy ${managed.policy} grants it: an action AWS retired (it then grants nothing) or has not documented. Keep it only where you mean to copy that policy.`,
          { severity: 'information' },
        );
        return;
      }
      const operation = operationPermissions.get(`${service.prefix}:${action.name}`.toLowerCase());
      if (operation) {
        const names = operation.replacements.map((replacement) => replacement.slice(replacement.indexOf(':') + 1));
        report(action.nameSpan, `"${action.name}" is not an action of ${service.name} (${service.prefix}): IAM allows the ${action.name} call with ${operation.allowedBy}.`, {
          fixes: names.map((name) => ({
            title: `Change to "${service.prefix}:${name}"`,
            edits: [{ span: action.nameSpan, newText: name }],
            isPreferred: names.length === 1,
          })),
        });
        return;
      }
      const suggestions = suggestionBudget-- > 0 ? nameSuggestions(service, action.name) : [];
      const hint = suggestions.length > 0 ? ` Did you mean "${service.prefix}:${suggestions[0]}"?` : '';
      report(action.nameSpan, `"${action.name}" is not an action of ${service.name} (${service.prefix}).${hint}`, {
        fixes: suggestions.map((name, i) => ({
          title: `Change to "${service.prefix}:${name}"`,
          edits: [{ span: action.nameSpan, newText: name }],
          isPreferred: i === 0 && suggestions.length === 1,
        })),
      });
    });
  },
};

const namesByService = new WeakMap<CatalogService, string[]>();
// An action AWS retired stays in many policies (the managed ones included): its suggestions, an edit distance per
// action of the service, are worked out once per name. Bounded per service, so a hostile file cannot grow it.
const suggestionsByService = new WeakMap<CatalogService, Map<string, string[]>>();
const suggestionLimit = 1000;

/**
 * The actions of `service` a mistyped `name` most likely meant, nearest first by edit distance, but never one that
 * swaps its verb for another (`UpdateApp` → `CreateApp`, `ListObject` → `GetObject`): a typo does not turn one verb
 * into another, and such a fix would grant a different permission.
 */
function nameSuggestions(service: CatalogService, name: string): string[] {
  let byName = suggestionsByService.get(service);
  if (!byName) suggestionsByService.set(service, (byName = new Map()));
  let suggestions = byName.get(name);
  if (!suggestions) {
    const verb = leadingWord(name);
    suggestions = closestMatches(name, actionNamesOf(service), SUGGESTIONS * 2)
      .filter((candidate) => {
        const other = leadingWord(candidate);
        if (!ACTION_VERBS.has(verb) || !ACTION_VERBS.has(other)) return true;
        return other === verb && nearObject(name.slice(verb.length), candidate.slice(other.length));
      })
      .slice(0, SUGGESTIONS);
    if (byName.size >= suggestionLimit) byName.clear();
    byName.set(detached(name), suggestions);
  }
  return suggestions;
}

const SUGGESTIONS = 3;

/**
 * Whether what two actions of one verb act on are near enough for a typo: within a third of the shorter's length,
 * at least 1. The whole name's allowance would let a short object become another (`UpdateApp` → `UpdateHub`).
 */
function nearObject(object: string, other: string): boolean {
  const allowance = Math.max(1, Math.floor(Math.min(object.length, other.length) / 3));
  return editDistance(object.toLowerCase(), other.toLowerCase()) <= allowance;
}

/**
 * The verbs AWS actions start with: each starts at least 20 actions of the catalog (action-unknown.test.ts checks
 * that they still do). Listed rather than counted from the catalog, which would cost a pass over its 22,000 actions
 * (about 60 ms cold) in a lint that meets one unknown action. `Batch` and `Admin` are left out: they qualify a verb.
 */
export const ACTION_VERBS: ReadonlySet<string> = new Set(
  'list get delete create update describe put start tag untag associate disassociate stop modify cancel search send register set enable add disable remove deregister accept import invoke restore reject generate attach export detach reset revoke test copy validate terminate notify verify detect submit complete allow publish execute reboot'.split(
    ' ',
  ),
);

// The first word of a CamelCase name, lower-cased: `update` of `UpdateManagedApplicationInstance`.
export function leadingWord(name: string): string {
  return /^[A-Z]?[a-z]*/.exec(name)![0].toLowerCase();
}

function actionNamesOf(service: CatalogService): string[] {
  let names = namesByService.get(service);
  if (!names) namesByService.set(service, (names = service.actions.map((a) => a.name)));
  return names;
}
