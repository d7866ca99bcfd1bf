import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import {
  checkAccessNotGranted,
  checkNoNewAccess,
  checkNoPublicAccess,
  PUBLIC_ACCESS_RESOURCE_TYPES,
  type AccessCheckResult,
  type ActionMode,
  type CheckPolicyType,
  type Witness,
} from '../access-checks/index';
import { compilePolicies, compilePolicy, deriveContext, describePolicy, evaluate } from '../evaluator/index';
import type { CompiledPolicy } from '../evaluator/index';
import type { ContextValue, EvaluationError, EvaluationRequest, PolicyInput, PolicyRef, PolicySetInput } from '../evaluator/types';
import { contextOf, invalid, keyNodeOf, Problem, propertiesOf, spanOf, stringOf, stringsOf } from './scenario-json';
import {
  expectations,
  scenarioCheckKinds,
  type Expectation,
  type ScenarioCheckKind,
  type ScenarioHost,
  type ScenarioOptions,
  type ScenarioPolicySource,
  type ScenarioProblem,
  type ScenarioRun,
} from './scenario-model';

// Scenario files (*.iamtest.json): requests with the decision each must get. `iam-policy test` prints what this
// module finds; the language server turns it into diagnostics. Policy files are read through the host, so the
// same logic serves files on disk and documents open in an editor.

export { isScenarioFile } from './scenario-files';
export * from './scenario-model';

const policyKinds = ['identity', 'resource', 'permissionsBoundary', 'session', 'scps', 'rcps'] as const;

/**
 * Runs the tests of one scenario file. `name` is how messages name the scenario itself, where inline policies live.
 * Never throws for anything in the text: what is wrong is in `problems`.
 */
