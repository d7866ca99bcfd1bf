import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeText, readTextFile } from './text-file';

const policy = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bücket/*"}]}';

test('decodeText reads UTF-8 with or without a byte order mark, and UTF-16 in either byte order by its mark', () => {
  assert.equal(decodeText(Buffer.from(policy, 'utf8')), policy);
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(policy, 'utf8')])), policy);
  const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(policy, 'utf16le')]);
  assert.equal(decodeText(little), policy);
  const big = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(policy, 'utf16le').swap16()]);
  assert.equal(decodeText(big), policy);
  // A last odd byte is no character; a file of the mark alone is empty.
  assert.equal(decodeText(Buffer.concat([little, Buffer.from([0x41])])), policy);
  assert.equal(decodeText(Buffer.from([0xff, 0xfe])), '');
  assert.equal(decodeText(Buffer.alloc(0)), '');
});

test('readTextFile decodes the file it reads', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'iam-policy-text-')), 'policy.json');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(policy, 'utf16le')]));
  assert.equal(readTextFile(file), policy);
});
