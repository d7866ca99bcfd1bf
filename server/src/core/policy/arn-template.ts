/**
 * Whether a policy ARN (with wildcards and policy variables) can match an ARN format of the Service Authorization
 * Reference, such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. The policy side is read as arn.ts
 * splits it: `${…}` is a variable, and `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

import { ARN_FIELD_COUNT, COLON, DOLLAR, OPEN_BRACE, QUESTION, SLASH, STAR, isEscapeVariable, variableEndAt } from './arn';
import { detached } from '../text/detached';

/**
 * Whether some concrete ARN is matched both by `arn`, a policy ARN with wildcards and variables, and by
 * `template`, an ARN format from the Service Authorization Reference such as
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
 *
 * The policy side: `*` matches any run of characters, across `/` and `:` too (IAM lets a `*` at the end of a
 * segment expand past colons); `?` matches one character; a variable may take any value, so it counts as `*`, except
 * that one written as a whole partition, service, Region or account field is that field's value, without `:` or `/`.
 * Comparison is case-sensitive, as IAM compares ARNs.
 *
 * The template side: a `${Placeholder}` matches a non-empty run of characters, and a literal `*` any run.
 * Resource names can hold `/` and `:` (object keys, IAM paths, log group names, `function:name:alias`), so a
 * placeholder may too, except:
 * - in the partition, service, Region and account fields, which never hold `/` or `:`;
 * - the separator that follows it in the template: in `table/${TableName}/index/${IndexName}` the table name
 *   holds no `/`, and in `log-group:${LogGroupName}:log-stream:…` the log group name holds no `:`;
 * - `${BucketName}` and S3 Tables' `${TableBucketName}`, because bucket names are only lower-case letters, digits, dots
 *   and hyphens. This keeps `arn:aws:s3:::bucket/*` (objects) apart from the bucket itself, and
 *   `…:bucket/b/table/*` (tables) apart from the table bucket;
 * - `${KeyId}`, a KMS key's ID (a UUID, or `mrk-` and hex digits). This keeps `arn:aws:kms:*:*:alias/*` apart from
 *   keys: its Region's `*` could otherwise run on to a key ID holding `:alias/`, and KMS authorizes a key's actions on
 *   the key's ARN, never an alias's (KMS Developer Guide, "Use aliases to control access to KMS keys");
 * - `${Alias}` (KMS's and Lambda's) holds no `:`, so `arn:aws:kms:*::*`, whose account is empty, names no alias either.
 *
 * Linear in the product of the two lengths (a walk over pairs of positions), never exponential.
 */
export function arnMatchesTemplate(arn: string, template: string): boolean {
  if (arn.length > MAX_MATCHED_LENGTH) return true;
  // "You can't use a wildcard in the service segment that identifies the AWS product" (the Resource element's page):
  // the service an ARN names is the one it means, though the partition's `*` before it could expand past colons
  // (`arn:*:logs:*:*:*` names no execute-api resource whose path holds `:logs:`).
  const service = serviceField(arn);
  if (service !== undefined && !/[*?$]/.test(service)) {
    const templateService = serviceField(template);
    if (templateService !== undefined && !templateService.includes('$') && templateService !== service) return false;
  }
  return patternsIntersect(policyTokensOf(arn), templateTokensOf(template), 0);
}

/**
 * The third field of `arn:partition:service:…`, undefined when the text has no such field. A variable's colons
 * (`arn:${AWS::Partition}:s3:::b`, a template's placeholder; `${Partition}` in a format) separate no fields.
 */
function serviceField(arn: string): string | undefined {
  const lastClose = arn.lastIndexOf('}');
  let colons = 0;
  let start = 0;
  for (let i = 0; i < arn.length; i++) {
    const variableEnd = variableEndAt(arn, i, lastClose);
    if (variableEnd > 0) {
      i = variableEnd - 1;
      continue;
    }
    if (arn.charCodeAt(i) !== COLON) continue;
    colons++;
    if (colons === 2) start = i + 1;
    else if (colons === 3) return arn.slice(start, i);
  }
  return undefined;
}

/**
 * Like `arnMatchesTemplate`, for the resource part alone: whether `resource` (the text after the fifth colon
 * of a policy ARN) can match the resource part of `template`.
 */
export function arnResourceMatchesTemplate(resource: string, template: string): boolean {
  if (resource.length > MAX_MATCHED_LENGTH) return true;
  const tokens = templateTokensOf(template);
  return tokens.resourceStart >= 0 && patternsIntersect(policyTokensOf(resource), tokens, tokens.resourceStart);
}

// ---------------------------------------------------------------------------------------------
// Tokens. Policy side: LITERAL (one UTF-16 unit), ONE (`?`), ANY (`*` or a variable), FIELD (a variable that is a leading field).
// Template side: LITERAL, PLACEHOLDER (non-empty, minus excluded separators), ANY (`*`).
// ---------------------------------------------------------------------------------------------

