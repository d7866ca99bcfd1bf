/**
 * Amazon Resource Names as they appear in policies: split into their fields with exact offsets, and matched
 * against the ARN formats of the Service Authorization Reference.
 *
 * A policy ARN may hold wildcards (`*` any run of characters, `?` one character) and policy variables
 * (`${aws:username}`, `${aws:PrincipalTag/team}`, `${aws:userid, 'anonymous'}`) anywhere. A `:` or `/` inside
 * `${…}` is part of the variable, never a separator. `${*}`, `${?}` and `${$}` stand for a literal `*`, `?`
 * and `$`. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

import { matchesWildcard } from '../text/wildcard';

/** One field of an ARN. `start` and `end` are offsets into the ARN string (end exclusive). */
export interface ArnField {
  text: string;
  start: number;
  end: number;
}

/**
 * An ARN split into `arn:partition:service:region:account-id:resource`. The resource is everything after the
 * fifth colon and may hold more colons. `resourceType` and `resourceId` split it at its first `/` or `:`
 * (`role/admin`, `function:my-fn`); they are absent when the resource has no such separator. The split is
 * syntactic only: in `arn:aws:s3:::my-bucket/photo.jpg` the "type" is the bucket name.
 */
export interface Arn {
  partition: ArnField;
  service: ArnField;
  region: ArnField;
  account: ArnField;
  resource: ArnField;
  resourceType?: ArnField;
  resourceId?: ArnField;
}

/** The number of colon-separated fields of a complete ARN. */
export const ARN_FIELD_COUNT = 6;

/**
 * Splits `text` at its colons into at most six fields; the sixth keeps any further colons. Colons inside a
 * policy variable do not split. Always returns at least one field.
 */
export function splitArn(text: string): ArnField[] {
  const fields: ArnField[] = [];
  const lastClose = text.lastIndexOf('}');
  let start = 0;
  for (let i = 0; i < text.length && fields.length < ARN_FIELD_COUNT - 1; i++) {
    const variableEnd = variableEndAt(text, i, lastClose);
    if (variableEnd > 0) {
      i = variableEnd - 1;
      continue;
    }
    if (text.charCodeAt(i) === COLON) {
      fields.push(fieldOf(text, start, i));
      start = i + 1;
    }
  }
  fields.push(fieldOf(text, start, text.length));
  return fields;
}

/** The parts of `text` when it starts with `arn:` and has all six fields; otherwise undefined. */
export function parseArn(text: string): Arn | undefined {
  const fields = splitArn(text);
  if (fields.length < ARN_FIELD_COUNT || fields[0].text !== 'arn') return undefined;
  const [, partition, service, region, account, resource] = fields;
  const arn: Arn = { partition, service, region, account, resource };
  const separator = firstSeparator(text, resource.start, resource.end);
  if (separator > resource.start) {
    arn.resourceType = fieldOf(text, resource.start, separator);
    arn.resourceId = fieldOf(text, separator + 1, resource.end);
  }
  return arn;
}

/**
 * The partitions an ARN can name: commercial Regions, China, AWS GovCloud (US), the isolated (ISO) partitions
 * and the AWS European Sovereign Cloud.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export const arnPartitions: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

// Region codes are lower-case words joined by hyphens, ending in a number: us-east-1, us-gov-west-1,
// cn-northwest-1, us-isob-east-1, eusc-de-east-1.
const REGION_CODE = /^[a-z]{2,4}(?:-[a-z]+){1,3}-\d{1,2}$/;

/**
 * Whether an ARN's Region field can name a Region: a Region code such as `us-east-1`, or a pattern with
 * wildcards or variables whose literal characters could belong to one (`us-*`, `${aws:RequestedRegion}`).
 * An empty field is not a Region; callers decide whether one is needed.
 */
export function isRegionField(text: string): boolean {
  if (!isArnPattern(text)) return REGION_CODE.test(text);
  return /^[a-z0-9*?-]*$/.test(withoutVariables(text));
}

