import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { privilegeEscalation } from '../../server/src/core/checks/privilege-escalation';
import type { Problem } from '../../server/src/core/checks/check';
import { checkPolicy } from '../../server/src/core/lint';
import { parsePolicy } from '../../server/src/core/policy/parse-policy';
import { realworldCorpusDir } from '../helpers/realworld-corpus';

// The real-world corpus (../shared/corpus/realworld/policies beside the checkout; its README gives provenance):
// BishopFox iam-vulnerable's privilege-escalation paths (`iamvuln-privesc*`) and negative tests (`iamvuln-fp*`),
// and the pathfinding.cloud paths iam-vulnerable lacks (`pathfinding-*`). REALWORLD_CORPUS points at another copy.

/**
 * The actions of each published path, by the name in the file name (iam-vulnerable's policy names, pathfinding.cloud's
 * path IDs and titles). Where a path lists an action the escalation does not need, the entry is the published path
 * that leaves it out, and the comment says which: the finding must name exactly these actions as one method.
 */
const publishedPaths: Record<string, readonly string[]> = {
  'iamvuln-privesc1-CreateNewPolicyVersion': ['iam:CreatePolicyVersion'],
  'iamvuln-privesc2-SetExistingDefaultPolicyVersion': ['iam:SetDefaultPolicyVersion'],
  'iamvuln-privesc3-CreateEC2WithExistingInstanceProfile': ['ec2:RunInstances', 'iam:PassRole'],
  'iamvuln-privesc4-CreateAccessKey': ['iam:CreateAccessKey'],
  'iamvuln-privesc5-CreateLoginProfile': ['iam:CreateLoginProfile'],
  'iamvuln-privesc6-UpdateLoginProfile': ['iam:UpdateLoginProfile'],
  'iamvuln-privesc7-AttachUserPolicy': ['iam:AttachUserPolicy'],
  'iamvuln-privesc8-AttachGroupPolicy': ['iam:AttachGroupPolicy'],
  'iamvuln-privesc9-AttachRolePolicy': ['iam:AttachRolePolicy'],
  'iamvuln-privesc10-PutUserPolicy': ['iam:PutUserPolicy'],
  'iamvuln-privesc11-PutGroupPolicy': ['iam:PutGroupPolicy'],
  'iamvuln-privesc12-PutRolePolicy': ['iam:PutRolePolicy'],
  'iamvuln-privesc13-AddUserToGroup': ['iam:AddUserToGroup'],
  'iamvuln-privesc14-UpdatingAssumeRolePolicy': ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
  'iamvuln-privesc15-PassExistingRoleToNewLambdaThenInvoke': ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
  'iamvuln-privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo': ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
  'iamvuln-privesc17-EditExistingLambdaFunctionWithRole': ['lambda:UpdateFunctionCode'],
  'iamvuln-privesc18-PassExistingRoleToNewGlueDevEndpoint': ['iam:PassRole', 'glue:CreateDevEndpoint'],
  'iamvuln-privesc19-UpdateExistingGlueDevEndpoint': ['glue:UpdateDevEndpoint'],
  'iamvuln-privesc20-PassExistingRoleToCloudFormation': ['iam:PassRole', 'cloudformation:CreateStack'],
  'iamvuln-privesc21-PassExistingRoleToNewDataPipeline': ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'],
  'iamvuln-privesc-CloudFormationUpdateStack': ['cloudformation:UpdateStack'],
  'iamvuln-privesc-codeBuildCreateProjectPassRole-policy': ['iam:PassRole', 'codebuild:CreateProject', 'codebuild:StartBuild'],
  'iamvuln-privesc-ec2InstanceConnect-policy': ['ec2-instance-connect:SendSSHPublicKey'],
  'iamvuln-privesc-sageMakerCreateNotebookPassRole-policy': ['iam:PassRole', 'sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'],
  'iamvuln-privesc-sageMakerCreatePresignedNotebookURL-policy': ['sagemaker:CreatePresignedNotebookInstanceUrl'],
  'iamvuln-privesc-sageMakerCreateProcessingJobPassRole-policy': ['iam:PassRole', 'sagemaker:CreateProcessingJob'],
  'iamvuln-privesc-sageMakerCreateTrainingJobPassRole-policy': ['iam:PassRole', 'sagemaker:CreateTrainingJob'],
  'iamvuln-privesc-ssmSendCommand-policy': ['ssm:SendCommand'],
  'iamvuln-privesc-ssmStartSession-policy': ['ssm:StartSession'],
  'pathfinding-apprunner-001-PassExistingRoleToNewAppRunnerService': ['iam:PassRole', 'apprunner:CreateService'],
  'pathfinding-apprunner-002-UpdateExistingAppRunnerService': ['apprunner:UpdateService'],
  'pathfinding-bedrock-001-PassExistingRoleToNewBedrockCodeInterpreter': [
    'iam:PassRole',
    'bedrock-agentcore:CreateCodeInterpreter',
    'bedrock-agentcore:StartCodeInterpreterSession',
    'bedrock-agentcore:InvokeCodeInterpreter',
  ],
  'pathfinding-bedrock-002-AccessExistingBedrockCodeInterpreterSession': ['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'],
  'pathfinding-cloudformation-003-PassExistingRoleToNewCloudFormationStackSet': ['iam:PassRole', 'cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'],
  'pathfinding-cloudformation-004-PassRoleToUpdateCloudFormationStackSet': ['iam:PassRole', 'cloudformation:UpdateStackSet'],
  'pathfinding-cloudformation-005-ExecuteCloudFormationChangeSet': ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'],
  'pathfinding-codebuild-002-StartExistingCodeBuildProject': ['codebuild:StartBuild'],
  'pathfinding-codebuild-003-StartExistingCodeBuildProjectBatch': ['codebuild:StartBuildBatch'],
  'pathfinding-ec2-002-ModifyEC2InstanceUserDataThenRestart': ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
  'pathfinding-ec2-003-PassExistingRoleToNewEC2SpotInstance': ['iam:PassRole', 'ec2:RequestSpotInstances'],
  'pathfinding-ec2-004-ModifyExistingEC2LaunchTemplate': ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
  // ecs:CreateCluster is only needed when no cluster exists: pathfinding.cloud's ecs-003 is the path without it.
  'pathfinding-ecs-001-PassExistingRoleToNewECSClusterServiceTask': ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:CreateService'],
  'pathfinding-ecs-004-PassExistingRoleToNewECSTaskViaRunTask': ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:RunTask'],
  'pathfinding-ecs-005-PassExistingRoleToNewECSTaskViaStartTask': ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:StartTask'],
  // ecs:DescribeTasks only finds the task; pathfinding.cloud's ecs-006 now lists ecs:ExecuteCommand alone.
  'pathfinding-ecs-006-ECSExecuteCommandOnRunningTask': ['ecs:ExecuteCommand'],
  'pathfinding-glue-003-PassExistingRoleToNewGlueJobThenRun': ['iam:PassRole', 'glue:CreateJob', 'glue:StartJobRun'],
  'pathfinding-glue-004-PassExistingRoleToNewGlueJobViaTrigger': ['iam:PassRole', 'glue:CreateJob', 'glue:CreateTrigger'],
  'pathfinding-glue-005-PassExistingRoleToUpdatedGlueJobThenRun': ['iam:PassRole', 'glue:UpdateJob', 'glue:StartJobRun'],
  'pathfinding-lambda-006-PassExistingRoleToNewLambdaThenAddPermission': ['iam:PassRole', 'lambda:CreateFunction', 'lambda:AddPermission'],
  'pathfinding-sagemaker-005-UpdateSageMakerNotebookLifecycleConfig': [
    'sagemaker:CreateNotebookInstanceLifecycleConfig',
    'sagemaker:StopNotebookInstance',
    'sagemaker:UpdateNotebookInstance',
    'sagemaker:StartNotebookInstance',
  ],
  'pathfinding-sts-001-AssumeExistingRole': ['sts:AssumeRole'],
};

