import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache, analyzeTextDocument } from './documents';
import { configurationOf, defaultSettings } from './settings';

// A permissions boundary only caps what its user or role may do and grants nothing by itself, so its broad allows
// are not data-exfiltration or resource-exposure findings:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutBucketPolicy', 'secretsmanager:GetSecretValue'], Resource: '*' }] }, null, 2);
const riskRules = new Set(['data-exfiltration', 'resource-exposure']);
const risks = (problems: readonly { ruleId: string }[] | undefined) =>
  (problems ?? [])
    .map((p) => p.ruleId)
    .filter((id) => riskRules.has(id))
    .sort();

test('a permissions boundary set by iamPolicy.policyTypes draws no data-exfiltration or resource-exposure finding', () => {
  const document = TextDocument.create('file:///work/caps/dev.iam.json', 'json', 1, text);
  assert.deepEqual(risks(analyzeTextDocument(document, configurationOf(defaultSettings)).problems), ['data-exfiltration', 'data-exfiltration', 'resource-exposure']);
  const analysis = analyzeTextDocument(document, configurationOf({ ...defaultSettings, policyTypes: { '**/caps/*.json': 'boundary' } }));
  assert.equal(analysis.policies[0]?.policyType, 'boundary');
  assert.deepEqual(risks(analysis.problems), []);
});

test('a permissions boundary chosen in the status bar draws no data-exfiltration or resource-exposure finding', () => {
  const cache = new AnalysisCache();
  const document = TextDocument.create('file:///work/dev.iam.json', 'json', 1, text);
  assert.equal(risks(cache.analyze(document, defaultSettings).problems).length, 3);
  cache.setPolicyType(document.uri, 'boundary');
  assert.deepEqual(risks(cache.analyze(document, defaultSettings).problems), []);
});