/**
 * Whether an ARN's account field can name an account: 12 digits, a namespace AWS uses in place of an account
 * (`aws` for AWS-owned resources such as `arn:aws:iam::aws:policy/ReadOnlyAccess`, `partner` for the
 * permissions boundaries of AWS Partners), or a pattern with wildcards or variables that can match one.
 */
export function isAccountField(text: string): boolean {
  if (!isArnPattern(text)) return /^\d{12}$/.test(text) || accountNamespaces.includes(text);
  const pattern = withoutVariables(text);
  if (/^[a-z*?]*$/.test(pattern) && accountNamespaces.some((namespace) => matchesWildcard(pattern, namespace, false))) return true;
  if (!/^[\d*?]*$/.test(pattern)) return false;
  const fixed = pattern.replace(/\*/g, '').length;
  return pattern.includes('*') ? fixed <= 12 : fixed === 12;
}

const accountNamespaces = ['aws', 'partner'];

// Variables stand for unknown text; for the shape checks above that is the same as `*`.
function withoutVariables(text: string): string {
  let result = '';
  const lastClose = text.lastIndexOf('}');
  for (let i = 0; i < text.length; i++) {
    const variableEnd = variableEndAt(text, i, lastClose);
    if (variableEnd > 0) {
      result += isEscapeVariable(text, i, variableEnd) ? text[i + 2] : '*';
      i = variableEnd - 1;
    } else result += text[i];
  }
  return result;
}

/** Whether `text` holds a wildcard (`*`, `?`) or a policy variable, i.e. stands for more than one string. */
export function isArnPattern(text: string): boolean {
  const lastClose = text.lastIndexOf('}');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === STAR || code === QUESTION) return true;
    const variableEnd = variableEndAt(text, i, lastClose);
    if (variableEnd > 0) {
      if (!isEscapeVariable(text, i, variableEnd)) return true;
      i = variableEnd - 1;
    }
  }
  return false;
}

/** Whether `text` holds a policy variable other than the `${*}`, `${?}` and `${$}` escapes. */
export function hasPolicyVariable(text: string): boolean {
  const lastClose = text.lastIndexOf('}');
  for (let i = 0; i < text.length; i++) {
    const variableEnd = variableEndAt(text, i, lastClose);
    if (variableEnd > 0) {
      if (!isEscapeVariable(text, i, variableEnd)) return true;
      i = variableEnd - 1;
    }
  }
  return false;
}

/**
 * Whether some concrete ARN is matched both by `arn`, a policy ARN with wildcards and variables, and by
 * `template`, an ARN format from the Service Authorization Reference such as
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
 *
 * The policy side: `*` matches any run of characters, across `/` and `:` too (IAM lets a `*` at the end of a
 * segment expand past colons); `?` matches one character; a variable may take any value, so it counts as `*`.
 * Comparison is case-sensitive, as IAM compares ARNs.
 *
 * The template side: a `${Placeholder}` matches a non-empty run of characters, and a literal `*` any run.
 * Resource names can hold `/` and `:` (object keys, IAM paths, log group names, `function:name:alias`), so a
 * placeholder may too, except:
 * - in the partition, service, Region and account fields, which never hold `/` or `:`;
 * - the separator that follows it in the template: in `table/${TableName}/index/${IndexName}` the table name
 *   holds no `/`, and in `log-group:${LogGroupName}:log-stream:…` the log group name holds no `:`;
 * - `${BucketName}`, because S3 bucket names are only lower-case letters, digits, dots and hyphens. This keeps
 *   `arn:aws:s3:::bucket/*` (objects) apart from the bucket itself.
 *
 * Linear in the product of the two lengths (a walk over pairs of positions), never exponential.
 */
