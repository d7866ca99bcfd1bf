import type { Catalog, CatalogAction, CatalogResourceType } from '../catalog/catalog';
import { splitArn, type Arn } from './arn';
import { arnMatchesTemplate, arnResourceMatchesTemplate } from './arn-template';

/** One ARN format of the catalog: a template of one resource type, split into its fields. */
export interface ArnFormat {
  /** As in the Service Authorization Reference, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  readonly template: string;
  readonly resourceType: CatalogResourceType;
  /** The template's service field, e.g. `s3`; not always the prefix of the service that defines the type. */
  readonly service: string;
  readonly region: FieldUse;
  readonly account: FieldUse;
}

/** How a template uses its Region or account field: left empty, any value (`*`), or a value required. */
export type FieldUse = 'none' | 'any' | 'required';

/** The catalog's ARN formats, indexed by the service namespace in the ARN. */
export interface ArnFormatIndex {
  /** Formats whose ARN names `service` (case-sensitive: ARN services are lower case). */
  formatsOf(service: string): readonly ArnFormat[];
  /** Whether `service` is an action prefix or appears as the service of some ARN format. Ignores case. */
  isKnownService(service: string): boolean;
  /** Every known service namespace in lower case, sorted, for "did you mean" suggestions. */
  knownServices(): readonly string[];
}

const indexes = new WeakMap<Catalog, ArnFormatIndex>();

/** The ARN format index of `catalog`, built on first use and kept as long as the catalog. */
export function arnFormatIndex(catalog: Catalog): ArnFormatIndex {
  let index = indexes.get(catalog);
  if (!index) {
    index = buildIndex(catalog);
    indexes.set(catalog, index);
  }
  return index;
}

const templateLists = new WeakMap<CatalogResourceType, readonly string[]>();

/**
 * The ARN templates of a resource type. The reference occasionally lists two formats in one cell
 * ("arn:…/apis/${ApiId}/stages, arn:…/restapis/${RestApiId}/stages"); they come back as two templates.
 */
export function templatesOf(resourceType: CatalogResourceType): readonly string[] {
  let templates = templateLists.get(resourceType);
  if (!templates) {
    const { arns } = resourceType;
    // Nearly every type has one template, written clean: its list is the catalog's own.
    templates =
      arns.length === 1 && arns[0].length > 0 && !arns[0].includes(',') && arns[0].trim() === arns[0]
        ? arns
        : arns
            .flatMap((arn) => arn.split(/,\s*(?=arn:)/))
            .map((arn) => arn.trim())
            .filter((arn) => arn.length > 0);
    templateLists.set(resourceType, templates);
  }
  return templates;
}

/**
 * The formats of the ARN's service whose resource part the ARN's resource can match, e.g. only the bucket
 * format for `arn:aws:s3:::my-bucket`. Empty when the resource fits none of them.
 */
export function formatsFittingResource(formats: readonly ArnFormat[], arn: Arn): ArnFormat[] {
  const resource = arn.resource.text;
  const fitting = formats.filter((format) => arnResourceMatchesTemplate(resource, format.template));
  if (fitting.length > 0 || !resource.startsWith('/') || !starBeforeResource(arn) || formats.some((format) => resourcePartOf(format.template).startsWith('/'))) return fitting;
  // "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon
  // boundaries" (the Resource element's page): in arn:aws:logs:*:*:/aws-glue/* (AWS's Glue managed policies) the
  // account's star also stands for `123456789012:log-group`, and the colon after it is the one that opens the log
  // group's name. Read so only a resource part that begins with a `/` no format of the service begins with (a path,
  // as log group names are): a misspelt type (`tabel/x`) is still one.
  return formats.filter((format) => arnResourceMatchesTemplate(`*:${resource}`, format.template));
}

// The field written before the resource part ends in `*`: the account's, or the Region's where the account is empty.
function starBeforeResource(arn: Arn): boolean {
  const before = arn.account.text !== '' ? arn.account.text : arn.region.text;
  return before.endsWith('*');
}

/** The formats of an ARN's service, and those its resource part fits. */
export interface ArnFormatMatch {
  readonly all: readonly ArnFormat[];
  /** Empty when the resource fits none of the formats. */
  readonly fitting: readonly ArnFormat[];
  /** `fitting` when it has any, otherwise `all`: what the Region and account of the ARN are held against. */
  readonly relevant: readonly ArnFormat[];
}

const matches = new WeakMap<Arn, { catalog: Catalog; match: ArnFormatMatch | undefined }>();

/**
 * The formats an ARN is held against, or undefined when its service is a pattern or has no formats in the
 * catalog. Cached per parsed ARN, so the rules that share a parsed policy share the work.
 */
export function formatsForArn(catalog: Catalog, arn: Arn): ArnFormatMatch | undefined {
  const cached = matches.get(arn);
  if (cached && cached.catalog === catalog) return cached.match;
  const all = arnFormatIndex(catalog).formatsOf(arn.service.text);
  let match: ArnFormatMatch | undefined;
  if (all.length > 0) {
    const fitting = formatsFittingResource(all, arn);
    match = { all, fitting, relevant: fitting.length > 0 ? fitting : all };
  }
  matches.set(arn, { catalog, match });
  return match;
}

