import { getCatalog, type Catalog } from '../catalog/catalog';
import { compilePolicy, type CompiledPolicy } from '../evaluator/index';
import type { PolicyDocument } from '../policy/model';
import { findCallerPin, isCallerKey, isNarrowIpRange } from '../risk/public-access';
import { DeployTimeValues } from './deploy-time-values';
import { LineIndex } from '../text/positions';
import { describeDifferences, MAX_DIFFERENCES, restoredWitness, type NewAccessDifference } from './differences';
import { searchNewAccess, type ActionFinding, type ActionMode, type CheckPolicyType, type SearchInput, type SearchOutcome, type Witness } from './search';

// The three custom policy checks of IAM Access Analyzer, answered locally and with proof:
// CheckNoNewAccess, CheckAccessNotGranted and CheckNoPublicAccess
// (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoNewAccess.html and its siblings).
// AWS answers PASS or FAIL ("might allow"); here a FAIL always carries a request that `evaluate` confirms, and a
// question the search cannot settle exactly is UNKNOWN with the reason.

export type { ActionMode, CheckPolicyType, Witness } from './search';

export type CheckVerdict = 'PASS' | 'FAIL' | 'UNKNOWN';

export interface AccessCheckResult {
  result: CheckVerdict;
  /** Why, in sentences: what is newly allowed, or why the check could not decide. */
  reasons: string[];
  /** FAIL only: a request the policy allows (and, for no-new-access, the old policy does not). */
  witness?: Witness;
  /** FAIL: the catalog actions newly allowed on some request (string mode may add one action outside the catalog). */
  actions?: string[];
  /** The action mode the check used. */
  mode: ActionMode;
  /** Set when a policy could not be read: the errors, and the result is UNKNOWN. */
  errors?: string[];
  /** no-new-access with `describe`: every class of newly allowed actions, with its witness and what changed. */
  differences?: NewAccessDifference[];
}

export interface AccessCheckOptions {
  policyType?: CheckPolicyType;
  mode?: ActionMode;
  catalog?: Catalog;
  /** The search's work budget in statement tests (default DEFAULT_MAX_WORK); past it the result is UNKNOWN. */
  maxWork?: number;
  /** A wall-clock cap in milliseconds (none by default; the CLI sets one). Past it the result is UNKNOWN. */
  timeoutMs?: number;
  /** no-new-access: also describe each class of new access (`differences`): the editor's difference view. */
  describe?: boolean;
}

/** The budget fields of the search input, from the options. */
function budgetOf(options: AccessCheckOptions): Pick<SearchInput, 'maxWork' | 'deadline'> {
  return {
    ...(options.maxWork !== undefined ? { maxWork: options.maxWork } : {}),
    ...(options.timeoutMs !== undefined ? { deadline: Date.now() + options.timeoutMs } : {}),
  };
}

/**
 * CheckNoNewAccess: PASS when `updated` allows no request that `existing` does not allow. Both are read as the
 * same kind of policy (identity-based by default; trust policies are resource-based). `existing` null: there is no
 * old policy (a policy added to a template), so everything the new one allows is new.
 */
export function checkNoNewAccess(existing: string | PolicyDocument | null, updated: string | PolicyDocument, options: AccessCheckOptions = {}): AccessCheckResult {
  const policyType = options.policyType ?? 'identity';
  const mode = options.mode ?? 'catalog';
  const values = new DeployTimeValues();
  const old = existing === null ? undefined : compileFor(existing, policyType, 'old policy', values);
  const next = compileFor(updated, policyType, 'new policy', values);
  const errors = [...(old?.errors ?? []), ...next.errors];
  if (errors.length > 0) return { result: 'UNKNOWN', reasons: errors, errors, mode };
  const outcome = searchNewAccess({ candidate: next.policy, ...(old ? { reference: old.policy } : {}), policyType, mode, catalog: options.catalog ?? getCatalog(), ...budgetOf(options) });
  const result = old
    ? resultOf(outcome, mode, values, {
        pass: `The new policy allows no request the old one does not (${modeText(mode)}).`,
        fail: (count) => `The new policy allows ${count} that the old one does not allow on some request`,
      })
    : resultOf(outcome, mode, values, {
        pass: `The policy is new and allows no request (${modeText(mode)}).`,
        fail: (count) => `The policy is new: it allows ${count}, all new access`,
      });
  if (!options.describe || result.result !== 'FAIL') return result;
  const { findings } = sentOnly(outcome, mode, values).outcome;
  const differences = describeDifferences(findings, old?.policy, policyType, options.catalog ?? getCatalog(), (text) => values.restore(text));
  const described = findings.filter((finding) => finding.witness).length;
  const reasons = described > MAX_DIFFERENCES ? [...result.reasons, `The difference lists the first ${MAX_DIFFERENCES} of ${described} classes of new access.`] : result.reasons;
  return { ...result, reasons, differences };
}

