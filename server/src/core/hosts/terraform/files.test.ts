import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { checkPolicy } from '../../lint';
import { terraformReader } from './index';
import { policyFileReader } from '../policy-file';
import { defaultConfiguration } from '../../config/configuration';
import { analyzeDocument } from '../../analyze';

before(async () => {
  await terraformReader.prepare!();
});

test('file() and templatefile() policy values link to the file, resolved against the .tf file', () => {
  const { text, spans } = marked(`resource "aws_iam_policy" "a" {
  policy = file(«"policies/read.json"»)
}
resource "aws_iam_role" "r" {
  assume_role_policy = templatefile(«"\${path.module}/trust.json.tftpl"», { account = var.account })
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = file("\${var.dir}/unknown.json")
}
resource "aws_kms_key" "k" {
  policy = jsonencode(yamldecode(templatefile(«"\${path.module}/templates/key-policy.yaml.tftpl"», { account = var.account })))
}
resource "aws_iam_role" "root" {
  assume_role_policy = templatefile(«"\${path.root}/template/trust.tpl"», {})
}
`);
  const document = terraformReader.read({ text, uri: 'file:///work/infra/main.tf' })!;
  assert.deepEqual(document.policies, []);
  assert.deepEqual(
    document.links?.map((link) => [link.span, link.target]),
    [
      [spans[0], 'file:///work/infra/policies/read.json'],
      [spans[1], 'file:///work/infra/trust.json.tftpl'],
      [spans[2], 'file:///work/infra/templates/key-policy.yaml.tftpl'],
      // A .tf file opened alone is taken for a root module's: path.root is its folder.
      [spans[3], 'file:///work/infra/template/trust.tpl'],
    ],
  );
});

test('Terraform 0.11 policy values: "${file(…)}" links to the file, and a template_file data source rendered as a policy to its template', () => {
  const { text, spans } = marked(`resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = "\${file(«"\${path.module}/policies/logs.json"»)}"
}
data "template_file" "policy" {
  template = "\${file(«"\${path.module}/policy.json.tpl"»)}"
  vars = {
    bucket_name = var.bucket
  }
}
resource "aws_iam_policy" "p" {
  policy = "\${data.template_file.policy.rendered}"
}
data "template_file" "user_data" {
  template = file("\${path.module}/user-data.sh")
}
resource "aws_instance" "i" {
  user_data = data.template_file.user_data.rendered
}
`);
  const document = terraformReader.read({ text, uri: 'file:///work/infra/main.tf' })!;
  // The user data template is no policy: only the template a policy attribute renders is linked.
  assert.deepEqual(
    document.links?.map((link) => [link.span, link.target, link.tooltip]),
    [
      [spans[0], 'file:///work/infra/policies/logs.json', 'Open the policy file this attribute reads'],
      [spans[1], 'file:///work/infra/policy.json.tpl', 'Open the policy template this data source renders'],
    ],
  );
});

test('a template_file rendered as a policy in another file of the module links to its template', () => {
  // Modules often keep data sources in data.tf and the policies that read them in iam.tf.
  const { text, spans } = marked(`data "template_file" "policy" {
  template = file(«"\${path.module}/policy.json.tpl"»)
}
data "template_file" "user_data" {
  template = file("\${path.module}/user-data.sh")
}
`);
  const iam = `resource "aws_iam_policy" "p" {\n  policy = data.template_file.policy.rendered\n}\nresource "aws_instance" "i" {\n  user_data = data.template_file.user_data.rendered\n}\n`;
  const linksWith = (siblings: { uri: string; text: string }[]) =>
    terraformReader.read({ text, uri: 'file:///work/split/data.tf', siblings: () => siblings })!.links?.map((link) => [link.span, link.target]);
  assert.deepEqual(linksWith([{ uri: 'file:///work/split/iam.tf', text: iam }]), [[spans[0], 'file:///work/split/policy.json.tpl']]);
  // Alone, nothing says the template is a policy.
  assert.equal(linksWith([]), undefined);
});

