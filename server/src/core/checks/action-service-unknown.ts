import type { Catalog } from '../catalog/catalog';
import { closestMatches, editDistance } from '../text/suggest';
import type { Check } from './check';
import { ActionIssue, actionNameOf, forEachResolvedAction } from './resolved-actions';
import { detached } from '../text/detached';

export const actionServiceUnknown: Check = {
  id: 'action-service-unknown',
  severity: 'error',
  description: 'The service prefix of an action must be one AWS defines (s3, ec2, iam ...); a statement naming an unknown service never matches a request.',
  run({ policy, catalog, report }) {
    forEachResolvedAction(policy, catalog, ActionIssue.UnknownService, (value, known) => {
      if (!known || known.prefixHasWildcard || known.service) return;
      const action = actionNameOf(value);
      const managed = catalog.managedPolicyGranting(action.prefix);
      if (managed) {
        report(
          action.prefixSpan,
          `"${action.prefix}" is not a service prefix in the Service Authorization Reference, though the AWS managed policy ${managed.policy} grants its actions: a service AWS retired (they then grant nothing) or has not documented. Keep it only where you mean to copy that policy.`,
          { severity: 'information' },
        );
        return;
      }
      const suggestions = prefixSuggestions(catalog, action.prefix, action.nameHasWildcard ? undefined : action.name);
      const hint = suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : ' Check the service prefix in the Service Authorization Reference.';
      report(action.prefixSpan, `"${action.prefix}" is not a known AWS service prefix.${hint}`, {
        fixes: suggestions.map((prefix, i) => ({
          title: `Change to "${prefix}:${action.name}"`,
          edits: [{ span: action.prefixSpan, newText: prefix }],
          isPreferred: i === 0 && suggestions.length === 1,
        })),
      });
    });
  },
};

// Old policies repeat the same retired prefix hundreds of times; suggest once per prefix.
const suggestionsByCatalog = new WeakMap<Catalog, Map<string, string[]>>();
// Bounded, so that a file of made-up prefixes cannot grow it without end.
const suggestionLimit = 1000;

/**
 * The prefixes meant: those of services the prefix names (`efs` for Amazon Elastic File System, `eventbridge`,
 * `stepfunctions`, `msk`, an SDK client's `sfn`), those of them that have the action if any do; else the one service that
 * has the action; else the prefixes spelled closest.
 */
function prefixSuggestions(catalog: Catalog, prefix: string, actionName: string | undefined): string[] {
  let cache = suggestionsByCatalog.get(catalog);
  if (!cache) suggestionsByCatalog.set(catalog, (cache = new Map()));
  const key = actionName === undefined ? prefix : `${prefix}:${actionName}`;
  let suggestions = cache.get(key);
  if (!suggestions) {
    // Nearest in spelling first: `dynamo` names both DynamoDB and DynamoDB Accelerator (DAX), and means the first.
    const lower = prefix.toLowerCase();
    const alias = SHORT_NAMES[lower];
    const named = alias ? [alias] : servicesNamedBy(catalog, prefix).sort((a, b) => editDistance(lower, a) - editDistance(lower, b));
    const hasAction = (service: string) => actionName !== undefined && catalog.findAction(`${service}:${actionName}`) !== undefined;
    const namedWithAction = named.filter(hasAction);
    // Else the one service that has the action, when one does.
    const withAction = actionName === undefined ? [] : catalog.services().filter((service) => hasAction(service.prefix));
    suggestions =
      namedWithAction.length > 0
        ? namedWithAction
        : named.length > 0
          ? named.slice(0, 3)
          : withAction.length === 1
            ? [withAction[0].prefix]
            : closestMatches(
                prefix,
                catalog.services().map((service) => service.prefix),
              );
    if (cache.size >= suggestionLimit) cache.clear();
    cache.set(detached(key), suggestions);
  }
  return suggestions;
}

/**
 * The short names of SDK clients and CLI commands that neither a service's name nor its prefix spells, and the CLI
 * commands of one service's several APIs that IAM authorizes under the service's one prefix (`aws bedrock-agent`,
 * `aws sso-admin`: bedrock:GetKnowledgeBase, sso:CreatePermissionSet).
 */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  sfn: 'states',
  elbv2: 'elasticloadbalancing',
  apigw: 'apigateway',
  apigatewayv2: 'apigateway',
  apigatewaymanagementapi: 'execute-api',
  cfn: 'cloudformation',
  ddb: 'dynamodb',
  dynamodbstreams: 'dynamodb',
  'bedrock-agent': 'bedrock',
  'bedrock-agent-runtime': 'bedrock',
  'bedrock-runtime': 'bedrock',
  'sso-admin': 'sso',
  'sso-oidc': 'sso-oauth',
  'sagemaker-runtime': 'sagemaker',
  'iot-data': 'iot',
  'iot-jobs-data': 'iot',
  'lex-models': 'lex',
  'lex-runtime': 'lex',
  'lexv2-models': 'lex',
  'lexv2-runtime': 'lex',
  'kinesis-video-archived-media': 'kinesisvideo',
  'kinesis-video-media': 'kinesisvideo',
  'kinesis-video-signaling': 'kinesisvideo',
};

/** Words of a service's name that say nothing of which service it is. */
const FILLER = new Set(['amazon', 'aws', 'service', 'services', 'v2', 'apis', 'api', 'for', 'and', 'the', 'of', 'on', 'apache', 'with']);

/**
 * The services whose name the prefix writes: its words run together (`eventbridge`, `stepfunctions`), their initials
 * (`efs`, `elb`, `msk`), or one of its words (`msk` in "Apache Kafka APIs for Amazon MSK clusters"); a prefix of
 * five letters or more may begin the words run together (`cognito`).
 */
function servicesNamedBy(catalog: Catalog, prefix: string): string[] {
  const wanted = prefix.toLowerCase().replace(/[-_]/g, '');
  if (wanted.length < 2) return [];
  const found: string[] = [];
  for (const service of catalog.services()) {
    const words = service.name
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word !== '' && !FILLER.has(word));
    const joined = words.join('');
    const initials = words.map((word) => word[0]).join('');
    if (joined === wanted || initials === wanted || words.includes(wanted) || (wanted.length >= 5 && joined.startsWith(wanted))) found.push(service.prefix);
  }
  return found;
}
