import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { parseConfigFile } from './config-file';
import { ConfigFileFinder } from './find-config';
import { mergeConfiguration, defaultConfiguration } from './configuration';
import { matchesAny } from './globs';

const rules = new Set(['wildcard-resource', 'effect-value', 'version-missing']);

test('a configuration file gives rules, policy types, files, exclusions and suppressions, globs relative to its folder', () => {
  const { settings, problems } = parseConfigFile(
    JSON.stringify({
      $schema: './node_modules/iam-policy-author/schemas/iam-policy-config.schema.json',
      rules: { 'wildcard-resource': 'off', 'version-missing': 'info' },
      policyTypes: { 'scps/**/*.json': 'scp', '**/trust/*.json': 'trust' },
      files: ['policies/*.txt'],
      exclude: ['fixtures/**'],
      suppressions: { 'policies/app.json': ['effect-value', { rule: 'wildcard-resource', statement: 'ReadLogs' }], '*.json': ['version-missing'] },
    }),
    '/repo',
    rules,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings.rules, { 'wildcard-resource': 'off', 'version-missing': 'information' });
  assert.deepEqual(settings.policyTypes, [
    { glob: '/repo/scps/**/*.json', type: 'scp' },
    { glob: '**/trust/*.json', type: 'trust' },
  ]);
  assert.deepEqual(settings.files, ['/repo/policies/*.txt']);
  assert.deepEqual(settings.exclude, ['/repo/fixtures/**']);
  assert.deepEqual(settings.suppressions, [
    { rule: 'effect-value', file: '/repo/policies/app.json' },
    { rule: 'wildcard-resource', file: '/repo/policies/app.json', statement: 'ReadLogs' },
    { rule: 'version-missing', file: '*.json' },
  ]);
  assert.equal(matchesAny('/repo/scps/ou/deny.json', [settings.policyTypes[0].glob]), true);
  assert.equal(matchesAny('/elsewhere/scps/deny.json', [settings.policyTypes[0].glob]), false);
});

test('each mistake in a configuration file is a problem at its place, and the valid entries still count', () => {
  const { text, spans } = marked(`{
  "rules": {«"wildcard-resourse"»: "off", "effect-value": «"loud"», "version-missing": "off"},
  "policyTypes": {"scps/*.json": «"organisation"»},
  "files": «"*.policy"»,
  "suppressions": {"*.json": [«42»]},
  «"ignore"»: []
}`);
  const { settings, problems } = parseConfigFile(text, '/repo', rules);
  assert.deepEqual(
    problems.map((p) => [p.ruleId, p.severity, p.span]),
    spans.map((span) => ['config-invalid', 'error', span]),
  );
  assert.deepEqual(
    problems.map((p) => p.message),
    [
      'Unknown rule "wildcard-resourse". Rule ids are listed in the README.',
      'Rule "effect-value" must be set to off, error, warning, info or hint.',
      'The policy type of "scps/*.json" must be one of identity, resource, trust, scp, rcp, boundary, session.',
      '"files" must be an array of glob patterns.',
      'Write a rule id, or {"rule": ID, "statement": SID} to suppress it in one statement (SID, or #n for the n-th statement).',
      'Unknown setting "ignore". Use rules, policyTypes, files, exclude, suppressions.',
    ],
  );
  assert.deepEqual(settings.rules, { 'version-missing': 'off' });
});

test('a configuration file that is not JSON, or not an object, is one problem and contributes nothing', () => {
  const broken = parseConfigFile('{"rules": {"effect-value": "off",', '/repo', rules);
  assert.equal(broken.problems[0].message, 'The configuration is not valid JSON: PropertyNameExpected.');
  assert.deepEqual(broken.settings.rules, {});
  const list = parseConfigFile('[]', '/repo', rules);
  assert.deepEqual(
    list.problems.map((p) => [p.message, p.span]),
    [['The configuration must be a JSON object with "rules", "policyTypes", "files", "exclude" and "suppressions".', { start: 0, end: 2 }]],
  );
  assert.deepEqual(parseConfigFile('', '/repo', rules).problems, []);
});

test('the nearest .iam-policy.json above a file applies, read once per folder', () => {
  const files: Record<string, string> = {
    '/repo/.iam-policy.json': '{"rules": {"effect-value": "off"}}',
    '/repo/team/.iam-policy.json': '{"rules": {"version-missing": "off"}}',
  };
  const reads: string[] = [];
  const finder = new ConfigFileFinder((path) => {
    reads.push(path);
    return files[path];
  }, rules);
  assert.equal(finder.forFile('/repo/team/sub/p.json')?.path, '/repo/team/.iam-policy.json');
  assert.equal(finder.forFile('/repo/other/p.json')?.path, '/repo/.iam-policy.json');
  assert.equal(finder.forFile('/elsewhere/p.json'), undefined);
  const before = reads.length;
  finder.forFile('/repo/team/sub/q.json');
  assert.equal(reads.length, before);
  finder.clear();
  finder.forFile('/repo/team/sub/q.json');
  assert.ok(reads.length > before);
});

test('settings win over the configuration file rule by rule; globs, exclusions and suppressions add up', () => {
  const file = parseConfigFile(
    '{"rules": {"effect-value": "off", "version-missing": "hint"}, "policyTypes": {"*.json": "scp"}, "files": ["*.txt"], "suppressions": {"a.json": ["effect-value"]}}',
    '/r',
    rules,
  ).settings;
  const merged = mergeConfiguration(
    { ...defaultConfiguration, rules: { 'effect-value': 'warning' }, policyTypes: [{ glob: 'x.json', type: 'rcp' }], suppressions: [{ rule: 'version-missing' }] },
    file,
  );
  assert.deepEqual(merged.rules, { 'effect-value': 'warning', 'version-missing': 'hint' });
  assert.deepEqual(merged.policyTypes, [
    { glob: 'x.json', type: 'rcp' },
    { glob: '*.json', type: 'scp' },
  ]);
  assert.deepEqual(merged.files, [...defaultConfiguration.files, '*.txt']);
  assert.deepEqual(merged.suppressions, [{ rule: 'version-missing' }, { rule: 'effect-value', file: 'a.json' }]);
});
