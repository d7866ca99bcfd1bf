import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAuthorizationDetails, readAuthorizationDetailsEntries } from './authorization-details';
import { splitExportEntries } from './export-entries';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'account');
const bytesOf = (text: string) => new TextEncoder().encode(text);

const exported = {
  UserDetailList: [
    { UserName: 'u', Arn: 'arn:aws:iam::111122223333:user/u', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }] },
  ],
  RoleDetailList: [
    { RoleName: 'r', Arn: 'arn:aws:iam::111122223333:role/r', Tags: [{ Key: 'team', Value: 'é}\n{' }] },
    { RoleName: 's', Arn: 'arn:aws:iam::111122223333:role/s' },
  ],
  IsTruncated: false,
};

/** The entries put back in place of their numbers: what JSON.parse of the whole file gives. */
function reassembled(text: string): unknown {
  const entries = splitExportEntries(bytesOf(text));
  assert.ok(entries, 'split');
  const root = { ...entries.root };
  for (const [key, value] of Object.entries(root)) if (Array.isArray(value)) root[key] = value.map((n) => entries.entry(n as number));
  return root;
}

test('an indented export splits into its root and entries that put back together give the whole JSON', () => {
  for (const indent of [2, 4, '\t']) {
    const text = JSON.stringify(exported, null, indent);
    assert.deepEqual(splitExportEntries(bytesOf(text))!.root, { UserDetailList: [0], RoleDetailList: [1, 2], IsTruncated: false });
    assert.deepEqual(reassembled(text), JSON.parse(text));
  }
  const crlf = `\ufeff${JSON.stringify(exported, null, 4).replace(/\n/g, '\r\n')}\r\n`;
  assert.deepEqual(reassembled(crlf), exported);
});

test('the fixtures read entry by entry give the same account as read whole', () => {
  for (const name of readdirSync(fixtures).filter((file) => file.endsWith('.json'))) {
    const file = join(fixtures, name);
    const bytes = readFileSync(file);
    const entries = splitExportEntries(bytes);
    assert.ok(entries, name);
    assert.deepEqual(readAuthorizationDetailsEntries(entries, file), readAuthorizationDetails(bytes.toString('utf8'), file), name);
  }
});

test('any other layout is left to the whole-file reader', () => {
  const indented = JSON.stringify(exported, null, 2);
  const cases: Record<string, string> = {
    'on one line': JSON.stringify(exported),
    'a list given twice (JSON keeps the last)': indented.replace('"IsTruncated": false', '"RoleDetailList": []'),
    'a root value over several lines': indented.replace('"IsTruncated": false', '"Marker": {\n    "a": 1\n  }'),
    'a syntax error outside the entries': indented.replace('"IsTruncated": false', '"IsTruncated": fals'),
    'a list of other things than objects': indented.replace(/"RoleDetailList": \[[^]*\n {2}\]/, '"RoleDetailList": [\n    1\n  ]'),
  };
  for (const [name, text] of Object.entries(cases)) assert.equal(splitExportEntries(bytesOf(text)), undefined, name);
});

test('an entry that is not valid JSON, or not UTF-8, sends the whole file to the whole-file reader', () => {
  const broken = JSON.stringify(exported, null, 2).replace('"RoleName": "s"', '"RoleName": s');
  const entries = splitExportEntries(bytesOf(broken))!;
  assert.equal(entries.entry(2), undefined);
  assert.equal(readAuthorizationDetailsEntries(entries, 'broken.json'), undefined);
  const latin1 = bytesOf(JSON.stringify(exported, null, 2));
  latin1[latin1.indexOf(0xc3)] = 0xff;
  const notUtf8 = splitExportEntries(latin1)!;
  assert.equal(notUtf8.entry(1), undefined);
  assert.deepEqual(notUtf8.entry(0), exported.UserDetailList[0]);
});
