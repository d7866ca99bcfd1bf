import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix, cdkReading } from '../../../../../test/helpers/checks';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { loadPythonParser } from './python';
import { cdkPythonReader } from './reader';

before(loadPythonParser);

const STACK = `from aws_cdk import Stack, aws_iam as iam, aws_s3 as s3
from constructs import Construct

READ_ACTIONS = ["s3:GetObject", «"s3:ListBuckt"»]


class AppStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        bucket = s3.Bucket(self, "Data")
        role = iam.Role(
            self,
            "Worker",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            inline_policies={
                "ReadLogs": iam.PolicyDocument(statements=[iam.PolicyStatement(actions=["logs:GetLogEvents"], resources=["*"])]),
            },
        )

        role.add_to_policy(
            iam.PolicyStatement(
                actions=[*READ_ACTIONS, "dynamodb:«GetItems»"],
                resources=[bucket.bucket_arn, f"{bucket.bucket_arn}/*"],
            )
        )

        bucket.add_to_resource_policy(
            iam.PolicyStatement(
                effect=iam.Effect.DENY,
                principals=[iam.AnyPrincipal()],
                actions=["s3:*"],
                resources=[bucket.arn_for_objects("*")],
                conditions={"Bool": {"aws:SecureTransport": "false"}},
            )
        )

        queue_statement = iam.PolicyStatement(actions=["sqs:SendMessage"])
        queue_statement.add_all_resources()
        role.add_to_policy(queue_statement)

        iam.CfnManagedPolicy(
            self,
            "L1",
            policy_document={
                "Version": "2012-10-17",
                "Statement": [{"Effect": «'allow'», "Action": "ec2:DescribeInstances", "Resource": "*"}],
            },
        )
        role.add_to_policy(«i»am.PolicyStatement(actions=["s3:PutObject"]))
`;

test('a CDK stack in Python: each policy it writes, named by the code, its findings at their place in the source', () => {
  const { text, spans } = marked(STACK);
  const { errors, policies, errorPlaces } = cdkReading(text, 'file:///app/app/app_stack.py');
  assert.deepEqual(policies, [
    ["iam.Role 'Worker' › assumedBy", 'trust'],
    ["iam.Role 'Worker' › inlinePolicies › ReadLogs", 'identity'],
    ['role.add_to_policy › iam.PolicyStatement', 'identity'],
    ['bucket.add_to_resource_policy › iam.PolicyStatement', 'resource'],
    ['queue_statement › iam.PolicyStatement', 'identity'],
    ["iam.CfnManagedPolicy 'L1' › policyDocument", 'identity'],
    ['role.add_to_policy › iam.PolicyStatement [2]', 'identity'],
  ]);
  assert.deepEqual(errorPlaces, [
    // In the list the statement spreads, where the name is written.
    ['action-unknown', { start: spans[0].start + 4, end: spans[0].end - 1 }],
    ['action-unknown', spans[1]],
    ['effect-value', spans[2]],
    // No resources: CDK refuses the statement at synthesis. The one that adds them later is not reported.
    ['resource-missing', spans[3]],
  ]);
  // A fix writes the value in the literal's own quotes.
  assert.equal(applyFix(text, errors[2]), text.replace(`"Effect": 'allow'`, `"Effect": 'Allow'`));
  assert.equal(applyFix(text, errors[0]), text.replace('"s3:ListBuckt"', '"s3:ListBucket"'));
});

test("values a Python app computes are placeholders: a resource's attribute, an f-string's fields", () => {
  const { text } = marked(STACK);
  const analysis = analyzeDocument({ text, uri: 'file:///app/app/app_stack.py' }, { config: defaultConfiguration });
  const statement = analysis.policies[2].policy.statements[0];
  assert.deepEqual(
    statement.resource?.values.map((value) => [value.value, value.placeholders?.map((hole) => [hole.source, hole.kind])]),
    [
      ['bucket.bucket_arn', [['bucket.bucket_arn', 'arn']]],
      // An f-string's field is written `${…}` in the value, as every host's placeholders are.
      ['${bucket.bucket_arn}/*', [['${bucket.bucket_arn}', 'arn']]],
    ],
  );
  const field = statement.resource!.values[1];
  const hole = field.mapSpan!(field.placeholders![0].start, field.placeholders![0].end);
  assert.equal(text.slice(hole.start, hole.end), '{bucket.bucket_arn}');
});

