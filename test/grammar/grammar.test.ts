import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { OnigScanner, OnigString, loadWASM } from 'vscode-oniguruma';

const root = fileURLToPath(new URL('../../', import.meta.url));
const grammarPath = `${root}syntaxes/iam-policy.tmLanguage.json`;

let grammar: Promise<IGrammar> | undefined;

function loadGrammar(): Promise<IGrammar> {
  grammar ??= (async () => {
    await loadWASM(readFileSync(`${root}node_modules/vscode-oniguruma/release/onig.wasm`));
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new OnigScanner(patterns),
        createOnigString: (text) => new OnigString(text),
      }),
      loadGrammar: async (scopeName) => (scopeName === 'source.iam-policy' ? parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null),
    });
    const loaded = await registry.loadGrammar('source.iam-policy');
    assert.ok(loaded, 'the grammar should load under source.iam-policy');
    return loaded;
  })();
  return grammar;
}

interface Token {
  start: number;
  end: number;
  scopes: string[];
}

/**
 * Tokenizes `source`, in which «…» marks the pieces to inspect, and returns for each mark its text and
 * the scopes that every token inside it shares. A mark must start and end on token boundaries, so a
 * test names exact tokens and cannot pass by matching part of a bigger one.
 */
async function scopesAtMarks(source: string): Promise<Array<{ text: string; scopes: string[] }>> {
  const marks: Array<{ start: number; end: number }> = [];
  let text = '';
  let open = -1;
  for (const ch of source) {
    if (ch === '«') open = text.length;
    else if (ch === '»') {
      marks.push({ start: open, end: text.length });
      open = -1;
    } else text += ch;
  }

  const tokens = await tokenize(text);
  return marks.map(({ start, end }) => {
    const inside = tokens.filter((t) => t.start >= start && t.end <= end && t.end > t.start);
    const piece = text.slice(start, end);
    const aligned = inside.length > 0 && inside[0]!.start === start && inside[inside.length - 1]!.end === end;
    if (!aligned) {
      const near = tokens
        .filter((t) => t.end > start - 20 && t.start < end + 20)
        .map((t) => JSON.stringify(text.slice(t.start, t.end)))
        .join(' ');
      assert.fail(`«${piece}» is not a whole number of tokens; tokens nearby: ${near}`);
    }
    const shared = inside[0]!.scopes.filter((scope) => inside.every((t) => t.scopes.includes(scope)));
    return { text: piece, scopes: shared };
  });
}

async function tokenize(text: string): Promise<Token[]> {
  const loaded = await loadGrammar();
  const tokens: Token[] = [];
  let state = INITIAL;
  let offset = 0;
  for (const line of text.split('\n')) {
    const result = loaded.tokenizeLine(line, state);
    for (const t of result.tokens) {
      tokens.push({ start: offset + t.startIndex, end: offset + Math.min(t.endIndex, line.length), scopes: t.scopes });
    }
    state = result.ruleStack;
    offset += line.length + 1;
  }
  return tokens;
}

function assertHas(piece: { text: string; scopes: string[] }, scope: string): void {
  assert.ok(piece.scopes.includes(scope), `«${piece.text}» should have ${scope}; it has ${piece.scopes.join(' ')}`);
}

function assertLacks(piece: { text: string; scopes: string[] }, scope: string): void {
  assert.ok(!piece.scopes.includes(scope), `«${piece.text}» should not have ${scope}; it has ${piece.scopes.join(' ')}`);
}

/** Scopes our grammar adds on top of JSON: everything ending in .iam-policy except the root. */
function policyScopesOf(piece: { scopes: string[] }): string[] {
  return piece.scopes.filter((s) => s.endsWith('.iam-policy') && s !== 'source.iam-policy');
}

test('the grammar is registered as source.iam-policy', async () => {
  const raw = JSON.parse(readFileSync(grammarPath, 'utf8')) as { scopeName: string };
  assert.equal(raw.scopeName, 'source.iam-policy');
  assert.ok(await loadGrammar());
});

