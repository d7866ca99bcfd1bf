import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { isScenarioFile, runScenario, type ScenarioHost } from './scenarios';

const alice = 'arn:aws:iam::111122223333:user/alice';
const allowS3 = '{"Version": "2012-10-17", "Statement": [{"Sid": "S3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}';

/** A host over an in-memory folder; unknown names are missing files. */
function hostOf(files: Record<string, string>): ScenarioHost {
  return {
    readPolicy: (reference) => (reference in files ? { name: `/ws/${reference}`, display: reference, text: files[reference] } : { name: `/ws/${reference}`, display: reference, error: 'ENOENT' }),
  };
}

test('isScenarioFile knows *.iamtest.json by its name', () => {
  assert.equal(isScenarioFile('/a/b/dev.iamtest.json'), true);
  assert.equal(isScenarioFile('/a/b/dev.iamtest.jsonc'), false);
  assert.equal(isScenarioFile('/a/b/dev.json'), false);
});

test('every request of a test is evaluated; results carry the entry, the expect value and the deciding statement', () => {
  const { text, spans } = marked(`{"policies": {"identity": ["s3.json"]}, "principal": "${alice}", "tests": [
    «{"name": "reads", "action": ["s3:GetObject", "ec2:RunInstances"], "resource": "*", "expect": «"Allowed"»}»
  ]}`);
  const run = runScenario(text, 'dev.iamtest.json', hostOf({ 's3.json': allowS3 }));
  assert.deepEqual(run.problems, []);
  assert.equal(run.isScenario, true);
  assert.equal(run.attempted, 2);
  assert.deepEqual(run.policyFiles, ['/ws/s3.json']);
  assert.deepEqual(
    run.results.map((r) => [r.action, r.decision, r.holds, r.entry, r.expectSpan, r.decidedBy.map((d) => [d.statement.sid, d.source?.display])]),
    [
      ['s3:GetObject', 'Allowed', true, spans[0], spans[1], [['S3', 's3.json']]],
      ['ec2:RunInstances', 'ImplicitlyDenied', false, spans[0], spans[1], []],
    ],
  );
  // The evaluator names the policy as written in the scenario.
  assert.equal(run.results[0].reason, 'Allowed by identity-based policy 1 "s3.json", and nothing denies it.');
});

test('"Denied" accepts either deny; context and policies of a test add to and replace the file’s', () => {
  const text = `{"policies": {"identity": ["s3.json"]}, "principal": "${alice}", "context": {"aws:SourceIp": "203.0.113.7"}, "tests": [
    {"action": "ec2:RunInstances", "resource": "*", "expect": "Denied"},
    {"action": "s3:GetObject", "resource": "*", "policies": {"identity": [{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}]}, "expect": "ExplicitlyDenied"}
  ]}`;
  const run = runScenario(text, 'dev.iamtest.json', hostOf({ 's3.json': allowS3 }));
  assert.deepEqual(run.problems, []);
  assert.deepEqual(run.results.map((r) => [r.decision, r.holds]), [['ImplicitlyDenied', true], ['ExplicitlyDenied', true]]);
  const inline = run.results[1].decidedBy[0].source!;
  assert.equal(inline.inline, true);
  assert.equal(inline.name, 'dev.iamtest.json');
  assert.equal(text.slice(inline.base, inline.base + 13), '{"Statement":');
});

test('collecting: every missing file and every broken test is reported, and the other tests still run', () => {
  const { text, spans } = marked(`{"policies": {"identity": ["s3.json"]}, "principal": "${alice}", "tests": [
    {"action": "s3:GetObject", "resource": "*", "expect": «"Maybe"»},
    {"action": "s3:GetObject", "resource": "*", "policies": {"identity": [«"gone.json"»]}, "expect": "Allowed"},
    {"action": "s3:GetObject", "resource": "*", «"contxt"»: {}, "expect": "Allowed"},
    {"action": "s3:GetObject", "resource": "*", "policies": {"session": «"gone.json"»}, "expect": "Allowed"},
    {"action": "s3:GetObject", "resource": "*", "expect": "Allowed"}
  ]}`);
  const run = runScenario(text, 'dev.iamtest.json', hostOf({ 's3.json': allowS3 }));
  assert.deepEqual(run.problems.map((p) => [p.code, p.message, p.span]), [
    ['scenario-invalid', '"expect" is one of Allowed, ExplicitlyDenied, ImplicitlyDenied, Denied; got "Maybe".', spans[0]],
    ['scenario-policy', 'cannot read policy file gone.json (ENOENT).', spans[1]],
    ['scenario-invalid', 'unknown key "contxt" in a test.', spans[2]],
    ['scenario-policy', 'cannot read policy file gone.json (ENOENT).', spans[3]],
  ]);
  assert.deepEqual(run.results.map((r) => r.holds), [true]);
});

test('collecting: a problem in the shared parts stops every test; stopping at the first problem stops there', () => {
  const { text, spans } = marked(`{«"principle"»: "x", "policies": {"identity": ["s3.json"]}, "context": «[]», "tests": [{"action": "s3:GetObject", "resource": "*", "expect": «"Maybe"»}]}`);
  const collected = runScenario(text, 'dev.iamtest.json', hostOf({ 's3.json': allowS3 }));
  assert.deepEqual(collected.problems.map((p) => p.span), [spans[0], spans[1]]);
  assert.equal(collected.attempted, 0);
  const stopped = runScenario(text, 'dev.iamtest.json', hostOf({ 's3.json': allowS3 }), { stopAtFirstProblem: true });
  assert.deepEqual(stopped.problems.map((p) => p.message), ['unknown key "principle"; a scenario has policies, principal, context, deriveContext and tests.']);
});

test('an invalid policy is reported at its reference, with its place in the policy; inline, at that place', () => {
  const bad = '{"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}';
  const { text, spans } = marked(`{"policies": {"identity": [«"bad.json"»]}, "tests": [{"action": "s3:GetObject", "resource": "*", "expect": "Allowed"},
    {"action": "s3:GetObject", "resource": "*", "expect": "Allowed", "policies": {"identity": [{"Statement": [{"Effect": «"deny"», "Action": "*", "Resource": "*"}]}]}}]}`);
  const run = runScenario(text, 'dev.iamtest.json', hostOf({ 'bad.json': bad }));
  assert.equal(run.problems.length, 2);
  const [file, inline] = run.problems;
  assert.equal(file.span.start, spans[0].start);
  assert.equal(file.code, 'scenario-policy');
  assert.equal(file.policy?.ruleId, 'effect-value');
  assert.equal(bad.slice(file.policy!.span.start, file.policy!.span.end), '"allow"');
  assert.equal(inline.span.start, spans[1].start);
  assert.equal(inline.policy?.source.inline, true);
});

test('text that is not a scenario: invalid JSON, or not an object', () => {
  const json = runScenario('{"tests": [', 'x.iamtest.json', hostOf({}));
  assert.equal(json.isScenario, false);
  assert.deepEqual(json.problems.map((p) => p.message), ['is not valid JSON.']);
  const array = runScenario('[]', 'x.iamtest.json', hostOf({}));
  assert.deepEqual(array.problems.map((p) => [p.message, p.span]), [['a scenario file must be a JSON object with "tests".', { start: 0, end: 2 }]]);
});