/** Whether `arn` (a policy ARN, wildcards and variables allowed) can name a resource that `action` acts on. */
export function actionAcceptsArn(action: CatalogAction, arn: string): boolean {
  for (const use of action.resourceTypes) {
    for (const template of templatesOf(use.resourceType)) if (arnMatchesTemplate(arn, template)) return true;
  }
  return false;
}

/**
 * Namespaces AWS writes in ARNs that no resource type of the reference declares, so that the catalog cannot know them.
 * The Amazon Chime SDK's SIP media applications are `arn:aws:voiceconnector:REGION:ACCOUNT:sma/ID`, which its guide
 * has a Lex bot's resource policy test in aws:SourceArn ("Granting permissions to use a bot", StartBotConversation;
 * EUC sweep: a false arn-service error). https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html
 */
const ARN_ONLY_NAMESPACES = ['voiceconnector'];

function buildIndex(catalog: Catalog): ArnFormatIndex {
  const byService = new Map<string, ArnFormat[]>();
  const known = new Set<string>();
  for (const service of catalog.services()) {
    known.add(service.prefix.toLowerCase());
    for (const resourceType of service.resourceTypes) {
      for (const template of templatesOf(resourceType)) {
        const fields = templateFields(template);
        if (!fields) continue;
        const [service, region, account] = fields;
        // A placeholder service (`${Vendor}` in AWS Backup's recovery point) stands for several; file the format
        // under the service that defines it, whose own ARNs it covers too (arn:aws:backup:…:recovery-point:…).
        const arnService = service.includes('$') ? resourceType.service : service;
        known.add(arnService.toLowerCase());
        const format: ArnFormat = { template, resourceType, service: arnService, region: fieldUse(region), account: fieldUse(account) };
        const list = byService.get(arnService);
        if (list) list.push(format);
        else byService.set(arnService, [format]);
      }
    }
  }
  for (const namespace of ARN_ONLY_NAMESPACES) known.add(namespace);
  const sorted = [...known].sort();
  return {
    formatsOf: (service) => byService.get(service) ?? [],
    isKnownService: (service) => known.has(service.toLowerCase()),
    knownServices: () => sorted,
  };
}

/**
 * The service, Region and account fields of a catalog template, or undefined when it has fewer than six fields. A
 * template's placeholders (`${Region}`) hold no colon, so its fields lie between its first five colons: what
 * `splitArn` finds, without its walk over policy variables, which was a quarter of the index's build.
 */
export function templateFields(template: string): [service: string, region: string, account: string] | undefined {
  const afterPartition = template.indexOf(':', template.indexOf(':') + 1);
  const afterService = afterPartition < 0 ? -1 : template.indexOf(':', afterPartition + 1);
  const afterRegion = afterService < 0 ? -1 : template.indexOf(':', afterService + 1);
  const afterAccount = afterRegion < 0 ? -1 : template.indexOf(':', afterRegion + 1);
  if (afterAccount < 0) return undefined;
  return [template.slice(afterPartition + 1, afterService), template.slice(afterService + 1, afterRegion), template.slice(afterRegion + 1, afterAccount)];
}

function fieldUse(text: string): FieldUse {
  if (text === '') return 'none';
  return /^\*+$/.test(text) ? 'any' : 'required';
}

/**
 * A sentence start saying that the formats lack a field, e.g. `The ARN format of s3 bucket
 * (arn:${Partition}:s3:::${BucketName}) has no Region` or `No ARN format of iam has a Region`.
 */
export function formatsLackField(formats: readonly ArnFormat[], field: 'Region' | 'account ID'): string {
  const distinct = distinctFormats(formats);
  if (distinct.length === 1) return `The ARN format of ${nameOf(distinct[0])} has no ${field}`;
  return `No ARN format of ${servicesOf(distinct)} has ${field === 'Region' ? 'a Region' : 'an account ID'}`;
}

/** A clause saying that the formats need a field: `the ARN format of dynamodb table (…) has one`. */
export function formatsNeedField(formats: readonly ArnFormat[]): string {
  const distinct = distinctFormats(formats);
  if (distinct.length === 1) return `the ARN format of ${nameOf(distinct[0])} has one`;
  return `every ARN format of ${servicesOf(distinct)} has one`;
}

// Some services list another service's format as their own (AWS Systems Manager lists the S3 bucket); name
// each template once, by the service whose namespace it carries.
function distinctFormats(formats: readonly ArnFormat[]): ArnFormat[] {
  const byTemplate = new Map<string, ArnFormat>();
  for (const format of formats) {
    const seen = byTemplate.get(format.template);
    if (!seen || (seen.resourceType.service !== seen.service && format.resourceType.service === format.service)) byTemplate.set(format.template, format);
  }
  return [...byTemplate.values()];
}

function nameOf(format: ArnFormat): string {
  return `${format.resourceType.service} ${format.resourceType.name} (${format.template})`;
}

function servicesOf(formats: readonly ArnFormat[]): string {
  return [...new Set(formats.map((format) => format.service))].join(' and ');
}

/** The text of a template after its fifth colon, e.g. `table/${TableName}`; empty when it has fewer colons. */
export function resourcePartOf(template: string): string {
  const fields = splitArn(template);
  return fields.length < 6 ? '' : fields[5].text;
}
