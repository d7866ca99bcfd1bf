import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { compilePolicies, compilePolicy, deriveContext, describePolicy, evaluate } from '../core/evaluator/index';
import type { CompiledPolicy } from '../core/evaluator/index';
import type { ContextValue, EvaluationError, EvaluationRequest, PolicyInput, PolicyRef, PolicySetInput, StatementRef } from '../core/evaluator/types';
import { LineIndex } from '../core/text/positions';
import { UsageError, type CommandResult } from './usage';

export const scenarioUsage = `Usage: iam-policy test [FILE|DIR ...]

Runs policy scenario files (*.iamtest.json): requests with the decision each must get. Folders are searched
for *.iamtest.json files. Prints every failing expectation as file:line:col.

Scenario file:
  {
    "policies": {                          policies in play; a string is a policy file path relative to
      "identity": ["dev.json", {...}],     this file, an object an inline policy
      "resource": "bucket-policy.json",
      "permissionsBoundary": null,
      "session": null,
      "scps": [["scps/root.json"], ["scps/ou.json"]],   one list per level, root first
      "rcps": []
    },
    "principal": "arn:aws:iam::111122223333:user/dev",  default for every test
    "context": {"aws:SecureTransport": "true"},         default context keys for every test
    "deriveContext": true,                 add aws:PrincipalArn, aws:username, ... from the principal
    "tests": [
      {"name": "devs read objects", "action": "s3:GetObject",
       "resource": "arn:aws:s3:::bucket/a", "expect": "Allowed"},
      {"action": ["s3:DeleteObject", "s3:PutBucketPolicy"], "resource": "arn:aws:s3:::bucket/*",
       "context": {"aws:SourceIp": "203.0.113.7"}, "expect": "Denied"},
      {"principal": "...", "resourceAccount": "444455556666",
       "policies": {"session": "session.json"}, "expect": "ExplicitlyDenied"}
    ]
  }
  "expect" is Allowed, ExplicitlyDenied, ImplicitlyDenied, or Denied (either). A list of actions or
  resources checks every combination. A test's "policies" replace the file's, type by type; its
  "context" keys are added to the file's.

Options:
  -h, --help   show this help

Exit code: 0 when every expectation holds, 1 when one fails, 2 on bad input.`;

type Expectation = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'Denied';
const expectations: readonly string[] = ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied', 'Denied'];
const policyKinds = ['identity', 'resource', 'permissionsBoundary', 'session', 'scps', 'rcps'] as const;

/** A problem with a scenario file itself, reported with its position; makes the command exit 2. */
class ScenarioError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly offset?: number,
    readonly text?: string,
  ) {
    super(message);
  }
}

interface Totals {
  files: number;
  expectations: number;
  failed: number;
}

export function runScenarios(args: string[]): CommandResult {
  try {
    if (args.includes('-h') || args.includes('--help')) return { stdout: `${scenarioUsage}\n`, exitCode: 0 };
    const unknown = args.find((arg) => arg.startsWith('-'));
    if (unknown) throw new UsageError(`Unknown option "${unknown}".`);
    if (args.length === 0) throw new UsageError('Name at least one scenario file (*.iamtest.json) or folder.');
    const files = scenarioFiles(args);
    if (files.length === 0) throw new UsageError(`No *.iamtest.json files found in ${args.join(', ')}.`);
    const totals: Totals = { files: 0, expectations: 0, failed: 0 };
    const lines: string[] = [];
    const problems: string[] = [];
    for (const file of files) {
      try {
        lines.push(...runScenarioFile(file, totals));
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        problems.push(`${position(error.file, error.text, error.offset)}error ${error.message}`);
      }
    }
    const summary = `${totals.files} scenario ${totals.files === 1 ? 'file' : 'files'}, ${totals.expectations} ${totals.expectations === 1 ? 'expectation' : 'expectations'}: ${totals.failed} failed.\n`;
    const stdout = lines.length > 0 ? `${lines.join('\n')}\n` : '';
    if (problems.length > 0) return { stdout, stderr: `${problems.join('\n')}\n${summary}`, exitCode: 2 };
    return { stdout, stderr: summary, exitCode: totals.failed > 0 ? 1 : 0 };
  } catch (error) {
    if (error instanceof UsageError) return { stdout: '', stderr: `iam-policy test: ${error.message}\n\n${scenarioUsage}\n`, exitCode: 2 };
    return { stdout: '', stderr: `iam-policy test: ${(error as Error).message}\n`, exitCode: 2 };
  }
}

/** Files as given, and every *.iamtest.json under folders (node_modules and dot folders skipped). */
function scenarioFiles(args: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.iamtest.json')) files.push(path);
    }
  };
  for (const arg of args) {
    let stats;
    try {
      stats = statSync(arg);
    } catch {
      throw new UsageError(`No such file or folder: ${arg}`);
    }
    if (stats.isDirectory()) walk(arg);
    else files.push(arg);
  }
  return files;
}

