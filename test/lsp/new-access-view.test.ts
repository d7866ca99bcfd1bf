// The HTML of the difference view (client/src/new-access-html.ts), which needs no editor to test: a strict
// Content-Security-Policy, every value escaped, one section per kind of new access, a "Simulate this request" button
// per difference that names the difference by its index in the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderNewAccess } from '../../client/src/new-access-html';
import type { NewAccessReport } from '../../server/src/protocol';

const principal = 'arn:aws:iam::111122223333:user/witness';
const report: NewAccessReport = {
  uri: 'file:///ws/app.policy.json',
  ref: 'HEAD',
  hasBase: true,
  result: 'FAIL',
  reasons: ['The new policy allows 3 actions (s3:GetObject, s3:PutObject, sqs:SendMessage) that the old one does not allow on some request.'],
  mode: 'catalog',
  policyType: 'identity',
  witness: { action: 's3:GetObject', resource: 'arn:aws:s3:::', principal, context: {} },
  differences: [
    {
      kind: 'wider-resource',
      actions: ['s3:GetObject'],
      future: false,
      services: [{ service: 's3', accessLevel: 'Read', actions: ['s3:GetObject'] }],
      witness: { action: 's3:GetObject', resource: 'arn:aws:s3:::<b>', principal, context: {} },
      detail: 'The old policy\'s Allow statement 1 "Read" allowed s3:GetObject on other resources; the new policy also allows it on arn:aws:s3:::<b>.',
      oldStatement: 'Allow statement 1 "Read"',
      oldValues: ['arn:aws:s3:::reports/*'],
    },
    {
      kind: 'new-action',
      actions: ['s3:PutObject'],
      future: false,
      services: [{ service: 's3', accessLevel: 'Write', actions: ['s3:PutObject'] }],
      witness: { action: 's3:PutObject', resource: 'arn:aws:s3:::', principal, context: {} },
      detail: 'The old policy allows s3:PutObject nowhere.',
    },
    {
      kind: 'looser-condition',
      actions: ['sqs:SendMessage'],
      future: false,
      services: [{ service: 'sqs', accessLevel: 'Write', actions: ['sqs:SendMessage'] }],
      witness: { action: 'sqs:SendMessage', resource: 'x', principal, context: { 'aws:TagKeys': ['Team', 'Admin'] } },
      detail: 'The old policy\'s Allow statement 2 "Send" allowed sqs:SendMessage only under Bool aws:SecureTransport; this request does not meet it.',
      oldStatement: 'Allow statement 2 "Send"',
      conditions: [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] }],
    },
  ],
};
const meta = { document: 'app.policy.json', time: '12:00:00' };

test('the difference view allows only its own style and script, by nonce, and loads nothing', () => {
  const html = renderNewAccess(report, meta, 'abc123');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-abc123'; script-src 'nonce-abc123';">/);
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.doesNotMatch(html, /https?:\/\/|src=|<link|@import|url\(/);
  assert.doesNotMatch(html, / style="/);
  assert.ok(!html.includes('<b>'), 'values are escaped');
  assert.ok(html.includes('arn:aws:s3:::&#60;b&#62;'));
});

test('sections in a fixed order (new actions first), each difference with its witness and a button naming its index', () => {
  const html = renderNewAccess(report, meta, 'n');
  assert.match(html, /<header class="decision explicit"><div class="badge" role="status">Grants new access<\/div><div class="subject">app\.policy\.json vs HEAD<\/div><\/header>/);
  const headings = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((match) => match[1]);
  assert.deepEqual(headings, ['New actions (1 action)', 'Widened resources (1 action)', 'Removed or loosened conditions (1 action)']);
  const buttons = [...html.matchAll(/<button data-command="simulate" data-index="(\d+)"/g)].map((match) => Number(match[1]));
  assert.deepEqual(buttons, [1, 0, 2], 'each button carries the index of its difference in the report');
  assert.ok(html.includes('<li><span class="service">s3</span> <span class="level">Write</span> (1): <code>s3:PutObject</code></li>'));
  assert.ok(html.includes('Committed Resource: <code>arn:aws:s3:::reports/*</code>'));
  assert.ok(html.includes('Conditions the request does not meet: <code>Bool aws:SecureTransport: true</code>'));
  assert.ok(html.includes('<tr><th>aws:TagKeys</th><td>[&#34;Team&#34;,&#34;Admin&#34;]</td></tr>'));
  assert.ok(html.includes('<footer>app.policy.json · read as an identity-based policy · catalog mode · compared at 12:00:00</footer>'));
});

test('PASS and a policy new to the template', () => {
  const pass = renderNewAccess({ ...report, result: 'PASS', differences: [], reasons: ['The new policy allows no request the old one does not.'] }, meta, 'n');
  assert.match(pass, /<div class="badge" role="status">No new access<\/div>/);
  assert.doesNotMatch(pass, /<h2>/);
  const fresh = renderNewAccess({ ...report, hasBase: false, policyName: 'Reader › PolicyDocument' }, { document: 'stack.yaml', time: '12:00:00' }, 'n');
  assert.match(fresh, /<div class="subject">Reader › PolicyDocument in stack\.yaml vs HEAD<\/div>/);
  assert.ok(fresh.includes('<p class="note">HEAD has no policy of this name: everything this policy allows is new.</p>'));
});
