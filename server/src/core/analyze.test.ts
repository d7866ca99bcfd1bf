import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../test/helpers/marked';
import { FindingsCache, analyzeDocument, policyAt } from './analyze';
import { defaultConfiguration, type Configuration } from './config/configuration';
import type { EmbeddedPolicy, HostReader } from './hosts/host';
import { policyFileReader } from './hosts/policy-file';
import { parsePolicy } from './policy/parse-policy';

const policy = '{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}';
const config = (overrides: Partial<Configuration> = {}): Configuration => ({ ...defaultConfiguration, ...overrides });

test('a plain policy file is one policy spanning the document, claimed by language, name or content', () => {
  const byContent = analyzeDocument({ text: policy, uri: 'file:///w/a.json', languageId: 'json' }, { config: config() });
  assert.equal(byContent.kind, 'policy');
  assert.equal(byContent.policies.length, 1);
  assert.deepEqual(byContent.policies[0].span, { start: 0, end: policy.length });
  assert.equal(byContent.policies[0].name, 'a.json');
  assert.deepEqual(
    byContent.problems.map((p) => p.ruleId),
    ['effect-value'],
  );

  // A bare statement is a policy written without its wrapper, to be told so, not a file that holds none.
  const lone = analyzeDocument({ text: '{"Effect": "Deny", "Action": "*", "Resource": "*"}', uri: 'file:///w/deny.json' }, { config: config() });
  assert.equal(lone.kind, 'policy');
  assert.deepEqual(
    lone.problems.map((p) => p.ruleId),
    ['statement-missing'],
  );

  const other = '{"name": "x"}';
  assert.equal(analyzeDocument({ text: other, uri: 'file:///w/package.json' }, { config: config() }).notAnalysed, 'not-a-policy');
  assert.equal(analyzeDocument({ text: other, uri: 'file:///w/x.policy.json' }, { config: config() }).kind, 'policy');
  assert.equal(analyzeDocument({ text: other, uri: 'file:///w/x.json', languageId: 'iam-policy' }, { config: config() }).kind, 'policy');
  assert.equal(analyzeDocument({ text: policy, uri: 'file:///w/a.json' }, { config: config({ detectByContent: false }) }).notAnalysed, 'not-a-policy');
  assert.equal(analyzeDocument({ text: policy, uri: 'file:///w/a.yaml', languageId: 'yaml' }, { config: config() }).notAnalysed, 'not-a-policy');
  assert.equal(analyzeDocument({ text: other, uri: 'file:///w/a.txt' }, { config: config({ files: ['*.txt'] }) }).kind, 'policy');
  // A program source is never read by content as JSON, with a language (the editor) or without one (the CLI): a Go
  // file its reader declines (here damaged, so that a lenient parse finds a policy) is not a broken JSON policy.
  const damagedGo = `package main\n${policy}`;
  assert.equal(analyzeDocument({ text: damagedGo, uri: 'file:///w/main.go', languageId: 'go' }, { config: config() }).notAnalysed, 'not-a-policy');
  assert.equal(analyzeDocument({ text: damagedGo, uri: 'file:///w/main.go' }, { config: config() }).notAnalysed, 'not-a-policy');
  assert.equal(analyzeDocument({ text: policy, uri: 'file:///w/Policy.cs' }, { config: config() }).notAnalysed, 'not-a-policy');
});

test('scenario files, configuration files and excluded files hold no policy; a configuration file reports its own mistakes', () => {
  assert.equal(analyzeDocument({ text: policy, uri: 'file:///w/t.iamtest.json' }, { config: config() }).notAnalysed, 'scenario');
  assert.equal(analyzeDocument({ text: policy, uri: 'file:///w/fixtures/a.policy.json' }, { config: config({ exclude: ['/w/fixtures/**'] }) }).notAnalysed, 'excluded');
  const { text, spans } = marked('{"rules": {«"no-such-rule"»: "off"}}');
  const configFile = analyzeDocument({ text, uri: 'file:///w/.iam-policy.json', languageId: 'json' }, { config: config() });
  assert.equal(configFile.notAnalysed, 'configuration');
  assert.equal(configFile.kind, undefined);
  assert.deepEqual(
    configFile.problems.map((p) => [p.ruleId, p.span]),
    [['config-invalid', spans[0]]],
  );
});

