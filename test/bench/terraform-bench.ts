// Terraform: a generated 450 KB .tf file with 300 policy documents in every form the reader knows. Times the
// first read + check of the whole file and the re-read + check after a one-character edit, next to tree-sitter's
// own parse of the same text (the floor for any reader built on it). The core is the bundled one, as shipped.
// bench.ts calls `benchTerraform()`; run alone with `node --import tsx test/bench/terraform-bench.ts`.
import { bundledCore } from './bundled-core';
import { median, ms, percentile, row } from './stats';

const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** One policy in one of the four forms, with the interpolations and blocks real modules have; about 1.5 KB each. */
function policyBlock(index: number): string {
  const bucket = `aws_s3_bucket.data_${index % 17}`;
  switch (index % 4) {
    case 0:
      return `data "aws_iam_policy_document" "doc_${index}" {
  statement {
    sid     = "Read${index}"
    actions = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation"]
    resources = [
      ${bucket}.arn,
      "\${${bucket}.arn}/*",
      "arn:aws:s3:::logs-${index}/&{aws:username}/*",
    ]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }

  statement {
    effect    = "Deny"
    actions   = concat(["s3:DeleteObject", "s3:DeleteBucket"], var.denied_actions)
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1", "eu-central-1"]
    }
  }

  dynamic "statement" {
    for_each = var.extra_statements
    content {
      actions   = statement.value.actions
      resources = ["arn:aws:sqs:eu-west-1:123456789012:queue-${index}"]
    }
  }
}
`;
    case 1:
      return `resource "aws_iam_policy" "policy_${index}" {
  name        = "policy-${index}"
  description = "Generated policy ${index} for the benchmark"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Queues${index}"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
        Resource = [aws_sqs_queue.q_${index % 13}.arn, "arn:aws:sqs:eu-west-1:123456789012:jobs-${index}"]
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-${String(index).padStart(12, '0')}"
        Condition = {
          StringEquals = { "kms:ViaService" = "sqs.eu-west-1.amazonaws.com" }
        }
      },
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:eu-west-1:123456789012:log-group:/app/${index}:*"
      },
    ]
  })
}
`;
    case 2:
      return `resource "aws_s3_bucket_policy" "bucket_${index}" {
  bucket = ${bucket}.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "DenyInsecure${index}",
          "Effect": "Deny",
          "Principal": "*",
          "Action": "s3:*",
          "Resource": ["\${${bucket}.arn}", "\${${bucket}.arn}/*"],
          "Condition": {"Bool": {"aws:SecureTransport": "false"}}
        },
        {
          "Sid": "AllowRole${index}",
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::123456789012:role/app-${index}"},
          "Action": ["s3:GetObject", "s3:PutObject"],
          "Resource": "\${${bucket}.arn}/*"
        }
      ]
    }
  EOT
}
`;
    default:
      return `resource "aws_iam_role" "role_${index}" {
  name = "role-${index}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = ["ec2.amazonaws.com", "lambda.amazonaws.com"] }
      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }]
  })

  inline_policy {
    name = "inline-${index}"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
        Resource = "arn:aws:dynamodb:eu-west-1:123456789012:table/table-${index}"
      }]
    })
  }

  tags = {
    Team    = "bench"
    Index   = "${index}"
  }
}
`;
  }
}

/** The benchmark's .tf text: policy blocks until there are 300 policies, padded with ordinary resources to ~450 KB. */
export function generatedTerraform(): { text: string; policies: number } {
  const parts: string[] = ['data "aws_caller_identity" "current" {}\n\n'];
  let policies = 0;
  for (let index = 0; policies < 300; index++) {
    parts.push(policyBlock(index), '\n');
    policies += index % 4 === 3 ? 2 : 1;
    // Ordinary resources between the policies, as in real modules.
    parts.push(
      `resource "aws_sqs_queue" "q_${index}" {\n  name                       = "queue-${index}"\n  visibility_timeout_seconds = 30\n  message_retention_seconds  = 86400\n  tags = { Name = "queue-${index}", Team = "bench" }\n}\n\n`,
    );
  }
  let text = parts.join('');
  for (let pad = 0; text.length < 450 * 1024; pad++) {
    text += `resource "aws_cloudwatch_log_group" "pad_${pad}" {\n  name              = "/bench/pad/${pad}"\n  retention_in_days = 14\n}\n\n`;
  }
  return { text, policies };
}

