import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { zappaReader } from './zappa';

// fuegoaustral/ticketera's settings: extra_permissions per stage, with the comments real settings files carry.
test("Zappa's extra_permissions are each stage's statements of the app's role, at their places; attach_policy is a link", () => {
  const { text, spans } = marked(`{
    "dev": {
        "aws_region": "us-east-1",
        "extra_permissions": [{
            "Effect": "Allow",
            "Action": ["s3:«GetObjects»"],
            "Resource": ["arn:aws:s3:::reports/*"]
        }],
        "attach_policy": «"policies/dev.json"»
        // "exclude": ["local_settings.py"]
    },
    "prod": { "aws_region": "eu-west-1", "extra_permissions": [{ "Effect": «"allow"», "Action": "sqs:SendMessage", "Resource": "*" }] }
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/zappa_settings.json', languageId: 'json' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'zappa');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['dev › extra_permissions', 'identity'],
      ['prod › extra_permissions', 'identity'],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['effect-value', spans[2]],
    ],
  );
  assert.deepEqual(
    analysis.links?.map((link) => [link.span, link.target]),
    [[spans[1], 'file:///app/policies/dev.json']],
  );
  // Settings of another name, or another tool's file, are not Zappa's.
  assert.equal(zappaReader.read({ text, uri: 'file:///app/settings.json' }), undefined);
});
