import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { PUBLIC_ACCESS_RESOURCE_TYPES } from '../access-checks/index';
import { describeWitness, isScenarioFile, runScenario, type ScenarioHost } from './scenarios';

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
  assert.deepEqual(
    run.results.map((r) => [r.decision, r.holds]),
    [
      ['ImplicitlyDenied', true],
      ['ExplicitlyDenied', true],
    ],
  );
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
  assert.deepEqual(
    run.problems.map((p) => [p.code, p.message, p.span]),
    [
      ['scenario-invalid', '"expect" is one of Allowed, ExplicitlyDenied, ImplicitlyDenied, Denied; got "Maybe".', spans[0]],
      ['scenario-policy', 'cannot read policy file gone.json (ENOENT).', spans[1]],
      ['scenario-invalid', 'unknown key "contxt" in a test.', spans[2]],
      ['scenario-policy', 'cannot read policy file gone.json (ENOENT).', spans[3]],
    ],
  );
  assert.deepEqual(
    run.results.map((r) => r.holds),
    [true],
  );
});

test('collecting: a problem in the shared parts stops every test; stopping at the first problem stops there', () => {
  const { text, spans } = marked(`{«"principle"»: "x", "policies": {"identity": ["s3.json"]}, "context": «[]», "tests": [{"action": "s3:GetObject", "resource": "*", "expect": «"Maybe"»}]}`);
  const collected = runScenario(text, 'dev.iamtest.json', hostOf({ 's3.json': allowS3 }));
  assert.deepEqual(
    collected.problems.map((p) => p.span),
    [spans[0], spans[1]],
  );
  assert.equal(collected.attempted, 0);
  const stopped = runScenario(text, 'dev.iamtest.json', hostOf({ 's3.json': allowS3 }), { stopAtFirstProblem: true });
  assert.deepEqual(
    stopped.problems.map((p) => p.message),
    ['unknown key "principle"; a scenario has policies, principal, context, deriveContext, tests and checks.'],
  );
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
  assert.deepEqual(
    json.problems.map((p) => p.message),
    ['is not valid JSON.'],
  );
  const array = runScenario('[]', 'x.iamtest.json', hostOf({}));
  assert.deepEqual(
    array.problems.map((p) => [p.message, p.span]),
    [['a scenario file must be a JSON object with "tests".', { start: 0, end: 2 }]],
  );
});

// ---- checks ----------------------------------------------------------------------------------

const adminish = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "iam:GetUser"], "Resource": "*"}]}';
const readOnly = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
const publicBucket = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
const checkFiles = { 'admin.json': adminish, 'read.json': readOnly, 'bucket.json': publicBucket };

test('checks: each entry runs its policy check; a FAIL carries a witness the evaluator allows, at the entry', () => {
  const { text, spans } = marked(`{"checks": [
    «{"name": "no IAM", "policy": "admin.json", «"accessNotGranted"»: {"actions": ["iam:*", "s3:DeleteBucket"]}}»,
    «{"policy": "read.json", "accessNotGranted": {"actions": ["iam:*", "s3:DeleteBucket"], "resources": "*"}}»,
    «{"policy": "bucket.json", "noPublicAccess": {"resourceType": "AWS::S3::Bucket"}}»,
    «{"policy": "admin.json", "noNewAccess": {"base": "read.json"}}»,
    «{"policy": "read.json", "noNewAccess": {"base": "admin.json"}, "mode": "string"}»
  ]}`);
  const run = runScenario(text, 'checks.iamtest.json', hostOf(checkFiles));
  assert.deepEqual(run.problems, []);
  assert.equal(run.isScenario, true);
  assert.equal(run.attempted, 0);
  assert.deepEqual(run.policyFiles, ['/ws/admin.json', '/ws/read.json', '/ws/bucket.json']);
  assert.deepEqual(
    run.checks.map((c) => [c.entry, c.kind, c.policy, c.result, c.mode]),
    [
      [spans[0], 'accessNotGranted', 'admin.json', 'FAIL', 'catalog'],
      [spans[2], 'accessNotGranted', 'read.json', 'PASS', 'catalog'],
      [spans[3], 'noPublicAccess', 'bucket.json', 'FAIL', 'catalog'],
      [spans[4], 'noNewAccess', 'admin.json', 'FAIL', 'catalog'],
      [spans[5], 'noNewAccess', 'read.json', 'PASS', 'string'],
    ],
  );
  assert.equal(run.checks[0].name, 'no IAM');
  assert.deepEqual(run.checks[0].kindSpan, spans[1]);
  assert.deepEqual(run.checks[0].reasons, ['The policy allows 2 actions (iam:GetUser, s3:DeleteBucket) of the listed access on some request.']);
  // Every witness is a request the checked policy allows: confirmed here through a scenario test of its own.
  for (const [index, policy, type] of [
    [0, 'admin.json', 'identity'],
    [2, 'bucket.json', 'resource'],
    [3, 'admin.json', 'identity'],
  ] as const) {
    const witness = run.checks[index].witness!;
    assert.ok(witness, `check ${index} has a witness`);
    const confirm = runScenario(
      JSON.stringify({
        policies: { [type]: type === 'identity' ? [policy] : policy },
        deriveContext: false,
        ...(witness.principal ? { principal: witness.principal } : {}),
        context: witness.context,
        tests: [{ action: witness.action, resource: witness.resource, expect: 'Allowed' }],
      }),
      'confirm.iamtest.json',
      hostOf(checkFiles),
    );
    assert.deepEqual([confirm.problems, confirm.results.map((r) => r.holds)], [[], [true]], `witness of check ${index}: ${describeWitness(witness)}`);
  }
  assert.equal(run.checks[0].witness!.action, 'iam:GetUser');
  assert.equal(run.checks[2].witness!.principal, undefined, 'the public bucket is open to the anonymous caller');
  assert.equal(run.checks[3].witness!.action === 's3:GetObject', false, 'the base allows s3:GetObject, so it is no witness of new access');
});

