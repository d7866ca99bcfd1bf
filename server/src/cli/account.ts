import { parseArgs } from 'node:util';
import { getCatalog } from '../core/catalog/catalog';
// The account modules themselves, not core/account/index, which also holds the template and module readers.
import { AccountEvaluator, isTrustAction, type ConditionNeed, type GrantingStatement } from '../core/account/account-evaluator';
import { findEscalations } from '../core/account/escalations';
import type { Account } from '../core/account/model';
import { whatCan } from '../core/account/what-can';
import { whoCan, type WhoCanEntry } from '../core/account/who-can';
import type { NamedPolicy } from '../core/evaluator/index';
import { loadAccount, principalOf } from './account-files';
import { parseContext } from './simulate';
import { UsageError, usageFailure, type CommandResult, parseCommandLine } from './usage';
import { readTextFile } from '../core/text/text-file';

const accountOption = `  --account FILE            the JSON of \`aws iam get-account-authorization-details\` (AWS CLI output, or
                            any SDK's with URL-encoded or HTML-escaped documents), a CloudFormation/SAM
                            template (.yaml/.yml/.json), a Serverless Framework serverless.yml (or
                            serverless.json, serverless.ts, serverless.js), an AWS CDK app's source
                            (.ts/.js/.py/.java/.go), a Pulumi program (.ts/.js/.py/.go), a CDK for
                            Terraform app's file (.ts/.js/.py), or a Terraform module (a folder or .tf
                            file); may be repeated
  --account-id ID           the account templates and modules are deployed to (default: the synthetic
                            000000000000, as names and ARNs known only at deploy are)
  --scp FILE[,FILE...]      the SCPs of one level of the organisation; repeat per level, root first`;

export const whatCanUsage = `Usage: iam-policy what-can --account FILE --principal NAME_OR_ARN [--service S] [--format text|json]

Lists every action the user or role is allowed, the resources it is allowed on, and the statements that
grant it, after explicit denies, its permissions boundary and the SCPs. AWS managed policies attached by
ARN are resolved from the bundled copy. Policy variables such as \${aws:username} are filled in for the principal.

Options:
${accountOption}
  --principal NAME_OR_ARN   a user or role: its ARN, its name, or user/NAME or role/NAME
  --service S               only actions of this service prefix, e.g. s3
  --context KEY=VALUE       a request context key (as in simulate); may be repeated
  --format text|json        output format (default text); JSON: {"principal", "allowed": [{"action", "resources", "via"}]}
  -h, --help                show this help

Exit code: 0, or 2 on bad input.`;

export const whoCanUsage = `Usage: iam-policy who-can --account FILE --action ACTION --resource ARN [--context KEY=VALUE ...] [--format text|json]

Lists every user and role of the account allowed the request, with the statements that grant it and, for
roles, who can assume them. A grant that depends on context keys not given is "Conditional", with the
conditions. For sts:AssumeRole* on a role of the account, the role's trust policy is the resource policy;
the principals only a resource policy (trust, bucket, function policy ...) can allow are listed too: services,
other accounts and their principals (whose own policies must allow the request too), identity providers, and
anyone ("*").

Options:
${accountOption}
  --action ACTION           the action, e.g. s3:GetObject
  --resource ARN            the resource ARN, or * for actions without a resource
  --context KEY=VALUE       a request context key (as in simulate); may be repeated
  --format text|json        output format (default text); JSON: [{"principal", "decision", "via", ...}]
  -h, --help                show this help

Exit code: 0, or 2 on bad input.`;

export const escalationsUsage = `Usage: iam-policy escalations --account FILE [--format text|json]

Lists the users and roles that can reach administrator-equivalent access, with the full path: changing
their own policies (inline, attached, a new version of a policy they hold, making a stored version of it the
default, their groups' policies, joining an administrator group), removing or loosening their own permissions
boundary, taking over other users (access keys, console passwords), assuming roles whose trust policy admits
them, rewriting trust policies, and passing a stronger role to a compute service they can start; chains of
these; and other accounts whose principals a role's trust policy admits (a path from outside).

Options:
${accountOption}
  --context KEY=VALUE       a request context key (as in simulate); may be repeated
  --format text|json        output format (default text); JSON: [{"principal", "method", "path": [...]}],
                            with "fromAccount" on a path from another account
  -h, --help                show this help

Exit code: 0, or 2 on bad input.`;

function fail(command: string, error: unknown): CommandResult {
  if (error instanceof UsageError) return usageFailure(`iam-policy ${command}`, error.message, command);
  return { stdout: '', stderr: `iam-policy ${command}: ${(error as Error).message}\n`, exitCode: 2 };
}