function position(file: string, text: string | undefined, offset: number | undefined): string {
  if (text === undefined || offset === undefined) return `${file}: `;
  const { line, character } = new LineIndex(text).positionAt(offset);
  return `${file}:${line + 1}:${character + 1}: `;
}

function readText(file: string, from?: { file: string; text: string; offset: number }): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    if (from) throw new ScenarioError(`cannot read policy file ${file} (${reason}).`, from.file, from.offset, from.text);
    throw new ScenarioError(`cannot read the file (${reason}).`, file);
  }
}

/** Where policies came from, to print file:line:col for statements and errors. */
interface PolicySource {
  /** The file holding the policy text (a policy file, or the scenario file for inline policies). */
  file: string;
  text: string;
  /** Offset of the policy within `text`: 0 for files, the object's offset for inline policies. */
  base: number;
}

function runScenarioFile(file: string, totals: Totals): string[] {
  const text = readText(file);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: false, allowTrailingComma: false });
  if (errors.length > 0 || !root) throw new ScenarioError('is not valid JSON.', file, errors[0]?.offset ?? 0, text);
  if (root.type !== 'object') throw new ScenarioError('a scenario file must be a JSON object with "tests".', file, root.offset, text);
  totals.files++;
  const here = dirname(file);
  const sources = new Map<string, PolicySource>();
  const compiled = new Map<string, CompiledPolicy>();

  /** A policy reference (path or inline object) as evaluator input; its name keys `sources`. */
  const policyOf = (node: JsonNode): PolicyInput => {
    if (node.type === 'string') {
      const name = join(here, node.value as string);
      if (!sources.has(name)) sources.set(name, { file: name, text: readText(name, { file, text, offset: node.offset }), base: 0 });
      return { name, policy: sources.get(name)!.text };
    }
    if (node.type === 'object') {
      const name = `${file}@${node.offset}`;
      sources.set(name, { file, text, base: node.offset });
      return { name, policy: text.slice(node.offset, node.offset + node.length) };
    }
    throw new ScenarioError('a policy is a file path (string) or an inline policy (object).', file, node.offset, text);
  };
  const policySetOf = (node: JsonNode | undefined, base: PolicySetInput): PolicySetInput => {
    if (!node) return base;
    if (node.type !== 'object') throw new ScenarioError('"policies" must be an object of policies by type.', file, node.offset, text);
    const set: { -readonly [K in keyof PolicySetInput]: PolicySetInput[K] } = { ...base };
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      const key = keyNode?.value as string;
      if (!(policyKinds as readonly string[]).includes(key)) {
        throw new ScenarioError(`unknown policy type "${key}"; use ${policyKinds.join(', ')}.`, file, keyNode.offset, text);
      }
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
  const listOf = (node: JsonNode, what: string): JsonNode[] => {
    if (node.type !== 'array') throw new ScenarioError(`${what} must be a list.`, file, node.offset, text);
    return node.children ?? [];
  };
  // Compiled once per file and policy text, whatever test uses it.
  const compileOnce = (input: PolicyInput, ref: PolicyRef): CompiledPolicy => {
    const name = typeof input === 'object' && 'name' in input ? input.name : '';
    const key = `${ref.kind}|${ref.index}|${ref.level ?? ''}|${name}`;
    let policy = compiled.get(key);
    if (!policy) {
      policy = compilePolicy(input, ref);
      compiled.set(key, policy);
    }
    return policy;
  };

  const top = propertiesOf(root);
  for (const key of top.keys()) {
    if (!['policies', 'principal', 'context', 'deriveContext', 'tests', '$schema', 'description'].includes(key)) {
      throw new ScenarioError(`unknown key "${key}"; a scenario has policies, principal, context, deriveContext and tests.`, file, top.get(key)!.offset, text);
    }
  }
  const filePolicies = policySetOf(top.get('policies'), {});
  const filePrincipal = stringOf(top.get('principal'), 'principal');
  const fileContext = contextOf(top.get('context'));
  const derive = top.get('deriveContext')?.value !== false;
  const tests = top.get('tests');
  if (!tests || tests.type !== 'array') throw new ScenarioError('needs "tests": a list of requests with the decision each must get.', file, tests?.offset ?? root.offset, text);

  function stringOf(node: JsonNode | undefined, what: string): string | undefined {
    if (!node) return undefined;
    if (node.type !== 'string') throw new ScenarioError(`"${what}" must be a string.`, file, node.offset, text);
    return node.value as string;
  }
  function stringsOf(node: JsonNode | undefined, what: string): string[] {
    if (!node) throw new ScenarioError(`a test needs "${what}".`, file, undefined, text);
    if (node.type === 'string') return [node.value as string];
    if (node.type === 'array' && (node.children ?? []).length > 0 && node.children!.every((child) => child.type === 'string')) return node.children!.map((child) => child.value as string);
    throw new ScenarioError(`"${what}" must be a string or a non-empty list of strings.`, file, node.offset, text);
  }
  function contextOf(node: JsonNode | undefined): Record<string, ContextValue> {
    if (!node) return {};
    if (node.type !== 'object') throw new ScenarioError('"context" must be an object of context keys.', file, node.offset, text);
    const context: Record<string, ContextValue> = {};
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      const value = valueNode ? nodeValue(valueNode) : undefined;
      const scalar = (item: unknown) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
      if (!(scalar(value) || value === null || (Array.isArray(value) && value.every(scalar)))) {
        throw new ScenarioError(`context key "${keyNode.value}" takes a string, number, boolean or a list of them.`, file, valueNode?.offset ?? keyNode.offset, text);
      }
      context[keyNode.value as string] = value as ContextValue;
    }
    return context;
  }

  const output: string[] = [];
  for (const entry of tests.children ?? []) {
    if (entry.type !== 'object') throw new ScenarioError('each test is an object with action, resource and expect.', file, entry.offset, text);
    const fields = propertiesOf(entry);
    for (const key of fields.keys()) {
      if (!['name', 'principal', 'action', 'resource', 'resourceAccount', 'context', 'policies', 'expect'].includes(key)) {
        throw new ScenarioError(`unknown key "${key}" in a test.`, file, fields.get(key)!.offset, text);
      }
    }
    const at = (what: string) => {
      const node = fields.get(what);
      if (!node) throw new ScenarioError(`a test needs "${what}".`, file, entry.offset, text);
      return node;
    };
    const expect = stringOf(at('expect'), 'expect') as Expectation;
    if (!expectations.includes(expect)) throw new ScenarioError(`"expect" is one of ${expectations.join(', ')}; got "${expect}".`, file, at('expect').offset, text);
    const name = stringOf(fields.get('name'), 'name');
    const principal = stringOf(fields.get('principal'), 'principal') ?? filePrincipal;
    const resourceAccount = stringOf(fields.get('resourceAccount'), 'resourceAccount');
    const context = { ...fileContext, ...contextOf(fields.get('context')) };
    const policies = compilePolicies(policySetOf(fields.get('policies'), filePolicies), compileOnce);
    if (policies.errors.length > 0) throw policyError(policies.errors[0], sources, file, text, entry.offset);
    for (const action of stringsOf(at('action'), 'action')) {
      for (const resource of stringsOf(at('resource'), 'resource')) {
        totals.expectations++;
        const request: EvaluationRequest = {
          ...(principal !== undefined ? { principal } : {}),
          action,
          resource,
          ...(resourceAccount !== undefined ? { resourceAccount } : {}),
          context: derive ? deriveContext(principal, context) : context,
        };
        const result = evaluate(request, policies);
        if (result.errors) throw policyError(result.errors[0], sources, file, text, entry.offset);
        const holds = expect === 'Denied' ? result.decision !== 'Allowed' : result.decision === expect;
        if (holds) continue;
        totals.failed++;
        const label = name !== undefined ? `"${name}" ` : '';
        output.push(`${position(file, text, entry.offset)}${label}${action} on ${resource}${principal ? ` by ${principal}` : ''}: expected ${expect}, got ${result.decision}. ${result.reason!.message}`);
        for (const statement of result.reason!.statements) output.push(`  decided by ${statementPosition(statement, sources)}${statement.effect} statement ${statement.index + 1}${statement.sid ? ` "${statement.sid}"` : ''}`);
      }
    }
  }
  return output;
}

