import type { Catalog, CatalogAction } from '../catalog/catalog';
import type { TextEdit } from '../checks/check';
import { principalTypes } from '../policy/elements';
import type { PolicyDocument, Statement } from '../policy/model';
import type { PolicyType } from '../policy/policy-type';
import type { Span } from '../text/span';
import { completionContextAt, type CompletionContext } from './context';
import { completionAnchor, modelContextAt, modelValueAt } from './model-context';
import { arnTemplateSnippet, escapeSnippet, pseudoParameterDefaults } from './snippets';
import { servicePrincipals } from './service-principals';
import { conditionKeyCompletions, operatorCompletions, policyVariableCompletions } from './conditions';

export type CompletionKind = 'element' | 'value' | 'service' | 'action' | 'actionGroup' | 'resource' | 'principal' | 'operator' | 'conditionKey' | 'variable';

/** One suggestion, in core terms: the LSP layer turns it into a CompletionItem with a text edit. */
export interface Completion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** The text that replaces `span`; a snippet when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  span: Span;
  filterText?: string;
  sortText?: string;
  /** Open the suggestion list again after inserting, e.g. after a service prefix. */
  retrigger?: boolean;
}

export interface CompletionRequest {
  policy: PolicyDocument;
  offset: number;
  catalog: Catalog;
  policyType: PolicyType;
  /** Set for a policy inside a host document (a template, a .tf file): how to write there. Absent: plain JSON text. */
  host?: CompletionHost;
}

/**
 * How a host document writes what completion inserts. Completion computes a JSON edit against the model's spans (a
 * string literal replacing a value or key token, or text inside a string), as a rule's fix would; the host rewrites it
 * in its syntax (a YAML scalar in its style, an HCL string, JSON escaped in a JSON string), or answers undefined
 * when it cannot write it, and the suggestion is not offered.
 */
export interface CompletionHost {
  write(edit: TextEdit): TextEdit | undefined;
  /**
   * How a key typed without its value yet is completed with one: as JSON (`"Action": ["…"]`, a JSON template or a
   * JSON string policy) or as YAML (`Action: ["…"]`). Absent: the host's keys are names only (HCL's `test = "…"`).
   */
  entries?: 'json' | 'yaml';
  /**
   * Whether the value at `offset` is a string the host fills in at deploy time (a template's `Fn::Sub`): resource
   * ARNs are then written with the partition, Region and account the stack is deployed to (`${AWS::Partition}`,
   * `${AWS::Region}`, `${AWS::AccountId}`) instead of literal values.
   */
  substitutesAt?(offset: number): boolean;
}

/** The completions at `offset`, by where the cursor is in the policy. */
export function completionsAt(request: CompletionRequest): Completion[] {
  if (request.host) {
    // In a host document the text is YAML or HCL: the context comes from the model, and the host writes the result.
    const context = modelContextAt(request.policy, request.offset);
    if (!context) return [];
    const host = request.host;
    // After `Action: ` the statement ends before the blank: look for it where the model does.
    const anchored = { ...request, offset: completionAnchor(request.policy.text, request.offset) };
    const items = hostVariableCompletions(context, request) ?? completionsIn(context, anchored);
    return items.flatMap((item) => writtenByHost(item, host, context, request.policy.text) ?? []);
  }
  let context: CompletionContext;
  try {
    context = completionContextAt(request.policy.text, request.offset);
  } catch (error) {
    // jsonc-parser's scanner recurses per nesting level: a document thousands of levels deep has nothing to complete.
    if (error instanceof RangeError) return [];
    throw error;
  }
  return completionsIn(context, request);
}

