import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix, cdkReading, statementValues } from '../../../../../test/helpers/checks';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { loadJavaParser } from './java';
import { cdkJavaReader } from './reader';

before(loadJavaParser);

const STACK = `package com.myorg;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.*;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;
import java.util.List;
import java.util.Map;

public class AppStack extends Stack {
    private static final List<String> READ_ACTIONS = List.of("s3:GetObject", «"s3:ListBuckt"»);

    public AppStack(final Construct scope, final String id) {
        super(scope, id);
        Bucket bucket = Bucket.Builder.create(this, "Data").build();
        Role role = Role.Builder.create(this, "Worker")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .inlinePolicies(Map.of("ReadLogs", PolicyDocument.Builder.create()
                        .statements(List.of(PolicyStatement.Builder.create().actions(List.of("logs:GetLogEvents")).resources(List.of("*")).build()))
                        .build()))
                .build();

        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(READ_ACTIONS)
                .resources(List.of(bucket.getBucketArn(), bucket.getBucketArn() + "/*"))
                .build());

        role.addToPolicy(new PolicyStatement(PolicyStatementProps.builder()
                .actions(List.of("dynamodb:«GetItems»"))
                .resources(List.of(String.format("arn:aws:dynamodb:%s:%s:table/orders", this.getRegion(), this.getAccount())))
                .build()));

        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:*"))
                .resources(List.of(bucket.arnForObjects("*")))
                .conditions(new HashMap<String, Object>() {{
                    put("Bool", Map.of("aws:SecureTransport", "false"));
                }})
                .build());

        CfnManagedPolicy.Builder.create(this, "L1")
                .policyDocument(Map.of(
                        "Version", "2012-10-17",
                        "Statement", List.of(Map.of("Effect", «"allow"», "Action", "ec2:DescribeInstances", "Resource", "*"))))
                .build();
        role.addToPolicy(«P»olicyStatement.Builder.create().actions(List.of("s3:PutObject")).build());
    }
}
`;

test('a CDK stack in Java: each policy it writes, builders and all, named by the code, its findings at their place in the source', () => {
  const { text, spans } = marked(STACK);
  const { analysis, errors, policies, errorPlaces } = cdkReading(text, 'file:///app/src/main/java/com/myorg/AppStack.java');
  assert.deepEqual(policies, [
    ["Role 'Worker' › assumedBy", 'trust'],
    ["Role 'Worker' › inlinePolicies › ReadLogs", 'identity'],
    ['role.addToPolicy › PolicyStatement', 'identity'],
    ['role.addToPolicy › PolicyStatement [2]', 'identity'],
    ['bucket.addToResourcePolicy › PolicyStatement', 'resource'],
    ["CfnManagedPolicy 'L1' › policyDocument", 'identity'],
    ['role.addToPolicy › PolicyStatement [3]', 'identity'],
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
  assert.equal(applyFix(text, errors[2]), text.replace(`"Effect", "allow"`, `"Effect", "Allow"`));
  assert.equal(applyFix(text, errors[0]), text.replace('"s3:ListBuckt"', '"s3:ListBucket"'));
  // The condition of the HashMap filled in its initializer is read.
  assert.deepEqual(
    analysis.policies[4].policy.statements[0].condition?.operators.map((entry) => entry.operator),
    ['Bool'],
  );
});

test('values a Java app computes are placeholders: getters, the operands of a concatenation, the arguments of String.format', () => {
  const { text } = marked(STACK);
  const analysis = analyzeDocument({ text, uri: 'file:///app/AppStack.java' }, { config: defaultConfiguration });
  const holes = (policy: number) => analysis.policies[policy].policy.statements[0].resource?.values.map((value) => [value.value, value.placeholders?.map((hole) => [hole.source, hole.kind])]);
  assert.deepEqual(holes(2), [
    ['bucket.getBucketArn()', [['bucket.getBucketArn()', 'arn']]],
    ['${bucket.getBucketArn()}/*', [['${bucket.getBucketArn()}', 'arn']]],
  ]);
  assert.deepEqual(holes(3), [
    [
      'arn:aws:dynamodb:${this.getRegion()}:${this.getAccount()}:table/orders',
      [
        ['${this.getRegion()}', 'region'],
        ['${this.getAccount()}', 'account'],
      ],
    ],
  ]);
  // A placeholder maps back to the code it stands for: the operand, or the format's `%s`.
  const concatenated = analysis.policies[2].policy.statements[0].resource!.values[1];
  const operand = concatenated.mapSpan!(0, concatenated.placeholders![0].end);
  assert.equal(text.slice(operand.start, operand.end), 'bucket.getBucketArn() + "');
  const formatted = analysis.policies[3].policy.statements[0].resource!.values[0];
  const [region] = formatted.placeholders!;
  const format = formatted.mapSpan!(region.start, region.end);
  assert.equal(text.slice(format.start, format.end), '%s');
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId.startsWith('arn-')),
    [],
  );
});

