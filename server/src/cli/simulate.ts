import type { ContextValue, NamedPolicy } from '../core/evaluator/types';
import { policyTitle, simulationResultOf, type SimulatedPolicy, type SimulationRange, type SimulationResult } from '../core/simulation/result';
import { simulateWithOutcome, type PolicyRole, type SimulationPolicy } from '../core/simulation/simulate';
import { formatLocation } from '../core/text/location';
import { LineIndex } from '../core/text/positions';
import { accountPolicies } from './account-files';
import { runBatch } from './simulate-batch';
import { UsageError, usageFailure, type CommandResult, parseCommandLine } from './usage';
import { readTextFile } from '../core/text/text-file';

export { runBatch, type BatchSummary } from './simulate-batch';

export const simulateUsage = `Usage: iam-policy simulate --action ACTION --resource ARN [options]
       iam-policy simulate --batch < cases.jsonl > decisions.jsonl

Evaluates one request against IAM policies as AWS would, and prints the decision and why.

Options:
  --policy FILE             an identity-based policy; may be repeated
  --account FILE            an \`aws iam get-account-authorization-details\` file, a CloudFormation/SAM template
                            or a Terraform module folder (may be repeated; --account-id ID places a
                            template's entities in that account): with
                            --principal NAME_OR_ARN, all the user's or role's policies take part (inline,
                            attached, its groups', its boundary; a role's trust policy for sts:AssumeRole*)
  --action ACTION           the action, e.g. s3:GetObject
  --resource ARN            the resource ARN, or * for actions without a resource
  --principal ARN           who asks: user, role, assumed-role session, federated user, root, or a
                            service principal (default: a user in the resource's account)
  --resource-account ID     the account that owns the resource (default: from the ARN, else the principal's)
  --context KEY=VALUE       a request context key; may be repeated. VALUE is text (numbers, dates,
                            true/false and IPs are read by the condition operator), or a JSON array for
                            a multivalued key: --context 'aws:TagKeys=["env","team"]'. Repeating a key
                            also makes a list: --context aws:TagKeys=env --context aws:TagKeys=team
  --resource-policy FILE    the resource-based policy (bucket policy, key policy, trust policy, ...)
  --boundary FILE           the permissions boundary
  --session-policy FILE     the session policy
  --scp FILE[,FILE...]      the SCPs of one level of the organisation; repeat per level, root first
  --rcp FILE[,FILE...]      the RCPs of one level (RCPFullAWSAccess is implied at every level)
  --no-derive               do not add aws:PrincipalArn, aws:username, aws:CurrentTime, ... from the principal
  --json                    print the whole result as JSON
  --batch                   read JSON Lines cases on standard input, write one decision per line
  -h, --help                show this help

Batch input, one case per line:
  {"id": "c1", "policies": {"identity": [{...}], "resource": null, "permissionsBoundary": null,
   "scps": [[{...}], [{...}]], "rcps": [], "session": null},
   "request": {"principal": "arn:...", "action": "s3:GetObject", "resource": "arn:...",
   "resourceAccount": "111122223333", "context": {"aws:TagKeys": ["a", "b"]}}}
Batch output, one line per case, in order: {"id": "c1", "decision": "Allowed"} or {"id": "c1", "error": "..."}.
The context is used as given; nothing is derived from the principal.

Exit code: 0 when allowed, 1 when denied, 2 on bad input. With --batch: 0, or 2 when a case could not
be evaluated.`;

/** Standard streams, replaceable for tests. */
export interface SimulateIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

/** A started batch: the command result for `runCli`, and a promise of the exit code once the input is consumed. */
export interface BatchStarted extends CommandResult {
  done: Promise<number>;
}

/**
 * The options that describe one request. `--batch` reads requests from standard input, so none of these may be
 * given with it; a new request option added here is refused with `--batch` without more code.
 */
const requestOptions = {
  policy: { type: 'string', multiple: true },
  account: { type: 'string', multiple: true },
  'account-id': { type: 'string' },
  action: { type: 'string' },
  resource: { type: 'string' },
  principal: { type: 'string' },
  'resource-account': { type: 'string' },
  context: { type: 'string', multiple: true },
  'resource-policy': { type: 'string' },
  boundary: { type: 'string' },
  'session-policy': { type: 'string' },
  scp: { type: 'string', multiple: true },
  rcp: { type: 'string', multiple: true },
} as const;

