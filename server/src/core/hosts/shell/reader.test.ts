import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix } from '../../../../../test/helpers/checks';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { policyFileReader } from '../policy-file';
import { shellReader } from './reader';

const analyze = (text: string, uri = 'file:///repo/scripts/setup.sh') => analyzeDocument({ text, uri }, { config: defaultConfiguration });
const errorsAndWarnings = (analysis: ReturnType<typeof analyze>) =>
  analysis.problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning').map((problem) => [problem.ruleId, problem.span]);
const typed = (analysis: ReturnType<typeof analyze>) => analysis.policies.map((policy) => [policy.name, policy.policyType]);

test('a policy given to the AWS CLI in single quotes is typed by its option and checked where it is written', () => {
  const { text, spans } = marked(`#!/bin/bash
set -euo pipefail
aws iam create-role --role-name worker --assume-role-policy-document '{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"Service": «"lamda.amazonaws.com"»}, "Action": "sts:AssumeRole"}]
}'
aws iam put-role-policy --role-name worker --policy-name read \\
  --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:«GetObjekt»", "Resource": "arn:aws:s3:::reports/*"}]}'
`);
  const analysis = analyze(text);
  assert.equal(analysis.kind, 'code');
  assert.deepEqual(typed(analysis), [
    ['aws iam create-role --assume-role-policy-document', 'trust'],
    ['aws iam put-role-policy --policy-document', 'identity'],
  ]);
  assert.deepEqual(errorsAndWarnings(analysis), [
    ['principal-service-unknown', spans[0]],
    ['action-unknown', spans[1]],
  ]);
});

test('in double quotes, escapes are undone and shell variables are values known when the script runs; a fix is written escaped', () => {
  // keeonline/infra-aws and a bucket policy of a setup script (shell sweep): "$ACCOUNT" and "$QUEUE_ARN" drew errors when read as text.
  const { text, spans } = marked(`ACCOUNT=$(aws sts get-caller-identity --query Account --output text)
aws iam create-role --role-name IaC --assume-role-policy-document "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Federated\\":\\"arn:aws:iam::\${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com\\"},\\"Action\\":\\"sts:AssumeRoleWithWebIdentity\\",\\"Condition\\":{\\"StringLike\\":{\\"token.actions.githubusercontent.com:sub\\":«\\"repo:$GITHUB_USER/*:*\\"»}}}]}"
aws iam put-role-policy --role-name app --policy-name q --policy-document "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"sqs:SendMessage\\",\\"Resource\\":\\"$QUEUE_ARN\\",\\"Condition\\":{\\"StringEquals\\":{\\"aws:ResourceAccount\\":\\"$ACCOUNT\\"}}}]}"
`);
  const analysis = analyze(text);
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policyType),
    ['trust', 'identity'],
  );
  assert.deepEqual(errorsAndWarnings(analysis), [['trust-github-sub', spans[0]]]);
  // IAM reads a policy without a Version as 2008-10-17; the fix writes it inside the double quotes, escaped.
  const missing = analysis.problems.find((problem) => problem.ruleId === 'version-missing')!;
  assert.equal(applyFix(text, missing), text.replace('"{\\"Statement\\"', '"{\\"Version\\": \\"2012-10-17\\", \\"Statement\\"'));
});

test('a heredoc written to a file is typed by the command that reads the file, and one assigned to a variable by where it goes', () => {
  // Karpenter's migration guide and a LocalStack init script (shell sweep).
  const { text, spans } = marked(`cat << EOF > controller-trust-policy.json
{
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": {"Federated": "arn:\${AWS_PARTITION}:iam::\${AWS_ACCOUNT_ID}:oidc-provider/\${OIDC_ENDPOINT#*//}"},
        "Action": "sts:«AssumeRoleWithWebIdentiy»",
        "Condition": {"StringEquals": {"\${OIDC_ENDPOINT#*//}:sub": "system:serviceaccount:karpenter:karpenter"}}
    }]
}
EOF
aws iam create-role --role-name KarpenterControllerRole --assume-role-policy-document file://controller-trust-policy.json

POLICY=$(cat <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "\${QUEUE_ARN}",
  "Condition": {"ArnEquals": {"aws:SourceArn": "\${TOPIC_ARN}"}}}]}
EOF
)
awslocal sqs set-queue-attributes --queue-url "$QUEUE_URL" --attributes Policy="$POLICY"
`);
  const analysis = analyze(text);
  assert.deepEqual(typed(analysis), [
    ['controller-trust-policy.json', 'trust'],
    ['POLICY', 'resource'],
  ]);
  assert.deepEqual(
    errorsAndWarnings(analysis).filter(([ruleId]) => ruleId === 'action-unknown'),
    [['action-unknown', spans[0]]],
  );
});

