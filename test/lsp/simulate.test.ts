// "Simulate request" and scenario files over LSP, against the bundled server (run `node esbuild.mjs` first):
// the code lenses, the inputs offered, the simulation result with ranges, other policies in play, and the
// diagnostics of *.iamtest.json files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, Diagnostic, Range } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/positions';
import type { SimulateParams, SimulationInputsResult, SimulationResult } from '../../server/src/protocol';
import { shortTimings, TestClient } from '../helpers/lsp-client';

let client: TestClient;
let dir: string;
const uriOf = (name: string) => pathToFileURL(join(dir, name)).toString();
const alice = 'arn:aws:iam::111122223333:user/alice';

const home = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadOwnHome",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:List*"],
      "Resource": "arn:aws:s3:::home/\${aws:username}/*"
    },
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
`;
const ec2Only = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}\n';
const allowAll = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\n';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iam-policy-simulate-lsp-'));
  mkdirSync(join(dir, 'org'));
  writeFileSync(join(dir, 'home.policy.json'), home);
  writeFileSync(join(dir, 'boundary.json'), ec2Only);
  writeFileSync(join(dir, 'org', 'allow-all.json'), allowAll);
  writeFileSync(join(dir, 'org', 'ec2-only.json'), ec2Only);
  writeFileSync(join(dir, 'notes.json'), '{"name": "not a policy"}');
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(() => client.process.kill());

/** The range of the `occurrence`-th `needle` in `text`. */
function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} (occurrence ${occurrence}) is not in the text`);
  }
  const lines = new LineIndex(text);
  return { start: lines.positionAt(at), end: lines.positionAt(at + needle.length) };
}

/** The range from the `{` at `open` to its matching `}`. */
function objectRange(text: string, open: string, occurrence = 0): Range {
  const start = rangeOf(text, open, occurrence).start;
  const lines = new LineIndex(text);
  let offset = lines.offsetAt(start) + open.indexOf('{');
  let depth = 0;
  for (let i = offset; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) {
      offset = i + 1;
      break;
    }
  }
  return { start: lines.positionAt(lines.offsetAt(start) + open.indexOf('{')), end: lines.positionAt(offset) };
}

async function openHome(name = 'home.policy.json'): Promise<string> {
  const uri = uriOf(name);
  client.open(uri, home);
  await client.diagnostics(uri);
  return uri;
}

function simulate(params: Partial<SimulateParams> & { uri: string; request: SimulateParams['request'] }): Promise<SimulationResult> {
  return client.request<SimulationResult>('iamPolicy/simulate', { otherPolicies: [], ...params });
}

// ---- code lenses -----------------------------------------------------------------------------

test('a code lens above the Statement key and one above each statement run iamPolicy.simulate', async () => {
  const uri = await openHome();
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(lenses, [
    { range: rangeOf(home, '"Statement"'), command: { title: 'Simulate request', command: 'iamPolicy.simulate', arguments: [{ uri }] } },
    { range: objectRange(home, '{\n      "Sid"'), command: { title: 'Simulate request for "ReadOwnHome"', command: 'iamPolicy.simulate', arguments: [{ uri, statementIndex: 0 }] } },
    { range: objectRange(home, '{\n      "Effect": "Deny"'), command: { title: 'Simulate request for statement 2', command: 'iamPolicy.simulate', arguments: [{ uri, statementIndex: 1 }] } },
  ]);
  assert.equal(lenses[1].range.start.line, 3, 'the statement lens sits on the line of its opening brace');
});

test('no code lenses for JSON that is not a policy, for scenario files, or with iamPolicy.simulation.codeLens off', async () => {
  const notPolicy = uriOf('notes.json');
  client.open(notPolicy, '{"name": "not a policy"}', 'json');
  assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: notPolicy } }), []);
  const scenario = uriOf('lens.iamtest.json');
  client.open(scenario, '{"tests": [], "policies": {"identity": [{"Statement": []}]}, "Statement": []}', 'json');
  assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: scenario } }), []);
  client.settings = { simulation: { codeLens: false } };
  const off = uriOf('lens-off.policy.json');
  client.open(off, allowAll);
  assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: off } }), []);
  client.settings = {};
  // A policy with no Statement key yet gets the policy lens at the start of the document.
  const empty = uriOf('empty.policy.json');
  client.open(empty, '{"Version": "2012-10-17"}');
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: empty } });
  assert.deepEqual(
    lenses.map((l) => [l.range, l.command?.title]),
    [[{ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'Simulate request']],
  );
});

