import { closestMatches, editDistance } from '../text/suggest';
import type { Catalog, CatalogAction, CatalogService } from '../catalog/catalog';
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
        report(action.nameSpan, `"${action.name}" is not in the Service Authorization Reference for ${service.name} (${service.prefix}), though ${undocumented.why}. ${undocumented.advice}`, {
          severity: 'information',
        });
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
      // The service's actions on the same thing, for a verb it does not use (`lambda:DescribeFunction`: GetFunction).
      const related = suggestions.length === 0 && suggestionBudget > 0 ? actionsOnSameObject(service, action.name) : undefined;
      // No typo fix. `iam:AssumeRole`: the name is another service's action (sts:AssumeRole), offered as a fix, never
      // preferred; but not when the service has an action of the same kind on the same thing, which the author more
      // likely meant than another service's (`sqs:DescribeQueue` is no Amazon Connect queue).
      const elsewhere = suggestions.length === 0 && !related?.sameKind && suggestionBudget > 0 ? otherServicesDefining(catalog, service, action.name) : [];
      if (elsewhere.length > 0) {
        const named = joinNames(elsewhere.map((other) => `"${other.fullName}" (${catalog.findService(other.service)?.name ?? other.service})`));
        report(action.nameSpan, `"${action.name}" is not an action of ${service.name} (${service.prefix}), but of ${elsewhere.length === 1 ? 'another service' : 'other services'}: ${named}.`, {
          fixes: elsewhere.map((other) => ({
            title: `Change to "${other.fullName}"`,
            edits: [{ span: { start: action.prefixSpan.start, end: action.nameSpan.end }, newText: other.fullName }],
          })),
        });
        return;
      }
      // Else the service's actions on the same thing, named for the author to choose from, never as fixes: each grants
      // another permission than the name's verb says.
      // Last, the action the name begins with (`kms:DecryptDataKey`: Decrypt), also never a fix: the words added may
      // have meant a narrower call (`DeleteSecretVersion` is not DeleteSecret).
      const stem = suggestions.length === 0 && !related && suggestionBudget > 0 ? actionBeginning(service, action.name) : undefined;
      const hint =
        suggestions.length > 0
          ? ` Did you mean "${service.prefix}:${suggestions[0]}"?`
          : related
            ? ` Its actions on "${related.object}" are ${joinNames(related.names.map((name) => `"${service.prefix}:${name}"`))}; use the one this statement means.`
            : stem
              ? ` Its name begins with the action "${service.prefix}:${stem}"; use it if this statement means that call.`
              : '';
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
    const near = closestMatches(name, actionNamesOf(service), SUGGESTIONS * 2).filter((candidate) => {
      const other = leadingWord(candidate);
      if (!isVerb(verb) || !isVerb(other)) return true;
      return other === verb && nearObject(name.slice(verb.length), candidate.slice(other.length));
    });
    suggestions = [...new Set([...reordered(service, name), ...near])].slice(0, SUGGESTIONS);
    if (byName.size >= suggestionLimit) byName.clear();
    byName.set(detached(name), suggestions);
  }
  return suggestions;
}

const SUGGESTIONS = 3;

/**
 * The actions of `service` with the same words as `name` in another order (`PublishRetain`: `RetainPublish`), which no
 * edit distance finds near: the same permission written as the author remembered it, so it comes first.
 */
function reordered(service: CatalogService, name: string): string[] {
  const words = wordsOf(name);
  if (!words.includes(' ')) return [];
  return actionNamesOf(service).filter((candidate) => candidate.length === name.length && candidate !== name && wordsOf(candidate) === words);
}

/** `PublishRetain` -> `publish retain`, and `RetainPublish` too: an action name's words, lower case, sorted. */
function wordsOf(name: string): string {
  return name
    .split(/(?=[A-Z])/)
    .map((word) => word.toLowerCase())
    .sort()
    .join(' ');
}

