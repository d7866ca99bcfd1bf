import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { policyVariableUnknown } from './policy-variable-unknown';

test('policy-variable-unknown flags variables that name no key a request carries, in Resource, NotResource and Condition values', () => {
  const { actual, expected } = spansOf(
    policyVariableUnknown,
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::home/«${aws:usrname}»/*", "arn:aws:s3:::b/«${var.bucket_name}»", "arn:aws:s3:::t/«${aws:PrincipalTag}»/*"], "Condition": {"StringEquals": {"s3:prefix": "«${s3:bucketname, \'none\'}»/"}}}, {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::home/«${aws:UserNme}»/*"}]}',
  );
  assert.deepEqual(actual, expected);
});

test('policy-variable-unknown says why, suggests the closest key and fixes the name in place', () => {
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:usrname}/*"}]}';
  const [problem] = runCheck(policyVariableUnknown, text);
  assert.equal(problem.message, '"aws:usrname" is not a global condition key, so IAM cannot resolve "${aws:usrname}" and this value matches nothing. Did you mean "aws:username"?');
  assert.deepEqual(
    problem.fixes?.map((fix) => [fix.title, fix.edits.map((edit) => text.slice(edit.span.start, edit.span.end) + ' -> ' + edit.newText)]),
    [['Change to "${aws:username}"', ['${aws:usrname} -> ${aws:username}']]],
  );
  const [defaulted] = runCheck(policyVariableUnknown, text.replace('${aws:usrname}', "${aws:usrname, 'guest'}"));
  assert.match(defaulted.message, /and this value is always its default, "guest"\./);
  const [pseudo] = runCheck(policyVariableUnknown, text.replace('${aws:usrname}', '${AWS::AccountId}'));
  assert.equal(
    pseudo.message,
    '"${AWS::AccountId}" is a CloudFormation pseudo parameter, which only Fn::Sub (!Sub) replaces: outside it IAM reads a policy variable it cannot resolve, so this value matches nothing. Write the value with !Sub.',
  );
  const [bare] = runCheck(policyVariableUnknown, text.replace('${aws:usrname}', '${var.bucket}'));
  assert.equal(
    bare.message,
    '"${var.bucket}" names no condition key (a key is "prefix:name", as in "aws:username"), and nothing fills it in before IAM reads it: IAM cannot resolve it, so this value matches nothing.',
  );
  const [tagless] = runCheck(policyVariableUnknown, text.replace('${aws:usrname}', '${aws:PrincipalTag}'));
  assert.equal(
    tagless.message,
    '"${aws:PrincipalTag}" names no key: "aws:PrincipalTag/${TagKey}" needs the name after it, as in "${aws:PrincipalTag/team}"; IAM cannot resolve it, so this value matches nothing.',
  );
});

test("policy-variable-unknown accepts known keys in any case, identity providers' keys, literals, and other services' policy variables", () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:*',
        Resource: [
          'arn:aws:s3:::b/${aws:username}/*',
          'arn:aws:s3:::b/${AWS:UserName}/${aws:PrincipalTag/team}/*',
          'arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}/*',
          'arn:aws:s3:::b/${accounts.google.com:sub}${*}${?}${$}',
          'arn:aws:s3:::${transfer:HomeBucket}/${transfer:HomeFolder}/*',
          'arn:aws:iot:us-east-1:111122223333:client/${iot:Connection.Thing.ThingName}',
        ],
        Condition: { StringLike: { 's3:prefix': ['${aws:userid}/*', '${s3:prefix}'] }, StringEquals: { 'aws:ResourceTag/owner': "${aws:username, 'nobody'}" } },
      },
    ],
  });
  assert.deepEqual(runCheck(policyVariableUnknown, text), []);
});

test('policy-variable-unknown leaves variables in Action and Principal to policy-variable-placement', () => {
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "${aws:nokey}"}, "Action": "s3:${aws:nokey}", "Resource": "*"}]}';
  assert.deepEqual(runCheck(policyVariableUnknown, text), []);
});

test('policy-variable-unknown leaves ${aws:region} and ${aws:accountId} to the Serverless Framework in a policy that names its other variables', () => {
  // Messaging sweep: a Serverless service's TypeScript resources, `arn:aws:ses:${aws:region}:${self:…}:identity/…`.
  const serverless = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "sns:Publish", "Resource": "*",
    "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:ses:\${aws:region}:\${self:provider.environment.ACCOUNT}:identity/*"}}}]}`;
  assert.deepEqual(runCheck(policyVariableUnknown, serverless, 'resource'), []);
  // Without the Framework's own variables, IAM reads it, and cannot resolve it.
  const { actual, expected } = spansOf(
    policyVariableUnknown,
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-«\${aws:region}»/*"}]}`,
  );
  assert.deepEqual(actual, expected);
});
