import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCatalog } from '../../server/src/core/catalog/catalog';
import type { Problem } from '../../server/src/core/checks/check';
import { lintPolicy } from '../../server/src/core/lint';
import { LineIndex } from '../../server/src/core/text/positions';
import { realworldPolicies, type RealworldPolicy } from '../helpers/realworld-corpus';

// The real-world corpus (../shared/corpus/realworld/, 232 policies written outside this project; provenance in its
// README) run as a test: no rule may report an error on a valid policy, and every finding is kept in
// realworld.snapshot.json ("line:column severity rule-id" per file), so that a change of any rule shows up here.
// After a deliberate change, regenerate the snapshot and review its diff:
//
//   UPDATE_CORPUS_SNAPSHOT=1 node scripts/run-tests.mjs test/corpus/realworld
//
// SCPs and RCPs are named so in the corpus (`*-scp-*`, `*rcp*`) and linted as such; other types are inferred.

const snapshotPath = join(__dirname, 'realworld.snapshot.json');

/**
 * The errors that are right: policies of the corpus that are not valid as written. Each entry says why, and the
 * rules it may draw; any other error on any file fails the test.
 */
const invalidAsWritten: Record<string, { rules: readonly string[]; why: string }> = {
  // Earlier versions of an AWS managed policy name CloudHSM Classic and SSO actions AWS has since retired; the
  // check below makes sure the catalog really lacks each one.
  'aws-managed-SecurityAudit.json': { rules: ['action-unknown'], why: 'retired actions (cloudhsm:ListHapgs, sso:DescribePermissionsPolicies ...)' },
  // The S3 User Guide's Storage Lens example repeats the "StringEquals" key three times in one Condition; JSON
  // parsers keep one of them, so two of its three conditions are silently lost.
  'awsdocs-s3-bucket-policy-11.json': { rules: ['duplicate-key'], why: 'three "StringEquals" keys in one Condition' },
};

let cache: Map<string, { policy: RealworldPolicy; problems: Problem[] }> | undefined;

function corpusFindings(): Map<string, { policy: RealworldPolicy; problems: Problem[] }> {
  cache ??= new Map(realworldPolicies().map((policy) => [policy.file, { policy, problems: lintPolicy(policy.text, { policyType: policy.policyType }).problems }]));
  return cache;
}

/** Every finding of every file as `line:column severity rule-id`, lines and columns counted from 1. */
function snapshotOf(findings: Map<string, { policy: RealworldPolicy; problems: Problem[] }>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [file, { policy, problems }] of findings) {
    const lines = new LineIndex(policy.text);
    result[file] = problems.map((p) => {
      const { line, character } = lines.positionAt(p.span.start);
      return `${line + 1}:${character + 1} ${p.severity} ${p.ruleId}`;
    });
  }
  return result;
}

test('the real-world corpus is there, whole', () => {
  assert.equal(corpusFindings().size, 232);
});

test('no rule reports an error on a valid real-world policy', () => {
  const catalog = getCatalog();
  const unexpected: string[] = [];
  for (const [file, { policy, problems }] of corpusFindings()) {
    for (const problem of problems.filter((p) => p.severity === 'error')) {
      const quoted = policy.text.slice(problem.span.start, problem.span.end);
      const allowed = invalidAsWritten[file];
      if (!allowed?.rules.includes(problem.ruleId)) {
        unexpected.push(`${file}: ${problem.ruleId} at ${quoted}: ${problem.message}`);
        continue;
      }
      if (problem.ruleId === 'action-unknown') {
        const service = /"(\w[\w-]*):[^"]*$/.exec(policy.text.slice(0, problem.span.start))?.[1];
        assert.ok(service, `${file}: no service before ${quoted}`);
        const action = `${service}:${quoted}`;
        assert.equal(catalog.matchActions(action).length, 0, `${file}: ${action} is in the catalog, yet action-unknown fired`);
      }
    }
  }
  assert.deepEqual(unexpected, []);
  // Each documented exception still holds: the file still draws an error of its rules.
  for (const [file, { rules, why }] of Object.entries(invalidAsWritten)) {
    const problems = corpusFindings().get(file)?.problems ?? [];
    assert.ok(
      problems.some((p) => p.severity === 'error' && rules.includes(p.ruleId)),
      `${file} (${why}) no longer draws ${rules.join(' or ')}`,
    );
  }
});

test('every finding on the real-world corpus matches the snapshot', () => {
  const actual = snapshotOf(corpusFindings());
  if (process.env.UPDATE_CORPUS_SNAPSHOT) {
    writeFileSync(snapshotPath, `${JSON.stringify(actual, null, 1)}\n`);
    return;
  }
  assert.ok(existsSync(snapshotPath), `${snapshotPath} is missing; create it with UPDATE_CORPUS_SNAPSHOT=1 node scripts/run-tests.mjs test/corpus/realworld`);
  const expected = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Record<string, string[]>;
  for (const file of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    assert.deepEqual(actual[file], expected[file], `${file}: findings differ from ${snapshotPath} (regenerate with UPDATE_CORPUS_SNAPSHOT=1 after reviewing)`);
  }
});
