// who-can --account reads built-in functions, sets and locals that are `for` expressions as Terraform plans them
// (test/fixtures/terraform/functions): the answers are definite where every value is known before apply.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { loadTerraformParser } from '../../server/src/core/hosts/terraform/parser';

const folder = join(__dirname, '..', 'fixtures', 'terraform', 'functions');
const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;

before(() => loadTerraformParser());

function whoCan(action: string, resource: string): { answers: [string, string, string[]][]; stderr: string | undefined } {
  const result = runCli(['who-can', '--account', folder, '--account-id', '111122223333', '--action', action, '--resource', resource, '--format', 'json']);
  assert.equal(result.exitCode, 0, result.stderr);
  const json = JSON.parse(result.stdout) as { principal: string; decision: string; via: { statement: string }[] }[];
  return { answers: json.map((entry) => [entry.principal, entry.decision, entry.via.map((via) => via.statement)]), stderr: result.stderr };
}

test('split, format over a set, formatlist and toset for_each: the readers are allowed, not conditional', () => {
  const objects = whoCan('s3:GetObject', 'arn:aws:s3:::prod-data/report.csv');
  assert.deepEqual(objects.answers, [
    [arn('user/alice-prod'), 'Allowed', ['ReadObjects']],
    [arn('user/bob-prod'), 'Allowed', ['ReadObjects']],
  ]);
  // Every value is known: no warning about values known only at apply.
  assert.equal(objects.stderr ?? '', '');
  assert.deepEqual(whoCan('s3:ListBucket', 'arn:aws:s3:::prod-logs').answers, [
    [arn('user/alice-prod'), 'Allowed', ['ListBuckets']],
    [arn('user/bob-prod'), 'Allowed', ['ListBuckets']],
  ]);
  // The set has logs and data only; the readers may not write.
  assert.deepEqual(whoCan('s3:GetObject', 'arn:aws:s3:::prod-other/report.csv').answers, []);
  assert.deepEqual(whoCan('s3:PutObject', 'arn:aws:s3:::prod-data/report.csv').answers, []);
});

test('a local that is a `for` over a module input, with join and lower, names the queues of that call', () => {
  assert.deepEqual(whoCan('sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:billing-refunds').answers, [[arn('role/billing-writer'), 'Allowed', ['Send']]]);
  assert.deepEqual(whoCan('sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:other').answers, []);
});
