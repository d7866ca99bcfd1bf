import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeployString, type DeployValue } from '../../account/deploy-time';
import { HclEvaluator, type EvaluationContext } from './evaluate';
import { attributesOf, bodyOf } from './hcl';
import { terraformBlocks } from './blocks';
import { loadTerraformParser } from './parser';
import { collectionElements, isSetValue, navigate } from './values';

// Terraform's built-in functions over known values, each case from the function's page on
// https://developer.hashicorp.com/terraform/language/functions, evaluated by the evaluator the editor and the account
// model share. `var.*` are the test's inputs; `var.unknown` is known only at apply.

before(async () => {
  await loadTerraformParser();
});

const inputs: Record<string, DeployValue> = {
  bucket: 'logs',
  buckets: ['logs', 'data'],
  names: ['b', 'a', 'b', 'c'],
  tags: { team: 'core', env: 'prod' },
  prefix: 'arn:aws:s3:::',
  empty: '',
  none: null,
};

const evaluator = new HclEvaluator<EvaluationContext>((first, steps) => {
  const [name, ...rest] = steps;
  return first === 'var' && typeof name === 'string' && name in inputs ? navigate(inputs[name], rest) : undefined;
});

function valueOf(expression: string): DeployValue {
  const text = `locals {\n  value = ${expression}\n}\n`;
  const blocks = terraformBlocks(text);
  if (blocks instanceof Error) throw blocks;
  const attribute = attributesOf(bodyOf(blocks[0])).get('value');
  assert.ok(attribute?.value, `no expression in ${text}`);
  return evaluator.evaluate(attribute.value, text, {});
}

/** A DeployString as its parts, unknown parts written `${source}`, to compare in one string. */
function written(value: DeployValue): unknown {
  if (value instanceof DeployString) return value.parts.map((part) => (typeof part === 'string' ? part : part.source.startsWith('${') ? part.source : `\${${part.source}}`)).join('');
  return Array.isArray(value) ? value.map(written) : value;
}

