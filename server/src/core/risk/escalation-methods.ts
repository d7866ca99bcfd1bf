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
}

/**
 * - `others`: on resources that can be other IAM users than the caller (a wildcard not tied to
 *   `${aws:username}`), since doing it to oneself gains nothing (creating one's own access key);
 * - `anyRole`, `anyGroup`, `anyPolicy`: on every role, group or policy (`*`, `role/*`): only then is a role the
 *   holder is or can use, a group it is in, or a policy attached to it, surely among them; a path such as
 *   `role/service-role/*` marks roles made for services;
 * - `passRole`: iam:PassRole on every role, to the service principal the method passes the role to (see
 *   `passedTo`); passing roles picked by name or path is delegation the author chose.
 */
export type GrantScope = 'others' | 'anyRole' | 'anyGroup' | 'anyPolicy' | 'passRole';

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
  { description: 'rewrite the trust policy of a more privileged role to trust the caller, then assume the role', actions: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], scope: { 'iam:UpdateAssumeRolePolicy': 'anyRole', 'sts:AssumeRole': 'anyRole' } },
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
  // Taking over what already runs with a role.
  { description: "replace the code of an existing Lambda function, which then runs with the function's role", actions: ['lambda:UpdateFunctionCode'] },
  { description: 'add an SSH key to an existing AWS Glue development endpoint and use its role', actions: ['glue:UpdateDevEndpoint'] },
  {
    description: "change an existing EC2 instance's user data and restart it, so it runs any code with the instance's role",
    actions: ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
  },
];
