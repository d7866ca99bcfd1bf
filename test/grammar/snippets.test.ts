import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

const snippetsPath = fileURLToPath(new URL('../../snippets/iam-policy.code-snippets', import.meta.url));

interface Snippet {
  scope?: string;
  prefix: string | string[];
  description: string;
  body: string | string[];
}

function readSnippets(): Record<string, Snippet> {
  const errors: ParseError[] = [];
  // VS Code reads .code-snippets files as JSON with comments.
  const snippets = parse(readFileSync(snippetsPath, 'utf8'), errors, { allowTrailingComma: false }) as Record<string, Snippet>;
  assert.deepEqual(
    errors.map((e) => `${printParseErrorCode(e.error)} at ${e.offset}`),
    [],
  );
  return snippets;
}

function bodyTextOf(snippet: Snippet): string {
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

/**
 * Returns the text a snippet inserts when every tab stop is accepted as is: placeholders become their default
 * text (nested ones included), choices their first option, mirrors (`$1` after `${1:x}`) the same default,
 * bare tab stops and unknown variables nothing. Follows the snippet syntax in the VS Code docs.
 */
function expandSnippet(body: string): string {
  const defaults = new Map<string, string>();
  const mirror = (index: string) => `\u0000${index}\u0000`;
  let pos = 0;

  function readUntil(stop: (ch: string) => boolean): string {
    let out = '';
    while (pos < body.length && !stop(body[pos]!)) {
      const ch = body[pos]!;
      if (ch === '\\' && pos + 1 < body.length && '$}\\,|'.includes(body[pos + 1]!)) {
        out += body[pos + 1];
        pos += 2;
      } else if (ch === '$') {
        out += readDollar();
      } else {
        out += ch;
        pos++;
      }
    }
    return out;
  }

  function readDollar(): string {
    pos++; // the $
    const bare = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(pos));
    if (bare) {
      pos += bare[0].length;
      return /^\d/.test(bare[0]) ? mirror(bare[0]) : '';
    }
    if (body[pos] !== '{') return '$';
    pos++; // the {
    const name = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(pos))?.[0];
    assert.ok(name, `expected a tab stop or variable at ${pos} in ${JSON.stringify(body)}`);
    pos += name.length;
    const isTabStop = /^\d/.test(name);
    const kind = body[pos];
    if (kind === '}') {
      pos++;
      return isTabStop ? mirror(name) : '';
    }
    if (kind === ':') {
      pos++;
      const text = readUntil((ch) => ch === '}');
      assert.equal(body[pos], '}', `unclosed placeholder \${${name}:…} in ${JSON.stringify(body)}`);
      pos++;
      if (isTabStop && !defaults.has(name)) defaults.set(name, text);
      return text;
    }
    if (kind === '|') {
      pos++;
      const options: string[] = [];
      for (;;) {
        options.push(readUntil((ch) => ch === ',' || ch === '|'));
        if (body[pos] === ',') pos++;
        else break;
      }
      assert.equal(body.slice(pos, pos + 2), '|}', `unclosed choice \${${name}|…|} in ${JSON.stringify(body)}`);
      pos += 2;
      if (!defaults.has(name)) defaults.set(name, options[0]!);
      return options[0]!;
    }
    return assert.fail(`unexpected ${JSON.stringify(kind)} after \${${name} in ${JSON.stringify(body)}`);
  }

  const text = readUntil(() => false);
  // A mirror shows what its placeholder holds, which is the default until the user types.
  return text.replace(/\u0000(\d+)\u0000/g, (_, index: string) => defaults.get(index) ?? '');
}

type Shape = 'policy' | 'statement';

/** Full policies have a Statement element; everything else must be one statement object. */
function shapeOf(value: unknown): Shape {
  return typeof value === 'object' && value !== null && 'Statement' in value ? 'policy' : 'statement';
}

function assertStatement(statement: unknown, where: string): void {
  assert.ok(typeof statement === 'object' && statement !== null && !Array.isArray(statement), `${where}: a statement must be an object`);
  const s = statement as Record<string, unknown>;
  assert.ok(s.Effect === 'Allow' || s.Effect === 'Deny', `${where}: Effect must be Allow or Deny, got ${String(s.Effect)}`);
  assert.ok('Action' in s !== 'NotAction' in s, `${where}: exactly one of Action and NotAction`);
  assert.ok('Resource' in s || 'NotResource' in s || 'Principal' in s, `${where}: needs Resource, NotResource or Principal`);
}

test('expandSnippet replaces placeholders, choices, mirrors and escapes with their default text', () => {
  assert.equal(expandSnippet('"${1|Allow,Deny|}" ${2:a ${3:b}} $2 ${2} $0 \\$x ${TM_FILENAME} ${4:x\\}y}'), '"Allow" a b a b a b  $x  x}y');
});

test('the snippet file parses as JSON with comments', () => {
  assert.ok(Object.keys(readSnippets()).length > 0);
});

