import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionDateEpoch } from './condition-date-epoch';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-date-epoch flags epoch values of Date operators', () => {
  const { actual, expected } = spansOf(
    conditionDateEpoch,
    policy('{"DateLessThan": {"aws:CurrentTime": ["«1700000000»", "2030-01-01"], "aws:TokenIssueTime": «1700000000»}, "DateGreaterThan": {"aws:EpochTime": ["1700000000", "«1700000000000»"]}}'),
  );
  assert.deepEqual(actual, expected);
});

test('condition-date-epoch converts epoch seconds to an ISO 8601 date', () => {
  const text = policy('{"DateLessThan": {"aws:CurrentTime": "1700000000"}}');
  const [problem] = runCheck(conditionDateEpoch, text);
  assert.equal(problem.message, '1700000000 is epoch time; an ISO 8601 date says plainly which moment is meant. Write "2023-11-14T22:13:20Z".');
  assert.equal(problem.fixes?.[0].isPreferred, true);
  assert.equal(applyFix(text, problem), policy('{"DateLessThan": {"aws:CurrentTime": "2023-11-14T22:13:20Z"}}'));
  const number = policy('{"DateLessThan": {"aws:CurrentTime": 1700000000}}');
  assert.equal(applyFix(number, runCheck(conditionDateEpoch, number)[0]), policy('{"DateLessThan": {"aws:CurrentTime": "2023-11-14T22:13:20Z"}}'));
});

test('condition-date-epoch explains that milliseconds are read as seconds', () => {
  const text = policy('{"DateLessThan": {"aws:CurrentTime": "1700000000000"}}');
  const [problem] = runCheck(conditionDateEpoch, text);
  assert.equal(problem.message, '1700000000000 looks like epoch milliseconds, but IAM reads epoch time in seconds (a date in the year 55840). Write "2023-11-14T22:13:20Z".');
  assert.equal(problem.fixes?.[0].isPreferred, false);
  assert.equal(applyFix(text, problem), policy('{"DateLessThan": {"aws:CurrentTime": "2023-11-14T22:13:20Z"}}'));
});

test('condition-date-epoch accepts ISO 8601 dates, epoch seconds on aws:EpochTime and other operators', () => {
  const text = policy(
    '{"DateLessThan": {"aws:CurrentTime": ["2030-01-01", "2030-01-01T00:00:00Z"], "aws:EpochTime": "1700000000"}, "NumericLessThan": {"aws:EpochTime": "1700000000"}, "StringEquals": {"aws:username": "1700000000"}}',
  );
  assert.deepEqual(runCheck(conditionDateEpoch, text), []);
});
