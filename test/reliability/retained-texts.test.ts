import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

// The parser's values are views into the document text, and the rules' caches outlive each parse: a cache that keeps
// such a view keeps the whole text alive, in the editor one version of the document per edit. The probe analyses
// every managed policy and a few mistakes, then CloudFormation (YAML and JSON) and Terraform documents that embed
// some of them, each text marked, lets the analyses go and looks for the texts in a heap snapshot (in a process of
// its own, so that nothing of this runner's is counted). Without the 20 unmarked templates it reads last, the probe
// finds the 16 templates the CloudFormation reader keeps by design.
test('no cache keeps a policy or template text alive after its analysis', () => {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'retained-texts.ts')], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  assert.equal(run.status, 0, run.stderr);
  const { analysed, problems, templates, retained } = JSON.parse(run.stdout) as { analysed: number; problems: number; templates: { analysed: number; problems: number }; retained: number[] };
  assert.ok(analysed > 1500, `analysed ${analysed} texts`);
  // The rules ran: the managed policies alone have some 10,000 findings.
  assert.ok(problems > 10_000, `${problems} problems`);
  // 45 policies in each of the three kinds of template, whose rules ran too.
  assert.equal(templates.analysed, 135);
  assert.ok(templates.problems > 300, `${templates.problems} problems in the templates`);
  const all = analysed + templates.analysed;
  assert.deepEqual(retained, [], `the heap still holds ${retained.length} of the ${all} texts after their analyses (from ${analysed} on, templates)`);
});
