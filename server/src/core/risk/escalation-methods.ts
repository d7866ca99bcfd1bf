import type { Statement } from '../policy/model';
import { reachesCommandDocument } from './command-documents';

/**
 * Known ways for a principal to gain permissions beyond those its policies grant, from the publicly documented
 * privilege-escalation research on AWS IAM, described in our own words. Each method needs all of its actions;
 * the first one is where a finding is reported, so it is the action that makes the method distinctive.
 */
export interface EscalationMethod {
  /** What the holder can do, as a clause: "attach any managed policy to an IAM user". */
  readonly description: string;
  readonly actions: readonly string[];
  /** How an action must be granted for the method to work; any grant counts for actions not listed. */
  readonly scope?: Readonly<Record<string, GrantScope>>;
  /** The service principal a role is passed to, for iam:PassedToService conditions. */
  readonly passedTo?: string;
  /** What a statement that grants the method's first action must also allow, besides the scope (a command document). */
  readonly alsoNeeds?: (statement: Statement) => boolean;
}

/**
 * - `others`: on resources that can be other IAM users than the caller (a wildcard not tied to
 *   `${aws:username}`), since doing it to oneself gains nothing (creating one's own access key);
 * - `anyRole`, `anyGroup`, `anyPolicy`: on every role, group or policy (`*`, `role/*`): only then is a role the
 *   holder is or can use, a group it is in, or a policy attached to it, surely among them. On the roles, groups or
 *   policies under a name prefix (`role/app/*`, `policy/team-*`) the method still works among those, so it is
 *   reported at a lower severity with the prefix named. A role, group or policy named exactly is quiet: the
 *   author picked it, and whether it is the holder's own or more privileged than the holder cannot be read from
 *   the policy. Roles under `service-role/` and `aws-service-role/` trust AWS services (and service-linked roles
 *   cannot be changed at all), and policies in account `aws` are AWS managed policies, which no customer can change;
 *   neither counts;
 * - `passRole`: iam:PassRole on every role (or under a name prefix, at a lower severity), to the service principal
 *   the method passes the role to (see `passedTo`); passing roles picked by name is delegation the author chose;
 * - `{ existing: [...] }`: the action takes over compute that already runs with a role (an instance, a function,
 *   a build project, a stack), of the catalog resource types named; on every such resource it is reported, on
 *   those under a name prefix at a lower severity, and on resources named exactly it is quiet: deploying to a
 *   function or opening a shell on an instance the author named is what the policy is for.
 */
export type GrantScope = 'others' | 'anyRole' | 'anyGroup' | 'anyPolicy' | 'passRole' | { readonly existing: readonly string[] };

const passRole = 'iam:PassRole';

