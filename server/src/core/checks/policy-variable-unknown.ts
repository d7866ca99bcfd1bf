import { lookUpConditionKey, suggestConditionKeys } from '../policy/condition-keys';
import { substitutesVariables, variableSitesOf, variableSpan } from '../policy/variable-sites';
import type { Check, Fix } from './check';

// Variables of other policy languages written in IAM's JSON: AWS Transfer Family's session policies
// (https://docs.aws.amazon.com/transfer/latest/userguide/users-policies-session.html) and AWS IoT Core's policies
// (https://docs.aws.amazon.com/iot/latest/developerguide/iot-policy-variables.html) fill in names that are no IAM
// condition keys.
const otherLanguages = new Set(['transfer:homebucket', 'transfer:homedirectory', 'transfer:homefolder', 'transfer:username']);
const otherPrefixes = ['iot:'];

// The Serverless Framework's variable sources (https://www.serverless.com/framework/docs/guides/variables): its own,
// and the two it names like IAM keys.
const SERVERLESS_OWN_SOURCE = /^\s*(?:self|opt|sls|env|param|ssm|cf(?:\.[\w-]+)?):/;
const SERVERLESS_AWS_SOURCE = /^\s*aws:(?:accountId|region)\s*$/;

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html: "If AWS cannot resolve a
// variable this might cause the entire statement to be invalid." A key no request carries never resolves.
export const policyVariableUnknown: Check = {
  id: 'policy-variable-unknown',
  severity: 'warning',
  description:
    'A policy variable names a condition key a request can carry: a global key or one of the service\'s keys ("${aws:username}", "${aws:PrincipalTag/team}"). IAM cannot resolve any other, so the value that holds it matches nothing, or only its default value.',
  run({ policy, catalog, report }) {
    const sites = variableSitesOf(policy);
    // A policy that names the Serverless Framework's own variables (`${self:custom.bucket}`) is a service file's, whose
    // `${aws:region}` and `${aws:accountId}` the Framework fills in too.
    let serverless: boolean | undefined;
    const namesServerless = () => (serverless ??= sites.some((site) => site.scan.variables.some((variable) => !variable.literal && SERVERLESS_OWN_SOURCE.test(variable.name))));
    for (const site of sites) {
      // Variables elsewhere are plain text, and policy-variable-placement's.
      if (!substitutesVariables(site.element)) continue;
      for (const variable of site.scan.variables) {
        if (variable.literal) continue;
        const name = variable.name;
        const lower = name.toLowerCase();
        if (otherLanguages.has(lower) || otherPrefixes.some((prefix) => lower.startsWith(prefix))) continue;
        if (SERVERLESS_AWS_SOURCE.test(name) && namesServerless()) continue;
        const found = lookUpConditionKey(catalog, name);
        if (found.kind === 'known' || found.kind === 'unknown-prefix') continue;
        const span = variableSpan(policy, site, variable.start, variable.end);
        const written = site.value.value.slice(variable.start, variable.end);
        const outcome = variable.defaultValue === undefined ? 'this value matches nothing' : `this value is always its default, "${variable.defaultValue}"`;
        if (found.kind === 'missing-placeholder') {
          report(
            span,
            `"${written}" names no key: "${found.template.name}" needs the name after it, as in "\${${found.template.name.replace(/\$\{[^}]*\}|<[^>]*>/, 'team')}}"; IAM cannot resolve it, so ${outcome}.`,
          );
          continue;
        }
        // `${AWS::AccountId}` outside Fn::Sub: CloudFormation leaves it as written, and IAM reads a variable.
        if (/^AWS::[A-Za-z]+$/.test(name)) {
          report(
            span,
            `"${written}" is a CloudFormation pseudo parameter, which only Fn::Sub (!Sub) replaces: outside it IAM reads a policy variable it cannot resolve, so ${outcome}. Write the value with !Sub.`,
          );
          continue;
        }
        if (found.kind === 'malformed') {
          report(span, `"${written}" names no condition key (a key is "prefix:name", as in "aws:username"), and nothing fills it in before IAM reads it: IAM cannot resolve it, so ${outcome}.`);
          continue;
        }
        const what = found.kind === 'unknown-global' ? 'is not a global condition key' : `is not a condition key of ${found.service.name}`;
        const suggestions = suggestConditionKeys(catalog, name);
        const hint = suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : '';
        const fixes: Fix[] = suggestions.map((suggestion) => {
          const replacement = written.replace(name, suggestion);
          return { title: `Change to "${replacement}"`, edits: [{ span, newText: replacement }], isPreferred: suggestions.length === 1 };
        });
        report(span, `"${name}" ${what}, so IAM cannot resolve "${written}" and ${outcome}.${hint}`, { fixes });
      }
    }
  },
};
