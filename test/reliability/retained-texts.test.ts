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
function probe(env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'retained-texts.ts')], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, ...env },
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as {
    analysed: number;
    problems: number;
    templates: { analysed: number; problems: number };
    retained: number[];
    paths: { text: number; heldBy: string[] }[];
  };
}

test('no cache keeps a policy or template text alive after its analysis', () => {
  const { analysed, problems, templates, retained, paths } = probe();
  assert.ok(analysed > 1500, `analysed ${analysed} texts`);
  // The rules ran: the managed policies alone have some 10,000 findings.
  assert.ok(problems > 10_000, `${problems} problems`);
  // 45 policies in each of the three kinds of template, whose rules ran too.
  assert.equal(templates.analysed, 135);
  assert.ok(templates.problems > 300, `${templates.problems} problems in the templates`);
  const all = analysed + templates.analysed;
  const held = paths.map(({ text, heldBy }) => `text ${text}, held by:\n    ${heldBy.join('\n    ')}`).join('\n');
  assert.deepEqual(retained, [], `the heap still holds ${retained.length} of the ${all} texts after their analyses (from ${analysed} on, templates)\n${held}`);
});

test('a text the probe holds itself is found, with the chain of references that holds it', () => {
  const { retained, paths } = probe({ RETAINED_TEXTS_HOLD_ONE: '1' });
  assert.deepEqual(retained, [0]);
  const [{ text, heldBy }] = paths;
  assert.equal(text, 0);
  // From the root, through the global object's property, to the holder's property, then the text.
  assert.ok(
    heldBy.some((link) => link.includes('property heldByTheProbe')),
    heldBy.join('\n'),
  );
  assert.ok(heldBy.at(-2)?.endsWith('-property text->'), heldBy.join('\n'));
  assert.match(heldBy.at(-1)!, /^string \{"Id": "retention-probe-0"/);
});