test('links move with their block after an edit above it', () => {
  const uri = 'file:///work/infra/moving.tf';
  const text = `resource "aws_iam_policy" "a" {\n  policy = file("read.json")\n}\n`;
  terraformReader.read({ text, uri, languageId: 'terraform' });
  const edited = `# a comment\n${text}`;
  const [link] = terraformReader.read({ text: edited, uri, languageId: 'terraform' })!.links!;
  assert.equal(edited.slice(link.span.start, link.span.end), '"read.json"');
});

test('a .tftpl JSON template is a policy with ${…} as placeholders and %{…} directives read once', () => {
  const { text, spans } = marked(`{
  "Version": "2012-10-17",
  "Statement": [
    %{ for arn in bucket_arns ~}
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:«GetObjekt»"],
      "Resource": "\${arn}/*"
    },
    %{ endfor ~}
    {
      "Effect": "Allow",
      "Action": "sqs:SendMessage",
      "Resource": "arn:aws:sqs:\${region}:«12345»:jobs"
    }
  ]
}
`);
  const document = terraformReader.read({ text, uri: 'file:///work/infra/policy.json.tftpl' })!;
  assert.equal(document.kind, 'terraform');
  const [embedded] = document.policies;
  assert.equal(embedded.policy.statements.length, 2);
  const problems = checkPolicy(embedded.policy, {});
  assert.deepEqual(
    problems.filter((problem) => problem.ruleId === 'action-unknown').map((problem) => problem.span),
    [spans[0]],
  );
  assert.deepEqual(
    problems.filter((problem) => problem.ruleId === 'arn-account').map((problem) => problem.span),
    [spans[1]],
  );
  // `${arn}` and `${region}` are placeholders: nothing reported on them.
  const resource = embedded.policy.statements[0].resource!.values[0];
  assert.deepEqual(
    resource.placeholders?.map((hole) => [hole.source, hole.kind]),
    [['${arn}', 'arn']],
  );
  assert.equal(embedded.policy.statements[1].resource!.values[0].placeholders?.[0].kind, 'region');
});

test('a key written on both sides of %{ else } is one key per rendering, no duplicate; written twice in one branch, it is', () => {
  const { text, spans } = marked(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "\${provider}"},
    %{ if saml ~}
    "Action": "sts:AssumeRoleWithSAML",
    %{ else ~}
    "Action": "sts:AssumeRoleWithWebIdentity",
    %{ endif ~}
    «"Effect"»: "Allow"
  }]
}
`);
  const [embedded] = terraformReader.read({ text, uri: 'file:///work/infra/trust.json.tftpl' })!.policies;
  assert.deepEqual(
    checkPolicy(embedded.policy, { policyType: 'trust' })
      .filter((problem) => problem.ruleId === 'duplicate-key')
      .map((problem) => problem.span),
    [spans[0]],
  );
  // The Action of the first branch is read (a later branch is no later value), the Effect written last.
  const [statement] = embedded.policy.statements;
  assert.equal(statement.action?.values[0].value, 'sts:AssumeRoleWithSAML');
  assert.equal(text.slice(statement.effect!.property.keySpan.start, statement.effect!.property.keySpan.end), '"Effect"');
  assert.equal(statement.effect!.property.keySpan.start, spans[0].start);
});

test('a key written in each branch of nested %{ if }s is one key per rendering; written after them all, it repeats', () => {
  // awslabs' containers-cost-allocation-dashboard secret policy (guardrail sweep): three copies of one key, each in a
  // rendering of its own, were reported as duplicates.
  const { text, spans } = marked(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny",
    "Principal": "*",
    "Action": "secretsmanager:*",
    "Resource": "\${arn}",
    "Condition": {
      "StringNotEquals": {
        %{ if principals != null }
          %{ if length(principals) > 0 }
        "aws:PrincipalTag/team": "a",
        "aws:PrincipalArn": \${jsonencode(principals)}
          %{ else }
        "aws:PrincipalTag/team": "a"
          %{ endif }
        %{ else }
        "aws:PrincipalTag/team": "a"
        %{ endif },
        «"aws:PrincipalTag/team"»: "b"
      }
    }
  }]
}
`);
  const [embedded] = terraformReader.read({ text, uri: 'file:///work/infra/secret_policy.tpl' })!.policies;
  assert.deepEqual(
    checkPolicy(embedded.policy, { policyType: 'resource' })
      .filter((problem) => problem.ruleId === 'duplicate-key')
      .map((problem) => problem.span),
    [spans[0]],
  );
});

