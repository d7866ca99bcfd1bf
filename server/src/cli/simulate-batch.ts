import { compilePolicies, compilePolicyValue, describePolicy, evaluate } from '../core/evaluator/index';
import type { CompiledPolicy, CompiledPolicySet } from '../core/evaluator/index';
import type { EvaluationRequest, PolicyInput, PolicyRef, PolicySetInput } from '../core/evaluator/types';

// `iam-policy simulate --batch`: JSON Lines in, JSON Lines out, in constant memory.

export interface BatchSummary {
  cases: number;
  errors: number;
}

/** A map that forgets its least recently used entry beyond `limit` entries. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined && this.map.size > 1) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }
}

/**
 * Compiled policy sets by the raw JSON text of "policies". The most recently used texts are tried first by
 * comparing them in place with the line (no slice, no hashing of kilobytes of policy per line).
 */
class PolicySetCache {
  private readonly byText: BoundedCache<CompiledPolicySet>;
  private readonly recent: { text: string; set: CompiledPolicySet }[] = [];

  constructor(limit: number) {
    this.byText = new BoundedCache(limit);
  }

  /** The set whose text starts `line` at `start`, when it is one of the recent ones. */
  recentAt(line: string, start: number): { text: string; set: CompiledPolicySet } | undefined {
    const recent = this.recent;
    for (let i = 0; i < recent.length; i++) {
      const entry = recent[i];
      // A complete JSON value followed by anything is that value: its text ends where the value ends.
      if (!line.startsWith(entry.text, start)) continue;
      if (i > 0) {
        recent.splice(i, 1);
        recent.unshift(entry);
      }
      return entry;
    }
    return undefined;
  }

  get(text: string): CompiledPolicySet | undefined {
    const set = this.byText.get(text);
    if (set) this.touch(text, set);
    return set;
  }

  set(text: string, set: CompiledPolicySet): void {
    this.byText.set(text, set);
    this.touch(text, set);
  }

  private touch(text: string, set: CompiledPolicySet): void {
    this.recent.unshift({ text, set });
    if (this.recent.length > 32) this.recent.pop();
  }
}

const policyKinds: readonly (keyof PolicySetInput)[] = ['identity', 'resource', 'permissionsBoundary', 'scps', 'rcps', 'session'];

/**
 * Evaluates JSON Lines cases from `input` and writes one decision line per case to `output`, in order. Reads chunk
 * by chunk and writes as it goes, waiting for `drain` when the output is full, so memory stays constant however
 * long the input. Compiled policies are cached by their JSON text (per policy set and per policy), with bounds.
 */
export async function runBatch(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, limits = { sets: 64, policies: 512 }): Promise<BatchSummary> {
  const sets = new PolicySetCache(limits.sets);
  const policies = new BoundedCache<CompiledPolicy>(limits.policies);
  const compileCached = (policy: PolicyInput, ref: PolicyRef): CompiledPolicy => {
    const text = policy as string;
    const key = `${ref.kind}\u0000${text}`;
    let compiled = policies.get(key);
    if (!compiled) {
      // Batch policies arrive as JSON values: compile them without the span-carrying parse (see compile-value.ts).
      compiled = compilePolicyValue(JSON.parse(text), ref);
      policies.set(key, compiled);
    }
    // The same text may sit at another position in another set; explanations are off here, only errors name it.
    return compiled.errors.length > 0 && !sameRef(compiled.ref, ref) ? { ...compiled, ref, errors: compiled.errors.map((error) => ({ ...error, policy: ref })) } : compiled;
  };
  const summary: BatchSummary = { cases: 0, errors: 0 };
  let pending = '';
  let buffer = '';
  let lineNumber = 0;

  const flush = async (): Promise<void> => {
    if (buffer === '') return;
    const chunk = buffer;
    buffer = '';
    if (!output.write(chunk)) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  const handle = (line: string): void => {
    lineNumber++;
    if (line.trim() === '') return;
    summary.cases++;
    buffer += evaluateLine(line, lineNumber, sets, compileCached);
    if (lineFailed) summary.errors++;
  };

  input.setEncoding?.('utf8');
  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    const text = pending + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    let start = 0;
    for (let newline = text.indexOf('\n', start); newline >= 0; newline = text.indexOf('\n', start)) {
      handle(text.charCodeAt(newline - 1) === 13 ? text.slice(start, newline - 1) : text.slice(start, newline));
      start = newline + 1;
      if (buffer.length >= 65536) await flush();
    }
    pending = text.slice(start);
    await flush();
  }
  if (pending !== '') handle(pending);
  await flush();
  return summary;
}

function sameRef(a: PolicyRef, b: PolicyRef): boolean {
  return a.kind === b.kind && a.index === b.index && a.level === b.level;
}

/** Whether the last `evaluateLine` wrote an error. */
let lineFailed = false;