test('iam.Grant.add_to_principal in Python is the statement CDK adds to the grantee: actions on resource_arns', () => {
  const { text, spans } = marked(`from aws_cdk import aws_iam as iam
from constructs import Construct


class Index(Construct):
    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        return iam.Grant.add_to_principal(grantee=grantee, actions=["s3vectors:GetVectors", "s3vectors:«QueryVector»"], resource_arns=[self.index_arn])
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/app/index.py' }, { config: defaultConfiguration });
  const [statement] = analysis.policies[0].policy.statements;
  assert.deepEqual(
    [analysis.policies.length, analysis.policies[0].policyType, statement.action?.values.map((value) => value.value), statement.resource?.values.map((value) => value.value)],
    [1, 'identity', ['s3vectors:GetVectors', 's3vectors:QueryVector'], ['self.index_arn']],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});

test('statements in every branch and block are read: if, elif, else, for, with, try, except, finally', () => {
  const statement = (action: string) => `iam.PolicyStatement(actions=["${action}"], resources=["*"])`;
  const text = `from aws_cdk import aws_iam as iam
if a:
    x = ${statement('s3:GetObjekt')}
elif b:
    x = ${statement('s3:PutObjekt')}
else:
    x = ${statement('s3:ListBuckit')}
for item in items:
    x = ${statement('sqs:SendMesage')}
with context():
    x = ${statement('sns:Publsh')}
try:
    x = ${statement('kms:Decrpyt')}
except Exception:
    x = ${statement('kms:Encrpyt')}
finally:
    x = ${statement('logs:PutLogEvent')}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/app/branches.py' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'action-unknown').map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['GetObjekt', 'PutObjekt', 'ListBuckit', 'SendMesage', 'Publsh', 'Decrpyt', 'Encrpyt', 'PutLogEvent'],
  );
});

test('a Python file is read as a CDK source only when it imports aws_cdk and writes a policy', () => {
  const uri = 'file:///app/app/util.py';
  const policy = `iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"])\n`;
  for (const header of ['from aws_cdk import aws_iam as iam\n', 'import aws_cdk.aws_iam as iam\n', 'from aws_cdk.aws_iam import PolicyStatement\n']) {
    assert.equal(analyzeDocument({ text: header + policy, uri }, { config: defaultConfiguration }).kind, 'cdk', header);
  }
  assert.equal(analyzeDocument({ text: `import boto3\n${policy}`, uri }, { config: defaultConfiguration }).kind, undefined);
  // A statement kept in a member of the construct may gain its resources from other code.
  const member = analyzeDocument(
    { text: `from aws_cdk import aws_iam as iam\nclass Grants:\n    def __init__(self):\n        self.statement = iam.PolicyStatement(actions=["s3:GetObject"])\n`, uri },
    { config: defaultConfiguration },
  );
  assert.equal(member.kind, 'cdk');
  assert.ok(!member.problems.some((problem) => problem.ruleId === 'resource-missing'));
});

test('Python that nests as deep as it is long (a damaged file, a long sum) is read without a crash', () => {
  const text = `from aws_cdk import aws_iam as iam\nstatement = iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"])\nsize = 1${' + 1'.repeat(20000)}\n`;
  const read = cdkPythonReader.read({ text, uri: 'file:///app/app/long.py' });
  assert.equal(read?.policies.length, 1);
});

test("an f-string's field in an ARN is any text of its field, as a template literal's is: no ARN finding", () => {
  const text = `from aws_cdk import aws_iam as iam\nstatement = iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[f"arn:aws:sqs:{self.region}:{self.account}:jobs"])\n`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/app/queue.py' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId.startsWith('arn-')).map((problem) => problem.ruleId),
    [],
  );
  assert.deepEqual(
    analysis.policies[0].policy.statements[0].resource!.values[0].placeholders?.map((hole) => hole.kind),
    ['region', 'account'],
  );
});

