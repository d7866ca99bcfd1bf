import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix, hostReading as reading } from '../../../../../test/helpers/checks';
import { prepareHostReaders } from '../index';

before(() => prepareHostReaders());

const APP = `import { Construct } from 'constructs';
import { App, TerraformStack, Fn } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { iamRolePolicy, s3BucketPolicy } from '@cdktf/provider-aws';

class Stack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const assume = new DataAwsIamPolicyDocument(this, 'assume', {
      statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }],
    });
    const role = new IamRole(this, 'worker', {
      assumeRolePolicy: assume.json,
      inlinePolicy: [{ name: 'logs', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: «'allow'», Action: 'logs:«PutLogEvent»', Resource: '*' }] }) }],
    });
    new iamRolePolicy.IamRolePolicy(this, 'read', {
      role: role.name,
      policy: Fn.jsonencode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:«GetObjekt»', Resource: 'arn:aws:s3:::data/*' }] }),
    });
    const siteDoc = new DataAwsIamPolicyDocument(this, 'site-doc', {
      statement: [{
        actions: ['s3:GetObject'],
        resources: ['arn:aws:s3:::site/*'],
        principals: [{ type: '*', identifiers: ['*'] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceVpce', values: ['«vpce-1»'] }],
      }],
    });
    new s3BucketPolicy.S3BucketPolicy(this, 'site', { bucket: 'site', policy: siteDoc.json });
  }
}
new Stack(new App(), 'app');
`;

test('a CDK for Terraform app: each policy typed by the Terraform resource its class is, its findings at their place', () => {
  const { text, spans } = marked(APP);
  const { analysis, errors, policies } = reading(text, 'file:///app/main.ts');
  assert.equal(analysis.kind, 'cdktf');
  assert.deepEqual(policies, [
    ["new IamRole 'worker' › assumeRolePolicy", 'trust'],
    ["new IamRole 'worker' › inlinePolicy[logs] › policy", 'identity'],
    ["new iamRolePolicy.IamRolePolicy 'read' › policy", 'identity'],
    ["new s3BucketPolicy.S3BucketPolicy 'site' › policy", 'resource'],
  ]);
  // DataAwsIamPolicyDocument renders as Terraform does: Allow by default, principals by type, `condition` blocks.
  const trust = analysis.policies[0].policy.statements[0];
  assert.deepEqual(
    [trust.effect?.value?.value, trust.action?.values.map((value) => value.value), trust.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)])],
    ['Allow', ['sts:AssumeRole'], [['Service', ['lambda.amazonaws.com']]]],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId !== 'resource-public').map((problem) => [problem.ruleId, problem.span]),
    [
      ['effect-value', spans[0]],
      ['action-unknown', spans[1]],
      ['action-unknown', spans[2]],
      ['condition-vpc-format', spans[3]],
    ],
  );
  assert.equal(applyFix(text, errors[0]), text.replace("Effect: 'allow'", "Effect: 'Allow'"));
  assert.equal(applyFix(text, errors[2]), text.replace("'s3:GetObjekt'", "'s3:GetObject'"));
});

