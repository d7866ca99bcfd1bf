import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, type DocumentAnalysis } from '../../server/src/core/analyze';
import { defaultConfiguration } from '../../server/src/core/config/configuration';
import { LineIndex } from '../../server/src/core/text/positions';

// Real CloudFormation and SAM templates from public repositories under permissive licences
// (test/fixtures/public-templates/SOURCES.md), linted as `iam-policy lint` lints them. Every finding was judged by
// hand (the judgement is in SOURCES.md); the snapshot keeps each one as "line:column severity rule-id", so a change
// of the template reader or of any rule shows up here. After a deliberate change, regenerate and review the diff:
//
//   UPDATE_TEMPLATE_SNAPSHOT=1 node scripts/run-tests.mjs test/templates/public-templates

const dir = join(__dirname, '..', 'fixtures', 'public-templates');
const snapshotPath = join(__dirname, 'public-templates.snapshot.json');

let cache: Map<string, { text: string; analysis: DocumentAnalysis }> | undefined;

function analyses(): Map<string, { text: string; analysis: DocumentAnalysis }> {
  cache ??= new Map(
    readdirSync(dir)
      .filter((file) => /\.(ya?ml|json)$/.test(file))
      .sort()
      .map((file) => {
        const text = readFileSync(join(dir, file), 'utf8');
        return [file, { text, analysis: analyzeDocument({ text, uri: `file:///public-templates/${file}` }, { config: defaultConfiguration }) }];
      }),
  );
  return cache;
}

function snapshotOf(): Record<string, { policies: number; findings: string[] }> {
  const result: Record<string, { policies: number; findings: string[] }> = {};
  for (const [file, { text, analysis }] of analyses()) {
    const lines = new LineIndex(text);
    result[file] = {
      policies: analysis.policies.filter((policy) => policy.variantOf === undefined).length,
      findings: analysis.problems.map((p) => {
        const { line, character } = lines.positionAt(p.span.start);
        return `${line + 1}:${character + 1} ${p.severity} ${p.ruleId}`;
      }),
    };
  }
  return result;
}

test('every public template is read as a template, with its sources listed', () => {
  const sources = readFileSync(join(dir, 'SOURCES.md'), 'utf8');
  assert.equal(analyses().size, 26);
  for (const [file, { analysis }] of analyses()) {
    assert.equal(analysis.kind, 'cloudformation', file);
    assert.ok(sources.includes(`\`${file}\``), `${file} is listed in SOURCES.md`);
  }
});

test('the findings judged false stay gone', () => {
  const findings = (file: string) =>
    analyses()
      .get(file)!
      .analysis.problems.map((p) => p.ruleId);
  // A macro (Transform: SamPolicyTemplateTranslator) turns `DefaultKeyPolicy: {…}` into the key policy.
  assert.deepEqual(findings('policy-generator-macro-example.yaml'), []);
  // `aws:PrincipalOrgID: !Ref OUID` limits the callers to one organization; a log group's Arn ends in ":*" and so
  // names its log streams.
  assert.deepEqual(
    findings('log-setup-management.yaml').filter((rule) => rule === 'resource-public' || rule === 'action-resource-mismatch' || rule === 'resource-unused'),
    [],
  );
  // `kms:*` to `arn:${AWS::Partition}:iam::${AWS::AccountId}:root` is the default key policy's first statement.
  for (const file of ['s3-replication-destination.yaml', 's3-replication-source.yaml']) assert.ok(!findings(file).includes('wildcard-action'), file);
});

test('every finding on the public templates matches the snapshot', () => {
  const actual = snapshotOf();
  if (process.env.UPDATE_TEMPLATE_SNAPSHOT) {
    writeFileSync(snapshotPath, `${JSON.stringify(actual, null, 1)}\n`);
    return;
  }
  assert.ok(existsSync(snapshotPath), `${snapshotPath} is missing; create it with UPDATE_TEMPLATE_SNAPSHOT=1 node scripts/run-tests.mjs test/templates/public-templates`);
  const expected = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Record<string, unknown>;
  for (const file of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    assert.deepEqual(actual[file], expected[file], `${file}: findings differ from ${snapshotPath} (regenerate with UPDATE_TEMPLATE_SNAPSHOT=1 after reviewing)`);
  }
});
