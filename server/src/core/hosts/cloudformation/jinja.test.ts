import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { readTemplateAccount } from '../../account/from-cloudformation';
import { hasJinja, maskJinja } from './jinja';
import { cloudFormationReader } from './reader';

test('the mask keeps every character in its place and line breaks, and leaves dynamic references alone', () => {
  const text = "{% set env = 'prod' %}\nName: {{ name | lower }}-{{ env }}\n{# a comment #}\nSecret: '{{resolve:ssm:/app/secret}}'\n";
  const masked = maskJinja(text);
  assert.equal(masked.length, text.length);
  assert.deepEqual(
    masked.split('\n').map((line) => line.length),
    text.split('\n').map((line) => line.length),
  );
  assert.equal(masked, "                      \nName: $(_name___lower_))-$(_env_))\n               \nSecret: '{{resolve:ssm:/app/secret}}'\n");
  assert.equal(hasJinja('Secret: "{{resolve:ssm:/app/secret}}"'), false);
  assert.equal(hasJinja('Name: {{ name }}'), true);
});

test('a value written over several lines keeps the indentation of each', () => {
  // An Ansible task's `tags:` (config management sweep): its continuation lines read as indented no deeper than the key.
  const text = '    tags:\n      "{{ _policy.tags |\n          d({}) }}"\n';
  assert.equal(maskJinja(text), '    tags:\n      "$(__policy.tags__\n          d_____))"\n');
});

