import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { parsePolicy } from '../policy/parse-policy';
import { inferPolicyType, type PolicyType } from '../policy/policy-type';
import { acceptCompletion } from '../../../../test/helpers/completion';
import { marked } from '../../../../test/helpers/marked';
import { completionsAt, type Completion } from './completion';

function complete(source: string, policyType?: PolicyType): { text: string; items: Completion[] } {
  const { text, cursor } = marked(source);
  const policy = parsePolicy(text);
  return { text, items: completionsAt({ policy, offset: cursor, catalog: getCatalog(), policyType: policyType ?? inferPolicyType(policy) }) };
}

/** Applies the completion with `label` as an editor would, with snippet tab stops reduced to their default text. */
function accept(source: string, label: string, policyType?: PolicyType): string {
  const { text, items } = complete(source, policyType);
  return acceptCompletion(text, items, label);
}

test('completes S3 actions after the service prefix, replacing the whole string', () => {
  assert.equal(accept('{"Statement": [{"Action": "s3:GetOb|"}]}', 's3:GetObject'), '{"Statement": [{"Action": "s3:GetObject"}]}');
  assert.equal(accept('{"Statement": [{"Action": ["iam:PassRole", "s3:GetOb|ject"]}]}', 's3:GetObject'), '{"Statement": [{"Action": ["iam:PassRole", "s3:GetObject"]}]}');
});

test('completes an action without an opening quote, and in an unterminated string', () => {
  assert.equal(accept('{"Statement": [{"Action": s3:GetOb|}]}', 's3:GetObject'), '{"Statement": [{"Action": "s3:GetObject"}]}');
  assert.equal(accept('{"Statement": [{"Action": "s3:GetOb|\n]}', 's3:GetObject'), '{"Statement": [{"Action": "s3:GetObject"\n]}');
});

test('action items carry the access level and description; groups say how many they cover', () => {
  const { items } = complete('{"Statement": [{"Action": "s3:|"}]}');
  const getObject = items.find((i) => i.label === 's3:GetObject')!;
  assert.equal(getObject.detail, 'Read');
  assert.match(getObject.documentation!, /retrieve objects/i);
  const getGroup = items.find((i) => i.label === 's3:Get*')!;
  assert.match(getGroup.detail!, /^\d+ actions$/);
  assert.ok(Number(getGroup.detail!.split(' ')[0]) > 20);
  assert.ok(items.some((i) => i.label === 's3:*'));
});

test('offers service prefixes first with their names; choosing one inserts the prefix and asks again', () => {
  const { items } = complete('{"Statement": [{"Action": "dyn|"}]}');
  const dynamodb = items.find((i) => i.label === 'dynamodb')!;
  assert.equal(dynamodb.detail, 'Amazon DynamoDB');
  assert.equal(dynamodb.retrigger, true);
  assert.equal(accept('{"Statement": [{"Action": "dyn|"}]}', 'dynamodb'), '{"Statement": [{"Action": "dynamodb:"}]}');
});

test('ranks sts:AssumeRole first in a trust policy', () => {
  const { items } = complete('{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "|"}]}');
  const assume = items.find((i) => i.label === 'sts:AssumeRole')!;
  assert.ok(assume.sortText!.startsWith('0'));
});

test('completes statement keys that are missing, with a value placeholder of the right type', () => {
  const { items } = complete('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "|"}]}');
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('Resource') && labels.includes('Condition') && labels.includes('Sid'));
  assert.ok(!labels.includes('Effect') && !labels.includes('Action') && !labels.includes('NotAction'), labels.join());
  assert.equal(accept('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "|"}]}', 'Resource'), '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [""]}]}');
  assert.equal(accept('{"Statement": [{"|"}]}', 'Effect'), '{"Statement": [{"Effect": "Allow"}]}');
});

test('renaming an existing key keeps its value', () => {
  assert.equal(accept('{"Statement": [{"Act|": "s3:GetObject"}]}', 'Action'), '{"Statement": [{"Action": "s3:GetObject"}]}');
});

test('completes top-level keys, Version and Effect values', () => {
  assert.equal(accept('{"Statement": [], "|"}', 'Version'), '{"Statement": [], "Version": "2012-10-17"}');
  assert.deepEqual(
    complete('{"Version": "|"}').items.map((i) => i.label),
    ['2012-10-17', '2008-10-17'],
  );
  assert.equal(accept('{"Statement": [{"Effect": "Al|"}]}', 'Allow'), '{"Statement": [{"Effect": "Allow"}]}');
});

test('completes principal types and service principals', () => {
  assert.deepEqual(
    complete('{"Statement": [{"Principal": {"|"}}]}').items.map((i) => i.label),
    ['AWS', 'Service', 'Federated', 'CanonicalUser'],
  );
  assert.equal(accept('{"Statement": [{"Principal": {"Service": "lam|"}}]}', 'lambda.amazonaws.com'), '{"Statement": [{"Principal": {"Service": "lambda.amazonaws.com"}}]}');
  assert.equal(
    accept('{"Statement": [{"Principal": {"AWS": "|"}}]}', 'arn:aws:iam::111122223333:role/role-name'),
    '{"Statement": [{"Principal": {"AWS": "arn:aws:iam::111122223333:role/role-name"}}]}',
  );
});