test('a key in two %{ if }s of opposite conditions, one right after the other, is one key per rendering', () => {
  // StratusGrid's Transfer user policy (Transfer sweep): `%{if user_home == "" }` then `%{if user_home != "" }`, each
  // writing the Resource, was a duplicate-key error. Conditions that are not each other's negation still repeat it.
  const policy = (second: string) =>
    marked(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
%{if user_home == "" }
    "Resource": "arn:aws:s3:::\${bucket}/*",
%{ endif }
%{if ${second} }
    «"Resource"»: "arn:aws:s3:::\${bucket}/\${user_home}/*",
%{ endif }
    "Sid": "Home"
  }]
}
`);
  const duplicates = (text: string) =>
    checkPolicy(terraformReader.read({ text, uri: 'file:///work/infra/read-write.tftpl' })!.policies[0].policy, { policyType: 'session' })
      .filter((problem) => problem.ruleId === 'duplicate-key')
      .map((problem) => problem.span);
  assert.deepEqual(duplicates(policy('user_home != ""').text), []);
  const other = policy('admin');
  assert.deepEqual(duplicates(other.text), other.spans);
});

test('a .tftpl file that is not a JSON policy is not claimed: a script, broken JSON, an ECS task definition', () => {
  assert.equal(terraformReader.read({ text: '#!/bin/bash\necho ${name}\n', uri: 'file:///work/infra/user-data.sh.tftpl' }), undefined);
  assert.equal(terraformReader.read({ text: '{"a": ${unclosed', uri: 'file:///work/infra/broken.json.tftpl' }), undefined);
  assert.equal(terraformReader.read({ text: '{\n  "family": "${name}",\n  "cpu": 256\n}\n', uri: 'file:///work/infra/task.json.tftpl' }), undefined);
  // A policy still being written, with its Version and a misspelt Statement, is claimed and gets its errors.
  const started = terraformReader.read({ text: '{"Version": "2012-10-17", "Statment": []}', uri: 'file:///work/infra/started.json.tftpl' });
  assert.deepEqual(
    checkPolicy(started!.policies[0].policy)
      .map((problem) => problem.ruleId)
      .sort(),
    ['statement-missing', 'unknown-element'],
  );
});

test('a YAML .tftpl template, for yamldecode(templatefile()), is a policy with ${…} as placeholders and %{…} directives read once', () => {
  // Code for America's modules write their key policies so.
  const { text, spans } = marked(`Version: "2012-10-17"
Statement:
- Sid: Root
  Effect: Allow
  Principal:
    AWS: arn:\${partition}:iam::\${account_id}:root
  Action: kms:*
  Resource: "*"
- Sid: Roles
  Effect: «allow»
  Principal:
    AWS: [\${join(", ", roles)}]
  Action:
  %{ for action in actions ~}
  - "kms:\${action}"
  %{ endfor ~}
  - kms:«Decrpyt»
  Resource: "*"
  Condition:
    StringEquals:
      kms:CallerAccount: "\${account_id}"
