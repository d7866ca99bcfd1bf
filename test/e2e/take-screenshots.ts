// Takes the README screenshots in images/screenshots/ with the packaged extension in a real VS Code
// (the e2e harness: code-server + Chromium). Run by hand, after `npm run package`:
//   node --import tsx test/e2e/take-screenshots.ts
// It is not an *.e2e.ts file, so the e2e suite does not run it. Look at the PNGs before committing them.
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { positionOf, repoRoot, startVsCode, waitFor, type VsCode } from './harness';
import { chooseQuickFix, hoverText, openQuickFixes, quickFixTitles, suggestionRows } from './widgets';

const outDir = join(repoRoot, 'images/screenshots');
const viewport = { width: 1200, height: 750 };
const maxBytes = 150 * 1024;

// A short policy with the mistakes people make: a lowercase Effect, a misspelt action, a wrong operator.
const brokenPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "allow",
      "Action": ["s3:GetObject", "s3:GetObjekt"],
      "Resource": "arn:aws:s3:::my-bucket/reports/*",
      "Condition": {
        "StringEqual": { "aws:PrincipalTag/team": "reports" }
      }
    }
  ]
}
`;

const uploadPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "UploadReports",
      "Effect": "Allow",
      "Action": [],
      "Resource": "arn:aws:s3:::my-bucket/reports/*"
    }
  ]
}
`;

// A Serverless service whose role statements and resources hold the mistakes the reader catches in service files: a
// misspelt action, an IAM policy variable under !Sub, and an ARN of the wrong service; its variables are no findings.
const serviceFile = `service: reports
provider:
  name: aws
  runtime: python3.12
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - s3:GetObject
            - s3:PutObjekt
          Resource: arn:aws:s3:::reports-\${sls:stage}/*
        - Effect: Allow
          Action: dynamodb:Query
          Resource: !Sub arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${self:service}/\${aws:username}
functions:
  build:
    handler: build.handler
    iamRoleStatements:
      - Effect: Allow
        Action: sqs:SendMessage
        Resource: arn:aws:sns:#{AWS::Region}:#{AWS::AccountId}:reports-queue
`;

// The same kind of service written in TypeScript, as the framework's TypeScript template writes it: a misspelt action
// in a const the role's statements spread, an ARN of the wrong service, a bucket opened to anyone in its resources;
// the variables, the intrinsic written as an object and the value the code reads from the environment are no findings.
const serviceScript = `import type { AWS } from '@serverless/typescript';

const tableStatements = [
  { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:GetItme'], Resource: { 'Fn::GetAtt': ['ReportsTable', 'Arn'] } },
];

const serverlessConfiguration: AWS = {
  service: 'reports',
  provider: {
    name: 'aws',
    iam: {
      role: {
        statements: [
          ...tableStatements,
          { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sns:\${aws:region}:\${aws:accountId}:jobs' },
          { Effect: 'Allow', Action: 's3:PutObject', Resource: \`arn:aws:s3:::\${process.env.BUCKET}/*\` },
        ],
      },
    },
  },
  resources: {
    Resources: {
      ReportsTable: { Type: 'AWS::DynamoDB::Table' },
      ReportsBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: 'reports-\${sls:stage}',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports-\${sls:stage}/*' }],
          },
        },
      },
    },
  },
};

export default serverlessConfiguration;
`;

// A CDK stack whose statements hold mistakes the CDK reader catches: a misspelt action in a const list a statement
// spreads, an SNS ARN for an SQS action, and a bucket opened to anyone; the values the app computes are no findings.
const cdkStack = `import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
const READ_ACTIONS = ['s3:GetObject', 's3:ListBuckets'];
export class ReportsStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);
    const reports = new s3.Bucket(this, 'Reports');
    const reader = new iam.Role(this, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    reader.addToPolicy(new iam.PolicyStatement({
      actions: [...READ_ACTIONS],
      resources: [reports.bucketArn, \`\${reports.bucketArn}/*\`],
    }));
    reader.addToPolicy(new iam.PolicyStatement({
      actions: ['sqs:SendMessage'],
      resources: ['arn:aws:sns:us-east-1:123456789012:report-ready'],
    }));
    reports.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject'],
      resources: [reports.arnForObjects('public/*')],
    }));
  }
}
`;