// ---- the inputs offered ----------------------------------------------------------------------

test('simulationInputs offers a statement’s actions with their wildcard expansion, and the policy’s context keys', async () => {
  const uri = await openHome();
  const inputs = await client.request<SimulationInputsResult>('iamPolicy/simulationInputs', { uri, statementIndex: 0 });
  assert.equal(inputs.isPolicy, true);
  assert.equal(inputs.role, 'Identity-based policy');
  assert.deepEqual(inputs.actions[0], { name: 's3:GetObject', description: 'Grants permission to retrieve objects from Amazon S3', accessLevel: 'Read', from: ['s3:GetObject'] });
  const names = inputs.actions.map((a) => a.name);
  assert.ok(names.includes('s3:ListBucket') && names.every((n) => n === 's3:GetObject' || /^s3:List/.test(n)), `s3:GetObject and the s3:List* actions: ${names.join(', ')}`);
  assert.equal(inputs.actionsLeftOut, 0);
  assert.deepEqual(inputs.resources, [{ value: 'arn:aws:s3:::home/${aws:username}/*', origin: 'statement', detail: 'Resource of statement 1 "ReadOwnHome"' }]);
  // Context keys come from every statement (all are evaluated), with their types; no principal, no defaults.
  assert.deepEqual(
    inputs.contextKeys.map((k) => [k.name, k.type, k.usedIn, k.defaultValue]),
    [
      ['aws:SecureTransport', 'Bool', ['Condition'], undefined],
      ['aws:username', 'String', ['variable'], undefined],
    ],
  );
  const whole = await client.request<SimulationInputsResult>('iamPolicy/simulationInputs', { uri });
  assert.ok(whole.actions.length > inputs.actions.length, 'the policy lens offers the actions of every statement (s3:* too)');
  assert.ok(whole.actions.some((a) => a.name === 's3:PutObject'));
});

test('simulationInputs with an action adds its ARN formats, partition and account filled from the principal; with a principal, derived keys', async () => {
  const uri = await openHome();
  const inputs = await client.request<SimulationInputsResult>('iamPolicy/simulationInputs', { uri, statementIndex: 0, action: 's3:GetObject', principal: alice });
  assert.deepEqual(inputs.resources[0], { value: 'arn:aws:s3:::home/${aws:username}/*', origin: 'statement', detail: 'Resource of statement 1 "ReadOwnHome"', fitsAction: true });
  assert.ok(inputs.resources.some((r) => r.value === 'arn:aws:s3:::${BucketName}/${ObjectName}' && r.origin === 'template' && r.detail === 's3 object (optional)'));
  assert.ok(inputs.resources.some((r) => r.value === 'arn:aws:s3:${Region}:111122223333:accesspoint/${AccessPointName}/object/${ObjectName}'));
  assert.deepEqual(
    inputs.contextKeys.map((k) => [k.name, k.defaultValue]),
    [
      ['aws:SecureTransport', undefined],
      ['aws:username', 'alice'],
    ],
  );
  const noResource = await client.request<SimulationInputsResult>('iamPolicy/simulationInputs', { uri, action: 's3:ListAllMyBuckets' });
  assert.deepEqual(
    noResource.resources.find((r) => r.origin === 'any'),
    { value: '*', origin: 'any', detail: 'Resource of statement 2', fitsAction: true },
  );
  const notPolicy = await client.request<SimulationInputsResult>('iamPolicy/simulationInputs', { uri: uriOf('notes.json') });
  assert.deepEqual(notPolicy, { isPolicy: false, actions: [], actionsLeftOut: 0, resources: [], contextKeys: [] });
});

// ---- simulate --------------------------------------------------------------------------------

