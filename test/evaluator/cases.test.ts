// Walks the table-driven evaluator cases in test/evaluator/cases/*.json, the way json-languageservice walks the
// JSON-Schema-Test-Suite. Each file: { source, cases: [{ name, source?, note?, request, policies, expected }] }.
// - request: { principal?, action, resource, resourceAccount?, context? }, as in `iam-policy simulate --batch`;
// - policies: { identity?, resource?, permissionsBoundary?, scps?, rcps?, session? } with policies as JSON objects
//   (or as strings, for cases that need text that is not valid JSON);
// - expected: { decision?, reason?, error?, failure? }: the decision, the reason code, the rule id of an error,
//   or fields of the failure of the first statement of the first policy that did not match.
// Every case cites the AWS documentation page it comes from (`source`, or the file's `source`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePolicies, evaluate } from '../../server/src/core/evaluator/index';
import type { EvaluationRequest, PolicyInput, PolicySetInput } from '../../server/src/core/evaluator/types';

interface CaseFile {
  source: string;
  cases: Case[];
}

interface Case {
  name: string;
  source?: string;
  note?: string;
  request: EvaluationRequest;
  policies: Record<string, unknown>;
  expected: { decision?: string; reason?: string; error?: string; failure?: Record<string, unknown> };
}

const folder = join(__dirname, 'cases');
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .sort();

/** Policies as the batch mode takes them: JSON objects become their JSON text. */
function policySetOf(policies: Record<string, unknown>): PolicySetInput {
  const text = (policy: unknown): PolicyInput => (typeof policy === 'string' ? policy : JSON.stringify(policy));
  const optional = (policy: unknown) => (policy === undefined || policy === null ? null : text(policy));
  return {
    identity: ((policies.identity as unknown[]) ?? []).map(text),
    resource: optional(policies.resource),
    permissionsBoundary: optional(policies.permissionsBoundary),
    scps: ((policies.scps as unknown[][]) ?? []).map((level) => level.map(text)),
    rcps: ((policies.rcps as unknown[][]) ?? []).map((level) => level.map(text)),
    session: optional(policies.session),
  };
}

let total = 0;
for (const file of files) {
  const { source, cases } = JSON.parse(readFileSync(join(folder, file), 'utf8')) as CaseFile;
  assert.ok(source.startsWith('https://docs.aws.amazon.com/'), `${file} cites an AWS documentation page`);
  total += cases.length;
  for (const entry of cases) {
    test(`${file.replace(/\.json$/, '')}: ${entry.name}`, () => {
      assert.ok((entry.source ?? source).startsWith('https://docs.aws.amazon.com/'), 'every case cites an AWS documentation page');
      const set = policySetOf(entry.policies);
      const result = evaluate(entry.request, set);
      const { expected } = entry;
      if (expected.error) {
        assert.ok(result.errors, `expected an error ${expected.error}, got ${result.decision}`);
        assert.ok(
          result.errors.some((error) => error.ruleId === expected.error),
          `expected ${expected.error}, got ${result.errors.map((e) => e.ruleId).join(', ')}`,
        );
        return;
      }
      assert.equal(result.errors, undefined, result.errors?.map((e) => e.message).join('; '));
      assert.equal(result.decision, expected.decision, result.reason?.message);
      if (expected.reason) assert.equal(result.reason?.code, expected.reason, result.reason?.message);
      if (expected.failure) {
        const missed = result.explanation!.policies.flatMap((policy) => policy.notMatched);
        assert.ok(missed.length > 0, 'expected a statement that did not match');
        assert.deepEqual(pick(missed[0].failure as unknown as Record<string, unknown>, Object.keys(expected.failure)), expected.failure);
      }
      // The fast path must agree with the explained one, from source and from compiled policies alike.
      assert.equal(evaluate(entry.request, set, { explain: false }).decision, result.decision, 'explain: false agrees');
      assert.equal(evaluate(entry.request, compilePolicies(set), { explain: false }).decision, result.decision, 'compiled policies agree');
    });
  }
}

test('the case files hold several hundred cases', () => {
  assert.ok(total >= 300, `only ${total} cases`);
});

function pick(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}
