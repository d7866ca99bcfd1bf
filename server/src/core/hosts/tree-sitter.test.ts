import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Parser } from 'web-tree-sitter';
import { editBetween } from './tree-sitter';
import { defaultConfiguration } from '../config/configuration';
import { loadPythonParser, parsePythonCdkSource, pythonParser } from './cdk/python';
import { cdkPythonReader } from './cdk/reader';
import { forgetEditorDocument } from './index';

before(loadPythonParser);

/** The edit as `[startIndex, oldEndIndex, newEndIndex]` and its three points as `row:column`. */
function plainEdit(before: string, after: string) {
  const edit = editBetween(before, after);
  const point = ({ row, column }: { row: number; column: number }) => `${row}:${column}`;
  return [
    [edit.startIndex, edit.oldEndIndex, edit.newEndIndex],
    [point(edit.startPosition), point(edit.oldEndPosition), point(edit.newEndPosition)],
  ];
}

test('the edit between two texts is the span between their common head and tail, with rows and columns', () => {
  assert.deepEqual(plainEdit('ab\ncd\nef', 'ab\ncXd\nef'), [
    [4, 4, 5],
    ['1:1', '1:1', '1:2'],
  ]);
  // Lines deleted: the old end is two rows below the start, the new end on the start's row.
  assert.deepEqual(plainEdit('a\nb\nc\nd', 'a\nd'), [
    [2, 6, 2],
    ['1:0', '3:0', '1:0'],
  ]);
  // Text typed at the end, over a line break.
  assert.deepEqual(plainEdit('x = 1', 'x = 1\ny = 22'), [
    [5, 5, 12],
    ['0:5', '0:5', '1:6'],
  ]);
});

test('editBetween agrees with a character-by-character comparison across chunk boundaries', () => {
  const base = Array.from({ length: 9000 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
  for (const [at, removed, inserted] of [
    [0, 0, 'x'],
    [2047, 1, ''],
    [2048, 0, 'yy'],
    [4100, 3, 'z'],
    [8999, 1, ''],
    [9000, 0, '!'],
  ] as const) {
    const after = base.slice(0, at) + inserted + base.slice(at + removed);
    const edit = editBetween(base, after);
    let start = 0;
    while (start < Math.min(base.length, after.length) && base[start] === after[start]) start++;
    let suffix = 0;
    while (suffix < Math.min(base.length, after.length) - start && base[base.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
    assert.deepEqual([edit.startIndex, edit.oldEndIndex, edit.newEndIndex], [start, base.length - suffix, after.length - suffix], `edit at ${at}`);
  }
});

test('an edit that changes half of a surrogate pair takes in the whole character', () => {
  // 😀 and 😁 share their high surrogate: the changed code unit alone would split a character.
  assert.deepEqual(plainEdit('x😀y', 'x😁y'), [
    [1, 3, 3],
    ['0:1', '0:3', '0:3'],
  ]);
  // A character typed before an emoji whose low surrogate matches the text's last unit.
  assert.deepEqual(plainEdit('a\uDE00', 'a\uD83D\uDE00')[0], [1, 2, 3]);
});

const STACK = `from aws_cdk import aws_iam as iam

class Stack:
    def __init__(self):
        role.add_to_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"]))
`;

/** Records, for each parse of the Python grammar, whether it started from an old tree. */
function spyOnParses(): { parses: ('incremental' | 'fresh')[]; restore: () => void } {
  const parser = pythonParser() as Parser;
  const parses: ('incremental' | 'fresh')[] = [];
  const original = parser.parse;
  parser.parse = function (this: Parser, input, oldTree, options) {
    parses.push(oldTree ? 'incremental' : 'fresh');
    return original.call(this, input, oldTree, options);
  } as Parser['parse'];
  return { parses, restore: () => void (parser.parse = original) };
}

let spy: ReturnType<typeof spyOnParses>;
before(() => (spy = spyOnParses()));
after(() => spy.restore());

// The calls the source makes, as written: what a parse of it gives the readers.
const callsOf = (text: string, document?: string) => parsePythonCdkSource(text, document)?.calls.map((call) => text.slice(call.start ?? 0, call.end ?? 0));

test("a document's next text is parsed from its last tree; the same text is not parsed again", () => {
  spy.parses.length = 0;
  const document = 'file:///incremental/same.py';
  const edited = STACK.replace('s3:GetObject', 's3:GetObjectTagging');
  assert.deepEqual(callsOf(STACK, document), callsOf(STACK));
  assert.deepEqual(callsOf(edited, document), callsOf(edited));
  callsOf(edited, document);
  // The keyed parses: fresh, then incremental, then none; each unkeyed one fresh.
  assert.deepEqual(spy.parses, ['fresh', 'fresh', 'incremental', 'fresh']);
});

test('a tree with a syntax error is parsed again from scratch, so findings never depend on how the text was typed', () => {
  const document = 'file:///incremental/broken.py';
  callsOf(STACK, document);
  spy.parses.length = 0;
  const broken = STACK.replace('resources=["*"]', 'resources=["*"');
  assert.deepEqual(callsOf(broken, document), callsOf(broken));
  assert.deepEqual(spy.parses, ['incremental', 'fresh', 'fresh']);
});

test('a grammar keeps the trees of the last four documents it parsed', () => {
  const first = 'file:///incremental/first.py';
  callsOf(STACK, first);
  for (const other of ['a', 'b', 'c', 'd']) callsOf(STACK, `file:///incremental/${other}.py`);
  spy.parses.length = 0;
  callsOf(STACK.replace('"*"', '"arn:aws:s3:::b/*"'), first);
  assert.deepEqual(spy.parses, ['fresh']);
  callsOf(STACK, 'file:///incremental/d.py');
  assert.deepEqual(spy.parses, ['fresh']);
});

test('a document read again unchanged stays among the kept trees: the least recently read one goes first', () => {
  const kept = 'file:///incremental/kept.py';
  callsOf(STACK, kept);
  for (const other of ['e', 'f', 'g']) callsOf(STACK, `file:///incremental/${other}.py`);
  // Read again as the editor does after a settings change: no parse, and it is the most recently used now.
  callsOf(STACK, kept);
  callsOf(STACK, 'file:///incremental/h.py');
  spy.parses.length = 0;
  callsOf(STACK.replace('"*"', '"arn:aws:s3:::b/*"'), kept);
  callsOf(STACK.replace('"*"', '"arn:aws:s3:::b/*"'), 'file:///incremental/e.py');
  assert.deepEqual(spy.parses, ['incremental', 'fresh']);
});

test('only an editor document keeps its tree: a file the command line reads once is parsed from scratch', () => {
  const uri = 'file:///incremental/app_stack.py';
  const edited = STACK.replace('"*"', '"arn:aws:s3:::b/*"');
  const read = (text: string, languageId?: string) => cdkPythonReader.read({ text, uri, config: defaultConfiguration, ...(languageId ? { languageId } : {}) });
  spy.parses.length = 0;
  read(STACK);
  read(edited);
  assert.deepEqual(spy.parses, ['fresh', 'fresh']);
  read(STACK, 'python');
  read(edited, 'python');
  assert.deepEqual(spy.parses, ['fresh', 'fresh', 'fresh', 'incremental']);
  // A closed document's tree is freed: its next text is parsed from scratch.
  forgetEditorDocument(uri);
  read(STACK, 'python');
  assert.deepEqual(spy.parses, ['fresh', 'fresh', 'fresh', 'incremental', 'fresh']);
});