test('list items after tags that open their lines are items of one list, each value where it is written', () => {
  // An AWS Copilot addon template of uktrade's platform-tools (a PaaS sweep), rendered by their tool before deploying.
  const { text, spans } = marked(`Resources:
  AccessPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Action:
              {% if resource.read %}- s3:GetObject{% endif %}
              {% if resource.write %}- «s3:Put*»{% endif %}
            Resource: 'arn:aws:s3:::{{ resource.bucket_name }}/*'
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/addons/s3-cross-account-policy.yml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies[0].policy.statements[0].action?.values.map((value) => value.value),
    ['s3:GetObject', 's3:Put*'],
  );
  assert.deepEqual(
    analysis.problems.map(({ ruleId, span }) => ({ ruleId, span })),
    [{ ruleId: 'wildcard-action', span: spans[0] }],
  );
  // The dash stands where the tag starts; the value does not move.
  assert.equal(maskJinja('  {% if a %}- x{% endif %}\n'), '  -           x           \n');
});

// As Sceptre's templates are written: https://docs.sceptre-project.org/latest/docs/templates.html#jinja
const SCEPTRE = `AWSTemplateFormatVersion: '2010-09-09'
Description: {{ sceptre_user_data.description }}
Resources:
  ReaderRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: {{ sceptre_user_data.name }}-reader
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
{% for bucket in sceptre_user_data.buckets %}
              - Effect: Allow
                Action: s3:«GetObjekt»
                Resource: arn:aws:s3:::«{{ bucket }}»/*
{% endfor %}
              - Effect: Allow
                Action: ssm:GetParameter
                Resource: !Sub 'arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/«{{ sceptre_user_data.prefix }}»/*'
`;

test('a Sceptre .yaml.j2 template is read as the template it renders: its {{ … }} are values known when rendered', () => {
  const { text, spans } = marked(SCEPTRE);
  const analysis = analyzeDocument({ text, uri: 'file:///stack/templates/reader.yaml.j2' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'cloudformation');
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]),
    [['action-unknown', 'GetObjekt']],
  );
  assert.deepEqual(analysis.problems[0].span, spans[0]);
  const [, grant] = analysis.policies;
  const [first, second] = grant.policy.statements;
  const resource = first.resource!.values[0];
  assert.equal(resource.value, 'arn:aws:s3:::${bucket}/*');
  assert.deepEqual(
    resource.placeholders?.map((hole) => [hole.source, resource.mapSpan!(hole.start, hole.end)]),
    [['{{ bucket }}', spans[1]]],
  );
  const parameter = second.resource!.values[0];
  assert.deepEqual(
    parameter.placeholders?.map((hole) => hole.source),
    ['${AWS::Partition}', '${AWS::Region}', '${AWS::AccountId}', '{{ sceptre_user_data.prefix }}'],
  );
  assert.deepEqual(parameter.mapSpan!(parameter.placeholders![3].start, parameter.placeholders![3].end), spans[2]);
});

test("a JSON template written for Jinja: a value written outside a string is a value, a comma beside a tag or between branches is the rendering's", () => {
  // As an Ansible role renders its CloudFormation policy stack (intuitivetechnologygroup/ansible-role-cfn-iam-policy).
  const { text, spans } = marked(`{
  "Resources": {
    "Given": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {{ iam_policy|to_json }},
        "Roles": [
          {% for role in iam_roles %}"{{ role }}"{% if not loop.last %}, {% endif %}{% endfor %}
        ]
      }
    },
    "Written": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": "sqs:«SendMesage»", "Resource": "arn:aws:sqs:{{ region }}:{{ account }}:jobs"}]
        },
        "Roles": ["a"«,»]
      }
    },
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Code": {
          {% if bundle %}
          "S3Bucket": "{{ bucket }}", "S3Key": "{{ key }}"
          {% elif source %}
          "ZipFile": "{{ source }}"
          {% endif %}
        }
      }
    }
  }
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///role/templates/iam_policy.json.j2' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'cloudformation');
  // The rendered policy is not read; a trailing comma no tag writes is still one.
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['json-syntax', spans[1]],
    ],
  );
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['Written › PolicyDocument'],
  );
  const masked = maskJinja('{"A": {{ policy|to_json }}, "B": "{{ b }}", "C": {{x}}}', true);
  assert.equal(masked, '{"A": "$(policy_to_json))", "B": "$(_b_))", "C": "___"}');
});

test('a cookiecutter template.yaml: keys written in both branches of an if are no duplicates, in the template or a policy', () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  {{ cookiecutter.function_name }}Role:
    Type: AWS::IAM::Role
    Properties:
{% if cookiecutter.environment == 'prod' %}
      RoleName: prod-reader
{% else %}
      RoleName: dev-reader
{% endif %}
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:GetObject
{% if cookiecutter.environment == 'prod' %}
                Resource: arn:aws:s3:::prod-reports/*
{% else %}
                Resource: arn:aws:s3:::dev-reports/*
{% endif %}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///project/template.yaml', languageId: 'yaml' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'cloudformation');
  assert.deepEqual(
    analysis.problems.map((problem) => problem.ruleId),
    [],
  );
  // Without the else, the key is written twice in one rendering: a duplicate.
  const twice = text.replace('{% else %}\n      RoleName: dev-reader', '      RoleName: dev-reader');
  const duplicates = analyzeDocument({ text: twice, uri: 'file:///project/template.yaml', languageId: 'yaml' }, { config: defaultConfiguration }).problems;
  assert.deepEqual(
    duplicates.map((problem) => [problem.ruleId, twice.slice(problem.span.start, problem.span.end)]),
    [['duplicate-key', 'RoleName']],
  );
  // Two ifs of opposite conditions, one right after the other, are an if and its else.
  const opposite = text.replace('{% else %}\n      RoleName: dev-reader', "{% endif %}\n{% if cookiecutter.environment != 'prod' %}\n      RoleName: dev-reader");
  assert.deepEqual(
    analyzeDocument({ text: opposite, uri: 'file:///project/template.yaml', languageId: 'yaml' }, { config: defaultConfiguration }).problems.map((problem) => problem.ruleId),
    [],
  );
});

test('the account view reads a Jinja template as the editor does', () => {
  const result = readTemplateAccount(SCEPTRE.replace(/[«»]/g, ''), 'reader.yaml.j2');
  assert.equal(result.error, undefined);
  const [role] = result.account!.roles.values();
  // Named as the template writes it, not by the mask the reader parses.
  assert.equal(role.name, '{{ sceptre_user_data.name }}-reader');
  assert.equal(role.inline.length, 1);
  const quoted = readTemplateAccount(SCEPTRE.replace(/[«»]/g, '').replace('RoleName: {{ sceptre_user_data.name }}-reader', 'RoleName: "deploy-{{env}}"'), 'reader.yaml.j2');
  assert.deepEqual(
    [...quoted.account!.roles.values()].map((r) => r.arn),
    ['arn:aws:iam::000000000000:role/deploy-{{env}}'],
  );
});

test('a .j2 file that holds no template is not claimed as one', () => {
  assert.equal(cloudFormationReader.read({ text: 'server {\n  listen {{ port }};\n}\n', uri: 'file:///etc/nginx.conf.j2' }), undefined);
});

test('an interpolation alone on its line writes a block: placed as the value of the key above it, or blank before its siblings', () => {
  // As harisfauzi's shared Sceptre templates write a role's documents from the user data.
  const { text, spans } = marked(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
{%- for role in sceptre_user_data.roles %}
  {{ role.name }}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
{{ role.assume_role_policy_document | indent(width=8, first=true) }}
      Policies:
        - PolicyName: extra
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
{{ role.statements | indent(12) }}
              - Effect: Allow
                Action: «s3:GetObjekt»
                Resource: '*'
{%- endfor %}
`);
  const masked = maskJinja(text);
  assert.equal(masked.length, text.length);
  const block = text.split('\n')[7];
  assert.equal(masked.split('\n')[7], `        $(${'_'.repeat(block.length - 12)}))`);
  assert.equal(masked.split('\n')[13].trim(), '');
  const analysis = analyzeDocument({ text, uri: 'file:///stack/templates/role.yaml.j2' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', { start: spans[0].start + 3, end: spans[0].end }]],
  );
  // The trust policy is the whole interpolation: known only when rendered, so it is not checked.
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['$(_role.name_)) › Policies[0] › PolicyDocument'],
  );
});

test('interpolations inside a block scalar stay where they are written: the template keeps its structure', () => {
  // binxio's cookiecutter SAM template: the project's name and description in a literal Description.
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: |
  {{ cookiecutter.project_name }}

  {{ cookiecutter.short_description }}

Resources:
  Provider:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: provider.handler
      Policies:
        - Version: '2012-10-17'
          Statement:
            - Effect: Allow
              Action: ssm:GetParameter
              Resource: !Sub 'arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/{{ cookiecutter.project_name }}/*'
`;
  assert.equal(maskJinja(text).split('\n')[3], '  $(_cookiecutter.project_name_))');
  const analysis = analyzeDocument({ text, uri: 'file:///cookie/template.yaml', languageId: 'yaml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.map((problem) => problem.ruleId),
    [],
  );
  assert.equal(analysis.policies.length, 1);
});
