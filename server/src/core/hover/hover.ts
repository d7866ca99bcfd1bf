import type { AccessLevel, Catalog, CatalogAction } from '../catalog/catalog';
import { actionDocUrl, conditionKeyDocUrl } from '../catalog/doc-links';
import { parseActionName } from '../policy/action-name';
import { isArnPattern, parseArn } from '../policy/arn';
import { formatsForArn } from '../policy/arn-formats';
import { parseConditionOperator } from '../policy/condition-operators';
import type { Placeholder, PolicyDocument, Statement, StringValue } from '../policy/model';
import { arnMatchText, partLabel } from '../policy/placeholder-arns';
import { containsOffset, type Span } from '../text/span';

/** A hover in core terms: Markdown and the span it explains. */
export interface Hover {
  markdown: string;
  span: Span;
}

const accessLevels: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];
const listLimit = 12;

/** What the element under `offset` means, from the catalog; undefined where there is nothing to explain. */
export function hoverAt(policy: PolicyDocument, offset: number, catalog: Catalog): Hover | undefined {
  const statement = policy.statements.find((s) => containsOffset(s.span, offset));
  if (!statement) return undefined;
  const hover =
    actionHover(statement, offset, catalog) ??
    conditionKeyHover(statement, offset, catalog) ??
    operatorHover(statement, offset) ??
    arnHover(statement, offset, catalog) ??
    principalHover(statement, offset);
  return hover && { ...hover, markdown: `${hover.markdown}\n\n---\n*Service catalog ${catalog.version} (${catalog.date.slice(0, 10)})*` };
}

function find(values: StringValue[] | undefined, offset: number): StringValue | undefined {
  return values?.find((v) => containsOffset(v.span, offset));
}

// ---- actions -------------------------------------------------------------------------------------

function actionHover(statement: Statement, offset: number, catalog: Catalog): Hover | undefined {
  const inAction = find(statement.action?.values, offset);
  const inNotAction = find(statement.notAction?.values, offset);
  const value = inAction ?? inNotAction;
  if (!value) return undefined;
  if (value.value === '*' || parseActionName(value)?.prefixHasWildcard || parseActionName(value)?.nameHasWildcard) {
    const matches = catalog.matchActions(value.value);
    let markdown = `**${value.value}** matches ${matches.length === 1 ? '1 action' : `${matches.length.toLocaleString('en-US')} actions`}${summaryByLevel(matches)}`;
    markdown += `\n\n${listByLevel(matches)}`;
    if (inNotAction && statement.effect?.value?.value === 'Allow') markdown = notActionSummary(statement, catalog) + '\n\n' + markdown;
    return { markdown, span: value.span };
  }
  const action = catalog.findAction(value.value);
  if (!action) return undefined;
  let markdown = describeAction(action, catalog);
  if (inNotAction && statement.effect?.value?.value === 'Allow') markdown = `${notActionSummary(statement, catalog)}\n\n${markdown}`;
  return { markdown, span: value.span };
}

function describeAction(action: CatalogAction, catalog: Catalog): string {
  const service = catalog.findService(action.service)!;
  const lines = [`**${action.fullName}** · ${action.accessLevel}`, '', action.description || '(No description in the catalog.)'];
  if (action.resourceTypes.length > 0) {
    lines.push('', '**Resource types**', ...action.resourceTypes.map((r) => `- \`${r.resourceType.name}\`${r.required ? ' (required)' : ''}: \`${r.resourceType.arns[0] ?? ''}\``));
  } else {
    lines.push('', 'Supports no resource type: use `"Resource": "*"`.');
  }
  const keys = catalog.conditionKeysOf(action);
  if (keys.length > 0)
    lines.push(
      '',
      `**Condition keys**: ${keys
        .slice(0, 20)
        .map((k) => `\`${k.name}\``)
        .join(', ')}${keys.length > 20 ? ` and ${keys.length - 20} more` : ''}`,
    );
  const dependent = [...new Set([...action.dependentActions, ...action.resourceTypes.flatMap((r) => r.dependentActions)])];
  if (dependent.length > 0) lines.push('', `**Dependent actions**: ${dependent.map((d) => `\`${d}\``).join(', ')}`);
  lines.push('', `[Service Authorization Reference](${actionDocUrl(service, action)})`);
  return lines.join('\n');
}

function summaryByLevel(actions: CatalogAction[]): string {
  const counts = accessLevels.map((level) => [level, actions.filter((a) => a.accessLevel === level).length] as const).filter(([, n]) => n > 0);
  return counts.length > 0 ? `: ${counts.map(([level, n]) => `${n} ${level}`).join(', ')}.` : '.';
}

function listByLevel(actions: CatalogAction[]): string {
  const sections: string[] = [];
  for (const level of accessLevels) {
    const names = actions.filter((a) => a.accessLevel === level).map((a) => `\`${a.fullName}\``);
    if (names.length === 0) continue;
    const shown = names.slice(0, listLimit).join(', ');
    sections.push(`**${level}**: ${shown}${names.length > listLimit ? ` and ${names.length - listLimit} more` : ''}`);
  }
  return sections.join('\n\n');
}