const cdkPythonStack = `from aws_cdk import Stack, aws_iam as iam, aws_s3 as s3
from constructs import Construct

READ_ACTIONS = ["s3:GetObject", "s3:ListBuckets"]


class ReportsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        reports = s3.Bucket(self, "Reports")
        reader = iam.Role(self, "Reader", assumed_by=iam.AccountRootPrincipal())
        reader.add_to_policy(iam.PolicyStatement(
            actions=[*READ_ACTIONS],
            resources=[reports.bucket_arn, f"{reports.bucket_arn}/*"],
        ))
        reader.add_to_policy(iam.PolicyStatement(
            actions=["sqs:SendMessage"],
            resources=["arn:aws:sns:us-east-1:123456789012:report-ready"],
        ))
        reports.add_to_resource_policy(iam.PolicyStatement(
            principals=[iam.AnyPrincipal()],
            actions=["s3:GetObject"],
            resources=[reports.arn_for_objects("public/*")],
        ))
`;

const cdkJavaStack = `package com.example;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.*;
import software.amazon.awscdk.services.s3.Bucket;
import java.util.List;

public class ReportsStack extends Stack {
    static final List<String> READ_ACTIONS = List.of("s3:GetObject", "s3:ListBuckets");

    public ReportsStack(final Construct scope, final String id) {
        super(scope, id);
        Bucket reports = Bucket.Builder.create(this, "Reports").build();
        Role reader = Role.Builder.create(this, "Reader").assumedBy(new AccountRootPrincipal()).build();
        reader.addToPolicy(PolicyStatement.Builder.create().actions(READ_ACTIONS)
                .resources(List.of(reports.getBucketArn(), reports.getBucketArn() + "/*")).build());
        reports.addToResourcePolicy(PolicyStatement.Builder.create().principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:GetObject"))
                .resources(List.of(reports.arnForObjects("public/*"))).build());
    }
}
`;

const cdkCSharpStack = `using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace Example
{
    public class ReportsStack : Stack
    {
        static readonly string[] ReadActions = { "s3:GetObject", "s3:ListBuckets" };

        internal ReportsStack(Construct scope, string id) : base(scope, id)
        {
            var reports = new Bucket(this, "Reports");
            var reader = new Role(this, "Reader", new RoleProps { AssumedBy = new AccountRootPrincipal() });
            reader.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = ReadActions,
                Resources = new[] { reports.BucketArn, $"{reports.BucketArn}/*" }
            }));
            reports.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Principals = new[] { new AnyPrincipal() },
                Actions = new[] { "s3:GetObject" },
                Resources = new[] { reports.ArnForObjects("public/*") }
            }));
        }
    }
}
`;

// Typings that stand for the CDK modules the stack imports, so TypeScript's own checks stay out of the picture.
const cdkModules = `declare module 'aws-cdk-lib' {
  export const Stack: any;
  export type App = any;
}
declare module 'aws-cdk-lib/aws-iam';
declare module 'aws-cdk-lib/aws-s3';
`;

// A Pulumi program: a trust policy from getPolicyDocument, an inline policy with a misspelt action, a bucket policy.
const pulumiProgram = `import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';

const reports = new aws.s3.Bucket('reports');

const assumeRole = aws.iam.getPolicyDocument({
  statements: [{
    principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
    actions: ['sts:AssumeRole'],
  }],
});

export const worker = new aws.iam.Role('reports-worker', {
  assumeRolePolicy: assumeRole.then((doc: { json: string }) => doc.json),
  inlinePolicies: [{
    name: 'read-reports',
    policy: reports.arn.apply((arn: string) => JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListObject'], Resource: \`\${arn}/*\` }],
    })),
  }],
});

new aws.s3.BucketPolicy('reports', {
  bucket: reports.id,
  policy: pulumi.jsonStringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow', Principal: '*', Action: 's3:GetObject',
      Resource: pulumi.interpolate\`\${reports.arn}/*\`,
    }],
  }),
});
`;

const pulumiModules = `declare module '@pulumi/pulumi';
declare module '@pulumi/aws';
`;

