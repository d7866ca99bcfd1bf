import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix, cdkReading, statementValues } from '../../../../../test/helpers/checks';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { loadCSharpParser } from './csharp';
import { cdkCSharpReader } from './reader';

before(loadCSharpParser);

const STACK = `using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;
using System.Collections.Generic;

namespace MyApp
{
    public class AppStack : Stack
    {
        private static readonly string[] ReadActions = { "s3:GetObject", «"s3:ListBuckt"» };

        internal AppStack(Construct scope, string id, IStackProps props = null) : base(scope, id, props)
        {
            var bucket = new Bucket(this, "Data");
            var role = new Role(this, "Worker", new RoleProps
            {
                AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
                InlinePolicies = new Dictionary<string, PolicyDocument>
                {
                    ["ReadLogs"] = new PolicyDocument(new PolicyDocumentProps
                    {
                        Statements = new[] { new PolicyStatement(new PolicyStatementProps { Actions = new[] { "logs:GetLogEvents" }, Resources = new[] { "*" } }) }
                    })
                }
            });

            role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = ReadActions,
                Resources = new[] { bucket.BucketArn, bucket.BucketArn + "/*" }
            }));

            role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = new List<string> { "dynamodb:«GetItems»" },
                Resources = new[] { string.Format("arn:aws:dynamodb:{0}:{1}:table/orders", Region, Account), $"arn:aws:dynamodb:{Region}:{Account}:table/{{orders}}" }
            }));

            bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Effect = Effect.DENY,
                Principals = new IPrincipal[] { new AnyPrincipal() },
                Actions = new[] { "s3:*" },
                Resources = new[] { bucket.ArnForObjects("*") },
                Conditions = new Dictionary<string, object>
                {
                    { "Bool", new Dictionary<string, object> { { "aws:SecureTransport", "false" } } }
                }
            }));

            new CfnManagedPolicy(this, "L1", new CfnManagedPolicyProps
            {
                PolicyDocument = new Dictionary<string, object>
                {
                    ["Version"] = "2012-10-17",
                    ["Statement"] = new object[] { new Dictionary<string, object> { ["Effect"] = «"allow"», ["Action"] = "ec2:DescribeInstances", ["Resource"] = "*" } }
                }
            });
            role.AddToPolicy(«n»ew PolicyStatement(new PolicyStatementProps { Actions = new[] { "s3:PutObject" } }));
        }
    }
}
`;

test('a CDK stack in C#: each policy it writes, props objects and all, named by the code, its findings at their place in the source', () => {
  const { text, spans } = marked(STACK);
  const { analysis, errors, policies, errorPlaces } = cdkReading(text, 'file:///app/src/MyApp/AppStack.cs');
  assert.deepEqual(policies, [
    ["Role 'Worker' › assumedBy", 'trust'],
    ["Role 'Worker' › inlinePolicies › ReadLogs", 'identity'],
    ['role.AddToPolicy › PolicyStatement', 'identity'],
    ['role.AddToPolicy › PolicyStatement [2]', 'identity'],
    ['bucket.AddToResourcePolicy › PolicyStatement', 'resource'],
    ["CfnManagedPolicy 'L1' › policyDocument", 'identity'],
    ['role.AddToPolicy › PolicyStatement [3]', 'identity'],
  ]);
  assert.deepEqual(errorPlaces, [
    // In the constant the statement names, where the value is written.
    ['action-unknown', { start: spans[0].start + 4, end: spans[0].end - 1 }],
    ['action-unknown', spans[1]],
    ['effect-value', spans[2]],
    // No resources: CDK refuses the statement at synthesis.
    ['resource-missing', spans[3]],
  ]);
  // A fix edits the literal in place.
  assert.equal(applyFix(text, errors[2]), text.replace(`["Effect"] = "allow"`, `["Effect"] = "Allow"`));
  assert.equal(applyFix(text, errors[0]), text.replace('"s3:ListBuckt"', '"s3:ListBucket"'));
  // The condition of the dictionary's entries is read, its keys as written.
  assert.deepEqual(
    analysis.policies[4].policy.statements[0].condition?.operators.map((entry) => [entry.operator, entry.keys.map((key) => key.key)]),
    [['Bool', ['aws:SecureTransport']]],
  );
});