test('simulate: allowed, with the deciding statement’s range and why the other statement did not apply', async () => {
  const uri = await openHome();
  const result = await simulate({ uri, request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/notes.txt', context: { 'aws:SecureTransport': 'true' } } });
  assert.equal(result.decision, 'Allowed');
  assert.deepEqual(result.reason, { code: 'identity-policy-allows', message: 'Allowed by identity-based policy 1 "home.policy.json", and nothing denies it.' });
  const first = objectRange(home, '{\n      "Sid"');
  assert.deepEqual(result.decidedBy, [{ uri, range: first, label: 'Allow statement 1 "ReadOwnHome"', effect: 'Allow', applies: true, decided: true }]);
  assert.equal(result.policies.length, 1);
  assert.deepEqual(
    { ...result.policies[0], statements: undefined },
    { uri, name: 'home.policy.json', role: 'identity', description: 'identity-based policy 1', verdict: 'Allow', statements: undefined },
  );
  assert.deepEqual(result.policies[0].statements[1], {
    uri,
    range: objectRange(home, '{\n      "Effect": "Deny"'),
    label: 'Deny statement 2',
    effect: 'Deny',
    applies: false,
    decided: false,
    why: 'Condition Bool "aws:SecureTransport": the request value does not match',
    whyRange: rangeOf(home, '"aws:SecureTransport": "false"'),
  });
  // aws:username came from the principal; the context shows what was evaluated.
  assert.equal(result.request.context['aws:username'], 'alice');
  assert.equal(result.requestSummary, 'user principal, same account (111122223333)');
});

test('simulate: explicitly denied by the Deny statement; implicitly denied with each failing element', async () => {
  const uri = await openHome();
  const denied = await simulate({ uri, request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/a', context: { 'aws:SecureTransport': 'false' } } });
  assert.equal(denied.decision, 'ExplicitlyDenied');
  assert.deepEqual(
    denied.decidedBy.map((s) => [s.label, s.range]),
    [['Deny statement 2', objectRange(home, '{\n      "Effect": "Deny"')]],
  );

  const implicit = await simulate({ uri, request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::home/bob/a', context: {} } });
  assert.equal(implicit.decision, 'ImplicitlyDenied');
  assert.equal(implicit.reason?.code, 'no-identity-allow');
  assert.deepEqual(implicit.decidedBy, []);
  assert.deepEqual(
    implicit.policies[0].statements.map((s) => [s.why, s.whyRange]),
    [
      ['Resource does not match arn:aws:s3:::home/bob/a', rangeOf(home, '"Resource": "arn:aws:s3:::home/${aws:username}/*"')],
      ['Condition Bool "aws:SecureTransport": the key is not in the request context', rangeOf(home, '"aws:SecureTransport": "false"')],
    ],
  );
  // A key set to null stays out even though it could be derived: ${aws:username} has no value then.
  const kept = await simulate({ uri, request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/a', context: { 'aws:username': null } } });
  assert.equal(kept.decision, 'ImplicitlyDenied');
  assert.equal(kept.policies[0].statements[0].why, 'Resource does not match arn:aws:s3:::home/alice/a (${aws:username} has no value in the request)');
  assert.equal(kept.request.context['aws:username'], undefined);
});

test('simulate: a policy that cannot be evaluated gives its errors with ranges', async () => {
  const uri = uriOf('invalid.policy.json');
  const text = '{"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}';
  client.open(uri, text);
  const result = await simulate({ uri, request: { action: 's3:GetObject', resource: '*', context: {} } });
  assert.equal(result.decision, undefined);
  assert.deepEqual(result.errors, [{ message: 'Effect "allow" is not valid. Use "Allow" or "Deny".', ruleId: 'effect-value', uri, name: 'invalid.policy.json', range: rangeOf(text, '"allow"') }]);
});

// ---- other policies in play --------------------------------------------------------------------

test('other policies: a boundary and SCP levels from disk, named and located; the result lists every policy in play', async () => {
  const uri = await openHome();
  const request = { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/a', context: { 'aws:SecureTransport': 'true' } };
  const boundary = uriOf('boundary.json');
  const bounded = await simulate({ uri, request, otherPolicies: [{ uri: boundary, role: 'permissionsBoundary' }] });
  assert.equal(bounded.decision, 'ImplicitlyDenied');
  assert.equal(bounded.reason?.code, 'boundary-implicit-deny');
  assert.deepEqual(
    bounded.policies.map((p) => [p.name, p.role, p.description, p.verdict]),
    [
      ['home.policy.json', 'identity', 'identity-based policy 1', 'Allow'],
      ['boundary.json', 'permissionsBoundary', 'permissions boundary', 'NoMatch'],
    ],
  );
  assert.deepEqual(bounded.policies[1].statements[0], {
    uri: boundary,
    range: objectRange(ec2Only, '{"Effect"'),
    label: 'Allow statement 1',
    effect: 'Allow',
    applies: false,
    decided: false,
    why: 'Action does not match s3:GetObject',
    whyRange: rangeOf(ec2Only, '"Action": "ec2:*"'),
  });

  const scps = await simulate({
    uri,
    request,
    otherPolicies: [
      { uri: uriOf('org/allow-all.json'), role: 'scp', level: 0 },
      { uri: uriOf('org/ec2-only.json'), role: 'scp', level: 1 },
    ],
  });
  assert.equal(scps.decision, 'ImplicitlyDenied');
  assert.equal(scps.reason?.message, 'No SCP at level 1 of the organisation allows the request; every level from the root to the account must allow it.');
  assert.deepEqual(scps.levels, ['SCP level 0: allows', 'SCP level 1: no statement allows']);
  assert.deepEqual(
    scps.policies.map((p) => [p.name, p.description, p.level]),
    [
      ['allow-all.json', 'SCP 1 at level 0', 0],
      ['ec2-only.json', 'SCP 1 at level 1', 1],
      ['home.policy.json', 'identity-based policy 1', undefined],
    ],
  );
});

test('other policies: open documents win over disk, and what cannot take part is noted', async () => {
  const uri = await openHome();
  const boundary = uriOf('boundary.json');
  client.open(boundary, allowAll, 'json');
  const request = { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/a', context: {} };
  const result = await simulate({
    uri,
    request,
    otherPolicies: [
      { uri: boundary, role: 'permissionsBoundary' },
      { uri: uriOf('missing.json'), role: 'session' },
      { uri: uriOf('notes.json'), role: 'identity' },
      { uri, role: 'resource' },
      { uri: uriOf('org/ec2-only.json'), role: 'permissionsBoundary' },
    ],
  });
  client.close(boundary);
  assert.equal(result.decision, 'Allowed', 'the unsaved boundary allows everything');
  assert.deepEqual(result.notes, [
    'missing.json is left out: it cannot be read (ENOENT).',
    'notes.json is left out: it is not a policy (no top-level object with a Statement).',
    'home.policy.json is the simulated file itself; it takes part once, as identity-based policy.',
    'ec2-only.json is left out: a request has one permissions boundary, and boundary.json is it.',
  ]);
});

test('a resource-based policy document is simulated as the resource policy; a principal it names directly is allowed', async () => {
  const uri = uriOf('bucket.policy.json');
  const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "${alice}"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`;
  client.open(uri, text);
  const inputs = await client.request<SimulationInputsResult>('iamPolicy/simulationInputs', { uri });
  assert.equal(inputs.role, 'Resource-based policy');
  const result = await simulate({ uri, request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: {} } });
  assert.equal(result.decision, 'Allowed');
  assert.equal(result.reason?.code, 'resource-policy-allows');
  assert.deepEqual(
    result.policies.map((p) => [p.role, p.grant]),
    [['resource', 'direct']],
  );
});

// ---- scenario files --------------------------------------------------------------------------

const scenario = `{
  "policies": {"identity": ["home.policy.json"]},
  "principal": "${alice}",
  "context": {"aws:SecureTransport": "true"},
  "tests": [
    {"name": "alice reads her home", "action": "s3:GetObject", "resource": "arn:aws:s3:::home/alice/a.txt", "expect": "Allowed"},
    {"name": "TLS only", "action": "s3:GetObject", "resource": "arn:aws:s3:::home/alice/a.txt", "context": {"aws:SecureTransport": "false"}, "expect": "Allowed"},
    {"name": "not bob's", "action": "s3:GetObject", "resource": "arn:aws:s3:::home/bob/a.txt", "expect": "ExplicitlyDenied"}
  ]
}
`;

test('scenario: each failing expectation is a diagnostic on its "expect", with the decision and the deciding statement', async () => {
  const uri = uriOf('home.iamtest.json');
  client.open(uri, scenario, 'json');
  const diagnostics = await client.diagnostics(uri);
  assert.deepEqual(diagnostics, [
    {
      range: rangeOf(scenario, '"Allowed"', 1),
      severity: 1,
      code: 'scenario-expectation',
      source: 'iam-policy',
      message:
        `"TLS only": s3:GetObject on arn:aws:s3:::home/alice/a.txt by ${alice}: expected Allowed, got ExplicitlyDenied. ` +
        'An explicit Deny in identity-based policy 1 "home.policy.json" applies, and an explicit deny overrides any Allow. ' +
        'Decided by Deny statement 2 in "home.policy.json" (line 10).',
      relatedInformation: [{ location: { uri: uriOf('home.policy.json'), range: objectRange(home, '{\n      "Effect": "Deny"') }, message: 'Deny statement 2 decided: ExplicitlyDenied' }],
    },
    {
      range: rangeOf(scenario, '"ExplicitlyDenied"'),
      severity: 1,
      code: 'scenario-expectation',
      source: 'iam-policy',
      message: `"not bob's": s3:GetObject on arn:aws:s3:::home/bob/a.txt by ${alice}: expected ExplicitlyDenied, got ImplicitlyDenied. No statement of the identity-based policies allows the request: implicitly denied.`,
    },
  ]);
  client.close(uri);
  assert.deepEqual(await client.diagnostics(uri, (p) => p.diagnostics.length === 0), [], 'closing the scenario clears its diagnostics');
});

test('scenario: a missing or invalid policy file is a diagnostic on its reference; problems with the file itself too', async () => {
  const badPolicy = '{"Statement": [{"Effect": "Allow", "Resource": "*"}]}';
  writeFileSync(join(dir, 'bad.json'), badPolicy);
  const text = `{
  "policies": {"identity": ["bad.json"], "resource": "nope.json"},
  "tests": [
    {"action": "s3:GetObject", "resource": "*", "expect": "Allowed"},
    {"action": "s3:GetObject", "resource": "*", "expect": "Maybe"}
  ]
}`;
  const uri = uriOf('broken.iamtest.json');
  client.open(uri, text, 'json');
  const diagnostics = await client.diagnostics(uri);
  // The first test needs the missing file, so it is not run; the second is wrong in itself.
  assert.deepEqual(
    diagnostics.map((d: Diagnostic) => [d.range, d.code, d.message]),
    [
      [rangeOf(text, '"nope.json"'), 'scenario-policy', 'Cannot read policy file nope.json (ENOENT).'],
      [rangeOf(text, '"Maybe"'), 'scenario-invalid', '"expect" is one of Allowed, ExplicitlyDenied, ImplicitlyDenied, Denied; got "Maybe".'],
    ],
  );
  // Saved without the missing file, the first test runs into the invalid one, reported where it is named.
  const fixed = text.replace('"resource": "nope.json"', '"resource": null');
  client.change(uri, fixed);
  await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  const saved = await client.diagnostics(uri, (p) => p.version === 2);
  assert.deepEqual(
    saved.map((d: Diagnostic) => [d.range, d.code, d.message]),
    [
      [
        rangeOf(fixed, '"bad.json"'),
        'scenario-policy',
        'The policy in "bad.json" cannot be evaluated (action-missing at line 1, column 16): Statement 1 has no "Action". Add "Action" (or "NotAction") with the actions it covers.',
      ],
      [rangeOf(fixed, '"Maybe"'), 'scenario-invalid', '"expect" is one of Allowed, ExplicitlyDenied, ImplicitlyDenied, Denied; got "Maybe".'],
    ],
  );
  // action-missing points at the opening brace of the statement.
  assert.deepEqual(saved[0].relatedInformation, [
    { location: { uri: uriOf('bad.json'), range: rangeOf(badPolicy, '{', 1) }, message: 'action-missing: Statement 1 has no "Action". Add "Action" (or "NotAction") with the actions it covers.' },
  ]);
  client.close(uri);
});

test('scenario: files get no policy diagnostics, and run again when a policy they name changes', async () => {
  const policyUri = uriOf('home.policy.json');
  client.open(policyUri, home);
  const uri = uriOf('rerun.iamtest.json');
  const text = `{"policies": {"identity": ["home.policy.json"]}, "principal": "${alice}",
  "tests": [{"action": "s3:GetObject", "resource": "arn:aws:s3:::home/alice/a", "expect": "Allowed"}]}`;
  // Even when iamPolicy.files names every JSON file, a scenario is not checked as a policy (it has no Statement).
  client.settings = { files: ['**/*.json'] };
  client.open(uri, text, 'json');
  assert.deepEqual(await client.diagnostics(uri), []);
  client.settings = {};
  // An unsaved edit to the policy counts: the scenario runs again and now fails.
  client.change(policyUri, home.replace('"s3:GetObject", ', ''));
  const failing = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.equal(failing[0].code, 'scenario-expectation');
  assert.match(failing[0].message as string, /^s3:GetObject on arn:aws:s3:::home\/alice\/a by .*: expected Allowed, got ImplicitlyDenied\./);
  // Closing the policy brings back its text on disk.
  client.close(policyUri);
  assert.deepEqual(await client.diagnostics(uri, (p) => p.diagnostics.length === 0), []);
  client.close(uri);
});