const cases: [string, unknown][] = [
  // String functions.
  ['format("arn:aws:s3:::%s/*", var.bucket)', 'arn:aws:s3:::logs/*'],
  ['format("%s-%d-%t", "a", 3, true)', 'a-3-true'],
  ['format("%[2]s/%[1]s", "a", "b")', 'b/a'],
  ['format("100%%")', '100%'],
  ['format("%q", "x")', '"x"'],
  ['format("%#v", { b = 1, a = [true] })', '{"a":[true],"b":1}'],
  ['formatlist("arn:aws:s3:::%s/*", var.buckets)', ['arn:aws:s3:::logs/*', 'arn:aws:s3:::data/*']],
  ['formatlist("%s:%s", "s3", ["GetObject", "PutObject"])', ['s3:GetObject', 's3:PutObject']],
  ['upper("s3:getobject")', 'S3:GETOBJECT'],
  ['lower("ARN:AWS")', 'arn:aws'],
  ['join(",", ["a", "b", "c"])', 'a,b,c'],
  ['join("-", ["a"], ["b", "c"])', 'a-b-c'],
  ['split(",", "s3:GetObject,s3:PutObject")', ['s3:GetObject', 's3:PutObject']],
  ['replace("1 + 2 + 3", "+", "-")', '1 - 2 - 3'],
  ['replace("hello world", "/w.*d/", "everybody")', 'hello everybody'],
  ['replace("role-app", "/^role-(.*)$/", "$1")', 'app'],
  ['substr("hello world", 1, 4)', 'ello'],
  ['substr("🤔🤷", 0, 1)', '🤔'],
  ['substr("hello world", -5, -1)', 'world'],
  ['substr("hello", 2, 10)', 'llo'],
  ['trimprefix("helloworld", "hello")', 'world'],
  ['trimsuffix("helloworld", "world")', 'hello'],
  ['trimspace("  hello\\n")', 'hello'],
  ['startswith(var.prefix, "arn:")', true],
  ['endswith("hello", "x")', false],
  ['strcontains("hello", "ell")', true],
  // Collections.
  ['concat(["a", ""], ["b", "c"])', ['a', '', 'b', 'c']],
  ['flatten([["a", "b"], [], ["c", ["d"]]])', ['a', 'b', 'c', 'd']],
  ['distinct(["a", "b", "a", "c", "d", "b"])', ['a', 'b', 'c', 'd']],
  ['compact(["a", "", "b", null, "c"])', ['a', 'b', 'c']],
  ['merge({ a = "b", c = "d" }, null, { e = "f", c = "z" })', { a: 'b', c: 'z', e: 'f' }],
  ['coalesce("", "b")', 'b'],
  ['coalesce(var.none, var.empty, "c")', 'c'],
  ['lookup({ a = "ay", b = "bee" }, "a", "what?")', 'ay'],
  ['lookup({ a = "ay", b = "bee" }, "c", "what?")', 'what?'],
  ['element(["a", "b", "c"], 3)', 'a'],
  ['keys(var.tags)', ['env', 'team']],
  ['values(var.tags)', ['prod', 'core']],
  ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
  ['length(var.names)', 4],
  ['length("hello")', 5],
  ['contains(["a", "b", "c"], "a")', true],
  ['contains(["a", "b", "c"], "d")', false],
  ['contains(var.buckets, "data") ? "yes" : "no"', 'yes'],
  ['tolist(toset(["c", "b", "b"]))', ['b', 'c']],
  ['toset(["a", "b", 3])', ['3', 'a', 'b']],
  ['setunion(["a", "b"], ["b", "c"], ["d"])', ['a', 'b', 'c', 'd']],
  ['sort(["e", "d", "a", "x"])', ['a', 'd', 'e', 'x']],
  ['jsonencode({ hello = "world", "<b>" = [1, 2] })', '{"\\u003cb\\u003e":[1,2],"hello":"world"}'],
  ['try(var.tags.owner, var.tags.team)', 'core'],
  ['try(var.none.sid, "fallback")', 'fallback'],
  ['try(var.buckets[5], "none")', 'none'],
  ['try(var.unknown.sid, "fallback")', '${try(var.unknown.sid, "fallback")}'],
  ['tonumber("1")', 1],
  ['tostring(5)', '5'],
  ['concat(["a"], var.buckets)', ['a', 'logs', 'data']],
  ['format("%s-%s", ["a", "b"]...)', 'a-b'],
  // An argument known only at apply: the result is unknown, except where the argument is only placed in a string.
  ['format("arn:aws:s3:::%s/*", var.unknown)', 'arn:aws:s3:::${var.unknown}/*'],
  ['join("/", ["arn:aws:s3:::b", var.unknown])', 'arn:aws:s3:::b/${var.unknown}'],
  ['upper(var.unknown)', '${upper(var.unknown)}'],
  ['substr("${var.unknown}-operator", 0, 64)', '${substr("${var.unknown}-operator", 0, 64)}'],
  ['split(",", var.unknown)', '${split(",", var.unknown)}'],
  ['contains([var.unknown], "a")', '${contains([var.unknown], "a")}'],
  ['contains([var.unknown, "a"], "a")', true],
  ['coalesce(var.unknown, "b")', '${coalesce(var.unknown, "b")}'],
  ['compact(["a", var.unknown])', '${compact(["a", var.unknown])}'],
  ['compact(["a", "x-${var.unknown}"])', ['a', 'x-${var.unknown}']],
  ['toset(["a", var.unknown])', '${toset(["a", var.unknown])}'],
  // The AWS provider's arn_build (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/functions/arn_build).
  ['provider::aws::arn_build("aws", "athena", "us-east-1", "111122223333", "workgroup/primary")', 'arn:aws:athena:us-east-1:111122223333:workgroup/primary'],
  ['provider::aws::arn_build("aws", "s3", "", "", "${var.bucket}/*")', 'arn:aws:s3:::logs/*'],
  ['provider::aws::arn_build("aws", "athena", var.unknown, "111122223333", "workgroup/primary")', 'arn:aws:athena:${var.unknown}:111122223333:workgroup/primary'],
  ['provider::aws::arn_build("aws", "s3", "", "")', '${provider::aws::arn_build("aws", "s3", "", "")}'],
  // Not read here: a width, a regular expression whose meaning differs in RE2, a function of files.
  ['format("%-8s", "a")', '${format("%-8s", "a")}'],
  ['replace("a", "/(?i)A/", "b")', '${replace("a", "/(?i)A/", "b")}'],
  ['format("%s", "a", "b")', '${format("%s", "a", "b")}'],
  ['file("policy.json")', '${file("policy.json")}'],
];

test('built-in functions evaluate over known values as Terraform documents them', () => {
  for (const [expression, expected] of cases) assert.deepEqual(written(valueOf(expression)), expected, expression);
});

test('`concat(list...)` spreads the list into the arguments', () => {
  assert.deepEqual(valueOf('concat([["a"], ["b", "c"]]...)'), ['a', 'b', 'c']);
});

test('a set is iterated with each element as its own key; a list by index', () => {
  const set = valueOf('toset(["b", "a", "b"])');
  assert.ok(isSetValue(set));
  assert.deepEqual(collectionElements(set), [
    ['a', 'a'],
    ['b', 'b'],
  ]);
  assert.deepEqual(collectionElements(valueOf('["b", "a", "b"]')), [
    [0, 'b'],
    [1, 'a'],
    [2, 'b'],
  ]);
  assert.deepEqual(valueOf('{ for k, v in toset(["y", "x"]) : k => v }'), { x: 'x', y: 'y' });
  assert.deepEqual(valueOf('[for k, v in toset(["y", "x", "y"]) : "${k}=${v}"]'), ['x=x', 'y=y']);
});
