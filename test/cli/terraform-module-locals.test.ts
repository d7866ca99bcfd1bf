import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { terraformReader } from '../../server/src/core/hosts/terraform/index';

const folder = join(resolve(__dirname, '..', '..'), 'test', 'fixtures', 'terraform-module-locals');

interface JsonReport {
  file: string;
  diagnostics: { ruleId: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}

// The text a diagnostic's range covers in the linted file.
function covered(text: string, range: JsonReport['diagnostics'][number]['range']): string {
  const lines = text.split('\n');
  assert.equal(range.start.line, range.end.line);
  return lines[range.start.line].slice(range.start.character, range.end.character);
}

test('lint over a module folder reads locals.tf for iam.tf: findings at the references in iam.tf, naming the local and its file', async () => {
  await terraformReader.prepare!();
  for (const args of [[folder], [join(folder, 'iam.tf')]]) {
    const result = runCli(['lint', ...args, '--format', 'json']);
    assert.equal(result.exitCode, 1);
    const reports = JSON.parse(result.stdout) as JsonReport[];
    // locals.tf holds no policy: its values are reported where iam.tf uses them, never in its own text.
    assert.deepEqual(
      reports.filter((report) => report.diagnostics.length > 0).map((report) => report.file.replace(/^.*[\\/]/, '')),
      ['iam.tf'],
    );
    const text = readFileSync(join(folder, 'iam.tf'), 'utf8');
    assert.deepEqual(
      reports[0].diagnostics.map(({ ruleId, message, range }) => [ruleId, range.start.line, range.start.character, range.end.character, covered(text, range), message]),
      [
        // This file's own local: at the string, as before.
        ['action-unknown', 2, 39, 48, 'PutObjekt', '"PutObjekt" is not an action of Amazon S3 (s3). Did you mean "s3:PutObject"?'],
        ['action-unknown', 8, 16, 34, 'local.read_actions', '"GetObjekt" is not an action of Amazon S3 (s3). Did you mean "s3:GetObject"? (from local.read_actions in locals.tf)'],
        ['effect-value', 22, 17, 38, 'local.queue_statement', 'Effect "Alow" is not valid. Use "Allow" or "Deny". (from local.queue_statement in locals.tf)'],
      ],
    );
  }
});