`);
  const document = terraformReader.read({ text, uri: 'file:///work/infra/templates/key-policy.yaml.tftpl' })!;
  assert.equal(document.kind, 'terraform');
  assert.deepEqual(document.problems, []);
  const [embedded] = document.policies;
  assert.equal(embedded.policy.statements.length, 2);
  const problems = checkPolicy(embedded.policy, {}).filter((problem) => problem.severity === 'error');
  assert.deepEqual(
    problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['effect-value', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
  // The interpolations are placeholders at their places in the file, also inside a flow list.
  const [root, roles] = embedded.policy.statements.map((statement) => statement.principal!.entries[0].values[0]);
  assert.deepEqual(
    root.placeholders?.map((hole) => [hole.source, hole.kind, text.slice(root.span.start, root.span.end)]),
    [
      ['\${partition}', 'partition', 'arn:\${partition}:iam::\${account_id}:root'],
      ['\${account_id}', 'account', 'arn:\${partition}:iam::\${account_id}:root'],
    ],
  );
  assert.equal(text.slice(roles.span.start, roles.span.end), '\${join(", ", roles)}');
  assert.equal(roles.value, '\${join(", ", roles)}');
});

test('quick fixes in a YAML policy template are written as YAML scalars, and a fix YAML cannot take is not offered', () => {
  const text = 'Statement:\n- Effect: allow\n  Action: s3:GetObject\n  Resource: "arn:aws:s3:::b/*"\n';
  const analysis = analyzeDocument({ text, uri: 'file:///work/infra/templates/read.yaml.tftpl' }, { config: defaultConfiguration });
  const effect = analysis.problems.find((problem) => problem.ruleId === 'effect-value')!;
  const [edit] = effect.fixes![0].edits;
  assert.equal(text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), text.replace('allow', 'Allow'));
  // Adding "Version" inserts a JSON member, which YAML cannot take: no fix.
  const version = analysis.problems.find((problem) => problem.ruleId === 'version-missing')!;
  assert.equal(version.fixes, undefined);
});

test('a YAML policy template with a quote left open reports it as yamldecode() would, and nothing the parser guessed after it', () => {
  const text = `Version: "2012-10-17"
Statement:
- Sid: Ecr
  Effect: Allow
  Principal: {Service: ecr.amazonaws.com}
  Action: kms:Decrypt
  Resource: "*"
  Condition:
    StringEquals:
      kms:EncryptionContext:aws:ecr:arn: "\${ecr_arn}
- Sid: Ecs
  Effect: Allow
  Resource: "*"
  Principal:
    AWS:
    - "\${role}
  Action:
  - kms:GenerateDataKey*