test('rule settings and suppressions (per file, per statement) apply to every policy', () => {
  const uri = 'file:///w/app.json';
  const analyzed = (overrides: Partial<Configuration>) => analyzeDocument({ text: policy, uri }, { config: config(overrides) }).problems.map((p) => [p.ruleId, p.severity]);
  assert.deepEqual(analyzed({}), [['effect-value', 'error']]);
  assert.deepEqual(analyzed({ rules: { 'effect-value': 'hint' } }), [['effect-value', 'hint']]);
  assert.deepEqual(analyzed({ rules: { 'effect-value': 'off' } }), []);
  assert.deepEqual(analyzed({ suppressions: [{ rule: 'effect-value', file: '/w/app.json', statement: 'Read' }] }), []);
  assert.deepEqual(analyzed({ suppressions: [{ rule: 'effect-value', file: '/w/app.json', statement: 'Other' }] }), [['effect-value', 'error']]);
  assert.deepEqual(analyzed({ suppressions: [{ rule: 'effect-value', file: '/x/app.json' }] }), [['effect-value', 'error']]);
  assert.deepEqual(analyzed({ validate: false }), []);
});

// A host with two policies in one text, as a template reader would find them: the first a role's trust policy.
const twoPolicies = marked(
  `[«{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}», «{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}»]`,
);
const hostReader: HostReader = {
  kind: 'cloudformation',
  read({ text }) {
    if (!text.startsWith('[')) return undefined;
    const [trust, inline] = twoPolicies.spans;
    // Parse each policy in place: padding keeps its spans offsets into the host text.
    const at = (span: { start: number; end: number }) => parsePolicy(' '.repeat(span.start) + text.slice(span.start, span.end));
    return {
      kind: 'cloudformation',
      policies: [
        { policy: at(trust), policyType: 'trust', span: trust, name: 'Role › AssumeRolePolicyDocument', owner: 'Role' },
        { policy: at(inline), span: inline, name: 'Role › Policies[0]', owner: 'Role' },
      ],
      problems: [{ ruleId: 'json-syntax', severity: 'error', message: 'A host problem.', span: { start: 0, end: 1 } }],
    };
  },
};

test('a host document keeps each policy with its own type, and its problems in host offsets', () => {
  const readers = [policyFileReader, hostReader];
  const analysis = analyzeDocument({ text: twoPolicies.text, uri: 'file:///w/template.json' }, { config: config(), readers });
  assert.equal(analysis.kind, 'cloudformation');
  assert.deepEqual(
    analysis.policies.map((p) => [p.name, p.policyType, p.policyTypeInferred]),
    [
      ['Role › AssumeRolePolicyDocument', 'trust', false],
      ['Role › Policies[0]', 'identity', true],
    ],
  );
  const effect = twoPolicies.text.indexOf('"allow"');
  assert.deepEqual(
    analysis.problems.map((p) => [p.ruleId, p.span.start]),
    [
      ['json-syntax', 0],
      ['effect-value', effect],
    ],
  );
  assert.equal(policyAt(analysis, effect)?.name, 'Role › Policies[0]');
  assert.equal(policyAt(analysis, twoPolicies.spans[0].start + 3)?.name, 'Role › AssumeRolePolicyDocument');
  assert.equal(policyAt(analysis, twoPolicies.spans[1].start - 1), undefined);
  // Host problems follow rule settings and file-wide suppressions too.
  const quiet = analyzeDocument({ text: twoPolicies.text, uri: 'file:///w/template.json' }, { config: config({ rules: { 'json-syntax': 'off' }, suppressions: [{ rule: 'effect-value' }] }), readers });
  assert.deepEqual(quiet.problems, []);
});

test('policy type: the forced type, then the host, then a configured glob, then the content', () => {
  const readers = [hostReader];
  const types = (options: { policyTypes?: Configuration['policyTypes']; policyType?: 'scp' }) =>
    analyzeDocument(
      { text: twoPolicies.text, uri: 'file:///w/template.json' },
      { config: config({ policyTypes: options.policyTypes ?? [] }), readers, ...(options.policyType ? { policyType: options.policyType } : {}) },
    ).policies.map((p) => [p.policyType, p.policyTypeInferred]);
  assert.deepEqual(types({}), [
    ['trust', false],
    ['identity', true],
  ]);
  assert.deepEqual(types({ policyType: 'scp' }), [
    ['scp', false],
    ['scp', false],
  ]);
  assert.deepEqual(types({ policyType: 'scp', policyTypes: [{ glob: '*.json', type: 'boundary' }] }), [
    ['scp', false],
    ['scp', false],
  ]);
  // A glob names a type for the file; where the host says a policy is a trust policy, the host knows better.
  assert.deepEqual(types({ policyTypes: [{ glob: '*.json', type: 'boundary' }] }), [
    ['trust', false],
    ['boundary', false],
  ]);
  assert.deepEqual(types({ policyTypes: [{ glob: 'other.json', type: 'boundary' }] }), [
    ['trust', false],
    ['identity', true],
  ]);
});