export async function benchTerraform(): Promise<void> {
  const { terraformReader, terraformParser, editBetween, checkPolicy, getCatalog, allChecks, isBuilt, analyzeDocument, FindingsCache, defaultConfiguration } = bundledCore();
  const allRuleIds = () => allChecks.map((check) => check.id);
  await terraformReader.prepare!();
  const parser = terraformParser();
  if (parser instanceof Error) throw parser;
  getCatalog();
  const { text, policies } = generatedTerraform();
  console.log(`\nTerraform: a generated ${(text.length / 1024).toFixed(0)} KB .tf file with ${policies} policies`);

  // The machine is shared: each run times the bare parse right before the read, and the ratios are per run.
  const parseTimes: number[] = [];
  const timeParse = () => {
    const start = performance.now();
    parser.parse(text)!.delete();
    parseTimes.push(performance.now() - start);
  };

  let uri = 0;
  const readTimes: number[] = [];
  const firstTimes: number[] = [];
  const sizeTimes: number[] = [];
  let found = 0;
  // policy-size measures `policy.text`, which for an embedded policy is the whole host file; timed apart.
  const withoutSize = { rules: { 'policy-size': 'off' as const } };
  const readRatios: number[] = [];
  const firstRatios: number[] = [];
  for (let run = 0; run < 5; run++) {
    timeParse();
    const start = performance.now();
    const document = terraformReader.read({ text, uri: `file:///bench/first-${uri++}.tf`, languageId: 'terraform' })!;
    readTimes.push(performance.now() - start);
    for (const embedded of document.policies) checkPolicy(embedded.policy, { policyType: embedded.policyType, ...withoutSize });
    firstTimes.push(performance.now() - start);
    readRatios.push(readTimes[run] / parseTimes[run]);
    firstRatios.push(firstTimes[run] / parseTimes[run]);
    const sizeStart = performance.now();
    for (const embedded of document.policies)
      checkPolicy(embedded.policy, { policyType: embedded.policyType, rules: { ...Object.fromEntries(allRuleIds().map((id) => [id, 'off' as const])), 'policy-size': 'warning' } });
    sizeTimes.push(performance.now() - sizeStart);
    found = document.policies.length;
  }
  const read = median(readTimes);
  const first = median(firstTimes);
  row(`tree-sitter parse alone (median of 5)`, ms(median(parseTimes)), `the baseline`);
  row(`first read, parse included (median of 5)`, ms(read), `${median(readRatios).toFixed(2)}× the parse (median of per-run ratios); ${found} policies found`);
  row(`first read + check of every policy`, ms(first), `target < 1500 ms; ${median(firstRatios).toFixed(2)}× the parse; policy-size off`);
  row(`policy-size alone on the 300 policies`, ms(median(sizeTimes)), `it measures the whole .tf text per policy`);

  // The server's first diagnostics: the one document pipeline (analyzeDocument with a FindingsCache, every rule on),
  // set against the bare parse timed right before; the CPU time of the process too, which the load does not inflate.
  const pipelineRatios: number[] = [];
  const pipelineTimes: number[] = [];
  const pipelineCpu: number[] = [];
  const parseCpu: number[] = [];
  for (let run = 0; run < 5; run++) {
    const cpuStart = cpuNow();
    timeParse();
    parseCpu.push(cpuNow() - cpuStart);
    const start = performance.now();
    const pipelineCpuStart = cpuNow();
    analyzeDocument({ text, uri: `file:///bench/pipeline-${run}.tf`, languageId: 'terraform' }, { config: defaultConfiguration, findings: new FindingsCache() });
    pipelineCpu.push(cpuNow() - pipelineCpuStart);
    pipelineTimes.push(performance.now() - start);
    pipelineRatios.push(pipelineTimes[run] / parseTimes[parseTimes.length - 1]);
  }
  row(
    `first diagnostics: analyzeDocument (median of 5)`,
    ms(median(pipelineTimes)),
    `target < 1500 ms; ${median(pipelineRatios).toFixed(2)}× the parse; CPU ${ms(median(pipelineCpu))}, ${(median(pipelineCpu) / median(parseCpu)).toFixed(2)}× the parse's`,
  );

  // One-character edits at spread-out places in policy text, each re-read incrementally in the same document. Each
  // edit is first re-parsed incrementally on a tree of its own: tree-sitter's share, and the floor for the re-read.
  const anchors = [...text.matchAll(/"s3:GetObject"/g)].map((match) => match.index! + 4);
  const editAt = (before: string, edit: number) => {
    const at = anchors[(edit * 7) % anchors.length];
    return { at, after: edit % 2 === 0 ? before.slice(0, at) + 'x' + before.slice(at) : before.slice(0, at) + before.slice(at + 1) };
  };
  const incrementalParse: number[] = [];
  const rereads: number[] = [];
  const rereadRatios: number[] = [];
  const changedChecks: number[] = [];
  const unbuilt: number[] = [];
  {
    const editUri = 'file:///bench/edits.tf';
    terraformReader.read({ text, uri: editUri, languageId: 'terraform' });
    let tree = parser.parse(text)!;
    let current = text;
    for (let edit = 0; edit < 40; edit++) {
      const { at, after } = editAt(current, edit);
      const parseStart = performance.now();
      tree.edit(editBetween(current, after));
      const next = parser.parse(after, tree)!;
      incrementalParse.push(performance.now() - parseStart);
      tree.delete();
      tree = next;
      current = after;
      const start = performance.now();
      const document = terraformReader.read({ text: current, uri: editUri, languageId: 'terraform' })!;
      rereads.push(performance.now() - start);
      rereadRatios.push(rereads[edit] / incrementalParse[edit]);
      // The policy the edit is in: what a pipeline that re-checks only changed policies checks (analyze.ts's FindingsCache).
      const changed = document.policies.find((embedded) => embedded.span.start <= at && at < embedded.span.end);
      if (changed) checkPolicy(changed.policy, { policyType: changed.policyType, ...withoutSize });
      changedChecks.push(performance.now() - start);
      unbuilt.push(document.policies.filter((embedded) => !isBuilt(embedded.policy)).length);
    }
    tree.delete();
  }
  row('incremental tree-sitter parse alone: median', ms(median(incrementalParse)), 'the baseline for edits');
  row(
    're-read after a 1-char edit: median / p95',
    `${ms(median(rereads))} / ${ms(percentile(rereads, 95))}`,
    `${median(rereadRatios).toFixed(2)}× / ${percentile(rereadRatios, 95).toFixed(2)}× the incremental parse of the same edit`,
  );
  row('re-read + check the edited policy', `${ms(median(changedChecks))} / ${ms(percentile(changedChecks, 95))}`, 'median / p95; target p95 < 100 ms');
  row('  moved policies left unbuilt by the re-read', `${median(unbuilt)} of ${found}`, 'median; moved copies are built when something reads them (moved-policy.ts)');

  // The server's diagnostics after an edit: the pipeline (analyzeDocument with the document's FindingsCache, every rule
  // on), each edit set against its own incremental re-parse just before; host-edits times the LSP layer around it.
  const pipelineEdits: number[] = [];
  const pipelineEditRatios: number[] = [];
  const pipelineEditCpu: number[] = [];
  {
    const editUri = 'file:///bench/edits-pipeline.tf';
    const findings = new FindingsCache();
    const analyse = (current: string) => analyzeDocument({ text: current, uri: editUri, languageId: 'terraform' }, { config: defaultConfiguration, findings });
    analyse(text);
    let tree = parser.parse(text)!;
    let current = text;
    for (let edit = 0; edit < 40; edit++) {
      const { after } = editAt(current, edit);
      const parseStart = performance.now();
      tree.edit(editBetween(current, after));
      const next = parser.parse(after, tree)!;
      const parseTime = performance.now() - parseStart;
      tree.delete();
      tree = next;
      current = after;
      const cpuStart = cpuNow();
      const start = performance.now();
      analyse(current);
      pipelineEdits.push(performance.now() - start);
      pipelineEditCpu.push(cpuNow() - cpuStart);
      pipelineEditRatios.push(pipelineEdits[edit] / parseTime);
    }
    tree.delete();
  }
  row(
    'diagnostics after an edit: analyzeDocument',
    `${ms(median(pipelineEdits))} / ${ms(percentile(pipelineEdits, 95))}`,
    `median / p95, target p95 < 100 ms; ${median(pipelineEditRatios).toFixed(2)}× / ${percentile(pipelineEditRatios, 95).toFixed(2)}× the incremental parse; CPU ${ms(median(pipelineEditCpu))} / ${ms(percentile(pipelineEditCpu, 95))}`,
  );

  // Every policy checked again after each edit, with no findings kept: each moved copy is built for it.
  const rereadChecks: number[] = [];
  {
    const editUri = 'file:///bench/edits-all.tf';
    terraformReader.read({ text, uri: editUri, languageId: 'terraform' });
    let current = text;
    for (let edit = 0; edit < 20; edit++) {
      current = editAt(current, edit).after;
      const start = performance.now();
      const document = terraformReader.read({ text: current, uri: editUri, languageId: 'terraform' })!;
      for (const embedded of document.policies) checkPolicy(embedded.policy, { policyType: embedded.policyType, ...withoutSize });
      rereadChecks.push(performance.now() - start);
    }
  }
  row('re-read + check all 300 policies', `${ms(median(rereadChecks))} / ${ms(percentile(rereadChecks, 95))}`, 'median / p95, no findings cached; policy-size off');
}

if (require.main === module) {
  benchTerraform().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
