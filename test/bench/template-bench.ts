import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import type { BundledCore } from './bundled-core';
import { median, ms, percentile, row, timeRuns } from './stats';

/**
 * A CloudFormation template of about 1 MB with 300 roles, as real stacks write them: a trust policy, inline policies
 * with `!Sub` ARNs, `!GetAtt`, `!Ref`, `Fn::If` and conditions, a managed policy per ten roles, a bucket policy
 * and a `!Sub |` JSON policy now and then.
 */
export function generatedTemplate(roles = 300): string {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Description: generated for the benchmark',
    'Parameters:',
    '  Stage: {Type: String, AllowedValues: [dev, prod]}',
    'Conditions:',
    '  IsProd: !Equals [!Ref Stage, prod]',
    'Resources:',
  ];
  for (let i = 0; i < roles; i++) {
    lines.push(
      `  Queue${i}:`,
      '    Type: AWS::SQS::Queue',
      `  Table${i}:`,
      '    Type: AWS::DynamoDB::Table',
      `  Role${i}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      RoleName: !Sub '\${AWS::StackName}-worker-${i}'`,
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              Service: [lambda.amazonaws.com, states.amazonaws.com]',
      '            Action: sts:AssumeRole',
      '            Condition:',
      '              StringEquals:',
      '                aws:SourceAccount: !Ref AWS::AccountId',
      '      Policies:',
      `        - PolicyName: worker-${i}`,
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Sid: Queue',
      '                Effect: Allow',
      '                Action:',
      '                  - sqs:ReceiveMessage',
      '                  - sqs:DeleteMessage',
      '                  - sqs:GetQueueAttributes',
      "                  - !If [IsProd, 'sqs:ChangeMessageVisibility', !Ref AWS::NoValue]",
      `                Resource: !GetAtt Queue${i}.Arn`,
      '              - Sid: Table',
      '                Effect: Allow',
      '                Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:Query, dynamodb:BatchWriteItem]',
      '                Resource:',
      `                  - !GetAtt Table${i}.Arn`,
      `                  - !Sub '\${Table${i}.Arn}/index/*'`,
      '              - Sid: Logs',
      '                Effect: Allow',
      '                Action:',
      '                  - logs:CreateLogGroup',
      '                  - logs:CreateLogStream',
      '                  - logs:PutLogEvents',
      `                Resource: !Sub 'arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/worker-${i}:*'`,
      '              - Sid: Objects',
      '                Effect: Allow',
      '                Action: [s3:GetObject, s3:PutObject]',
      `                Resource: !Sub 'arn:\${AWS::Partition}:s3:::data-\${AWS::AccountId}/worker-${i}/*'`,
      '                Condition:',
      '                  StringEquals:',
      "                    s3:x-amz-server-side-encryption: 'aws:kms'",
      `        - PolicyName: secrets-${i}`,
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: [secretsmanager:GetSecretValue, kms:Decrypt]',
      '                Resource:',
      `                  - !Sub 'arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:app/worker-${i}-*'`,
      `                  - !ImportValue shared-key-arn`,
      `        - PolicyName: telemetry-${i}`,
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Sid: Tracing',
      '                Effect: Allow',
      '                Action: [xray:PutTraceSegments, xray:PutTelemetryRecords, cloudwatch:PutMetricData]',
      "                Resource: '*'",
      '              - Sid: Parameters',
      '                Effect: Allow',
      '                Action: [ssm:GetParameter, ssm:GetParametersByPath]',
      `                Resource: !Sub 'arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/app/\${Stage}/worker-${i}/*'`,
      '              - Sid: Events',
      '                Effect: Allow',
      '                Action: events:PutEvents',
      "                Resource: !Join ['', ['arn:', !Ref AWS::Partition, ':events:', !Ref AWS::Region, ':', !Ref AWS::AccountId, ':event-bus/orders']]",
      '      ManagedPolicyArns:',
      "        - !Sub 'arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'",
      '      Tags:',
      '        - {Key: team, Value: orders}',
      `        - {Key: component, Value: worker-${i}}`,
      '        - {Key: cost-center, Value: "4711"}',
    );
    if (i % 10 === 0) {
      lines.push(
        `  Managed${i}:`,
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        `      Roles: [!Ref Role${i}]`,
        '      PolicyDocument: !Sub |',
        '        {',
        '          "Version": "2012-10-17",',
        '          "Statement": [',
        `            {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": "arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:events-${i}"},`,
        `            {"Effect": "Allow", "Action": "events:PutEvents", "Resource": "arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/default"}`,
        '          ]',
        '        }',
        `  Bucket${i}:`,
        '    Type: AWS::S3::Bucket',
        `  BucketPolicy${i}:`,
        '    Type: AWS::S3::BucketPolicy',
        '    Properties:',
        `      Bucket: !Ref Bucket${i}`,
        '      PolicyDocument:',
        '        Version: "2012-10-17"',
        '        Statement:',
        '          - Sid: TlsOnly',
        '            Effect: Deny',
        "            Principal: '*'",
        "            Action: 's3:*'",
        `            Resource: [!GetAtt Bucket${i}.Arn, !Sub '\${Bucket${i}.Arn}/*']`,
        '            Condition: {Bool: {aws:SecureTransport: false}}',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Two roles appended to the generated template: one may pass the other, an administrator, to Lambda (one escalation path). */
export const ESCALATING_ROLES = `  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: AdminRole
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
      ManagedPolicyArns: [!Sub 'arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess']
  Deployer:
    Type: AWS::IAM::Role
    Properties:
      RoleName: Deployer
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: codebuild.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Sid: Pass, Effect: Allow, Action: iam:PassRole, Resource: !GetAtt AdminRole.Arn}
              - {Sid: Functions, Effect: Allow, Action: [lambda:CreateFunction, lambda:InvokeFunction], Resource: '*'}
`;

/**
 * escalation-path (issue 15): the account the template defines, analysed a moment after the last edit (never on
 * the per-edit path), and what the per-edit path does for it (moving the last findings with the edit).
 */
function benchTemplateEscalations(
  core: Pick<BundledCore, 'readDocumentAccount' | 'documentEscalations' | 'escalationProblems' | 'movedProblems' | 'defaultConfiguration'>,
  text: string,
  parse: number,
): void {
  const { readDocumentAccount, documentEscalations, escalationProblems, movedProblems, defaultConfiguration } = core;
  const uri = 'file:///bench/escalating.yaml';
  const full = () => {
    const account = readDocumentAccount('cloudformation', [{ file: uri, text }])!;
    const result = documentEscalations(account);
    return { account, result, problems: escalationProblems(account, result, defaultConfiguration).get(uri) ?? [] };
  };
  const first = full();
  const roles = first.account.account.roles.size;
  const analyse = timeRuns(5, full);
  const unchanged = timeRuns(5, () => {
    const account = readDocumentAccount('cloudformation', [{ file: uri, text: `# edited\n${text}` }])!;
    documentEscalations(account, { fingerprint: first.account.fingerprint, result: first.result });
  });
  const at = text.indexOf('Resource: !GetAtt Queue150.Arn');
  const edited = `${text.slice(0, at)}x${text.slice(at)}`;
  const move = timeRuns(21, () => movedProblems(first.problems, text, edited));
  row(`escalation-path: ${roles} roles, ${first.problems.length} finding`, '', 'found a moment after the last edit, off the per-edit path');
  row('  account model + escalations + findings: median', ms(median(analyse)), `${(median(analyse) / parse).toFixed(2)}× the YAML parse`);
  row('  again after an edit that leaves the account: median', ms(median(unchanged)), `${(median(unchanged) / parse).toFixed(2)}× the YAML parse (escalations reused)`);
  row('  per edit, moving the last findings: median', ms(median(move)), `${((median(move) / parse) * 100).toFixed(2)}% of the YAML parse`);
}

type EscalationCore = Pick<BundledCore, 'readDocumentAccount' | 'documentEscalations' | 'escalationProblems' | 'defaultConfiguration' | 'EscalationRunner'>;

/**
 * What a typing pause costs the server's thread: the escalation analysis after a one-character edit in a policy (the
 * account changed, so the escalations are found again), as the largest event-loop delay while it runs
 * (perf_hooks.monitorEventLoopDelay). Before: in the server's thread, as until 0.1 (readDocumentAccount,
 * documentEscalations, escalationProblems). After: in the escalation worker (dist/escalation-worker.js), the thread
 * only sending the text and taking the findings. Each as a ratio to the YAML parse of the same text.
 */
async function benchEscalationPause(core: EscalationCore, text: string, parse: number): Promise<void> {
  const { readDocumentAccount, documentEscalations, escalationProblems, defaultConfiguration, EscalationRunner } = core;
  const uri = 'file:///bench/pause.yaml';
  const anchors = [...text.matchAll(/sqs:ReceiveMessage/g)].map((match) => match.index! + 3);
  const pauses = 7;
  const texts = Array.from({ length: pauses + 1 }, (_, i) => {
    const at = anchors[(i * 37) % anchors.length];
    return `${text.slice(0, at)}x${text.slice(at)}`;
  });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  /** The largest event-loop delay, and the wall time, from asking for the findings of each text to having them. */
  const measure = async (find: (text: string) => Promise<number>) => {
    await find(texts[0]); // the first: the worker's start, the catalog's load
    const blocks: number[] = [];
    const walls: number[] = [];
    const turns = () => new Promise((resolve) => setTimeout(resolve, 5));
    delay.enable();
    for (const edited of texts.slice(1)) {
      // reset() forgets the last sample too: the monitor's timer must fire again before a block can be measured.
      delay.reset();
      await turns();
      const start = performance.now();
      const found = await find(edited);
      walls.push(performance.now() - start);
      // A few more turns of the loop, so a block that just ended is sampled.
      await turns();
      if (found !== 1) throw new Error(`Expected one escalation-path finding, got ${found}`);
      blocks.push(delay.max / 1e6);
    }
    delay.disable();
    return { block: median(blocks), worst: Math.max(...blocks), wall: median(walls) };
  };
  let previous: { fingerprint: string; result: ReturnType<typeof documentEscalations> } | undefined;
  const before = await measure(async (edited) => {
    // As the server's timer ran it: the whole analysis in one turn of the loop.
    await new Promise((resolve) => setImmediate(resolve));
    const account = readDocumentAccount('cloudformation', [{ file: uri, text: edited }])!;
    const result = documentEscalations(account, previous);
    previous = { fingerprint: account.fingerprint, result };
    return escalationProblems(account, result, defaultConfiguration).get(uri)?.length ?? 0;
  });
  const log: string[] = [];
  const runner = new EscalationRunner(join(__dirname, '..', '..', 'dist', 'escalation-worker.js'), { info: (m) => log.push(m), error: (m) => log.push(m) });
  const after = await measure(async (edited) => {
    const found = await runner.run({ key: uri, kind: 'cloudformation', files: [{ file: uri, text: edited }], config: defaultConfiguration });
    return found?.problems.find(([file]) => file === uri)?.[1].length ?? 0;
  });
  const mode = runner.stats().mode;
  runner.dispose();
  const ratio = (value: number) => `${(value / parse).toFixed(2)}× the YAML parse`;
  row('event-loop block during a typing pause (max delay)', '', `${pauses} pauses, each after a one-character edit in a policy`);
  row('  before, analysed in the server thread: median', ms(before.block), `${ratio(before.block)}; worst ${ms(before.worst)}`);
  if (mode !== 'worker') {
    row('  after, in the escalation worker', 'not measured', `the worker did not start (run npm run build first): ${log.join(' ')}`);
    return;
  }
  row('  after, in the escalation worker: median', ms(after.block), `${ratio(after.block)}; worst ${ms(after.worst)}; ${(before.block / after.block).toFixed(0)}× less`);
  row('  time to the findings, before / after: median', `${ms(before.wall)} / ${ms(after.wall)}`, 'after: sending the text, the analysis, taking the findings');
}

export async function benchTemplates(
  core: Pick<
    BundledCore,
    'cloudFormationReader' | 'checkPolicy' | 'readDocumentAccount' | 'documentEscalations' | 'escalationProblems' | 'movedProblems' | 'defaultConfiguration' | 'EscalationRunner'
  >,
): Promise<void> {
  const text = generatedTemplate();
  const { cloudFormationReader, checkPolicy } = core;
  const analyse = () => {
    const document = cloudFormationReader.read({ text, uri: 'file:///bench/template.yaml' })!;
    let findings = 0;
    for (const policy of document.policies) findings += checkPolicy(policy.policy, { policyType: policy.policyType }).length;
    return { policies: document.policies.length, findings };
  };
  const { policies, findings } = analyse();
  console.log(`\nCloudFormation template (${(text.length / 1e6).toFixed(2)} MB, 300 roles, ${policies} policies, ${findings} findings)`);
  parseDocument(text);
  const parse = timeRuns(7, () => parseDocument(text));
  const read = timeRuns(7, () => cloudFormationReader.read({ text, uri: 'file:///bench/template.yaml' }));
  const full = timeRuns(7, analyse);
  row('yaml parseDocument alone: median', ms(median(parse)), 'the baseline');
  row('read the template into policies: median', ms(median(read)), `${(median(read) / median(parse)).toFixed(2)}× the YAML parse`);
  row('read + check every policy: median / p95', `${ms(median(full))} / ${ms(percentile(full, 95))}`, `target ≤ 5×: ${(median(full) / median(parse)).toFixed(2)}× the YAML parse`);
  benchTemplateEscalations(core, text + ESCALATING_ROLES, median(parse));
  await benchEscalationPause(core, text + ESCALATING_ROLES, median(parse));
}
