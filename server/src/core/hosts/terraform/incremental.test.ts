import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeDocument, FindingsCache, type DocumentAnalysis } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import type { PolicyDocument } from '../../policy/model';
import { assertSameAsFullRead, editEachPlace, editThroughSession, fixtureName, modelOf, terraformFixtures } from '../../../../../test/helpers/terraform-edits';
import { forgetTerraformDocument, terraformReader } from './index';
import { isBuilt } from './moved-policy';

// An edited .tf file is read again only in the blocks whose text changed; the policies of the blocks after the edit
// are moved copies of the last reading, built when first read, and keep their findings. Whatever the edit, the
// result must be what a first read of the edited text gives: the findings, and every policy's model.
//
// Here every fixture of up to 300 lines is edited at a quarter of the places and through the first 10 steps of a
// session. The full sweep, every place and 40 steps, of every fixture (the four public modules of 377 to 750 lines
// too, which take most of its time) is incremental.slow.test.ts, in `npm run test:slow`.

before(async () => {
  await terraformReader.prepare!();
});

let movedInFixtures = 0;

for (const file of terraformFixtures.filter((fixture) => readFileSync(fixture, 'utf8').split('\n').length <= 300)) {
  const name = fixtureName(file);

  test(`incremental reading of ${name} after every fourth of its one-place edits equals a full read`, () => {
    movedInFixtures += editEachPlace(file, 4);
  });

  test(`incremental reading of ${name} through the first 10 steps of a session of edits equals a full read after each`, () => {
    editThroughSession(file, 10);
  });
}

const statement = (action: string) => `  statement {\n    actions   = ["${action}"]\n    resources = ["*"]\n  }\n`;
const documentBlock = (name: string, action: string) => `data "aws_iam_policy_document" "${name}" {\n${statement(action)}}\n\n`;
const bucket = (index: number) => `resource "aws_s3_bucket" "b${index}" {\n  bucket = "bucket-${index}"\n}\n\n`;

test('an edit re-reads its block, keeps the blocks before it and moves those after it, building none of them for the diagnostics', () => {
  const text = [documentBlock('first', 's3:GetObject'), bucket(1), documentBlock('second', 's3:GetObject'), bucket(2), documentBlock('third', 's3:GetObjct')].join('');
  const uri = 'file:///moves/main.tf';
  const findings = new FindingsCache();
  const config = { config: defaultConfiguration, findings };
  const first = analyzeDocument({ text, uri, languageId: 'terraform' }, config);
  const unknownActions = (analysis: DocumentAnalysis, current: string) =>
    analysis.problems.filter((problem) => problem.ruleId === 'action-unknown').map((problem) => [problem.span.start, current.slice(problem.span.start, problem.span.end)]);
  const misspelt = text.indexOf('GetObjct');
  assert.deepEqual(unknownActions(first, text), [[misspelt, 'GetObjct']]);
  const at = text.indexOf('GetObject', text.indexOf('"second"')) + 3;
  const edited = text.slice(0, at) + 'x' + text.slice(at);
  const second = analyzeDocument({ text: edited, uri, languageId: 'terraform' }, config);
  assert.equal(findings.checked, 1, 'only the edited policy is checked');
  assert.equal(second.policies[0].policy, first.policies[0].policy);
  assert.notEqual(second.policies[1].policy, first.policies[1].policy);
  assert.equal(second.policies[1].movedFrom, undefined, 'the edited block is read again');
  const movedCopy = second.policies[2].policy;
  assert.equal(second.policies[2].movedFrom, first.policies[2].policy);
  assert.equal(isBuilt(movedCopy), false, 'the diagnostics did not build the moved policy');
  // Its finding moved with it, one character on.
  assert.deepEqual(unknownActions(second, edited), [
    [at - 3, 'GetxObject'],
    [misspelt + 1, 'GetObjct'],
  ]);
  // Read, the moved policy points at its own text one character on, and is an ordinary object from then on.
  const action = movedCopy.statements[0].action!.values[0];
  assert.equal(isBuilt(movedCopy), true);
  assert.equal(edited.slice(action.span.start, action.span.end), '"s3:GetObjct"');
  assert.equal(action.mapSpan && edited.slice(action.mapSpan(3, 11).start, action.mapSpan(3, 11).end), 'GetObjct');
  assert.deepEqual({ ...movedCopy }.statements, movedCopy.statements);
  // A copy of a copy is built from the first reading: moved back, it points where the first did.
  const third = analyzeDocument({ text, uri, languageId: 'terraform' }, config);
  assert.equal(third.policies[2].movedFrom, first.policies[2].policy);
  assert.equal(isBuilt(third.policies[2].policy), false);
  // Spread before anything read it, a copy is the whole model (as `boundedPolicy` in the simulator spreads one).
  const spread: PolicyDocument = { ...third.policies[2].policy };
  assert.equal(modelOf(spread), modelOf(first.policies[2].policy));
  forgetTerraformDocument(uri);
});

