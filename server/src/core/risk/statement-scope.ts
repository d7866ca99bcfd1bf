import { getCatalog, type Catalog } from '../catalog/catalog';
import { parseArn } from '../policy/arn';
import { templatesOf } from '../policy/arn-formats';
import { lookUpConditionKey } from '../policy/condition-keys';
import type { Statement } from '../policy/model';
import { DerivedSlot } from '../policy/derived';
import { hasUnreadMembers } from '../policy/parse-policy';
import type { Span } from '../text/span';
import { detached } from '../text/detached';

const allWildcard = /^\*+$/;
// `*/*` and the like match every object of every bucket, which for object actions is every resource there is.
const allResourcePart = /^\*+(?:\/\*+)*$/;

/**
 * Whether a Resource value stands for every resource of `service` (an ARN service namespace such as `s3`), or of
 * every service when `service` is undefined: `"*"`, `arn:*:*:*:*:*`, `arn:aws:*:*:*:*`, and for S3 also
 * `arn:aws:s3:::*` (the service's Region and account fields may be empty or wildcards, the resource only wildcards).
 */
export function coversAllResources(value: string, service?: string): boolean {
  if (value.charCodeAt(0) !== 97 /* a */) return allWildcard.test(value);
  // The rules ask this of the same values for every action they weigh; an answer depends only on the two strings.
  let answers = coverCache.get(service);
  if (!answers) {
    if (coverCache.size >= 1_000) coverCache.clear();
    coverCache.set(service === undefined ? service : detached(service), (answers = new Map()));
  }
  let covers = answers.get(value);
  if (covers === undefined) {
    covers = arnCoversAllResources(value, service);
    if (answers.size >= coverCacheLimit) answers.clear();
    answers.set(detached(value), covers);
  }
  return covers;
}

// By service (catalog prefixes and ARN service fields: a few hundred), then by value, bounded.
const coverCache = new Map<string | undefined, Map<string, boolean>>();
const coverCacheLimit = 10_000;

function arnCoversAllResources(value: string, service: string | undefined): boolean {
  const arn = parseArn(value);
  if (!arn) return false;
  const serviceText = arn.service.text;
  if (!allWildcard.test(serviceText) && (service === undefined || serviceText.toLowerCase() !== service.toLowerCase())) return false;
  if (arn.partition.text === '' || !allResourcePart.test(arn.resource.text)) return false;
  const region = arn.region.text;
  const account = arn.account.text;
  if ((region !== '' && !allWildcard.test(region)) || (account !== '' && !allWildcard.test(account))) return false;
  if (region !== '' && account !== '') return true;
  // An empty field matches only resources whose ARNs leave it empty: `arn:aws:s3:::*` every bucket and object, but
  // `arn:aws:rds:::*` no RDS resource, since every RDS ARN names an account (FALSE of the Kubernetes sweep: "rds:*
  // … on every resource").
  const known = emptyFieldsOf(allWildcard.test(serviceText) ? service : serviceText);
  if (!known) return true;
  return known.has(region === '' && account === '' ? 'both' : region === '' ? 'region' : 'account') || (region !== account && known.has('both'));
}

type EmptyFields = 'region' | 'account' | 'both';
let emptyFieldsByService: Map<string, Set<EmptyFields>> | undefined;

/**
 * Which of the Region and account fields the service's ARN formats leave empty, alone or together; undefined when the
 * catalog is not at hand or the service is not in it, where an empty field is taken as open.
 */
function emptyFieldsOf(service: string | undefined): ReadonlySet<EmptyFields> | undefined {
  if (service === undefined) return undefined;
  if (!emptyFieldsByService) {
    let catalog: Catalog;
    try {
      catalog = getCatalog();
    } catch {
      return undefined;
    }
    emptyFieldsByService = new Map();
    for (const entry of catalog.services()) {
      for (const resourceType of entry.resourceTypes) {
        for (const template of templatesOf(resourceType)) {
          const [, , arnService, region, account] = template.split(':');
          if (arnService === undefined || account === undefined || arnService.includes('$')) continue;
          const fields = emptyFieldsByService.get(arnService) ?? new Set<EmptyFields>();
          if (region === '' && account === '') fields.add('both');
          else if (region === '') fields.add('region');
          else if (account === '') fields.add('account');
          emptyFieldsByService.set(arnService, fields);
        }
      }
    }
  }
  return emptyFieldsByService.get(service.toLowerCase());
}

