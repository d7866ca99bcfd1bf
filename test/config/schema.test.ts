import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchemaPath, configSchemaText } from '../../scripts/config-schema';

const root = join(__dirname, '..', '..');

test('the .iam-policy.json schema lists every rule and is current (npm run docs writes it)', () => {
  assert.equal(readFileSync(configSchemaPath, 'utf8'), configSchemaText());
});

test('VS Code validates and completes .iam-policy.json with the shipped schema', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.iam-policy.json', url: './schemas/iam-policy-config.schema.json' }]);
  assert.ok(existsSync(join(root, 'schemas', 'iam-policy-config.schema.json')));
  assert.match(readFileSync(join(root, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m);
});
