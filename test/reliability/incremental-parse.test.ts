import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Parser } from 'web-tree-sitter';
import { analyzeDocument, type DocumentAnalysis } from '../../server/src/core/analyze';
import { defaultConfiguration } from '../../server/src/core/config/configuration';
import { goParser } from '../../server/src/core/hosts/cdk/go';
import { csharpParser } from '../../server/src/core/hosts/cdk/csharp';
import { javaParser } from '../../server/src/core/hosts/cdk/java';
import { pythonParser } from '../../server/src/core/hosts/cdk/python';
import { hostReaders, prepareHostReaders } from '../../server/src/core/hosts/index';
import { Random } from '../helpers/random';
import { hostSeeds } from './host-seeds';
import { mutate } from './mutate';

// A CDK source in Python, Java, Go or C# is parsed again from its document's last tree after each edit
// (core/hosts/tree-sitter.ts). This types into each seed and checks, after every edit, that the document reads
// exactly as the same text parsed from scratch: the same policies at the same places, the same findings.
const steps = Number(process.env.FUZZ_ITERATIONS ?? 150);
const seed = Number(process.env.FUZZ_SEED ?? 20261206);

const parsers = { python: pythonParser, java: javaParser, go: goParser, csharp: csharpParser };
const seeds = hostSeeds.filter((source) => /\.(?:py|java|go|cs)$/.test(source.uri));

/** What the user sees of a document: its policies and findings, by place. */
function shown(analysis: DocumentAnalysis) {
  return {
    policies: analysis.policies.map((policy) => [policy.name, policy.span, policy.policyType]),
    problems: analysis.problems.map((problem) => [problem.ruleId, problem.severity, problem.span, problem.message]),
  };
}

/** One edit as typing makes them: a character in a string, one deleted, a line pasted or removed, now and then damage. */
function typed(text: string, original: string, random: Random): string {
  const quotes = [...text.matchAll(/"/g)].map((match) => match.index!);
  const lines = text.split('\n');
  const line = random.int(lines.length);
  switch (random.int(10)) {
    case 0:
    case 1:
    case 2:
    case 3: {
      const at = quotes.length ? random.pick(quotes) + 1 : random.int(text.length);
      return text.slice(0, at) + random.pick(['s', '3', ':', '*', 'é', '😀', '/']) + text.slice(at);
    }
    case 4: {
      const at = quotes.length ? random.pick(quotes) + 1 : random.int(text.length);
      return text.slice(0, at) + text.slice(at + 1);
    }
    case 5:
      return [...lines.slice(0, line), lines[random.int(lines.length)], ...lines.slice(line)].join('\n');
    case 6:
      return [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n');
    case 7:
      return mutate(text, random);
    default:
      return original;
  }
}

const incremental = { accepted: 0, withError: 0 };
const restores: (() => void)[] = [];

before(async () => {
  await prepareHostReaders(hostReaders);
  for (const load of Object.values(parsers)) {
    const parser = load() as Parser;
    const original = parser.parse;
    parser.parse = function (this: Parser, input, oldTree, options) {
      const tree = original.call(this, input, oldTree, options);
      if (oldTree && tree) incremental[tree.rootNode.hasError ? 'withError' : 'accepted']++;
      return tree;
    } as Parser['parse'];
    restores.push(() => void (parser.parse = original));
  }
});
after(() => restores.forEach((restore) => restore()));

test(`a CDK, Pulumi or CDKTF source edited step by step reads as its text parsed from scratch (${steps} edits a source, seed ${seed})`, () => {
  const random = new Random(seed);
  // The Python, Java, Go and C# CDK apps, Pulumi programs in Python, Go and C#, a CDK for Terraform app in Python, and
  // policies written in a Go and a Java program that is neither.
  assert.equal(seeds.length, 10);
  for (const source of seeds) {
    let text = source.text;
    const languageId = { py: 'python', java: 'java', go: 'go', cs: 'csharp' }[source.uri.split('.').pop()!]!;
    for (let step = 0; step < steps; step++) {
      text = typed(text, source.text, random);
      const context = `${source.uri}, edit ${step}, seed ${seed}`;
      // With its languageId, as the editor reads it: an editor document's tree is kept and parsed again from.
      const edited = analyzeDocument({ text, uri: source.uri, languageId }, { config: defaultConfiguration });
      // A document of the same name in another folder: no tree of its own yet, so parsed from scratch.
      const fresh = analyzeDocument({ text, uri: source.uri.replace('/fuzz/', `/fresh/${step}/`) }, { config: defaultConfiguration });
      assert.deepEqual(shown(edited), shown(fresh), context);
    }
  }
  console.log(`incremental parses: ${incremental.accepted} kept, ${incremental.withError} with errors and parsed again, of ${seeds.length * steps} edits`);
  // The comparison means something only if many edits took the incremental path (a third, with these edits).
  assert.ok(
    incremental.accepted >= (seeds.length * steps) / 4,
    `only ${incremental.accepted} incremental parses of ${seeds.length * steps} edits (${incremental.withError} with errors, parsed again)`,
  );
});
