import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeDocument, FindingsCache, type DocumentAnalysis } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import type { PolicyDocument } from '../../policy/model';
import type { EmbeddedPolicy } from '../host';
import { forgetTerraformDocument, terraformReader } from './index';
import { isBuilt } from './moved-policy';

// An edited .tf file is read again only in the blocks whose text changed; the policies of the blocks after the edit
// are moved copies of the last reading, built when first read, and keep their findings. Whatever the edit, the
// result must be what a first read of the edited text gives: the findings, and every policy's model.

const root = join(__dirname, '..', '..', '..', '..', '..');

/** Every .tf file under test/fixtures (the Terraform fixtures, the public modules, the account module). */
function tfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tfFiles(path);
    return name.endsWith('.tf') ? [path] : [];
  });
}
const fixtures = tfFiles(join(root, 'test', 'fixtures'));

/** The model a policy was first read as: its own, unless the reader moved it without reading it again. */
const originOf = (policy: EmbeddedPolicy) => policy.movedFrom ?? policy.policy;

before(async () => {
  await terraformReader.prepare!();
});

/** Everything a user sees of an analysis: each policy's name, type, span and findings (fixes included), and the document's findings. */
function seen(analysis: DocumentAnalysis): unknown {
  const problem = (p: DocumentAnalysis['problems'][number]) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, span: p.span, fixes: p.fixes });
  return {
    kind: analysis.kind,
    problems: analysis.problems.map(problem),
    policies: analysis.policies.map((policy) => ({ name: policy.name, type: policy.policyType, span: policy.span, owner: policy.owner, problems: policy.problems.map(problem) })),
    links: analysis.links,
  };
}

/**
 * A policy model as plain data, properties sorted: every element, span and value; node trees without their parent
 * links; each value's span mapper sampled over the whole value, its first and last character and its placeholders.
 */
function modelOf(policy: PolicyDocument): string {
  return JSON.stringify(policy, function (this: Record<string, unknown>, key, value: unknown) {
    // `baseMap` is how a moved string node keeps its first mapper (nodes.ts); `mapSpan` is what it means.
    if (key === 'parent' || key === 'baseMap') return undefined;
    if (key === 'text' && typeof value === 'string' && value === policy.text) return `<the document, ${value.length} characters>`;
    if (typeof value === 'function' && key === 'mapSpan') {
      const length = typeof this.value === 'string' ? this.value.length : 0;
      const holes = (this.placeholders as { start: number; end: number }[] | undefined) ?? [];
      const map = value as (start: number, end: number) => unknown;
      return [map(0, length), map(0, Math.min(1, length)), map(Math.max(0, length - 1), length), ...holes.map((hole) => map(hole.start, hole.end))];
    }
    // Properties in one order: a moved copy gets its model's properties after `text` and `sizeText`.
    if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return value;
  });
}

/** A fresh full read of `text`: a uri never read before, in the folder of `beside` (links are relative to it). */
let fresh = 0;
function fullAnalysis(text: string, beside: string): DocumentAnalysis {
  const uri = beside.replace(/[^/]*$/, `fresh-${fresh++}.tf`);
  const analysis = analyzeDocument({ text, uri, languageId: 'terraform' }, { config: defaultConfiguration });
  forgetTerraformDocument(uri);
  return analysis;
}

function assertSameAsFullRead(after: DocumentAnalysis, text: string, message: string): void {
  const full = fullAnalysis(text, after.uri);
  assert.deepEqual(seen(after), seen(full), message);
  after.policies.forEach((policy, index) => {
    const [got, want] = [modelOf(policy.policy), modelOf(full.policies[index].policy)];
    if (got === want) return;
    let at = 0;
    while (got[at] === want[at]) at++;
    assert.fail(
      `${message}: the model of ${policy.name} differs at ${at}:\n  read again: …${got.slice(Math.max(0, at - 150), at + 150)}\n  full read:  …${want.slice(Math.max(0, at - 150), at + 150)}`,
    );
  });
}

/**
 * Edits at places spread over the file, on about 30 of its lines: one-character inserts and deletes (at the
 * indentation, in the middle, at the end of the line), HCL that breaks the structure (`{`, `}`, `"`, `<<EOT`), a new
 * comment line and a line removed, in turn, so every kind meets every sort of line.
 */
