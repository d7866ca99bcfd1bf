import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../server/src/cli/main';
import { shortTimings, TestClient } from '../helpers/lsp-client';

// The editor and `iam-policy lint` run one pipeline with one configuration: for the same files and the same
// .iam-policy.json they must report exactly the same problems at the same places.

const files: Record<string, string> = {
  '.iam-policy.json': JSON.stringify({
    rules: { 'version-missing': 'off', 'wildcard-action': 'error' },
    policyTypes: { 'scps/*.json': 'scp' },
    suppressions: { 'apps/*.json': [{ rule: 'effect-value', statement: 'Read' }], 'apps/billing.json': ['action-unknown'] },
    exclude: ['fixtures/**'],
  }),
  // SCPs cannot have a Principal: flagged only because the glob makes this an SCP.
  'scps/deny.json': '{\n  "Statement": [\n    {"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": "*"}\n  ]\n}\n',
  'apps/web.json':
    '{"Statement": [{"Sid": "Read", "Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}, {"Sid": "Write", "Effect": "allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}]}',
  'apps/billing.json': '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjcet", "s3:Put*", "ec2:*"], "Resource": "arn:aws:s3:::b/*"}]}',
  'apps/ok.policy.json': '{"Version": "2012-10-17", "Statement": []}',
  'fixtures/broken.json': '{"Statement": [{"Effect": "allow"}]}',
  'package.json': '{"name": "not-a-policy"}',
};

const shortSeverity = ['', 'error', 'warning', 'info', 'hint'];

test('the editor and the CLI report the same diagnostics for the same files and .iam-policy.json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-parity-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  type Row = [string, string, string, string, { start: { line: number; character: number }; end: { line: number; character: number } }];
  const cli = JSON.parse(runCli(['lint', '--format', 'json', dir]).stdout) as { file: string; diagnostics: { ruleId: string; severity: string; message: string; range: Row[4] }[] }[];
  const fromCli: Row[] = cli.flatMap((report) => report.diagnostics.map((d): Row => [relative(dir, report.file), d.ruleId, d.severity, d.message as string, d.range]));

  const client = new TestClient();
  const fromEditor: Row[] = [];
  try {
    await client.initialize(null, shortTimings);
    for (const name of Object.keys(files)
      .filter((name) => !name.startsWith('.'))
      .sort()) {
      const uri = pathToFileURL(join(dir, name)).toString();
      client.open(uri, readFileSync(join(dir, name), 'utf8'), 'json');
      const diagnostics = await client.diagnostics(uri);
      fromEditor.push(...diagnostics.map((d): Row => [name, String(d.code), shortSeverity[d.severity!], d.message as string, d.range]));
    }
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
  const sorted = (rows: Row[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  assert.deepEqual(sorted(fromEditor), sorted(fromCli));

  // And the configuration did its work in both, so the comparison is not between two empty lists: the SCP glob
  // (principal-not-allowed), a raised severity (wildcard-action), a rule off (version-missing), a suppression in
  // statement "Read" alone (effect-value stays in "Write"), one for a whole file (action-unknown), an exclusion.
  assert.deepEqual(
    fromCli.map(([file, rule, severity]) => `${file} ${rule} ${severity}`),
    [
      'apps/billing.json wildcard-action error',
      'apps/billing.json action-resource-mismatch warning',
      'apps/ok.policy.json empty-value warning',
      'apps/web.json effect-value error',
      'scps/deny.json principal-not-allowed error',
    ],
  );
  const webEffect = fromCli.find(([file, rule]) => file === 'apps/web.json' && rule === 'effect-value')!;
  assert.equal(webEffect[4].start.character, files['apps/web.json'].lastIndexOf('"allow"'));
});