// IAM caps a policy at a few thousand characters; an "ARN" longer than this is no ARN, and is taken to
// match rather than walked, which keeps a hostile document from costing time and memory.
const MAX_MATCHED_LENGTH = 2048;

const LITERAL = 0;
const ONE = 1;
const ANY = 2;
const PLACEHOLDER = 3;
/** Policy side: a variable that is a whole leading field of the ARN: any run of characters but `:` and `/`. */
const FIELD = 4;

const EXCLUDES_SLASH = 1;
const EXCLUDES_COLON = 2;
// The account field's placeholder where a service's AWS-owned resources have none: Systems Manager's public parameters
// and documents (`arn:aws:ssm:us-east-1::parameter/aws/service/…`, `arn:aws:ssm:*::document/AWS-RunShellScript`), though
// the reference writes `${Account}` in their formats. Elsewhere an empty account matches nothing the format names.
const MAY_BE_EMPTY = 4;
const servicesWithAccountlessResources: ReadonlySet<string> = new Set(['ssm']);

interface Tokens {
  kinds: Uint8Array;
  /** The character code of a LITERAL, the excluded-separator bits of a PLACEHOLDER. */
  values: Uint16Array;
  length: number;
  /** Templates only: the index of the first token after the fifth colon, or -1 when there is none. */
  resourceStart: number;
}

// A policy holds a few hundred distinct ARNs at most, and each is matched against many templates: keep
// recent tokenizations, and start afresh when the cache grows past what one policy needs.
const policyCache = new Map<string, Tokens>();
const POLICY_CACHE_LIMIT = 2000;

function policyTokensOf(text: string): Tokens {
  const cached = policyCache.get(text);
  if (cached) return cached;
  if (policyCache.size >= POLICY_CACHE_LIMIT) policyCache.clear();
  const tokens = newTokens(text.length);
  const lastClose = text.lastIndexOf('}');
  let colons = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const variableEnd = variableEndAt(text, i, lastClose);
    if (variableEnd > 0) {
      if (isEscapeVariable(text, i, variableEnd)) pushToken(tokens, LITERAL, text.charCodeAt(i + 2));
      else if (isWholeLeadingField(text, i, variableEnd, colons)) pushToken(tokens, FIELD, 0);
      else pushToken(tokens, ANY, 0);
      i = variableEnd - 1;
    } else if (code === COLON) {
      colons++;
      pushToken(tokens, LITERAL, code);
    } else if (code === STAR) pushToken(tokens, ANY, 0);
    else if (code === QUESTION) pushToken(tokens, ONE, 0);
    else pushToken(tokens, LITERAL, code);
  }
  policyCache.set(detached(text), tokens);
  return tokens;
}

/**
 * Whether the variable at `[start, end)` is a whole partition, service, Region or account field (`arn:aws:iam::${account_id}:role/x`):
 * a value put there (a template's `${account_id}`, `${aws:PrincipalAccount}`) is that field, and holds no `:` or `/`.
 * A `*` written there may expand past the colons; a variable stands for one value.
 */
function isWholeLeadingField(text: string, start: number, end: number, colonsBefore: number): boolean {
  return colonsBefore >= 1 && colonsBefore < ARN_FIELD_COUNT - 1 && text.charCodeAt(start - 1) === COLON && text.charCodeAt(end) === COLON;
}

// arn:partition:service:region:account: the account is after the fourth colon.
const ACCOUNT_FIELD = 4;

// Placeholders whose values never hold `/` or `:` wherever they sit (see arnMatchesTemplate), and those whose values
// never hold `:`: KMS's and Lambda's alias names are letters, digits, `/` (KMS), `_` and `-`.
const opaqueNames: ReadonlySet<string> = new Set(['BucketName', 'TableBucketName', 'KeyId']);
const colonFreeNames: ReadonlySet<string> = new Set(['Alias']);

// Templates come from the bundled catalog, a few thousand distinct strings, so caching them all is bounded.
const templateCache = new Map<string, Tokens>();