function completionsIn(context: CompletionContext, request: CompletionRequest): Completion[] {
  const { statementPath, path } = context;
  if (context.position === 'key') {
    if (path.length === 1) return elementKeys(context, request, topLevelKeys, presentKeys(request.policy.properties));
    if (statementPath?.length === 1) return statementKeys(context, request);
    if (statementPath?.length === 2 && statementPath[0] === 'Condition') return operatorCompletions(context, statementAt(request), request.catalog, hasValueAfter(request, context));
    if (statementPath?.length === 3 && statementPath[0] === 'Condition') {
      return conditionKeyCompletions(context, statementAt(request), String(statementPath[1]), request.catalog, hasValueAfter(request, context));
    }
    if (statementPath?.length === 2 && (statementPath[0] === 'Principal' || statementPath[0] === 'NotPrincipal')) {
      return elementKeys(context, request, principalKeys, presentKeys(statementAt(request)?.[statementPath[0] === 'Principal' ? 'principal' : 'notPrincipal']?.entries.map((e) => e.property) ?? []));
    }
    return [];
  }
  if (path.length === 1 && path[0] === 'Version') return valueChoices(context, versionValues);
  if (!statementPath || statementPath.length === 0) return [];
  const element = statementPath[0];
  if ((element === 'Resource' || element === 'NotResource' || element === 'Condition') && context.token.typed.includes('${')) {
    const variables = policyVariableCompletions(context, request.catalog);
    if (variables.length > 0) return variables;
  }
  if (element === 'Effect' && statementPath.length === 1) return valueChoices(context, effectValues);
  if ((element === 'Action' || element === 'NotAction') && statementPath.length <= 2) return actionCompletions(context, request);
  if ((element === 'Resource' || element === 'NotResource') && statementPath.length <= 2) return resourceCompletions(context, request);
  if ((element === 'Principal' || element === 'NotPrincipal') && statementPath.length >= 2) return principalCompletions(context, String(statementPath[1]));
  return [];
}

function statementAt(request: CompletionRequest): Statement | undefined {
  const { policy, offset } = request;
  // A YAML or HCL statement ends with its last value: a cursor at its very end is still in it.
  return policy.statements.find((s) => offset > s.span.start && (offset < s.span.end || (request.host !== undefined && offset === s.span.end)));
}

// ---- keys ----------------------------------------------------------------------------------------

interface KeyChoice {
  key: string;
  value: string;
  documentation: string;
}

const topLevelKeys: KeyChoice[] = [
  { key: 'Version', value: '"${1|2012-10-17,2008-10-17|}"', documentation: 'The policy language version. Use 2012-10-17: the older 2008-10-17 has no policy variables.' },
  { key: 'Id', value: '"$1"', documentation: 'An optional identifier for the policy; some services (SQS, SNS) use it.' },
  {
    key: 'Statement',
    value: '[\n\t{\n\t\t"Effect": "${1|Allow,Deny|}",\n\t\t"Action": "$2",\n\t\t"Resource": "$3"\n\t}\n]',
    documentation: 'The statements of the policy: one object or an array of them.',
  },
];

const statementKeyChoices: KeyChoice[] = [
  { key: 'Sid', value: '"$1"', documentation: 'An optional statement id: letters and digits, unique within the policy.' },
  { key: 'Effect', value: '"${1|Allow,Deny|}"', documentation: 'Whether the statement allows or denies what it matches.' },
  { key: 'Action', value: '["$1"]', documentation: 'The actions the statement covers, such as "s3:GetObject" or "s3:Get*".' },
  { key: 'NotAction', value: '["$1"]', documentation: 'Every action except these. With Allow it grants far more than it seems; prefer Action.' },
  { key: 'Resource', value: '["$1"]', documentation: 'The resources the statement covers, as ARNs, or "*".' },
  { key: 'NotResource', value: '["$1"]', documentation: 'Every resource except these.' },
  { key: 'Principal', value: '{"${1|AWS,Service,Federated,CanonicalUser|}": "$2"}', documentation: 'Who the statement applies to, in resource-based and trust policies.' },
  { key: 'NotPrincipal', value: '{"${1|AWS,Service,Federated,CanonicalUser|}": "$2"}', documentation: 'Every principal except these; AWS recommends conditions on aws:PrincipalArn instead.' },
  {
    key: 'Condition',
    value: '{\n\t"${1:StringEquals}": {\n\t\t"${2:aws:PrincipalTag/team}": "$3"\n\t}\n}',
    documentation: 'Conditions under which the statement applies: operator → condition key → values.',
  },
];

const principalKeys: KeyChoice[] = principalTypes.map((key) => ({
  key,
  value: key === 'AWS' ? '["$1"]' : '"$1"',
  documentation: {
    AWS: 'AWS accounts, IAM users and roles, and assumed-role sessions, by ARN or account id.',
    Service: 'AWS services, such as "ec2.amazonaws.com".',
    Federated: 'A SAML or OIDC identity provider, by ARN, or a web identity provider such as "accounts.google.com".',
    CanonicalUser: 'An Amazon S3 canonical user id.',
  }[key],
}));

const exclusivePairs: Record<string, string> = { Action: 'NotAction', NotAction: 'Action', Resource: 'NotResource', NotResource: 'Resource', Principal: 'NotPrincipal', NotPrincipal: 'Principal' };