test('a boundary glob makes the managed policies of a template boundaries; its inline and trust policies keep their types', () => {
  // aws-samples/example-permissions-boundary ships its boundary as a template of one AWS::IAM::ManagedPolicy, which no
  // role of the template uses: only the user's glob can say it is a boundary.
  const text = JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Boundary: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } } },
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          Policies: [{ PolicyName: 'read', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }],
        },
      },
    },
  });
  const types = (policyTypes: Configuration['policyTypes']) =>
    analyzeDocument({ text, uri: 'file:///w/boundary.json' }, { config: config({ policyTypes }) }).policies.map((policy) => [policy.name, policy.policyType]);
  assert.deepEqual(types([]), [
    ['Boundary › PolicyDocument', 'identity'],
    ['Role › AssumeRolePolicyDocument', 'trust'],
    ['Role › Policies[0] › PolicyDocument', 'identity'],
  ]);
  assert.deepEqual(types([{ glob: '*.json', type: 'boundary' }]), [
    ['Boundary › PolicyDocument', 'boundary'],
    ['Role › AssumeRolePolicyDocument', 'trust'],
    ['Role › Policies[0] › PolicyDocument', 'identity'],
  ]);
  // Another glob type does not turn a policy the template attaches into something it cannot be.
  assert.deepEqual(types([{ glob: '*.json', type: 'scp' }])[0], ['Boundary › PolicyDocument', 'identity']);
});

test('a reader that throws is skipped, never a crash', () => {
  const broken: HostReader = {
    kind: 'terraform',
    read: () => {
      throw new Error('boom');
    },
  };
  const analysis = analyzeDocument({ text: policy, uri: 'file:///w/a.json' }, { config: config(), readers: [broken, policyFileReader] });
  assert.equal(analysis.kind, 'policy');
});

test('FindingsCache: after an edit only the changed policy is checked again, and every finding equals a fresh analysis', () => {
  const role = (i: number, action: string) => `  Role${i}:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p${i}
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: allow
                Action: ${action}
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Thing}/*'
`;
  const template = (header: string, second: string, thing = 'Thing:\n    Type: AWS::S3::Bucket') =>
    `${header}AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ${thing}\n${role(0, 's3:GetObject')}${role(1, second)}${role(2, 's3:PutObject')}`;
  const uri = 'file:///w/app.yaml';
  const findings = new FindingsCache();
  const run = (text: string) => {
    const cached = analyzeDocument({ text, uri, languageId: 'yaml' }, { config: defaultConfiguration, findings });
    const fresh = analyzeDocument({ text, uri, languageId: 'yaml' }, { config: defaultConfiguration });
    const summary = (analysis: typeof fresh) => [analysis.problems, analysis.policies.map((p) => [p.name, p.policyType, p.policyTypeInferred, p.problems])];
    assert.deepEqual(summary(cached), summary(fresh), 'the same findings as without the cache');
    return { checked: findings.checked, reused: findings.reused, problems: cached.problems };
  };
  const first = run(template('', 's3:GetObject'));
  assert.deepEqual([first.checked, first.reused], [3, 0]);
  assert.ok(
    first.problems.some((problem) => problem.ruleId === 'effect-value' && problem.fixes?.length),
    'a finding with a fix, to be shifted',
  );
  // A one-character edit inside the second policy: it alone is checked again.
  assert.deepEqual([run(template('', 's3:GetObjectX')).checked, findings.reused], [1, 2]);
  // A comment above everything moves every policy: all are reused, their findings and fixes shifted.
  assert.deepEqual([run(template('# moved\n', 's3:GetObjectX')).checked, findings.reused], [0, 3]);
  // What a placeholder stands for is read from elsewhere in the template: a changed kind checks again.
  assert.equal(run(template('# moved\n', 's3:GetObjectX', 'Thing:\n    Type: AWS::SNS::Topic')).checked, 3);
  // Another configuration starts afresh.
  const other = { ...defaultConfiguration, rules: { 'effect-value': 'off' as const } };
  analyzeDocument({ text: template('', 's3:GetObject'), uri, languageId: 'yaml' }, { config: other, findings });
  assert.equal(findings.checked, 3);
});

