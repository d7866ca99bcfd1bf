import { strictTreeFacts } from '../policy/json-tree';
import { policyTypeNames, type PolicyType } from '../policy/policy-type';
import { countPolicyCharacters, measurePolicySize, minifyPolicyText, policySizeQuota } from '../policy/size';
import { spanOf } from '../text/span';
import { formatCount } from '../risk/action-expansion';
import type { Check, Fix, Severity } from './check';

// Where the quota is a hard limit AWS enforces on every policy of the type, exceeding it is an error. An
// identity policy may be an inline role policy (10,240 characters) and AWS managed policies are larger still,
// so there it is a warning, as in Access Analyzer ("Policy size exceeds identity policy quota"); so is a boundary,
// which may be an AWS managed policy too (AmazonDataZoneEnvironmentRolePermissionsBoundary, 11,829 characters).
// Resource policies differ by service, so the 20 KB default is only a warning too.
const severities: Record<PolicyType, Severity> = {
  identity: 'warning',
  boundary: 'warning',
  trust: 'error',
  session: 'error',
  scp: 'error',
  rcp: 'error',
  resource: 'warning',
};

// A role has one trust policy and a session gets one inline session policy, so those cannot be split.
const splitAdvice: Record<PolicyType, string> = {
  identity: ' or split it into several policies',
  boundary: '; a user or role has only one permissions boundary',
  trust: '; a role has only one trust policy',
  session: '',
  scp: ' or split it into several SCPs',
  rcp: ' or split it into several RCPs',
  resource: '',
};

// Another inline policy on the same holder would count against the same quota.
const inlineAdvice = ' or move statements into a managed policy attached instead';

export const policySize: Check = {
  id: 'policy-size',
  severity: 'error',
  description:
    "A policy must fit its type's character quota: 6,144 for managed policies and permissions boundaries, 10,240, 5,120 and 2,048 for all the inline policies of a role, group or user together, and 2,048 for role trust policies (IAM does not count white space), 2,048 for session policies (every character counts), 5,120 for SCPs and RCPs (white space counts through the API and CLI, not from the console, so both sizes are reported), about 20 KB for most resource-based policies.",
  run({ policy, policyType, inlineOn, report }) {
    const root = policy.root;
    if (!root) return;
    const text = policy.sizeText ?? policy.text;
    // No count can exceed the text's length in UTF-16 units, so a text within the quota needs no counting.
    if (text.length <= policySizeQuota(policyType, inlineOn).limit) return;
    // The strict parser counted the policy text on its way (a host's sizeText it did not parse).
    const facts = policy.sizeText === undefined ? strictTreeFacts(root) : undefined;
    const counts = facts?.text === text ? { characters: text.length - facts.surrogatePairs, whitespace: facts.whitespace } : undefined;
    const { size, withWhitespace, withoutWhitespace, quota } = measurePolicySize(text, policyType, counts, inlineOn);
    if (size <= quota.limit) return;
    const what = policyTypeNames[policyType].replace(/ \(.*\)$/, '');
    const anchor = spanOf(root.offset, 1);
    // Both counts, so the reader sees what white space costs: "5,382 characters (3,522 without white space)".
    const counted = quota.countsWhitespace
      ? `characters${withoutWhitespace < withWhitespace ? ` (${formatCount(withoutWhitespace)} without white space)` : ''}`
      : `characters not counting white space${withWhitespace > withoutWhitespace ? ` (${formatCount(withWhitespace)} with it)` : ''}`;
    if (quota.consoleStripsWhitespace && withoutWhitespace <= quota.limit) {
      // Saved from the console the policy fits; only the API and CLI, which keep white space, would refuse it.
      report(
        anchor,
        `This ${lower(what)} is ${formatCount(withWhitespace)} characters as written and ${formatCount(withoutWhitespace)} without white space. The quota of ${formatCount(quota.limit)} for ${quota.appliesTo} counts white space when the policy is saved through the API, the CLI or an SDK (the console removes it): remove the white space outside strings before saving it that way.`,
        { severity: 'information', fixes: policy.syntaxErrors.length === 0 && policy.sizeText === undefined ? minifyFix(policy.text, quota.limit) : [] },
      );
      return;
    }
    if (quota.raisableTo !== undefined && size <= quota.raisableTo) {
      report(
        anchor,
        `This ${lower(what)} is ${formatCount(size)} ${counted}, over the default quota of ${formatCount(quota.limit)} for ${quota.appliesTo}. Cut at least ${formatCount(size - quota.limit)} characters, or raise the account's quota (up to ${formatCount(quota.raisableTo)}) in Service Quotas.`,
        { severity: 'warning' },
      );
      return;
    }
    const limit = quota.raisableTo ?? quota.limit;
    const which = quota.raisableTo === undefined ? 'the quota' : 'the highest quota AWS grants';
    report(
      anchor,
      `This ${lower(what)} is ${formatCount(size)} ${counted}, over ${which} of ${formatCount(limit)} for ${quota.appliesTo}. Cut at least ${formatCount(size - limit)} characters${inlineOn ? inlineAdvice : splitAdvice[policyType]}.`,
      // An inline policy over its holder's quota, which all of its inline policies share, is refused.
      {
        severity: inlineOn ? 'error' : severities[policyType],
        fixes: quota.countsWhitespace && policy.syntaxErrors.length === 0 && policy.sizeText === undefined ? minifyFix(policy.text, limit) : [],
      },
    );
  },
};

// Where white space counts, removing it outside strings is the cut that changes nothing else.
function minifyFix(text: string, limit: number): Fix[] {
  const minified = minifyPolicyText(text);
  if (minified.length === text.length) return [];
  const fits = countPolicyCharacters(minified, { countWhitespace: true }) <= limit;
  return [{ title: 'Remove white space outside strings', edits: [{ span: spanOf(0, text.length), newText: minified }], isPreferred: fits }];
}

function lower(name: string): string {
  // "Service control policy", "Role trust policy" ... read as common nouns; keep acronyms as they are.
  return /^[A-Z][a-z]/.test(name) ? name[0].toLowerCase() + name.slice(1) : name;
}
