import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { applyFix } from '../../../../test/helpers/checks';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { openApiReader } from './openapi';

const analyze = (text: string, uri: string) => analyzeDocument({ text, uri }, { config: defaultConfiguration });

test("an OpenAPI definition's x-amazon-apigateway-policy is the API's resource policy, checked at its places in YAML", () => {
  const { text, spans } = marked(`openapi: 3.0.1
info:
  title: orders
paths:
  /orders:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:orders/invocations
x-amazon-apigateway-policy:
  Version: '2012-10-17'
  Statement:
    - Effect: «allow»
      Principal: '*'
      Action: execute-api:Invoke
      Resource: execute-api:/*
      Condition:
        StringEquals:
          aws:SourceVpce: vpce-0123456789abcdef0
    - Effect: Deny
      Principal: '*'
      Action: execute-api:«Invok»
      Resource: arn:aws:execute-api:us-east-1:111122223333:abc123/*
`);
  const analysis = analyze(text, 'file:///api/openapi.yaml');
  assert.equal(analysis.kind, 'openapi');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['x-amazon-apigateway-policy', 'resource']],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['effect-value', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
  // Fixes are written as the definition writes its values: a YAML scalar, not a JSON string.
  assert.equal(applyFix(text, analysis.problems[0]), text.replace('Effect: allow', 'Effect: Allow'));
});

test('a JSON Swagger definition is read the same way; other JSON and YAML files with the key are not claimed', () => {
  const { text, spans } = marked(
    '{"swagger": "2.0", "info": {"title": "t"}, "x-amazon-apigateway-policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": «"111122223333:root"»}, "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}}',
  );
  const analysis = analyze(text, 'file:///api/swagger.json');
  assert.equal(analysis.kind, 'openapi');
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['principal-format', spans[0]]],
  );
  // No openapi/swagger version at the top: a document that only mentions the key (a script's config) is not a definition.
  assert.equal(openApiReader.read({ text: '{"x-amazon-apigateway-policy": {"Statement": []}}', uri: 'file:///api/config.json' }), undefined);
  assert.equal(openApiReader.read({ text: 'openapi: 3.0.1\npaths: {}\n', uri: 'file:///api/openapi.yaml' }), undefined);
});

test("a definition written for templatefile() or Jinja is not read: its ${…} and {{ … }} are the rendering's values", () => {
  const policy = (principal: string) =>
    `{"openapi": "3.0.1", "x-amazon-apigateway-policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "${principal}"}, "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}}`;
  assert.equal(openApiReader.read({ text: policy('${invoker_arn}'), uri: 'file:///api/openapi.json' }), undefined);
  assert.equal(openApiReader.read({ text: policy('{{ invoker_arn }}'), uri: 'file:///api/openapi.json' }), undefined);
  // A definition a template includes (AWS::Include) writes Fn::Sub, which reads as in a template.
  const included = `openapi: 3.0.1
x-amazon-apigateway-policy:
  Version: '2012-10-17'
  Statement:
    - Effect: Allow
      Principal: {AWS: {'Fn::Sub': 'arn:aws:iam::\${AWS::AccountId}:role/\${InvokerRole}'}}
      Action: execute-api:Invoke
      Resource: execute-api:/*
`;
  const analysis = analyze(included, 'file:///api/openapi.yaml');
  assert.equal(analysis.kind, 'openapi');
  assert.deepEqual(analysis.problems, []);
});