test('completes resource ARN templates of the statement actions as snippets', () => {
  const { items } = complete('{"Statement": [{"Action": "s3:GetObject", "Resource": "|"}]}');
  const object = items.find((i) => i.label === 'arn:${Partition}:s3:::${BucketName}/${ObjectName}')!;
  assert.equal(object.snippet, true);
  assert.equal(object.insertText, '"arn:${1:aws}:s3:::${2:BucketName}/${3:ObjectName}"');
  assert.equal(
    accept('{"Statement": [{"Action": "s3:GetObject", "Resource": "|"}]}', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'),
    '{"Statement": [{"Action": "s3:GetObject", "Resource": "arn:aws:s3:::BucketName/ObjectName"}]}',
  );
  assert.ok(items.some((i) => i.label === '*'));
});

test('offers nothing in places without completions', () => {
  assert.deepEqual(complete('{"Statement": [{"Sid": "|"}]}').items, []);
  assert.deepEqual(complete('{"Statement": [{"Action": "nosuchservice:|"}]}').items, []);
});

test('completes condition operators, with an empty key block when the operator is new', () => {
  const { items } = complete('{"Statement": [{"Condition": {"Str|"}}]}');
  const labels = items.map((i) => i.label);
  for (const name of ['StringEquals', 'StringLikeIfExists', 'ForAnyValue:StringEquals', 'Null', 'IpAddress']) assert.ok(labels.includes(name), name);
  assert.ok(!labels.includes('NullIfExists'));
  assert.equal(accept('{"Statement": [{"Condition": {"Str|"}}]}', 'StringEquals'), '{"Statement": [{"Condition": {"StringEquals": {\n\t"": ""\n}}}]}');
  assert.equal(accept('{"Statement": [{"Condition": {"Str|": {"aws:username": "a"}}}]}', 'StringLike'), '{"Statement": [{"Condition": {"StringLike": {"aws:username": "a"}}}]}');
});

test('operators that fit the keys already in the block come first', () => {
  const { items } = complete('{"Statement": [{"Condition": {"|": {"aws:SecureTransport": "true"}}}]}');
  const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
  assert.equal(sorted[0].label, 'Bool');
});

test('completes the condition keys of the statement actions and the global keys, with their types', () => {
  const { items } = complete('{"Statement": [{"Action": ["s3:ListBucket"], "Condition": {"StringEquals": {"|"}}}]}');
  const prefix = items.find((i) => i.label === 's3:prefix')!;
  assert.equal(prefix.detail, 'String');
  assert.ok(items.some((i) => i.label === 'aws:SourceIp' && i.detail === 'IPAddress · global'));
  assert.ok(!items.some((i) => i.label === 'ec2:InstanceType'), 'keys of other services are left out');
  assert.equal(
    accept('{"Statement": [{"Action": ["s3:ListBucket"], "Condition": {"StringEquals": {"s3:pre|"}}}]}', 's3:prefix'),
    '{"Statement": [{"Action": ["s3:ListBucket"], "Condition": {"StringEquals": {"s3:prefix": ""}}}]}',
  );
});

test('tag keys insert with a tab stop for the tag, and Bool keys offer true and false', () => {
  const { items } = complete('{"Statement": [{"Action": "ec2:RunInstances", "Condition": {"StringEquals": {"|"}}}]}');
  const tag = items.find((i) => i.label === 'aws:ResourceTag/${TagKey}')!;
  assert.equal(tag.insertText, '"aws:ResourceTag/${1:TagKey}": "$2"');
  const mfa = complete('{"Statement": [{"Condition": {"Bool": {"|"}}}]}').items.find((i) => i.label === 'aws:MultiFactorAuthPresent')!;
  assert.equal(mfa.insertText, '"aws:MultiFactorAuthPresent": "${1|true,false|}"');
  assert.ok(mfa.sortText!.startsWith('0'));
});

test('completes policy variables after ${ in Resource and Condition values', () => {
  assert.equal(accept('{"Statement": [{"Resource": "arn:aws:s3:::bucket/${aws:us|"}]}', 'aws:username'), '{"Statement": [{"Resource": "arn:aws:s3:::bucket/${aws:username}"}]}');
  assert.equal(
    accept('{"Statement": [{"Condition": {"StringLike": {"s3:prefix": "home/${|"}}}]}', 'aws:PrincipalTag/${TagKey}'),
    '{"Statement": [{"Condition": {"StringLike": {"s3:prefix": "home/${aws:PrincipalTag/TagKey}"}}}]}',
  );
  assert.ok(!complete('{"Statement": [{"Resource": "arn:aws:s3:::${|"}]}').items.some((i) => i.label === 'aws:TagKeys'), 'multi-valued keys are not variables');
});
