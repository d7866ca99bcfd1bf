import type { PolicyVariableProblem } from '../policy/policy-variables';
import { substitutesVariables, variableSitesOf, variableSpan } from '../policy/variable-sites';
import type { Placeholder } from '../policy/model';
import { spanInValue } from '../policy/policy-arns';
import type { ValueSpanMapper } from '../text/json-string';
import type { Span } from '../text/span';
import type { Check, CheckContext, Fix } from './check';

// The IAM Access Analyzer errors "Missing brace in variable", "Empty variable", "Unsupported space in variable",
// "Unsupported symbol in variable" and "Missing quote in variable".
export const policyVariableSyntax: Check = {
  id: 'policy-variable-syntax',
  severity: 'error',
  description: 'A policy variable is "${" and a key name without spaces, optionally a comma and a default value in single quotes, and "}": ${aws:username}, ${aws:userid, \'anonymous\'}.',
  run(context) {
    const { policy, report } = context;
    for (const site of variableSitesOf(policy)) {
      // Variables elsewhere are policy-variable-placement's, whatever their shape.
      if (!substitutesVariables(site.element)) continue;
      for (const problem of site.scan.problems) {
        const span = variableSpan(policy, site, problem.start, problem.end);
        const fixes: Fix[] = problem.replacement ? [{ title: `Change to "${problem.replacement}"`, edits: [{ span, newText: escapeJson(problem.replacement) }], isPreferred: true }] : [];
        report(span, messageFor(problem), { fixes });
      }
    }
    for (const statement of policy.statements) {
      for (const value of statement.resource?.values ?? []) reportMissingDollar(context, value);
      for (const operator of statement.condition?.operators ?? []) for (const key of operator.keys) for (const value of key.values) reportMissingDollar(context, value);
    }
  },
};

// A variable written without its `$` (`"appstream:userId": "{saml:sub}"`, EUC sweep: an AppStream SAML role no user
// could stream with): IAM compares the braces as text. Only keys IAM substitutes by their prefix, so that no other
// text in braces is taken for one.
const MISSING_DOLLAR = /(?<![$&%])\{((?:aws|saml|sts|ec2|cognito-identity\.amazonaws\.com|accounts\.google\.com|graph\.facebook\.com|www\.amazon\.com):[A-Za-z][\w./:-]*)\}/g;

function reportMissingDollar(context: CheckContext, value: { value: string; jsonType?: string; span: Span; mapSpan?: ValueSpanMapper; placeholders?: readonly Placeholder[] }): void {
  if (value.jsonType !== undefined && value.jsonType !== 'string') return;
  if (!value.value.includes('{')) return;
  for (const match of value.value.matchAll(MISSING_DOLLAR)) {
    const start = match.index;
    if (value.placeholders?.some((hole) => hole.start <= start && start < hole.end)) continue;
    const span = spanInValue(context.policy, value, start, start + match[0].length);
    const fixed = `\${${match[1]}}`;
    context.report(span, `"${match[0]}" is not a policy variable: without "$" IAM compares the text as written. Write "${fixed}".`, {
      fixes: [{ title: `Change to "${fixed}"`, edits: [{ span, newText: escapeJson(fixed) }], isPreferred: true }],
    });
  }
}

function messageFor(problem: PolicyVariableProblem): string {
  const text = problem.text;
  switch (problem.kind) {
    case 'unclosed':
      return `Policy variable "${text}" has no closing brace. Add "}" after the key name.`;
    case 'empty':
      return `"${text}" is an empty policy variable. Put a key name between the braces, as in "\${aws:username}", or remove it.`;
    case 'space':
      return `Policy variable "${text}" has a space in its name, which IAM does not allow.${problem.replacement ? ` Write "${problem.replacement}".` : ' Remove the space.'}`;
    case 'symbol':
      return `Policy variable "${text}" has a character that no condition key name has. Remove it.`;
    case 'unquoted-default':
      return `The default value in "${text}" must be in single quotes${problem.replacement ? `: "${problem.replacement}"` : ''}.`;
  }
}

// The replacement goes inside a JSON string; policy variables hold no characters that need escaping but these.
function escapeJson(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