test('an action gets its service prefix, colon and name scoped apart', async () => {
  const [prefix, colon, name, prefix2, name2, star, single] = await scopesAtMarks(`{
  "Statement": [{
    "Effect": "Allow",
    "Action": ["«s3»«:»«GetObject»", "«ec2»:«Describe»«*»"],
    "NotAction": "«*»"
  }]
}`);
  assertHas(prefix!, 'entity.name.namespace.iam-policy');
  assertHas(colon!, 'punctuation.separator.action.iam-policy');
  assertHas(name!, 'entity.name.function.iam-policy');
  assertHas(prefix2!, 'entity.name.namespace.iam-policy');
  assertHas(name2!, 'entity.name.function.iam-policy');
  assertHas(star!, 'keyword.operator.wildcard.iam-policy');
  assertHas(star!, 'entity.name.function.iam-policy');
  assertHas(single!, 'keyword.operator.wildcard.iam-policy');
  for (const piece of [prefix, name, single]) assertHas(piece!, 'string.quoted.double.json');
});

test('a single action string is scoped like one in an array', async () => {
  const [prefix, name] = await scopesAtMarks(`{"Effect": "Allow", "NotAction": "«iam»:«PassRole»"}`);
  assertHas(prefix!, 'entity.name.namespace.iam-policy');
  assertHas(name!, 'entity.name.function.iam-policy');
});

test('action-like text outside Action and NotAction is a plain string', async () => {
  const [sid, other] = await scopesAtMarks(`{"Sid": "«s3:GetObject»", "Description": "«s3:GetObject»"}`);
  assert.deepEqual(policyScopesOf(sid!), ['meta.policy-element.other.iam-policy']);
  assert.equal(sid!.scopes.at(-1), 'string.quoted.double.json');
  assert.deepEqual(policyScopesOf(other!), []);
  assert.equal(other!.scopes.at(-1), 'string.quoted.double.json');
});

test('an ARN has its parts scoped apart', async () => {
  const [arn, partition, service, region, account, resource] = await scopesAtMarks(
    `{"Resource": ["«arn:aws:dynamodb:eu-west-1:111122223333:table/Orders»", ` + `"arn:«aws»:«dynamodb»:«eu-west-1»:«111122223333»:«table/Orders»"]}`,
  );
  assertHas(arn!, 'string.other.arn.iam-policy');
  assertHas(arn!, 'string.quoted.double.json');
  assertHas(partition!, 'support.constant.partition.iam-policy');
  assertHas(service!, 'entity.name.namespace.iam-policy');
  assertHas(region!, 'constant.other.region.iam-policy');
  assertHas(account!, 'constant.numeric.account.iam-policy');
  assertHas(resource!, 'entity.name.resource.iam-policy');
  const parts = [partition, service, region, account, resource].map((p) => policyScopesOf(p!).at(-1));
  assert.equal(new Set(parts).size, parts.length, `every ARN part needs its own scope: ${parts.join(', ')}`);
});

test('an ARN in a condition value differs from a plain string next to it', async () => {
  const [arn, plain] = await scopesAtMarks(`{"Condition": {"ArnLike": {
  "aws:SourceArn": "«arn:aws:sns:us-east-1:111122223333:alerts»",
  "aws:SourceAccount": "«111122223333»"
}}}`);
  assertHas(arn!, 'string.other.arn.iam-policy');
  assertLacks(plain!, 'string.other.arn.iam-policy');
  assert.deepEqual(policyScopesOf(plain!), ['meta.policy-element.condition.iam-policy', 'meta.condition.iam-policy', 'meta.condition-block.iam-policy']);
  assert.equal(plain!.scopes.at(-1), 'string.quoted.double.json');
});