test('checks: describeWitness names the action, resource, principal and context', () => {
  assert.equal(
    describeWitness({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: alice, context: { 'aws:SourceIp': '203.0.113.7', 'aws:MultiFactorAuthPresent': false } }),
    `s3:GetObject on arn:aws:s3:::b/k by ${alice} with aws:SourceIp="203.0.113.7", aws:MultiFactorAuthPresent=false`,
  );
  assert.equal(describeWitness({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: {} }), 's3:GetObject on arn:aws:s3:::b/k by an anonymous caller with no context keys');
});

test('checks: inline policies; UNKNOWN keeps the reason; a file of checks alone needs no tests', () => {
  const inline = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${aws:username}/*"}]}';
  const { text, spans } = marked(`{"checks": [
    «{"policy": ${inline}, "noNewAccess": {"base": ${inline.replace('aws:username', 'aws:userid')}}}»,
    {"policy": ${readOnly}, "noNewAccess": {"base": ${adminish}}}
  ]}`);
  const run = runScenario(text, 'inline.iamtest.json', hostOf({}));
  assert.deepEqual(run.problems, []);
  assert.deepEqual(
    run.checks.map((c) => [c.policy, c.result]),
    [
      ['the inline policy', 'UNKNOWN'],
      ['the inline policy', 'PASS'],
    ],
  );
  assert.deepEqual(run.checks[0].entry, spans[0]);
  assert.match(run.checks[0].reasons.join(' '), /policy variable/);
  assert.equal(run.checks[0].witness, undefined);
});

test('checks: mistakes are problems at the value at fault, and the other checks still run', () => {
  const { text, spans } = marked(`{"checks": [
    {"policy": "read.json", "accessNotGranted": {"actions": ["iam:*"]}, «"noNewAccess"»: {"base": "admin.json"}},
    {"policy": "read.json", "accessNotGranted": «{}»},
    {"policy": "bucket.json", "noPublicAccess": {"resourceType": «"AWS::S3::Bukket"»}},
    {"policy": «"gone.json"», "accessNotGranted": {"actions": "iam:*"}},
    {"policy": "read.json", "mode": «"exact"», "accessNotGranted": {"actions": "iam:*"}},
    {"policy": "read.json", «"polcyType"»: "resource", "accessNotGranted": {"actions": "iam:*"}},
    {"policy": «{"Statement": [{"Effect": "Allow", "Resource": "*"}]}», "accessNotGranted": {"actions": "iam:*"}},
    «{"accessNotGranted": {"actions": "iam:*"}}»,
    {"policy": "admin.json", "accessNotGranted": {"actions": "iam:*"}}
  ]}`);
  const run = runScenario(text, 'bad.iamtest.json', hostOf(checkFiles));
  assert.deepEqual(
    run.problems.map((p) => [p.code, p.span]),
    [
      ['scenario-invalid', spans[0]],
      ['scenario-invalid', spans[1]],
      ['scenario-invalid', spans[2]],
      ['scenario-policy', spans[3]],
      ['scenario-invalid', spans[4]],
      ['scenario-invalid', spans[5]],
      ['scenario-policy', run.problems[6].span],
      ['scenario-invalid', spans[7]],
    ],
  );
  assert.deepEqual(run.problems.map((p) => p.message).slice(0, 4), [
    'a check names exactly one of accessNotGranted, noPublicAccess, noNewAccess (this one names accessNotGranted and noNewAccess).',
    '"accessNotGranted" needs "actions", "resources" or both.',
    `unknown resourceType "AWS::S3::Bukket"; use one of: ${PUBLIC_ACCESS_RESOURCE_TYPES.join(', ')}.`,
    'cannot read policy file gone.json (ENOENT).',
  ]);
  // The inline policy's own error is reported where it is, inside the policy object.
  assert.ok(run.problems[6].span.start > spans[6].start && run.problems[6].span.end <= spans[6].end, 'inside the inline policy');
  assert.match(run.problems[6].message, /^action-missing/);
  assert.deepEqual(
    run.checks.map((c) => [c.policy, c.result]),
    [['admin.json', 'FAIL']],
  );
  // iam-policy test stops at the first.
  const stopped = runScenario(text, 'bad.iamtest.json', hostOf(checkFiles), { stopAtFirstProblem: true });
  assert.deepEqual([stopped.problems.length, stopped.checks.length], [1, 0]);
});

test('checks: "checks" must be a list; a file without tests or checks still says it needs tests', () => {
  const { text, spans } = marked(`{"checks": «{}»}`);
  assert.deepEqual(
    runScenario(text, 'c.iamtest.json', hostOf({})).problems.map((p) => [p.message, p.span]),
    [['"checks" must be a list of policy checks.', spans[0]]],
  );
  assert.deepEqual(
    runScenario('{"policies": {}}', 'c.iamtest.json', hostOf({})).problems.map((p) => p.message),
    ['needs "tests": a list of requests with the decision each must get.'],
  );
});