`;
  const analysis = analyzeDocument({ text, uri: 'file:///work/infra/templates/key-policy.yaml.tftpl' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'terraform');
  assert.deepEqual([...new Set(analysis.problems.map((problem) => problem.ruleId))], ['yaml-syntax']);
  assert.match(analysis.problems[0].message, /^Missing closing "quote \(yamldecode\(\) fails on it\)$/);
  // On the line that opens the quote.
  assert.equal(text.slice(0, analysis.problems[0].span.start).split('\n').length, 10);
});

test('a YAML template that is no policy is not claimed', () => {
  assert.equal(terraformReader.read({ text: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  name: \${name}\n', uri: 'file:///work/infra/config.yaml.tftpl' }), undefined);
  assert.equal(terraformReader.read({ text: '#cloud-config\nruncmd:\n  - echo \${name}\n', uri: 'file:///work/infra/user-data.yml.tpl' }), undefined);
});

test('a .json.tpl template, the older name for templatefile() templates, is read as a .tftpl one', () => {
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${bucket_arn}/*"}]}';
  const document = terraformReader.read({ text, uri: 'file:///work/infra/policy.json.tpl' })!;
  assert.equal(document.policies.length, 1);
  assert.deepEqual(
    document.policies[0].policy.statements[0].resource?.values[0].placeholders?.map((hole) => hole.source),
    ['${bucket_arn}'],
  );
  assert.equal(terraformReader.read({ text: '[{"name": "${name}"}]', uri: 'file:///work/infra/containers.json.tpl' }), undefined);
  // A template that is one jsonencode() of an HCL object is the Terraform reader's (see below), not a plain policy.
  const hcl = '${jsonencode({\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": bucket_arns}]\n})}\n';
  for (const uri of ['file:///work/infra/role-policy.tpl', 'file:///work/infra/role-policy.json.tftpl']) {
    assert.equal(policyFileReader.read({ text: hcl, uri, config: defaultConfiguration }), undefined, uri);
  }
  // Any .tpl: a policy is claimed, a user-data script is not.
  assert.equal(terraformReader.read({ text, uri: 'file:///work/infra/s3_writer_policy.tpl' })?.policies.length, 1);
  assert.equal(terraformReader.read({ text: '#!/bin/bash\necho ${name}\n', uri: 'file:///work/infra/user_data.tpl' }), undefined);
});

test('a .tmpl template, another common name for templatefile() templates, is read as a .tftpl one', () => {
  // As terraform-aws-modules/datadog-forwarders writes its log forwarder policy: a %{ if } inside the action list.
  const text =
    '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Action": [\n      "logs:PutLogEvents"%{ if vpc_check },\n      "ec2:CreateNetworkInterface"%{ endif }\n    ],\n    "Effect": "Allow",\n    "Resource": "*"\n  }]\n}\n';
  const document = terraformReader.read({ text, uri: 'file:///work/modules/log_forwarder/policy.tmpl' })!;
  assert.equal(document.policies.length, 1);
  assert.deepEqual(
    document.policies[0].policy.statements[0].action?.values.map((value) => value.value),
    ['logs:PutLogEvents', 'ec2:CreateNetworkInterface'],
  );
  // Other tools' templates of the same name (a Go or Helm template, a script) are not claimed.
  assert.equal(terraformReader.read({ text: 'apiVersion: v1\nkind: ConfigMap\nname: {{ .Name }}\n', uri: 'file:///work/charts/configmap.yaml.tmpl' }), undefined);
  assert.equal(terraformReader.read({ text: '#!/bin/bash\necho ${name}\n', uri: 'file:///work/infra/user_data.sh.tmpl' }), undefined);
});

test('a .tmpl or .tpl policy written for Go text/template or Helm reads its {{ … }} as placeholders and its actions once', () => {
  // As linecard/self renders its deploy policy with Go's text/template: `{{ .Region }}` is a Region, `{{ .AccountId }}` an account.
  const { text, spans } = marked(`{
  "Version": "2012-10-17",
  "Statement": [
    {{- range .Buckets }}
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{{ . }}/*"},
    {{- end }}
    {{/* the function's own parameters */}}
    {"Effect": "Allow", "Action": "ssm:«GetParamter»", "Resource": "arn:aws:ssm:{{.Region}}:{{ .AccountId }}:parameter/self/*"}
  ]
}
`);
  const document = terraformReader.read({ text, uri: 'file:///work/self/policy.json.tmpl' })!;
  assert.equal(document.kind, 'policy');
  const statements = document.policies[0].policy.statements;
  assert.deepEqual(
    statements.map((statement) => statement.resource?.values.map((value) => value.value)),
    [['arn:aws:s3:::${.}/*'], ['arn:aws:ssm:${.Region}:${.AccountId}:parameter/self/*']],
  );
  // The Region and account are the tool's to fill: no arn-region or arn-account error, only the misspelt action.
  assert.deepEqual(
    checkPolicy(document.policies[0].policy, {})
      .filter((problem) => problem.severity === 'error')
      .map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});

test('a policy file named .json written as a template (for templatefile) is read through the template, a plain one as it is', () => {
  const { text, spans } = marked(`{
  "Version": "2012-10-17",
  "Statement": [
%{ if use_parameters ~}
    {
      "Effect": "Allow",
      "Action": ["ssm:GetParameter", "ssm:«GetParamater»"],
      "Resource": ["\${parameter_arn}", "arn:aws:s3:::\${bucket}/$\${aws:username}/*"]
    },
%{ endif ~}
    {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "\${queue_arn}"}
  ]
}
`);
  const read = (text: string) => policyFileReader.read({ text, uri: 'file:///work/infra/policies/lambda.json', config: { ...defaultConfiguration, files: ['**/*.json'] } })!;
  const document = read(text);
  // Still a policy file, whose type the user can choose, with the template's `${…}` as placeholders.
  assert.equal(document.kind, 'policy');
  assert.deepEqual(
    document.policies[0].policy.statements.flatMap((statement) => statement.resource!.values.flatMap((value) => (value.placeholders ?? []).map((hole) => hole.source))),
    ['${parameter_arn}', '${bucket}', '${queue_arn}'],
  );
  const problems = checkPolicy(document.policies[0].policy, {});
  assert.deepEqual(
    problems.map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
  // IAM's own policy variables are no template: such a file stays a plain policy, its errors reported.
  const plain = read('{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/\${aws:username}/*", "\${*}x"]}}');
  assert.equal(plain.kind, 'policy');
  assert.deepEqual(
    checkPolicy(plain.policies[0].policy, {}).map((problem) => problem.ruleId),
    ['arn-format'],
  );
});

test('a policy file named .json written for Jinja is read through the template: its {{ … }} are placeholders', () => {
  // As an Ansible role's files/ or a pipeline keeps a policy it renders before use.
  const { text, spans } = marked(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "sqs:«SendMesage»", "Resource": "arn:aws:sqs:{{ region }}:{{ account_id }}:jobs"},
    {"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "{{resolve:ssm:/arn}}"}
  ]
}
`);
  const document = policyFileReader.read({ text, uri: 'file:///work/role/files/policy.json', config: { ...defaultConfiguration, files: ['**/*.json'] } })!;
  assert.equal(document.kind, 'policy');
  const [first] = document.policies[0].policy.statements;
  assert.deepEqual(
    first.resource!.values[0].placeholders?.map((hole) => text.slice(first.resource!.values[0].mapSpan!(hole.start, hole.end).start, first.resource!.values[0].mapSpan!(hole.start, hole.end).end)),
    ['{{ region }}', '{{ account_id }}'],
  );
  assert.deepEqual(
    checkPolicy(document.policies[0].policy, {}).map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});