test('a malformed ARN is not scoped as an ARN', async () => {
  const [broken] = await scopesAtMarks(`{"Resource": "«arn:aws:s3::bucket»"}`);
  assertLacks(broken!, 'string.other.arn.iam-policy');
});

test('Effect values Allow and Deny are constants, anything else is a plain string', async () => {
  const [allow, deny, lower] = await scopesAtMarks(`[{"Effect": "«Allow»"}, {"Effect": "«Deny»"}, {"Effect": "«allow»"}]`);
  assertHas(allow!, 'constant.language.effect.iam-policy');
  assertHas(deny!, 'constant.language.effect.iam-policy');
  assertLacks(lower!, 'constant.language.effect.iam-policy');
  assert.equal(lower!.scopes.at(-1), 'string.quoted.double.json');
});

test('policy element keys are keywords and a misspelt one is a plain key', async () => {
  const [effect, condition, typo] = await scopesAtMarks(`{"«Effect»": "Allow", "«Condition»": {}, "«Actions»": []}`);
  assertHas(effect!, 'keyword.other.policy-element.iam-policy');
  assertHas(effect!, 'support.type.property-name.json');
  assertHas(condition!, 'keyword.other.policy-element.iam-policy');
  assertLacks(typo!, 'keyword.other.policy-element.iam-policy');
  assertHas(typo!, 'support.type.property-name.json');
});

test('a condition operator with a set prefix and IfExists suffix is one keyword', async () => {
  const [operator, setPrefix, base, ifExists, key, keyPrefix, misspelt, nullOperator] = await scopesAtMarks(`{
  "Condition": {
    "«ForAnyValue:StringEqualsIfExists»": {"aws:TagKeys": ["team"]},
    "«ForAnyValue»:«StringEquals»«IfExists»": {"«aws:SourceIp»": "192.0.2.0/24"},
    "StringLike": {"«s3»:prefix": "home/"},
    "«StringEqual»": {},
    "«Null»": {"aws:TokenIssueTime": "true"}
  }
}`);
  assertHas(operator!, 'keyword.operator.condition.iam-policy');
  assertHas(operator!, 'support.type.property-name.json');
  assertHas(setPrefix!, 'storage.modifier.set-operator.iam-policy');
  assertHas(base!, 'keyword.operator.condition.iam-policy');
  assertHas(ifExists!, 'storage.modifier.if-exists.iam-policy');
  assertHas(key!, 'support.variable.condition-key.iam-policy');
  assertLacks(key!, 'keyword.operator.condition.iam-policy');
  assertHas(keyPrefix!, 'entity.name.namespace.iam-policy');
  assertLacks(misspelt!, 'keyword.operator.condition.iam-policy');
  assertHas(nullOperator!, 'keyword.operator.condition.iam-policy');
});

test('condition operator names are keywords only directly inside Condition', async () => {
  const [outside] = await scopesAtMarks(`{"Metadata": {"«StringEquals»": {}}}`);
  assert.deepEqual(policyScopesOf(outside!), []);
});

test('a policy variable with a default value is scoped with its punctuation', async () => {
  const [whole, begin, name, comma, fallback, end, literal] = await scopesAtMarks(`{
  "Resource": "arn:aws:s3:::bucket/«\${aws:username, 'anonymous'}»/*",
  "Condition": {"StringLike": {"s3:prefix": "«\${»«aws:PrincipalTag/team»«,» «'guest'»«}»/«\${*}»"}}
}`);
  assertHas(whole!, 'variable.other.policy.iam-policy');
  assertHas(begin!, 'punctuation.definition.variable.begin.iam-policy');
  assertHas(name!, 'variable.other.policy.iam-policy');
  assertHas(comma!, 'punctuation.separator.default.iam-policy');
  assertHas(fallback!, 'string.quoted.single.default.iam-policy');
  assertHas(end!, 'punctuation.definition.variable.end.iam-policy');
  assertHas(literal!, 'variable.other.policy.iam-policy');
});