function editsOf(text: string): { at: number; edited: string }[] {
  const lines = text.split('\n');
  const step = Math.max(1, Math.ceil(lines.length / 30));
  const edits: { at: number; edited: string }[] = [];
  let start = 0;
  for (const [index, line] of lines.entries()) {
    const end = start + line.length;
    if (index % step === 0) {
      const indent = /^ */.exec(line)![0].length;
      const middle = start + Math.floor((indent + line.length) / 2);
      const insert = (at: number, piece: string) => ({ at, edited: text.slice(0, at) + piece + text.slice(at) });
      const kinds = [
        () => insert(start + indent, 'x'),
        () => insert(middle, index % 2 ? 'z' : ' '),
        () => insert(end, '1'),
        () => (line.length > indent ? { at: middle, edited: text.slice(0, middle) + text.slice(middle + 1) } : undefined),
        () => insert(end, `\n${' '.repeat(indent)}# note`),
        () => ({ at: start, edited: text.slice(0, start) + text.slice(Math.min(text.length, end + 1)) }),
        () => insert(middle, ['{', '}', '"', '<<EOT\n'][index % 4]),
      ];
      for (const kind of [index % 7, (index + 3) % 7]) {
        const edit = kinds[kind]();
        if (edit) edits.push(edit);
      }
    }
    start = end + 1;
  }
  return edits;
}

let movedInFixtures = 0;

for (const file of fixtures) {
  const name = relative(root, file);

  test(`incremental reading of ${name} after each one-place edit equals a full read`, () => {
    const text = readFileSync(file, 'utf8');
    const uri = `file:///edit/${name}`;
    const findings = new FindingsCache();
    const analyse = (current: string) => analyzeDocument({ text: current, uri, languageId: 'terraform' }, { config: defaultConfiguration, findings });
    let before = analyse(text);
    const originalSeen = seen(before);
    let kept = 0;
    let moved = 0;
    for (const { at, edited } of editsOf(text)) {
      // The edit, read against the kept reading of the fixture as the server reads it.
      const after = analyse(edited);
      // Compared before anything reads the moved copies: a finding taken from the cache must be the one a check gives.
      const problems = seen(after);
      assertSameAsFullRead(after, edited, `${name}, edit at ${at}: ${JSON.stringify(edited.slice(Math.max(0, at - 20), at + 20))}`);
      assert.deepEqual(problems, seen(after));
      const last = new Set(before.policies.map((policy) => policy.policy));
      const lastOrigins = new Set(before.policies.map(originOf));
      if (after.policies.some((policy) => last.has(policy.policy))) kept++;
      if (after.policies.some((policy) => !last.has(policy.policy) && lastOrigins.has(originOf(policy)))) moved++;
      // The edit undone: read again against the edited reading, it is the fixture's first reading.
      before = analyse(text);
      assert.deepEqual(seen(before), originalSeen, `${name}, edit at ${at} undone`);
    }
    forgetTerraformDocument(uri);
    // The test must exercise the incremental path, not only a full read: policies kept as they were, and moved (the
    // reader may read a block again rather than move it, so a fixture may move none; the last test counts them all).
    // A fixture without policies (module calls only) is still compared: its links and findings.
    if (before.policies.length > 0) assert.ok(kept > 0, `${name}: no edit kept a policy`);
    movedInFixtures += moved;
  });

  test(`incremental reading of ${name} through a session of edits equals a full read after each`, () => {
    const text = readFileSync(file, 'utf8');
    const uri = `file:///session/${name}`;
    const findings = new FindingsCache();
    let current = text;
    analyzeDocument({ text: current, uri, languageId: 'terraform' }, { config: defaultConfiguration, findings });
    // Type and remove characters at spread-out places, so later blocks move back and forth many times and their
    // policies are copies of copies; every third step reads the models first, every other step does not.
    const lines = text.split('\n');
    for (let step = 0; step < 40; step++) {
      const line = (step * 7) % lines.length;
      const lineStart = current.split('\n').slice(0, line).join('\n').length + (line > 0 ? 1 : 0);
      const lineText = current.slice(lineStart).split('\n')[0];
      const at = lineStart + Math.floor(lineText.length * ((step % 5) / 4));
      current = step % 3 === 2 && at < current.length && current[at] !== '\n' ? current.slice(0, at) + current.slice(at + 1) : current.slice(0, at) + 'ab'[step % 2] + current.slice(at);
      const after = analyzeDocument({ text: current, uri, languageId: 'terraform' }, { config: defaultConfiguration, findings });
      if (step % 3 === 0) assertSameAsFullRead(after, current, `${name}, step ${step} at ${at}`);
      else assert.deepEqual(seen(after), seen(fullAnalysis(current, uri)), `${name}, step ${step} at ${at}`);
    }
    forgetTerraformDocument(uri);
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