export function runScenario(text: string, name: string, host: ScenarioHost, options: ScenarioOptions = {}): ScenarioRun {
  const run: ScenarioRun = { isScenario: false, attempted: 0, results: [], checks: [], problems: [], policyFiles: [] };
  const seen = new Set<string>();
  const report = (problem: ScenarioProblem): void => {
    const key = `${problem.span.start}:${problem.span.end}:${problem.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    run.problems.push(problem);
  };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: false, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    const offset = errors[0]?.offset ?? 0;
    report({ code: 'scenario-invalid', message: 'is not valid JSON.', span: { start: offset, end: offset + (errors[0]?.length ?? 0) } });
    return run;
  }
  if (root.type !== 'object') {
    report({ code: 'scenario-invalid', message: 'a scenario file must be a JSON object with "tests".', span: spanOf(root) });
    return run;
  }
  run.isScenario = true;
  const stop = options.stopAtFirstProblem === true;
  const sources = new Map<string, ScenarioPolicySource>();
  const compiled = new Map<string, CompiledPolicy>();
  /** Policy files that could not be read: requests that need them are not evaluated. */
  const unreadable = new Set<string>();

  /** A policy reference (path or inline object) as evaluator input; its name keys `sources`. */
  const policyOf = (node: JsonNode): PolicyInput => {
    if (node.type === 'string') {
      const file = host.readPolicy(node.value as string);
      if (!run.policyFiles.includes(file.name)) run.policyFiles.push(file.name);
      // The evaluator names the policy as messages do, so that its reasons read "identity-based policy 1 "dev.json"".
      if (file.text === undefined) {
        unreadable.add(file.display);
        const problem: ScenarioProblem = { code: 'scenario-policy', message: `cannot read policy file ${file.display} (${file.error ?? 'unknown error'}).`, span: spanOf(node) };
        if (stop) throw new Problem(problem);
        // Every reference to a missing file is reported; the requests that need it are skipped (see usesUnreadable).
        report(problem);
        return { name: file.display, policy: '' };
      }
      if (!sources.has(file.display)) sources.set(file.display, { name: file.name, display: file.display, text: file.text, base: 0, inline: false, reference: spanOf(node) });
      return { name: file.display, policy: file.text };
    }
    if (node.type === 'object') {
      const inlineName = `${name}@${node.offset}`;
      sources.set(inlineName, { name, display: name, text, base: node.offset, inline: true, reference: spanOf(node) });
      return { name: inlineName, policy: text.slice(node.offset, node.offset + node.length) };
    }
    throw invalid('a policy is a file path (string) or an inline policy (object).', spanOf(node));
  };
  const listOf = (node: JsonNode, what: string): JsonNode[] => {
    if (node.type !== 'array') throw invalid(`${what} must be a list.`, spanOf(node));
    return node.children ?? [];
  };
  const policySetOf = (node: JsonNode | undefined, base: PolicySetInput): PolicySetInput => {
    if (!node) return base;
    if (node.type !== 'object') throw invalid('"policies" must be an object of policies by type.', spanOf(node));
    const set: { -readonly [K in keyof PolicySetInput]: PolicySetInput[K] } = { ...base };
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      const key = keyNode?.value as string;
      if (!(policyKinds as readonly string[]).includes(key)) throw invalid(`unknown policy type "${key}"; use ${policyKinds.join(', ')}.`, spanOf(keyNode));
      if (!valueNode || valueNode.type === 'null') {
        if (key === 'identity') set.identity = [];
        else if (key === 'scps' || key === 'rcps') set[key] = [];
        else set[key as 'resource' | 'permissionsBoundary' | 'session'] = null;
        continue;
      }
      if (key === 'identity') set.identity = listOf(valueNode, `"identity"`).map(policyOf);
      else if (key === 'scps' || key === 'rcps') set[key] = listOf(valueNode, `"${key}"`).map((level) => listOf(level, `each level of "${key}"`).map(policyOf));
      else set[key as 'resource' | 'permissionsBoundary' | 'session'] = policyOf(valueNode);
    }
    return set;
  };
  // Compiled once per file and policy text, whatever test uses it.
  const compileOnce = (input: PolicyInput, ref: PolicyRef): CompiledPolicy => {
    const policyName = typeof input === 'object' && 'name' in input ? input.name : '';
    const key = `${ref.kind}|${ref.index}|${ref.level ?? ''}|${policyName}`;
    let policy = compiled.get(key);
    if (!policy) {
      policy = compilePolicy(input, ref);
      compiled.set(key, policy);
    }
    return policy;
  };
  /** The error of a policy or request as a problem: at its place in an inline policy or at the policy's reference. */
  const policyProblem = (error: EvaluationError, entry: JsonNode): Problem => {
    const source = error.policy?.name !== undefined ? sources.get(error.policy.name) : undefined;
    if (source && error.span) {
      const span = { start: source.base + error.span.start, end: source.base + error.span.end };
      return new Problem({
        code: 'scenario-policy',
        message: `${error.ruleId} ${error.message}`,
        span: source.inline ? span : source.reference,
        policy: { source, span, ruleId: error.ruleId, message: error.message },
      });
    }
    const code = error.policy ? 'scenario-policy' : 'scenario-invalid';
    return new Problem({ code, message: `${error.policy ? `${describePolicy(error.policy)}: ` : ''}${error.ruleId} ${error.message}`, span: spanOf(entry) });
  };
  const usesUnreadable = (set: PolicySetInput): boolean => {
    const inputs = [...(set.identity ?? []), set.resource, set.permissionsBoundary, set.session, ...(set.scps ?? []).flat(), ...(set.rcps ?? []).flat()];
    return inputs.some((input) => input && typeof input === 'object' && 'name' in input && unreadable.has(input.name));
  };

  // The parts every test shares. A problem in them makes every result doubtful, so no test is evaluated then.
  let broken = false;
  let shared: { policies: PolicySetInput; principal?: string; context: Record<string, ContextValue>; derive: boolean; tests?: JsonNode; checks?: JsonNode } | undefined;
  try {
    const top = propertiesOf(root);
    for (const key of top.keys()) {
      if (!['policies', 'principal', 'context', 'deriveContext', 'tests', 'checks', '$schema', 'description'].includes(key)) {
        const problem = invalid(`unknown key "${key}"; a scenario has policies, principal, context, deriveContext, tests and checks.`, spanOf(keyNodeOf(root, key) ?? top.get(key)!));
        if (stop) throw problem;
        report(problem.problem);
        // Most likely a misspelt key: the tests would run without what it was meant to say.
        broken = true;
      }
    }
    const collect = <T>(read: () => T, fallback: T): T => {
      try {
        return read();
      } catch (error) {
        if (stop || !(error instanceof Problem)) throw error;
        report(error.problem);
        broken = true;
        return fallback;
      }
    };
    const policies = collect(() => policySetOf(top.get('policies'), {}), {});
    const principal = collect(() => stringOf(top.get('principal'), 'principal'), undefined);
    const context = collect(() => contextOf(top.get('context')), {});
    const derive = top.get('deriveContext')?.value !== false;
    const tests = top.get('tests');
    const checks = top.get('checks');
    if (checks && checks.type !== 'array') throw invalid('"checks" must be a list of policy checks.', spanOf(checks));
    // A file of checks alone needs no tests.
    if (!(checks && !tests) && (!tests || tests.type !== 'array')) throw invalid('needs "tests": a list of requests with the decision each must get.', spanOf(tests ?? root));
    if (!broken) shared = { policies, ...(principal !== undefined ? { principal } : {}), context, derive, ...(tests ? { tests } : {}), ...(checks ? { checks } : {}) };
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    report(error.problem);
    return run;
  }
  if (!shared) return run;

  for (const [entries, runOne] of [
    [shared.tests, runEntry],
    [shared.checks, runCheckEntry],
  ] as const) {
    for (const entry of entries?.children ?? []) {
      try {
        runOne(entry);
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        report(error.problem);
        if (stop) return run;
      }
    }
  }
  return run;

  /**
   * One entry of "checks": a local Access Analyzer custom policy check on one policy. A FAIL's witness is a request
   * the evaluator allows (core/access-checks re-checks it), so a FAIL here is never a guess.
   */
  function runCheckEntry(entry: JsonNode): void {
    if (entry.type !== 'object') throw invalid(`each check is an object with "policy" and one of ${scenarioCheckKinds.join(', ')}.`, spanOf(entry));
    const fields = propertiesOf(entry);
    for (const key of fields.keys()) {
      if (!['name', 'policy', 'policyType', 'mode', ...scenarioCheckKinds].includes(key)) {
        throw invalid(`unknown key "${key}" in a check; a check has name, policy, policyType, mode and one of ${scenarioCheckKinds.join(', ')}.`, spanOf(keyNodeOf(entry, key) ?? fields.get(key)!));
      }
    }
    const kinds = scenarioCheckKinds.filter((kind) => fields.has(kind));
    if (kinds.length !== 1) {
      const span = kinds.length > 1 ? spanOf(keyNodeOf(entry, kinds[1])!) : spanOf(entry);
      throw invalid(`a check names exactly one of ${scenarioCheckKinds.join(', ')}${kinds.length > 1 ? ` (this one names ${kinds.join(' and ')})` : ''}.`, span);
    }
    const kind: ScenarioCheckKind = kinds[0];
    const spec = fields.get(kind)!;
    if (spec.type !== 'object') throw invalid(`"${kind}" must be an object.`, spanOf(spec));
    const options = propertiesOf(spec);
    const allowed = { accessNotGranted: ['actions', 'resources'], noPublicAccess: ['resourceType'], noNewAccess: ['base'] }[kind];
    for (const key of options.keys()) {
      if (!allowed.includes(key)) throw invalid(`unknown key "${key}" in "${kind}"; it takes ${allowed.join(' and ')}.`, spanOf(keyNodeOf(spec, key) ?? options.get(key)!));
    }
    const name = stringOf(fields.get('name'), 'name');
    const modeNode = fields.get('mode');
    const mode = (stringOf(modeNode, 'mode') ?? 'catalog') as ActionMode;
    if (mode !== 'catalog' && mode !== 'string') throw invalid(`"mode" is catalog or string; got "${mode}".`, spanOf(modeNode!));
    const typeNode = fields.get('policyType');
    const policyType = (stringOf(typeNode, 'policyType') ?? (kind === 'noPublicAccess' ? 'resource' : 'identity')) as CheckPolicyType;
    if (policyType !== 'identity' && policyType !== 'resource') throw invalid(`"policyType" is identity or resource; got "${policyType}".`, spanOf(typeNode!));
    if (kind === 'noPublicAccess' && policyType !== 'resource') throw invalid('noPublicAccess checks a resource-based policy; leave out "policyType" or make it "resource".', spanOf(typeNode!));
    const policyNode = fields.get('policy');
    if (!policyNode) throw invalid('a check needs "policy": the policy file (or an inline policy) to check.', spanOf(entry));
    const readChecked = (node: JsonNode): string | undefined => {
      const input = policyOf(node) as { name: string; policy: string };
      if (unreadable.has(input.name)) return undefined;
      const compiled = compilePolicy(input, { kind: policyType, index: 0 });
      if (compiled.errors.length > 0) throw policyProblem(compiled.errors[0], entry);
      return input.policy;
    };
    const label = policyNode.type === 'string' ? (policyNode.value as string) : 'the inline policy';
    let result: AccessCheckResult;
    if (kind === 'accessNotGranted') {
      const actions = options.has('actions') ? stringsOf(options.get('actions')!, 'actions') : undefined;
      const resources = options.has('resources') ? stringsOf(options.get('resources')!, 'resources') : undefined;
      if (!actions && !resources) throw invalid('"accessNotGranted" needs "actions", "resources" or both.', spanOf(spec));
      const policy = readChecked(policyNode);
      if (policy === undefined) return;
      result = checkAccessNotGranted(policy, { policyType, mode, ...(actions ? { actions } : {}), ...(resources ? { resources } : {}) });
    } else if (kind === 'noPublicAccess') {
      const typeValue = options.get('resourceType');
      const resourceType = stringOf(typeValue, 'resourceType');
      if (resourceType === undefined) throw invalid(`"noPublicAccess" needs "resourceType", one of: ${PUBLIC_ACCESS_RESOURCE_TYPES.join(', ')}.`, spanOf(spec));
      if (!PUBLIC_ACCESS_RESOURCE_TYPES.includes(resourceType)) throw invalid(`unknown resourceType "${resourceType}"; use one of: ${PUBLIC_ACCESS_RESOURCE_TYPES.join(', ')}.`, spanOf(typeValue!));
      const policy = readChecked(policyNode);
      if (policy === undefined) return;
      result = checkNoPublicAccess(policy, resourceType, { mode });
    } else {
      const baseNode = options.get('base');
      if (!baseNode) throw invalid('"noNewAccess" needs "base": the policy (file or inline) the checked policy must not grant more than.', spanOf(spec));
      const base = readChecked(baseNode);
      const policy = readChecked(policyNode);
      if (base === undefined || policy === undefined) return;
      result = checkNoNewAccess(base, policy, { policyType, mode });
    }
    run.checks.push({
      entry: spanOf(entry),
      kindSpan: spanOf(keyNodeOf(entry, kind)!),
      ...(name !== undefined ? { name } : {}),
      kind,
      policy: label,
      result: result.result,
      reasons: result.reasons,
      ...(result.witness ? { witness: result.witness } : {}),
      mode: result.mode,
    });
  }

  function runEntry(entry: JsonNode): void {
    const { policies: filePolicies, principal: filePrincipal, context: fileContext, derive } = shared!;
    if (entry.type !== 'object') throw invalid('each test is an object with action, resource and expect.', spanOf(entry));
    const fields = propertiesOf(entry);
    for (const key of fields.keys()) {
      if (!['name', 'principal', 'action', 'resource', 'resourceAccount', 'context', 'policies', 'expect'].includes(key)) {
        throw invalid(`unknown key "${key}" in a test.`, spanOf(keyNodeOf(entry, key) ?? fields.get(key)!));
      }
    }
    const at = (what: string) => {
      const node = fields.get(what);
      if (!node) throw invalid(`a test needs "${what}".`, spanOf(entry));
      return node;
    };
    const expectNode = at('expect');
    const expect = stringOf(expectNode, 'expect') as Expectation;
    if (!expectations.includes(expect)) throw invalid(`"expect" is one of ${expectations.join(', ')}; got "${expect}".`, spanOf(expectNode));
    const testName = stringOf(fields.get('name'), 'name');
    const principal = stringOf(fields.get('principal'), 'principal') ?? filePrincipal;
    const resourceAccount = stringOf(fields.get('resourceAccount'), 'resourceAccount');
    const context = { ...fileContext, ...contextOf(fields.get('context')) };
    const input = policySetOf(fields.get('policies'), filePolicies);
    // A file that cannot be read was reported where it is named; the requests that need it cannot be evaluated.
    if (usesUnreadable(input)) return;
    const policies = compilePolicies(input, compileOnce);
    if (policies.errors.length > 0) throw policyProblem(policies.errors[0], entry);
    for (const action of stringsOf(at('action'), 'action')) {
      for (const resource of stringsOf(at('resource'), 'resource')) {
        run.attempted++;
        const request: EvaluationRequest = {
          ...(principal !== undefined ? { principal } : {}),
          action,
          resource,
          ...(resourceAccount !== undefined ? { resourceAccount } : {}),
          context: derive ? deriveContext(principal, context) : context,
        };
        const result = evaluate(request, policies);
        if (result.errors) throw policyProblem(result.errors[0], entry);
        const holds = expect === 'Denied' ? result.decision !== 'Allowed' : result.decision === expect;
        run.results.push({
          entry: spanOf(entry),
          expectSpan: spanOf(expectNode),
          ...(testName !== undefined ? { name: testName } : {}),
          action,
          resource,
          ...(principal !== undefined ? { principal } : {}),
          expect,
          decision: result.decision,
          holds,
          reason: result.reason!.message,
          decidedBy: result.reason!.statements.map((statement) => {
            const source = statement.policy.name !== undefined ? sources.get(statement.policy.name) : undefined;
            return source ? { statement, source } : { statement };
          }),
        });
      }
    }
  }
}

/** A witness request in one sentence: "s3:DeleteBucket on arn:aws:s3:::b by arn:… with aws:SourceIp=\"203.0.113.7\"". */
export function describeWitness(witness: Witness): string {
  const context = Object.entries(witness.context).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return `${witness.action} on ${witness.resource} by ${witness.principal ?? 'an anonymous caller'}${context.length > 0 ? ` with ${context.join(', ')}` : ' with no context keys'}`;
}