export const escalationMethods: readonly EscalationMethod[] = [
  // Changing what policies say.
  { description: 'write a new default version of a customer managed policy, with any permissions in it', actions: ['iam:CreatePolicyVersion'], scope: { 'iam:CreatePolicyVersion': 'anyPolicy' } },
  { description: 'make an older, broader version of a customer managed policy the default', actions: ['iam:SetDefaultPolicyVersion'], scope: { 'iam:SetDefaultPolicyVersion': 'anyPolicy' } },
  { description: 'attach any managed policy, such as AdministratorAccess, to an IAM user', actions: ['iam:AttachUserPolicy'] },
  { description: 'attach any managed policy to an IAM group', actions: ['iam:AttachGroupPolicy'], scope: { 'iam:AttachGroupPolicy': 'anyGroup' } },
  { description: 'attach any managed policy to an IAM role', actions: ['iam:AttachRolePolicy'], scope: { 'iam:AttachRolePolicy': 'anyRole' } },
  { description: 'write an inline policy with any permissions into an IAM user', actions: ['iam:PutUserPolicy'] },
  { description: 'write an inline policy with any permissions into an IAM group', actions: ['iam:PutGroupPolicy'], scope: { 'iam:PutGroupPolicy': 'anyGroup' } },
  { description: 'write an inline policy with any permissions into an IAM role', actions: ['iam:PutRolePolicy'], scope: { 'iam:PutRolePolicy': 'anyRole' } },
  { description: 'add an IAM user to a more privileged group', actions: ['iam:AddUserToGroup'], scope: { 'iam:AddUserToGroup': 'anyGroup' } },
  { description: 'remove the permissions boundary that limits an IAM user', actions: ['iam:DeleteUserPermissionsBoundary'] },
  { description: 'replace the permissions boundary of an IAM user with a looser one', actions: ['iam:PutUserPermissionsBoundary'] },
  { description: 'remove the permissions boundary that limits an IAM role', actions: ['iam:DeleteRolePermissionsBoundary'], scope: { 'iam:DeleteRolePermissionsBoundary': 'anyRole' } },
  { description: 'replace the permissions boundary of an IAM role with a looser one', actions: ['iam:PutRolePermissionsBoundary'], scope: { 'iam:PutRolePermissionsBoundary': 'anyRole' } },
  {
    description: 'rewrite the trust policy of a more privileged role to trust the caller, then assume the role',
    actions: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
    scope: { 'iam:UpdateAssumeRolePolicy': 'anyRole', 'sts:AssumeRole': 'anyRole' },
  },
  // Trust policies that name the account (its root) leave the choice of who may assume to the account's policies.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html
  { description: "assume any role whose trust policy trusts the holder's account, including more privileged ones", actions: ['sts:AssumeRole'], scope: { 'sts:AssumeRole': 'anyRole' } },
  // Becoming another IAM user.
  { description: 'create access keys for another IAM user and sign requests as that user', actions: ['iam:CreateAccessKey'], scope: { 'iam:CreateAccessKey': 'others' } },
  { description: 'give another IAM user a console password and sign in as that user', actions: ['iam:CreateLoginProfile'], scope: { 'iam:CreateLoginProfile': 'others' } },
  { description: "change another IAM user's console password and sign in as that user", actions: ['iam:UpdateLoginProfile'], scope: { 'iam:UpdateLoginProfile': 'others' } },
  // Handing a more privileged role to a service and acting through it.
  {
    description: 'launch an EC2 instance with a more privileged role and use its credentials from the instance',
    actions: ['ec2:RunInstances', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'ec2.amazonaws.com',
  },
  {
    description: 'request Spot Instances with a more privileged role and use its credentials from the instances',
    actions: ['ec2:RequestSpotInstances', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'ec2.amazonaws.com',
  },
  {
    description: 'create an Auto Scaling group from a launch template that carries a more privileged role',
    actions: ['autoscaling:CreateAutoScalingGroup', 'ec2:CreateLaunchTemplate', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'ec2.amazonaws.com',
  },
  {
    description: 'create an Auto Scaling group from a launch configuration that carries a more privileged role',
    actions: ['autoscaling:CreateAutoScalingGroup', 'autoscaling:CreateLaunchConfiguration', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'ec2.amazonaws.com',
  },
  {
    description: 'create a Lambda function with a more privileged role and invoke it',
    actions: ['lambda:CreateFunction', 'lambda:InvokeFunction', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'lambda.amazonaws.com',
  },
  {
    description: 'create a Lambda function with a more privileged role and have an event source mapping run it',
    actions: ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'lambda.amazonaws.com',
  },
  {
    description: 'create an AWS Glue development endpoint with a more privileged role and log in to it',
    actions: ['glue:CreateDevEndpoint', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'glue.amazonaws.com',
  },
  {
    description: 'create and run an AWS Glue job with a more privileged role',
    actions: ['glue:CreateJob', 'glue:StartJobRun', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'glue.amazonaws.com',
  },
  {
    description: 'create a CloudFormation stack that a more privileged role builds',
    actions: ['cloudformation:CreateStack', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'cloudformation.amazonaws.com',
  },
  {
    // A change set of type CREATE makes the stack, and executing it builds it with the role the change set was given.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html
    description: 'create a CloudFormation change set that a more privileged role builds, and execute it',
    actions: ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'cloudformation.amazonaws.com',
  },
  {
    description: 'create and activate a Data Pipeline that runs with a more privileged role',
    actions: ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'datapipeline.amazonaws.com',
  },
  {
    description: 'create a CodeBuild project with a more privileged role and run a build of any commands',
    actions: ['codebuild:CreateProject', 'codebuild:StartBuild', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'codebuild.amazonaws.com',
  },
  {
    description: 'create a SageMaker notebook instance with a more privileged role and open it',
    actions: ['sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'sagemaker.amazonaws.com',
  },
  {
    description: 'run a SageMaker training job of any code with a more privileged role',
    actions: ['sagemaker:CreateTrainingJob', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'sagemaker.amazonaws.com',
  },
  {
    description: 'run a SageMaker processing job of any code with a more privileged role',
    actions: ['sagemaker:CreateProcessingJob', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'sagemaker.amazonaws.com',
  },
  {
    description: 'register an ECS task definition with a more privileged task role and run it',
    actions: ['ecs:RegisterTaskDefinition', 'ecs:RunTask', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'ecs-tasks.amazonaws.com',
  },
  {
    description: 'register an ECS task definition with a more privileged task role and start it as a service',
    actions: ['ecs:RegisterTaskDefinition', 'ecs:CreateService', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'ecs-tasks.amazonaws.com',
  },
  {
    description: 'create a Step Functions state machine with a more privileged role and start it',
    actions: ['states:CreateStateMachine', 'states:StartExecution', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'states.amazonaws.com',
  },
  {
    description: 'create an App Runner service with a more privileged instance role, running any code',
    actions: ['apprunner:CreateService', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'tasks.apprunner.amazonaws.com',
  },
  {
    description: 'create an AWS Glue job with a more privileged role and have a trigger run it',
    actions: ['glue:CreateJob', 'glue:CreateTrigger', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'glue.amazonaws.com',
  },
  {
    description: 'give an existing AWS Glue job a more privileged role and any script, then run it',
    actions: ['glue:UpdateJob', 'glue:StartJobRun', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'glue.amazonaws.com',
  },
  {
    description: 'give an existing AWS Glue job a more privileged role and any script, then have a trigger run it',
    actions: ['glue:UpdateJob', 'glue:CreateTrigger', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'glue.amazonaws.com',
  },
  {
    description: 'create a Lambda function with a more privileged role and grant itself or anyone permission to invoke it',
    actions: ['lambda:CreateFunction', 'lambda:AddPermission', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'lambda.amazonaws.com',
  },
  {
    description: 'register an ECS task definition with a more privileged task role and start it on a container instance',
    actions: ['ecs:RegisterTaskDefinition', 'ecs:StartTask', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'ecs-tasks.amazonaws.com',
  },
  {
    description: 'run an existing ECS task definition with a more privileged task role and a different command, as task overrides allow',
    actions: ['ecs:RunTask', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'ecs-tasks.amazonaws.com',
  },
  {
    description: 'create a CodeBuild project with a more privileged role and run a batch build of any commands',
    actions: ['codebuild:CreateProject', 'codebuild:StartBuildBatch', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'codebuild.amazonaws.com',
  },
  {
    description: 'create a CloudFormation StackSet administered by a more privileged role and deploy stack instances of any template',
    actions: ['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'cloudformation.amazonaws.com',
  },
  {
    description: 'update an existing CloudFormation StackSet with any template and a more privileged administration role',
    actions: ['cloudformation:UpdateStackSet', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'cloudformation.amazonaws.com',
  },
  {
    description: 'create an Amazon Bedrock AgentCore code interpreter with a more privileged execution role and run code in it',
    actions: ['bedrock-agentcore:CreateCodeInterpreter', 'bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'bedrock-agentcore.amazonaws.com',
  },
  {
    description: 'run a task on an ECS container instance the holder registers, overriding the command and task role of an existing task definition',
    actions: ['ecs:StartTask', 'ecs:RegisterContainerInstance', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'ecs-tasks.amazonaws.com',
  },
  {
    description: 'create an Amplify app with a more privileged service role and run a build job of any commands',
    actions: ['amplify:CreateApp', 'amplify:CreateBranch', 'amplify:StartJob', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'amplify.amazonaws.com',
  },
  {
    // Batch job roles are assumed by the ECS tasks that run the jobs, and trust ecs-tasks.amazonaws.com.
    description: 'register an AWS Batch job definition with a more privileged job role and submit a job of it',
    actions: ['batch:RegisterJobDefinition', 'batch:SubmitJob', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'ecs-tasks.amazonaws.com',
  },
  {
    description: 'create an Amazon Braket hybrid job of any code with a more privileged role',
    actions: ['braket:CreateJob', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'braket.amazonaws.com',
  },
  {
    description: 'make a more privileged role the unauthenticated role of a Cognito identity pool, whose credentials anyone can then get',
    actions: ['cognito-identity:SetIdentityPoolRoles', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'cognito-identity.amazonaws.com',
  },
  {
    description: 'create an Amazon Bedrock AgentCore runtime with a more privileged execution role and run commands in it',
    actions: [
      'bedrock-agentcore:CreateAgentRuntime',
      'bedrock-agentcore:CreateAgentRuntimeEndpoint',
      'bedrock-agentcore:CreateWorkloadIdentity',
      'bedrock-agentcore:InvokeAgentRuntimeCommand',
      passRole,
    ],
    scope: { [passRole]: 'passRole' },
    passedTo: 'bedrock-agentcore.amazonaws.com',
  },
  {
    description: 'create an Amazon Bedrock AgentCore browser with a more privileged execution role and drive it over its automation stream',
    actions: ['bedrock-agentcore:CreateBrowser', 'bedrock-agentcore:StartBrowserSession', 'bedrock-agentcore:ConnectBrowserAutomationStream', passRole],
    scope: { [passRole]: 'passRole' },
    passedTo: 'bedrock-agentcore.amazonaws.com',
  },
  // Taking over what already runs with a role: the holder needs no iam:PassRole, the role is already in place.
  {
    description: "replace the code of an existing Lambda function, which then runs with the function's role",
    actions: ['lambda:UpdateFunctionCode'],
    scope: { 'lambda:UpdateFunctionCode': { existing: ['function'] } },
  },
  {
    description: 'add an SSH key to an existing AWS Glue development endpoint and use its role',
    actions: ['glue:UpdateDevEndpoint'],
    scope: { 'glue:UpdateDevEndpoint': { existing: ['devendpoint'] } },
  },
  {
    description: "change an existing EC2 instance's user data and restart it, so it runs any code with the instance's role",
    actions: ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
    scope: { 'ec2:ModifyInstanceAttribute': { existing: ['instance'] } },
  },
  {
    description: 'run any commands on existing EC2 instances and managed nodes through Systems Manager, with their instance roles',
    actions: ['ssm:SendCommand'],
    scope: { 'ssm:SendCommand': { existing: ['instance', 'managed-instance'] } },
    alsoNeeds: reachesCommandDocument,
  },
  {
    description: 'open a Session Manager shell on existing EC2 instances and managed nodes and use their instance roles',
    actions: ['ssm:StartSession'],
    scope: { 'ssm:StartSession': { existing: ['instance', 'managed-instance'] } },
  },
  {
    description: 'push an SSH key to existing EC2 instances with EC2 Instance Connect, log in and use their instance roles',
    actions: ['ec2-instance-connect:SendSSHPublicKey'],
    scope: { 'ec2-instance-connect:SendSSHPublicKey': { existing: ['instance'] } },
  },
  {
    description: 'push an SSH key for the serial console of existing EC2 instances, log in and use their instance roles',
    actions: ['ec2-instance-connect:SendSerialConsoleSSHPublicKey'],
    scope: { 'ec2-instance-connect:SendSerialConsoleSSHPublicKey': { existing: ['instance'] } },
  },
  {
    description: 'open the Jupyter environment of existing SageMaker notebook instances and use their execution roles',
    actions: ['sagemaker:CreatePresignedNotebookInstanceUrl'],
    scope: { 'sagemaker:CreatePresignedNotebookInstanceUrl': { existing: ['notebook-instance'] } },
  },
  {
    description: "attach a lifecycle configuration of any script to an existing SageMaker notebook instance and restart it, so the script runs with the notebook's execution role",
    actions: ['sagemaker:UpdateNotebookInstance', 'sagemaker:CreateNotebookInstanceLifecycleConfig', 'sagemaker:StopNotebookInstance', 'sagemaker:StartNotebookInstance'],
    scope: { 'sagemaker:UpdateNotebookInstance': { existing: ['notebook-instance'] } },
  },
  {
    description: 'open a shell in running ECS tasks with ECS Exec and use their task roles',
    actions: ['ecs:ExecuteCommand'],
    scope: { 'ecs:ExecuteCommand': { existing: ['task'] } },
  },
  {
    description: "start a build of an existing CodeBuild project with a buildspec override, so any commands run with the project's service role",
    actions: ['codebuild:StartBuild'],
    scope: { 'codebuild:StartBuild': { existing: ['project'] } },
  },
  {
    description: "start a batch build of an existing CodeBuild project with a buildspec override, so any commands run with the project's service role",
    actions: ['codebuild:StartBuildBatch'],
    scope: { 'codebuild:StartBuildBatch': { existing: ['project'] } },
  },
  {
    description: "update an existing CloudFormation stack with any template, which the stack's service role carries out",
    actions: ['cloudformation:UpdateStack'],
    scope: { 'cloudformation:UpdateStack': { existing: ['stack'] } },
  },
  {
    description: "create and execute a change set of any template on an existing CloudFormation stack, which the stack's service role carries out",
    actions: ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'],
    scope: { 'cloudformation:CreateChangeSet': { existing: ['stack'] } },
  },
  {
    description: "change the source or start command of an existing App Runner service, which runs with the service's instance role",
    actions: ['apprunner:UpdateService'],
    scope: { 'apprunner:UpdateService': { existing: ['service'] } },
  },
  {
    description:
      "make a new version of an existing EC2 launch template whose user data runs any code, and make it the default, so instances Auto Scaling launches from it run that code with the template's instance profile",
    actions: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
    scope: { 'ec2:CreateLaunchTemplateVersion': { existing: ['launch-template'] } },
  },
  {
    description: 'start a session on an existing Amazon Bedrock AgentCore code interpreter and run code with its execution role',
    actions: ['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'],
    scope: { 'bedrock-agentcore:StartCodeInterpreterSession': { existing: ['code-interpreter-custom'] } },
  },
  {
    description: "submit a job of an existing AWS Batch job definition with a command override, so any command runs with the definition's job role",
    actions: ['batch:SubmitJob'],
    scope: { 'batch:SubmitJob': { existing: ['job-definition', 'job-definition-revision'] } },
  },
  {
    description: 'deploy a revision of any scripts to the EC2 instances of an existing CodeDeploy deployment group, which run them with their instance roles',
    actions: ['codedeploy:CreateDeployment', 'codedeploy:RegisterApplicationRevision', 'codedeploy:GetDeploymentConfig', 'codedeploy:GetApplicationRevision'],
    scope: { 'codedeploy:CreateDeployment': { existing: ['deploymentgroup'] } },
  },
  {
    description: 'run shell commands in an existing Amazon Bedrock AgentCore runtime and use its execution role',
    actions: ['bedrock-agentcore:InvokeAgentRuntimeCommand'],
    scope: { 'bedrock-agentcore:InvokeAgentRuntimeCommand': { existing: ['runtime'] } },
  },
  {
    description: 'drive an existing Amazon Bedrock AgentCore custom browser over its automation stream and use its execution role',
    actions: ['bedrock-agentcore:StartBrowserSession', 'bedrock-agentcore:ConnectBrowserAutomationStream'],
    scope: { 'bedrock-agentcore:StartBrowserSession': { existing: ['browser-custom'] } },
  },
];