function propertiesOf(node: JsonNode): Map<string, JsonNode> {
  const map = new Map<string, JsonNode>();
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode && !map.has(keyNode.value as string)) map.set(keyNode.value as string, valueNode ?? keyNode);
  }
  return map;
}

function nodeValue(node: JsonNode): unknown {
  if (node.type === 'array') return (node.children ?? []).map(nodeValue);
  if (node.type === 'object') return Object.fromEntries((node.children ?? []).map((p) => [p.children![0].value, p.children![1] ? nodeValue(p.children![1]) : undefined]));
  return node.value;
}

function statementPosition(statement: StatementRef, sources: Map<string, PolicySource>): string {
  const source = statement.policy.name !== undefined ? sources.get(statement.policy.name) : undefined;
  if (!source) return `${describePolicy(statement.policy)} `;
  return position(source.file, source.text, source.base + statement.span.start);
}

function policyError(error: EvaluationError, sources: Map<string, PolicySource>, file: string, text: string, offset: number): ScenarioError {
  const source = error.policy?.name !== undefined ? sources.get(error.policy.name) : undefined;
  if (source && error.span) return new ScenarioError(`${error.ruleId} ${error.message}`, source.file, source.base + error.span.start, source.text);
  return new ScenarioError(`${error.policy ? `${describePolicy(error.policy)}: ` : ''}${error.ruleId} ${error.message}`, file, offset, text);
}