/** How to run and print. */
const modeOptions = {
  'no-derive': { type: 'boolean' },
  json: { type: 'boolean' },
  batch: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type SimulateValues = ReturnType<typeof parseArguments>['values'];

function parseArguments(args: string[]) {
  return parseCommandLine(args, { ...requestOptions, ...modeOptions });
}

export function runSimulate(args: string[], io: SimulateIo = { stdin: process.stdin, stdout: process.stdout }): CommandResult {
  try {
    return simulateCommand(args, io);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure('iam-policy simulate', error.message, 'simulate');
    return { stdout: '', stderr: `iam-policy simulate: ${(error as Error).message}\n`, exitCode: 2 };
  }
}

function simulateCommand(args: string[], io: SimulateIo): CommandResult {
  const { values, positionals } = parseArguments(args);
  if (values.help) return { stdout: `${simulateUsage}\n`, exitCode: 0 };
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  return values.batch ? startBatch(values, io) : simulateOne(values);
}

function startBatch(values: SimulateValues, io: SimulateIo): BatchStarted {
  const stray = Object.keys(requestOptions).filter((name) => values[name as keyof SimulateValues] !== undefined);
  if (stray.length > 0) throw new UsageError(`--batch reads everything from standard input; drop --${stray[0]}.`);
  const done = runBatch(io.stdin, io.stdout).then(
    (summary) => {
      const code = summary.errors > 0 ? 2 : 0;
      if (io.stdout === process.stdout) process.exitCode = code;
      return code;
    },
    (error: Error) => {
      process.stderr.write(`iam-policy simulate: ${error.message}\n`);
      if (io.stdout === process.stdout) process.exitCode = 2;
      return 2;
    },
  );
  return { stdout: '', exitCode: 0, done };
}

/** One request: the policy files as the options name them, evaluated by the core's simulation, printed from its result. */
function simulateOne(values: SimulateValues): CommandResult {
  if (!values.action) throw new UsageError('Name the action with --action, e.g. --action s3:GetObject.');
  if (!values.resource) throw new UsageError('Name the resource with --resource ARN (or --resource "*").');

  const texts = new Map<string, string>();
  const policies: SimulationPolicy[] = [];
  const add = (file: string, role: PolicyRole, level?: number): void => {
    let text = texts.get(file);
    if (text === undefined) {
      try {
        text = readTextFile(file);
      } catch (error) {
        throw new Error(`Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
      }
      texts.set(file, text);
    }
    policies.push({ name: file, text, role, ...(level !== undefined ? { level } : {}) });
  };
  for (const file of values.policy ?? []) add(file, 'identity');
  if (values['resource-policy']) add(values['resource-policy'], 'resource');
  if (values.boundary) add(values.boundary, 'permissionsBoundary');
  if (values['session-policy']) add(values['session-policy'], 'session');
  const addLevels = (specs: string[] | undefined, role: 'scp' | 'rcp') =>
    (specs ?? []).forEach((spec, level) =>
      spec
        .split(',')
        .filter(Boolean)
        .forEach((file) => add(file, role, level)),
    );
  addLevels(values.scp, 'scp');
  addLevels(values.rcp, 'rcp');

  let context = parseContext(values.context ?? []);
  let accountWarnings = '';
  if (values.account) {
    if (!values.principal) throw new UsageError('--account needs --principal NAME_OR_ARN: the user or role whose policies take part.');
    const gathered = accountPolicies(values.account, values.principal, values.action, values.resource, { accountId: values['account-id'] });
    values.principal = gathered.principal;
    // The principal's own policies come first; explicit --boundary and --resource-policy win over the account's.
    const fromAccount = (policy: NamedPolicy, role: PolicyRole): SimulationPolicy => {
      const text = policyText(policy.policy);
      texts.set(policy.name, text);
      return { name: policy.name, text, role };
    };
    policies.unshift(...gathered.identity.map((policy) => fromAccount(policy, 'identity')));
    if (gathered.boundary && !values.boundary) policies.push(fromAccount(gathered.boundary, 'permissionsBoundary'));
    if (gathered.resource && !values['resource-policy']) policies.push(fromAccount(gathered.resource, 'resource'));
    context = { ...Object.fromEntries(Object.entries(gathered.tags).map(([key, value]) => [`aws:PrincipalTag/${key}`, value])), ...context };
    accountWarnings = gathered.warnings.map((warning) => `warning: ${warning}\n`).join('');
  }
  const resourceAccount = values['resource-account'];
  const principal = values.principal ?? defaultPrincipal(values.resource, resourceAccount);
  const { report, outcome } = simulateWithOutcome(
    { principal, action: values.action, resource: values.resource, ...(resourceAccount ? { resourceAccount } : {}), context: requestContext(context), deriveContext: !values['no-derive'] },
    policies,
  );
  const places = new Map([...texts].map(([file, text]) => [file, { uri: file, lines: new LineIndex(text) }]));
  const result = simulationResultOf(report, places);
  if (result.errors.length > 0) {
    return { stdout: values.json ? `${JSON.stringify({ errors: outcome.errors }, null, 2)}\n` : '', stderr: formatErrors(result), exitCode: 2 };
  }
  const exitCode = result.decision === 'Allowed' ? 0 : 1;
  const warnings = accountWarnings ? { stderr: accountWarnings } : {};
  if (values.json) return { stdout: `${JSON.stringify({ request: report.request, ...outcome }, null, 2)}\n`, ...warnings, exitCode };
  return { stdout: formatSimulation(result), ...warnings, exitCode };
}

// A NamedPolicy holds its text or a parsed document, which keeps the text it was parsed from.
function policyText(policy: NamedPolicy['policy']): string {
  return typeof policy === 'string' ? policy : policy.text;
}

/** The context as the core's simulation takes it: text, a list, or null to keep a key out. */
function requestContext(context: Record<string, ContextValue>): Record<string, string | readonly string[] | null> {
  const result: Record<string, string | readonly string[] | null> = {};
  for (const [key, value] of Object.entries(context)) result[key] = value === null || typeof value === 'string' || Array.isArray(value) ? (value as string | string[] | null) : String(value);
  return result;
}

/**
 * `KEY=VALUE` pairs: VALUE is text, or a JSON array when it starts with `[`. A key given several times collects
 * its values into a list. Keys are matched case-insensitively, so `aws:tagkeys` and `aws:TagKeys` are one key.
 */
export function parseContext(specs: string[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  const keys = new Map<string, string>();
  for (const spec of specs) {
    const equals = spec.indexOf('=');
    if (equals <= 0) throw new UsageError(`--context takes KEY=VALUE, e.g. --context aws:SourceIp=203.0.113.7; got "${spec}".`);
    const written = spec.slice(0, equals);
    const raw = spec.slice(equals + 1);
    let value: string | string[] = raw;
    if (raw.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new UsageError(`--context ${written}: "${raw}" is not a JSON array; write it like '["a","b"]'.`);
      }
      if (!Array.isArray(parsed) || !parsed.every((item) => ['string', 'number', 'boolean'].includes(typeof item))) {
        throw new UsageError(`--context ${written}: a list must hold strings, numbers or booleans.`);
      }
      value = parsed.map(String);
    }
    const lower = written.toLowerCase();
    const key = keys.get(lower);
    if (key === undefined) {
      keys.set(lower, written);
      context[written] = value;
      continue;
    }
    const previous = context[key];
    context[key] = [...(Array.isArray(previous) ? previous : [previous as string]), ...(Array.isArray(value) ? value : [value])];
  }
  return context;
}

/** A user in the resource's account, so that identity-based policies apply as within one account. */
function defaultPrincipal(resource: string, resourceAccount: string | undefined): string {
  const account = resourceAccount ?? /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(resource)?.[1] ?? '123456789012';
  return `arn:aws:iam::${account}:user/simulated-user`;
}

// ---------------------------------------------------------------------------------------------
// Text output: the simulation result the editor's result view shows, as lines.
// ---------------------------------------------------------------------------------------------

/** `file:line:col: ` for a place in a policy file. */
function at(uri: string, range: SimulationRange | undefined): string {
  return range ? `${formatLocation(uri, range.start)}: ` : `${uri}: `;
}

function formatErrors(result: SimulationResult): string {
  return result.errors.map((error) => `${error.uri !== undefined ? at(error.uri, error.range) : ''}error ${error.ruleId} ${error.message}\n`).join('');
}

const grants: Record<string, string> = { direct: 'principal itself', role: 'role of the session', account: 'account' };

function formatPolicy(policy: SimulatedPolicy): string[] {
  const grant = policy.grant ? `, grants to the ${grants[policy.grant] ?? policy.grant}` : '';
  const lines = [`  ${policyTitle(policy)}: ${policy.verdict}${grant}${policy.ignored ? ` (ignored: ${policy.ignored})` : ''}`];
  const applying = policy.statements.filter((statement) => statement.applies);
  const others = policy.statements.filter((statement) => !statement.applies);
  for (const statement of applying) lines.push(`    ${at(statement.uri, statement.range)}${statement.label} applies`);
  for (const statement of others) lines.push(`    ${at(statement.uri, statement.whyRange ?? statement.range)}${statement.label} does not apply: ${statement.why}`);
  return lines;
}

function formatSimulation(result: SimulationResult): string {
  const { request } = result;
  const lines = [`${result.decision}: ${request.action} on ${request.resource} by ${request.principal}`, result.reason!.message];
  if (result.decidedBy.length > 0) {
    lines.push('Decided by:');
    for (const statement of result.decidedBy) lines.push(`  ${at(statement.uri, statement.range)}${statement.label}`);
  }
  lines.push(`Request: ${result.requestSummary}.`);
  lines.push(...result.levels);
  if (result.policies.length > 0) lines.push('Policies:');
  for (const policy of result.policies) lines.push(...formatPolicy(policy));
  return `${lines.join('\n')}\n`;
}