export interface AccessNotGrantedOptions extends AccessCheckOptions {
  /** Actions (wildcards allowed); at least one of `actions` and `resources`. */
  actions?: readonly string[];
  /** Resource ARNs (wildcards allowed). */
  resources?: readonly string[];
}

/** CheckAccessNotGranted: FAIL when the policy can allow one of the actions (on one of the resources, if given). */
export function checkAccessNotGranted(policy: string | PolicyDocument, options: AccessNotGrantedOptions): AccessCheckResult {
  const policyType = options.policyType ?? 'identity';
  const mode = options.mode ?? 'catalog';
  const values = new DeployTimeValues();
  const compiled = compileFor(policy, policyType, 'policy', values);
  if (compiled.errors.length > 0) return { result: 'UNKNOWN', reasons: compiled.errors, errors: compiled.errors, mode };
  const input: SearchInput = { candidate: compiled.policy, policyType, mode, catalog: options.catalog ?? getCatalog(), ...budgetOf(options) };
  if (options.actions && options.actions.length > 0) input.actions = options.actions;
  if (options.resources && options.resources.length > 0) input.resources = options.resources;
  const outcome = searchNewAccess(input);
  const result = resultOf(outcome, mode, values, {
    pass: `The policy allows none of the listed access (${modeText(mode)}).`,
    fail: (count) => `The policy allows ${count} of the listed access on some request`,
  });
  // A misspelt action in the list (`dynamodb:DeleteTables`) would pass unseen: catalog mode checks only catalog actions.
  const unmatched = mode === 'catalog' ? (input.actions ?? []).filter((action) => input.catalog.matchActions(action).length === 0) : [];
  if (unmatched.length === 0) return result;
  const listed = unmatched.map((action) => `"${action}"`).join(', ');
  return {
    ...result,
    reasons: [
      ...result.reasons,
      `${listed} ${unmatched.length === 1 ? 'names' : 'name'} no action of the catalog, so ${unmatched.length === 1 ? 'it was' : 'they were'} not checked: check the spelling, or check in string mode an action the catalog does not have yet.`,
    ],
  };
}

/** The resource types CheckNoPublicAccess accepts (Access Analyzer API reference, `resourceType`). */
export const PUBLIC_ACCESS_RESOURCE_TYPES: readonly string[] = [
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::Stream',
  'AWS::EFS::FileSystem',
  'AWS::OpenSearchService::Domain',
  'AWS::Kinesis::Stream',
  'AWS::Kinesis::StreamConsumer',
  'AWS::KMS::Key',
  'AWS::Lambda::Function',
  'AWS::S3::Bucket',
  'AWS::S3::AccessPoint',
  'AWS::S3Express::DirectoryBucket',
  'AWS::S3::Glacier',
  'AWS::S3Outposts::Bucket',
  'AWS::S3Outposts::AccessPoint',
  'AWS::SecretsManager::Secret',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::IAM::AssumeRolePolicyDocument',
  'AWS::S3Tables::TableBucket',
  'AWS::ApiGateway::RestApi',
  'AWS::CodeArtifact::Domain',
  'AWS::Backup::BackupVault',
  'AWS::CloudTrail::Dashboard',
  'AWS::CloudTrail::EventDataStore',
  'AWS::S3Tables::Table',
  'AWS::S3Express::AccessPoint',
];

