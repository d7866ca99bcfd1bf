import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptCompletion } from '../../../../../test/helpers/completion';
import { marked } from '../../../../../test/helpers/marked';
import { cloudFormationReader, forgetCloudFormationDocument } from './reader';
import { substitutionCompletionsAt } from './sub-completion';

const template = (resources: string) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Stage:
    Type: String
    AllowedValues: [dev, prod]
Resources:
  Data:
    Type: AWS::S3::Bucket
${resources}`;

/**
 * The completions at the cursor, asked twice: of an editor document the reader has just read (only the resource
 * the cursor is in is parsed) and of a file read for the first time (the whole template is parsed). Both must agree.
 */
function complete(source: string, uri = 'file:///w/sub.yaml', cursorMark?: string) {
  const { text, cursor } = cursorMark ? { text: source.replace(cursorMark, ''), cursor: source.indexOf(cursorMark) } : marked(source);
  const cold = substitutionCompletionsAt(uri, text, cursor);
  cloudFormationReader.read({ text, uri, languageId: uri.endsWith('.json') ? 'json' : 'yaml' });
  const kept = substitutionCompletionsAt(uri, text, cursor);
  forgetCloudFormationDocument(uri);
  assert.deepEqual(kept, cold, 'a kept reading completes as a full parse does');
  return { text, items: kept };
}

const accept = (source: string, label: string, uri?: string, cursorMark?: string) => {
  const { text, items } = complete(source, uri, cursorMark);
  return acceptCompletion(text, items, label);
};

const role = (resource: string) => `  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub '\${AWS::StackName}-reader'
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: ${resource}
`;

test('after ${ in a !Sub string: pseudo parameters, parameters and resources, each written ${Name}', () => {
  const source = template(role("!Sub 'arn:${AWS::Partition}:s3:::${|'"));
  const { items } = complete(source);
  assert.deepEqual(
    items.map((item) => [item.label, item.detail]),
    [
      ['AWS::Partition', 'pseudo parameter'],
      ['AWS::Region', 'pseudo parameter'],
      ['AWS::AccountId', 'pseudo parameter'],
      ['AWS::StackName', 'pseudo parameter'],
      ['AWS::StackId', 'pseudo parameter'],
      ['AWS::URLSuffix', 'pseudo parameter'],
      ['Stage', 'parameter · String'],
      ['Data', 'AWS::S3::Bucket · Ref'],
      ['Reader', 'AWS::IAM::Role · Ref'],
    ],
  );
  assert.equal(accept(source, 'Data'), template(role("!Sub 'arn:${AWS::Partition}:s3:::${Data}'")));
  assert.equal(accept(source, 'Stage'), template(role("!Sub 'arn:${AWS::Partition}:s3:::${Stage}'")));
  // The editor filters on the text from `${` to the cursor.
  assert.equal(items[0].filterText, '${AWS::Partition');
});

test('a name partly typed, and a brace the editor closed, are replaced', () => {
  const typed = template(role("!Sub 'arn:${AWS::Part|'"));
  assert.equal(accept(typed, 'AWS::Partition'), template(role("!Sub 'arn:${AWS::Partition}'")));
  const closed = template(role('!Sub arn:${|}'));
  assert.equal(accept(closed, 'AWS::Partition'), template(role('!Sub arn:${AWS::Partition}')));
  const middle = template(role('!Sub arn:${AWS::Re|gion}:x'));
  assert.equal(accept(middle, 'AWS::Region'), template(role('!Sub arn:${AWS::Region}:x')));
});

test('Sub strings outside policies, in the long form and in the list form with its own variables', () => {
  const outside = template(role("'*'").replace("'${AWS::StackName}-reader'", "'${AWS::Stack|}-reader'"));
  assert.equal(accept(outside, 'AWS::StackName'), template(role("'*'")));
  const long = template(role(`\n                  Fn::Sub: "arn:\${AWS::Partition}:s3:::\${Data}/\${|"`));
  assert.equal(accept(long, 'AWS::AccountId'), template(role(`\n                  Fn::Sub: "arn:\${AWS::Partition}:s3:::\${Data}/\${AWS::AccountId}"`)));
  const list = template(role(`!Sub ['arn:\${AWS::Partition}:s3:::\${|}/*', {Name: !Ref Data}]`));
  const { items } = complete(list);
  assert.deepEqual(items[0], { ...items[0], label: 'Name', detail: 'Fn::Sub variable' });
  assert.equal(accept(list, 'Name'), template(role(`!Sub ['arn:\${AWS::Partition}:s3:::\${Name}/*', {Name: !Ref Data}]`)));
});

test('inside a JSON policy under !Sub | and in a JSON template', () => {
  const block = template(`  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Sub |
        {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:\${AWS::Partition}:s3:::\${‸"}]}
`);
  assert.equal(accept(block, 'Data', undefined, '‸'), block.replace('${‸', '${Data}'));
  const json = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Data": {"Type": "AWS::S3::Bucket"},
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Sub": "arn:\${AWS::Partition}:s3:::\${|}/*"}}]
        }
      }
    }
  }
}
`;
  assert.equal(accept(json, 'AWS::Partition', 'file:///w/sub.json'), marked(json.replace('${|}', '${AWS::Partition}')).text);
});

test('nothing outside a Sub string, after ${!, or once the brace is closed before the cursor', () => {
  for (const resource of [
    // A plain scalar: `${` is text there (or a policy variable, which the policy completes).
    'arn:aws:s3:::bucket/${|',
    // `${!` writes a literal `${`: what follows is no template name.
    "!Sub 'arn:${AWS::Partition}:s3:::bucket/${!aws:user|'",
    "!Sub 'arn:${AWS::Partition}|:s3:::bucket'",
    "!Sub 'arn:${AWS::Partition}:s3:::bucket'|",
  ]) {
    assert.deepEqual(complete(template(role(resource))).items, [], resource);
  }
  // Not a template.
  assert.deepEqual(substitutionCompletionsAt('file:///w/ci.yaml', 'steps:\n  - run: echo ${x', 26), []);
});
