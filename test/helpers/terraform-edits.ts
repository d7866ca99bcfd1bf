import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeDocument, FindingsCache, type DocumentAnalysis } from '../../server/src/core/analyze';
import { defaultConfiguration } from '../../server/src/core/config/configuration';
import { typingStep } from './typing-session';
import type { PolicyDocument } from '../../server/src/core/policy/model';
import type { EmbeddedPolicy } from '../../server/src/core/hosts/host';
import { forgetTerraformDocument } from '../../server/src/core/hosts/terraform/index';

// Incremental reading of .tf files compared with a first read of the same text: what the tests of
// server/src/core/hosts/terraform/incremental.test.ts share with the full sweep over every fixture in
// incremental.slow.test.ts. Whatever the edit, the result must be what a first read of the edited text gives: the
// findings, and every policy's model.

const root = join(__dirname, '..', '..');

/** Every .tf file under test/fixtures (the Terraform fixtures, the public modules, the account module). */
function tfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tfFiles(path);
    return name.endsWith('.tf') ? [path] : [];
  });
}
export const terraformFixtures = tfFiles(join(root, 'test', 'fixtures'));

/** A fixture's path from the repository's root, as the tests name it. */
export const fixtureName = (file: string) => relative(root, file);

/** The model a policy was first read as: its own, unless the reader moved it without reading it again. */
const originOf = (policy: EmbeddedPolicy) => policy.movedFrom ?? policy.policy;

/** Everything a user sees of an analysis: each policy's name, type, span and findings (fixes included), and the document's findings. */
export function seen(analysis: DocumentAnalysis): unknown {
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
export function modelOf(policy: PolicyDocument): string {
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
export function fullAnalysis(text: string, beside: string): DocumentAnalysis {
  const uri = beside.replace(/[^/]*$/, `fresh-${fresh++}.tf`);
  const analysis = analyzeDocument({ text, uri, languageId: 'terraform' }, { config: defaultConfiguration });
  forgetTerraformDocument(uri);
  return analysis;
}

export function assertSameAsFullRead(after: DocumentAnalysis, text: string, message: string): void {
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

/**
 * Each one-place edit of the fixture (or every `every`-th of them: the `every`-th, twice that, …), read against the kept reading of the fixture as the
 * server reads it, then undone; each reading compared with a full read. Returns how many edits moved a policy of a
 * later block.
 */
export function editEachPlace(file: string, every = 1): number {
  const name = fixtureName(file);
  const text = readFileSync(file, 'utf8');
  const uri = `file:///edit/${name}`;
  const findings = new FindingsCache();
  const analyse = (current: string) => analyzeDocument({ text: current, uri, languageId: 'terraform' }, { config: defaultConfiguration, findings });
  let before = analyse(text);
  const originalSeen = seen(before);
  let kept = 0;
  let moved = 0;
  for (const { at, edited } of editsOf(text).filter((_, index) => index % every === every - 1)) {
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
  // reader may read a block again rather than move it, so a fixture may move none; the caller counts them all).
  // A fixture without policies (module calls only) is still compared: its links and findings.
  if (before.policies.length > 0) assert.ok(kept > 0, `${name}: no edit kept a policy`);
  return moved;
}

/** The first `steps` steps of a session of edits to the fixture, each reading compared with a full read. */
export function editThroughSession(file: string, steps = 40): void {
  const name = fixtureName(file);
  const text = readFileSync(file, 'utf8');
  const uri = `file:///session/${name}`;
  const findings = new FindingsCache();
  let current = text;
  analyzeDocument({ text: current, uri, languageId: 'terraform' }, { config: defaultConfiguration, findings });
  // Type and remove characters at spread-out places, so later blocks move back and forth many times and their
  // policies are copies of copies; every third step reads the models first, every other step does not.
  const lineCount = text.split('\n').length;
  for (let step = 0; step < steps; step++) {
    const { text: edited, at } = typingStep(current, step, lineCount);
    current = edited;
    const after = analyzeDocument({ text: current, uri, languageId: 'terraform' }, { config: defaultConfiguration, findings });
    if (step % 3 === 0) assertSameAsFullRead(after, current, `${name}, step ${step} at ${at}`);
    else assert.deepEqual(seen(after), seen(fullAnalysis(current, uri)), `${name}, step ${step} at ${at}`);
  }
  forgetTerraformDocument(uri);
}