/**
 * iam-vulnerable's "false negative" tests: exploitable policies that some tools miss. No single method is named, so
 * any finding will do: a resource constraint `policy/fn2-*` that still matches the policy itself (reported at
 * information, with the prefix), a condition that is always true, and NotAction that leaves iam:Put* allowed.
 */
const exploitable = ['iamvuln-fn2-exploitableResourceConstraint', 'iamvuln-fn3-exploitableConditionConstraint', 'iamvuln-fn4-exploitableNotAction', 'iamvuln-privesc-sre-admin-policy'];

// iam-vulnerable's "false positive" tests: allowed and denied in one policy, deny-all, deny-iam, CreatePolicyVersion on
// AWS managed policies (which no customer can change), and a grant only for sessions issued before 2020.
const quiet = /^iamvuln-fp\d/;

interface CorpusPolicy {
  name: string;
  text: string;
  problems: Problem[];
}

let corpus: CorpusPolicy[] | undefined;

function escalationFindings(): CorpusPolicy[] {
  if (corpus) return corpus;
  const dir = join(realworldCorpusDir(), 'policies');
  corpus = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return { name: file.replace(/\.json$/, ''), text, problems: checkPolicy(parsePolicy(text), {}, [privilegeEscalation]) };
    });
  return corpus;
}

