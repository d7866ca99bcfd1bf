import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix } from '../../../../../test/helpers/checks';
import { acceptCompletion } from '../../../../../test/helpers/completion';
import { analyzeDocument, policyAt } from '../../analyze';
import { getCatalog } from '../../catalog/catalog';
import { completionsAt } from '../../completion/completion';
import { completionHostOf } from '../completion-host';
import { defaultConfiguration } from '../../config/configuration';

const analyze = (text: string, uri: string) => analyzeDocument({ text, uri, languageId: uri.endsWith('.js') ? 'javascript' : 'typescript' }, { config: defaultConfiguration });

test('a function’s configuration module (src/functions/x/index.ts) is its role’s policy, each finding on the literal that writes it', () => {
  // The layout of the framework's TypeScript template, with the serverless-iam-roles-per-function plugin's statements.
  const { text, spans } = marked(`import { handlerPath } from '@libs/handler-resolver';
import { env } from 'src/environment/environment';

export default {
  handler: \`\${handlerPath(__dirname)}/handler.main\`,
  iamRoleStatementsInherit: true,
  iamRoleStatements: [
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:«Qery»'],
      Resource: [{ 'Fn::GetAtt': ['AuctionsTable', 'Arn'] }, env.bucketArn, \`\${env.bucketArn}/*\`],
    },
    { Effect: «'allow'», Action: 'states:StartExecution', Resource: { Ref: 'BooksStateMachine' } },
  ],
  events: [{ http: { method: 'get', path: 'auction/{id}' } }],
};
`);
  const analysis = analyze(text, 'file:///app/src/functions/getAuction/index.ts');
  assert.equal(analysis.kind, 'serverless');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['iamRoleStatements', 'identity']],
  );
  // The service file's resources (Fn::GetAtt, Ref) and the imported values are known when the service is packaged;
  // the framework writes the Version.
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['effect-value', spans[1]],
    ],
  );
  assert.equal(applyFix(text, analysis.problems[0]), text.replace("'dynamodb:Qery'", "'dynamodb:Query'"));
  assert.equal(applyFix(text, analysis.problems[1]), text.replace("Effect: 'allow'", "Effect: 'Allow'"));
});

test('named exports, CommonJS exports and an exported map of functions are read, each list a policy by its name', () => {
  const { text, spans } = marked(`const shared = [{ Effect: 'Allow', Action: 'sqs:«SendMesage»', Resource: '*' }];

export const getAuction = { handler: 'src/get.main', iamRoleStatements: [{ Effect: 'Allow', Action: 's3:«GetObjekt»', Resource: '*' }] };
export const functions = {
  placeBid: { handler: 'src/bid.main', iamRoleStatements: shared },
  closeAuction: { handler: 'src/close.main', events: [] },
};
module.exports.notify = { handler: 'src/notify.main', iamRoleStatements: [{ Effect: 'Allow', Action: 'sns:«Publsh»', Resource: '*' }] };
`);
  const analysis = analyze(text, 'file:///app/src/functions/index.js');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['getAuction › iamRoleStatements', 'functions › placeBid › iamRoleStatements', 'notify › iamRoleStatements'],
  );
  // The shared list is checked once per function that uses it, and reported where it is written.
  assert.deepEqual(
    [...new Set(analysis.problems.map((problem) => `${problem.ruleId}@${problem.span.start}`))],
    [`action-unknown@${spans[0].start}`, `action-unknown@${spans[1].start}`, `action-unknown@${spans[2].start}`],
  );
});

test('a script without exported role statements is left to the other readers: a CDK app, a type, a declaration file', () => {
  const cdk = `import * as iam from 'aws-cdk-lib/aws-iam';
// Unlike serverless.yml's iamRoleStatements, a CDK role takes PolicyStatements.
export const statement = new iam.PolicyStatement({ actions: ['s3:GetObjekt'], resources: ['*'] });
`;
  const asCdk = analyze(cdk, 'file:///app/lib/stack.ts');
  assert.equal(asCdk.kind, 'cdk');
  assert.deepEqual(
    asCdk.problems.map((problem) => problem.ruleId),
    ['action-unknown'],
  );
  // A service-shaped object under another name: its provider's statements are no function's.
  const service = `export default { service: 'api', provider: { name: 'aws', iamRoleStatements: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] } };`;
  assert.equal(analyze(service, 'file:///app/config.ts').kind, undefined);
  const typed = `export interface FunctionConfig { handler: string; iamRoleStatements?: object[] }
export const defaults = { handler: 'x', iamRoleStatements: undefined };
`;
  assert.equal(analyze(typed, 'file:///app/src/types.ts').kind, undefined);
  const declared = `export declare const hello: { handler: string; iamRoleStatements: [{ Effect: 'Allow' }] };`;
  assert.equal(analyze(declared, 'file:///app/src/hello.d.ts').kind, undefined);
});

test('completion in a function’s configuration module writes the action as a TypeScript literal in its own quotes', () => {
  const module = (action: string) => `export default { handler: 'src/get.main', iamRoleStatements: [{ Effect: 'Allow', Action: [${action}], Resource: '*' }] };\n`;
  const { text, spans } = marked(module("'s3:GetOb«»'"));
  const analysis = analyze(text, 'file:///app/src/functions/get/index.ts');
  const at = policyAt(analysis, spans[0].start)!;
  const host = completionHostOf(at, analysis.kind, text)!;
  const items = completionsAt({ policy: at.policy, offset: spans[0].start, catalog: getCatalog(), policyType: at.policyType, host });
  assert.equal(acceptCompletion(text, items, 's3:GetObject'), module("'s3:GetObject'"));
});
