// Diagnostics after a one-character edit in a big host document, as the server takes a didChange (without the 150 ms
// debounce): the editor's change applied to the document, the one document pipeline (analyzeDocument with the
// per-document FindingsCache, as lsp/documents.ts calls it), the line index, and the findings as LSP diagnostics.
// A 1 MB CloudFormation template with 300 roles (issue 13: 50 ms p95) and a 450 KB .tf file with 300 policies
// (issue 14: 100 ms p95), and a CDK stack in TypeScript and one in Python with 200 statements each, held to the .tf file's target. Each edit's time is set against the host parser's own parse of the same text in the same
// run (yaml's parseDocument, tree-sitter's parse), since the machines are shared and absolute times drift.
// Run alone with `node --import tsx test/bench/host-edit-bench.ts`.
import { parseDocument } from 'yaml';
import type { BundledCore } from './bundled-core';
import { median, ms, percentile, row } from './stats';
import { generatedTemplate } from './template-bench';
import { generatedTerraform } from './terraform-bench';

interface EditRun {
  times: number[];
  cpuTimes: number[];
  ratios: number[];
  checked: number[];
  /** The first walk over every policy's model after the edit, as the outline and code lenses do. */
  walks: number[];
  policies: number;
}

/** One-character edits (insert, then delete) at spread-out anchors, each taken as the server takes it. */
function timeEdits(core: BundledCore, text: string, uri: string, languageId: string, anchor: RegExp, parse: ((text: string) => void) | undefined, edits: number, cached = true): EditRun {
  const { analyzeTextDocument, diagnosticsOf, TextDocument, FindingsCache, defaultConfiguration } = core;
  const findings = new FindingsCache();
  const document = TextDocument.create(uri, languageId, 1, text);
  const analyse = () => analyzeTextDocument(document, defaultConfiguration, undefined, cached ? findings : undefined);
  const policies = analyse().policies.length;
  const anchors = [...text.matchAll(anchor)].map((match) => match.index! + 3);
  const run: EditRun = { times: [], cpuTimes: [], ratios: [], checked: [], walks: [], policies };
  for (let edit = 0; edit < edits; edit++) {
    const at = document.positionAt(anchors[(edit * 37) % anchors.length]);
    const range = { start: at, end: edit % 2 === 0 ? at : { line: at.line, character: at.character + 1 } };
    const version = document.version + 1;
    const parseStart = performance.now();
    parse?.(TextDocument.applyEdits(document, [{ range, newText: edit % 2 === 0 ? 'x' : '' }]));
    const parseTime = performance.now() - parseStart;
    const cpu = process.cpuUsage();
    const start = performance.now();
    TextDocument.update(document, [{ range, text: edit % 2 === 0 ? 'x' : '' }], version);
    const analysis = analyse();
    diagnosticsOf(analysis);
    const time = performance.now() - start;
    const { user, system } = process.cpuUsage(cpu);
    run.times.push(time);
    run.cpuTimes.push((user + system) / 1000);
    run.ratios.push(time / parseTime);
    run.checked.push(findings.checked);
    const walkStart = performance.now();
    for (const policy of analysis.policies) if (policy.policy.statements.length < 0) throw new Error('unreachable');
    run.walks.push(performance.now() - walkStart);
  }
  return run;
}

function report(run: EditRun, parser: string, target: number, uncached: EditRun): void {
  const p95 = percentile(run.times, 95);
  row('diagnostics after a one-character edit: median / p95', `${ms(median(run.times))} / ${ms(p95)}`, `target p95 ≤ ${target} ms: ${p95 <= target ? 'met' : 'NOT met'} on this run`);
  row('  CPU time of the same: median / p95', `${ms(median(run.cpuTimes))} / ${ms(percentile(run.cpuTimes, 95))}`, 'change, pipeline, line index, LSP diagnostics');
  row(`  as a ratio to ${parser} of the same text`, `${median(run.ratios).toFixed(2)}× / ${percentile(run.ratios, 95).toFixed(2)}×`, 'median / p95 of per-edit ratios');
  row('  policies checked again per edit (of all)', `${median(run.checked)} of ${run.policies}`, 'the rest keep their findings (FindingsCache)');
  row(
    '  the same without FindingsCache: median ratio',
    `${median(uncached.ratios).toFixed(2)}×`,
    `every policy checked again; ${median(uncached.times) > 0 ? (median(run.times) / median(uncached.times)).toFixed(2) : '-'}× of that time with the cache`,
  );
  row('  then a first walk over every model: median', ms(median(run.walks)), 'outline, code lenses: models of moved policies are built then');
}

