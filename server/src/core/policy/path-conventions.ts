import type { PolicyDocument } from './model';
import type { PolicyType } from './policy-type';

/**
 * The type a policy file's path says by the conventions of landing zones and policy repositories, for a file nothing
 * else types (no `policyTypes` glob, no host that uses it): a folder named for the kind of policy
 * (`service-control-policies/`, `scps/`, Landing Zone Accelerator's and Control Tower customizations' layouts;
 * `resource_control_policies/`; `boundary-policies/`), or a file name with the kind as a word (`scp-deny-regions.json`,
 * `RCP_S3DataPerimeter.json`, `default-sso-boundary-policy.json`, AWS's own `…PermissionsBoundary` managed policies).
 * The content must fit: an SCP or a boundary names no principal and a boundary allows something; an RCP names its
 * principals. Only the file's own name and the three folders above it are looked at.
 */
export function policyTypeByPath(path: string, policy: PolicyDocument): PolicyType | undefined {
  const segments = path.split(/[\\/]/).filter((segment) => segment !== '');
  const name = segments.pop() ?? '';
  const folders = segments.slice(-3).reverse();
  const named = typeOfWords(wordsOf(name.replace(/\..*$/, '')));
  const type = named ?? folders.map(typeOfFolder).find((found) => found !== undefined);
  return type && fits(type, policy) ? type : undefined;
}

const folderTypes: readonly [RegExp, PolicyType][] = [
  [/^(?:service[-_ ]?control[-_ ]?polic(?:y|ies)|scps?)$/i, 'scp'],
  [/^(?:resource[-_ ]?control[-_ ]?polic(?:y|ies)|rcps?)$/i, 'rcp'],
  [/^(?:permissions?[-_ ]?boundar(?:y|ies)|boundar(?:y|ies)(?:[-_ ]?polic(?:y|ies))?)$/i, 'boundary'],
];

/** A folder named for SCPs or RCPs (`scps`, `010-scps`), or named exactly for boundaries (`boundary-policies`). */
function typeOfFolder(folder: string): PolicyType | undefined {
  const type = folderTypes.find(([pattern]) => pattern.test(folder))?.[1] ?? typeOfWords(wordsOf(folder));
  return type === 'boundary' && !folderTypes.some(([pattern, named]) => named === 'boundary' && pattern.test(folder)) ? undefined : type;
}

/** A file name's words: split at `-`, `_`, spaces and dots, and where a lower-case letter meets an upper-case one. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[-_ .]+/)
    .map((word) => word.toLowerCase());
}

function typeOfWords(words: readonly string[]): PolicyType | undefined {
  if (words.includes('scp') || words.includes('scps')) return 'scp';
  if (words.includes('rcp') || words.includes('rcps')) return 'rcp';
  return namesBoundaryIn(words) ? 'boundary' : undefined;
}

/**
 * Whether a name (a file's, a Terraform block's) names a permissions boundary itself: the word ends it (`…-boundary`,
 * `…-boundary-policy`, `…PermissionsBoundary`) or follows "permission(s)" (`permission_boundary_automation`, the
 * boundary of automation roles); not a policy about boundaries (`permissions-boundary-enforcement`, an identity policy
 * that makes roles take one).
 */
export function namesBoundary(name: string): boolean {
  return namesBoundaryIn(wordsOf(name));
}

const ABOUT_BOUNDARIES = new Set(['enforce', 'enforcement', 'enforcer', 'require', 'required', 'requirement', 'check', 'checks', 'guard', 'guardrail', 'admin', 'management', 'manager']);

function namesBoundaryIn(words: readonly string[]): boolean {
  const at = Math.max(words.lastIndexOf('boundary'), words.lastIndexOf('boundaries'));
  if (at < 0) return false;
  const after = words.slice(at + 1);
  if (after.every((word) => word === 'policy' || word === 'policies')) return true;
  return /^permissions?$/.test(words[at - 1] ?? '') && !after.some((word) => ABOUT_BOUNDARIES.has(word));
}

/** Whether the policy's content fits the type a name gives it (see policyTypeByPath). */
export function fits(type: PolicyType, policy: PolicyDocument): boolean {
  const statements = policy.statements;
  if (statements.length === 0) return false;
  const namesPrincipal = statements.some((statement) => statement.principal || statement.notPrincipal);
  if (type === 'rcp') return statements.every((statement) => statement.principal || statement.notPrincipal);
  if (namesPrincipal) return false;
  return type !== 'boundary' || statements.some((statement) => statement.effect?.value?.value === 'Allow');
}