/**
 * CheckNoPublicAccess: FAIL when a principal outside every account and organisation the policy names (the
 * anonymous caller, or any principal of another account) can be allowed. Allow statements whose Condition pins the
 * caller (core/risk/public-access.ts, the one definition shared with the resource-public rule) are left out; keys
 * that name the caller take only an outsider's values (none the policy names).
 */
export function checkNoPublicAccess(policy: string | PolicyDocument, resourceType: string, options: Omit<AccessCheckOptions, 'policyType'> = {}): AccessCheckResult {
  const mode = options.mode ?? 'catalog';
  const values = new DeployTimeValues();
  const compiled = compileFor(policy, 'resource', 'policy', values);
  if (compiled.errors.length > 0) return { result: 'UNKNOWN', reasons: compiled.errors, errors: compiled.errors, mode };
  const outcome = searchNewAccess({
    candidate: compiled.policy,
    policyType: 'resource',
    mode,
    catalog: options.catalog ?? getCatalog(),
    skipCandidate: (statement) => findCallerPin(statement.condition) !== undefined,
    outsider: { isCallerKey, isNarrowIpRange },
    ...budgetOf(options),
  });
  return resultOf(outcome, mode, values, {
    pass: `No one outside the accounts and organisations the policy names can be allowed (${resourceType}, ${modeText(mode)}).`,
    fail: (count) => `The ${resourceType} policy lets a caller from outside the accounts and organisations it names use ${count}`,
  });
}

function modeText(mode: ActionMode): string {
  return mode === 'catalog' ? "catalog mode: action wildcards mean today's catalog actions" : 'string mode: action wildcards also cover actions added later';
}

function compileFor(policy: string | PolicyDocument, policyType: CheckPolicyType, label: string, values: DeployTimeValues): { policy: CompiledPolicy; errors: string[] } {
  const compiled = compilePolicy(typeof policy === 'string' ? policy : values.substitute(policy), { kind: policyType, index: 0 });
  // A placeholder value reads as one fixed literal; a whole block of condition keys known only at deploy time (CDK's
  // CfnJson) may test any key, which no literal stands for.
  const unreadable = typeof policy === 'string' ? [] : policy.statements.filter((statement) => statement.condition?.deployTime);
  // Each error at its line and column; a file that is no policy at all (a Markdown page) has one per line: the first few.
  const lines = new LineIndex(compiled.document.text);
  const place = (start: number) => {
    const { line, character } = lines.positionAt(start);
    return `line ${line + 1}, column ${character + 1}`;
  };
  // The place last: an editor's one-line title (the no-new-access lens) keeps the message.
  const shown = compiled.errors.slice(0, MAX_ERRORS_SHOWN).map((error) => `The ${label} cannot be evaluated: ${error.message}${error.span ? ` (${place(error.span.start)})` : ''}`);
  const more = compiled.errors.length - shown.length;
  return {
    policy: compiled,
    errors: [
      ...unreadable.map((statement) => `The ${label} cannot be evaluated: the Condition of statement ${statement.index + 1} is known only at deploy time, so which keys it tests cannot be read.`),
      ...shown,
      ...(more > 0 ? [`The ${label} has ${more} more ${more === 1 ? 'error' : 'errors'}: \`iam-policy lint\` lists them all.`] : []),
    ],
  };
}

const LISTED = 10;

/** The errors of a policy that cannot be evaluated shown before the rest are counted. */
const MAX_ERRORS_SHOWN = 3;

/**
 * Catalog mode: a class of actions whose only new requests are on resources of no type its actions take (`iam:PassRole`
 * on `arn:aws:iam::*:role/x` matching the string `arn:aws:iam:::role/admins/:role/x`, since `*` crosses colons) is no
 * new access: AWS sends no such request. It leaves the outcome, its note kept for the reasons. A resource written with
 * a placeholder is of the right type once deployed, so such findings stay. String mode keeps IAM's string reading.
 */