test("Java's concatenations join adjacent literals, and a format's `%%` is one percent sign", () => {
  const text = `import software.amazon.awscdk.services.iam.PolicyStatement;
class Grants {
    PolicyStatement statement() {
        return PolicyStatement.Builder.create()
                .actions(List.of("s3:" + "GetObjekt"))
                .resources(List.of("arn:aws:s3:::" + "reports" + "/" + prefix + "/*", String.format("arn:aws:s3:::%s/100%%", name)))
                .build();
    }
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/Grants.java' }, { config: defaultConfiguration });
  const statement = analysis.policies[0].policy.statements[0];
  assert.deepEqual(
    statement.resource?.values.map((value) => value.value),
    ['arn:aws:s3:::reports/${prefix}/*', 'arn:aws:s3:::${name}/100%'],
  );
  const [unknown] = analysis.problems.filter((problem) => problem.ruleId === 'action-unknown');
  assert.equal(text.slice(unknown.span.start, unknown.span.end), 'GetObjekt');
});

test('statements in every branch and block are read: if, else, for, while, try, catch, finally, switch', () => {
  const statement = (action: string) => `PolicyStatement.Builder.create().actions(List.of("${action}")).resources(List.of("*")).build()`;
  const text = `import software.amazon.awscdk.services.iam.*;
class Branches {
    void make() {
        if (a) { x = ${statement('s3:GetObjekt')}; } else if (b) { x = ${statement('s3:PutObjekt')}; } else x = ${statement('s3:ListBuckit')};
        for (String item : items) { x = ${statement('sqs:SendMesage')}; }
        while (c) { x = ${statement('sns:Publsh')}; }
        try { x = ${statement('kms:Decrpyt')}; } catch (Exception e) { x = ${statement('kms:Encrpyt')}; } finally { x = ${statement('logs:PutLogEvent')}; }
        switch (d) { case 1: x = ${statement('ec2:RunInstance')}; break; default: x = ${statement('ec2:StopInstance')}; }
    }
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/Branches.java' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'action-unknown').map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['GetObjekt', 'PutObjekt', 'ListBuckit', 'SendMesage', 'Publsh', 'Decrpyt', 'Encrpyt', 'PutLogEvent', 'RunInstance', 'StopInstance'],
  );
});

test('a Java file is read as a CDK source only when it imports the CDK and writes a policy', () => {
  const uri = 'file:///app/src/Util.java';
  const policy = `class A { Object s = PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("*")).build(); }\n`;
  for (const header of ['import software.amazon.awscdk.services.iam.*;\n', 'import software.amazon.awscdk.services.iam.PolicyStatement;\n']) {
    assert.equal(analyzeDocument({ text: header + policy, uri }, { config: defaultConfiguration }).kind, 'cdk', header);
  }
  assert.equal(analyzeDocument({ text: `import com.amazonaws.services.s3.AmazonS3;\n${policy}`, uri }, { config: defaultConfiguration }).kind, undefined);
  // A statement a method returns may gain its resources from other code.
  const returned = analyzeDocument(
    {
      text: `import software.amazon.awscdk.services.iam.*;\nclass Grants {\n    PolicyStatement read() {\n        return PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).build();\n    }\n}\n`,
      uri,
    },
    { config: defaultConfiguration },
  );
  assert.equal(returned.kind, 'cdk');
  assert.ok(!returned.problems.some((problem) => problem.ruleId === 'resource-missing'));
});