// A CDK for Terraform stack: a trust policy from DataAwsIamPolicyDocument, an inline policy with a misspelt action
// given to Fn.jsonencode, and a bucket policy open to anyone.
const cdktfStack = `import { Construct } from 'constructs';
import { Fn, TerraformStack } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

export class ReportsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const assumeRole = new DataAwsIamPolicyDocument(this, 'assume-role', {
      statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }],
    });
    new IamRole(this, 'reports-worker', {
      assumeRolePolicy: assumeRole.json,
      inlinePolicy: [{
        name: 'read-reports',
        policy: Fn.jsonencode({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListObject'], Resource: 'arn:aws:s3:::reports/*' }],
        }),
      }],
    });
    new S3BucketPolicy(this, 'reports-public', {
      bucket: 'reports',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
      }),
    });
  }
}
`;

const cdktfModules = `declare module 'constructs';
declare module 'cdktf';
declare module '@cdktf/provider-aws/lib/iam-role';
declare module '@cdktf/provider-aws/lib/s3-bucket-policy';
declare module '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
`;

// A function's configuration in its own module, as the framework's TypeScript template lays a service out.
const functionModule = `const auctionsTable = { 'Fn::GetAtt': ['AuctionsTable', 'Arn'] };

export default {
  handler: 'src/functions/placeBid/handler.main',
  iamRoleStatementsInherit: true,
  iamRoleStatements: [
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:UpdateItm'],
      Resource: auctionsTable,
    },
    {
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: 'arn:aws:sns:us-east-1:123456789012:bids',
    },
    { Effect: 'Allow', Action: 's3:*', Resource: '*' },
  ],
  events: [{ http: { method: 'patch', path: 'auction/{id}/bid' } }],
};
`;

const serverlessModules = `declare module '@serverless/typescript' {
  export type AWS = Record<string, unknown>;
}
declare const process: { env: Record<string, string | undefined> };
`;