function statementKeys(context: CompletionContext, request: CompletionRequest): Completion[] {
  const statement = statementAt(request);
  const present = presentKeys(statement?.properties ?? []);
  const choices = statementKeyChoices.filter((choice) => !(choice.key in exclusivePairs && present.has(exclusivePairs[choice.key])));
  const items = elementKeys(context, request, choices, present);
  // Identity policies and SCPs take no Principal; offer it last rather than hide it, since the type may be inferred.
  if (request.policyType !== 'resource' && request.policyType !== 'trust') {
    for (const item of items) if (item.label === 'Principal' || item.label === 'NotPrincipal') item.sortText = `z${item.label}`;
  }
  return items;
}

/** Whether the key being typed already has a colon after it: then a completion replaces the name and keeps the value. */
function hasValueAfter(request: CompletionRequest, context: CompletionContext): boolean {
  // A host writes only the name (a YAML key, an HCL `test` or `variable` string); the value is the host's own syntax.
  if (request.host) return !request.host.entries || /^[ \t]*:/.test(request.policy.text.slice(context.token.span.end));
  return /^\s*:/.test(request.policy.text.slice(context.token.span.end));
}

function presentKeys(properties: { key: string; keySpan: Span }[]): Set<string> {
  return new Set(properties.map((p) => p.key));
}

function elementKeys(context: CompletionContext, request: CompletionRequest, choices: KeyChoice[], present: Set<string>): Completion[] {
  const { token } = context;
  const hasValue = hasValueAfter(request, context);
  return choices
    .filter((choice) => !present.has(choice.key) || choice.key === token.typed)
    .map((choice, index) => ({
      label: choice.key,
      kind: 'element' as const,
      documentation: choice.documentation,
      insertText: hasValue ? `"${choice.key}"` : `"${choice.key}": ${choice.value}`,
      snippet: !hasValue,
      span: token.span,
      filterText: token.quoted ? `"${choice.key}"` : choice.key,
      sortText: String(index).padStart(2, '0'),
    }));
}

// ---- values --------------------------------------------------------------------------------------

interface ValueChoice {
  value: string;
  documentation: string;
}

const versionValues: ValueChoice[] = [
  { value: '2012-10-17', documentation: 'The current policy language. Supports policy variables.' },
  { value: '2008-10-17', documentation: 'The original policy language, without policy variables. Use 2012-10-17.' },
];

const effectValues: ValueChoice[] = [
  { value: 'Allow', documentation: 'The statement grants what it matches, unless an explicit Deny applies.' },
  { value: 'Deny', documentation: 'The statement denies what it matches; an explicit Deny overrides every Allow.' },
];

function valueChoices(context: CompletionContext, choices: ValueChoice[]): Completion[] {
  return choices.map((choice, index) => plainValue(context, choice.value, 'value', { documentation: choice.documentation, sortText: String(index) }));
}

/** A value completion that replaces the whole string token, quotes included. */
function plainValue(context: CompletionContext, value: string, kind: CompletionKind, extra: Partial<Completion> = {}): Completion {
  const quotedValue = JSON.stringify(value);
  const insertText = extra.snippet ? `"${extra.insertText ?? escapeSnippet(value)}"` : quotedValue;
  return { label: value, kind, span: context.token.span, filterText: context.token.quoted ? quotedValue : value, ...extra, insertText };
}

// ---- actions -------------------------------------------------------------------------------------

const accessLevelOrder = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

function actionCompletions(context: CompletionContext, request: CompletionRequest): Completion[] {
  const { catalog } = request;
  const typed = context.token.typed;
  const colon = typed.indexOf(':');
  if (colon < 0) {
    // Service prefixes first; choosing one inserts `prefix:` and opens the list of its actions.
    const items: Completion[] = catalog.services().map((service) => ({
      label: service.prefix,
      kind: 'service' as const,
      detail: service.name,
      documentation: `${service.actions.length} actions.`,
      insertText: `"${service.prefix}:$0"`,
      snippet: true,
      span: context.token.span,
      filterText: context.token.quoted ? `"${service.prefix}` : service.prefix,
      retrigger: true,
    }));
    if (request.policyType === 'trust') {
      for (const name of ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity']) {
        const action = catalog.findAction(name);
        if (action) items.push({ ...actionItem(context, action), sortText: `0${name}` });
      }
    }
    items.push(plainValue(context, '*', 'actionGroup', { detail: 'Every action of every service', sortText: 'zz' }));
    return items;
  }
  const service = catalog.findService(typed.slice(0, colon));
  if (!service) return [];
  const items = service.actions.map((action) => actionItem(context, action));
  items.push(plainValue(context, `${service.prefix}:*`, 'actionGroup', { detail: `All ${service.actions.length} actions of ${service.name}`, sortText: '~' }));
  for (const [group, count] of verbGroups(service.actions)) {
    items.push(
      plainValue(context, `${service.prefix}:${group}*`, 'actionGroup', {
        detail: `${count} actions`,
        documentation: `Every ${service.name} action whose name starts with "${group}".`,
        sortText: `~${group}`,
      }),
    );
  }
  return items;
}

