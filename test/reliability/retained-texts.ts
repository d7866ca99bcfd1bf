// Run by retained-texts.test.ts in a process of its own (node --expose-gc --import tsx): analyses the managed
// policies, each text made unique by an Id that names it, then templates (CloudFormation in YAML and JSON, Terraform)
// that embed some of them, each marked too; lets every analysis go, and prints as JSON which of those texts the heap
// still holds. Only the module-level caches can hold one then, through a string cut from it.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { stringify as stringifyYaml } from 'yaml';
import { analyzeDocument } from '../../server/src/core/analyze';
import { loadTerraformParser } from '../../server/src/core/hosts/terraform/parser';
import { forgetTerraformDocument } from '../../server/src/core/hosts/terraform/index';
import { defaultConfiguration } from '../../server/src/core/config/configuration';
import { managedPolicies } from '../helpers/managed-policies';

export const marker = 'retention-probe-';

// Mistakes send values down the paths the managed policies rarely take: suggestions for unknown names, lower-cased
// keys, NotAction beside Action, malformed ARNs and operators.
const mistakes = [
  { Effect: 'Allow', Action: ['madeupservicename:GetThingsDone', 's3:getobjectversionacl', 'ec2:DescribeInstancesEverywhere'], Resource: '*' },
  { Effect: 'Allow', Action: 's3:GetObject', NotAction: 's3:deleteobjectversion', Resource: 'arn:aws:s3:::bucket-of-the-probe/*' },
  {
    Effect: 'Allow',
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:us-east-1a:123456789012:bucket-of-the-probe',
    Condition: { StringEqualsIgnoreCaseIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
  },
  {
    Effect: 'Allow',
    Action: 'iam:PassRole',
    Resource: 'arn:aws:iam::123456789012:role/some-role-of-the-probe',
    Condition: { StringLikeIfExists: { 'iam:passedtoservicename': 'ec2.amazonaws.com', 'madeupprefix:somekeyname': 'x' } },
  },
  { Effect: 'Deny', NotAction: ['iam:createvirtualmfadevice', 'sts:GetSessionTokenForTheProbe'], NotResource: 'arn:aws:iam::*:mfa/${aws:usernamemisspelt}' },
].map((statement) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2));

function analyseAll(): number {
  let problems = 0;
  const texts = [...managedPolicies(), ...mistakes.map((text, i) => ({ name: `mistake-${i}`, text }))];
  for (const [i, { name, text }] of texts.entries()) {
    const probed = text.replace('{', `{"Id": "${marker}${i}",`);
    problems += analyzeDocument({ text: probed, uri: `file:///probe/${name}.json` }, { config: defaultConfiguration }).problems.length;
  }
  return problems;
}

// Read as the editor's documents (with a language), whose readings the template readers keep for incremental reading
// by design: the CloudFormation reader those of its last 16 documents (YAML and JSON together), the Terraform one
// those of each open document until it closes. So each marked Terraform document is closed after its analysis, as the
// editor's are, and 20 more templates of each kind, unmarked, are read after the marked ones to push those out.
const keptDocuments = 16;
const templateKinds = [
  {
    extension: 'yaml',
    languageId: 'yaml',
    wrap: (policy: string, mark: string) =>
      `# ${mark}\n${stringifyYaml({ Resources: { Policy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: JSON.parse(policy) as unknown } } } })}`,
  },
  {
    extension: 'json',
    languageId: 'json',
    wrap: (policy: string, mark: string) => `{"Description": "${mark}", "Resources": {"Policy": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": ${policy}}}}}`,
  },
  { extension: 'tf', languageId: 'terraform', wrap: (policy: string, mark: string) => `# ${mark}\nresource "aws_iam_policy" "probe" {\n  policy = <<EOF\n${policy}\nEOF\n}\n` },
];

/** Templates embedding the mistakes and a sample of the managed policies, marked; then unmarked ones. Their findings. */
function analyseTemplates(first: number): { analysed: number; problems: number } {
  const policies = [
    ...mistakes,
    ...managedPolicies()
      .filter((_, i) => i % 40 === 0)
      .map(({ text }) => text),
  ];
  let problems = 0;
  let analysed = 0;
  for (const { extension, languageId, wrap } of templateKinds) {
    policies.forEach((policy, i) => {
      const text = wrap(policy, `${marker}${first + analysed}`);
      const uri = `file:///probe/templates/marked-${i}.${extension}`;
      const found = analyzeDocument({ text, uri, languageId }, { config: defaultConfiguration });
      assertReadAsTemplate(found.kind, extension);
      if (languageId === 'terraform') forgetTerraformDocument(uri);
      problems += found.problems.length;
      analysed++;
    });
    for (let i = 0; i < keptDocuments + 4; i++) {
      const found = analyzeDocument(
        { text: wrap(mistakes[i % mistakes.length], `filler ${i}`), uri: `file:///probe/templates/filler-${i}.${extension}`, languageId },
        { config: defaultConfiguration },
      );
      assertReadAsTemplate(found.kind, extension);
    }
  }
  return { analysed, problems };
}

function assertReadAsTemplate(kind: string | undefined, extension: string): void {
  const expected = extension === 'tf' ? 'terraform' : 'cloudformation';
  if (kind !== expected) throw new Error(`a probe .${extension} template was read as ${kind ?? 'no policy'}, not ${expected}`);
}

async function main(): Promise<void> {
  const problems = analyseAll();
  await loadTerraformParser();
  const templates = analyseTemplates(managedPolicies().length + mistakes.length);
  report(managedPolicies().length + mistakes.length, problems, templates);
}

function report(analysed: number, problems: number, templates: { analysed: number; problems: number }): void {
  // The engine keeps the input of the last regular-expression match (RegExp.lastMatch): one text at most, and not a
  // cache's. A match of its own lets it go.
  /probe/.exec('probe');
  (globalThis as { gc?: () => void }).gc!();
  const file = writeHeapSnapshot(join(tmpdir(), `retained-texts-${process.pid}.heapsnapshot`));
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  if (process.env.KEEP_SNAPSHOT) console.error(file);
  else rmSync(file);
  const {
    node_fields: fields,
    node_types: [types],
  } = snapshot.snapshot.meta;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const retained = new Set<string>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    if (types[snapshot.nodes[i + typeAt]] !== 'string') continue;
    const name = snapshot.strings[snapshot.nodes[i + nameAt]];
    // A whole text, not the Id value alone: it opens with the Id, and goes on.
    const at = name.indexOf(marker);
    if (at >= 0 && at < 20 && name.length > 200) retained.add(/retention-probe-(\d+)/.exec(name)![1]);
  }
  console.log(JSON.stringify({ analysed, problems, templates, retained: [...retained].map(Number).sort((a, b) => a - b) }));
}

void main();
