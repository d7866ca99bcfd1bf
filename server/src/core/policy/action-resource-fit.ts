import { DerivedSlot } from './derived';
import type { Catalog, CatalogAction, CatalogResourceType } from '../catalog/catalog';
import { hasWildcard, matchesWildcard } from '../text/wildcard';
import { parseArn, type Arn } from './arn';
import { parsedArnOf } from './policy-arns';
import { arnMatchesTemplate } from './arn-template';
import { actionAcceptsArn, formatsForArn, templatesOf } from './arn-formats';
import type { PolicyDocument, Statement, StringValue } from './model';
import { statementActionsOf, type StatementActions } from '../risk/action-grants';
import { actionsMatching } from '../risk/action-expansion';
import { arnMatchText } from './placeholder-arns';
import { detached } from '../text/detached';

/** How the actions and resources of one statement with Action and Resource fit each other. */
export interface StatementFit {
  statement: Statement;
  /** The Action values that name known actions, in source order. */
  actions: ActionFit[];
  resources: ResourceFit[];
  /**
   * Whether every Action value names known actions of one service. Only then can a resource be said to
   * serve no action: `*`, `*:Get*` or an action missing from the catalog might act on anything.
   */
  complete: boolean;
}

/** One Action value and the catalog actions it stands for (several for a wildcard). */
export interface ActionFit {
  value: StringValue;
  actions: readonly CatalogAction[];
  /** Whether at least one of the actions acts on at least one resource of the statement. */
  fits: boolean;
  /** Whether none of the actions supports resource-level permissions: each takes only `"Resource": "*"`. */
  starOnly: boolean;
}

/** One Resource value of the statement. */
export interface ResourceFit {
  value: StringValue;
  /** The text matched to ARN formats: the value, its placeholders read as what the host knows of them (placeholder-arns.ts). */
  text: string;
  arn: Arn;
  /** Whether some action of the statement acts on it, or may (an action of its service without resource types). */
  used: boolean;
}

/** Whether an ARN (by its text) can name a resource of a type. */
type Memo = Map<string, Map<CatalogResourceType, boolean>>;

const cache = new DerivedSlot<PolicyDocument, { catalog: Catalog; fits: StatementFit[] }>();

/**
 * The fit of every statement that has Action and Resource (not NotAction or NotResource), whose resources are
 * all ARNs and none is `*`; other statements are left out, since `*` fits every action and a value that is no
 * ARN is reported by the ARN rules. Computed once per parsed policy and shared by the rules.
 *
 * An action acts on an ARN when one of its resource types has an ARN format the ARN can match (see
 * `arnMatchesTemplate`). An action without resource types is authorized against `*`; it counts as fitting
 * only a service-wide pattern of its own service such as `arn:aws:s3:::*`, which AWS's own guides pair with
 * s3:ListAllMyBuckets and whose effect IAM does not document.
 */
export function statementFitsOf(policy: PolicyDocument, catalog: Catalog): readonly StatementFit[] {
  const cached = cache.get(policy);
  if (cached && cached.catalog === catalog) return cached.fits;
  const fits: StatementFit[] = [];
  const memo = memoFor(catalog);
  const grants = statementActionsOf(policy);
  for (let i = 0; i < grants.length; i++) {
    const fit = fitOf(grants[i], catalog, memo);
    if (fit) fits.push(fit);
  }
  cache.set(policy, { catalog, fits });
  return fits;
}

function fitOf(grants: StatementActions, catalog: Catalog, memo: Memo): StatementFit | undefined {
  const { statement } = grants;
  const { action, resource } = statement;
  if (!action || !resource || statement.notAction || statement.notResource) return undefined;
  if (resource.values.length === 0 || resource.values.some(({ value }) => value === '*')) return undefined;
  const texts: string[] = [];
  for (const value of resource.values) texts.push(arnMatchText(value, catalog));
  const answer = fitAnswerOf(grants, catalog, memo, texts);
  if (!answer) return undefined;
  const resources: ResourceFit[] = [];
  for (let r = 0; r < texts.length; r++) resources.push({ value: resource.values[r], text: texts[r], arn: answer.arns[r], used: answer.used[r] });
  const actions: ActionFit[] = [];
  const { named } = answer;
  for (let i = 0; i < action.values.length; i++) {
    const found = named[i];
    if (found === undefined || found.length === 0) continue;
    actions.push({ value: action.values[i], actions: found, fits: answer.fits[i], starOnly: answer.starOnly[i] });
  }
  return { statement, actions, resources, complete: answer.complete };
}

/** What fitOf works out from the texts of a statement's Action list and resources, shared by the parses that repeat them. */
interface FitAnswer {
  readonly catalog: Catalog;
  /** The resources' texts matched to ARN formats, the key of the answer. */
  readonly texts: readonly string[];
  readonly arns: readonly Arn[];
  readonly used: readonly boolean[];
  readonly named: readonly (readonly CatalogAction[] | undefined)[];
  /** By position in the Action list; meaningless where `named` has no actions. */
  readonly fits: readonly boolean[];
  readonly starOnly: readonly boolean[];
  readonly complete: boolean;
}

