import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { redundantStatement } from './redundant-statement';

test('redundant-statement flags a statement another statement with the same effect and conditions covers', () => {
  const { actual, expected } = spansOf(
    redundantStatement,
    `{"Statement": [
      {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::a/*"},
      «{»"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::a/reports/*"},
      {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::a/*"},
      {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"}
    ]}`,
  );
  assert.deepEqual(actual, expected);
});

test('redundant-statement removes an exact repeat safely', () => {
  const text = '{"Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Sid": "B", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
  const [problem] = runCheck(redundantStatement, text);
  assert.equal(problem.message, 'Statement "B" repeats Statement "A". Remove it.');
  assert.equal(applyFix(text, problem), '{"Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  assert.equal(problem.fixes![0].isPreferred, true);
});

test('redundant-statement names the covering statement and leaves merging to the author', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/x"}, {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::a/*"}]}';
  const [problem] = runCheck(redundantStatement, text);
  assert.equal(problem.message, 'Statement 1 adds nothing: Statement 2 has the same Effect and Condition, and already covers its actions and resources. Remove it, or merge the two.');
  assert.equal(problem.fixes![0].isPreferred, undefined);
});

test('redundant-statement accepts statements that differ in effect, conditions, principals or NotAction', () => {
  const cases = [
    [
      { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    ],
    [
      { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 's3:GetObject', Resource: '*' },
    ],
    [
      { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    ],
  ];
  for (const statements of cases) assert.deepEqual(runCheck(redundantStatement, JSON.stringify({ Statement: statements })), [], JSON.stringify(statements));
});

test('redundant-statement compares conditions and principals by value: key order, layout and repeated keys do not matter, types do', () => {
  const covered = (condition: string, principal = '{"AWS": "111122223333"}') =>
    runCheck(
      redundantStatement,
      `{"Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a", "s3:prefix": ["x", "y"]}, "NumericLessThan": {"s3:max-keys": 10}}},
        {"Effect": "Allow", "Principal": ${principal}, "Action": "s3:GetObject", "Resource": "*", "Condition": ${condition}}
      ]}`,
    ).length;
  assert.equal(covered('{"NumericLessThan": {"s3:max-keys": 10}, "StringEquals": {"s3:prefix": ["x", "y"], "aws:PrincipalTag/team": "a"}}'), 1);
  assert.equal(covered('{ "StringEquals" : { "aws:PrincipalTag/team" : "b", "s3:prefix":["x","y"], "aws:PrincipalTag/team": "a" }, "NumericLessThan": {"s3:max-keys": 1e1}}'), 1);
  assert.equal(covered('{"StringEquals": {"aws:PrincipalTag/team": "a", "s3:prefix": ["x", "y"]}, "NumericLessThan": {"s3:max-keys": "10"}}'), 0);
  assert.equal(covered('{"StringEquals": {"aws:PrincipalTag/team": "a", "s3:prefix": ["y", "x"]}, "NumericLessThan": {"s3:max-keys": 10}}'), 0);
  assert.equal(covered('{"StringEquals": {"aws:PrincipalTag/team": "a", "s3:prefix": ["x", "y"]}, "NumericLessThan": {"s3:max-keys": 10}}', '{"AWS": "444455556666"}'), 0);
});

test('redundant-statement compares large conditions by value, and never groups conditions that differ', () => {
  const keys = Array.from({ length: 40 }, (_, i) => `aws:PrincipalTag/k${i}`);
  const condition = (order: string[], last = 'v') => `{"StringEquals": {${order.map((key) => `"${key}": "${key === keys[39] ? last : 'v'}"`).join(', ')}}}`;
  const covered = (other: string) =>
    runCheck(
      redundantStatement,
      `{"Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": ${condition(keys)}},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ${other}}
      ]}`,
    ).length;
  assert.equal(covered(condition([...keys].reverse())), 1, 'keys in another order');
  assert.equal(covered(condition([keys[39], ...keys], 'v')), 1, 'a repeated key: the last wins');
  assert.equal(covered(condition(keys, 'w')), 0);
  assert.equal(covered(condition(keys.slice(1))), 0);
  assert.equal(covered('{"StringEquals": {"aws:PrincipalTag/k0": "v"}}'), 0);
});

test('redundant-statement groups a null Principal with an absent one only beside a Condition', () => {
  const count = (first: object, second: object) =>
    runCheck(
      redundantStatement,
      JSON.stringify({
        Statement: [
          { Effect: 'Allow', Action: 's3:*', Resource: '*', ...first },
          { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...second },
        ],
      }),
    ).length;
  const condition = { Bool: { 'aws:SecureTransport': 'true' } };
  assert.equal(count({ Principal: null, Condition: condition }, { Condition: condition }), 1);
  assert.equal(count({ Principal: null }, {}), 0);
  assert.equal(count({ Condition: condition }, { Condition: { Bool: { 'aws:SecureTransport': true } } }), 0, '"true" is not true');
});

test('redundant-statement never groups conditions whose values hash alike but differ', () => {
  // The hash reads a string's length and three of its characters: these values share them.
  const statement = (value: string) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': value } } });
  assert.deepEqual(runCheck(redundantStatement, JSON.stringify({ Statement: [statement('abcde'), statement('xbcye')] })), []);
  assert.deepEqual(
    runCheck(
      redundantStatement,
      JSON.stringify({
        Statement: [
          { ...statement('abcde'), Principal: { AWS: 'abcde' } },
          { ...statement('abcde'), Principal: { AWS: 'xbcye' } },
        ],
      }),
    ),
    [],
  );
  assert.equal(runCheck(redundantStatement, JSON.stringify({ Statement: [statement('abcde'), statement('abcde')] })).length, 1);
});