/**
 * The actions of other services named exactly `name` (any case), when at most three services define it: a name many
 * services share (`ListTagsForResource`) says nothing about which one was meant.
 */
function otherServicesDefining(catalog: Catalog, service: CatalogService, name: string): CatalogAction[] {
  const found = catalog.matchActions(`*:${name}`).filter((other) => other.service !== service.prefix);
  return found.length <= 3 ? found : [];
}

const RELATED = 4;

/**
 * Up to four actions of `service` on what a name acts on, when the name's verb is not the service's for it
 * (`iam:CreateRolePolicy`: AttachRolePolicy, PutRolePolicy, DeleteRolePolicy, DetachRolePolicy): the same object, in
 * the singular or plural, or one that starts with it (`DeleteSecretVersion`: UpdateSecretVersionStage). Actions of a
 * verb of the same kind (writing, reading, removing) come first. Objects shorter than four letters match too much.
 */
function actionsOnSameObject(service: CatalogService, name: string): { object: string; names: string[]; sameKind: boolean } | undefined {
  const { verb, object } = splitVerb(name);
  if (!ACTION_VERBS.has(verb) || object.length < 4) return undefined;
  const lower = object.toLowerCase();
  const kind = VERB_KINDS.get(verb);
  const found: { name: string; rank: number }[] = [];
  for (const candidate of actionNamesOf(service)) {
    const other = splitVerb(candidate);
    const otherLower = other.object.toLowerCase();
    const same = otherLower === lower || otherLower === `${lower}s` || `${otherLower}s` === lower || otherLower === `${lower}es`;
    if (!same && !(lower.length >= 6 && otherLower.startsWith(lower))) continue;
    found.push({ name: candidate, rank: (same ? 0 : 2) + (kind !== undefined && VERB_KINDS.get(other.verb) === kind ? 0 : 1) });
  }
  if (found.length === 0) return undefined;
  found.sort((a, b) => a.rank - b.rank);
  const names = found.slice(0, RELATED).map((entry) => entry.name);
  return { object, names, sameKind: found[0].rank === 0 };
}

/**
 * The longest action of `service` that `name` begins with, followed by a new word (`PutLogEventsBatch`:
 * PutLogEvents; `QueryTable`: Query). Names shorter than four letters say too little.
 */
function actionBeginning(service: CatalogService, name: string): string | undefined {
  let longest: string | undefined;
  for (const candidate of actionNamesOf(service)) {
    if (candidate.length < 4 || candidate.length >= name.length || (longest && candidate.length <= longest.length)) continue;
    if (name.startsWith(candidate) && /[A-Z0-9]/.test(name[candidate.length])) longest = candidate;
  }
  return longest;
}

/** `BatchGetTable` → get, Table; `CreateRolePolicy` → create, RolePolicy. */
function splitVerb(name: string): { verb: string; object: string } {
  const unbatched = name.replace(/^Batch(?=[A-Z])/, '');
  const verb = leadingWord(unbatched);
  return { verb, object: unbatched.slice(verb.length) };
}

const VERB_KINDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    write: 'create put add attach associate register import set update modify enable start run launch copy restore replace tag',
    read: 'get describe list search',
    remove: 'delete remove detach disassociate deregister disable stop untag',
  }).flatMap(([kind, verbs]) => verbs.split(' ').map((verb) => [verb, kind] as const)),
);

function joinNames(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

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

// Whether a name's first word is a verb, one of the catalog's common ones or of the kinds above (`run`, `launch`).
function isVerb(word: string): boolean {
  return ACTION_VERBS.has(word) || VERB_KINDS.has(word);
}

// The first word of a CamelCase name, lower-cased: `update` of `UpdateManagedApplicationInstance`.
export function leadingWord(name: string): string {
  return /^[A-Z]?[a-z]*/.exec(name)![0].toLowerCase();
}

function actionNamesOf(service: CatalogService): string[] {
  let names = namesByService.get(service);
  if (!names) namesByService.set(service, (names = service.actions.map((a) => a.name)));
  return names;
}
