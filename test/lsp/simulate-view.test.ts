// The HTML of the simulation result view (client/src/simulation-html.ts), which needs no editor to test: a strict
// Content-Security-Policy, nothing loaded from anywhere, every value escaped, links that carry their place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, renderSimulation } from '../../client/src/simulation-html';
import type { SimulationResult } from '../../server/src/protocol';

const range = (line: number) => ({ start: { line, character: 4 }, end: { line: line + 5, character: 5 } });
const uri = 'file:///ws/home.policy.json';
const result: SimulationResult = {
  request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/<script>', context: { 'aws:SecureTransport': 'true', 'aws:username': 'alice' } },
  decision: 'Allowed',
  errors: [],
  reason: { code: 'identity-policy-allows', message: 'Allowed by identity-based policy 1 "home.policy.json", and nothing denies it.' },
  decidedBy: [{ uri, range: range(3), label: 'Allow statement 1 "Read"', effect: 'Allow', applies: true, decided: true }],
  policies: [
    {
      uri,
      name: 'home.policy.json',
      role: 'identity',
      description: 'identity-based policy 1',
      verdict: 'Allow',
      statements: [
        { uri, range: range(3), label: 'Allow statement 1 "Read"', effect: 'Allow', applies: true, decided: true },
        {
          uri,
          range: range(9),
          label: 'Deny statement 2',
          effect: 'Deny',
          applies: false,
          decided: false,
          why: 'Condition Bool "aws:SecureTransport": the request value does not match',
          whyRange: range(13),
        },
      ],
    },
  ],
  requestSummary: 'user principal, same account (111122223333)',
  levels: [],
  notes: ['x.json is left out: it cannot be read (ENOENT).'],
};
const meta = { document: 'home.policy.json', givenContext: ['aws:SecureTransport'], run: 2, time: '12:00:00' };

test('the page allows only its own style and script, by nonce, and loads nothing', () => {
  const html = renderSimulation(result, meta, 'abc123');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-abc123'; script-src 'nonce-abc123';">/);
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.match(html, /<script nonce="abc123">/);
  assert.match(html, /<style nonce="abc123">/);
  assert.doesNotMatch(html, /https?:\/\/|src=|<link|@import|url\(/);
  assert.doesNotMatch(html, / style="/, 'no inline style attributes: the policy would block them');
});

test('the decision, the deciding statement and why the other did not apply; values are escaped', () => {
  const html = renderSimulation(result, meta, 'n');
  assert.match(html, /<header class="decision allowed"><div class="badge" role="status">Allowed<\/div>/);
  assert.ok(html.includes('s3:GetObject on arn:aws:s3:::b/&#60;script&#62;'));
  assert.ok(!html.includes('b/<script>'));
  assert.ok(
    html.includes(
      `<a href="#" class="jump" data-uri="${uri}" data-range="${escapeHtml(JSON.stringify(range(3)))}" title="Go to the statement">Allow statement 1 &#34;Read&#34;</a> in home.policy.json`,
    ),
  );
  assert.ok(html.includes('does not apply: <a href="#" class="jump"'));
  assert.ok(html.includes('Condition Bool &#34;aws:SecureTransport&#34;: the request value does not match</a>'));
  assert.ok(html.includes('<button data-command="runAgain"'));
  assert.ok(html.includes('<button data-command="editInputs"'));
  assert.ok(html.includes('x.json is left out: it cannot be read (ENOENT).'));
  // The keys the user set, apart from those derived from the principal.
  assert.ok(html.includes('<h3>Context keys you set</h3><table class="context"><tr><th>aws:SecureTransport</th><td>true</td></tr></table>'));
  assert.ok(html.includes('<summary>Context keys derived from the principal (1)</summary>'));
  assert.ok(html.includes('home.policy.json · run 2 at 12:00:00'));
});

test('denials are coloured apart, and a result without a decision lists its errors with links', () => {
  assert.match(renderSimulation({ ...result, decision: 'ExplicitlyDenied' }, meta, 'n'), /class="decision explicit"><div class="badge" role="status">Explicitly denied</);
  assert.match(
    renderSimulation({ ...result, decision: 'ImplicitlyDenied', decidedBy: [] }, meta, 'n'),
    /class="decision implicit"><div class="badge" role="status">Implicitly denied<[\s\S]*nothing allowed the request/,
  );
  const failed = renderSimulation(
    {
      ...result,
      decision: undefined,
      reason: undefined,
      decidedBy: [],
      policies: [],
      errors: [{ message: 'Effect "allow" is not valid.', ruleId: 'effect-value', uri, name: 'home.policy.json', range: range(2) }],
    },
    meta,
    'n',
  );
  assert.match(failed, /class="decision error"><div class="badge" role="status">Cannot simulate</);
  assert.ok(failed.includes('<code>effect-value</code> Effect &#34;allow&#34; is not valid. <a href="#" class="jump"'));
  assert.ok(failed.includes('>home.policy.json line 3</a>'));
});