test("an f-string's doubled braces are one brace each: `${{aws:username}}` is the policy variable", () => {
  const text = `from aws_cdk import aws_iam as iam\nstatement = iam.PolicyStatement(actions=["iam:ListAccessKeys"], resources=[f"arn:aws:iam::{self.account}:user/\${{aws:username}}"])\n`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/app/users.py' }, { config: defaultConfiguration });
  const [resource] = analysis.policies[0].policy.statements[0].resource!.values;
  assert.equal(resource.value, 'arn:aws:iam::${self.account}:user/${aws:username}');
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error'),
    [],
  );
  // The variable maps back to where it is written.
  const at = resource.value.indexOf('${aws:username}');
  const span = resource.mapSpan!(at, at + '${aws:username}'.length);
  assert.equal(text.slice(span.start, span.end), '${{aws:username}}');
});

// From a real C# stack (`new PolicyStatement()` and AddActions), the same in Python: the statement is what the calls add.
test('a statement made empty and filled by add_actions and add_resources is read with what they add', () => {
  const text = `from aws_cdk import aws_iam as iam


def grant(role: iam.Role) -> None:
    statement = iam.PolicyStatement()
    statement.add_actions("kinesis:PutRecrd", *WRITE)
    statement.add_resources("arn:aws:kinesis:us-east-1:111122223333:stream/x")
    role.add_to_policy(statement)
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/grant.py' }, { config: defaultConfiguration });
  const [statement] = analysis.policies[0].policy.statements;
  assert.deepEqual(
    [statement.action?.values.map((value) => value.value), statement.resource?.values.map((value) => value.value)],
    [['kinesis:PutRecrd', 'WRITE'], ['arn:aws:kinesis:us-east-1:111122223333:stream/x']],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]),
    [['action-unknown', 'PutRecrd']],
  );
});

test('principals and conditions added by add_service_principal, add_any_principal and add_condition are read', () => {
  const text = `from aws_cdk import aws_iam as iam


def share(bucket) -> None:
    endpoint = iam.PolicyStatement(actions=["s3:GetObject"], resources=[bucket.arn_for_objects("*")])
    endpoint.add_any_principal()
    endpoint.add_condition("StringEquals", {"aws:SourceVpce": "vpce-1a2b3c4d"})
    bucket.add_to_resource_policy(endpoint)
    notify = iam.PolicyStatement(actions=["s3:PutObject"], resources=["*"])
    notify.add_service_principal("sns.amazonaws.com", None)
    notify.add_source_account_condition("111122223333")
    bucket.add_to_resource_policy(notify)
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/share.py' }, { config: defaultConfiguration });
  const [endpoint, notify] = analysis.policies.map(({ policy }) => policy.statements[0]);
  // add_any_principal() adds an AnyPrincipal: AWS "*".
  assert.deepEqual(
    endpoint.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['AWS', ['*']]],
  );
  assert.deepEqual(
    endpoint.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => key.key)]),
    [['StringEquals', ['aws:SourceVpce']]],
  );
  assert.deepEqual(
    notify.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['Service', ['sns.amazonaws.com']]],
  );
  assert.deepEqual(
    notify.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => [key.key, key.values.map((value) => value.value)])]),
    [['StringEquals', [['aws:SourceAccount', ['111122223333']]]]],
  );
  // Open only through the VPC endpoint: not public.
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'resource-public'),
    [],
  );
});