const common = {
  account: { type: 'string', multiple: true },
  'account-id': { type: 'string' },
  scp: { type: 'string', multiple: true },
  context: { type: 'string', multiple: true },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The --account values of an account question's arguments; undefined when they cannot be told (a malformed call). */
export function accountSourcesOf(args: string[]): string[] | undefined {
  try {
    const { values } = parseArgs({
      args,
      strict: false,
      allowPositionals: true,
      options: { ...common, principal: { type: 'string' }, service: { type: 'string' }, action: { type: 'string' }, resource: { type: 'string' } },
    });
    const accounts = values.account;
    return Array.isArray(accounts) && accounts.every((value) => typeof value === 'string') ? accounts : undefined;
  } catch {
    return undefined;
  }
}

/** The --scp levels as named policies read from their files. */
export function readScpLevels(specs: readonly string[] | undefined): NamedPolicy[][] {
  return (specs ?? []).map((spec) =>
    spec
      .split(',')
      .filter(Boolean)
      .map((file) => {
        try {
          return { name: file, policy: readTextFile(file) };
        } catch (error) {
          throw new Error(`Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
        }
      }),
  );
}

function setup(values: { account?: string[]; 'account-id'?: string; scp?: string[]; context?: string[]; format?: string }, positionals: string[]) {
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  if (!values.account || values.account.length === 0)
    throw new UsageError('Name the account with --account FILE (the JSON of `aws iam get-account-authorization-details`, a CloudFormation/SAM template or a Terraform module).');
  if (values.format !== undefined && values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format takes text or json, not "${values.format}".`);
  const context = parseContext(values.context ?? []);
  const account = loadAccount(values.account, { accountId: values['account-id'] });
  const evaluator = new AccountEvaluator(account, { scps: readScpLevels(values.scp), context });
  return { account, evaluator, json: values.format === 'json' };
}

function warningsText(account: Account): string {
  return account.warnings.map((warning) => `warning: ${warning}\n`).join('');
}

export function runWhatCan(args: string[]): CommandResult {
  try {
    const { values, positionals } = parseCommandLine(args, { ...common, principal: { type: 'string' }, service: { type: 'string' } });
    if (values.help) return { stdout: `${whatCanUsage}\n`, exitCode: 0 };
    if (!values.principal) throw new UsageError('Name the user or role with --principal NAME_OR_ARN.');
    const { account, evaluator, json } = setup(values, positionals);
    const principal = principalOf(account, values.principal);
    const result = whatCan(evaluator, principal, getCatalog(), values.service);
    const warnings = [...account.warnings, ...result.errors];
    if (json) return { stdout: `${JSON.stringify({ principal: result.principal, allowed: result.allowed, ...(warnings.length ? { warnings } : {}) }, null, 2)}\n`, exitCode: 0 };
    const lines = [`${principal.arn} is allowed ${result.allowed.length} action${result.allowed.length === 1 ? '' : 's'}${values.service ? ` of ${values.service}` : ''}:`];
    for (const entry of result.allowed) {
      lines.push(`  ${entry.action}${entry.decision ? ' (conditional)' : ''} on ${entry.resources.join(', ')}`);
      for (const via of entry.via) lines.push(`    via ${describeVia(via)}`);
      for (const need of entry.conditions ?? []) lines.push(`    ${describeNeed(need)}`);
      for (const denied of entry.denied ?? []) lines.push(`    except ${denied.resource}: denied by ${denied.via.map(describeVia).join('; ')}`);
    }
    return { stdout: `${lines.join('\n')}\n`, stderr: warnings.map((w) => `warning: ${w}\n`).join(''), exitCode: 0 };
  } catch (error) {
    return fail('what-can', error);
  }
}

export function runWhoCan(args: string[]): CommandResult {
  try {
    const { values, positionals } = parseCommandLine(args, { ...common, action: { type: 'string' }, resource: { type: 'string' } });
    if (values.help) return { stdout: `${whoCanUsage}\n`, exitCode: 0 };
    if (!values.action) throw new UsageError('Name the action with --action, e.g. --action s3:GetObject.');
    if (!values.resource) throw new UsageError('Name the resource with --resource ARN (or --resource "*").');
    const { account, evaluator, json } = setup(values, positionals);
    const result = whoCan(evaluator, values.action, values.resource);
    const errors = result.errors.map((e) => `${e.principal} could not be evaluated: ${e.errors.join('; ')}`);
    const stderr = warningsText(account) + errors.map((e) => `warning: ${e}\n`).join('');
    if (json) return { stdout: `${JSON.stringify(result.allowed, null, 2)}\n`, stderr, exitCode: 0 };
    const lines = [
      `${result.allowed.length} principal${result.allowed.length === 1 ? '' : 's'} can ${values.action} on ${values.resource}${isTrustAction(values.action) && account.roles.has(values.resource) ? ' (the role trust policy is the resource policy)' : ''}:`,
    ];
    for (const entry of result.allowed) lines.push(...describeWhoCan(entry));
    return { stdout: `${lines.join('\n')}\n`, stderr, exitCode: 0 };
  } catch (error) {
    return fail('who-can', error);
  }
}

export function runEscalations(args: string[]): CommandResult {
  try {
    const { values, positionals } = parseCommandLine(args, common);
    if (values.help) return { stdout: `${escalationsUsage}\n`, exitCode: 0 };
    const { account, evaluator, json } = setup(values, positionals);
    const result = findEscalations(evaluator);
    const stderr = warningsText(account);
    if (json) return { stdout: `${JSON.stringify(result.escalations, null, 2)}\n`, stderr, exitCode: 0 };
    const lines = [
      `Administrator-equivalent already: ${result.administrators.length ? result.administrators.join(', ') : 'none'}.`,
      `${result.escalations.length} principal${result.escalations.length === 1 ? '' : 's'} can escalate to administrator:`,
    ];
    for (const escalation of result.escalations) {
      lines.push(`  ${escalation.principal} (${escalation.method}${escalation.conditional ? ', conditional' : ''}${escalation.fromAccount ? `, from account ${escalation.fromAccount}` : ''})`);
      for (const step of escalation.path) {
        lines.push(`    ${step.from} -> ${step.to}: ${step.description}`);
        for (const request of step.requests) {
          lines.push(`      ${request.action} on ${request.resource}${request.via.length ? ` via ${request.via.map(describeVia).join('; ')}` : ''}`);
          for (const need of request.conditions ?? []) lines.push(`        ${describeNeed(need)}`);
        }
      }
    }
    return { stdout: `${lines.join('\n')}\n`, stderr, exitCode: 0 };
  } catch (error) {
    return fail('escalations', error);
  }
}

function describeVia(via: GrantingStatement): string {
  if (via.kind === 'trust') return `trust policy of ${via.holder}, statement ${via.statement}${via.source ? ` (${via.source})` : ''}`;
  if (via.kind === 'resource') return `${via.policy} (resource policy of ${via.holder}), statement ${via.statement}${via.source ? ` (${via.source})` : ''}`;
  const holder = via.holder && via.kind === 'inline' ? ` of ${via.holder}` : '';
  return `${via.kind} policy ${via.policy}${holder}, statement ${via.statement}${via.source ? ` (${via.source})` : ''}`;
}

function describeNeed(need: ConditionNeed): string {
  const what = need.effect === 'Allow' ? 'allowed only if' : 'denied if';
  // A trust or resource policy is named by what holds it, as in `via` lines ("trust policy of arn:…:role/vendor").
  const place = need.kind === 'trust' ? `trust policy of ${need.holder}` : need.kind === 'resource' ? `${need.policy} (resource policy of ${need.holder})` : `${need.kind} policy ${need.policy}`;
  return `${what} ${need.operator} on ${need.key} holds (not in the request context; ${place}, statement ${need.statement})`;
}

/** What a principal outside the account is, said under it: only a resource-based policy allows such principals. */
const OUTSIDERS: Partial<Record<WhoCanEntry['type'], string>> = {
  'other-account': 'another account: its own policies must allow the request too',
  federated: "the identity provider's users (web identity or SAML)",
  anyone: 'anyone, from any account or none',
};

function describeWhoCan(entry: WhoCanEntry): string[] {
  const lines = [`  ${entry.decision}: ${entry.principal}`];
  const outsider = OUTSIDERS[entry.type];
  if (outsider) lines.push(`    ${outsider}`);
  for (const via of entry.via) lines.push(`    via ${describeVia(via)}`);
  for (const need of entry.conditions ?? []) lines.push(`    ${describeNeed(need)}`);
  if (entry.assumableBy)
    lines.push(`    assumable by: ${entry.assumableBy.length ? entry.assumableBy.map((a) => `${a.principal}${a.decision === 'Conditional' ? ' (conditional)' : ''}`).join(', ') : 'nobody'}`);
  return lines;
}