export async function benchHostEdits(core: BundledCore): Promise<void> {
  core.getCatalog();
  const template = generatedTemplate();
  console.log(`\nEdits in a ${(template.length / 1e6).toFixed(2)} MB CloudFormation template (didChange to LSP diagnostics, 20 edits)`);
  const templateEdits = (edits: number, cached: boolean) =>
    timeEdits(core, template, `file:///bench/edit-template-${cached}.yaml`, 'yaml', /sqs:ReceiveMessage/g, (text) => parseDocument(text), edits, cached);
  report(templateEdits(20, true), "yaml's parseDocument", 50, templateEdits(6, false));
  // A longer session, each edit in another resource: past 32 texts kept, the reader reads again the resources read in
  // the text fewest were read in (cloudformation/reader.ts), which the 20 edits above never reach.
  const session = timeEdits(core, template, 'file:///bench/edit-session.yaml', 'yaml', /sqs:ReceiveMessage/g, undefined, 80).times.slice(40);
  row('  edits 41 to 80 of a longer session: median / p95', `${ms(median(session))} / ${ms(percentile(session, 95))}`, 'each in another resource; no parse timed');

  await core.terraformReader.prepare!();
  const parser = core.terraformParser();
  if (parser instanceof Error) throw parser;
  const { text } = generatedTerraform();
  console.log(`\nEdits in a ${(text.length / 1024).toFixed(0)} KB .tf file (didChange to LSP diagnostics, 40 edits)`);
  const terraformEdits = (edits: number, cached: boolean) =>
    timeEdits(core, text, `file:///bench/edit-main-${cached}.tf`, 'terraform', /"s3:GetObject"/g, (current) => parser.parse(current)!.delete(), edits, cached);
  report(terraformEdits(40, true), "tree-sitter's full parse", 100, terraformEdits(10, false));

  // A CDK source is read whole after each edit (Babel has no incremental parse); its policies' findings are kept.
  const cdk = generatedCdkSource(200);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const babel = require('@babel/parser') as typeof import('@babel/parser');
  console.log(`\nEdits in a ${(cdk.length / 1024).toFixed(0)} KB CDK stack in TypeScript with 200 statements (didChange to LSP diagnostics, 40 edits)`);
  const cdkEdits = (edits: number, cached: boolean) =>
    timeEdits(
      core,
      cdk,
      `file:///bench/edit-stack-${cached}.ts`,
      'typescript',
      /'s3:GetObject'/g,
      (current) => babel.parse(current, { sourceType: 'module', plugins: ['typescript'], errorRecovery: true }),
      edits,
      cached,
    );
  report(cdkEdits(40, true), "Babel's parse", 100, cdkEdits(10, false));

  // CDK sources in Python, Java, Go and C#: tree-sitter's parse, rewritten in Babel's shape and read by the same readers
  // (Java's builders read as constructions, Go's structs and C#'s object initializers of props as objects).
  await benchTreeSitterStack(core, 'Python', core.cdkPythonReader, core.pythonParser, generatedPythonCdkSource(200), (cached) => `edit_stack_${cached}.py`, 'python');
  await benchTreeSitterStack(core, 'Java', core.cdkJavaReader, core.javaParser, generatedJavaCdkSource(200), (cached) => `EditStack${cached}.java`, 'java');
  await benchTreeSitterStack(core, 'Go', core.cdkGoReader, core.goParser, generatedGoCdkSource(200), (cached) => `edit_stack_${cached}.go`, 'go');
  await benchTreeSitterStack(core, 'C#', core.cdkCSharpReader, core.csharpParser, generatedCSharpCdkSource(200), (cached) => `EditStack${cached}.cs`, 'csharp');
}

