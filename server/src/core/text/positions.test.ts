import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from './positions';

test('LineIndex counts \\n, \\r\\n and a lone \\r as one line break each, as LSP does', () => {
  const text = 'ab\ncd\r\nef\rgh\n\r\n\rij';
  const lines = new LineIndex(text);
  // Line starts: 0 (ab), 3 (cd), 7 (ef), 10 (gh), 13 (empty, ended by \r\n), 15 (empty, ended by \r), 16 (ij).
  const expected: [number, number, number][] = [
    [0, 0, 0],
    [2, 0, 2],
    [3, 1, 0],
    [5, 1, 2],
    [6, 1, 3],
    [7, 2, 0],
    [9, 2, 2],
    [10, 3, 0],
    [12, 3, 2],
    [13, 4, 0],
    [15, 5, 0],
    [16, 6, 0],
    [18, 6, 2],
  ];
  for (const [offset, line, character] of expected) {
    assert.deepEqual(lines.positionAt(offset), { line, character }, `offset ${offset}`);
    assert.equal(lines.offsetAt({ line, character }), offset, `line ${line}, character ${character}`);
  }
  assert.deepEqual(lines.positionAt(99), { line: 6, character: 2 });
  assert.deepEqual(new LineIndex('\r').positionAt(1), { line: 1, character: 0 });
  assert.deepEqual(new LineIndex('').positionAt(0), { line: 0, character: 0 });
});