// From a real Python stack: helper functions each bind a `statement`, and one of them returns it.
test('a statement is read with what its own function adds, typed by the call it is handed to, though another function returns the same name', () => {
  const { text, spans } = marked(`from aws_cdk import aws_iam as iam


def key_statement():
    statement = iam.PolicyStatement(actions=["kms:Decrypt"], resources=["*"])
    statement.add_account_root_principal()
    return statement


def queue_statement(queue):
    statement = «i»am.PolicyStatement(actions=["sqs:SendMessage"])
    statement.add_resources("*")
    queue.add_to_resource_policy(statement)


def endpoint_statement(bucket, operator):
    statement = iam.PolicyStatement(actions=["s3:GetObject"], resources=[bucket.arn_for_objects("*")])
    statement.add_any_principal()
    statement.add_condition(operator, {"aws:SourceVpce": "vpce-1a2b3c4d"})
    bucket.add_to_resource_policy(statement)
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/statements.py' }, { config: defaultConfiguration });
  const [key, queue, endpoint] = analysis.policies;
  // Returned to its caller, and still read with the principal its function adds.
  assert.deepEqual(
    key.policy.statements[0].principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['AWS', ['arn:${AWS::Partition}:iam::${AWS::AccountId}:root']]],
  );
  // Not returned (another function's `statement` is): its resources are read, and the queue's policy needs a principal.
  assert.deepEqual([queue.policyType, queue.policy.statements[0].resource?.values.map((value) => value.value)], ['resource', ['*']]);
  // A test whose operator the code computes may limit the caller: the bucket is not reported public.
  assert.equal(endpoint.policy.statements[0].condition?.deployTime, true);
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity !== 'information').map((problem) => [problem.ruleId, problem.span]),
    [['principal-missing', spans[0]]],
  );
});

// From real Python stacks: a web identity principal's conditions and a federated one's action given as keywords.
test('keyword arguments of principals are read by name: conditions=, assume_role_action=, with_conditions(conditions=…)', () => {
  const text = `from aws_cdk import aws_iam as iam


class Auth:
    def __init__(self, pool):
        iam.Role(self, "Authenticated", assumed_by=iam.FederatedPrincipal(
            "cognito-identity.amazonaws.com",
            conditions={"StringEquals": {"cognito-identity.amazonaws.com:aud": pool.ref}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}},
            assume_role_action="sts:AssumeRoleWithWebIdentity"))
        provider = iam.OpenIdConnectProvider(self, "GitHub", url="https://token.actions.githubusercontent.com", client_ids=["sts.amazonaws.com"])
        iam.Role(self, "Deploy", assumed_by=iam.OpenIdConnectPrincipal(provider).with_conditions(
            conditions={"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/app:ref:refs/heads/main"}}))
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/auth.py' }, { config: defaultConfiguration });
  const read = analysis.policies.map(({ policy }) => {
    const [statement] = policy.statements;
    return [statement.action?.values.map((value) => value.value), statement.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => key.key)])];
  });
  assert.deepEqual(read, [
    [
      ['sts:AssumeRoleWithWebIdentity'],
      [
        ['StringEquals', ['cognito-identity.amazonaws.com:aud']],
        ['ForAnyValue:StringLike', ['cognito-identity.amazonaws.com:amr']],
      ],
    ],
    [['sts:AssumeRoleWithWebIdentity'], [['StringLike', ['token.actions.githubusercontent.com:sub']]]],
  ]);
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity !== 'hint').map((problem) => problem.ruleId),
    [],
  );
});

test('public_read_access=True and grant_public_access() open a bucket to everyone, found where they are written', () => {
  const text = `from aws_cdk import aws_s3 as s3


class Site:
    def __init__(self):
        site = s3.Bucket(self, "Site", public_read_access=True)
        site.grant_public_access()
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/site.py' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]),
    [
      ['resource-public', 'public_read_access=True'],
      ['resource-public', 'site.grant_public_access()'],
    ],
  );
});

test('a class imported from the CDK under another name is read as the CDK names it', () => {
  const { text, spans } = marked(`from aws_cdk import Stack
from aws_cdk.aws_iam import PolicyStatement as Statement, Role, ServicePrincipal


class AppStack(Stack):
    def __init__(self, scope, id):
        super().__init__(scope, id)
        role = Role(self, "Worker", assumed_by=ServicePrincipal("lambda.amazonaws.com"))
        role.add_to_policy(Statement(actions=["s3:«GetObjct»"], resources=["*"]))
`);
  const { errorPlaces } = cdkReading(text, 'file:///app/app_stack.py');
  assert.deepEqual(
    errorPlaces,
    spans.map((span) => ['action-unknown', span]),
  );
});

test('a statement given by keyword, add_to_role_policy(statement=…), is typed by the call as the positional one is', () => {
  // Service-principal sweep: the keyword form was read as a resource policy, its principal-not-allowed error gone.
  const text = `from aws_cdk import aws_iam as iam


class Stack:
    def __init__(self, role, queue):
        role.add_to_role_policy(statement=iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"], principals=[iam.AnyPrincipal()]))
        queue.add_to_resource_policy(statement=iam.PolicyStatement(actions=["sqs:SendMessage"], resources=["*"], principals=[iam.AccountRootPrincipal()]))
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/stack.py' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policyType),
    ['identity', 'resource'],
  );
  assert.ok(analysis.problems.some((problem) => problem.ruleId === 'principal-not-allowed'));
});