/** Edits in a CDK stack of 200 statements in a language tree-sitter parses, set against tree-sitter's full parse. */
async function benchTreeSitterStack(
  core: BundledCore,
  language: string,
  reader: BundledCore['cdkPythonReader'],
  parser: BundledCore['pythonParser'],
  source: string,
  fileName: (cached: boolean) => string,
  languageId: string,
): Promise<void> {
  await reader.prepare!();
  const loaded = parser();
  if (loaded instanceof Error) throw loaded;
  console.log(`\nEdits in a ${(source.length / 1024).toFixed(0)} KB CDK stack in ${language} with 200 statements (didChange to LSP diagnostics, 40 edits)`);
  const edits = (count: number, cached: boolean) =>
    timeEdits(core, source, `file:///bench/${fileName(cached)}`, languageId, /"s3:GetObject"/g, (current) => loaded.parse(current)!.delete(), count, cached);
  report(edits(40, true), "tree-sitter's full parse", 100, edits(10, false));
}

/** The stack of generatedCdkSource in Go, with CDK's New… functions and structs of props, as a Go app writes it. */
export function generatedGoCdkSource(count: number): string {
  const parts = [
    'package main',
    '',
    'import (',
    '\t"fmt"',
    '',
    '\t"github.com/aws/aws-cdk-go/awscdk/v2"',
    '\t"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"',
    '\t"github.com/aws/aws-cdk-go/awscdk/v2/awss3"',
    '\t"github.com/aws/constructs-go/constructs/v10"',
    '\t"github.com/aws/jsii-runtime-go"',
    ')',
    '',
    'var readActions = []*string{jsii.String("s3:GetObject"), jsii.String("s3:GetObjectVersion"), jsii.String("s3:ListBucket")}',
    '',
    'func NewBenchStack(scope constructs.Construct, id string) awscdk.Stack {',
    '\tstack := awscdk.NewStack(scope, &id, nil)',
  ];
  for (let i = 0; i < count; i++) {
    const bucket = `bucket${i % 13}`;
    if (i < 13) parts.push(`\t${bucket} := awss3.NewBucket(stack, jsii.String("Bucket${i}"), nil)`);
    switch (i % 4) {
      case 0:
        parts.push(
          `\trole${i} := awsiam.NewRole(stack, jsii.String("Role${i}"), &awsiam.RoleProps{AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil)})`,
          `\trole${i}.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{`,
          `\t\tSid:        jsii.String("Read${i}"),`,
          '\t\tActions:    jsii.Strings("s3:GetObject", "dynamodb:GetItem", "dynamodb:Query"),',
          `\t\tResources:  &[]*string{${bucket}.BucketArn(), jsii.String(*${bucket}.BucketArn() + "/*"), jsii.String(fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/Orders${i}", *stack.Region(), *stack.Account()))},`,
          '\t\tConditions: &map[string]interface{}{"StringEquals": map[string]interface{}{"aws:PrincipalAccount": stack.Account()}},',
          '\t}))',
        );
        break;
      case 1:
        parts.push(
          `\tawsiam.NewManagedPolicy(stack, jsii.String("Deploy${i}"), &awsiam.ManagedPolicyProps{Statements: &[]awsiam.PolicyStatement{`,
          `\t\tawsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("cloudformation:DescribeStacks", "cloudformation:CreateChangeSet"), Resources: jsii.Strings("arn:aws:cloudformation:" + *stack.Region() + ":" + *stack.Account() + ":stack/app-${i}/*")}),`,
          '\t\tawsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Effect: awsiam.Effect_DENY, Actions: jsii.Strings("s3:DeleteBucket"), Resources: jsii.Strings("*")}),',
          '\t}})',
        );
        break;
      case 2:
        parts.push(
          `\t${bucket}.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{`,
          '\t\tEffect:     awsiam.Effect_DENY,',
          '\t\tPrincipals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},',
          '\t\tActions:    jsii.Strings("s3:*", "s3:GetObject"),',
          `\t\tResources:  jsii.Strings(*${bucket}.ArnForObjects(jsii.String("*"))),`,
          '\t\tConditions: &map[string]interface{}{"Bool": map[string]interface{}{"aws:SecureTransport": "false"}},',
          '\t}))',
        );
        break;
      default:
        parts.push(
          `\tawsiam.NewCfnManagedPolicy(stack, jsii.String("L1${i}"), &awsiam.CfnManagedPolicyProps{PolicyDocument: map[string]interface{}{`,
          '\t\t"Version":   "2012-10-17",',
          `\t\t"Statement": []interface{}{map[string]interface{}{"Effect": "Allow", "Action": []interface{}{"sqs:SendMessage", "sqs:GetQueueUrl"}, "Resource": "arn:aws:sqs:eu-west-1:123456789012:queue-${i}"}},`,
          '\t}})',
        );
    }
  }
  parts.push('\treturn stack', '}', '');
  return parts.join('\n');
}