/** For NotAction with Allow: how much the statement really grants (every action except the listed ones). */
function notActionSummary(statement: Statement, catalog: Catalog): string {
  const excluded = new Set(statement.notAction!.values.flatMap((v) => catalog.matchActions(v.value)).map((a) => a.fullName));
  const total = catalog.counts.actions;
  return `⚠ With **Allow**, \`NotAction\` grants every action except these: **${(total - excluded.size).toLocaleString('en-US')} of ${total.toLocaleString('en-US')}** actions in the catalog, including actions AWS adds later.`;
}

// ---- condition keys ------------------------------------------------------------------------------

function conditionKeyHover(statement: Statement, offset: number, catalog: Catalog): Hover | undefined {
  for (const operator of statement.condition?.operators ?? []) {
    for (const entry of operator.keys) {
      if (!containsOffset(entry.property.keySpan, offset)) continue;
      const key = catalog.findConditionKey(entry.key);
      if (!key) return undefined;
      const lines = [`**${entry.key}** · ${key.type}${key.multiValued ? ' (multi-valued: use ForAnyValue: or ForAllValues:)' : ''}`, '', key.description || '(No description in the catalog.)'];
      if (key.global) lines.push('', 'A global condition key: any request may carry it, whatever the action.');
      else {
        const actions = (statement.action?.values ?? []).flatMap((v) =>
          v.value.includes('*') || v.value.includes('?') ? catalog.matchActions(v.value) : [catalog.findAction(v.value)].filter((a): a is CatalogAction => !!a),
        );
        const supporting = actions.filter((a) => catalog.conditionKeysOf(a).some((k) => k.name.toLowerCase() === key.name.toLowerCase()));
        if (actions.length > 0)
          lines.push(
            '',
            supporting.length > 0
              ? `Supported by ${supporting.length} of the statement's ${actions.length} actions: ${supporting
                  .slice(0, listLimit)
                  .map((a) => `\`${a.fullName}\``)
                  .join(', ')}${supporting.length > listLimit ? ' …' : ''}`
              : "None of the statement's actions supports this key.",
          );
      }
      lines.push('', `[Documentation](${conditionKeyDocUrl(key, key.service ? catalog.findService(key.service) : undefined)})`);
      return { markdown: lines.join('\n'), span: entry.property.keySpan };
    }
  }
  return undefined;
}

// ---- condition operators ---------------------------------------------------------------------------

function operatorHover(statement: Statement, offset: number): Hover | undefined {
  const block = statement.condition?.operators.find((o) => containsOffset(o.property.keySpan, offset));
  if (!block) return undefined;
  const operator = parseConditionOperator(block.operator);
  if (!operator) return undefined;
  const lines = [`**${block.operator}** · ${operator.family} operator`, '', operator.definition.description, '', `**When the key is missing**: ${missingKeyBehaviour(operator)}`];
  if (operator.like) lines.push('', '`*` and `?` in the values are wildcards.');
  lines.push('', operator.policyVariables ? 'Values may use policy variables such as `${aws:username}`.' : 'Values are taken literally: policy variables are not substituted.');
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  return { markdown: lines.join('\n'), span: block.property.keySpan };
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
function missingKeyBehaviour(operator: NonNullable<ReturnType<typeof parseConditionOperator>>): string {
  if (operator.family === 'Null') return '`Null` tests exactly that: `"true"` matches when the key is absent, `"false"` when it is present.';
  if (operator.setQualifier === 'ForAllValues') return 'true. `ForAllValues` also matches when the key is present with no values, so pair it with a `Null` check in an Allow.';
  if (operator.setQualifier === 'ForAnyValue') return 'false: with no values, no value can match.';
  if (operator.ifExists) return 'true: `IfExists` applies the comparison only when the key is present.';
  if (operator.negated) return 'true: a negated operator matches whenever the value does not match, including when it is absent.';
  return 'false: the values cannot match an absent key. Add `IfExists` if the condition should hold then.';
}

// ---- ARNs ----------------------------------------------------------------------------------------

function arnHover(statement: Statement, offset: number, catalog: Catalog): Hover | undefined {
  const value = find(statement.resource?.values, offset) ?? find(statement.notResource?.values, offset);
  if (!value || value.value === '*') return undefined;
  const arn = parseArn(value.value);
  if (!arn) return value.placeholders?.length ? deployTimeArnHover(value, catalog) : undefined;
  const field = (f: { text: string }) => (f.text === '' ? '*(empty)*' : `\`${f.text}\``);
  const lines = [
    `**ARN** \`${value.value}\``,
    '',
    `| part | value |`,
    `| --- | --- |`,
    `| partition | ${field(arn.partition)} |`,
    `| service | ${field(arn.service)} |`,
    `| Region | ${field(arn.region)} |`,
    `| account | ${field(arn.account)} |`,
    ...(arn.resourceType ? [`| resource type | ${field(arn.resourceType)} |`, `| resource id | ${field(arn.resourceId!)} |`] : [`| resource | ${field(arn.resource)} |`]),
  ];
  // A template's `${AWS::AccountId}` or a .tf file's `${var.bucket}` is only known when the stack or plan is applied.
  if (value.placeholders?.length) lines.push('', knownAtDeploy(value.placeholders));
  const matched = value.placeholders?.length ? parseArn(arnMatchText(value, catalog)) : arn;
  const match = !matched || isArnPattern(matched.service.text) ? undefined : formatsForArn(catalog, matched);
  if (match?.fitting.length) {
    const shown = match.fitting.slice(0, 6).map((f) => `- \`${f.resourceType.name}\` (${f.resourceType.service}): \`${f.template}\``);
    lines.push('', `**Matches the resource type${match.fitting.length === 1 ? '' : 's'}**`, ...shown, ...(match.fitting.length > 6 ? [`- and ${match.fitting.length - 6} more`] : []));
  } else if (match) {
    lines.push('', `Fits none of the ${match.all.length} ARN formats of ${arn.service.text}.`);
  }
  return { markdown: lines.join('\n'), span: value.span };
}

/** "Known at deploy time: …", with what the template says of each value: the resource it names, a parameter's default. */
function knownAtDeploy(placeholders: readonly Placeholder[]): string {
  const described = new Map<string, string>();
  for (const { source, resource, default: fallback } of placeholders) {
    let text = `\`${source}\``;
    if (resource) text += ` (the ${partLabel[resource.part]} of a ${resource.service} ${resource.type})`;
    else if (fallback !== undefined) text += ` (default \`${fallback}\`, unless the deployment gives another value)`;
    described.set(source, text);
  }
  return `Known at deploy time: ${[...described.values()].join(', ')}.`;
}

/** A Resource value that is a whole deploy-time ARN (`!GetAtt Queue.Arn`): what it is, and the resource type it fits. */
function deployTimeArnHover(value: StringValue, catalog: Catalog): Hover | undefined {
  const arn = parseArn(arnMatchText(value, catalog));
  const match = arn ? formatsForArn(catalog, arn) : undefined;
  const lines = [`**ARN** \`${value.value}\``, '', knownAtDeploy(value.placeholders!)];
  if (match?.fitting.length)
    lines.push(
      '',
      `**Matches the resource type${match.fitting.length === 1 ? '' : 's'}**`,
      ...match.fitting.slice(0, 6).map((f) => `- \`${f.resourceType.name}\` (${f.resourceType.service}): \`${f.template}\``),
    );
  return { markdown: lines.join('\n'), span: value.span };
}

// ---- principals ----------------------------------------------------------------------------------

function principalHover(statement: Statement, offset: number): Hover | undefined {
  for (const element of [statement.principal, statement.notPrincipal]) {
    if (!element) continue;
    if (element.wildcard && containsOffset(element.wildcard.span, offset)) {
      return { markdown: '**"*"**: every principal, including anonymous users. Narrow it with conditions such as `aws:PrincipalOrgID` or `aws:SourceAccount`.', span: element.wildcard.span };
    }
    for (const entry of element.entries) {
      const value = find(entry.values, offset);
      if (value) return { markdown: describePrincipal(entry.type, value.value), span: value.span };
    }
  }
  return undefined;
}

function describePrincipal(type: string, value: string): string {
  if (type === 'Service')
    return `**${value}**: the AWS service principal of ${value.replace(/\.amazonaws\.com(\.cn)?$/, '')}. Add \`aws:SourceArn\` or \`aws:SourceAccount\` conditions so only your resources can use it.`;
  if (type === 'Federated')
    return `**${value}**: a federated identity provider. Users it authenticates assume the role with ${value.includes('saml-provider') ? '`sts:AssumeRoleWithSAML`' : '`sts:AssumeRoleWithWebIdentity`'}.`;
  if (type === 'CanonicalUser') return `**${value}**: an Amazon S3 canonical user id.`;
  if (value === '*') return '**"*"**: every AWS principal, including anonymous users.';
  if (/^\d{12}$/.test(value)) return `**Account ${value}**: every principal of account ${value} that its own IAM policies allow, the same as \`arn:aws:iam::${value}:root\`.`;
  const arn = /^arn:([^:]+):(iam|sts)::(\d{12}|\*)?:(.*)$/.exec(value);
  if (!arn) return `**${value}**`;
  const [, partition, , account, resource] = arn;
  const kind =
    resource === 'root'
      ? 'the account (every principal its own policies allow)'
      : resource.startsWith('role/')
        ? 'an IAM role'
        : resource.startsWith('user/')
          ? 'an IAM user'
          : resource.startsWith('assumed-role/')
            ? 'one session of an assumed role'
            : resource.startsWith('federated-user/')
              ? 'a federated user session'
              : 'a principal';
  return `**${value}**: ${kind} in account ${account ?? '(none)'} (partition ${partition}).`;
}
