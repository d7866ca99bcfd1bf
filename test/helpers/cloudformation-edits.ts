import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, FindingsCache, type DocumentAnalysis } from '../../server/src/core/analyze';
import { defaultConfiguration } from '../../server/src/core/config/configuration';
import { typingStep } from './typing-session';
import type { JsonNode, PolicyDocument } from '../../server/src/core/policy/model';
import type { HostJsonNode } from '../../server/src/core/policy/parse-policy';
import { changedRange } from '../../server/src/core/hosts/cloudformation/incremental';
import { cloudFormationReader, forgetCloudFormationDocument } from '../../server/src/core/hosts/cloudformation/reader';

// Incremental reading of templates compared with a first read of the same text: what the tests of
// server/src/core/hosts/cloudformation/incremental.test.ts share with the full sweep over every fixture in
// incremental.slow.test.ts.

const fixtures = join(__dirname, '..', 'fixtures', 'cloudformation');
/** The template fixtures, by file name. */
export const templateFixtures = readdirSync(fixtures).filter((name) => /\.(ya?ml|json)$/.test(name));

/**
 * Everything a user sees of an analysis: each policy's name, type, span and findings (fixes included), and the
 * document's findings; and what hover, completion and the outline read: each policy's model, every node at its place.
 */
export function seen(analysis: DocumentAnalysis): unknown {
  const problem = (p: DocumentAnalysis['problems'][number]) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, span: p.span, fixes: p.fixes });
  return {
    kind: analysis.kind,
    problems: analysis.problems.map(problem),
    policies: analysis.policies.map((policy) => ({
      name: policy.name,
      type: policy.policyType,
      span: policy.span,
      owner: policy.owner,
      problems: policy.problems.map(problem),
      model: modelSeen(policy.policy, analysis.text),
    })),
  };
}

function modelSeen(policy: PolicyDocument, text: string): unknown {
  const node = (each: JsonNode): unknown => {
    const host = each as HostJsonNode;
    const mapped = host.mapSpan && typeof each.value === 'string' ? host.mapSpan(0, each.value.length) : undefined;
    return [each.type, each.offset, each.length, each.colonOffset, each.value, mapped, host.placeholders, each.children?.map(node)];
  };
  return {
    current: policy.text === text,
    root: policy.root && node(policy.root),
    syntaxErrors: policy.syntaxErrors,
    sizeText: policy.sizeText,
    statements: policy.statements.map((statement) => [statement.span, statement.effect?.value?.value, statement.action?.values.map((value) => [value.value, value.span])]),
  };
}

export const languageOf = (name: string) => (name.endsWith('.json') ? 'json' : 'yaml');

/** A fresh full read of `text`: a uri never read before. */
let fresh = 0;
export function fullAnalysis(text: string, name: string): DocumentAnalysis {
  const uri = `file:///fresh/${fresh++}/${name}`;
  const analysis = analyzeDocument({ text, uri, languageId: languageOf(name) }, { config: defaultConfiguration });
  forgetCloudFormationDocument(uri);
  return analysis;
}

/**
 * One-character inserts and deletes on every line (at the indentation, in the middle, at the end), a new comment line
 * and a line removed: two of these six kinds per line, in turn, so every kind meets every sort of line.
 */
function editsOf(text: string): string[] {
  const edits: string[] = [];
  let start = 0;
  for (const [index, line] of text.split('\n').entries()) {
    const indent = /^ */.exec(line)![0].length;
    const middle = start + Math.floor((indent + line.length) / 2);
    const end = start + line.length;
    const kinds = [
      () => text.slice(0, start + indent) + 'x' + text.slice(start + indent),
      // A space keeps most JSON valid, so JSON templates are read by resource too.
      () => text.slice(0, middle) + (index % 2 ? 'z' : ' ') + text.slice(middle),
      () => text.slice(0, end) + '1' + text.slice(end),
      () => (line.length > indent ? text.slice(0, middle) + text.slice(middle + 1) : undefined),
      () => text.slice(0, end) + `\n${' '.repeat(indent)}# note` + text.slice(end),
      () => text.slice(0, start) + text.slice(Math.min(text.length, end + 1)),
    ];
    for (const kind of [index % 6, (index + 3) % 6]) {
      const edited = kinds[kind]();
      if (edited !== undefined) edits.push(edited);
    }
    start = end + 1;
  }
  return edits;
}

/**
 * Each one-place edit of the fixture (or every `every`-th of them: the `every`-th, twice that, …), read against the kept reading of the fixture as the
 * server reads it, and compared with a full read.
 */
export function editEachPlace(name: string, every = 1): void {
  const text = readFileSync(join(fixtures, name), 'utf8');
  let reused = 0;
  const edits = editsOf(text).filter((_, index) => index % every === every - 1);
  const uri = `file:///edit/${name}`;
  for (const edited of edits) {
    // The kept reading of the fixture, then the edit read against it as the server reads it.
    forgetCloudFormationDocument(uri);
    const before = cloudFormationReader.read({ text, uri, languageId: languageOf(name) })!;
    const after = analyzeDocument({ text: edited, uri, languageId: languageOf(name) }, { config: defaultConfiguration, findings: new FindingsCache() });
    const change = changedRange(text, edited);
    assert.deepEqual(seen(after), seen(fullAnalysis(edited, name)), `${name}, edit at ${change.start}: ${JSON.stringify(edited.slice(Math.max(0, change.start - 20), change.newEnd + 20))}`);
    // A policy before the edit is kept as the same object when only a later resource was read again.
    const kept = new Set(before.policies.map((policy) => policy.policy));
    if (after.policies.some((policy) => kept.has(policy.policy))) reused++;
  }
  forgetCloudFormationDocument(uri);
  // The test must exercise the incremental path, not only the full read it falls back to.
  assert.ok(reused > 0, `${name}: no edit of ${edits.length} kept a policy`);
}

/** The first `steps` steps of a session of edits to the fixture, each reading compared with a full read. */
export function editThroughSession(name: string, steps = 60): void {
  const text = readFileSync(join(fixtures, name), 'utf8');
  const uri = `file:///session/${name}`;
  const findings = new FindingsCache();
  let current = text;
  analyzeDocument({ text: current, uri, languageId: languageOf(name) }, { config: defaultConfiguration, findings });
  // Type and remove characters at spread-out places, so later resources move back and forth many times.
  const lineCount = text.split('\n').length;
  for (let step = 0; step < steps; step++) {
    const { text: edited, at } = typingStep(current, step, lineCount);
    current = edited;
    const after = analyzeDocument({ text: current, uri, languageId: languageOf(name) }, { config: defaultConfiguration, findings });
    assert.deepEqual(seen(after), seen(fullAnalysis(current, name)), `${name}, step ${step} at ${at}`);
  }
  forgetCloudFormationDocument(uri);
}
