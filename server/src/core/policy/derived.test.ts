import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DerivedSlot } from './derived';
import { parsePolicy } from './parse-policy';
import type { PolicyDocument, Statement } from './model';
import { getCatalog, type CatalogAction } from '../catalog/catalog';

test('a DerivedSlot keeps a value per owner, undefined included', () => {
  const slot = new DerivedSlot<Statement, number | undefined>();
  const other = new DerivedSlot<Statement, string>();
  const [first, second] = parsePolicy('{"Statement": [{"Effect": "Allow"}, {"Effect": "Deny"}]}').statements;
  assert.equal(slot.has(first), false);
  slot.set(first, undefined);
  other.set(second, 'second');
  assert.equal(slot.has(first), true);
  assert.equal(slot.get(first), undefined);
  assert.equal(slot.has(second), false);
  assert.equal(other.get(second), 'second');
  assert.equal(other.get(first), undefined);
});

test('a copy made by spreading does not inherit what was derived from the original', () => {
  const slot = new DerivedSlot<PolicyDocument, string>();
  const policy = parsePolicy('{"Statement": []}');
  slot.set(policy, 'original');
  const copy = { ...policy, statements: [] };
  assert.equal(slot.get(copy), undefined);
  assert.equal(slot.has(copy), false);
  assert.deepEqual(Object.keys(policy), Object.keys(copy));
});

test('a parsed statement keeps its slots where neither a spread copy nor its keys see them', () => {
  const slot = new DerivedSlot<Statement, string>();
  const [statement] = parsePolicy('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}').statements;
  const keys = Object.keys(statement);
  slot.set(statement, 'original');
  assert.equal(slot.get(statement), 'original');
  assert.deepEqual(Object.keys(statement), keys);
  const copy = { ...statement, action: undefined };
  assert.equal(slot.has(copy), false);
  slot.set(copy, 'copy');
  assert.equal(slot.get(copy), 'copy');
  assert.equal(slot.get(statement), 'original');
  // A statement parsed again from the same text starts with no slots.
  assert.equal(slot.has(parsePolicy('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}').statements[0]), false);
});

test('slots are numbered per family, so an owner of one family holds only the places of its own family', () => {
  const first = new DerivedSlot<{ derived?: unknown[] }, string>('test family');
  const second = new DerivedSlot<{ derived?: unknown[] }, string>('test family');
  new DerivedSlot<PolicyDocument, string>();
  const owner: { derived?: unknown[] } = {};
  second.set(owner, 'second');
  assert.equal(owner.derived?.length, 2);
  first.set(owner, 'first');
  assert.deepEqual(owner.derived, ['first', 'second']);
});

test('a catalog action keeps what is derived from it', () => {
  const action = getCatalog().findAction('s3:GetObject')!;
  const slot = new DerivedSlot<CatalogAction, number>('catalog action');
  slot.set(action, 7);
  assert.equal(slot.get(action), 7);
  assert.equal(slot.get(getCatalog().findAction('s3:PutObject')!), undefined);
  assert.match(action.description, /object/i);
});
