import type { Catalog, CatalogAction } from '../catalog/catalog';
import type { ListElement, StringValue } from '../policy/model';
import { actionsMatching, compressActions, describeLevels, formatCount, listForMessage, summaryOfPattern, type ActionSummary } from '../risk/action-expansion';
import { replaceValueWithStrings } from '../risk/policy-edits';
import { grantsPermissions } from '../risk/policy-scope';
import { hasWildcard } from '../text/wildcard';
import type { Check, Fix, Severity } from './check';

// Fixes that list more values than this would bury the statement; the user is better served by the message.
const MAX_FIX_VALUES = 40;
// Up to this many Write or Permissions management actions in a mostly read pattern are named, as information.
const MAX_NAMED_SURPRISES = 3;

export const wildcardAction: Check = {
  id: 'wildcard-action',
  severity: 'warning',
  description:
    'An Allow statement\'s "*", "service:*", or a wildcard that matches Write or Permissions management actions grants more than most policies need, including actions AWS adds later.',
  run({ policy, policyType, catalog, report }) {
    if (!grantsPermissions(policyType)) return;
    for (const statement of policy.statements) {
      const action = statement.action;
      if (statement.effect?.value?.value !== 'Allow' || !action) continue;
      for (const value of action.values) {
        if (!hasWildcard(value.value)) continue;
        const summary = summaryOfPattern(catalog, value.value);
        const finding = findingFor(value.value, summary, catalog);
        if (finding) report(value.span, finding.message, { severity: finding.severity, fixes: fixesFor(policy.text, catalog, action, value, summary) });
      }
    }
  },
};

function findingFor(pattern: string, summary: ActionSummary, catalog: Catalog): { message: string; severity: Severity } | undefined {
  const { levels } = summary;
  if (/^\*+$/.test(pattern)) {
    return { severity: 'warning', message: `"${pattern}" allows every action of every service: ${formatCount(summary.count)} actions today (${describeLevels(summary)}), and every action AWS adds later. Allow only the actions this policy needs.` };
  }
  const colon = pattern.indexOf(':');
  const prefix = pattern.slice(0, colon);
  const name = pattern.slice(colon + 1);
  if (colon > 0 && /^\*+$/.test(name) && !hasWildcard(prefix)) {
    const service = catalog.findService(prefix);
    if (!service || summary.count === 0) return undefined;
    return {
      severity: 'warning',
      message: `"${pattern}" allows all ${formatCount(summary.count)} actions of ${service.name} (${describeLevels(summary)}), and those AWS adds later. Allow only the actions this policy needs.`,
    };
  }
  const strong = levels.Write + levels['Permissions management'];
  if (strong === 0) return undefined;
  const services = summary.services > 1 ? ` of ${formatCount(summary.services)} services` : '';
  const matched = actionsMatching(catalog, pattern);
  if (summary.count === 1) return { message: `"${pattern}" allows 1 action, ${matched[0].fullName} (${matched[0].accessLevel}). Write the action's full name, so that actions AWS adds later are not allowed too.`, severity: 'information' };
  const allows = `"${pattern}" allows ${formatCount(summary.count)} actions${services} (${describeLevels(summary)})`;
  // A read-style pattern (ec2:Describe*, backup:List*) that sweeps in a few actions AWS classes as Write or
  // Permissions management: naming them is more useful than a warning about the pattern as a whole.
  if (strong <= MAX_NAMED_SURPRISES && strong * 2 < summary.count) {
    const surprises = matched.filter(isStrong);
    const named = surprises.map((a) => `${a.fullName} (${a.accessLevel})`);
    return { message: `${allows}, among them ${listForMessage(named, MAX_NAMED_SURPRISES)}. If those are not meant to be allowed, list the actions this policy needs.`, severity: 'information' };
  }
  return { message: `${allows}. List the actions this policy needs.`, severity: 'warning' };
}

function fixesFor(text: string, catalog: Catalog, element: ListElement, value: StringValue, summary: ActionSummary): Fix[] {
  const matched = actionsMatching(catalog, value.value);
  const fixes: Fix[] = [];
  if (matched.length > 0 && matched.length <= MAX_FIX_VALUES) {
    fixes.push({
      title: `Replace "${value.value}" with the ${matched.length} ${matched.length === 1 ? 'action' : 'actions'} it matches`,
      edits: [replaceValueWithStrings(text, element, value, matched.map((a) => a.fullName))],
    });
  }
  // Across hundreds of services no short read-only list exists; skip the work.
  if (summary.services > MAX_FIX_VALUES) return fixes;
  const readOnly = matched.filter(isReadOrList);
  if (readOnly.length > 0 && readOnly.length < summary.count) {
    const values = compressActions(catalog, readOnly);
    if (values.length <= MAX_FIX_VALUES) {
      fixes.push({
        title: `Replace "${value.value}" with its ${readOnly.length} Read and List ${readOnly.length === 1 ? 'action' : 'actions'}`,
        edits: [replaceValueWithStrings(text, element, value, values)],
      });
    }
  }
  return fixes;
}

function isStrong(action: CatalogAction): boolean {
  return action.accessLevel === 'Write' || action.accessLevel === 'Permissions management';
}

function isReadOrList(action: CatalogAction): boolean {
  return action.accessLevel === 'Read' || action.accessLevel === 'List';
}