export function arnMatchesTemplate(arn: string, template: string): boolean {
  if (arn.length > MAX_MATCHED_LENGTH) return true;
  return patternsIntersect(policyTokensOf(arn), templateTokensOf(template), 0);
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
// Tokens. Policy side: LITERAL (one UTF-16 unit), ONE (`?`), ANY (`*` or a variable).
// Template side: LITERAL, PLACEHOLDER (non-empty, minus excluded separators), ANY (`*`).
// ---------------------------------------------------------------------------------------------

// IAM caps a policy at a few thousand characters; an "ARN" longer than this is no ARN, and is taken to
// match rather than walked, which keeps a hostile document from costing time and memory.
const MAX_MATCHED_LENGTH = 2048;

const LITERAL = 0;
const ONE = 1;
const ANY = 2;
const PLACEHOLDER = 3;

const EXCLUDES_SLASH = 1;
const EXCLUDES_COLON = 2;

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
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const variableEnd = variableEndAt(text, i, lastClose);
    if (variableEnd > 0) {
      if (isEscapeVariable(text, i, variableEnd)) pushToken(tokens, LITERAL, text.charCodeAt(i + 2));
      else pushToken(tokens, ANY, 0);
      i = variableEnd - 1;
    } else if (code === STAR) pushToken(tokens, ANY, 0);
    else if (code === QUESTION) pushToken(tokens, ONE, 0);
    else pushToken(tokens, LITERAL, code);
  }
  policyCache.set(text, tokens);
  return tokens;
}

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
      if (colons < ARN_FIELD_COUNT - 1 || name === 'BucketName') excluded = EXCLUDES_SLASH | EXCLUDES_COLON;
      if (next === SLASH) excluded |= EXCLUDES_SLASH;
      if (next === COLON) excluded |= EXCLUDES_COLON;
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
    if (policyKind === ANY) {
      next = state + width;
      if (visited[next] !== mark) (visited[next] = mark), (stack[top++] = next);
    }
    if (templateKind === ANY || filled === 1) {
      next = i * width + 2 * (j + 1);
      if (visited[next] !== mark) (visited[next] = mark), (stack[top++] = next);
    }
    if (policyKind === -1 || templateKind === -1) continue;
    if (!characterFits(policyKind, policy.values[i], templateKind, template.values[j])) continue;
    const nextI = policyKind === ANY ? i : i + 1;
    if (templateKind === LITERAL) next = nextI * width + 2 * (j + 1);
    else if (templateKind === PLACEHOLDER) next = nextI * width + 2 * j + 1;
    else next = nextI * width + 2 * j;
    if (visited[next] !== mark) (visited[next] = mark), (stack[top++] = next);
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
  if (policyKind !== LITERAL) return true;
  if (templateKind === LITERAL) return policyValue === templateValue;
  if (templateKind === PLACEHOLDER) {
    if (policyValue === SLASH) return (templateValue & EXCLUDES_SLASH) === 0;
    if (policyValue === COLON) return (templateValue & EXCLUDES_COLON) === 0;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------

const STAR = 42;
const QUESTION = 63;
const COLON = 58;
const SLASH = 47;
const DOLLAR = 36;
const OPEN_BRACE = 123;

/**
 * The offset just past the `}` of a policy variable starting at `index`, or 0 when none starts there.
 * `lastClose` is `text.lastIndexOf('}')`, computed once by the caller so that a run of unclosed `${` stays
 * linear. An unclosed `${` is no variable; another rule reports the missing brace.
 */
function variableEndAt(text: string, index: number, lastClose: number): number {
  if (index + 2 > lastClose || text.charCodeAt(index) !== DOLLAR || text.charCodeAt(index + 1) !== OPEN_BRACE) return 0;
  return text.indexOf('}', index + 2) + 1;
}

function isEscapeVariable(text: string, start: number, end: number): boolean {
  if (end - start !== 4) return false;
  const code = text.charCodeAt(start + 2);
  return code === STAR || code === QUESTION || code === DOLLAR;
}

function firstSeparator(text: string, start: number, end: number): number {
  const lastClose = text.lastIndexOf('}');
  for (let i = start; i < end; i++) {
    const variableEnd = variableEndAt(text, i, lastClose);
    if (variableEnd > 0) {
      i = variableEnd - 1;
      continue;
    }
    const code = text.charCodeAt(i);
    if (code === SLASH || code === COLON) return i;
  }
  return -1;
}

function fieldOf(text: string, start: number, end: number): ArnField {
  return { text: text.slice(start, end), start, end };
}
