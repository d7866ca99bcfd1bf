// Writes server/src/core/hosts/cloudformation/sam-data.json from an installed AWS SAM translator (aws-sam-translator,
// Apache-2.0): its policy templates and its list of AWS managed policy names. Run it when SAM publishes new ones:
//   node scripts/sam-data.mjs <site-packages>/samtranslator
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const samtranslator = process.argv[2];
if (!samtranslator) {
  console.error('Usage: node scripts/sam-data.mjs <path to the samtranslator package>');
  process.exit(2);
}
const version = /__version__\s*=\s*["']([^"']+)/.exec(readFileSync(join(samtranslator, '__init__.py'), 'utf8'))?.[1] ?? 'unknown';
const templates = JSON.parse(readFileSync(join(samtranslator, 'policy_templates_data', 'policy_templates.json'), 'utf8')).Templates;
const managed = JSON.parse(readFileSync(join(samtranslator, 'internal', 'data', 'aws_managed_policies.json'), 'utf8'));

const data = {
  source: `aws-sam-translator ${version} (github.com/aws/serverless-application-model): samtranslator/policy_templates_data/policy_templates.json and samtranslator/internal/data/aws_managed_policies.json. Apache License 2.0; Copyright 2018 Amazon.com, Inc. or its affiliates. All Rights Reserved.`,
  // Template name -> its parameters and the statements SAM writes, with Fn::Sub and Ref as in SAM's file.
  templates: Object.fromEntries(Object.entries(templates).map(([name, t]) => [name, { parameters: Object.keys(t.Parameters ?? {}), statement: t.Definition.Statement }])),
  // Managed policy name -> path in the aws partition ("" for arn:aws:iam::aws:policy/NAME).
  managedPolicies: Object.fromEntries(Object.entries(managed.aws).map(([name, arn]) => [name, arn.replace(/^arn:aws:iam::aws:policy\//, '').slice(0, -name.length)])),
};
const out = new URL('../server/src/core/hosts/cloudformation/sam-data.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(data)}\n`);
console.log(`Wrote ${Object.keys(data.templates).length} policy templates and ${Object.keys(data.managedPolicies).length} managed policy names from aws-sam-translator ${version}`);