// The memo key of a list's fit answers, by its statement's resources (see StatementActions.memo).
const fitsByList = {};
// An Action list repeated with many resource lists keeps this many answers: the managed policies pair one list with
// 152 (s3:GetObject and the like); at 64 its answers were worked out again on every pass. The answers live as long as
// their list's index (action-grants.ts), which is bounded too.
const fitAnswerLimit = 256;

/**
 * The fit of the statement's actions and resources, or undefined when a resource is no ARN. Kept with the Action
 * list (which the parses of an unchanged list share), by the resources' texts: the fit loops over every catalog
 * action a wildcard names for every resource, which a keystroke elsewhere or a repeated statement changes nothing of.
 */
function fitAnswerOf(grants: StatementActions, catalog: Catalog, memo: Memo, texts: readonly string[]): FitAnswer | undefined {
  let answers = grants.memo.get(fitsByList) as Map<string, FitAnswer> | undefined;
  if (!answers || answers.size >= fitAnswerLimit) grants.memo.set(fitsByList, (answers = new Map()));
  // Joined for a key; the texts are compared on a hit, since a resource may hold the separator itself.
  const key = texts.length === 1 ? texts[0] : texts.join('\n');
  let answer = answers.get(key);
  if (answer && answer.catalog === catalog && sameTexts(answer.texts, texts)) return answer;
  // A resource that is no ARN ends the work early, at no more cost than a lookup here: not kept. The answer outlives
  // the parse: its texts are copies, lest it keep the policy text alive.
  answer = computeFit(grants, catalog, memo, texts.map(detached));
  if (answer) answers.set(detached(key), answer);
  return answer;
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function computeFit(grants: StatementActions, catalog: Catalog, memo: Memo, texts: readonly string[]): FitAnswer | undefined {
  const arns: Arn[] = [];
  // Beside each resource, its memo entry (whether its ARN fits each resource type), looked up once per statement
  // rather than once per action: the largest statements pair hundreds of actions with each resource.
  const fitsByType: Map<CatalogResourceType, boolean>[] = [];
  for (const text of texts) {
    const arn = parsedArnOf(text);
    if (!arn) return undefined;
    arns.push(arn);
    let byType = memo.get(text);
    if (!byType) memo.set(text, (byType = new Map()));
    fitsByType.push(byType);
  }
  const used = texts.map(() => false);
  const named = actionsNamedByList(catalog, grants);
  const fits: boolean[] = [];
  const starOnly: boolean[] = [];
  let complete = true;
  for (let i = 0; i < named.length; i++) {
    const found = named[i];
    fits.push(false);
    starOnly.push(false);
    if (found === undefined || found.length === 0) {
      complete = false;
      continue;
    }
    let valueFits = false;
    for (const catalogAction of found) {
      for (let r = 0; r < arns.length; r++) {
        const arn = arns[r];
        // Once this value fits and the resource is known to be used, this pair can teach nothing more.
        if (valueFits && used[r]) continue;
        if (acts(catalogAction, arn, texts[r], fitsByType[r])) {
          valueFits = true;
          used[r] = true;
        } else if (catalogAction.resourceTypes.length === 0 && arn.service.text === catalogAction.service) {
          // Not a sure fit, but no reason to call the resource unused either.
          used[r] = true;
        }
      }
    }
    fits[i] = valueFits;
    starOnly[i] = found.every((a) => a.resourceTypes.length === 0);
  }
  return { catalog, texts, arns, used, named, fits, starOnly, complete };
}

// The memo key of a list's named actions (see StatementActions.memo).
const namedByList = {};

/**
 * For each value of the statement's Action list, the catalog actions it names (one, or all a wildcard matches), or
 * undefined when its prefix is missing or has a wildcard; kept with the list, so an unchanged list costs no lookup per
 * value. The actions come from the expansion cache the other action rules fill, not from a scan of this module's own.
 */
function actionsNamedByList(catalog: Catalog, grants: StatementActions): readonly (readonly CatalogAction[] | undefined)[] {
  const memoed = grants.memo.get(namedByList) as { catalog: Catalog; named: readonly (readonly CatalogAction[] | undefined)[] } | undefined;
  if (memoed && memoed.catalog === catalog) return memoed.named;
  const named = (grants.element?.values ?? []).map(({ value: text }) => {
    const colon = text.indexOf(':');
    return colon < 0 || hasWildcard(text.slice(0, colon)) ? undefined : actionsMatching(catalog, text);
  });
  grants.memo.set(namedByList, { catalog, named });
  return named;
}

// Whether an ARN fits a resource type does not depend on the policy, and the same ARNs recur across policies and
// keystrokes; the memo is kept per catalog and emptied when it grows large, so a hostile file cannot bloat it.
const memos = new WeakMap<Catalog, Memo>();
const memoLimit = 20_000;

function memoFor(catalog: Catalog): Memo {
  let memo = memos.get(catalog);
  if (!memo || memo.size >= memoLimit) memos.set(catalog, (memo = new Map()));
  return memo;
}

// Memoized per ARN (`byType` is the ARN's entry of the memo) and resource type: the actions of a service share a
// handful of resource types.
function acts(action: CatalogAction, arn: Arn, text: string, byType: Map<CatalogResourceType, boolean>): boolean {
  // The domain's own ARN fits its format, but OpenSearch authorizes HTTP requests on what is under it.
  if (isHttpOnDomainItself(action, arn)) return false;
  if (action.resourceTypes.length === 0) return /^\*+$/.test(arn.resource.text) && matchesWildcard(arn.service.text, action.service, false);
  for (const { resourceType } of action.resourceTypes) {
    let result = byType.get(resourceType);
    if (result === undefined) {
      result = templatesOf(resourceType).some((template) => arnMatchesTemplate(text, template));
      byType.set(resourceType, result);
    }
    if (result) return true;
  }
  return false;
}

/**
 * An OpenSearch Service domain's ARN without `/*` among the resources of its HTTP actions (es:ESHttpGet …), which
 * OpenSearch authorizes on the domain's subresources, its indexes and APIs: "The trailing /* in the Resource element is
 * significant and indicates that resource-based policies only apply to the domain's subresources, not the domain
 * itself." Such a statement grants no request to the domain's endpoint through that ARN.
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html
 */
export function isHttpOnDomainItself(action: CatalogAction, arn: Arn): boolean {
  return action.service === 'es' && action.name.startsWith('ESHttp') && arn.service.text === 'es' && DOMAIN_ITSELF.test(arn.resource.text);
}

// `domain/logs`, or a domain's name known at deploy (`domain/${var.domain_name}`, a name placeholder read as `name`).
const DOMAIN_ITSELF = /^domain\/(?:[^/*?$]+|\$\{[^}]*(?:name|domain)[^}]*\})$/i;

/**
 * Whether one of `actions` would act on `resource` but for a Region or account its ARN names where the resource type's
 * format has none (`arn:aws:ec2:us-east-1:111122223333:image/*`: images have no account). arn-region and arn-account
 * report that as an error, saying what to remove; the action and the resource then fit, so the statement's mismatch is
 * theirs to report.
 */
/**
 * The empty fields (Region, account) without which `resource` would name a resource one of `actions` acts on, or
 * undefined when filling them changes nothing: `arn:aws:rds:::*` for rds:DescribeDBInstances, whose db ARNs name
 * both. An empty field matches only resources without one, such as some AWS-owned ones, which these never are.
 */
export function emptyFieldsKeepingOut(catalog: Catalog, actions: readonly CatalogAction[], resource: ResourceFit): ('Region' | 'account')[] | undefined {
  const { text } = resource;
  const parsed = parseArn(text);
  if (!parsed || (parsed.region.text !== '' && parsed.account.text !== '')) return undefined;
  // An ARN some resource type of its service has as written (`arn:aws:s3:::bucket/*`, an object) is of another type
  // than the actions take: its empty fields are not what keeps it out.
  if (formatsForArn(catalog, resource.arn)?.all.some((format) => arnMatchesTemplate(text, format.template))) return undefined;
  // Filled with a sample, not "*", which may run on past its colon (`arn:aws:s3:*:*:bucket` matches an access point's
  // objects); the account first, so the Region's offset holds when both are filled.
  const withAccount = parsed.account.text === '' ? `${text.slice(0, parsed.account.start)}111122223333${text.slice(parsed.account.start)}` : undefined;
  const withRegion = (written: string) => `${written.slice(0, parsed.region.start)}us-east-1${written.slice(parsed.region.start)}`;
  const fits = (written: string) => actions.some((action) => actionAcceptsArn(action, written));
  if (parsed.region.text === '' && fits(withRegion(text))) return ['Region'];
  if (withAccount && fits(withAccount)) return ['account'];
  if (withAccount && parsed.region.text === '' && fits(withRegion(withAccount))) return ['Region', 'account'];
  return undefined;
}

export function fitsButForNamedFields(actions: readonly CatalogAction[], resource: ResourceFit): boolean {
  const { text, arn } = resource;
  if (arn.region.text === '' && arn.account.text === '') return false;
  const parsed = parseArn(text);
  if (!parsed) return false;
  const without = (fields: readonly { start: number; end: number }[]) => fields.reduceRight((written, field) => written.slice(0, field.start) + written.slice(field.end), text);
  const variants: string[] = [];
  if (parsed.account.text !== '') variants.push(without([parsed.account]));
  if (parsed.region.text !== '') variants.push(without([parsed.region]));
  if (parsed.region.text !== '' && parsed.account.text !== '') variants.push(without([parsed.region, parsed.account]));
  return actions.some((action) => variants.some((variant) => actionAcceptsArn(action, variant)));
}
