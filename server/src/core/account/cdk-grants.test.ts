import { test } from 'node:test';
import assert from 'node:assert/strict';
import grantData from './cdk-grants.json';
import { classesWithGrant, grantStatements } from './cdk-grants';
import { DeployString } from './deploy-time';

test("every token in the grants' and own roles' resources is one the account reader can fill", () => {
  for (const [className, construct] of Object.entries(grantData.constructs)) {
    const indexed = 'indexedGrants' in construct ? (construct.indexedGrants as Record<string, { resources: string[] }[]>) : {};
    const lists = {
      ...(construct.grants as Record<string, { resources: string[] }[]>),
      ...Object.fromEntries(Object.entries(indexed).map(([method, statements]) => [`${method} (indexed)`, statements])),
      ...('ownRole' in construct ? { ownRole: construct.ownRole as { resources: string[] }[] } : {}),
    };
    for (const [method, statements] of Object.entries(lists)) {
      for (const resource of statements.flatMap((statement) => statement.resources)) {
        for (const [, token] of resource.matchAll(/\$\{([^}]+)\}/g)) {
          const known = /^AWS::(?:Partition|Region|AccountId|URLSuffix)$/.test(token) || token === 'objectsKeyPattern' || token.replace(/:\d+$/, '') in construct.attributes;
          assert.ok(known, `${className}.${method}: \${${token}} in ${resource}`);
        }
      }
    }
  }
});

test('a method names its class when only one known construct has it', () => {
  assert.deepEqual(classesWithGrant('grantReadWriteData'), ['Table']);
  assert.deepEqual(classesWithGrant('grantEncryptDecrypt'), ['Key']);
  assert.ok(classesWithGrant('grantRead').length > 1);
  assert.deepEqual(classesWithGrant('grantNothing'), []);
});

test("a grant's statements with the construct's tokens filled in, and the actions a generic grant names", () => {
  const seen: [string | undefined, string][] = [];
  const statements = grantStatements('StringParameter', 'grantRead', { actions: [] }, (attribute, token) => {
    seen.push([attribute, token]);
    return token === 'Ref' ? 'app/db-url' : { source: token };
  });
  assert.deepEqual(seen, [
    [undefined, 'AWS::Partition'],
    [undefined, 'AWS::Region'],
    [undefined, 'AWS::AccountId'],
    ['parameterName', 'Ref'],
  ]);
  const resource = statements![0].Resource as DeployString[];
  assert.deepEqual(resource[0].parts, ['arn:', { source: 'AWS::Partition' }, ':ssm:', { source: 'AWS::Region' }, ':', { source: 'AWS::AccountId' }, ':parameter/app/db-url']);
  const generic = grantStatements('Queue', 'grant', { actions: ['sqs:SendMessage', 'sqs:GetQueueUrl'] }, () => 'arn:aws:sqs:us-east-1:111122223333:jobs');
  assert.deepEqual(generic, [{ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:GetQueueUrl'], Resource: ['arn:aws:sqs:us-east-1:111122223333:jobs'] }]);
  assert.equal(
    grantStatements('Queue', 'grantNothing', { actions: [] }, () => ''),
    undefined,
  );
});