test('Java that nests as deep as it is long (a damaged file, a long sum) is read without a crash', () => {
  const text = `import software.amazon.awscdk.services.iam.*;\nclass A {\n  Object s = PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("*")).build();\n  int size = 1${' + 1'.repeat(20000)};\n  Object t = ${'f('.repeat(5000)};\n}\n`;
  const read = cdkJavaReader.read({ text, uri: 'file:///app/Long.java' });
  assert.equal(read?.policies.length, 1);
});

test('a statement in the first operand of a long sum of numbers is read: the sum is walked once, not once per operand under a depth limit', () => {
  const statement = `register(PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("*")).build())`;
  const text = `import software.amazon.awscdk.services.iam.*;\nclass A {\n  int size = ${statement}${' + 1'.repeat(300)};\n}\n`;
  const read = cdkJavaReader.read({ text, uri: 'file:///app/Sum.java' });
  assert.equal(read?.policies.length, 1);
});

test('a damaged escape in a string (`\\u{` without hex digits) is read as written, without a crash', () => {
  const text = `import software.amazon.awscdk.services.iam.*;\nclass A {\n  Object s = PolicyStatement.Builder.create().actions(List.of("s3:Get\\u{zz}Object", "s3:\\x4")).resources(List.of("*")).build();\n}\n`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/Damaged.java' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies[0].policy.statements[0].action?.values.map((value) => value.value),
    ['s3:Getu{zz}Object', 's3:x4'],
  );
});

test('a condition key a Java app computes (`Map.of("s3:ExistingObjectTag/" + TAG, …)`) is a key with a placeholder', () => {
  const text = `import software.amazon.awscdk.services.iam.*;
class Scan {
    PolicyStatement deny(IBucket bucket) {
        return PolicyStatement.Builder.create().effect(Effect.DENY).principals(List.of(new AnyPrincipal())).actions(List.of("s3:GetObject"))
                .resources(List.of(bucket.arnForObjects("*")))
                .conditions(Map.of("StringEquals", Map.of("s3:ExistingObjectTag/" + SCAN_TAG_NAME, INFECTED.name())))
                .build();
    }
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/Scan.java' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies[0].policy.statements[0].condition?.operators[0].keys.map((key) => key.key),
    ['s3:ExistingObjectTag/${SCAN_TAG_NAME}'],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => problem.ruleId),
    [],
  );
});

test('Grant.addToPrincipal with GrantOnPrincipalOptions is the statement CDK adds to the grantee: its actions on its resource ARNs', () => {
  const { text, spans } = marked(`package app;
import software.amazon.awscdk.services.iam.*;
public class Index extends Construct {
  public Grant grantRead(IGrantable grantee) {
    return Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(grantee).actions(List.of("s3vectors:GetVectors", "s3vectors:«QueryVector»")).resourceArns(List.of(this.indexArn)).build());
  }
}
`);
  const { analysis, policies, errorPlaces } = cdkReading(text, 'file:///app/src/main/java/app/Index.java');
  assert.deepEqual(policies, [['grantRead() › Grant.addToPrincipal', 'identity']]);
  assert.deepEqual(statementValues(analysis), [[[['s3vectors:GetVectors', 's3vectors:QueryVector'], ['this.indexArn']]]]);
  assert.deepEqual(errorPlaces, [['action-unknown', spans[0]]]);
});