test('FindingsCache: findings after an edit before or after a policy land at its shifted text, the fix with them', () => {
  // «…» marks where the effect-value finding of Second must be, in each text.
  const role = (name: string, effect: string, tags = '') =>
    `  ${name}:\n    Type: AWS::IAM::Role\n    Properties:\n${tags}      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: ${effect}\n                Action: s3:GetObject\n                Resource: '*'\n`;
  const template = (firstTags: string, thirdTags: string) =>
    marked(`AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${role('First', 'Allow', firstTags)}${role('Second', '«allow»')}${role('Third', 'Allow', thirdTags)}`);
  const uri = 'file:///w/shifted.yaml';
  const findings = new FindingsCache();
  const effectFinding = (text: string) => {
    const analysis = analyzeDocument({ text, uri, languageId: 'yaml' }, { config: defaultConfiguration, findings });
    const problems = analysis.problems.filter((problem) => problem.ruleId === 'effect-value');
    assert.equal(problems.length, 1);
    return { span: problems[0].span, edits: problems[0].fixes?.map((fix) => fix.edits.map((edit) => ({ ...edit }))) };
  };
  const first = template('', '');
  const before = effectFinding(first.text);
  assert.deepEqual(before.span, first.spans[0]);
  assert.deepEqual(before.edits, [[{ span: first.spans[0], newText: 'Allow' }]]);
  // Lines added in First, before Second: the finding and its fix move with Second's text; nothing is checked again.
  const moved = template('      Tags:\n        - {Key: team, Value: orders}\n', '');
  assert.deepEqual(effectFinding(moved.text), { span: moved.spans[0], edits: [[{ span: moved.spans[0], newText: 'Allow' }]] });
  assert.equal(findings.checked, 0);
  // Lines added in Third, after Second: it stays where it is.
  const after = template('      Tags:\n        - {Key: team, Value: orders}\n', '      Tags: []\n');
  assert.deepEqual(after.spans[0], moved.spans[0]);
  assert.deepEqual(effectFinding(after.text), { span: after.spans[0], edits: [[{ span: after.spans[0], newText: 'Allow' }]] });
  assert.equal(findings.checked, 0);
});

test('FindingsCache: a policy a reader moved keeps the findings of the model it names, without its own model being read', () => {
  const text = `{"Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}`;
  const parsed = parsePolicy(text);
  const original = { policy: parsed, span: { start: 0, end: text.length }, name: 'p', policyType: 'identity' as const };
  let embedded: EmbeddedPolicy[] = [original];
  const reader: HostReader = { kind: 'cloudformation', read: () => ({ kind: 'cloudformation', policies: embedded, problems: [] }) };
  const findings = new FindingsCache();
  const analyse = (current: string) => analyzeDocument({ text: current, uri: 'file:///w/host.yaml' }, { config: defaultConfiguration, findings, readers: [reader] });
  const first = analyse(text);
  const [finding] = first.problems.filter((problem) => problem.ruleId === 'effect-value');
  assert.equal(text.slice(finding.span.start, finding.span.end), '"allow"');
  // The same policy 7 characters later, its model left for whoever asks.
  const moved = { span: { start: 7, end: text.length + 7 }, name: 'p', policyType: 'identity' as const, movedFrom: parsed } as EmbeddedPolicy;
  Object.defineProperty(moved, 'policy', {
    enumerable: true,
    get: () => {
      throw new Error('the model was read');
    },
  });
  embedded = [moved];
  const second = analyse(`{"x":1}${text}`);
  assert.equal(findings.checked, 0);
  const [shifted] = second.problems.filter((problem) => problem.ruleId === 'effect-value');
  assert.deepEqual(shifted.span, { start: finding.span.start + 7, end: finding.span.end + 7 });
  assert.deepEqual(shifted.fixes?.[0].edits[0].span, shifted.span);
  // The analysed policy still has the reader's getter: a feature that asks builds the model then.
  assert.throws(() => second.policies[0].policy, /the model was read/);
  assert.deepEqual(second.policies[0].span, moved.span);
});