test('a .json template that opens with comments is still a template: its ${…} are placeholders, each comment a json-comment warning', () => {
  // aws-samples' IAM Identity Center pipeline documents its SCP so, for the pipeline to fill in.
  const { text, spans } = marked(`«// Update the roles to the "CodeBuild" roles your pipeline uses, \${like_this}:»
«/* one more */»
{
  "Statement": [{
    "Effect": "Deny",
    "Action": "sso:Create*",
    "Resource": "*",
    "Condition": {"ArnNotLike": {"aws:PrincipalARN": "arn:aws:iam::\${admin_account_id}:role/\${codebuild_role}"}}
  }, {
    "Effect": "Deny",
    "Action": "organizations:«LeaveOrganisation»",
    "Resource": "*"
  }]
}
`);
  const read = (text: string) => policyFileReader.read({ text, uri: 'file:///work/docs/policy.json', config: defaultConfiguration })!;
  const document = read(text);
  assert.equal(document.kind, 'policy');
  assert.deepEqual(
    document.policies[0].policy.statements[0].condition!.operators[0].keys[0].values[0].placeholders!.map((hole) => hole.source),
    ['${admin_account_id}', '${codebuild_role}'],
  );
  // Read as a plain policy, the placeholders drew policy-variable-version (no Version) and policy-variable-placement
  // (in Principal) errors, as if IAM's own variables were meant.
  assert.deepEqual(
    checkPolicy(document.policies[0].policy, {}).map((problem) => [problem.ruleId, problem.span]),
    [
      ['json-comment', spans[0]],
      ['json-comment', spans[1]],
      ['version-missing', { start: spans[1].end + 1, end: spans[1].end + 2 }],
      ['action-unknown', spans[2]],
    ],
  );
  const resourcePolicy = `// Must be configured in the management account:
{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\${admin_account_id}:root"}, "Action": "organizations:ListAccounts", "Resource": "*"}}`;
  const principal = read(resourcePolicy).policies[0].policy;
  assert.deepEqual(
    principal.statements[0].principal!.entries[0].values[0].placeholders!.map((hole) => hole.source),
    ['${admin_account_id}'],
  );
  assert.deepEqual(
    checkPolicy(principal, {}).map((problem) => problem.ruleId),
    ['json-comment'],
  );
});