/** Where a statement reaches every resource, and how it says so, for messages. */
export interface AllResourcesReach {
  span: Span;
  /** The Resource value as written, `NotResource`, or an empty string when the statement has no resource element. */
  text: string;
}

/**
 * The Resource value through which a statement reaches every resource of `service`, or the NotResource key (a
 * statement with NotResource reaches everything but a few resources), or the statement's own span when it has
 * neither element (a role trust policy). Undefined when the statement names its resources.
 */
export function allResourcesReach(statement: Statement, service?: string): AllResourcesReach | undefined {
  if (statement.notResource) return { span: statement.notResource.property.keySpan, text: 'NotResource' };
  if (!statement.resource) return resourcesAddedElsewhere(statement) ? undefined : { span: statement.span, text: '' };
  const value = statement.resource.values.find((v) => coversAllResources(v.value, service));
  return value && { span: value.span, text: value.value };
}

/** Whether the statement reaches every resource of `service`; see `allResourcesReach`. */
export function reachesAllResources(statement: Statement, service?: string): boolean {
  if (statement.notResource) return true;
  if (!statement.resource) return !resourcesAddedElsewhere(statement);
  for (const { value } of statement.resource.values) if (coversAllResources(value, service)) return true;
  return false;
}

/**
 * Whether a statement of a policy that grants to its holder (identity-based, session) has neither Resource nor
 * NotResource, nor any the code around it may add: IAM rejects such a policy, so the statement grants nothing, and
 * resource-missing says so. It is no grant "on every resource" (a trust policy written in an aws_iam_policy, data
 * lake sweep: credentials-exposure and privilege-escalation on its sts:AssumeRole).
 */
export function lacksResources(statement: Statement): boolean {
  return !statement.resource && !statement.notResource && !resourcesAddedElsewhere(statement);
}

/**
 * A statement without Resource that the code around it may still give some: a CDK statement the app changes after
 * making it (`statement.addResources(…)`), whose resources are not in its props. What it reaches is not known.
 */
function resourcesAddedElsewhere(statement: Statement): boolean {
  return hasUnreadMembers(statement.node);
}

// Request keys that say how or when a request is made, not what it acts on.
const circumstanceKeys = new Set(['aws:securetransport', 'aws:currenttime', 'aws:epochtime', 'aws:referer', 'aws:useragent', 'aws:requestedregion']);

/**
 * The condition keys of a statement that narrow what a request may act on or create: resource and tag keys,
 * aws:SourceArn and the like, and every service-specific key (iam:PassedToService, s3:prefix, ec2:InstanceType).
 * Keys that only describe the caller, its session or its network (aws:PrincipalTag/…, aws:MultiFactorAuthPresent,
 * aws:SourceIp), and the time, transport and Region of the request, narrow nothing, and keys of identity providers
 * are counted as narrowing, to err on the side of silence.
 */
export function constrainingConditionKeys(statement: Statement, catalog: Catalog): readonly string[] {
  // Most statements have no Condition: answered without an entry in the table below, whose entries cost the collector.
  if (!statement.condition) return noKeys;
  const cached = constraining.get(statement);
  if (cached && cached.catalog === catalog) return cached.keys;
  const keys: string[] = [];
  for (const operator of statement.condition?.operators ?? []) {
    for (const { key } of operator.keys) if (isConstrainingKey(catalog, key)) keys.push(key);
  }
  constraining.set(statement, { catalog, keys });
  return keys;
}

// Several rules ask about the same statement; it is parsed once per keystroke, so the answer is kept with it.
const constraining = new DerivedSlot<Statement, { catalog: Catalog; keys: readonly string[] }>('statement');
const noKeys: readonly string[] = [];

export function hasConstrainingCondition(statement: Statement, catalog: Catalog): boolean {
  return constrainingConditionKeys(statement, catalog).length > 0;
}

function isConstrainingKey(catalog: Catalog, key: string): boolean {
  if (circumstanceKeys.has(key.toLowerCase())) return false;
  const found = lookUpConditionKey(catalog, key);
  if (found.kind !== 'known' || !found.key.global) return true;
  return found.key.category === 'resource' || found.key.category === 'request';
}