test('a quoted heredoc is read as written, and a variable given to put-bucket-policy makes a resource policy', () => {
  const { text, spans } = marked(`cat > /tmp/policy.json << 'EOF'
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ce:GetCostAndUsage", "ce:«GetUsageReport»"], "Resource": "*"}]}
EOF
aws iam put-user-policy --user-name reports --policy-name ce --policy-document file:///tmp/policy.json
POLICY='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::'$BUCKET'/*"]}]}'
aws s3api put-bucket-policy --bucket "$BUCKET" --policy $POLICY
`);
  const analysis = analyze(text);
  assert.deepEqual(typed(analysis), [
    ['/tmp/policy.json', 'identity'],
    ['POLICY', 'resource'],
  ]);
  assert.deepEqual(
    errorsAndWarnings(analysis).map(([ruleId]) => ruleId),
    ['action-unknown', 'resource-public'],
  );
  assert.deepEqual(errorsAndWarnings(analysis)[0], ['action-unknown', spans[0]]);
});

test("JSON that is no IAM policy, IoT Core policies and Organizations' other policy types are not claimed; nor is a shell file by the policy-file reader", () => {
  const read = (text: string) => shellReader.read({ text, uri: 'file:///repo/setup.sh', config: defaultConfiguration });
  // AWS IoT Core's policies share IAM's grammar; the command says whose they are.
  assert.equal(
    read(`aws iot create-policy --policy-name things --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"}]}'`),
    undefined,
  );
  assert.equal(read(`aws s3api put-bucket-lifecycle-configuration --bucket b --lifecycle-configuration '{"Rules": [{"ID": "expire", "Status": "Enabled", "Statement": "x"}]}'`), undefined);
  assert.equal(read(`aws organizations create-policy --type TAG_POLICY --name t --content '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'`), undefined);
  // No IAM Version and given to no command that takes a policy: not claimed.
  assert.equal(read(`echo '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'`), undefined);
  // A placeholder the author meant to fill in, not a heredoc that swallows the rest of the file.
  const filled = read(
    `GITHUB_USER=<<your-github-user>>\naws iam create-role --role-name r --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'\n`,
  );
  assert.deepEqual(
    filled?.policies.map((policy) => policy.policyType),
    ['trust'],
  );
  const scp = read(
    `aws organizations create-policy --type SERVICE_CONTROL_POLICY --name guard --content '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}'`,
  );
  assert.deepEqual(
    scp?.policies.map((policy) => policy.policyType),
    ['scp'],
  );
  const session = read(`aws sts assume-role --role-arn "$ROLE" --role-session-name s --policy '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'`);
  assert.deepEqual(
    session?.policies.map((policy) => policy.policyType),
    ['session'],
  );
  const script = `cat > trust.json <<EOF\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}\nEOF\n`;
  assert.equal(policyFileReader.read({ text: script, uri: 'file:///repo/setup.sh', config: defaultConfiguration }), undefined);
});

test('a variable written without braces inside an ARN is a value known when the script runs, as ${…} is', () => {
  // EBS CSI driver setup scripts (second shell sweep): $account_id and $oidc_provider drew principal-format, arn-account and arn-region errors.
  const text = [
    'account_id=$(aws sts get-caller-identity --query Account --output text)',
    'cat > trust.json <<EOF',
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",',
    '  "Principal": {"Federated": "arn:aws:iam::$account_id:oidc-provider/$oidc_provider"},',
    '  "Action": "sts:AssumeRoleWithWebIdentity",',
    '  "Condition": {"StringEquals": {"$oidc_provider:aud": "sts.amazonaws.com", "$oidc_provider:sub": "system:serviceaccount:kube-system:ebs-csi-controller-sa"}}}]}',
    'EOF',
    'aws iam create-role --role-name ebs-csi --assume-role-policy-document file://trust.json',
    'aws iam put-role-policy --role-name ebs-csi --policy-name logs --policy-document "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"logs:PutLogEvents\\", \\"Resource\\": \\"arn:aws:logs:$region:$account_id:log-group:/ecs/$app:*\\"}]}"',
    '',
  ].join('\n');
  const analysis = analyze(text);
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policyType),
    ['trust', 'identity'],
  );
  assert.deepEqual(errorsAndWarnings(analysis), []);
  const federated = analysis.policies[0].policy.statements[0].principal?.entries[0].values[0];
  assert.equal(federated?.value, 'arn:aws:iam::${account_id}:oidc-provider/${oidc_provider}');
});

