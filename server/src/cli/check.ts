import { execFileSync } from 'node:child_process';
import { dirname, basename } from 'node:path';
import { analyzeDocument, type AnalyzedPolicy } from '../core/analyze';
import {
  checkAccessNotGranted,
  checkNoNewAccess,
  checkNoNewAccessByName,
  checkNoPublicAccess,
  checkPolicyTypeOf,
  PUBLIC_ACCESS_RESOURCE_TYPES,
  selectsPolicy,
  type AccessCheckResult,
  type ActionMode,
  type CheckPolicyType,
} from '../core/access-checks/index';
import { stripBom } from '../core/text/bom';
import { parsePolicy } from '../core/policy/parse-policy';
import { inferPolicyType } from '../core/policy/policy-type';
import { LineIndex } from '../core/text/positions';
import { CliConfigurations, uriOfFile } from './config';
import { UsageError, parseCommandLine, type CommandResult } from './usage';
import { readTextFile } from '../core/text/text-file';

export const checkUsage = `Usage: iam-policy check no-new-access --base OLD.json NEW.json [options]
       iam-policy check access-not-granted POLICY.json --action A [--action B ...] [--resource R ...] [options]
       iam-policy check no-public-access POLICY.json --resource-type TYPE [options]

Answers IAM Access Analyzer's custom policy checks locally and exactly. A FAIL comes with a request the
policy allows (and, for no-new-access, the old policy does not), confirmed by the evaluator.

POLICY may also be a CloudFormation/SAM template, a Terraform file, a CDK app, a Pulumi program or a CDK for
Terraform app: each policy in it is checked on its own (or those --policy selects), and the result is the worst of them (FAIL, then UNKNOWN, then PASS).
With --base, each policy is compared with its version in the base file, found by its PolicyName (or a
Terraform inline_policy block's name) where it has one, else by its name as printed (a policy the base
does not hold is new: all it allows is new access). A base that is one policy file is a reference policy:
each policy of its type (--policy-type, else the reference's own) is compared with it. Values known only at deploy time (!Ref X, var.x) are
read as fixed values, the same wherever written the same way, distinct from each other and every literal.

Options:
  --base FILE|git:REF     the old policy: a file, or git:REF for NEW.json as committed at REF
  --policy SELECTOR       in a template or .tf file, check only the policies SELECTOR picks: a name as the
                          output prints it ("DeployRole › Policies[0] › PolicyDocument"), or its parts
                          joined by / from the start: DeployRole (all of the resource's policies),
                          DeployRole/AssumeRolePolicyDocument, aws_iam_role.app/assume_role_policy;
                          may be repeated
  --policy-type TYPE      identity (default) or resource (bucket, key, queue, trust policies, ...); in a
                          template or .tf file each policy's type comes from where it sits unless given
  --mode MODE             catalog (default): action wildcards mean today's catalog actions;
                          string: as AWS reads them, s3:* also covers S3 actions added later
  --action A              an action (wildcards allowed); may be repeated
  --resource R            a resource ARN (wildcards allowed); may be repeated
  --resource-type TYPE    e.g. AWS::S3::Bucket, AWS::KMS::Key, AWS::IAM::AssumeRolePolicyDocument; in a
                          template, each resource policy's type comes from its resource unless given
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
    policy: { type: 'string', multiple: true },
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
  if (!['no-new-access', 'access-not-granted', 'no-public-access'].includes(check)) throw new UsageError(`Unknown check "${check}". Use no-new-access, access-not-granted or no-public-access.`);
  const text = readPolicy(file);
  const host = hostPoliciesOf(file, text);
  if (host) {
    const givenType = values['policy-type'] !== undefined ? policyType : undefined;
    return runHostCheck(check, file, host, values, { mode, format, budget, ...(givenType ? { policyType: givenType } : {}) });
  }
  if (values.policy?.length) throw new UsageError(`--policy picks policies in a template or Terraform file; ${file} is a policy file.`);
  let result: AccessCheckResult;
  switch (check) {
    case 'no-new-access': {
      if (!values.base) throw new UsageError('no-new-access needs --base OLD.json or --base git:REF.');
      const base = values.base.startsWith('git:') ? readCommitted(file, values.base.slice(4)) : readPolicy(values.base);
      result = checkNoNewAccess(base, text, { policyType, mode, ...budget });
      break;
    }
    case 'access-not-granted':
      if (!values.action?.length && !values.resource?.length) throw new UsageError('access-not-granted needs --action or --resource.');
      result = checkAccessNotGranted(text, {
        policyType,
        mode,
        ...budget,
        ...(values.action ? { actions: values.action } : {}),
        ...(values.resource ? { resources: values.resource } : {}),
      });
      break;
    case 'no-public-access': {
      result = checkNoPublicAccess(text, resourceTypeOf(values['resource-type']), { mode, ...budget });
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

function resourceTypeOf(type: string | undefined): string {
  if (!type) throw new UsageError(`no-public-access needs --resource-type, one of: ${PUBLIC_ACCESS_RESOURCE_TYPES.join(', ')}.`);
  if (!PUBLIC_ACCESS_RESOURCE_TYPES.includes(type)) throw new UsageError(`Unknown --resource-type "${type}". Use one of: ${PUBLIC_ACCESS_RESOURCE_TYPES.join(', ')}.`);
  return type;
}

/** The policies of a template, Terraform file or Serverless service file, through the editor's pipeline; undefined for anything else. */
function hostPoliciesOf(file: string, text: string): AnalyzedPolicy[] | undefined {
  const analysis = analyzeDocument({ text, uri: uriOfFile(file) }, { config: new CliConfigurations({ rules: {} }).for(file) });
  // A document's build for its use as another type (`alsoAs`) grants what the document grants: checked once.
  return analysis.kind !== undefined && analysis.kind !== 'policy' ? analysis.policies.filter((policy) => policy.alsoAs === undefined) : undefined;
}

interface HostCheckOptions {
  mode: ActionMode;
  format: string;
  budget: { timeoutMs?: number };
  policyType?: CheckPolicyType;
}

interface NamedResult {
  name: string;
  policy: AnalyzedPolicy;
  result: AccessCheckResult;
  /** no-new-access: false when the base holds no policy of that name. */
  hasBase?: boolean;
}

/** A check over the policies of a template or Terraform file, one by one. */
function runHostCheck(check: string, file: string, policies: AnalyzedPolicy[], values: Record<string, unknown>, options: HostCheckOptions): CommandResult {
  const selectors = (values.policy as string[] | undefined) ?? [];
  const picked = (policy: AnalyzedPolicy) => selectors.length === 0 || selectors.some((selector) => selectsPolicy(selector, policy));
  for (const selector of selectors) {
    if (!policies.some((policy) => selectsPolicy(selector, policy))) {
      const names = policies.map((policy) => `  ${policy.name}`).join('\n');
      throw new Error(`--policy "${selector}" picks no policy of ${file}. Its policies:\n${names || '  (none)'}`);
    }
  }
  const chosen = policies.filter(picked);
  if (chosen.length === 0) throw new UsageError(`${file} holds no policy to check.`);
  const common = { mode: options.mode, ...options.budget };
  const typeOf = (policy: AnalyzedPolicy) => options.policyType ?? checkPolicyTypeOf(policy.policyType);
  let results: NamedResult[];
  switch (check) {
    case 'no-new-access': {
      const base = values.base as string | undefined;
      if (!base) throw new UsageError('no-new-access needs --base OLD_FILE or --base git:REF.');
      const baseText = base.startsWith('git:') ? readCommitted(file, base.slice(4)) : readPolicy(base);
      const basePolicies = hostPoliciesOf(base.startsWith('git:') ? file : base, baseText);
      if (!basePolicies && base.startsWith('git:')) throw new Error(`The base ${file} at ${base.slice(4)} is not a template or Terraform file like ${file}.`);
      if (!basePolicies) {
        results = againstReference(file, base, baseText, chosen, typeOf, options.policyType, common);
        break;
      }
      const byIndex = new Map(chosen.map((policy) => [policies.indexOf(policy), policy]));
      results = checkNoNewAccessByName(basePolicies, policies, { ...common, ...(options.policyType ? { policyType: options.policyType } : {}) }, picked).map((entry) => ({
        name: entry.name,
        policy: byIndex.get(entry.index)!,
        result: entry.result,
        hasBase: entry.hasBase,
      }));
      break;
    }
    case 'access-not-granted': {
      const actions = values.action as string[] | undefined;
      const resources = values.resource as string[] | undefined;
      if (!actions?.length && !resources?.length) throw new UsageError('access-not-granted needs --action or --resource.');
      results = chosen.map((policy) => ({
        name: policy.name,
        policy,
        result: checkAccessNotGranted(policy.policy, { ...common, policyType: typeOf(policy), ...(actions ? { actions } : {}), ...(resources ? { resources } : {}) }),
      }));
      break;
    }
    default: {
      const given = values['resource-type'] as string | undefined;
      if (given !== undefined) {
        const type = resourceTypeOf(given);
        results = chosen.map((policy) => ({ name: policy.name, policy, result: checkNoPublicAccess(policy.policy, type, common) }));
        break;
      }
      // As cfn-policy-validator reads a template: each resource policy as the type of the resource it is attached to;
      // identity policies, and resources the check does not take, are not checked.
      const typed = chosen.filter((policy) => policy.publicAccessType !== undefined);
      if (typed.length === 0) resourceTypeOf(undefined);
      results = typed.map((policy) => ({ name: policy.name, policy, result: checkNoPublicAccess(policy.policy, policy.publicAccessType!, common) }));
    }
  }
  const overall = results.some((r) => r.result.result === 'FAIL') ? 'FAIL' : results.some((r) => r.result.result === 'UNKNOWN') ? 'UNKNOWN' : 'PASS';
  const exitCode = exitCodes[overall];
  if (options.format === 'json') {
    const json = { result: overall, policies: results.map((r) => ({ policy: r.name, ...(r.hasBase === false ? { base: null } : {}), ...jsonOf(r.result) })) };
    return { stdout: `${JSON.stringify(json, null, 2)}\n`, exitCode };
  }
  if (options.format === 'sarif') return { stdout: `${JSON.stringify(hostSarifOf(check, file, results), null, 2)}\n`, exitCode };
  const counts = (['FAIL', 'UNKNOWN', 'PASS'] as const).map((verdict) => [verdict, results.filter((r) => r.result.result === verdict).length] as const).filter(([, n]) => n > 0);
  const lines = [`${check}: ${overall} (${results.length} ${results.length === 1 ? 'policy' : 'policies'}: ${counts.map(([verdict, n]) => `${n} ${verdict}`).join(', ')})`];
  for (const entry of results) {
    lines.push(`${entry.name} (line ${lineOf(entry.policy)}): ${entry.result.result}`);
    lines.push(...resultLines(entry.result));
  }
  return { stdout: `${lines.join('\n')}\n`, exitCode };
}

/**
 * no-new-access of a template's policies against one reference policy file (`--base reference.json`), as AWS's
 * cfn-policy-validator runs `check-no-new-access --reference-policy` in CI: each policy of the reference's type
 * (`--policy-type`, else the reference's own: a Principal makes it resource-based) is compared with it; the others
 * are not checked.
 */
function againstReference(
  file: string,
  base: string,
  baseText: string,
  chosen: AnalyzedPolicy[],
  typeOf: (policy: AnalyzedPolicy) => CheckPolicyType,
  given: CheckPolicyType | undefined,
  common: { mode: ActionMode; timeoutMs?: number },
): NamedResult[] {
  const reference = parsePolicy(stripBom(baseText));
  const referenceType = given ?? checkPolicyTypeOf(inferPolicyType(reference));
  const sameType = chosen.filter((policy) => typeOf(policy) === referenceType);
  if (sameType.length === 0) throw new UsageError(`${file} holds no ${referenceType} policy to compare with the reference policy ${base}.`);
  const results = sameType.map((policy) => ({ name: policy.name, policy, result: checkNoNewAccess(baseText, policy.policy, { ...common, policyType: referenceType }) }));
  const broken = results.find((entry) => entry.result.errors);
  if (broken) throw new Error(broken.result.errors!.join('\n'));
  return results;
}

function lineOf(policy: AnalyzedPolicy): number {
  return new LineIndex(policy.policy.text).positionAt(policy.span.start).line + 1;
}

function hostSarifOf(check: string, file: string, results: NamedResult[]): object {
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'iam-policy check', rules: [{ id: check }] } },
        results: results
          .filter((entry) => entry.result.result !== 'PASS')
          .map((entry) => {
            const { result } = entry;
            const position = new LineIndex(entry.policy.policy.text).positionAt(entry.policy.span.start);
            const [line, column] = [position.line + 1, position.character + 1];
            return {
              ruleId: check,
              level: result.result === 'FAIL' ? 'error' : 'warning',
              message: { text: [`${entry.name}:`, ...result.reasons, ...(result.witness ? [`Witness: ${JSON.stringify(result.witness)}`] : [])].join(' ') },
              locations: [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: line, startColumn: column } } }],
              properties: { policy: entry.name, result: result.result, ...(result.witness ? { witness: result.witness } : {}) },
            };
          }),
      },
    ],
  };
}

function oneOf(value: string, allowed: string[], option: string): string {
  if (!allowed.includes(value)) throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}").`);
  return value;
}

function readPolicy(file: string): string {
  try {
    return readTextFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new Error(`Cannot read ${file}: it is a folder. Give a policy file, template or Terraform file.`);
    throw new Error(`Cannot read ${file}: ${code ?? (error as Error).message}.`);
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
  const lines = [`${check}: ${result.result}`, ...resultLines(result)];
  const witness = result.witness;
  if (witness) {
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

/** The reasons and the witness, indented. */
function resultLines(result: AccessCheckResult): string[] {
  const lines = result.reasons.map((reason) => `  ${reason}`);
  const witness = result.witness;
  if (witness) {
    lines.push('  Witness (confirmed by the evaluator):');
    lines.push(`    action:    ${witness.action}`);
    lines.push(`    resource:  ${witness.resource}`);
    lines.push(`    principal: ${witness.principal ?? '(anonymous)'}`);
    for (const [key, value] of Object.entries(witness.context)) lines.push(`    context:   ${key}=${JSON.stringify(value)}`);
  }
  return lines;
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