/** The stack of generatedCdkSource in Java, with CDK's builders, as a Java app writes it. */
export function generatedJavaCdkSource(count: number): string {
  const parts = [
    'package com.bench;',
    '',
    'import software.amazon.awscdk.Stack;',
    'import software.amazon.awscdk.services.iam.*;',
    'import software.amazon.awscdk.services.s3.Bucket;',
    'import software.constructs.Construct;',
    'import java.util.List;',
    'import java.util.Map;',
    '',
    'public class BenchStack extends Stack {',
    '    private static final List<String> READ_ACTIONS = List.of("s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket");',
    '',
    '    public BenchStack(final Construct scope, final String id) {',
    '        super(scope, id);',
  ];
  for (let i = 0; i < count; i++) {
    const bucket = `bucket${i % 13}`;
    if (i < 13) parts.push(`        Bucket ${bucket} = Bucket.Builder.create(this, "Bucket${i}").build();`);
    switch (i % 4) {
      case 0:
        parts.push(
          `        Role role${i} = Role.Builder.create(this, "Role${i}").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();`,
          `        role${i}.addToPolicy(PolicyStatement.Builder.create()`,
          `                .sid("Read${i}")`,
          `                .actions(List.of("s3:GetObject", "dynamodb:GetItem", "dynamodb:Query"))`,
          `                .resources(List.of(${bucket}.getBucketArn(), ${bucket}.getBucketArn() + "/*", String.format("arn:aws:dynamodb:%s:%s:table/Orders${i}", this.getRegion(), this.getAccount())))`,
          `                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalAccount", this.getAccount())))`,
          '                .build());',
        );
        break;
      case 1:
        parts.push(
          `        ManagedPolicy.Builder.create(this, "Deploy${i}").statements(List.of(`,
          `                PolicyStatement.Builder.create().actions(List.of("cloudformation:DescribeStacks", "cloudformation:CreateChangeSet")).resources(List.of("arn:aws:cloudformation:" + this.getRegion() + ":" + this.getAccount() + ":stack/app-${i}/*")).build(),`,
          '                PolicyStatement.Builder.create().effect(Effect.DENY).actions(List.of("s3:DeleteBucket")).resources(List.of("*")).build()))',
          '                .build();',
        );
        break;
      case 2:
        parts.push(
          `        ${bucket}.addToResourcePolicy(PolicyStatement.Builder.create()`,
          '                .effect(Effect.DENY)',
          '                .principals(List.of(new AnyPrincipal()))',
          '                .actions(List.of("s3:*", "s3:GetObject"))',
          `                .resources(List.of(${bucket}.arnForObjects("*")))`,
          '                .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))',
          '                .build());',
        );
        break;
      default:
        parts.push(
          `        CfnManagedPolicy.Builder.create(this, "L1${i}").policyDocument(Map.of(`,
          '                "Version", "2012-10-17",',
          `                "Statement", List.of(Map.of("Effect", "Allow", "Action", List.of("sqs:SendMessage", "sqs:GetQueueUrl"), "Resource", "arn:aws:sqs:eu-west-1:123456789012:queue-${i}"))))`,
          '                .build();',
        );
    }
  }
  parts.push('    }', '}', '');
  return parts.join('\n');
}