test('a module call links a local source to its folder; of its inputs, only those written as policy documents are policies', () => {
  const { text, spans } = marked(`module "iam" {
  source = «"./modules/iam/"»
  policy = jsonencode({ Statement = [{ Effect = "Alow", Action = "s3:GetObjekt", Resource = "*" }] })
  policy_json = <<-EOT
    {"Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}
  EOT
  actions = ["s3:GetObjekt"]
}
module "shared" {
  source = «"../shared"»
}
module "registry" {
  source  = "terraform-aws-modules/iam/aws"
  version = "~> 5.0"
}
module "git" {
  source = "git::https://example.com/network.git?ref=v1.2.0"
}
module "computed" {
  source = "./\${var.name}"
}
`);
  const document = terraformReader.read({ text, uri: 'file:///work/infra/main.tf' })!;
  // The module's variables are its own; a value written as a policy document is checked where it is written.
  assert.deepEqual(
    document.policies.map((policy) => policy.name),
    ['module.iam.policy', 'module.iam.policy_json'],
  );
  assert.deepEqual(document.problems, []);
  assert.deepEqual(
    document.links?.map((link) => [link.span, link.target, link.tooltip]),
    [
      [spans[0], 'file:///work/infra/modules/iam', "Open the module's folder"],
      [spans[1], 'file:///work/shared', "Open the module's folder"],
    ],
  );
});

test('a policy template is measured with its placeholders at their shortest: over the SCP quota only when whatever they become is', () => {
  // The AWS Secure Environment Accelerator's SCPs name its roles through ${ACCELERATOR_PREFIX}, which it fills in.
  const statement = (i: number) =>
    `{"Sid": "S${i}", "Effect": "Deny", "Action": "iam:DeleteRole", "Resource": "arn:aws:iam::*:role/\${ACCELERATOR_PREFIX}\${ORG_ADMIN_ROLE}${i}", "Condition": {"ArnNotLike": {"aws:PrincipalARN": "arn:aws:iam::*:role/\${ACCELERATOR_PREFIX}*"}}}`;
  const policy = (count: number) => `{"Version":"2012-10-17","Statement":[${Array.from({ length: count }, (_, i) => statement(i)).join(',')}]}`;
  const sizeFindings = (text: string) =>
    checkPolicy(policyFileReader.read({ text, uri: 'file:///work/scps/guardrails.json', config: { ...defaultConfiguration, files: ['**/*.json'] } })!.policies[0].policy, { policyType: 'scp' }).filter(
      (problem) => problem.ruleId === 'policy-size',
    );
  // 24 statements are about 5,600 characters as written, 4,200 with the placeholders empty: they fit.
  assert.ok(policy(24).length > 5120);
  assert.deepEqual(sizeFindings(policy(24)), []);
  // 40 are over the quota whatever the placeholders become.
  assert.deepEqual(
    sizeFindings(policy(40)).map((problem) => problem.severity),
    ['error'],
  );
});

test('a template that is one ${jsonencode({...})}, as the templatefile() page recommends for JSON, is read as HCL at its own offsets', () => {
  const { text, spans } = marked(`\${jsonencode({
  Version = "2012-10-17"
  Statement = [
    {
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:«GetObjcet»"]
      Resource = "\${bucket_arn}/*"
    },
    {
      Effect   = "Allow"
      Action   = "secretsmanager:GetSecretValue"
      Resource = secret_arns
    },
  ]
})}
`);
  const document = terraformReader.read({ text, uri: 'file:///work/infra/policy.json.tftpl' })!;
  assert.equal(document.policies.length, 1);
  const problems = checkPolicy(document.policies[0].policy);
  assert.deepEqual(
    problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    spans.map((span) => ['action-unknown', span]),
  );
  const [first, second] = document.policies[0].policy.statements;
  assert.deepEqual(
    first.resource?.values[0].placeholders?.map((hole) => hole.source),
    ['${bucket_arn}'],
  );
  assert.equal(second.resource?.values[0].placeholders?.length, 1);
  // One that renders something else, or more than the call, is not claimed.
  assert.equal(terraformReader.read({ text: '${jsonencode({ family = name, cpu = 256 })}\n', uri: 'file:///work/infra/task.json.tftpl' }), undefined);
  assert.equal(terraformReader.read({ text: '# policy\n${jsonencode({ Statement = [] })}\n', uri: 'file:///work/infra/p.tftpl' }), undefined);
});

