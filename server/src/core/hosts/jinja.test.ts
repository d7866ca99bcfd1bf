import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { policyFileReader } from './policy-file';

// Ansible roles keep policies as Jinja templates (`templates/policy.json.j2`): `{{ … }}` are placeholders, `{% … %}`
// directives read once (a loop's body is one copy, both branches of an `if` are read) and `{# … #}` comments.

function findings(text: string, name = 'policy.json.j2'): { ruleId: string; span: { start: number; end: number } }[] {
  return analyzeDocument({ text, uri: `file:///work/role/templates/${name}` }, { config: defaultConfiguration }).problems.map(({ ruleId, span }) => ({ ruleId, span }));
}

test('a .json.j2 policy is read with {{ … }} as placeholders and {% … %} directives read once, each finding at its place', () => {
  const { text, spans } = marked(`{# Rendered by the role's template task #}
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadBuckets",
      "Effect": "Allow",
      "Action": ["s3:«GetObjct»", "s3:ListBucket"],
      "Resource": [
{% for bucket in buckets %}
        "arn:aws:s3:::{{ bucket }}",
        "arn:aws:s3:::{{ bucket }}/*"{% if not loop.last %},{% endif %}
{% endfor %}
      ]
    }{% if kms_key_arn is defined %},
    {
      "Effect": "Allow",
      "Action": "kms:Decrypt",
      "Resource": "{{ kms_key_arn }}"
    }{% endif %},
    {
      "Effect": "Allow",
      "Action": "sqs:SendMessage",
      "Resource": {{ queue_arns | to_json }}
    },
    {
      "Effect": "Allow",
      "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
      "Resource": "arn:{{ partition }}:logs:{{- region -}}:{{account_id}}:log-group:/aws/app/*:log-stream:*"
    }
  ]
}
`);
  // No syntax error from the directives, nothing on the placeholders (an ARN's partition, Region and account
  // among them, as aws's Bedrock AgentCore toolkit writes its execution role): only the typo.
  assert.deepEqual(findings(text), [{ ruleId: 'action-unknown', span: spans[0] }]);
  const [policy] = policyFileReader.read({ text, uri: 'file:///work/role/templates/policy.json.j2' })!.policies;
  const arn = policy.policy.statements[3].resource!.values[0];
  assert.deepEqual(
    arn.placeholders?.map((hole) => [hole.kind, text.slice(arn.mapSpan!(hole.start, hole.end).start, arn.mapSpan!(hole.start, hole.end).end)]),
    [
      ['partition', '{{ partition }}'],
      ['region', '{{- region -}}'],
      ['account', '{{account_id}}'],
    ],
  );
});

test('a key written in both branches of {% if %} … {% else %} is no duplicate; twice in one branch, it is', () => {
  const { text, spans } = marked(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
{%- if prefix %}
    "Resource": "arn:aws:s3:::{{ bucket }}/{{ prefix }}/*"
{%- elif shared %}
    "Resource": "arn:aws:s3:::shared/*",
    «"Resource"»: "arn:aws:s3:::{{ bucket }}/*"
{%- else %}
    "Resource": "arn:aws:s3:::{{ bucket }}/*"
{%- endif %}
  }]
}
`);
  assert.deepEqual(
    findings(text).filter((finding) => finding.ruleId === 'duplicate-key'),
    [{ ruleId: 'duplicate-key', span: spans[0] }],
  );
});

test('a Jinja template that is no policy, or not JSON or YAML written out, is not claimed', () => {
  const read = (text: string, name: string) => policyFileReader.read({ text, uri: `file:///work/role/templates/${name}` });
  assert.equal(read('- name: not a policy\n  debug: msg="{{ x }}"\n', 'tasks.yml.j2'), undefined);
  assert.equal(read('{{ policy | to_nice_json }}\n', 'policy.json.j2'), undefined);
  assert.equal(read('{"family": "{{ name }}", "containerDefinitions": []}\n', 'task.json.j2'), undefined);
  // An unclosed tag is no finished template.
  assert.equal(read('{"Version": "2012-10-17", "Statement": [{"Resource": "{{ arn"}]}\n', 'policy.json.j2'), undefined);
  // A YAML policy (Version and Statement keys) is claimed as well, as .json.jinja2.
  assert.equal(read('Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "arn:aws:s3:::{{ bucket }}/*"\n', 'policy.yaml.j2')?.kind, 'policy');
  assert.equal(read('{"Version": "2012-10-17", "Statement": []}\n', 'policy.json.jinja2')?.kind, 'policy');
  // With detection by content off, only a file the configuration names is read.
  assert.equal(policyFileReader.read({ text: '{"Version": "2012-10-17", "Statement": []}', uri: 'file:///w/p.json.j2', config: { ...defaultConfiguration, detectByContent: false } }), undefined);
});