/** One case line to one output line (with its newline). */
function evaluateLine(line: string, lineNumber: number, sets: PolicySetCache, compile: (policy: PolicyInput, ref: PolicyRef) => CompiledPolicy): string {
  lineFailed = false;
  // Lines repeat policy sets: find the raw text of "policies" first, and when it is cached parse only the rest.
  const start = topLevelValueStart(line, 'policies');
  let set: CompiledPolicySet | undefined;
  let key: string | undefined;
  let end = -1;
  if (start >= 0) {
    const recent = sets.recentAt(line, start);
    if (recent) {
      set = recent.set;
      end = start + recent.text.length;
    } else {
      end = skipValue(line, start);
      if (end > start && !keyRepeatsAfter(line, 'policies', end)) {
        key = line.slice(start, end);
        set = sets.get(key);
      }
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(set ? line.slice(0, start) + 'null' + line.slice(end) : line);
    // A second "policies" key later in the line would win in JSON.parse: read the whole line then.
    if (set && (parsed as { policies?: unknown } | null)?.policies !== null) {
      set = undefined;
      key = undefined;
      parsed = JSON.parse(line);
    }
  } catch (error) {
    return errorLine(null, `line ${lineNumber}: not valid JSON (${jsonErrorOf(line) ?? (error as Error).message}).`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return errorLine(null, `line ${lineNumber}: a case must be a JSON object with "id", "policies" and "request".`);
  const entry = parsed as { id?: unknown; policies?: unknown; request?: unknown };
  const id = entry.id ?? null;
  const request = entry.request as EvaluationRequest | undefined;
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return errorLine(id, '"request" must be an object with "action" and "resource".');
  if (request.context !== undefined && (typeof request.context !== 'object' || request.context === null || Array.isArray(request.context))) {
    return errorLine(id, '"request.context" must be an object of context keys.');
  }
  if (!set) {
    const policies = entry.policies;
    if (typeof policies !== 'object' || policies === null || Array.isArray(policies)) return errorLine(id, '"policies" must be an object of policies by type.');
    const input = policySetFromJson(policies as Record<string, unknown>);
    if (typeof input === 'string') return errorLine(id, input);
    set = compilePolicies(input, compile);
    sets.set(key ?? JSON.stringify(policies), set);
  }
  const result = evaluate(request, set, { explain: false });
  if (result.errors) {
    const [first] = result.errors;
    const where = first.policy ? `${describePolicy(first.policy)}: ` : '';
    return errorLine(id, `${where}${first.ruleId}: ${first.message}${result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : ''}`);
  }
  return `{"id":${JSON.stringify(id)},"decision":"${result.decision}"}\n`;
}

/** JSON.parse's message for the whole line (the shortened line's message would point at the wrong column). */
function jsonErrorOf(line: string): string | undefined {
  try {
    JSON.parse(line);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function errorLine(id: unknown, message: string): string {
  lineFailed = true;
  return `{"id":${JSON.stringify(id)},"error":${JSON.stringify(message)}}\n`;
}

/**
 * Where the value of the first top-level `key` of a JSON object text starts, found by skipping over the values
 * before it without building them; -1 when the key is absent (or written with escapes) or the text is not a
 * well-formed object up to there. The caller parses the whole line then.
 */
function topLevelValueStart(text: string, key: string): number {
  const i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 123) return -1;
  return nextTopLevelValue(text, key, skipSpace(text, i + 1));
}

/** Whether the object text has `key` again after the value that ends at `end` (JSON.parse keeps the last one). */
function keyRepeatsAfter(text: string, key: string, end: number): boolean {
  const i = skipSpace(text, end);
  return text.charCodeAt(i) === 44 && nextTopLevelValue(text, key, skipSpace(text, i + 1)) >= 0;
}

function nextTopLevelValue(text: string, key: string, from: number): number {
  let i = from;
  for (;;) {
    if (text.charCodeAt(i) !== 34) return -1;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return -1;
    const isKey = keyEnd - i - 2 === key.length && text.startsWith(key, i + 1);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== 58) return -1;
    const start = skipSpace(text, i + 1);
    if (isKey) return start;
    const end = skipValue(text, start);
    if (end < 0) return -1;
    i = skipSpace(text, end);
    if (text.charCodeAt(i) !== 44) return -1;
    i = skipSpace(text, i + 1);
  }
}

function skipSpace(text: string, i: number): number {
  for (let code = text.charCodeAt(i); code === 32 || code === 9 || code === 10 || code === 13; code = text.charCodeAt(++i));
  return i;
}

/** The offset after the string starting at `start` (a quote), or -1. */
function skipString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 92) i++;
    else if (code === 34) return i + 1;
  }
  return -1;
}

/** The offset after the JSON value starting at `start`, or -1; only as strict as finding its end needs. */
function skipValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === 34) return skipString(text, start);
  if (first !== 123 && first !== 91) {
    let i = start;
    for (let code = text.charCodeAt(i); i < text.length && code !== 44 && code !== 125 && code !== 93 && code !== 32 && code !== 9 && code !== 10 && code !== 13; code = text.charCodeAt(++i));
    return i > start ? i : -1;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      i = skipString(text, i) - 1;
      if (i < 0) return -1;
    } else if (code === 123 || code === 91) depth++;
    else if (code === 125 || code === 93) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The batch "policies" object as evaluator input, policies as their JSON text; a message when its shape is wrong. */
function policySetFromJson(policies: Record<string, unknown>): PolicySetInput | string {
  for (const key of Object.keys(policies)) {
    if (!(policyKinds as string[]).includes(key)) return `"policies" has an unknown key "${key}"; use ${policyKinds.join(', ')}.`;
  }
  const single = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
  const list = (name: string, value: unknown): string[] | string => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) return `"policies.${name}" must be a list of policies.`;
    return value.map((policy) => JSON.stringify(policy));
  };
  const levels = (name: string, value: unknown): string[][] | string => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every(Array.isArray)) return `"policies.${name}" must be a list of levels, each a list of policies (root first).`;
    return (value as unknown[][]).map((level) => level.map((policy) => JSON.stringify(policy)));
  };
  const identity = list('identity', policies.identity);
  const scps = levels('scps', policies.scps);
  const rcps = levels('rcps', policies.rcps);
  if (typeof identity === 'string') return identity;
  if (typeof scps === 'string') return scps;
  if (typeof rcps === 'string') return rcps;
  return {
    identity,
    resource: single(policies.resource),
    permissionsBoundary: single(policies.permissionsBoundary),
    session: single(policies.session),
    scps,
    rcps,
  };
}