test('values a C# app computes are placeholders: properties, the operands of a concatenation, the holes of an interpolated string, the arguments of string.Format', () => {
  const { text } = marked(STACK);
  const analysis = analyzeDocument({ text, uri: 'file:///app/AppStack.cs' }, { config: defaultConfiguration });
  const holes = (policy: number) => analysis.policies[policy].policy.statements[0].resource?.values.map((value) => [value.value, value.placeholders?.map((hole) => [hole.source, hole.kind])]);
  assert.deepEqual(holes(2), [
    ['bucket.BucketArn', [['bucket.BucketArn', 'arn']]],
    ['${bucket.BucketArn}/*', [['${bucket.BucketArn}', 'arn']]],
  ]);
  assert.deepEqual(holes(3), [
    [
      'arn:aws:dynamodb:${Region}:${Account}:table/orders',
      [
        ['${Region}', 'region'],
        ['${Account}', 'account'],
      ],
    ],
    // An interpolated string's doubled braces are one brace.
    [
      'arn:aws:dynamodb:${Region}:${Account}:table/{orders}',
      [
        ['${Region}', 'region'],
        ['${Account}', 'account'],
      ],
    ],
  ]);
  // A placeholder maps back to the code it stands for: the operand, the format's `{0}`, the hole.
  const concatenated = analysis.policies[2].policy.statements[0].resource!.values[1];
  const operand = concatenated.mapSpan!(0, concatenated.placeholders![0].end);
  assert.equal(text.slice(operand.start, operand.end), 'bucket.BucketArn + "');
  const [formatted, interpolated] = analysis.policies[3].policy.statements[0].resource!.values;
  const format = formatted.mapSpan!(formatted.placeholders![0].start, formatted.placeholders![0].end);
  assert.equal(text.slice(format.start, format.end), '{0}');
  const hole = interpolated.mapSpan!(interpolated.placeholders![1].start, interpolated.placeholders![1].end);
  assert.equal(text.slice(hole.start, hole.end), '{Account}');
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId.startsWith('arn-')),
    [],
  );
});

test("C#'s strings (escapes, verbatim and raw strings) and anonymous objects, each finding at its place", () => {
  const text = `using Amazon.CDK.AWS.IAM;
class Grants
{
    PolicyStatement Escaped() => new PolicyStatement(new PolicyStatementProps { Actions = new[] { "s3:Get\\u004Fbjekt" }, Resources = new[] { @"arn:aws:s3:::reports\\*" } });

    PolicyStatement Raw() => new PolicyStatement(new PolicyStatementProps { Actions = new[] { """s3:GetObjekt""" }, Resources = new[] { "*" } });

    // A verbatim format string, and a verbatim string in a concatenation: values of their own, not text read a
    // character off.
    PolicyStatement Formatted() => new PolicyStatement(new PolicyStatementProps { Actions = new[] { "s3:GetObject" }, Resources = new[] { string.Format(@"arn:aws:s3:::{0}/*", Bucket), @"arn:aws:s3:::" + Bucket + "/*" } });

    void L1()
    {
        new CfnPolicy(this, "Anonymous", new CfnPolicyProps
        {
            PolicyName = "anonymous",
            PolicyDocument = new { Version = "2012-10-17", Statement = new[] { new { Effect = "Allow", Action = new[] { "sqs:SendMesage" }, Resource = "*" } } }
        });
    }
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/Grants.cs' }, { config: defaultConfiguration });
  const unknown = analysis.problems.filter((problem) => problem.ruleId === 'action-unknown').map((problem) => text.slice(problem.span.start, problem.span.end));
  assert.deepEqual(unknown, ['Get\\u004Fbjekt', 'GetObjekt', 'SendMesage']);
  assert.deepEqual(
    analysis.policies[0].policy.statements[0].resource?.values.map((value) => value.value),
    ['arn:aws:s3:::reports\\*'],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId.startsWith('arn-')),
    [],
  );
});

test('statements in every branch and block are read: if, else, foreach, while, try, catch, finally, switch, using, local functions', () => {
  const statement = (action: string) => `new PolicyStatement(new PolicyStatementProps { Actions = new[] { "${action}" }, Resources = new[] { "*" } })`;
  const text = `using Amazon.CDK.AWS.IAM;
class Branches
{
    void Make()
    {
        if (a) { x = ${statement('s3:GetObjekt')}; } else if (b) { x = ${statement('s3:PutObjekt')}; } else x = ${statement('s3:ListBuckit')};
        foreach (var item in items) { x = ${statement('sqs:SendMesage')}; }
        while (c) { x = ${statement('sns:Publsh')}; }
        try { x = ${statement('kms:Decrpyt')}; } catch (Exception e) { x = ${statement('kms:Encrpyt')}; } finally { x = ${statement('logs:PutLogEvent')}; }
        switch (d) { case 1: x = ${statement('ec2:RunInstance')}; break; default: x = ${statement('ec2:StopInstance')}; break; }
        using (var scope = Open()) { x = ${statement('ec2:StartInstance')}; }
        PolicyStatement Local() { return ${statement('ec2:RebootInstance')}; }
    }
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/Branches.cs' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'action-unknown').map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['GetObjekt', 'PutObjekt', 'ListBuckit', 'SendMesage', 'Publsh', 'Decrpyt', 'Encrpyt', 'PutLogEvent', 'RunInstance', 'StopInstance', 'StartInstance', 'RebootInstance'],
  );
});