function templateTokensOf(template: string): Tokens {
  let tokens = templateCache.get(template);
  if (tokens) return tokens;
  tokens = newTokens(template.length);
  let colons = 0;
  for (let i = 0; i < template.length; i++) {
    const code = template.charCodeAt(i);
    const end = code === DOLLAR && template.charCodeAt(i + 1) === OPEN_BRACE ? template.indexOf('}', i + 2) + 1 : 0;
    if (end > 0) {
      const name = template.slice(i + 2, end - 1);
      const next = template.charCodeAt(end);
      let excluded = 0;
      if (colons < ARN_FIELD_COUNT - 1 || opaqueNames.has(name)) excluded = EXCLUDES_SLASH | EXCLUDES_COLON;
      if (next === SLASH) excluded |= EXCLUDES_SLASH;
      if (next === COLON || colonFreeNames.has(name)) excluded |= EXCLUDES_COLON;
      if (colons === ACCOUNT_FIELD && next === COLON && servicesWithAccountlessResources.has(template.split(':', 3)[2])) excluded |= MAY_BE_EMPTY;
      pushToken(tokens, PLACEHOLDER, excluded);
      i = end - 1;
      continue;
    }
    if (code === COLON && ++colons === ARN_FIELD_COUNT - 1) tokens.resourceStart = tokens.length + 1;
    pushToken(tokens, code === STAR ? ANY : LITERAL, code);
  }
  templateCache.set(template, tokens);
  return tokens;
}

function newTokens(capacity: number): Tokens {
  return { kinds: new Uint8Array(capacity), values: new Uint16Array(capacity), length: 0, resourceStart: -1 };
}

function pushToken(tokens: Tokens, kind: number, value: number): void {
  tokens.kinds[tokens.length] = kind;
  tokens.values[tokens.length] = value;
  tokens.length++;
}

/**
 * Whether the languages of a policy pattern and a template intersect: a depth-first walk over states
 * (policy position, template position, whether the current placeholder has taken a character yet), each
 * visited at most once.
 */
function patternsIntersect(policy: Tokens, template: Tokens, templateStart: number): boolean {
  const n = policy.length;
  const m = template.length;
  const width = 2 * (m + 1);
  const visited = visitMarks((n + 1) * width);
  const mark = nextMark();
  const stack = scratchStack;
  let top = 0;
  const first = 2 * templateStart;
  visited[first] = mark;
  stack[top++] = first;
  while (top > 0) {
    const state = stack[--top];
    const i = (state / width) | 0;
    const rest = state - i * width;
    const j = rest >> 1;
    const filled = rest & 1;
    if (i === n && j === m) return true;
    const policyKind = i < n ? policy.kinds[i] : -1;
    const templateKind = j < m ? template.kinds[j] : -1;
    // Up to four successors: moves that read no character, then the move that reads one character both
    // sides can agree on. Each is written out to keep this loop free of closures.
    let next = -1;
    if (policyKind === ANY || policyKind === FIELD) {
      next = state + width;
      if (visited[next] !== mark) ((visited[next] = mark), (stack[top++] = next));
    }
    if (templateKind === ANY || filled === 1 || (templateKind === PLACEHOLDER && (template.values[j] & MAY_BE_EMPTY) !== 0)) {
      next = i * width + 2 * (j + 1);
      if (visited[next] !== mark) ((visited[next] = mark), (stack[top++] = next));
    }
    if (policyKind === -1 || templateKind === -1) continue;
    if (!characterFits(policyKind, policy.values[i], templateKind, template.values[j])) continue;
    const nextI = policyKind === ANY || policyKind === FIELD ? i : i + 1;
    if (templateKind === LITERAL) next = nextI * width + 2 * (j + 1);
    else if (templateKind === PLACEHOLDER) next = nextI * width + 2 * j + 1;
    else next = nextI * width + 2 * j;
    if (visited[next] !== mark) ((visited[next] = mark), (stack[top++] = next));
  }
  return false;
}

// The walk marks visited states in one shared array, stamped with a number per walk, so that a walk costs
// only the states it visits, not an allocation and a clear of the whole state space. Each state is pushed
// at most once, so the stack never holds more entries than there are states.
let marks = new Uint32Array(4096);
let scratchStack = new Int32Array(4096);
let currentMark = 0;

function visitMarks(size: number): Uint32Array {
  if (marks.length < size) {
    marks = new Uint32Array(Math.max(size, marks.length * 2));
    currentMark = 0;
  }
  if (scratchStack.length < size) scratchStack = new Int32Array(Math.max(size, scratchStack.length * 2));
  return marks;
}

function nextMark(): number {
  if (currentMark === 0xffffffff) {
    marks.fill(0);
    currentMark = 0;
  }
  return ++currentMark;
}

function characterFits(policyKind: number, policyValue: number, templateKind: number, templateValue: number): boolean {
  if (policyKind === FIELD) return templateKind !== LITERAL || (templateValue !== COLON && templateValue !== SLASH);
  if (policyKind !== LITERAL) return true;
  if (templateKind === LITERAL) return policyValue === templateValue;
  if (templateKind === PLACEHOLDER) {
    if (policyValue === SLASH) return (templateValue & EXCLUDES_SLASH) === 0;
    if (policyValue === COLON) return (templateValue & EXCLUDES_COLON) === 0;
  }
  return true;
}
