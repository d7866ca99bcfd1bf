import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { privilegeEscalation } from './privilege-escalation';

test('privilege-escalation flags single-action methods at the action', () => {
  const { actual, expected } = spansOf(
    privilegeEscalation,
    '{"Statement": [{"Effect": "Allow", "Action": [«"iam:AttachUserPolicy"», "iam:ListUsers", «"iam:CreatePolicyVersion"»], "Resource": "*"}]}',
  );
  assert.deepEqual(actual, expected);
});

test('privilege-escalation combines actions across statements and names the method', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:DescribeInstances'], Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/*' },
    ],
  });
  const problems = runCheck(privilegeEscalation, text);
  assert.equal(problems.length, 1);
  assert.equal(text.slice(problems[0].span.start, problems[0].span.end), '"ec2:RunInstances"');
  assert.equal(
    problems[0].message,
    '"ec2:RunInstances" allows privilege escalation: the holder can launch an EC2 instance with a more privileged role and use its credentials from the instance (ec2:RunInstances + iam:PassRole). Limit these actions to the resources they need, add conditions, or make sure only principals who may hold these permissions get this policy.',
  );
});

test('privilege-escalation groups the methods one wildcard opens', () => {
  const [problem] = runCheck(privilegeEscalation, policyWith({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }));
  assert.match(problem.message, /^"iam:\*" allows \d+ known ways of privilege escalation: the holder can write a new default version of a customer managed policy/);
});

test('privilege-escalation counts a pass of the role only to the service the method uses', () => {
  const passTo = (service: string) =>
    JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': service } } },
      ],
    });
  assert.equal(runCheck(privilegeEscalation, passTo('lambda.amazonaws.com')).length, 1);
  assert.deepEqual(runCheck(privilegeEscalation, passTo('ec2.amazonaws.com')), []);
});