test('blocks that other blocks use: an edit in a merged document or a reference is seen by the blocks that use it', () => {
  const merged = `data "aws_iam_policy_document" "combined" {\n  source_policy_documents   = [data.aws_iam_policy_document.base.json]\n  override_policy_documents = [data.aws_iam_policy_document.narrow.json]\n${statement('sqs:SendMessage')}}\n\n`;
  const base = `data "aws_iam_policy_document" "base" {\n  statement {\n    sid       = "Read"\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n\n`;
  const narrow = `data "aws_iam_policy_document" "narrow" {\n  statement {\n    sid       = "Read"\n    actions   = ["s3:GetObjectVersion"]\n    resources = ["arn:aws:s3:::b/*"]\n  }\n}\n\n`;
  const role = `resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n\n`;
  const trust = `data "aws_iam_policy_document" "trust" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "Service"\n      identifiers = ["ec2.amazonaws.com"]\n    }\n  }\n}\n`;
  let text = [bucket(0), base, merged, narrow, bucket(1), role, trust].join('');
  const uri = 'file:///dependencies/main.tf';
  const findings = new FindingsCache();
  const analyse = (current: string) => analyzeDocument({ text: current, uri, languageId: 'terraform' }, { config: defaultConfiguration, findings });
  const sidsOf = (analysis: DocumentAnalysis) =>
    analysis.policies.find((policy) => policy.name === 'data.aws_iam_policy_document.combined')!.policy.statements.map((s) => s.action!.values.map((value) => value.value).join());
  // The type the role gives the document; without a role using it, the type its content tells.
  const typeOf = (analysis: DocumentAnalysis) => {
    const { policyType, policyTypeInferred } = analysis.policies.find((policy) => policy.name === 'data.aws_iam_policy_document.trust')!;
    return `${policyType}${policyTypeInferred ? ' (inferred)' : ''}`;
  };
  assert.deepEqual(sidsOf(analyse(text)), ['s3:GetObjectVersion', 'sqs:SendMessage']);
  const steps: [string, string][] = [
    // The override loses its Sid: the source's statement stays and the override's is added.
    ['sid       = "Read"\n    actions   = ["s3:GetObjectVersion"]', 'actions   = ["s3:GetObjectVersion"]'],
    // The source document renamed: the merge no longer finds it.
    ['"base" {', '"basis" {'],
    ['"basis" {', '"base" {'],
    // An edit before the merged block moves every block after it.
    ['bucket-0', 'bucket-00'],
    // The override gets its Sid back: it replaces the source's statement again.
    ['actions   = ["s3:GetObjectVersion"]', 'sid       = "Read"\n    actions   = ["s3:GetObjectVersion"]'],
    // The role no longer uses the trust document, then uses it as its policy.
    ['assume_role_policy = data.aws_iam_policy_document.trust.json', 'assume_role_policy = "{}"'],
    ['name               = "r"', 'name               = "r"\n  inline_policy {\n    policy = data.aws_iam_policy_document.trust.json\n  }'],
  ];
  const seenSids: string[][] = [];
  const seenTypes: string[] = [];
  for (const [from, to] of steps) {
    assert.ok(text.includes(from), from);
    text = text.replace(from, to);
    const analysis = analyse(text);
    assertSameAsFullRead(analysis, text, `after ${JSON.stringify(to)}`);
    seenSids.push(sidsOf(analysis));
    seenTypes.push(typeOf(analysis));
  }
  // An override statement without a Sid is added after the document's own (terraform-provider-aws's merge).
  assert.deepEqual(seenSids, [
    ['s3:GetObject', 'sqs:SendMessage', 's3:GetObjectVersion'],
    ['sqs:SendMessage', 's3:GetObjectVersion'],
    ['s3:GetObject', 'sqs:SendMessage', 's3:GetObjectVersion'],
    ['s3:GetObject', 'sqs:SendMessage', 's3:GetObjectVersion'],
    ['s3:GetObjectVersion', 'sqs:SendMessage'],
    ['s3:GetObjectVersion', 'sqs:SendMessage'],
    ['s3:GetObjectVersion', 'sqs:SendMessage'],
  ]);
  assert.deepEqual(seenTypes, ['trust', 'trust', 'trust', 'trust', 'trust', 'trust (inferred)', 'identity']);
  forgetTerraformDocument(uri);
});

test('the edits in the fixtures moved policies of later blocks', () => {
  assert.ok(movedInFixtures > 0, 'no edit in any fixture moved a policy');
});