/** The stack of generatedCdkSource in C#, with object initializers of props, as a C# app writes it. */
export function generatedCSharpCdkSource(count: number): string {
  const parts = [
    'using Amazon.CDK;',
    'using Amazon.CDK.AWS.IAM;',
    'using Amazon.CDK.AWS.S3;',
    'using Constructs;',
    'using System.Collections.Generic;',
    '',
    'namespace Bench',
    '{',
    '    public class BenchStack : Stack',
    '    {',
    '        private static readonly string[] ReadActions = { "s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket" };',
    '',
    '        internal BenchStack(Construct scope, string id) : base(scope, id)',
    '        {',
  ];
  for (let i = 0; i < count; i++) {
    const bucket = `bucket${i % 13}`;
    if (i < 13) parts.push(`            var ${bucket} = new Bucket(this, "Bucket${i}");`);
    switch (i % 4) {
      case 0:
        parts.push(
          `            var role${i} = new Role(this, "Role${i}", new RoleProps { AssumedBy = new ServicePrincipal("lambda.amazonaws.com") });`,
          `            role${i}.AddToPolicy(new PolicyStatement(new PolicyStatementProps`,
          '            {',
          `                Sid = "Read${i}",`,
          '                Actions = new[] { "s3:GetObject", "dynamodb:GetItem", "dynamodb:Query" },',
          `                Resources = new[] { ${bucket}.BucketArn, ${bucket}.BucketArn + "/*", $"arn:aws:dynamodb:{Region}:{Account}:table/Orders${i}" },`,
          '                Conditions = new Dictionary<string, object> { { "StringEquals", new Dictionary<string, object> { { "aws:PrincipalAccount", Account } } } }',
          '            }));',
        );
        break;
      case 1:
        parts.push(
          `            new ManagedPolicy(this, "Deploy${i}", new ManagedPolicyProps`,
          '            {',
          '                Statements = new[]',
          '                {',
          `                    new PolicyStatement(new PolicyStatementProps { Actions = new[] { "cloudformation:DescribeStacks", "cloudformation:CreateChangeSet" }, Resources = new[] { "arn:aws:cloudformation:" + Region + ":" + Account + ":stack/app-${i}/*" } }),`,
          '                    new PolicyStatement(new PolicyStatementProps { Effect = Effect.DENY, Actions = new[] { "s3:DeleteBucket" }, Resources = new[] { "*" } })',
          '                }',
          '            });',
        );
        break;
      case 2:
        parts.push(
          `            ${bucket}.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps`,
          '            {',
          '                Effect = Effect.DENY,',
          '                Principals = new[] { new AnyPrincipal() },',
          '                Actions = new[] { "s3:*", "s3:GetObject" },',
          `                Resources = new[] { ${bucket}.ArnForObjects("*") },`,
          '                Conditions = new Dictionary<string, object> { ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" } }',
          '            }));',
        );
        break;
      default:
        parts.push(
          `            new CfnManagedPolicy(this, "L1${i}", new CfnManagedPolicyProps`,
          '            {',
          '                PolicyDocument = new Dictionary<string, object>',
          '                {',
          '                    ["Version"] = "2012-10-17",',
          `                    ["Statement"] = new[] { new Dictionary<string, object> { ["Effect"] = "Allow", ["Action"] = new[] { "sqs:SendMessage", "sqs:GetQueueUrl" }, ["Resource"] = "arn:aws:sqs:eu-west-1:123456789012:queue-${i}" } }`,
          '                }',
          '            });',
        );
    }
  }
  parts.push('        }', '    }', '}', '');
  return parts.join('\n');
}

/** The stack of generatedCdkSource in Python, as a Python app writes it. */
export function generatedPythonCdkSource(count: number): string {
  const parts = [
    'from aws_cdk import Stack, aws_iam as iam, aws_s3 as s3',
    'from constructs import Construct',
    '',
    'READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"]',
    '',
    '',
    'class BenchStack(Stack):',
    '    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:',
    '        super().__init__(scope, construct_id, **kwargs)',
  ];
  for (let i = 0; i < count; i++) {
    const bucket = `bucket${i % 13}`;
    if (i < 13) parts.push(`        ${bucket} = s3.Bucket(self, "Bucket${i}")`);
    switch (i % 4) {
      case 0:
        parts.push(
          `        role${i} = iam.Role(self, "Role${i}", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))`,
          `        role${i}.add_to_policy(iam.PolicyStatement(`,
          `            sid="Read${i}",`,
          `            actions=[*READ_ACTIONS, "s3:GetObject", "dynamodb:GetItem", "dynamodb:Query"],`,
          `            resources=[${bucket}.bucket_arn, f"{${bucket}.bucket_arn}/*", f"arn:aws:dynamodb:{self.region}:{self.account}:table/Orders${i}"],`,
          `            conditions={"StringEquals": {"aws:PrincipalAccount": self.account}},`,
          '        ))',
        );
        break;
      case 1:
        parts.push(
          `        iam.ManagedPolicy(self, "Deploy${i}", statements=[`,
          `            iam.PolicyStatement(actions=["cloudformation:DescribeStacks", "cloudformation:CreateChangeSet"], resources=[f"arn:aws:cloudformation:{self.region}:{self.account}:stack/app-${i}/*"]),`,
          `            iam.PolicyStatement(effect=iam.Effect.DENY, actions=["s3:DeleteBucket"], resources=["*"]),`,
          '        ])',
        );
        break;
      case 2:
        parts.push(
          `        ${bucket}.add_to_resource_policy(iam.PolicyStatement(`,
          '            effect=iam.Effect.DENY,',
          '            principals=[iam.AnyPrincipal()],',
          `            actions=["s3:*", "s3:GetObject"],`,
          `            resources=[${bucket}.arn_for_objects("*")],`,
          `            conditions={"Bool": {"aws:SecureTransport": "false"}},`,
          '        ))',
        );
        break;
      default:
        parts.push(
          `        iam.CfnManagedPolicy(self, "L1${i}", policy_document={`,
          '            "Version": "2012-10-17",',
          `            "Statement": [{"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:GetQueueUrl"], "Resource": "arn:aws:sqs:eu-west-1:123456789012:queue-${i}"}],`,
          '        })',
        );
    }
  }
  parts.push('');
  return parts.join('\n');
}

