import type { Catalog } from '../catalog/catalog';
import type { Placeholder } from './model';
import { textWithHoles } from './value-text';

// Stand-ins for values known only at deploy time, each of the shape AWS gives it: a partition, a Region and an account
// ID fill one ARN field and never hold a colon, a resource's name (PlaceholderResource) holds no `/` or `:`.
const PARTITION = 'aws';
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const NAME = 'name';

/**
 * The text a value with placeholders is matched to ARN formats by (arn-template.ts), with what the host knows of each
 * hole: `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}` stay inside their field; `!GetAtt Queue.Arn` of an
 * SQS queue is an ARN of the queue format (arn:aws:sqs:us-east-1:123456789012:name); `!Ref Bucket` of a bucket
 * is a name without `/`, so `arn:${AWS::Partition}:s3:::${Bucket}/*` names objects and never the bucket. Every other
 * hole stays written `${…}`, which the matcher reads as any text: a placeholder of unknown kind never makes a value
 * fit less. A value without placeholders is returned as it is.
 */
export function arnMatchText(value: { value: string; placeholders?: readonly Placeholder[] }, catalog: Catalog): string {
  return textWithHoles(value, (hole) => standIn(hole, catalog) ?? (isArnPrefix(value.value, hole) ? 'arn:*' : value.value.slice(hole.start, hole.end)))!;
}

/**
 * A hole the code writes for `arn:` and the partition together (`${this.arnPrefix}:s3:::${bucket}`, code sweep): it
 * starts the value, and what follows it is `:` and a service. Read as `arn:*`, the rest is an ARN of that service.
 */
function isArnPrefix(text: string, hole: Placeholder): boolean {
  return hole.start === 0 && hole.kind === 'string' && !hole.resource && /^:[a-z0-9-]+:/.test(text.slice(hole.end));
}

function standIn(hole: Placeholder, catalog: Catalog): string | undefined {
  if (hole.resource) {
    // A name or an ID holds no `/` or `:`; a URL (an SQS queue's Ref) is no ARN, and stays any text.
    if (hole.resource.part === 'name' || hole.resource.part === 'id') return NAME;
    if (hole.resource.part === 'url') return undefined;
    const format = catalog.findResourceType(hole.resource.service, hole.resource.type)?.arns[0];
    // An ARN of that format with every field filled: `${BucketName}` left open would match `bucket/key` too.
    const arn = format?.replace(/\$\{([^}]*)\}/g, (_, field: string) => (field === 'Partition' ? PARTITION : field === 'Region' ? REGION : field === 'Account' ? ACCOUNT : NAME));
    return arn === undefined ? undefined : arn + (hole.resource.suffix ?? '');
  }
  switch (hole.kind) {
    case 'partition':
      return PARTITION;
    case 'region':
      return REGION;
    case 'account':
      return ACCOUNT;
    default:
      return undefined;
  }
}

/**
 * What a value's typed placeholders stand for, for messages: `!GetAtt Topic.TopicArn is the ARN of resource type sns:topic`.
 * Empty when the value has none.
 */
export function placeholderNotes(value: { placeholders?: readonly Placeholder[] }): string[] {
  return (value.placeholders ?? []).flatMap(({ source, resource }) => (resource ? [`${source} is the ${partLabel[resource.part]} of resource type ${resource.service}:${resource.type}`] : []));
}

/** How messages name what a placeholder is of its resource. */
export const partLabel = { arn: 'ARN', name: 'name', id: 'ID', url: 'URL' } as const;
