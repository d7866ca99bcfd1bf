import type { PlaceholderKind } from '../../policy/model';

/**
 * The Serverless Framework's variables in a value of a service file (`${self:custom.bucket}`, `${opt:stage, 'dev'}`,
 * `${aws:accountId}`, a fallback that is itself a variable: `${opt:region, ${self:provider.region}}`), each resolved
 * when the service is packaged, before CloudFormation reads the template
 * (https://www.serverless.com/framework/docs/providers/aws/guide/variables). The outermost `${…}` of each, braces
 * matched; one not closed is text.
 */
export function serverlessVariables(value: string): { start: number; end: number; kind: PlaceholderKind }[] {
  const found: { start: number; end: number; kind: PlaceholderKind }[] = [];
  // The serverless-pseudo-parameters plugin's `#{AWS::AccountId}`, which it writes as `${AWS::AccountId}` under Fn::Sub
  // (https://github.com/svdgraaf/serverless-pseudo-parameters), is read the same way.
  for (let at = nextOpening(value, 0); at >= 0; at = nextOpening(value, at + 1)) {
    const close = matchingBrace(value, at + 1);
    if (close === undefined) break;
    found.push({ start: at, end: close + 1, kind: variableKind(value.slice(at + 2, close)) });
    at = close;
  }
  return found;
}

/** The `}` that closes the `{` at `open`, braces inside counted; undefined when it is not closed. */
export function matchingBrace(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return undefined;
}

function nextOpening(value: string, from: number): number {
  const dollar = value.indexOf('${', from);
  const hash = value.indexOf('#{', from);
  return dollar < 0 ? hash : hash < 0 ? dollar : Math.min(dollar, hash);
}

// What a variable stands for, where its source says: the account and Region the service deploys to.
function variableKind(inner: string): PlaceholderKind {
  const source = inner.split(',')[0].trim();
  if (/^(?:aws:accountId|AWS::AccountId)$/i.test(source)) return 'account';
  if (/^(?:aws:region|opt:region|self:provider\.region|AWS::Region)$/i.test(source)) return 'region';
  if (/^(?:aws:partition|AWS::Partition)$/i.test(source)) return 'partition';
  return 'string';
}

/**
 * Whether `${inner}` names one of the Framework's variable sources (`self:`, `opt:`, `sls:`, `env:`, `param:`, `ssm:`,
 * `cf:`, `s3:` with a key, `file(…)`, `aws:accountId`, `aws:region`, …), which the Framework resolves wherever it is
 * written, in an Fn::Sub string too: CloudFormation never sees it. An IAM policy variable (`aws:username`,
 * `aws:PrincipalTag/team`) and a CloudFormation name (`AWS::Region`, `Bucket.Arn`) are none.
 * https://www.serverless.com/framework/docs/guides/variables
 */
export function isServerlessSource(inner: string): boolean {
  return SERVERLESS_SOURCE.test(inner);
}

const SERVERLESS_SOURCE = /^\s*(?:(?:self|opt|sls|env|param|ssm|git|cf(?:\.[\w-]+)?):|s3:[^}]*\/|aws:(?:accountId|region)\b|(?:file|strToBool)\()/;

/**
 * Whether a text (a CloudFormation template, a policy file) is written for the Serverless Framework: a file the
 * service reads with `${file(…)}`, such as `resources/iam.yml`, whose variables the Framework resolves before
 * CloudFormation or IAM reads it. A `${…}` naming a Framework source, or the serverless-pseudo-parameters plugin's
 * `#{AWS::AccountId}`, says so.
 */
export function isWrittenForServerless(text: string): boolean {
  if (text.includes('#{AWS::')) return true;
  for (let at = text.indexOf('${'); at >= 0; at = text.indexOf('${', at + 2)) if (isServerlessSource(text.slice(at + 2, at + 64))) return true;
  return false;
}

/** The values of a file the service reads with `${file(…)}`: none it writes itself, so `${self:…}` is known when packaged. */
export const NO_SERVICE_VALUES: ServerlessValues = { valueAt: () => undefined };

/** The values a service file writes, by path (`['custom', 'bucket']`), as `${self:…}` names them. */
export interface ServerlessValues {
  valueAt(path: readonly string[]): string | undefined;
}

/** A piece of a resolved variable: text the file writes, or a variable known only when packaged (written `${…}`). */
export type ResolvedPiece = { text: string } | { variable: string; kind: PlaceholderKind };

// Past this many steps (`${self:custom.a}` whose value names `${self:custom.b}`, …) a variable is left unresolved, as
// a cycle would be.
const MAX_DEPTH = 8;

/**
 * What a variable written in the file resolves to: a `${self:…}` reference to a value the file writes (`custom.bucket`,
 * `service`, `provider.stage`), followed through the variables in that value, or its fallback (`${self:custom.x,
 * 'reports'}`) when the file writes none. Undefined for any other source (`opt:`, `env:`, `sls:`, `aws:`, `ssm:`,
 * `file(…)`): those are known only when the service is packaged.
 */
export function resolveVariable(variable: string, lookup: (path: readonly string[]) => string | undefined, depth = 0): ResolvedPiece[] | undefined {
  if (depth > MAX_DEPTH || !variable.startsWith('${')) return undefined;
  const [primary, fallback] = splitFallback(variable.slice(2, -1));
  const self = /^self:([\w.-]+)$/.exec(primary.trim());
  const value = self ? lookup(self[1].split('.')) : undefined;
  if (value !== undefined) return resolveText(value, lookup, depth + 1);
  // Another source (`${opt:stage, 'dev'}`) may be given when the service is packaged: its fallback is only a default.
  if (!self || fallback === undefined) return undefined;
  const text = fallback.trim();
  const quoted = /^(['"])(.*)\1$/.exec(text);
  if (quoted) return [{ text: quoted[2] }];
  return text.startsWith('${') ? resolveVariable(text, lookup, depth + 1) : undefined;
}

/** A value with the variables in it resolved where they can be, the rest left as variables. */
function resolveText(value: string, lookup: (path: readonly string[]) => string | undefined, depth: number): ResolvedPiece[] {
  const pieces: ResolvedPiece[] = [];
  let at = 0;
  for (const found of serverlessVariables(value)) {
    if (found.start > at) pieces.push({ text: value.slice(at, found.start) });
    const inner = value.slice(found.start, found.end);
    pieces.push(...(resolveVariable(inner, lookup, depth) ?? [{ variable: `$${inner.slice(1)}`, kind: found.kind }]));
    at = found.end;
  }
  if (at < value.length) pieces.push({ text: value.slice(at) });
  return pieces;
}

/** `source, fallback` split at the first comma outside braces and quotes. */
function splitFallback(inner: string): [string, string | undefined] {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < inner.length; i++) {
    const char = inner[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '{') depth++;
    else if (char === '}') depth--;
    else if (char === ',' && depth === 0) return [inner.slice(0, i), inner.slice(i + 1)];
  }
  return [inner, undefined];
}