test("the provider imported as a namespace or from cdktf get's bindings gives the same types; a file without it is no app", () => {
  const namespaced = `import * as aws from '@cdktf/provider-aws';
import { TerraformStack } from 'cdktf';
export class Stack extends TerraformStack {
  build() {
    new aws.iamRole.IamRole(this, 'ci', { assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] }) });
  }
}
`;
  assert.deepEqual(reading(namespaced, 'file:///app/stack.ts').policies, [["new aws.iamRole.IamRole 'ci' › assumeRolePolicy", 'trust']]);
  const generated = namespaced.replace("import * as aws from '@cdktf/provider-aws';", "import * as aws from './.gen/providers/aws';");
  assert.deepEqual(reading(generated, 'file:///app/stack.ts').policies, [["new aws.iamRole.IamRole 'ci' › assumeRolePolicy", 'trust']]);
  // CDK Terrain, the community's fork, and older bindings under imports/ with their namespaces by service.
  const terrain = namespaced.replace("import * as aws from '@cdktf/provider-aws';", "import * as aws from '@cdktn/provider-aws';");
  assert.deepEqual(reading(terrain, 'file:///app/stack.ts').policies, [["new aws.iamRole.IamRole 'ci' › assumeRolePolicy", 'trust']]);
  const older = namespaced.replace("import * as aws from '@cdktf/provider-aws';", "import { iam } from '../imports/providers/aws';").replace('new aws.iamRole.IamRole(', 'new iam.IamRole(');
  assert.deepEqual(reading(older, 'file:///app/stack.ts').policies, [["new iam.IamRole 'ci' › assumeRolePolicy", 'trust']]);
  const other = namespaced.replace("import * as aws from '@cdktf/provider-aws';", "import * as aws from '@cdktf/provider-google';");
  assert.notEqual(reading(other, 'file:///app/stack.ts').analysis.kind, 'cdktf');
  // A module of the project's own named providers/aws, in a file that is no CDK for Terraform app.
  const unrelated = older.replace("import { TerraformStack } from 'cdktf';", "import { TerraformStack } from './stack-base';");
  assert.notEqual(reading(unrelated, 'file:///app/stack.ts').analysis.kind, 'cdktf');
});

test('a CDK for Terraform app in Python: keyword arguments, the provider structs and json.dumps, typed alike', () => {
  const { text, spans } = marked(`import json
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.iam_role import IamRole, IamRoleInlinePolicy
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement, DataAwsIamPolicyDocumentStatementPrincipals
from cdktf_cdktf_provider_aws import s3_bucket_policy


class Stack(TerraformStack):
    def __init__(self, scope, id):
        super().__init__(scope, id)
        assume = DataAwsIamPolicyDocument(self, "assume", statement=[DataAwsIamPolicyDocumentStatement(
            actions=["sts:AssumeRole"],
            principals=[DataAwsIamPolicyDocumentStatementPrincipals(type="Service", identifiers=["lambda.amazonaws.com"])],
        )])
        IamRole(self, "worker", assume_role_policy=assume.json, inline_policy=[IamRoleInlinePolicy(
            name="logs",
            policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:«PutLogEvent»", "Resource": "*"}]}),
        )])
        s3_bucket_policy.S3BucketPolicy(self, "site", bucket="site", policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::site/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
`);
  const { analysis, policies, errorPlaces } = reading(text, 'file:///app/main.py');
  assert.equal(analysis.kind, 'cdktf');
  assert.deepEqual(policies, [
    ["IamRole 'worker' › assumeRolePolicy", 'trust'],
    ["IamRole 'worker' › inlinePolicy[logs] › policy", 'identity'],
    ["s3_bucket_policy.S3BucketPolicy 'site' › policy", 'resource'],
  ]);
  const trust = analysis.policies[0].policy.statements[0];
  assert.deepEqual(
    [trust.action?.values.map((value) => value.value), trust.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)])],
    [['sts:AssumeRole'], [['Service', ['lambda.amazonaws.com']]]],
  );
  assert.deepEqual(errorPlaces, [['action-unknown', spans[0]]]);
});

test('an IamPolicy that roles name only as their permissions boundary is one; attached as well, it is a grant', () => {
  const text = `import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { TerraformStack } from 'cdktf';
export class Stack extends TerraformStack {
  build() {
    const boundary = new IamPolicy(this, 'boundary', { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }] }) });
    const read = new IamPolicy(this, 'read', { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] }) });
    const role = new IamRole(this, 'app', { assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }), permissionsBoundary: boundary.arn });
    new IamRole(this, 'ci', { assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] }), permissionsBoundary: read.arn });
    new IamRolePolicyAttachment(this, 'read-attach', { role: role.name, policyArn: read.arn });
  }
}
`;
  assert.deepEqual(reading(text, 'file:///app/main.ts').policies, [
    ["new IamPolicy 'boundary' › policy", 'boundary'],
    ["new IamPolicy 'read' › policy", 'identity'],
    ["new IamRole 'app' › assumeRolePolicy", 'trust'],
    ["new IamRole 'ci' › assumeRolePolicy", 'trust'],
  ]);
});