test('SQS attributes written as JSON: the policy is the text in their Policy string, read inside it', () => {
  // A LocalStack init script (second shell sweep): the queue policy in --attributes '{"Policy": "{\\"Version\\": …}"}' went unread.
  const { text, spans } = marked(
    [
      'awslocal sqs set-queue-attributes --queue-url "$QUEUE_URL" \\',
      "  --attributes '{",
      '    "Policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":«\\"*\\"»,\\"Action\\":\\"sqs:SendMessage\\",\\"Resource\\":\\"*\\"}]}"',
      "  }'",
      '',
    ].join('\n'),
  );
  const analysis = analyze(text);
  assert.deepEqual(typed(analysis), [['aws sqs set-queue-attributes --attributes', 'resource']]);
  assert.deepEqual(errorsAndWarnings(analysis), [['resource-public', spans[0]]]);
});

test("a policy given to MinIO's client or s3cmd is that store's to judge, not claimed", () => {
  // fluxcd and taxi setup scripts (third shell sweep): MinIO's canned policies share S3's language and IAM's Version.
  const read = (text: string) => shellReader.read({ text, uri: 'file:///repo/setup_minio.sh', config: defaultConfiguration });
  const heredoc = (consumer: string) =>
    ['cat > allowall.json <<EOF', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::*"]}]}', 'EOF', consumer, ''].join('\n');
  assert.equal(read(heredoc('mc admin policy add local allowall allowall.json')), undefined);
  assert.equal(read(heredoc('s3cmd setpolicy ./allowall.json s3://reports')), undefined);
  const variable = ['POLICY=\'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}\'', 'mc anonymous set-json "$POLICY" local/reports', ''].join(
    '\n',
  );
  assert.equal(read(variable), undefined);
  // The same file given to the AWS CLI is AWS's.
  assert.deepEqual(
    read(heredoc('aws iam put-user-policy --user-name u --policy-name all --policy-document file://allowall.json'))?.policies.map((policy) => policy.policyType),
    ['identity'],
  );
});

test('ANSI-C quotes, nested expansions, here-strings and case patterns do not throw the reading of the quotes after them', () => {
  const text = [
    '#!/bin/bash',
    "bucket=${BUCKET:-${PROJECT}-logs} # a default with an apostrophe's quote in the comment",
    "echo $'it\\'s {'",
    'cat <<< "here string {"',
    'case "$1" in plan) echo plan;; esac',
    'aws s3api put-bucket-policy --bucket "$bucket" --policy \'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}]}\'',
    '',
  ].join('\n');
  assert.deepEqual(typed(analyze(text)), [['aws s3api put-bucket-policy --policy', 'resource']]);
});

test('a script that ends inside a quote or after a backslash is read to its end and no further', () => {
  // Found by fuzzing: a word that ran past the text gave a span beyond its end.
  const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRol"}]}';
  for (const text of [`aws iam create-role --assume-role-policy-document '${policy}`, `aws iam create-role --assume-role-policy-document '${policy}' \\`, `echo "${'\\"'}`]) {
    const analysis = analyze(text);
    for (const problem of analysis.problems) assert.ok(problem.span.end <= text.length, `${JSON.stringify(problem.span)} beyond ${text.length}`);
    for (const policy of analysis.policies) assert.ok(policy.span.end <= text.length);
  }
});

test('resource policies are typed by the commands that take one; an option no command has types nothing', () => {
  const read = (command: string) =>
    shellReader
      .read({
        text: `${command} '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'\n`,
        uri: 'file:///repo/setup.sh',
        config: defaultConfiguration,
      })
      ?.policies.map((policy) => policy.policyType ?? 'by content');
  assert.deepEqual(read('aws kms put-key-policy --key-id k --policy-name default --policy'), ['resource']);
  assert.deepEqual(read('aws ecr set-repository-policy --repository-name r --policy-text'), ['resource']);
  assert.deepEqual(read('aws secretsmanager put-resource-policy --secret-id s --resource-policy'), ['resource']);
  assert.deepEqual(read('aws iam create-policy-version --policy-arn "$ARN" --set-as-default --policy-document'), ['identity']);
  // Lambda's permissions are statements it writes itself (add-permission); no Lambda command takes a policy's JSON.
  assert.deepEqual(read('aws lambda add-permission --function-name f --statement-id s --action lambda:InvokeFunction --principal s3.amazonaws.com --policy'), ['by content']);
});