test('privilege-escalation accepts self-service, named roles, narrowing conditions and Deny', () => {
  const cases = [
    // Managing one's own access keys and password, as the IAM User Guide's self-service example does.
    { Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:UpdateLoginProfile'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
    // Passing roles picked by name is delegation the author chose.
    [
      { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/web-server' },
    ],
    // Roles under a path made for a service.
    { Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: 'arn:aws:iam::*:role/service-role/*' },
    { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } },
    { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
    [
      { Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:Put*', Resource: '*' },
    ],
    // Allowing everything leaves nothing to escalate to; wildcard-action reports it.
    { Effect: 'Allow', Action: '*', Resource: '*' },
  ];
  for (const statements of cases) assert.deepEqual(runCheck(privilegeEscalation, JSON.stringify({ Statement: statements })), [], JSON.stringify(statements));
  assert.deepEqual(runCheck(privilegeEscalation, policyWith({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }), 'boundary'), []);
});

test('privilege-escalation finds the take-over-existing-compute methods on every resource', () => {
  const cases: [string[], string][] = [
    [['ssm:SendCommand'], 'ssm:SendCommand'],
    [['ssm:StartSession'], 'ssm:StartSession'],
    [['ec2-instance-connect:SendSSHPublicKey'], 'ec2-instance-connect:SendSSHPublicKey'],
    [['sagemaker:CreatePresignedNotebookInstanceUrl'], 'sagemaker:CreatePresignedNotebookInstanceUrl'],
    [['ecs:ExecuteCommand'], 'ecs:ExecuteCommand'],
    [['codebuild:StartBuildBatch'], 'codebuild:StartBuildBatch'],
    [['cloudformation:UpdateStack'], 'cloudformation:UpdateStack'],
    [['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'], 'cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet'],
    [['apprunner:UpdateService'], 'apprunner:UpdateService'],
    [['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'], 'ec2:CreateLaunchTemplateVersion + ec2:ModifyLaunchTemplate'],
    [['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'], 'bedrock-agentcore:StartCodeInterpreterSession + bedrock-agentcore:InvokeCodeInterpreter'],
    [['sts:AssumeRole'], 'sts:AssumeRole'],
    [['batch:SubmitJob'], 'batch:SubmitJob'],
    [['bedrock-agentcore:InvokeAgentRuntimeCommand'], 'bedrock-agentcore:InvokeAgentRuntimeCommand'],
    [['bedrock-agentcore:StartBrowserSession', 'bedrock-agentcore:ConnectBrowserAutomationStream'], 'bedrock-agentcore:StartBrowserSession + bedrock-agentcore:ConnectBrowserAutomationStream'],
    [
      ['codedeploy:CreateDeployment', 'codedeploy:RegisterApplicationRevision', 'codedeploy:GetDeploymentConfig', 'codedeploy:GetApplicationRevision'],
      'codedeploy:CreateDeployment + codedeploy:RegisterApplicationRevision + codedeploy:GetDeploymentConfig + codedeploy:GetApplicationRevision',
    ],
  ];
  for (const [actions, method] of cases) {
    const problems = runCheck(privilegeEscalation, policyWith({ Effect: 'Allow', Action: actions, Resource: '*' }));
    assert.equal(problems.length, 1, actions.join());
    assert.equal(problems[0].severity, 'warning');
    assert.ok(problems[0].message.includes(`(${method})`), problems[0].message);
  }
});

test('privilege-escalation finds passing a role to App Runner, Glue triggers, StackSets, change sets, Batch, Braket, Cognito, Amplify and AgentCore', () => {
  const cases: [string[], string][] = [
    [['apprunner:CreateService'], 'apprunner:CreateService + iam:PassRole'],
    [['glue:CreateJob', 'glue:CreateTrigger'], 'glue:CreateJob + glue:CreateTrigger + iam:PassRole'],
    [['glue:UpdateJob', 'glue:StartJobRun'], 'glue:UpdateJob + glue:StartJobRun + iam:PassRole'],
    [['lambda:CreateFunction', 'lambda:AddPermission'], 'lambda:CreateFunction + lambda:AddPermission + iam:PassRole'],
    [['ecs:RegisterTaskDefinition', 'ecs:StartTask'], 'ecs:RegisterTaskDefinition + ecs:StartTask + iam:PassRole'],
    [['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'], 'cloudformation:CreateStackSet + cloudformation:CreateStackInstances + iam:PassRole'],
    [['cloudformation:UpdateStackSet'], 'cloudformation:UpdateStackSet + iam:PassRole'],
    [['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'], 'cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet + iam:PassRole'],
    [['ecs:StartTask', 'ecs:RegisterContainerInstance'], 'ecs:StartTask + ecs:RegisterContainerInstance + iam:PassRole'],
    [['amplify:CreateApp', 'amplify:CreateBranch', 'amplify:StartJob'], 'amplify:CreateApp + amplify:CreateBranch + amplify:StartJob + iam:PassRole'],
    [['batch:RegisterJobDefinition', 'batch:SubmitJob'], 'batch:RegisterJobDefinition + batch:SubmitJob + iam:PassRole'],
    [['braket:CreateJob'], 'braket:CreateJob + iam:PassRole'],
    [['cognito-identity:SetIdentityPoolRoles'], 'cognito-identity:SetIdentityPoolRoles + iam:PassRole'],
    [
      ['bedrock-agentcore:CreateAgentRuntime', 'bedrock-agentcore:CreateAgentRuntimeEndpoint', 'bedrock-agentcore:CreateWorkloadIdentity', 'bedrock-agentcore:InvokeAgentRuntimeCommand'],
      'bedrock-agentcore:CreateAgentRuntime + bedrock-agentcore:CreateAgentRuntimeEndpoint + bedrock-agentcore:CreateWorkloadIdentity + bedrock-agentcore:InvokeAgentRuntimeCommand + iam:PassRole',
    ],
    [
      ['bedrock-agentcore:CreateBrowser', 'bedrock-agentcore:StartBrowserSession', 'bedrock-agentcore:ConnectBrowserAutomationStream'],
      'bedrock-agentcore:CreateBrowser + bedrock-agentcore:StartBrowserSession + bedrock-agentcore:ConnectBrowserAutomationStream + iam:PassRole',
    ],
  ];
  for (const [actions, method] of cases) {
    const text = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: actions, Resource: '*' },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/*' },
      ],
    });
    const messages = runCheck(privilegeEscalation, text).map((p) => p.message);
    assert.ok(
      messages.some((m) => m.includes(`(${method})`)),
      `${method}: ${messages.join(' | ')}`,
    );
    const alone = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
    assert.ok(!runCheck(privilegeEscalation, alone).some((p) => p.message.includes(`(${method})`)), `${method} needs iam:PassRole`);
  }
});

test('privilege-escalation reports resources limited by a name prefix at information, naming the prefix', () => {
  const text = JSON.stringify({
    Statement: [
      { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app/*' },
      { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: 'arn:aws:iam::*:policy/team-*' },
    ],
  });
  const problems = runCheck(privilegeEscalation, text);
  assert.deepEqual(
    problems.map((p) => [text.slice(p.span.start, p.span.end), p.severity]),
    [
      ['"ec2:RunInstances"', 'information'],
      ['"iam:CreatePolicyVersion"', 'information'],
    ],
  );
  assert.match(problems[0].message, /^"ec2:RunInstances" allows privilege escalation among the resources named "role\/app\/\*": the holder can launch an EC2 instance/);
  assert.match(problems[1].message, /among the resources named "policy\/team-\*"/);
  assert.match(problems[1].message, /Make sure no resource under that prefix is the holder's own or more privileged than the holder, or name the resources exactly\.$/);
  // The same grant on every resource elsewhere in the policy is the warning, once.
  const both = JSON.stringify({
    Statement: [
      { Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: 'arn:aws:lambda:*:*:function:app-*' },
      { Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: '*' },
    ],
  });
  assert.deepEqual(
    runCheck(privilegeEscalation, both).map((p) => p.severity),
    ['warning'],
  );
});

test('privilege-escalation stays quiet on named resources, AWS managed policies, service roles and expired grants', () => {
  const cases = [
    // Deploying to a function, opening a shell on an instance, or assuming a role the author named is what the policy is for.
    { Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: 'arn:aws:lambda:us-east-1:111122223333:function:web' },
    { Effect: 'Allow', Action: ['ssm:StartSession', 'ssm:SendCommand'], Resource: ['arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0', 'arn:aws:ssm:*:*:document/AWS-RunShellScript'] },
    { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::444455556666:role/deploy' },
    // Customers cannot change AWS managed policies (iam-vulnerable's fp4).
    { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: 'arn:aws:iam::aws:policy/fp4-*' },
    { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/aws-service-role/*' },
    // Sessions issued before 2020 have long expired (iam-vulnerable's fp5).
    { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } } },
  ];
  for (const statement of cases) assert.deepEqual(runCheck(privilegeEscalation, policyWith(statement)), [], JSON.stringify(statement));
  // The same grant from a date on is open-ended (iam-vulnerable's fn3).
  const later = { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*', Condition: { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } } };
  assert.equal(runCheck(privilegeEscalation, policyWith(later)).length, 1);
});

test('privilege-escalation answers each policy for itself when policies share an Action list, and after the list is edited', () => {
  const policy = (actions: string[], extra: object[] = []) => JSON.stringify({ Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }, ...extra] });
  const both = ['ec2:RunInstances', 'iam:PassRole'];
  const count = (text: string) => runCheck(privilegeEscalation, text).length;
  assert.equal(count(policy(both)), 1);
  assert.equal(count(policy(both, [{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }])), 0, 'the same list, and a Deny');
  assert.equal(count(policy(['ec2:RunInstances', 'iam:PassRoles'])), 0, 'the list edited');
  assert.equal(count(policy(['ec2:RunInstances', 'IAM:PASSROLE'])), 1);
  assert.equal(count(policy(both)), 1, 'the first list again');
});

// Before, the message quoted the action as the host wrote it: bare in YAML, `\"batch:SubmitJob\"` in a .tf.json string.
test('privilege-escalation names the action in quotes whatever the host wrote: a YAML plain scalar, a JSON string', () => {
  const [yaml] = runCheckOnTemplateStatement(privilegeEscalation, { Action: 'iam:PutRolePolicy', Resource: "'*'" }, 'identity');
  assert.match(yaml.message, /^"iam:PutRolePolicy" allows privilege escalation: /);
  const [json] = runCheck(privilegeEscalation, JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' }] }));
  assert.match(json.message, /^"iam:PutRolePolicy" allows privilege escalation: /);
});

// From a real published policy: iam:* on roles only, whose finding listed ways through IAM users.
test('privilege-escalation counts a method only where the resources can be of its type', () => {
  const [problem] = runCheck(privilegeEscalation, policyWith({ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::*:role/*-clamav' }));
  assert.match(problem.message, /attach any managed policy to an IAM role \(iam:AttachRolePolicy\)/);
  assert.doesNotMatch(problem.message, /IAM user|iam:AttachUserPolicy|iam:PutUserPolicy|iam:CreateAccessKey/);
  // A stack ARN is no StackSet: only the stack's own ways are left.
  const [stacks] = runCheck(
    privilegeEscalation,
    '{"Statement": [{"Effect": "Allow", "Action": ["cloudformation:CreateStack", "cloudformation:UpdateStackSet", "iam:PassRole"], "Resource": ["arn:aws:cloudformation:*:*:stack/app-*", "arn:aws:iam::*:role/*"]}]}',
  );
  assert.doesNotMatch(stacks.message, /StackSet/);
  // The holder's own user, by variable, still counts.
  assert.equal(runCheck(privilegeEscalation, policyWith({ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: 'arn:aws:iam::*:user/${aws:username}' })).length, 1);
});

// From a real Terraform policy template: a variable in the account or a name made the value "any resource", so a
// statement on roles and policies listed ways through IAM users.
test('privilege-escalation: a value known at deploy names the type its literal resource part names', () => {
  const ways = (resource: string) => runCheckOnTemplateStatement(privilegeEscalation, { Action: 'iam:*', Resource: resource }, 'identity').map((problem) => problem.message);
  const onRoles = ways("!Sub 'arn:aws:iam::${AccountId}:role/da*'");
  assert.match(onRoles.join('\n'), /iam:AttachRolePolicy/);
  for (const message of [...onRoles, ...ways("!Sub 'arn:aws:iam::123456789012:policy/X${Environment}'")]) {
    assert.doesNotMatch(message, /IAM user|iam:AttachUserPolicy|iam:PutUserPolicy/);
  }
  // A name the template fills where the type is written may be any type: a user among them.
  assert.match(ways("!Sub 'arn:aws:iam::123456789012:${ResourcePath}'").join('\n'), /iam:AttachUserPolicy/);
  assert.match(ways("!Sub 'arn:aws:iam::123456789012:user/${UserName}'").join('\n'), /iam:AttachUserPolicy/);
  assert.match(ways('!GetAtt Deployer.Arn').join('\n'), /iam:AttachUserPolicy/);
});

test('privilege-escalation reports ssm:SendCommand only where a document that runs any command is allowed too', () => {
  // Security tooling sweep: AmazonGuardDutyServiceRolePolicy runs one AWS-owned document on every instance; it was
  // said to let the holder "run any commands".
  const instances = 'arn:aws:ec2:*:*:instance/*';
  const reported = (resources: string[]) => runCheck(privilegeEscalation, policyWith({ Effect: 'Allow', Action: 'ssm:SendCommand', Resource: resources })).length > 0;
  assert.equal(reported([instances, 'arn:aws:ssm:*:*:document/AmazonGuardDuty-ConfigureRuntimeMonitoringSsmPlugin']), false);
  assert.equal(reported([instances, 'arn:aws:ssm:*::document/AWSLicenseManager-*']), false);
  assert.equal(reported([instances, 'arn:aws:ssm:us-east-1:111122223333:document/team-patching']), false);
  assert.equal(reported([instances]), false);
  assert.equal(reported([instances, 'arn:aws:ssm:*:*:document/AWS-RunShellScript']), true);
  assert.equal(reported([instances, 'arn:aws:ssm:*::document/aws-runpowershellscript']), true);
  assert.equal(reported([instances, 'arn:aws:ssm:*:*:document/AWS-Run*']), true);
  assert.equal(reported([instances, 'arn:aws:ssm:*:*:document/*']), true);
  assert.equal(reported([instances, 'arn:aws:ssm:*:111122223333:document/team-*']), true);
  assert.equal(reported(['*']), true);
});

test('privilege-escalation finds the command document of ssm:SendCommand in another statement of the policy', () => {
  // Each resource of a request is allowed on its own: the instances in one statement, the document in another.
  const policy = (documents: Record<string, unknown>) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ssm:SendCommand', Resource: 'arn:aws:ec2:*:*:instance/*' },
        { Effect: 'Allow', Action: 'ssm:SendCommand', ...documents },
      ],
    });
  assert.equal(runCheck(privilegeEscalation, policy({ Resource: 'arn:aws:ssm:*::document/AWS-RunShellScript' })).length, 1);
  assert.equal(runCheck(privilegeEscalation, policy({ Resource: 'arn:aws:ssm:*::document/AWSEC2-CreateVssSnapshot' })).length, 0);
  // AWSDataLifecycleManagerSSMFullAccess: the documents a tag marks, which the policy does not let the holder tag.
  assert.equal(runCheck(privilegeEscalation, policy({ Resource: 'arn:aws:ssm:*:*:document/*', Condition: { StringEquals: { 'aws:ResourceTag/DLMScriptsAccess': 'true' } } })).length, 0);
});

test('privilege-escalation leaves out statements with no Resource, which IAM rejects: they grant nothing', () => {
  assert.deepEqual(runCheck(privilegeEscalation, policyWith({ Effect: 'Allow', Principal: { Service: 'redshift.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'identity'), []);
  const statements = (passRole: string) =>
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole"${passRole}}, {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}]}`;
  assert.deepEqual(runCheck(privilegeEscalation, statements(''), 'identity'), []);
  assert.equal(runCheck(privilegeEscalation, statements(', "Resource": "*"'), 'identity').length, 1);
});

test('privilege-escalation needs an action of no resource type (glue:CreateDevEndpoint) allowed on "*": a statement naming Glue tables does not grant it', () => {
  const glue = (resources: string) =>
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}, {"Effect": "Allow", "Action": "glue:*", "Resource": ${resources}}]}`;
  assert.deepEqual(runCheck(privilegeEscalation, glue('["arn:aws:glue:us-east-1:111122223333:table/db/*", "arn:aws:glue:us-east-1:111122223333:catalog"]'), 'identity'), []);
  assert.match(runCheck(privilegeEscalation, glue('"*"'), 'identity')[0].message, /glue:CreateDevEndpoint \+ iam:PassRole/);
  assert.match(runCheck(privilegeEscalation, glue('"arn:aws:glue:*:*:*"'), 'identity')[0].message, /glue:CreateDevEndpoint \+ iam:PassRole/);
});

test('privilege-escalation says in plain words how a new launch template version escalates', () => {
  // The Beanstalk and App Runner sweep read "with user data of any code, the default, so …" as garbled.
  const [problem] = runCheck(privilegeEscalation, policyWith({ Effect: 'Allow', Action: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'], Resource: '*' }));
  assert.match(
    problem.message,
    /make a new version of an existing EC2 launch template whose user data runs any code, and make it the default, so instances Auto Scaling launches from it run that code/,
  );
});