test('a C# file is read as a CDK source only when it opens a CDK namespace, or makes IAM props objects, and writes a policy', () => {
  const uri = 'file:///app/src/Util.cs';
  const policy = `class A { object S = new PolicyStatement(new PolicyStatementProps { Actions = new[] { "s3:GetObject" }, Resources = new[] { "*" } }); }\n`;
  for (const header of ['using Amazon.CDK.AWS.IAM;\n', 'using iam = Amazon.CDK.AWS.IAM;\n', 'global using Amazon.CDK;\n']) {
    assert.equal(analyzeDocument({ text: header + policy, uri }, { config: defaultConfiguration }).kind, 'cdk', header);
  }
  // With the namespaces opened by the project's global usings, its props objects say it is a CDK source.
  assert.equal(analyzeDocument({ text: `namespace App;\n${policy}`, uri }, { config: defaultConfiguration }).kind, 'cdk');
  // The AWS SDK for .NET's own policy classes are not the CDK's.
  const sdk = `using Amazon.Auth.AccessControlPolicy;\nclass A { Policy P = new Policy().WithStatements(new Statement(Statement.StatementEffect.Allow).WithActionIdentifiers(new ActionIdentifier("s3:GetObject"))); }\n`;
  assert.equal(analyzeDocument({ text: sdk, uri }, { config: defaultConfiguration }).kind, undefined);
  // With a namespace alias, `iam.PolicyStatement` is IAM's class.
  const aliased = analyzeDocument(
    { text: `using iam = Amazon.CDK.AWS.IAM;\nclass A { object S = new iam.PolicyStatement(new iam.PolicyStatementProps { Actions = new[] { "s3:GetObjekt" } }); }\n`, uri },
    { config: defaultConfiguration },
  );
  assert.deepEqual(
    aliased.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId),
    ['action-unknown'],
  );
});