/** A CDK stack of `count` statements in the forms the reader knows: on a role, in a ManagedPolicy, on a bucket, in the JSON shape. */
export function generatedCdkSource(count: number): string {
  const parts = [
    "import * as cdk from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    "import * as s3 from 'aws-cdk-lib/aws-s3';",
    "import { Construct } from 'constructs';",
    '',
    "const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'] as const;",
    '',
    'export class BenchStack extends cdk.Stack {',
    '  constructor(scope: Construct, id: string, props?: cdk.StackProps) {',
    '    super(scope, id, props);',
  ];
  for (let i = 0; i < count; i++) {
    const bucket = `bucket${i % 13}`;
    if (i < 13) parts.push(`    const ${bucket} = new s3.Bucket(this, 'Bucket${i}');`);
    switch (i % 4) {
      case 0:
        parts.push(
          `    const role${i} = new iam.Role(this, 'Role${i}', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });`,
          `    role${i}.addToPolicy(new iam.PolicyStatement({`,
          `      sid: 'Read${i}',`,
          `      actions: [...READ_ACTIONS, 's3:GetObject', 'dynamodb:GetItem', 'dynamodb:Query'],`,
          `      resources: [${bucket}.bucketArn, \`\${${bucket}.bucketArn}/*\`, \`arn:aws:dynamodb:\${this.region}:\${this.account}:table/Orders${i}\`],`,
          `      conditions: { StringEquals: { 'aws:PrincipalAccount': this.account } },`,
          '    }));',
        );
        break;
      case 1:
        parts.push(
          `    new iam.ManagedPolicy(this, 'Deploy${i}', {`,
          '      statements: [',
          `        new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks', 'cloudformation:CreateChangeSet'], resources: [\`arn:aws:cloudformation:\${this.region}:\${this.account}:stack/app-${i}/*\`] }),`,
          `        new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['s3:DeleteBucket'], resources: ['*'] }),`,
          '      ],',
          '    });',
        );
        break;
      case 2:
        parts.push(
          `    ${bucket}.addToResourcePolicy(new iam.PolicyStatement({`,
          '      effect: iam.Effect.DENY,',
          '      principals: [new iam.AnyPrincipal()],',
          `      actions: ['s3:*', 's3:GetObject'],`,
          `      resources: [${bucket}.arnForObjects('*')],`,
          `      conditions: { Bool: { 'aws:SecureTransport': 'false' } },`,
          '    }));',
        );
        break;
      default:
        parts.push(
          `    new iam.CfnManagedPolicy(this, 'L1${i}', {`,
          '      policyDocument: {',
          "        Version: '2012-10-17',",
          `        Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:GetQueueUrl'], Resource: 'arn:aws:sqs:eu-west-1:123456789012:queue-${i}' }],`,
          '      },',
          '    });',
        );
    }
  }
  parts.push('  }', '}', '');
  return parts.join('\n');
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  void benchHostEdits(require('./bundled-core').bundledCore());
}