test('comments are scoped and do not disturb what follows', async () => {
  const [line, block, effect] = await scopesAtMarks(`«// deny unless MFA»
{
  «/* the only statement */» "Statement": [{"Effect": "«Deny»"}]
}`);
  assertHas(line!, 'comment.line.double-slash.json');
  assertHas(block!, 'comment.block.json');
  assertHas(effect!, 'constant.language.effect.iam-policy');
});

test('plain JSON keys and values carry only JSON scopes', async () => {
  const [key, value, number, constant] = await scopesAtMarks(`{"Tags": {"«team»": "«payments»", "retries": «3», "enabled": «true»}}`);
  assert.deepEqual(key!.scopes, ['source.iam-policy', 'meta.structure.dictionary.json', 'meta.structure.dictionary.json', 'string.json', 'support.type.property-name.json']);
  assert.deepEqual(value!.scopes, ['source.iam-policy', 'meta.structure.dictionary.json', 'meta.structure.dictionary.json', 'string.quoted.double.json']);
  assert.equal(number!.scopes.at(-1), 'constant.numeric.json');
  assert.equal(constant!.scopes.at(-1), 'constant.language.json');
});

test('an unquoted value is marked invalid', async () => {
  const [bare] = await scopesAtMarks(`{"Effect": «Allow»}`);
  assertHas(bare!, 'invalid.illegal.unexpected-token.json');
});

test('half-typed lines do not change the colours of the rest of the file', async () => {
  const [resource, effect, action, closing] = await scopesAtMarks(`{
  "Statement": [{
    "Effect": "All
    "Action": ["s3:GetObject",
    "«Resource»": "*"
  }, {
    "Acti
    "Effect": "«Deny»" "Action": "s3:«Put»*"
    "Sid":
  ]
}
«// after»`);
  assertHas(resource!, 'keyword.other.policy-element.iam-policy');
  assertHas(effect!, 'constant.language.effect.iam-policy');
  assertHas(action!, 'entity.name.function.iam-policy');
  assert.deepEqual(closing!.scopes, ['source.iam-policy', 'comment.line.double-slash.json']);
});

function listExamples(folder: string): string[] {
  const dir = `${root}${folder}`;
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => `${dir}/${name}`);
}

/** The last token that is not whitespace, which for a whole policy is its closing brace. */
function lastVisibleToken(text: string, tokens: Token[]): Token {
  const visible = tokens.filter((t) => text.slice(t.start, t.end).trim() !== '');
  return visible[visible.length - 1]!;
}

const topLevelClose = ['source.iam-policy', 'meta.structure.dictionary.json', 'punctuation.definition.dictionary.end.json'];

test('the good examples have no invalid tokens and every Effect is coloured', async () => {
  const paths = listExamples('examples');
  assert.ok(paths.length >= 10, 'expected the good examples in examples/');
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    const tokens = await tokenize(text);
    const invalid = tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid.')));
    assert.deepEqual(
      invalid.map((t) => text.slice(t.start, t.end)),
      [],
      path,
    );
    const effects = tokens.filter((t) => t.scopes.includes('meta.policy-element.effect.iam-policy') && t.scopes.at(-1) === 'string.quoted.double.json');
    assert.deepEqual(
      effects.map((t) => text.slice(t.start, t.end)),
      [],
      `${path}: Effect values without the effect scope`,
    );
    assert.deepEqual(lastVisibleToken(text, tokens).scopes, topLevelClose, `${path}: the closing brace is not at the top level`);
  }
});

test('every broken example still closes at the top level', async () => {
  const paths = listExamples('examples/broken');
  assert.ok(paths.length >= 10, 'expected the broken examples in examples/broken/');
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    const tokens = await tokenize(text);
    assert.deepEqual(lastVisibleToken(text, tokens).scopes, topLevelClose, path);
  }
});
