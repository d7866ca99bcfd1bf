import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayHavePolicyVariable, scanPolicyVariables, withoutPolicyVariables } from './policy-variables';

test('scanPolicyVariables finds variables with their offsets', () => {
  const text = 'arn:aws:s3:::bucket/${aws:username}/${aws:PrincipalTag/team}/*';
  const { variables, problems } = scanPolicyVariables(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    variables.map((v) => [v.name, text.slice(v.start, v.end)]),
    [
      ['aws:username', '${aws:username}'],
      ['aws:PrincipalTag/team', '${aws:PrincipalTag/team}'],
    ],
  );
});

test('scanPolicyVariables reads default values and the literal variables', () => {
  const { variables, problems } = scanPolicyVariables("${aws:userid, 'anonymous'}-${*}${?}${$}-${saml:sub,''}");
  assert.deepEqual(problems, []);
  assert.deepEqual(
    variables.map((v) => [v.name, v.defaultValue, v.literal]),
    [
      ['aws:userid', 'anonymous', undefined],
      ['*', undefined, '*'],
      ['?', undefined, '?'],
      ['$', undefined, '$'],
      ['saml:sub', '', undefined],
    ],
  );
});

test('scanPolicyVariables accepts the key names of identity providers and tags', () => {
  for (const name of ['cognito-identity.amazonaws.com:sub', 'www.amazon.com:user_id', 'aws:PrincipalTag/cost-center', 'aws:PrincipalTag/a+b=c@d', 'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub']) {
    assert.deepEqual(scanPolicyVariables(`\${${name}}`).problems, [], name);
  }
});

test('scanPolicyVariables reports an unclosed variable up to where it stops', () => {
  const text = 'home/${aws:username/${aws:userid}/x';
  const { variables, problems } = scanPolicyVariables(text);
  assert.deepEqual(
    problems.map((p) => [p.kind, p.text]),
    [['unclosed', '${aws:username/']],
  );
  assert.deepEqual(
    variables.map((v) => v.name),
    ['aws:userid'],
  );
  assert.deepEqual(
    scanPolicyVariables('a${aws:username').problems.map((p) => [p.kind, p.start, p.end]),
    [['unclosed', 1, 15]],
  );
});

test('scanPolicyVariables reports empty variables, spaces, odd symbols and unquoted defaults', () => {
  const kinds = (text: string) => scanPolicyVariables(text).problems.map((p) => p.kind);
  assert.deepEqual(kinds('${}'), ['empty']);
  assert.deepEqual(kinds('${  }'), ['empty']);
  assert.deepEqual(kinds("${, 'x'}"), ['empty']);
  assert.deepEqual(kinds('${aws: username}'), ['space']);
  assert.deepEqual(kinds('${ aws:username }'), ['space']);
  assert.deepEqual(kinds('${aws:PrincipalTag/cost center}'), ['space']);
  assert.deepEqual(kinds('${aws:user#name}'), ['symbol']);
  assert.deepEqual(kinds("${*, 'x'}"), ['symbol']);
  assert.deepEqual(kinds('${aws:username, anonymous}'), ['unquoted-default']);
  assert.deepEqual(kinds('${aws:username, "anonymous"}'), ['unquoted-default']);
  assert.deepEqual(kinds("${aws:username, 'anonymous}"), ['unquoted-default']);
});

test('scanPolicyVariables proposes the corrected variable where the fix is clear', () => {
  const replacement = (text: string) => scanPolicyVariables(text).problems[0]?.replacement;
  assert.equal(replacement('${aws: username}'), '${aws:username}');
  assert.equal(replacement("${ aws:userid , 'x'}"), "${aws:userid, 'x'}");
  assert.equal(replacement('${aws:username, anonymous}'), "${aws:username, 'anonymous'}");
  assert.equal(replacement("${aws:username, 'anonymous}"), "${aws:username, 'anonymous'}");
  assert.equal(replacement('${}'), undefined);
});

test('text without ${ has no variables, and a lone $ or } is literal', () => {
  assert.equal(mayHavePolicyVariable('arn:aws:s3:::bucket/*'), false);
  assert.deepEqual(scanPolicyVariables('price$ {x} }'), { variables: [], problems: [] });
});

test('withoutPolicyVariables removes the well-formed variables only', () => {
  assert.equal(withoutPolicyVariables('a${*}b${aws:username}c'), 'abc');
  assert.equal(withoutPolicyVariables('a*${aws:username'), 'a*${aws:username');
});

// No wall-clock assertion (load on a shared machine would flake it): the input is sized so that a backtracking or
// quadratic implementation runs for minutes, a linear one for milliseconds, and the test's timeout fails the former.
test('scanPolicyVariables stays linear on long hostile input', { timeout: 20_000 }, () => {
  const nested = scanPolicyVariables('${'.repeat(400_000) + '}'.repeat(400_000)).problems;
  assert.deepEqual([nested.length, nested[0].kind, nested.at(-1)?.kind], [400_000, 'unclosed', 'empty']);
  assert.equal(scanPolicyVariables('${'.repeat(400_000)).problems.length, 400_000);
});
