import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings, normalizeSettings } from './settings';

test('valid settings are taken as given; "info" is accepted for information', () => {
  const { settings, problems } = normalizeSettings({
    validate: { enable: false },
    files: ['**/iam/*.json'],
    detectByContent: false,
    rules: { 'effect-value': 'info', 'version-missing': 'off' },
    policyTypes: { '**/scp/*.json': 'scp' },
    suppressions: [{ rule: 'wildcard-action', file: '**/a.json', statement: 'Admin' }],
    simulation: { codeLens: false },
    checks: { noNewAccessLens: false },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    validate: false,
    files: ['**/iam/*.json'],
    detectByContent: false,
    rules: { 'effect-value': 'information', 'version-missing': 'off' },
    policyTypes: { '**/scp/*.json': 'scp' },
    suppressions: [{ rule: 'wildcard-action', file: '**/a.json', statement: 'Admin' }],
    simulationCodeLens: false,
    noNewAccessLens: false,
  });
});

test('invalid values fall back to the defaults one by one, each with a message', () => {
  const { settings, problems } = normalizeSettings({
    validate: { enable: 'yes' },
    files: '*.json',
    detectByContent: 1,
    rules: { 'effect-value': 'loud', 'version-missing': 'off' },
    policyTypes: { '**/x.json': 'group' },
    suppressions: [{ file: 'x' }, { rule: 'ok-rule' }],
    simulation: { codeLens: 'no' },
    checks: { noNewAccessLens: 'off' },
  });
  assert.equal(settings.validate, defaultSettings.validate);
  assert.deepEqual(settings.files, defaultSettings.files);
  assert.equal(settings.detectByContent, true);
  assert.deepEqual(settings.rules, { 'version-missing': 'off' });
  assert.deepEqual(settings.policyTypes, {});
  assert.deepEqual(settings.suppressions, [{ rule: 'ok-rule' }]);
  assert.equal(settings.simulationCodeLens, true);
  assert.equal(settings.noNewAccessLens, true);
  assert.deepEqual(problems, [
    'iamPolicy.validate.enable must be true or false.',
    'iamPolicy.files must be an array of glob patterns.',
    'iamPolicy.detectByContent must be true or false.',
    'iamPolicy.rules.effect-value must be one of off, error, warning, information, hint.',
    'iamPolicy.policyTypes["**/x.json"] must be one of identity, resource, trust, scp, rcp, boundary, session.',
    'iamPolicy.suppressions entries need "rule" and optional "file" and "statement" strings; ignored {"file":"x"}.',
    'iamPolicy.simulation.codeLens must be true or false.',
    'iamPolicy.checks.noNewAccessLens must be true or false.',
  ]);
});

test('garbage instead of a settings object gives the defaults', () => {
  for (const raw of [null, undefined, 42, 'x', []]) assert.deepEqual(normalizeSettings(raw).settings, defaultSettings);
});
