import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
import { actionFormat } from './action-format';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';

test('action-format flags missing prefixes, double colons, spaces and bad characters inside the quotes', () => {
  const { actual, expected } = spansOf(actionFormat, '{"Statement": [{"Action": ["«GetObject»", "«s3::GetObject»", "«s3:Get Object»", "«s3:»", "«s3:Get/Object»"], "NotAction": "«»"}]}');
  assert.deepEqual(actual, expected);
});

test('action-format explains the problem and removes stray spaces', () => {
  const { text } = marked('{"Statement": [{"Action": "s3: GetObject"}]}');
  const [problem] = runCheck(actionFormat, text);
  assert.equal(problem.message, 'Action "s3: GetObject" contains white space. Remove it: action names have no spaces.');
  assert.equal(applyFix(text, problem), '{"Statement": [{"Action": "s3:GetObject"}]}');
  assert.equal(runCheck(actionFormat, '{"Statement": [{"Action": "GetObject"}]}')[0].message, 'Action "GetObject" has no service prefix. Write "service:ActionName", for example "s3:GetObject".');
});

test('action-format accepts *, wildcards and every real shape of action', () => {
  const text = '{"Statement": [{"Action": ["*", "s3:*", "*:List*", "ec2:Describe?ags", "aws-portal:ViewBilling", "execute-api:Invoke", "s3:GetObject"]}]}';
  assert.deepEqual(runCheck(actionFormat, text), []);
});

test('action-format flags a Kelvin sign, which lower-cases to "k", in lists seen before and in NotAction beside Action', () => {
  const kelvin = '\u212A';
  assert.deepEqual(runCheck(actionFormat, '{"Statement": [{"Action": ["kms:Decrypt", "s3:GetObject"]}]}'), []);
  const text = `{"Statement": [{"Action": ["«${kelvin}ms:Decrypt»", "s3:GetObject"]}, {"Action": ["kms:Decrypt", "s3:GetObject"], "NotAction": ["«s3:Get Object»", "«${kelvin}ms:Decrypt»"]}]}`;
  const { actual, expected } = spansOf(actionFormat, text);
  assert.deepEqual(actual, expected);
  assert.match(runCheck(actionFormat, `{"Statement": [{"NotAction": "kms:Decryp${kelvin}"}]}`)[0].message, /invalid action name/);
});

test('action-format finds a value edited to a malformed one in a list it found fine before, and forgets it when fixed', () => {
  const fine = '{"Statement": [{"Action": ["kms:Decrypt", "s3:GetObject"]}]}';
  assert.deepEqual(runCheck(actionFormat, fine), []);
  const { actual, expected } = spansOf(actionFormat, '{"Statement": [{"Action": ["kms:Decrypt", "«s3:Get Object»"]}]}');
  assert.deepEqual(actual, expected);
  assert.deepEqual(runCheck(actionFormat, fine), []);
});

test('a comma left from a list written elsewhere is one finding, with a fix that removes it; no other action rule reports it too', () => {
  // As hlherrera's sagemaker-app writes its key actions: "kms:Decrypt," and "kms:ReEncrypt*,".
  const { text, spans } = marked('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [«"kms:Decrypt,"», «"kms:ReEncrypt*,"», «"appstream2.0:*"»], "Resource": "*"}]}');
  const problems = analyzeDocument({ text, uri: 'file:///w/p.json', languageId: 'iam-policy' }, { config: defaultConfiguration }).problems.filter((p) => p.severity === 'error');
  assert.deepEqual(
    problems.map((p) => [p.ruleId, p.span]),
    spans.map((span) => ['action-format', { start: span.start + 1, end: span.end - 1 }]),
  );
  assert.equal(applyFix(text, problems[0]), text.replace('"kms:Decrypt,"', '"kms:Decrypt"'));
  assert.equal(applyFix(text, problems[1]), text.replace('"kms:ReEncrypt*,"', '"kms:ReEncrypt*"'));
  assert.equal(problems[2].fixes?.length ?? 0, 0);
});

test('action-format reads the text written around placeholders: a character no action has, or a second colon, whatever the values', () => {
  // randomcoww/homelab (legacy Terraform sweep): "s3:${var.bucket}/${var.cluster}" meant a resource, written as an action.
  const { text, spans } = marked(`Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action:
              - !Sub «"s3:\${Bucket}/\${Prefix}"»
              - !Sub «"\${Service}:Get:\${Name}"»
              - !Sub "\${Service}:Get*"
              - !Sub "s3:\${Verb}Object"
            Resource: '*'
`);
  const problems = analyzeDocument({ text, uri: 'file:///t/template.yaml' }, { config: defaultConfiguration }).problems.filter((problem) => problem.ruleId === 'action-format');
  assert.deepEqual(
    problems.map((problem) => problem.span),
    spans.map((span) => ({ start: span.start + 1, end: span.end - 1 })),
  );
  assert.equal(problems[0].message, 'Action "s3:${Bucket}/${Prefix}" holds "/" as written, which no action has whatever the values filled in. Write "service:ActionName", for example "s3:GetObject".');
  assert.match(problems[1].message, /has more than one colon as written/);
});