test('every snippet has an iam- prefix, a description, a tab stop and the iam-policy scope', () => {
  const prefixes = new Set<string>();
  for (const [name, snippet] of Object.entries(readSnippets())) {
    for (const prefix of [snippet.prefix].flat()) {
      assert.match(prefix, /^iam-[a-z0-9-]+$/, `${name}: prefix ${prefix}`);
      assert.ok(!prefixes.has(prefix), `${name}: prefix ${prefix} is used twice`);
      prefixes.add(prefix);
    }
    assert.ok(snippet.description.length >= 20, `${name}: give it a real description`);
    assert.equal(snippet.scope, 'iam-policy', `${name}: scope`);
    assert.match(bodyTextOf(snippet), /\$(?:\d|\{\d)/, `${name}: has no tab stop`);
  }
});

test('every snippet expands to a full policy or one statement object', () => {
  for (const [name, snippet] of Object.entries(readSnippets())) {
    const text = expandSnippet(bodyTextOf(snippet));
    let value: unknown;
    assert.doesNotThrow(() => (value = JSON.parse(text)), `${name} does not expand to valid JSON:\n${text}`);
    if (shapeOf(value) === 'statement') {
      assertStatement(value, name);
      continue;
    }
    const policy = value as { Version?: unknown; Statement: unknown };
    assert.equal(policy.Version, '2012-10-17', `${name}: a full policy must use Version 2012-10-17`);
    const statements = [policy.Statement].flat();
    assert.ok(statements.length > 0, `${name}: Statement is empty`);
    statements.forEach((s, i) => assertStatement(s, `${name} statement ${i}`));
  }
});

test('the common patterns are all there, in the expected shape', () => {
  const expected: Record<string, Shape> = {
    'iam-policy': 'policy',
    'iam-statement': 'statement',
    'iam-s3-read-bucket': 'policy',
    'iam-deny-without-mfa': 'statement',
    'iam-trust-ec2': 'policy',
    'iam-trust-lambda': 'policy',
    'iam-trust-github-oidc': 'policy',
    'iam-trust-cross-account': 'policy',
    'iam-deny-resource-tag': 'statement',
    'iam-deny-outside-ip-range': 'policy',
  };
  const byPrefix = new Map(Object.values(readSnippets()).flatMap((s) => [s.prefix].flat().map((p) => [p, s] as const)));
  for (const [prefix, shape] of Object.entries(expected)) {
    const snippet = byPrefix.get(prefix);
    assert.ok(snippet, `missing snippet ${prefix}`);
    assert.equal(shapeOf(JSON.parse(expandSnippet(bodyTextOf(snippet)))), shape, prefix);
  }
});

test('Effect choices offer Allow first, then Deny', () => {
  for (const [name, snippet] of Object.entries(readSnippets())) {
    for (const choice of bodyTextOf(snippet).matchAll(/"Effect": "(\$\{\d+\|[^}]*\})"/g)) {
      assert.match(choice[1]!, /^\$\{\d+\|Allow,Deny\|\}$/, name);
    }
  }
});

test('the patterns match the AWS documented forms', () => {
  const expand = (prefix: string) => {
    const snippet = Object.values(readSnippets()).find((s) => [s.prefix].flat().includes(prefix));
    assert.ok(snippet, prefix);
    return JSON.parse(expandSnippet(bodyTextOf(snippet))) as any;
  };

  const s3 = expand('iam-s3-read-bucket').Statement;
  assert.deepEqual(
    s3.map((s: any) => [s.Action, s.Resource]),
    [
      ['s3:ListBucket', 'arn:aws:s3:::example-bucket'],
      ['s3:GetObject', 'arn:aws:s3:::example-bucket/*'],
    ],
  );

  const mfa = expand('iam-deny-without-mfa');
  assert.equal(mfa.Effect, 'Deny');
  assert.deepEqual(mfa.Condition, { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } });

  assert.deepEqual(expand('iam-trust-ec2').Statement[0].Principal, { Service: 'ec2.amazonaws.com' });
  assert.deepEqual(expand('iam-trust-lambda').Statement[0].Principal, { Service: 'lambda.amazonaws.com' });

  const github = expand('iam-trust-github-oidc').Statement[0];
  assert.equal(github.Action, 'sts:AssumeRoleWithWebIdentity');
  assert.match(github.Principal.Federated, /^arn:aws:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/);
  assert.deepEqual(github.Condition.StringEquals, { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' });
  assert.match(github.Condition.StringLike['token.actions.githubusercontent.com:sub'], /^repo:[^/]+\/[^:]+:ref:refs\/heads\/.+$/);

  const crossAccount = expand('iam-trust-cross-account').Statement[0];
  assert.equal(crossAccount.Action, 'sts:AssumeRole');
  assert.ok(crossAccount.Condition.StringEquals['sts:ExternalId']);

  const tag = expand('iam-deny-resource-tag');
  assert.equal(tag.Effect, 'Deny');
  assert.deepEqual(tag.Condition, { StringEquals: { 'aws:ResourceTag/env': 'prod' } });

  const ip = expand('iam-deny-outside-ip-range').Statement;
  assert.equal(ip.Effect, 'Deny');
  assert.deepEqual(Object.keys(ip.Condition), ['NotIpAddress']);
  assert.ok(Array.isArray(ip.Condition.NotIpAddress['aws:SourceIp']));
});