function sentOnly(outcome: SearchOutcome, mode: ActionMode, values: DeployTimeValues): { outcome: SearchOutcome; unsent: string[] } {
  if (mode !== 'catalog') return { outcome, unsent: [] };
  const isUnsent = (finding: ActionFinding) => finding.onlyUnsent === true && finding.witness !== undefined && values.restore(finding.witness.resource) === finding.witness.resource;
  const unsent = outcome.findings.filter(isUnsent);
  if (unsent.length === 0) return { outcome, unsent: [] };
  // The note speaks of a witness; a PASS shows none.
  const notes = unsent.map((finding) => finding.resourceNote!.replace(/^The witness's resource (\S+) is/, 'A request on $1 would be new, but that resource is'));
  return { outcome: { ...outcome, findings: outcome.findings.filter((finding) => !isUnsent(finding)) }, unsent: [...new Set(notes)] };
}

function resultOf(searched: SearchOutcome, mode: ActionMode, values: DeployTimeValues, text: { pass: string; fail: (count: string) => string }): AccessCheckResult {
  const { outcome, unsent } = sentOnly(searched, mode, values);
  // A resource written with a placeholder (`${Bucket.Arn}/*`) is of the right type once deployed: no note about its type.
  const verdict = verdictOf(outcome, mode, text, (resource) => values.restore(resource) === resource);
  const result = verdict.result === 'PASS' && unsent.length > 0 ? { ...verdict, reasons: [...verdict.reasons, ...unsent] } : verdict;
  const sources = values.sources;
  if (sources.length === 0) return result;
  // Placeholders were read as fixed literals: show them as written, and say what the answer assumes.
  const restore = (value: string) => values.restore(value);
  const restored: AccessCheckResult = { ...result, reasons: [...result.reasons.map(restore), deployTimeNote(sources)] };
  if (result.witness) restored.witness = restoredWitness(result.witness, restore);
  return restored;
}

function deployTimeNote(sources: readonly string[]): string {
  const shown = sources.length <= 5 ? sources.join(', ') : `${sources.slice(0, 5).join(', ')} and ${sources.length - 5} more`;
  return `Values known only at deploy time (${shown}) were read as fixed values, the same wherever they are written the same way, and different from each other and from every value the policies name.`;
}

function verdictOf(outcome: SearchOutcome, mode: ActionMode, text: { pass: string; fail: (count: string) => string }, noteTypeOf: (resource: string) => boolean): AccessCheckResult {
  const failing = outcome.findings.filter((finding) => finding.witness);
  if (failing.length > 0) {
    // concat, not flatMap: a finding of "*" lists every action of the catalog, and flatMap copies one at a time.
    const actions = ([] as string[]).concat(...failing.map((finding) => finding.actions));
    const catalogActions = ([] as string[]).concat(...failing.filter((f) => !f.future).map((f) => f.actions));
    const future = failing.filter((f) => f.future).map((f) => f.actions[0]);
    const parts: string[] = [];
    if (catalogActions.length > 0) parts.push(`${catalogActions.length} action${catalogActions.length === 1 ? '' : 's'} (${listed(catalogActions)})`);
    if (future.length > 0) parts.push(`actions outside the catalog (such as ${future[0]})`);
    const reasons = [`${text.fail(parts.join(' and '))}.`];
    const { resourceNote, witness } = failing[0];
    if (resourceNote && noteTypeOf(witness!.resource)) reasons.push(resourceNote);
    reasons.push(...outcome.unknowns);
    return { result: 'FAIL', reasons, witness: failing[0].witness!, actions, mode };
  }
  if (outcome.unknowns.length > 0) return { result: 'UNKNOWN', reasons: outcome.unknowns, mode };
  return { result: 'PASS', reasons: [text.pass], mode };
}

function listed(actions: readonly string[]): string {
  return actions.length <= LISTED ? actions.join(', ') : `${actions.slice(0, LISTED).join(', ')}, and ${actions.length - LISTED} more`;
}