/** The methods the findings name: each "(a + b + c)" group of a message, as a sorted, lower-cased action list. */
function namedMethods(problems: readonly Problem[]): string[] {
  const groups = problems.flatMap((p) => [...p.message.matchAll(/\(([a-z0-9-]+:[A-Za-z0-9]+(?: \+ [a-z0-9-]+:[A-Za-z0-9]+)*)\)/g)].map((m) => m[1]));
  return groups.map((group) => methodKey(group.split(' + ')));
}

const methodKey = (actions: readonly string[]) =>
  actions
    .map((a) => a.toLowerCase())
    .sort()
    .join(' + ');

test('the corpus holds every escalation path of the table, and the table every escalation policy of the corpus', () => {
  const names = escalationFindings().map((p) => p.name);
  const escalationFiles = names.filter((name) => (/^iamvuln-privesc/.test(name) && !exploitable.includes(name)) || name.startsWith('pathfinding-'));
  assert.deepEqual(
    escalationFiles.filter((name) => !(name in publishedPaths)),
    [],
    'escalation policies without an expected method',
  );
  assert.deepEqual(
    Object.keys(publishedPaths).filter((name) => !names.includes(name)),
    [],
    'expected paths missing from the corpus',
  );
  assert.ok(names.filter((name) => quiet.test(name)).length >= 5, "iam-vulnerable's five negative tests");
});

test('every published path in the corpus grants the actions its name says', () => {
  for (const { name, text } of escalationFindings()) {
    const expected = publishedPaths[name];
    if (!expected) continue;
    const written = new Set([...text.matchAll(/"([a-z0-9-]+:[A-Za-z0-9*]+)"/g)].map((m) => m[1].toLowerCase()));
    assert.deepEqual(
      expected.filter((action) => !written.has(action.toLowerCase())),
      [],
      name,
    );
  }
});

test('every iam-vulnerable and pathfinding.cloud escalation policy is reported with its method named', () => {
  const missed: string[] = [];
  for (const { name, problems } of escalationFindings()) {
    const expected = publishedPaths[name];
    if (!expected) continue;
    const methods = namedMethods(problems);
    if (problems.some((p) => p.ruleId !== 'privilege-escalation') || !methods.includes(methodKey(expected))) {
      missed.push(`${name}: expected (${expected.join(' + ')}), got ${methods.length ? methods.map((m) => `(${m})`).join(', ') : 'nothing'}`);
    }
  }
  assert.deepEqual(missed, []);
});

test("iam-vulnerable's exploitable edge cases are reported", () => {
  const byName = new Map(escalationFindings().map((p) => [p.name, p]));
  for (const name of exploitable) assert.ok((byName.get(name)?.problems.length ?? 0) > 0, name);
  const [prefixed] = byName.get('iamvuln-fn2-exploitableResourceConstraint')!.problems;
  assert.equal(prefixed.severity, 'information');
  assert.match(prefixed.message, /"policy\/fn2-\*"/);
});

test("iam-vulnerable's negative tests and the other corpus policies of its project stay quiet", () => {
  const noisy = escalationFindings()
    .filter(({ name }) => quiet.test(name) || name === 'iamvuln-admin-star' || name.startsWith('iamvuln-trust-'))
    .filter(({ problems }) => problems.length > 0)
    .map(({ name, problems }) => `${name}: ${problems[0].message}`);
  assert.deepEqual(noisy, []);
});

test("iam-vulnerable's fn1: ec2:RunInstances and iam:PassRole in two policies of one principal escalate together, not apart", () => {
  const byName = new Map(escalationFindings().map((p) => [p.name, p]));
  const partial = byName.get('iamvuln-fn1-privesc3-partial')!;
  const passRole = byName.get('iamvuln-fn1-passrole-star')!;
  // Each policy alone grants half of the path; the rule judges one policy at a time.
  assert.deepEqual([...partial.problems, ...passRole.problems], []);
  const statementsOf = (text: string) => JSON.parse(text).Statement;
  const merged = JSON.stringify({ Version: '2012-10-17', Statement: [...statementsOf(partial.text), ...statementsOf(passRole.text)] });
  assert.ok(namedMethods(checkPolicy(parsePolicy(merged), {}, [privilegeEscalation])).includes(methodKey(['ec2:RunInstances', 'iam:PassRole'])));
});