test('a template of statements another policy takes in is checked as them, with no Version to ask for', () => {
  // dxw's kms-key-policy-statements/*.json.tpl and oniops' s3-policy-allow-lb-log-delivery.tpl (KMS and log-delivery
  // sweeps): a statement, or a list of them, joined into a key or bucket policy; neither was read.
  const errorsAndWarnings = (text: string, uri: string) => {
    const analysis = analyzeDocument({ text, uri }, { config: defaultConfiguration });
    assert.deepEqual(
      analysis.policies.map((policy) => [policy.name, policy.policyType]),
      [[`${uri.replace(/^.*\//, '')} (statements)`, 'resource']],
    );
    return analysis.problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning').map((problem) => [problem.ruleId, problem.span]);
  };
  const one = marked(
    '{\n  "Sid": "CloudTrailEncrypt",\n  "Effect": "Allow",\n  "Principal": {"Service": "cloudtrail.amazonaws.com"},\n  "Action": "kms:«GenerateDataKeyy»",\n  "Resource": "*",\n  "Condition": {"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:${account_id}:trail/*"}}\n}\n',
  );
  assert.deepEqual(errorsAndWarnings(one.text, 'file:///work/policies/kms-key-policy-statements/cloudtrail.json.tpl'), [['action-unknown', one.spans[0]]]);
  const list = marked(
    '[\n  {"Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::${bucket}/AWSLogs/*", "Condition": {"StringEquals": {"aws:SourceAccount": "${account_id}"}}},\n  {"Effect": «"Alow"», "Principal": {"Service": "delivery.logs.amazonaws.com"}, "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::${bucket}", "Condition": {"StringEquals": {"aws:SourceAccount": "${account_id}"}}}\n]\n',
  );
  assert.deepEqual(errorsAndWarnings(list.text, 'file:///work/templates/lb-log-delivery.tpl'), [['effect-value', list.spans[0]]]);
  // A list that breaks (a trailing comma, which jsondecode() refuses) is still its statements, with the break reported
  // (kloud-cnf's terraform-ci.json.tmpl, deployment sweep).
  const trailing = marked('[\n  {"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"}«,»\n]\n');
  const broken = analyzeDocument({ text: trailing.text, uri: 'file:///work/templates/ci.json.tmpl' }, { config: defaultConfiguration });
  assert.deepEqual(
    broken.problems.filter((problem) => problem.ruleId === 'json-syntax').map((problem) => problem.span),
    [trailing.spans[0]],
  );
  // Statements with commas between them and no brackets, the whole under a directive (dxw's log-delivery-allow.json.tpl,
  // fragments verification sweep): the second went unchecked.
  const joined = marked(
    '%{if account_id != ""}{\n  "Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "${account_id}"}}\n},\n{\n  "Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"}, "Action": "kms:«DescribeKeyy»", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "${account_id}"}}\n}%{endif}\n',
  );
  assert.deepEqual(errorsAndWarnings(joined.text, 'file:///work/policies/kms-key-policy-statements/log-delivery-allow.json.tpl'), [['action-unknown', joined.spans[0]]]);
  // Not statements alone, or not parsed whole: not claimed.
  assert.equal(terraformReader.read({ text: '[{"name": "${name}", "Effect": "Allow"}]', uri: 'file:///work/infra/containers.json.tpl' }), undefined);
  assert.equal(terraformReader.read({ text: '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},\n', uri: 'file:///work/infra/part.json.tpl' }), undefined);
});
