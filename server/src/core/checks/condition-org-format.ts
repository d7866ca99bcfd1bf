import { conditionBlocksOf, conditionValueSpan } from '../policy/condition-blocks';
import { placeholderIn } from '../policy/placeholder-text';
import { mayHavePolicyVariable } from '../policy/policy-variables';
import type { Check, Fix } from './check';

// aws:PrincipalOrgID, aws:SourceOrgID and aws:ResourceOrgID hold the ID of an organization: "o-" followed by 10 to 32
// lowercase letters or digits (Organizations' Organization.Id). Their …OrgPaths twins hold paths of IDs written
// `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`, each ending in a slash.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
// aws:VpceOrgID and aws:VpceOrgPaths hold the same of the VPC endpoint's owner.
const idKeys = new Set(['aws:principalorgid', 'aws:sourceorgid', 'aws:resourceorgid', 'aws:vpceorgid']);
const pathKeys = new Set(['aws:principalorgpaths', 'aws:sourceorgpaths', 'aws:resourceorgpaths', 'aws:vpceorgpaths']);
const ORG_ID = /^o-[a-z0-9]{10,32}$/;

export const conditionOrgFormat: Check = {
  id: 'condition-org-format',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'aws:PrincipalOrgID, aws:SourceOrgID, aws:ResourceOrgID and aws:VpceOrgID hold an organization ID ("o-" and 10 to 32 lowercase letters or digits), and their OrgPaths twins paths of IDs ending in "/": a placeholder left in, an ARN, an OU or account ID, or a bare ID as a path never matches.',
  run({ policy, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (operator?.family !== 'String') continue;
      for (const { key, values } of block.entry.keys) {
        const lower = key.toLowerCase();
        const isId = idKeys.has(lower);
        if (!isId && !pathKeys.has(lower)) continue;
        for (const value of values) {
          // Values known only at deploy (`${var.org_id}`) and policy variables are their writers'.
          if (value.jsonType !== 'string' || value.placeholders?.length || mayHavePolicyVariable(value.value)) continue;
          // Wildcards under an operator that reads them literally are condition-wildcard-without-like's.
          if (!operator.like && /[*?]/.test(value.value)) continue;
          const why = isId ? idMistake(value.value, operator.like) : pathMistake(value.value, operator.like);
          if (!why) continue;
          const span = conditionValueSpan(policy.text, value);
          if (placeholderIn(value.value)) {
            report(
              span,
              `"${value.value}" is a placeholder left in, not ${isId ? 'an organization ID' : 'an organization path'}: ${key} ${isId ? 'holds the ID of an organization' : 'holds paths of organization IDs'}, so this value never matches. Replace it with your organization's ${isId ? 'ID' : 'path'}.`,
            );
            continue;
          }
          const fixes: Fix[] = why.fix ? [{ title: `Change to "${why.fix}"`, edits: [{ span: value.span, newText: JSON.stringify(why.fix) }], isPreferred: true }] : [];
          report(
            span,
            `"${value.value}" ${why.what}: ${key} ${isId ? 'holds the ID of an organization ("o-" and 10 to 32 lowercase letters or digits)' : 'holds paths of organization IDs, such as "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"'}, so this value never matches. ${why.advice}`,
            {
              fixes,
            },
          );
        }
      }
    }
  },
};

interface Mistake {
  what: string;
  advice: string;
  fix?: string;
}

function idMistake(value: string, like: boolean): Mistake | undefined {
  if (ORG_ID.test(value)) return undefined;
  // Under a Like operator, a pattern that could match an ID: its letters and digits, wildcards, the prefix.
  if (like && /[*?]/.test(value) && /^(?:o-|o\*|o\?|\*|\?)[a-z0-9*?]*$/.test(value)) return undefined;
  const inArn = /^arn:aws[a-z-]*:organizations::\d{12}:(?:organization|account|ou|root)\/(o-[a-z0-9]{10,32})(?:\/|$)/.exec(value);
  if (inArn) return { what: 'is an ARN, not an organization ID', advice: `Write "${inArn[1]}".`, fix: inArn[1] };
  if (/^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/.test(value))
    return { what: 'is the ID of an OU, not of an organization', advice: 'To allow an OU, test aws:PrincipalOrgPaths with the OU\'s path ("o-…/r-…/ou-…/*").' };
  if (/^r-[a-z0-9]{4,32}$/.test(value)) return { what: "is the ID of an organization's root, not of the organization", advice: "Write the organization's ID." };
  if (/^\d{12}$/.test(value)) return { what: 'is an account ID, not an organization ID', advice: "Write the organization's ID, or test aws:PrincipalAccount for one account." };
  if (/^o-[a-z0-9]+$/i.test(value) && ORG_ID.test(value.toLowerCase()))
    return { what: 'is not an organization ID: IDs are in lower case', advice: `Write "${value.toLowerCase()}".`, fix: value.toLowerCase() };
  return { what: 'is not an organization ID', advice: "Write the organization's ID, which AWS Organizations shows on its Settings page." };
}

function pathMistake(value: string, like: boolean): Mistake | undefined {
  // A path starts at the organization (or a wildcard) and goes down through the root: `o-…/r-…/ou-…/`.
  if (/^(?:o-[a-z0-9]{10,32}|[*?][^/]*)\//.test(value) || (like && /^[*?]+$/.test(value))) return undefined;
  if (ORG_ID.test(value)) return { what: 'is an organization ID, not a path', advice: `Write the path with its slash, and a wildcard for what is under it: "${value}/*".`, fix: `${value}/*` };
  if (/^(?:ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})\/?$/.test(value))
    return { what: 'is an ID, not a path from the organization', advice: 'Write the whole path, from the organization\'s ID ("o-…/r-…/ou-…/").' };
  return { what: 'is not an organization path', advice: 'Write the path from the organization\'s ID ("o-…/r-…/ou-…/").' };
}