function actionItem(context: CompletionContext, action: CatalogAction): Completion {
  return plainValue(context, action.fullName, 'action', {
    detail: action.accessLevel,
    documentation: action.description,
    sortText: `${accessLevelOrder.indexOf(action.accessLevel)}${action.name}`,
  });
}

/** The leading verbs of action names (Get, List, Describe ...) that cover two or more actions: the usual wildcard groups. */
function verbGroups(actions: readonly CatalogAction[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const action of actions) {
    const verb = /^[A-Z][a-z]+/.exec(action.name)?.[0];
    if (verb) counts.set(verb, (counts.get(verb) ?? 0) + 1);
  }
  return new Map([...counts].filter(([, count]) => count > 1));
}

// ---- resources -----------------------------------------------------------------------------------

function resourceCompletions(context: CompletionContext, request: CompletionRequest): Completion[] {
  const statement = statementAt(request);
  const templates = new Map<string, string>();
  for (const value of statement?.action?.values ?? []) {
    for (const action of value.value.includes('*') || value.value.includes('?') ? request.catalog.matchActions(value.value).slice(0, 200) : [request.catalog.findAction(value.value)]) {
      if (!action) continue;
      for (const { resourceType } of action.resourceTypes) for (const arn of resourceType.arns) templates.set(arn, `${action.service} ${resourceType.name}`);
    }
  }
  const substituted = request.host?.substitutesAt?.(request.offset) === true;
  const items: Completion[] = [...templates].map(([template, description], index) => {
    const extra = { detail: description, snippet: true, sortText: String(index).padStart(4, '0') };
    if (!substituted) return plainValue(context, template, 'resource', { ...extra, insertText: arnTemplateSnippet(template) });
    // Labelled as written, so that what the editor filters on (`arn:${AWS::Partition}:s…`) matches it.
    const label = template.replace(/\$\{([^}]*)\}/g, (written, name: string) => pseudoParameterDefaults[name] ?? written);
    return plainValue(context, label, 'resource', { ...extra, insertText: arnTemplateSnippet(template, pseudoParameterDefaults) });
  });
  items.push(plainValue(context, '*', 'resource', { detail: 'Every resource', sortText: 'zzzz' }));
  return items;
}

// ---- principals ----------------------------------------------------------------------------------

function principalCompletions(context: CompletionContext, principalType: string): Completion[] {
  switch (principalType) {
    case 'Service':
      return servicePrincipals.map(([principal, description]) => plainValue(context, principal, 'principal', { detail: description }));
    case 'AWS':
      return [
        arnSnippet(context, 'arn:aws:iam::111122223333:root', 'arn:${1|aws,aws-cn,aws-us-gov|}:iam::${2:111122223333}:root', 'Every principal of the account that its own policies allow'),
        arnSnippet(context, 'arn:aws:iam::111122223333:role/role-name', 'arn:aws:iam::${1:111122223333}:role/${2:role-name}', 'An IAM role'),
        arnSnippet(context, 'arn:aws:iam::111122223333:user/user-name', 'arn:aws:iam::${1:111122223333}:user/${2:user-name}', 'An IAM user'),
        arnSnippet(
          context,
          'arn:aws:sts::111122223333:assumed-role/role-name/session-name',
          'arn:aws:sts::${1:111122223333}:assumed-role/${2:role-name}/${3:session-name}',
          'One session of an assumed role',
        ),
        plainValue(context, '*', 'principal', { detail: 'Anyone, including anonymous users' }),
      ];
    case 'Federated':
      return [
        arnSnippet(
          context,
          'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
          'arn:aws:iam::${1:111122223333}:oidc-provider/${2:token.actions.githubusercontent.com}',
          'An OIDC identity provider (GitHub Actions, EKS ...)',
        ),
        arnSnippet(context, 'arn:aws:iam::111122223333:saml-provider/provider-name', 'arn:aws:iam::${1:111122223333}:saml-provider/${2:provider-name}', 'A SAML identity provider'),
        ...['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com'].map((p) => plainValue(context, p, 'principal', { detail: 'Web identity provider' })),
      ];
    default:
      return [];
  }
}