// Page functions run in the browser; the project compiles without the DOM library.
interface DomElement {
  getBoundingClientRect(): { bottom: number };
  getAnimations(options: { subtree: boolean }): { playState: string }[];
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxOf(vs: VsCode, selector: string): Promise<Box> {
  const box = await vs.page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not on screen.`);
  return box;
}

/** The editor part from its tabs down to whatever `below` reaches (plus a margin), so no empty editor is shown. */
async function editorClip(vs: VsCode, below: string[]): Promise<Box> {
  const editor = await boxOf(vs, '.part.editor');
  const lines = await vs
    .editor()
    .locator('.view-lines .view-line')
    .evaluateAll((rows: DomElement[]) => rows.map((row) => row.getBoundingClientRect().bottom));
  let bottom = Math.max(...lines);
  for (const selector of below) {
    const box = await boxOf(vs, selector);
    bottom = Math.max(bottom, box.y + box.height);
  }
  const height = Math.min(editor.height, Math.ceil(bottom + 24 - editor.y));
  return { x: editor.x, y: editor.y, width: editor.width, height };
}

/** Waits until the element's animations (a hover's or a menu's fade-in) are over, so it is drawn at full opacity. */
async function waitForStill(vs: VsCode, selector: string): Promise<void> {
  await waitFor(
    () =>
      vs.page
        .locator(selector)
        .first()
        .evaluate((element: DomElement) => element.getAnimations({ subtree: true }).filter((a) => a.playState === 'running').length),
    (running) => running === 0,
    `${selector} to finish animating`,
  );
}

async function save(vs: VsCode, name: string, clip: Box): Promise<void> {
  const path = join(outDir, name);
  await vs.page.screenshot({ path, clip });
  const { size } = await stat(path);
  const note = size > maxBytes ? ` (over ${maxBytes / 1024} KB: crop it further)` : '';
  console.log(`${relative(repoRoot, path)}: ${Math.round(clip.width)}x${Math.round(clip.height)}, ${Math.round(size / 1024)} KB${note}`);
  if (size > maxBytes) process.exitCode = 1;
}

async function resetEditor(vs: VsCode): Promise<void> {
  await vs.page.keyboard.press('Escape');
  await vs.page.keyboard.press('Escape');
  await vs.runCommand('File: Revert File');
}

async function takeDiagnostics(vs: VsCode): Promise<void> {
  await vs.quickOpen('reports.policy.json');
  await vs.waitForProblems((all) => all.filter((p) => p.source === 'iam-policy').length >= 3, 'the three problems of reports.policy.json');
  await vs.waitForSquiggles('error');
  // The cursor on the empty last line, so no bracket is highlighted; the panel's rows unfocused.
  await vs.goTo(15, 1);
  const editor = await boxOf(vs, '.part.editor');
  const rows = await vs.page.locator('.markers-panel .monaco-list-row').evaluateAll((all: DomElement[]) => all.map((row) => row.getBoundingClientRect().bottom));
  await save(vs, 'diagnostics.png', { x: editor.x, y: editor.y, width: editor.width, height: Math.ceil(Math.max(...rows) + 16 - editor.y) });
  await vs.page.keyboard.press('Control+J'); // close the panel for the shots that follow
  await vs.page.locator('.part.panel').waitFor({ state: 'hidden' });
}

async function takeCompletion(vs: VsCode): Promise<void> {
  await vs.quickOpen('upload.policy.json');
  await waitFor(() => vs.page.locator('[id$=".iamPolicy.policyType"]').isVisible(), Boolean, 'the server to check upload.policy.json');
  const inside = positionOf(uploadPolicy, '[]');
  await vs.goTo(inside.line, inside.column + 1);
  await vs.typeText('"s3:PutObj');
  // Put*Obj* spans several access levels: Write, Permissions management, Tagging.
  await waitFor(
    () => suggestionRows(vs),
    (rows) => rows[0]?.label === 's3:PutObject' && new Set(rows.map((r) => r.detail)).size >= 3,
    's3:PutObject at the top of the suggestions',
  );
  await waitForStill(vs, '.suggest-widget.visible');
  await save(vs, 'completion.png', await editorClip(vs, ['.suggest-widget.visible']));
  await resetEditor(vs);
}

async function takeHover(vs: VsCode): Promise<void> {
  await vs.quickOpen('reports.policy.json');
  await vs.hover('s3:GetObject');
  await waitFor(
    () => hoverText(vs),
    (text) => text.includes('Service catalog'),
    'the action hover',
  );
  await waitForStill(vs, '.monaco-editor .monaco-hover:not(.hidden)');
  await save(vs, 'hover.png', await editorClip(vs, ['.monaco-editor .monaco-hover:not(.hidden)']));
  await vs.parkMouse();
  await vs.page.keyboard.press('Escape');
}

async function takeQuickFix(vs: VsCode): Promise<void> {
  await vs.quickOpen('reports.policy.json');
  const { line, column } = positionOf(brokenPolicy, '"allow"');
  await vs.goTo(line, column + 1);
  await openQuickFixes(vs);
  await waitForStill(vs, '.action-widget');
  await save(vs, 'quick-fix.png', await editorClip(vs, ['.action-widget']));
  // Check the menu does what it shows, then put the file back.
  await chooseQuickFix(vs, 'Change to "Allow"');
  await waitFor(
    () => quickFixTitles(vs),
    (titles) => titles.length === 0,
    'the menu to close',
  );
  await resetEditor(vs);
}

/**
 * A host file in the editor above the Problems panel with only its problems (the files opened before are closed), the
 * cursor on its empty last line: the panel's rows unfocused, no bracket highlighted. The viewport is sized so the
 * whole file shows above the panel.
 */
async function takeFileWithProblems(vs: VsCode, file: string, shot: string, options: { width: number; height: number; lastLine: number; findings: number }): Promise<void> {
  await vs.runCommand('View: Close All Editors');
  await vs.page.setViewportSize({ width: options.width, height: options.height });
  await vs.quickOpen(file);
  await vs.waitForProblems((all) => {
    const ours = all.filter((p) => p.source === 'iam-policy');
    return ours.length >= options.findings && all.every((p) => p.file === file);
  }, `the problems of ${file} alone`);
  await vs.waitForSquiggles('error');
  await vs.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  await vs.page.locator('.markers-panel .monaco-list-row').first().waitFor();
  await vs.quickOpen(file);
  await vs.goTo(options.lastLine, 1);
  const editor = await boxOf(vs, '.part.editor');
  const rows = await vs.page.locator('.markers-panel .monaco-list-row').evaluateAll((all: DomElement[]) => all.map((row) => row.getBoundingClientRect().bottom));
  await save(vs, shot, { x: editor.x, y: editor.y, width: editor.width, height: Math.ceil(Math.max(...rows) + 16 - editor.y) });
}

async function takeServerless(vs: VsCode): Promise<void> {
  await takeFileWithProblems(vs, 'serverless.yml', 'serverless.png', { width: viewport.width, height: 960, lastLine: 23, findings: 3 });
  await takeFileWithProblems(vs, 'serverless.ts', 'serverless-ts.png', { width: viewport.width, height: 1050, lastLine: 1, findings: 4 });
  await takeFileWithProblems(vs, 'src/functions/placeBid/index.ts', 'serverless-function.png', { width: viewport.width, height: 900, lastLine: 21, findings: 3 });
}

async function takeCdk(vs: VsCode): Promise<void> {
  // Narrower than the others, to keep the file under its size.
  await takeFileWithProblems(vs, 'reports-stack.ts', 'cdk.png', { width: 1000, height: 931, lastLine: 25, findings: 4 });
  await takeFileWithProblems(vs, 'reports_stack.py', 'cdk-python.png', { width: 1000, height: 931, lastLine: 25, findings: 4 });
  await takeFileWithProblems(vs, 'ReportsStack.java', 'cdk-java.png', { width: 1000, height: 931, lastLine: 22, findings: 2 });
  await takeFileWithProblems(vs, 'ReportsStack.cs', 'cdk-csharp.png', { width: 1000, height: 1000, lastLine: 30, findings: 2 });
}

async function main(): Promise<void> {
  const workspace = await mkdtemp(join(tmpdir(), 'iam-screenshots-'));
  let vs: VsCode | undefined;
  try {
    await writeFile(join(workspace, 'reports.policy.json'), brokenPolicy);
    await writeFile(join(workspace, 'upload.policy.json'), uploadPolicy);
    await writeFile(join(workspace, 'serverless.yml'), serviceFile);
    await writeFile(join(workspace, 'serverless.ts'), serviceScript);
    await writeFile(join(workspace, 'reports-stack.ts'), cdkStack);
    await writeFile(join(workspace, 'reports_stack.py'), cdkPythonStack);
    await writeFile(join(workspace, 'ReportsStack.java'), cdkJavaStack);
    await writeFile(join(workspace, 'ReportsStack.cs'), cdkCSharpStack);
    await writeFile(join(workspace, 'cdk-modules.d.ts'), cdkModules);
    await writeFile(join(workspace, 'serverless-modules.d.ts'), serverlessModules);
    await mkdir(join(workspace, 'infra'), { recursive: true });
    await writeFile(join(workspace, 'infra/index.ts'), pulumiProgram);
    await writeFile(join(workspace, 'pulumi-modules.d.ts'), pulumiModules);
    await writeFile(join(workspace, 'reports-cdktf.ts'), cdktfStack);
    await writeFile(join(workspace, 'cdktf-modules.d.ts'), cdktfModules);
    await mkdir(join(workspace, 'src/functions/placeBid'), { recursive: true });
    await writeFile(join(workspace, 'src/functions/placeBid/index.ts'), functionModule);
    await writeFile(join(workspace, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['*.ts', 'src/**/*.ts', 'infra/**/*.ts'] }, null, 2));
    await mkdir(outDir, { recursive: true });
    vs = await startVsCode({ suite: 'screenshots', workspace, settings: { 'workbench.activityBar.location': 'hidden', 'breadcrumbs.enabled': false } });
    await vs.page.setViewportSize(viewport);
    await vs.openFromExplorer('reports.policy.json');
    await vs.waitForActivation();
    await vs.runCommand('View: Close Primary Side Bar');
    // SCREENSHOTS=cdktf.png takes that one alone (the others' pixels change from run to run).
    const only = process.env.SCREENSHOTS?.split(',');
    const shots: [string, () => Promise<void>][] = [
      ['diagnostics.png', () => takeDiagnostics(vs!)],
      ['completion.png', () => takeCompletion(vs!)],
      ['hover.png', () => takeHover(vs!)],
      ['quick-fix.png', () => takeQuickFix(vs!)],
      ['serverless.png', () => takeServerless(vs!)],
      ['cdk.png', () => takeCdk(vs!)],
      ['pulumi.png', () => takeFileWithProblems(vs!, 'infra/index.ts', 'pulumi.png', { width: 1000, height: 1080, lastLine: 1, findings: 2 })],
      ['cdktf.png', () => takeFileWithProblems(vs!, 'reports-cdktf.ts', 'cdktf.png', { width: 960, height: 1000, lastLine: 1, findings: 2 })],
    ];
    for (const [name, take] of shots) if (!only || only.includes(name)) await take();
  } catch (error) {
    if (vs) await vs.saveArtifacts('screenshots', error);
    throw error;
  } finally {
    await vs?.stop();
    await rm(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