test("an IoT Core policy construct's document, CfnPolicy imported from aws_iot, is not read as an IAM policy", () => {
  // IoT sweep: `iot:Certificate.Subject.CommonName`, a key of IoT's, was an IAM condition-key-unknown error.
  const text = `from aws_cdk import Stack, aws_iam as iam
from aws_cdk.aws_iot import CfnPolicy

thing_policy = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "iot:Connect", "Resource": "*", "Condition": {"StringEquals": {"iot:Certificate.Subject.CommonName": "device"}}}
    ],
}
role_policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}


class AppStack(Stack):
    def __init__(self, scope, id):
        super().__init__(scope, id)
        CfnPolicy(self, "ThingPolicy", policy_document=thing_policy)
        iam.CfnPolicy(self, "RolePolicy", policy_name="read", policy_document=role_policy, roles=["worker"])
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/app_stack.py' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['role_policy'],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error'),
    [],
  );
});

test("Fn.sub's template is read as CloudFormation renders it: ${AWS::AccountId} the deploying account, ${!aws:username} a policy variable", () => {
  // Secrets sweep: AWS's default key policy statement, its root principal written with Fn.sub, drew wildcard-action;
  // a secret granted on a Lambda ARN went unreported.
  const { text, spans } = marked(`from aws_cdk import Stack, Fn, aws_iam as iam, aws_kms as kms


class KeyStack(Stack):
    def __init__(self, scope, construct_id, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        kms.Key(self, "Key", policy=iam.PolicyDocument.from_json({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": Fn.sub("arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root")}, "Action": "kms:*", "Resource": "*"}],
        }))
        iam.Role(self, "Worker", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com")).add_to_policy(iam.PolicyStatement(
            actions=["«secretsmanager:GetSecretValue»"],
            resources=[Fn.sub("arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:«MyFunction*»")],
        ))
        iam.Role(self, "Home", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com")).add_to_policy(iam.PolicyStatement(
            actions=["s3:GetObject"],
            resources=[Fn.sub("arn:\${AWS::Partition}:s3:::home/\${!aws:username}/*")],
        ))
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/key_stack.py' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning').map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-resource-mismatch', spans[0]],
      ['arn-resource-type', spans[1]],
    ],
  );
  const home = analysis.policies.flatMap((policy) => policy.policy.statements).find((statement) => statement.action?.values[0].value === 's3:GetObject');
  assert.equal(home?.resource?.values[0].value, 'arn:${AWS::Partition}:s3:::home/${aws:username}/*');
});

// EMR sweep: an EMR on EKS job role, its provider and conditions passed by keyword.
test('a FederatedPrincipal whose provider and conditions Python passes by keyword is read with both', () => {
  const text = `from aws_cdk import Stack, aws_iam as iam
class Jobs(Stack):
    def __init__(self, scope, id):
        role.assume_role_policy.add_statements(
            iam.PolicyStatement(
                effect=iam.Effect.ALLOW,
                actions=["sts:AssumeRoleWithWebIdentity"],
                principals=[iam.FederatedPrincipal(
                    federated="arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE",
                    conditions={"StringLike": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub": "system:serviceaccount:emr:*"}},
                )],
            )
        )
`;
  const [policy] = cdkPythonReader.read({ text, uri: 'file:///app/jobs.py' })!.policies;
  const [statement] = policy.policy.statements;
  assert.deepEqual(
    statement.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['Federated', ['arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE']]],
  );
  assert.deepEqual(
    statement.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => key.key)]),
    [['StringLike', ['oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub']]],
  );
});
