import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, basename } from 'node:path';
import { checkAccessNotGranted, checkNoNewAccess, checkNoPublicAccess, PUBLIC_ACCESS_RESOURCE_TYPES, type AccessCheckResult, type ActionMode, type CheckPolicyType } from '../core/access-checks/index';
import { stripBom } from '../core/text/bom';
import { UsageError, parseCommandLine, type CommandResult } from './usage';

export const checkUsage = `Usage: iam-policy check no-new-access --base OLD.json NEW.json [options]
       iam-policy check access-not-granted POLICY.json --action A [--action B ...] [--resource R ...] [options]
       iam-policy check no-public-access POLICY.json --resource-type TYPE [options]

Answers IAM Access Analyzer's custom policy checks locally and exactly. A FAIL comes with a request the
policy allows (and, for no-new-access, the old policy does not), confirmed by the evaluator.

Options:
  --base FILE|git:REF     the old policy: a file, or git:REF for NEW.json as committed at REF
  --policy-type TYPE      identity (default) or resource (bucket, key, queue, trust policies, ...)
  --mode MODE             catalog (default): action wildcards mean today's catalog actions;
                          string: as AWS reads them, s3:* also covers S3 actions added later
  --action A              an action (wildcards allowed); may be repeated
  --resource R            a resource ARN (wildcards allowed); may be repeated
  --resource-type TYPE    e.g. AWS::S3::Bucket, AWS::KMS::Key, AWS::IAM::AssumeRolePolicyDocument
  --timeout-ms N          stop after N milliseconds with UNKNOWN (default 10000; 0: no limit). The search
                          also stops at a fixed work budget, the same on every machine
  --format FORMAT         text (default), json or sarif
  -h, --help              show this help

Exit code: 0 PASS, 1 FAIL, 3 UNKNOWN, 2 on bad input.`;

const DEFAULT_TIMEOUT_MS = 10_000;

const exitCodes = { PASS: 0, FAIL: 1, UNKNOWN: 3 } as const;

