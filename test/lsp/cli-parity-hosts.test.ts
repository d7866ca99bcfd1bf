// The editor and `iam-policy lint` on the documents policies usually live in: CloudFormation and SAM templates (YAML
// and JSON) and Terraform, a root module with module calls among them, under one .iam-policy.json. Each document's
// diagnostics in the editor must be exactly the CLI's: the same rules at the same places, with the same messages and
// severities, the account findings across a module's files (escalation-path) included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { runCliOnThreads } from '../../server/src/cli/main';
import { shortTimings, TestClient } from '../helpers/lsp-client';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures');

const configuration = {
  rules: { 'action-unknown': 'warning', 'trust-external-id': 'off' },
  suppressions: { 'cfn/sam-app.yaml': ['wildcard-resource'] },
  exclude: ['cfn/legacy-template.json'],
};

/** A workspace of the template fixtures under the configuration above; the path of each file in it. */
function workspace(): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-parity-hosts-'));
  cpSync(join(fixtures, 'cloudformation'), join(dir, 'cfn'), { recursive: true });
  for (const name of ['policy-document.tf', 'resources.tf', 'generated.tf.json']) cpSync(join(fixtures, 'terraform', name), join(dir, 'tf', name));
  cpSync(join(fixtures, 'terraform', 'nested'), join(dir, 'nested'), { recursive: true });
  writeFileSync(join(dir, '.iam-policy.json'), JSON.stringify(configuration));
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== '.iam-policy.json') files.push(path);
    }
  };
  walk(dir);
  return { dir, files };
}

/** The language VS Code gives the file (with HashiCorp's extension for .tf). */
const languageOf = (file: string) => (file.endsWith('.tf') ? 'terraform' : /\.ya?ml$/.test(file) ? 'yaml' : 'json');

const severities = ['', 'error', 'warning', 'info', 'hint'];

/** One finding as a line: rule, severity, range and message; sorted, so that order does not count. */
type Range = Diagnostic['range'];
const line = (rule: string, severity: string, range: Range, message: string) => `${rule} ${severity} ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character} ${message}`;
const editorLines = (diagnostics: Diagnostic[]) => diagnostics.map((d) => line(String(d.code), severities[d.severity!], d.range, String(d.message))).sort();

test('the editor and the CLI report the same diagnostics for templates and Terraform under one .iam-policy.json', async () => {
  const { dir, files } = workspace();
  const run = await runCliOnThreads(['lint', '--format', 'json', dir], join(root, 'dist', 'cli.js'));
  const reports = JSON.parse(run.stdout) as { file: string; diagnostics: { ruleId: string; severity: string; message: string; range: Range }[] }[];
  const fromCli = new Map(reports.map((report) => [relative(dir, report.file), report.diagnostics.map((d) => line(d.ruleId, d.severity, d.range, d.message)).sort()]));

  const client = new TestClient();
  const fromEditor = new Map<string, string[]>();
  try {
    await client.initialize(null, shortTimings);
    const uris = files.map((file) => pathToFileURL(file).toString());
    files.forEach((file, i) => client.open(uris[i], readFileSync(file, 'utf8'), languageOf(file)));
    for (const [i, file] of files.entries()) {
      const name = relative(dir, file);
      const expected = fromCli.get(name) ?? [];
      // The account findings come a moment after the document's own: wait for a publish that has the CLI's, and
      // show the editor's last one otherwise.
      const same = (diagnostics: Diagnostic[]) => JSON.stringify(editorLines(diagnostics)) === JSON.stringify(expected);
      const diagnostics = await client.diagnostics(uris[i], (params) => same(params.diagnostics), 5000).catch(() => client.publishes(uris[i]).at(-1)?.diagnostics ?? []);
      fromEditor.set(name, editorLines(diagnostics));
    }
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
  const names = files.map((file) => relative(dir, file));
  assert.deepEqual(
    names.map((name) => [name, fromEditor.get(name)]),
    names.map((name) => [name, fromCli.get(name) ?? []]),
  );

  // The comparison is of real findings in every kind of document, with the configuration at work in both: a severity
  // changed (action-unknown), a rule off (trust-external-id), a file's suppression, an excluded file.
  const rules = (name: string) => (fromCli.get(name) ?? []).map((finding) => finding.split(' ').slice(0, 2).join(' '));
  assert.ok(rules('tf/policy-document.tf').includes('action-unknown warning'), rules('tf/policy-document.tf').join(', '));
  assert.ok(rules('cfn/bucket-and-key.yaml').length > 0);
  assert.ok(rules('nested/modules/role/main.tf').includes('escalation-path warning'), rules('nested/modules/role/main.tf').join(', '));
  assert.ok(!names.some((name) => rules(name).some((rule) => rule.startsWith('trust-external-id '))));
  assert.ok(!rules('cfn/sam-app.yaml').some((rule) => rule.startsWith('wildcard-resource ')));
  assert.equal(fromCli.get('cfn/legacy-template.json'), undefined);
  assert.deepEqual(fromEditor.get('cfn/legacy-template.json'), []);
});
