import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionKind } from 'vscode-languageserver';
import { analyzeDocument } from '../core/analyze';
import { getCatalog } from '../core/catalog/catalog';
import { defaultConfiguration } from '../core/config/configuration';
import type { HostReader } from '../core/hosts/host';
import { parsePolicy } from '../core/policy/parse-policy';
import { LineIndex } from '../core/text/positions';
import { marked } from '../../../test/helpers/marked';
import { codeActionsFor } from './code-actions';
import { codeLensesOf } from './code-lens';
import { completionListAt } from './completion';
import { diagnosticsOf } from './diagnostics';
import type { Analysis } from './documents';
import { documentSymbolsOf, hoverOf } from './navigation';

// The LSP features on a document that holds several policies, as a template does: each feature finds the policy
// at the offset it is asked about, and reports in host-text positions.

const host = marked(`Resources:
  Role:
    Trust: «{"Version": "2012-10-17", "Statement": [{"Sid": "Ec2", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}»
    Inline: «{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": «"allow"», "Action": "s3:GetOb|ject", "Resource": "arn:aws:s3:::b/*"}]}»
`);
const [trustSpan, inlineSpan, effectSpan] = host.spans;

const reader: HostReader = {
  kind: 'cloudformation',
  read: ({ text }) => ({
    kind: 'cloudformation',
    policies: [
      { policy: parsePolicy(' '.repeat(trustSpan.start) + text.slice(trustSpan.start, trustSpan.end)), policyType: 'trust', span: trustSpan, name: 'Role › Trust', owner: 'Role' },
      { policy: parsePolicy(' '.repeat(inlineSpan.start) + text.slice(inlineSpan.start, inlineSpan.end)), span: inlineSpan, name: 'Role › Inline', owner: 'Role' },
    ],
    problems: [],
  }),
};

const uri = 'file:///w/template.yaml';
const core = analyzeDocument({ text: host.text, uri, languageId: 'yaml' }, { config: defaultConfiguration, readers: [reader] });
const lines = new LineIndex(host.text);
const analysis: Analysis = { ...core, version: 1, lines, isPolicy: true };

test('diagnostics and code actions of a policy inside a host document sit at host positions and suppress by its statement', () => {
  const diagnostics = diagnosticsOf(analysis);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range]),
    [['effect-value', { start: lines.positionAt(effectSpan.start), end: lines.positionAt(effectSpan.end) }]],
  );
  const actions = codeActionsFor(analysis, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics, only: [CodeActionKind.QuickFix] } });
  const fix = actions.find((action) => action.edit)!;
  assert.deepEqual(fix.edit!.changes![uri], [{ range: diagnostics[0].range, newText: '"Allow"' }]);
  assert.deepEqual(
    actions.filter((a) => a.command?.command === 'iamPolicy.suppress').map((a) => a.command!.arguments),
    [[{ uri, rule: 'effect-value', statement: 'Read' }], [{ uri, rule: 'effect-value' }]],
  );
});

test('hover and completion find the policy at the offset; outline and code lenses list each policy', () => {
  const offset = host.cursor;
  assert.match(JSON.stringify(hoverOf(analysis, offset, getCatalog())?.contents), /s3:GetObject/);
  assert.equal(hoverOf(analysis, host.text.indexOf('Resources'), getCatalog()), null);
  assert.ok(completionListAt(analysis, offset, getCatalog()).items.some((item) => item.label === 's3:GetObject'));
  assert.deepEqual(completionListAt(analysis, 2, getCatalog()).items, []);

  const symbols = documentSymbolsOf(analysis);
  // One entry per resource, its policies inside, their statements inside those.
  assert.deepEqual(
    symbols.map((s) => [s.name, s.detail, s.range, s.children?.map((c) => [c.name, c.detail, c.children?.map((g) => g.name)])]),
    [
      [
        'Role',
        '2 policies',
        { start: lines.positionAt(trustSpan.start), end: lines.positionAt(inlineSpan.end) },
        [
          ['Trust', 'Role trust policy', ['Ec2']],
          ['Inline', 'Identity-based policy', ['Read']],
        ],
      ],
    ],
  );
  const lenses = codeLensesOf(analysis);
  assert.deepEqual(
    lenses.map((lens) => [lens.command!.title, lens.command!.arguments![0]]),
    [
      ['Simulate request', { uri, policyIndex: 0 }],
      ['Simulate request for "Ec2"', { uri, policyIndex: 0, statementIndex: 0 }],
      ['Simulate request', { uri, policyIndex: 1 }],
      ['Simulate request for "Read"', { uri, policyIndex: 1, statementIndex: 0 }],
    ],
  );
  assert.deepEqual(lenses[2].range.start, lines.positionAt(host.text.indexOf('"Statement"', inlineSpan.start)));
});