export function runCheck(args: string[]): CommandResult {
  const [check, ...rest] = args;
  if (check === '-h' || check === '--help' || check === undefined) {
    if (check === undefined) throw new UsageError('Name a check: no-new-access, access-not-granted or no-public-access.');
    return { stdout: `${checkUsage}\n`, exitCode: 0 };
  }
  const { values, positionals } = parseCommandLine(rest, {
    base: { type: 'string' },
    'policy-type': { type: 'string' },
    mode: { type: 'string' },
    action: { type: 'string', multiple: true },
    resource: { type: 'string', multiple: true },
    'resource-type': { type: 'string' },
    format: { type: 'string' },
    'timeout-ms': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return { stdout: `${checkUsage}\n`, exitCode: 0 };
  const format = oneOf(values.format ?? 'text', ['text', 'json', 'sarif'], '--format');
  const mode = oneOf(values.mode ?? 'catalog', ['catalog', 'string'], '--mode') as ActionMode;
  const policyType = oneOf(values['policy-type'] ?? 'identity', ['identity', 'resource'], '--policy-type') as CheckPolicyType;
  const timeoutText = values['timeout-ms'] ?? String(DEFAULT_TIMEOUT_MS);
  if (!/^\d+$/.test(timeoutText)) throw new UsageError(`--timeout-ms must be a whole number of milliseconds (got "${timeoutText}").`);
  const timeoutMs = Number(timeoutText);
  const budget = timeoutMs > 0 ? { timeoutMs } : {};
  if (positionals.length !== 1) throw new UsageError(`Give exactly one policy file (got ${positionals.length}).`);
  const file = positionals[0];
  let result: AccessCheckResult;
  switch (check) {
    case 'no-new-access': {
      if (!values.base) throw new UsageError('no-new-access needs --base OLD.json or --base git:REF.');
      const base = values.base.startsWith('git:') ? readCommitted(file, values.base.slice(4)) : readPolicy(values.base);
      result = checkNoNewAccess(base, readPolicy(file), { policyType, mode, ...budget });
      break;
    }
    case 'access-not-granted':
      if (!values.action?.length && !values.resource?.length) throw new UsageError('access-not-granted needs --action or --resource.');
      result = checkAccessNotGranted(readPolicy(file), {
        policyType,
        mode,
        ...budget,
        ...(values.action ? { actions: values.action } : {}),
        ...(values.resource ? { resources: values.resource } : {}),
      });
      break;
    case 'no-public-access': {
      const type = values['resource-type'];
      if (!type) throw new UsageError(`no-public-access needs --resource-type, one of: ${PUBLIC_ACCESS_RESOURCE_TYPES.join(', ')}.`);
      if (!PUBLIC_ACCESS_RESOURCE_TYPES.includes(type)) throw new UsageError(`Unknown --resource-type "${type}". Use one of: ${PUBLIC_ACCESS_RESOURCE_TYPES.join(', ')}.`);
      result = checkNoPublicAccess(readPolicy(file), type, { mode, ...budget });
      break;
    }
    default:
      throw new UsageError(`Unknown check "${check}". Use no-new-access, access-not-granted or no-public-access.`);
  }
  if (result.errors) return { stdout: '', stderr: `iam-policy: ${result.errors.join('\n')}\n`, exitCode: 2 };
  const exitCode = exitCodes[result.result];
  if (format === 'json') return { stdout: `${JSON.stringify(jsonOf(result), null, 2)}\n`, exitCode };
  if (format === 'sarif') return { stdout: `${JSON.stringify(sarifOf(check, file, result), null, 2)}\n`, exitCode };
  return { stdout: textOf(check, result, file, check === 'no-public-access' ? 'resource' : policyType), exitCode };
}

function oneOf(value: string, allowed: string[], option: string): string {
  if (!allowed.includes(value)) throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}").`);
  return value;
}

function readPolicy(file: string): string {
  try {
    return stripBom(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

/** The file as committed at `ref`, read with `git show REF:./file` from the file's own folder. */
function readCommitted(file: string, ref: string): string {
  if (ref === '' || ref.startsWith('-')) throw new UsageError(`--base git:REF needs a commit, branch or tag (got "git:${ref}").`);
  try {
    return stripBom(execFileSync('git', ['show', `${ref}:./${basename(file)}`], { cwd: dirname(file), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(`Cannot read ${file} at ${ref} from git: ${stderr || (error as Error).message}`);
  }
}

function jsonOf(result: AccessCheckResult): object {
  return { result: result.result, reasons: result.reasons, ...(result.witness ? { witness: result.witness } : {}), mode: result.mode, ...(result.actions ? { actions: result.actions } : {}) };
}

function textOf(check: string, result: AccessCheckResult, file: string, policyType: CheckPolicyType): string {
  const lines = [`${check}: ${result.result}`, ...result.reasons.map((reason) => `  ${reason}`)];
  const witness = result.witness;
  if (witness) {
    lines.push('  Witness (confirmed by the evaluator):');
    lines.push(`    action:    ${witness.action}`);
    lines.push(`    resource:  ${witness.resource}`);
    lines.push(`    principal: ${witness.principal ?? '(anonymous)'}`);
    for (const [key, value] of Object.entries(witness.context)) lines.push(`    context:   ${key}=${JSON.stringify(value)}`);
    const context = Object.entries(witness.context)
      .map(([key, value]) => ` --context '${key}=${Array.isArray(value) ? JSON.stringify(value) : String(value)}'`)
      .join('');
    const policy = policyType === 'identity' ? `--policy ${file}` : `--resource-policy ${file}`;
    lines.push(
      `  Try it: iam-policy simulate ${policy} --action ${witness.action} --resource '${witness.resource}'${witness.principal ? ` --principal ${witness.principal}` : ''} --no-derive${context} --json`,
    );
    if (policyType === 'resource') lines.push("  (the resource policy's own verdict is Allow; across accounts AWS also asks the caller's identity-based policies)");
  }
  return `${lines.join('\n')}\n`;
}

function sarifOf(check: string, file: string, result: AccessCheckResult): object {
  const results =
    result.result === 'PASS'
      ? []
      : [
          {
            ruleId: check,
            level: result.result === 'FAIL' ? 'error' : 'warning',
            message: { text: [...result.reasons, ...(result.witness ? [`Witness: ${JSON.stringify(result.witness)}`] : [])].join(' ') },
            locations: [{ physicalLocation: { artifactLocation: { uri: file } } }],
            ...(result.witness ? { properties: { witness: result.witness, result: result.result } } : { properties: { result: result.result } }),
          },
        ];
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'iam-policy check', rules: [{ id: check }] } }, results }],
  };
}
