import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allConditionOperatorNames,
  conditionOperators,
  findConditionOperator,
  formatConditionOperator,
  isNullWithIfExists,
  likeVariantOf,
  parseConditionOperator,
  suggestConditionOperators,
} from './condition-operators';

test('the table holds the 27 base operators of the IAM User Guide', () => {
  assert.deepEqual(
    conditionOperators.map((d) => d.name),
    [
      'StringEquals',
      'StringNotEquals',
      'StringEqualsIgnoreCase',
      'StringNotEqualsIgnoreCase',
      'StringLike',
      'StringNotLike',
      'NumericEquals',
      'NumericNotEquals',
      'NumericLessThan',
      'NumericLessThanEquals',
      'NumericGreaterThan',
      'NumericGreaterThanEquals',
      'DateEquals',
      'DateNotEquals',
      'DateLessThan',
      'DateLessThanEquals',
      'DateGreaterThan',
      'DateGreaterThanEquals',
      'Bool',
      'BinaryEquals',
      'IpAddress',
      'NotIpAddress',
      'ArnEquals',
      'ArnLike',
      'ArnNotEquals',
      'ArnNotLike',
      'Null',
    ],
  );
  assert.ok(conditionOperators.every((d) => d.description.endsWith('.')));
});

test('parseConditionOperator takes qualifier, base and suffix apart', () => {
  const parsed = parseConditionOperator('ForAnyValue:StringLikeIfExists');
  assert.ok(parsed);
  assert.equal(parsed.base, 'StringLike');
  assert.equal(parsed.family, 'String');
  assert.equal(parsed.setQualifier, 'ForAnyValue');
  assert.equal(parsed.ifExists, true);
  assert.equal(parsed.like, true);
  assert.equal(parsed.negated, false);
  assert.equal(parsed.definition, findConditionOperator('StringLike'));

  const plain = parseConditionOperator('StringNotEqualsIgnoreCase');
  assert.ok(plain);
  assert.deepEqual([plain.negated, plain.ignoreCase, plain.like, plain.ifExists, plain.setQualifier], [true, true, false, false, undefined]);
});

test('parseConditionOperator is case-sensitive and rejects what IAM rejects', () => {
  for (const name of [
    'stringEquals',
    'StringEquals ',
    'forallvalues:StringEquals',
    'ForAllValues StringEquals',
    'StringEqualsIfexists',
    'NullIfExists',
    'ForAllValues:NullIfExists',
    'StringLikeIgnoreCase',
    'IfExists',
    '',
    'ForAnyValue:',
  ]) {
    assert.equal(parseConditionOperator(name), undefined, name);
  }
  assert.ok(parseConditionOperator('ForAllValues:Null'), 'a qualifier on Null is odd but accepted');
  assert.ok(parseConditionOperator('NotIpAddressIfExists'));
});

test('wildcards are honoured by the Like operators and by every ARN operator', () => {
  const like = conditionOperators.filter((d) => d.wildcards).map((d) => d.name);
  assert.deepEqual(like, ['StringLike', 'StringNotLike', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike']);
});

test('policy variables are taken by String, ARN and Bool operators only', () => {
  const families = new Set(conditionOperators.filter((d) => d.policyVariables).map((d) => d.family));
  assert.deepEqual([...families], ['String', 'Bool', 'Arn']);
});

test('formatConditionOperator puts the parts back together', () => {
  assert.equal(formatConditionOperator('StringLike'), 'StringLike');
  assert.equal(formatConditionOperator('StringLike', { setQualifier: 'ForAllValues', ifExists: true }), 'ForAllValues:StringLikeIfExists');
  for (const name of allConditionOperatorNames()) {
    const parsed = parseConditionOperator(name)!;
    assert.equal(formatConditionOperator(parsed.base, parsed), name);
  }
});

test('allConditionOperatorNames lists every combination once', () => {
  const names = allConditionOperatorNames();
  assert.equal(names.length, 3 * (27 + 26));
  assert.equal(new Set(names).size, names.length);
  assert.ok(!names.includes('NullIfExists'));
});

test('isNullWithIfExists recognises the suffix IAM rejects on Null', () => {
  assert.ok(isNullWithIfExists('NullIfExists'));
  assert.ok(isNullWithIfExists('ForAnyValue:NullIfExists'));
  assert.ok(!isNullWithIfExists('Null'));
  assert.ok(!isNullWithIfExists('StringEqualsIfExists'));
});

test('suggestConditionOperators fixes case slips, qualifiers and misspellings', () => {
  assert.deepEqual(suggestConditionOperators('stringEquals'), ['StringEquals']);
  assert.deepEqual(suggestConditionOperators('forallvalues:stringlike'), ['ForAllValues:StringLike']);
  assert.deepEqual(suggestConditionOperators('ForAnyValueStringEquals'), ['ForAnyValue:StringEquals']);
  assert.deepEqual(suggestConditionOperators('ForAllValues StringLike'), ['ForAllValues:StringLike']);
  assert.equal(suggestConditionOperators('StringEqual')[0], 'StringEquals');
  assert.equal(suggestConditionOperators('ArnLikeIfExist')[0], 'ArnLikeIfExists');
  assert.equal(suggestConditionOperators('IPAddress')[0], 'IpAddress');
  assert.deepEqual(suggestConditionOperators('Zebra'), []);
});

test('likeVariantOf maps the case-sensitive String equality operators to Like', () => {
  assert.equal(likeVariantOf(findConditionOperator('StringEquals')!)?.name, 'StringLike');
  assert.equal(likeVariantOf(findConditionOperator('StringNotEquals')!)?.name, 'StringNotLike');
  assert.equal(likeVariantOf(findConditionOperator('StringEqualsIgnoreCase')!), undefined);
  assert.equal(likeVariantOf(findConditionOperator('StringLike')!), undefined);
  assert.equal(likeVariantOf(findConditionOperator('NumericEquals')!), undefined);
});

test('parseConditionOperator answers a name asked again as it did the first time, unknown names included', () => {
  for (const name of ['ForAllValues:StringEquals', 'NullIfExists', 'StringEqualsIgnoreCaseIfExists', 'stringEquals']) {
    const first = parseConditionOperator(name);
    assert.deepEqual(parseConditionOperator(name), first);
  }
  assert.equal(parseConditionOperator('NullIfExists'), undefined);
  assert.equal(parseConditionOperator('ForAllValues:StringEquals')?.setQualifier, 'ForAllValues');
});
