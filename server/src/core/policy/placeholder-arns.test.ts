import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { arnMatchText, placeholderNotes } from './placeholder-arns';
import type { Placeholder } from './model';

const catalog = getCatalog();

function value(text: string, holes: Omit<Placeholder, 'start' | 'end' | 'source'>[]): { value: string; placeholders: Placeholder[] } {
  const placeholders: Placeholder[] = [];
  let from = 0;
  for (const hole of holes) {
    const start = text.indexOf('${', from);
    const end = text.indexOf('}', start) + 1;
    placeholders.push({ ...hole, start, end, source: text.slice(start, end) });
    from = end;
  }
  return { value: text, placeholders };
}

test('partition, Region and account holes stay in their field; typed resources become their ARN format or a name', () => {
  assert.equal(
    arnMatchText(value('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*', [{ kind: 'partition' }, { kind: 'region' }, { kind: 'account' }]), catalog),
    'arn:aws:logs:us-east-1:123456789012:*',
  );
  assert.equal(arnMatchText(value('${Queue.Arn}', [{ kind: 'arn', resource: { service: 'sqs', type: 'queue', part: 'arn' } }]), catalog), 'arn:aws:sqs:us-east-1:123456789012:name');
  assert.equal(arnMatchText(value('arn:aws:s3:::${Bucket}/*', [{ kind: 'string', resource: { service: 's3', type: 'bucket', part: 'name' } }]), catalog), 'arn:aws:s3:::name/*');
});

test('holes of unknown kind, and a resource type the catalog lacks, stay as written', () => {
  assert.equal(arnMatchText(value('arn:aws:s3:::${Thing}/*', [{ kind: 'string' }]), catalog), 'arn:aws:s3:::${Thing}/*');
  assert.equal(arnMatchText(value('${X.Arn}', [{ kind: 'arn', resource: { service: 'nope', type: 'nothing', part: 'arn' } }]), catalog), '${X.Arn}');
  assert.equal(arnMatchText({ value: 'arn:aws:s3:::b' }, catalog), 'arn:aws:s3:::b');
});

test('placeholderNotes says what each typed hole is', () => {
  assert.deepEqual(placeholderNotes(value('${Topic}', [{ kind: 'arn', resource: { service: 'sns', type: 'topic', part: 'arn' } }])), ['${Topic} is the ARN of resource type sns:topic']);
  assert.deepEqual(placeholderNotes(value('${X}', [{ kind: 'string' }])), []);
});