// Each from real C# stacks: a C# 12 collection expression was read as its source text, quotes and all (a role allowed
// one API route was reported able to become administrator); a Dictionary written with its namespace was an empty
// object; a project that opens the CDK's namespaces with global usings in another file was not read at all.
test("C# 12 collection expressions, a Dictionary named with its namespace, and a file that relies on the project's global usings", () => {
  const text = `namespace Bobs.Stacks;

public class Gateway : Construct
{
    private static readonly string[] ReadActions = ["s3:GetObject"];

    public Gateway(Construct scope, string id, Role role) : base(scope, id)
    {
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["execute-api:Invoke", .. ReadActions], Resources = ["arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/books"] }));
        new PolicyDocument(new PolicyDocumentProps { Statements = [new PolicyStatement(new PolicyStatementProps { Actions = ["s3:GetObjekt"], Resources = ["*"] }), new PolicyStatement(new PolicyStatementProps { Actions = ["s3:ListBucket"], Resources = ["*"] })] });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:PutObject"],
            Resources = ["arn:aws:s3:::logs/*"],
            Conditions = new System.Collections.Generic.Dictionary<string, object> { { "StringEquals", new System.Collections.Generic.Dictionary<string, string> { { "aws:SourceAccount", "123456789012" } } } }
        }));
    }
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/src/Gateway.cs' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'cdk');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType, policy.policy.statements.length]),
    [
      ['role.AddToPolicy › PolicyStatement', 'identity', 1],
      ['PolicyDocument (line 10) › statements', 'identity', 2],
      ['role.AddToPolicy › PolicyStatement [2]', 'identity', 1],
    ],
  );
  // A spread (`.. ReadActions`) is read as TypeScript's `...ReadActions`: the constant's values.
  assert.deepEqual(
    analysis.policies[0].policy.statements[0].action?.values.map((value) => value.value),
    ['execute-api:Invoke', 's3:GetObject'],
  );
  assert.deepEqual(
    analysis.policies[2].policy.statements[0].condition?.operators.map((entry) => [entry.operator, entry.keys.map((key) => [key.key, key.values.map((value) => value.value)])]),
    [['StringEquals', [['aws:SourceAccount', ['123456789012']]]]],
  );
  assert.deepEqual(
    analysis.problems
      .filter((problem) => problem.severity === 'error' || problem.ruleId === 'privilege-escalation' || problem.ruleId === 'empty-value')
      .map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]),
    [['action-unknown', 'GetObjekt']],
  );
});

test('damaged C# (nesting as deep as it is long, a long sum, a member without a name) is read without a crash', () => {
  const text = `using Amazon.CDK.AWS.IAM;\nclass A {\n  object S = new PolicyStatement(new PolicyStatementProps { Actions = new[] { "s3:GetObject" }, Resources = new[] { "*" } });\n  int Size = 1${' + 1'.repeat(20000)};\n  object T = ${'F('.repeat(5000)};\n}\n`;
  const read = cdkCSharpReader.read({ text, uri: 'file:///app/Long.cs' });
  assert.equal(read?.policies.length, 1);
  // A member whose name the text lacks (`role.(…)`, found by the fuzz test): an empty name, not a crash.
  const nameless = `using Amazon.CDK.AWS.IAM;\nclass A { void M() { role.(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "s3:GetObject" } })); } }\n`;
  assert.equal(cdkCSharpReader.read({ text: nameless, uri: 'file:///app/Nameless.cs' })?.policies.length, 1);
});

test('a statement in the first operand of a long sum of numbers is read: the sum is walked once, not once per operand under a depth limit', () => {
  const text = `using Amazon.CDK.AWS.IAM;\nclass A {\n  int Size = Register(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "s3:GetObject" }, Resources = new[] { "*" } }))${' + 1'.repeat(300)};\n}\n`;
  const read = cdkCSharpReader.read({ text, uri: 'file:///app/Sum.cs' });
  assert.equal(read?.policies.length, 1);
});

test('Grant.AddToPrincipal with GrantOnPrincipalOptions is the statement CDK adds to the grantee: its actions on its resource ARNs', () => {
  const { text, spans } = marked(`using Amazon.CDK.AWS.IAM;
public class Index : Construct {
  public Grant GrantRead(IGrantable grantee) {
    return Grant.AddToPrincipal(new GrantOnPrincipalOptions { Grantee = grantee, Actions = new [] { "s3vectors:GetVectors", "s3vectors:«QueryVector»" }, ResourceArns = new [] { IndexArn } });
  }
}
`);
  const { analysis, policies, errorPlaces } = cdkReading(text, 'file:///app/src/App/Index.cs');
  assert.deepEqual(policies, [['GrantRead() › Grant.AddToPrincipal', 'identity']]);
  assert.deepEqual(statementValues(analysis), [[[['s3vectors:GetVectors', 's3vectors:QueryVector'], ['IndexArn']]]]);
  assert.deepEqual(errorPlaces, [['action-unknown', spans[0]]]);
});

test('a JSON policy in a C# verbatim string, its quotes doubled, is checked in place; a fix that would rewrite a JSON string there is not offered', () => {
  const text = `using Amazon.SQS.Model;
class Setup
{
    async Task Init()
    {
        await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest
        {
            QueueUrl = url,
            Attributes = new Dictionary<string, string>
            {
                { "Policy", @"{ ""Version"": ""2012-10-17"", ""Statement"": [{ ""Effect"": ""Allow"", ""Principal"": { ""Service"": ""events.amazonaws.com"" }, ""Action"": ""SQS:SendMessage"", ""Resource"": ""*"" }] }" }
            }
        });
    }
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/Setup.cs' }, { config: defaultConfiguration });
  const [actionCase] = analysis.problems.filter((problem) => problem.ruleId === 'action-case');
  assert.equal(text.slice(actionCase.span.start, actionCase.span.end), 'SQS:SendMessage');
  assert.equal(actionCase.fixes, undefined);
});
