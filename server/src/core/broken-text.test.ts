import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../test/helpers/marked';
import { analyzeDocument } from './analyze';
import { defaultConfiguration } from './config/configuration';
import { LineIndex } from './text/positions';

const findings = (text: string, uri: string) =>
  analyzeDocument({ text, uri }, { config: defaultConfiguration }).problems.map(({ ruleId, span }) => {
    const { line, character } = new LineIndex(text).positionAt(span.start);
    return `${line + 1}:${character + 1} ${ruleId}`;
  });

test('a statement that holds a syntax error reports only the syntax error, not what the parser guessed', () => {
  // The missing "]" makes "Resource" an action and leaves the statement without a Resource.
  const text = ['{', '  "Version": "2012-10-17",', '  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"', '    "Resource": "arn:aws:s3:::b/*"}]', '}'].join('\n');
  assert.deepEqual(findings(text, 'file:///w/a.policy.json'), ['4:5 json-syntax', '4:15 json-syntax', '5:1 json-syntax']);
});

test('a statement before the first syntax error keeps its findings', () => {
  const { text, spans } = marked(
    [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {"Effect": «"allow"», "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},',
      '    {"Effect": "Allow" "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}',
      '  ]',
      '}',
    ].join('\n'),
  );
  const analysis = analyzeDocument({ text, uri: 'file:///w/a.policy.json' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.map(({ ruleId, span }) => [ruleId, span]),
    [
      ['effect-value', spans[0]],
      ['json-syntax', { start: text.indexOf('"Action": "s3:Put'), end: text.indexOf('"Action": "s3:Put') + '"Action"'.length }],
    ],
  );
});

test('a syntax error before the statements silences every finding but the syntax errors', () => {
  // "Statement" without its colon: the parser reads the statement's keys as top-level elements.
  const broken = ['{', '  "Version": "2012-10-17",', '  "Statement" [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]', '}'].join('\n');
  assert.deepEqual(findings(broken, 'file:///w/a.policy.json'), ['3:15 json-syntax', '3:78 json-syntax']);
  // Once it is fixed, the statement's findings are back.
  assert.deepEqual(findings(broken.replace('"Statement" [', '"Statement": ['), 'file:///w/a.policy.json'), ['3:47 pass-role-wildcard', '3:75 wildcard-resource']);
});

test('one missing comma and nothing else wrong is read as written: the findings stand', () => {
  // The parser reads past a lone missing comma exactly; a `]` left out reports a missing comma too, but never alone.
  const comma = ['{', '  "Version": "2012-10-17"', '  "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]', '}'].join('\n');
  assert.deepEqual(findings(comma, 'file:///w/a.policy.json'), ['3:3 json-syntax', '3:47 pass-role-wildcard', '3:75 wildcard-resource']);
  const sid = ['{', '  "Version": "2012-10-17",', '  "Statement": [{"Sid": "Read" "Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]', '}'].join('\n');
  assert.deepEqual(findings(sid, 'file:///w/a.policy.json'), ['3:32 json-syntax', '3:42 effect-value']);
});

test('a syntax error of a JSON template silences the findings of the statement it is in', () => {
  const template = (statement: string) =>
    [
      '{',
      '  "Resources": {',
      '    "P": {',
      '      "Type": "AWS::IAM::ManagedPolicy",',
      '      "Properties": {"PolicyDocument": {"Version": "2012-10-17", "Statement": [' + statement + ']}}',
      '    }',
      '  }',
      '}',
    ].join('\n');
  assert.deepEqual(findings(template('{"Effect": "Allow", "Action": ["s3:GetObject", "Resource": "arn:aws:s3:::b/*"}'), 'file:///w/t.template.json'), [
    '5:137 json-syntax',
    '5:160 json-syntax',
    '8:2 json-syntax',
  ]);
  const clean = findings(template('{"Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}'), 'file:///w/t.template.json');
  assert.deepEqual(clean, ['5:91 effect-value']);
});

test('a YAML template whose flow list is not closed reports the YAML errors, not a statement without a Resource', () => {
  const text = [
    'Resources:',
    '  P:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Action: [s3:GetObject',
    '            Resource: arn:aws:s3:::b/*',
    '          - Effect: Allow',
    '            Action: s3:PutObject',
    '            Resource: arn:aws:s3:::b/*',
    '',
  ].join('\n');
  const found = findings(text, 'file:///w/t.yaml');
  assert.ok(found.length > 0);
  assert.deepEqual(
    found.filter((finding) => !finding.endsWith(' yaml-syntax')),
    [],
  );
});
