import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { parsePolicy } from '../policy/parse-policy';
import { marked } from '../../../../test/helpers/marked';
import { hoverAt } from './hover';

function hover(source: string) {
  const { text, cursor, spans } = marked(source);
  return { result: hoverAt(parsePolicy(text), cursor, getCatalog()), spans };
}

test('an action hover gives description, access level, resource types, condition keys and a reference link', () => {
  const { result, spans } = hover('{"Statement": [{"Effect": "Allow", "Action": «"s3:GetOb|ject"», "Resource": "*"}]}');
  assert.deepEqual(result!.span, spans[0]);
  const md = result!.markdown;
  assert.match(md, /^\*\*s3:GetObject\*\* · Read\n\nGrants permission to retrieve objects from Amazon S3/);
  assert.match(md, /- `object`: `arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}`/);
  assert.match(md, /\*\*Condition keys\*\*: .*`s3:ExistingObjectTag\/<key>`/);
  assert.match(md, /\(https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_amazons3\.html#amazons3-GetObject\)/);
  assert.match(md, /\*Service catalog 0\.21\.\d+ \(2026-09-26\)\*$/);
});

test('an action without resource types says to use "*"', () => {
  const { result } = hover('{"Statement": [{"Action": "s3:ListAllMy|Buckets"}]}');
  assert.match(result!.markdown, /Supports no resource type: use `"Resource": "\*"`\./);
});

test('a wildcard action hover counts the matches by access level and lists them, trimmed', () => {
  const { result } = hover('{"Statement": [{"Action": "s3:Get|*"}]}');
  const matches = getCatalog().matchActions('s3:Get*');
  assert.match(result!.markdown, new RegExp(`^\\*\\*s3:Get\\*\\*\\* matches ${matches.length} actions: \\d+ Read`));
  assert.match(result!.markdown, /\*\*Read\*\*: `s3:Get[^`]+`(, `s3:Get[^`]+`){11} and \d+ more/);
});

test('NotAction with Allow says how much it really grants', () => {
  const { result } = hover('{"Statement": [{"Effect": "Allow", "NotAction": "iam:|*", "Resource": "*"}]}');
  const total = getCatalog().counts.actions;
  const iam = getCatalog().matchActions('iam:*').length;
  assert.match(result!.markdown, new RegExp(`grants every action except these: \\*\\*${(total - iam).toLocaleString('en-US')} of ${total.toLocaleString('en-US')}\\*\\* actions`));
});

test('a condition key hover gives its type, description and which of the statement actions support it', () => {
  const { result, spans } = hover('{"Statement": [{"Action": ["s3:GetObject", "s3:ListBucket"], "Condition": {"StringEquals": {«"s3:pre|fix"»: "home/"}}}]}');
  assert.deepEqual(result!.span, spans[0]);
  assert.match(result!.markdown, /^\*\*s3:prefix\*\* · String/);
  assert.match(result!.markdown, /Supported by 1 of the statement's 2 actions: `s3:ListBucket`/);
  const global = hover('{"Statement": [{"Condition": {"IpAddress": {"aws:Sour|ceIp": "1.2.3.0/24"}}}]}').result!;
  assert.match(global.markdown, /A global condition key/);
  assert.match(global.markdown, /reference_policies_condition-keys\.html#condition-keys-sourceip/);
});

test('a principal hover says what kind of principal and which account', () => {
  assert.match(hover('{"Statement": [{"Principal": {"AWS": "arn:aws:iam::111122223333:role/De|ploy"}}]}').result!.markdown, /an IAM role in account 111122223333/);
  assert.match(hover('{"Statement": [{"Principal": {"AWS": "4444555|56666"}}]}').result!.markdown, /\*\*Account 444455556666\*\*/);
  assert.match(hover('{"Statement": [{"Principal": {"Service": "lambda.amazon|aws.com"}}]}').result!.markdown, /service principal of lambda/);
});

test('no hover on plain values', () => {
  assert.equal(hover('{"Statement": [{"Sid": "Re|ad"}]}').result, undefined);
  assert.equal(hover('{"Ver|sion": "2012-10-17"}').result, undefined);
});

test('an ARN hover shows its parts and the resource type it matches', () => {
  const { result, spans } = hover('{"Statement": [{"Resource": «"arn:aws:s3:::my-bucket/rep|orts/*"»}]}');
  assert.deepEqual(result!.span, spans[0]);
  assert.match(
    result!.markdown,
    /\| partition \| `aws` \|\n\| service \| `s3` \|\n\| Region \| \*\(empty\)\* \|\n\| account \| \*\(empty\)\* \|\n\| resource type \| `my-bucket` \|\n\| resource id \| `reports\/\*` \|/,
  );
  assert.match(result!.markdown, /\*\*Matches the resource types?\*\*\n- `object` \(s3\): `arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}`/);
  const table = hover('{"Statement": [{"Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Or|ders"}]}').result!.markdown;
  assert.match(table, /\| account \| `111122223333` \|/);
  assert.match(table, /- `table` \(dynamodb\)/);
});

test('an operator hover says what it does and how it treats a missing key', () => {
  const plain = hover('{"Statement": [{"Condition": {"StringEq|uals": {"aws:username": "a"}}}]}').result!.markdown;
  assert.match(plain, /^\*\*StringEquals\*\* · String operator/);
  assert.match(plain, /\*\*When the key is missing\*\*: false/);
  assert.match(hover('{"Statement": [{"Condition": {"BoolIf|Exists": {}}}]}').result!.markdown, /\*\*When the key is missing\*\*: true: `IfExists`/);
  assert.match(hover('{"Statement": [{"Condition": {"ForAllValues:String|Like": {}}}]}').result!.markdown, /pair it with a `Null` check/);
  assert.match(hover('{"Statement": [{"Condition": {"StringNot|Equals": {}}}]}').result!.markdown, /a negated operator matches/);
});
