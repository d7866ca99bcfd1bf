import { test } from 'node:test';
import assert from 'node:assert/strict';
import { valueSpanMapper, valueSpanToDocument } from './json-string';

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

test('valueSpanToDocument maps offsets inside a plain string token', () => {
  const text = '{"a": "home/${aws:username}"}';
  const token = { start: 6, end: 28 };
  assert.equal(slice(text, valueSpanToDocument(text, token, true, 5, 20)), '${aws:username}');
  assert.equal(slice(text, valueSpanToDocument(text, token, true, 0, 20)), 'home/${aws:username}');
});

test('valueSpanToDocument steps over escapes', () => {
  const text = '{"a": "x\\"\\\\\\u0041${aws:username}"}';
  const token = { start: 6, end: text.length - 1 };
  // The value is x"\A${aws:username}: the variable starts at unit 4.
  assert.equal(slice(text, valueSpanToDocument(text, token, true, 4, 19)), '${aws:username}');
  assert.equal(slice(text, valueSpanToDocument(text, token, true, 1, 2)), '\\"');
  assert.equal(slice(text, valueSpanToDocument(text, token, true, 3, 4)), '\\u0041');
});

test('valueSpanToDocument maps bare numbers and booleans directly', () => {
  const text = '{"a": 1700000000}';
  assert.equal(slice(text, valueSpanToDocument(text, { start: 6, end: 16 }, false, 0, 10)), '1700000000');
});

test('valueSpanToDocument clamps offsets past the end of the value', () => {
  const text = '{"a": "ab"}';
  assert.deepEqual(valueSpanToDocument(text, { start: 6, end: 10 }, true, 0, 9), { start: 7, end: 9 });
  const escaped = '{"a": "\\"b"}';
  assert.deepEqual(valueSpanToDocument(escaped, { start: 6, end: 11 }, true, 1, 9), { start: 9, end: 10 });
});

// No wall-clock assertion (load on a shared machine would flake it): the input is sized so that a backtracking or
// quadratic implementation runs for minutes, a linear one for milliseconds, and the test's timeout fails the former.
test('valueSpanMapper maps many offsets of one value in linear time', { timeout: 20_000 }, () => {
  const units = 400_000;
  const value = '\\"'.repeat(units);
  const text = `{"a": "${value}"}`;
  const map = valueSpanMapper(text, { start: 6, end: text.length - 1 }, true);
  for (let unit = 0; unit < units; unit++) {
    const start = map(unit, unit + 1).start;
    if (start !== 7 + unit * 2) assert.fail(`unit ${unit} mapped to ${start}, expected ${7 + unit * 2}`);
  }
});