function arnSnippet(context: CompletionContext, label: string, snippet: string, detail: string): Completion {
  return plainValue(context, label, 'principal', { detail, insertText: snippet, snippet: true });
}

// ---- host documents ------------------------------------------------------------------------------

/** Policy variables after an unclosed `${` (`&{` in Terraform) in a host's Resource or Condition value, replacing from the `${`. */
function hostVariableCompletions(context: CompletionContext, request: CompletionRequest): Completion[] | undefined {
  const element = context.statementPath?.[0];
  if (context.position !== 'value' || (element !== 'Resource' && element !== 'NotResource' && element !== 'Condition')) return undefined;
  const typed = context.token.typed;
  const open = Math.max(typed.lastIndexOf('${'), typed.lastIndexOf('&{'));
  if (open < 0 || typed.indexOf('}', open) >= 0) return undefined;
  const value = modelValueAt(request.policy, request.offset);
  const start = value?.mapSpan && value.span.start === context.token.span.start ? value.mapSpan(open, open).start : context.token.span.start + (context.token.quoted ? 1 : 0) + open;
  // The editor may have closed the brace when `{` was typed: the name's rest and that brace are replaced too.
  const rest = /^[\w:/.-]*\}/.exec(request.policy.text.slice(request.offset, request.offset + 256))?.[0].length ?? 0;
  const span = { start, end: request.offset + rest };
  const items = policyVariableCompletions({ ...context, token: { typed: `\${${typed.slice(open + 2)}`, span: { start: 0, end: 0 }, quoted: false } }, request.catalog);
  if (items.length === 0) return undefined;
  return items.map((item) => ({ ...item, span, insertText: item.snippet ? `\\\${${item.insertText}` : `\${${item.insertText}` }));
}

const stopMark = /\uE000(\d+)\uE001/g;

/** A completion written by the host: its JSON text rewritten, snippet tab stops kept through the rewrite. */
function writtenByHost(item: Completion, host: CompletionHost, context: CompletionContext, text: string): Completion | undefined {
  const stops: string[] = [];
  const raw = item.snippet ? withoutTabStops(item.insertText, stops) : item.insertText;
  const entry = host.entries && (item.kind === 'element' || item.kind === 'operator' || item.kind === 'conditionKey') ? /^("(?:[^"\\]|\\.)*"): ([^]*)$/.exec(raw) : null;
  let written: TextEdit | undefined;
  if (entry) {
    // A key with its value: the value's JSON on one line is YAML flow syntax too.
    const value = entry[2].replace(/\s*\n\s*/g, ' ');
    const key = host.entries === 'yaml' ? host.write({ span: item.span, newText: entry[1] }) : undefined;
    written = host.entries === 'yaml' ? key && { span: key.span, newText: `${key.newText}: ${value}` } : host.write({ span: item.span, newText: `${entry[1]}: ${value}` });
  } else written = host.write({ span: item.span, newText: raw });
  if (!written) return undefined;
  const insertText = item.snippet ? escapeSnippet(written.newText).replace(stopMark, (_, index: string) => stops[Number(index)]) : written.newText;
  // The editor filters on the text from the start of the span to the cursor: the host's quote or `${` included.
  const lead =
    item.kind === 'variable' ? text.slice(written.span.start, written.span.start + (text.startsWith('${!', written.span.start) ? 3 : 2)) : context.token.quoted ? text[context.token.span.start] : '';
  return { ...item, span: written.span, insertText, filterText: lead + item.label };
}

/** Snippet text as the literal text it stands for, each tab stop replaced by a private-use marker the host writes as it is. */
function withoutTabStops(snippet: string, stops: string[]): string {
  let result = '';
  for (let i = 0; i < snippet.length;) {
    const char = snippet[i];
    if (char === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
      result += snippet[i + 1];
      i += 2;
      continue;
    }
    const stop = char === '$' ? /^\$(?:\d+|\{\d+(?::(?:[^}\\]|\\.)*|\|[^|]*\|)?\})/.exec(snippet.slice(i)) : null;
    if (stop) {
      result += `\uE000${stops.length}\uE001`;
      stops.push(stop[0]);
      i += stop[0].length;
      continue;
    }
    result += char;
    i++;
  }
  return result;
}
