import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../policy/parse-policy';
import { conditionPinsCaller, everyonePrincipalOf, findCallerPin, isPublicStatement } from './public-access';

function statementWith(statement: Record<string, unknown>) {
  return parsePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', ...statement }] })).statements[0];
}
const pinned = (condition: unknown) => conditionPinsCaller(statementWith({ Condition: condition }).condition);

// Cases from "The meaning of public" in the Amazon S3 User Guide and the EFS guide, and IAM's condition operators:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
test('fixed values of the keys that name the caller, its network or its source pin the caller', () => {
  for (const condition of [
    { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    { StringEquals: { 'aws:PrincipalAccount': ['111122223333', '444455556666'] } },
    { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    { StringEquals: { 'aws:SourceOwner': '111122223333' } },
    { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } },
    { StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } },
    { StringEquals: { 'aws:sourcevpce': 'vpce-1a2b3c4d' } },
    { StringEquals: { 'aws:userid': 'AIDAEXAMPLE' } },
    { StringEquals: { 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com' } },
    { StringEquals: { 'kms:CallerAccount': '111122223333' } },
    { ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE' } },
    // A bucket's ARN has no Region or account, so wildcards there still name the one bucket.
    { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:*:*:example-bucket' } },
    // A wildcard after a literal account still keeps callers to that account.
    { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } },
    { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } },
    { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/32'] } },
    { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
    // One pinning test is enough: every test of a Condition must hold.
    { StringLike: { 'aws:Referer': 'https://example.com/*' }, StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
  ]) {
    assert.ok(pinned(condition), JSON.stringify(condition));
  }
});

test('wildcards, variables, negations, IfExists, ForAllValues and keys that do not name the caller do not pin', () => {
  for (const condition of [
    { StringLike: { 'aws:SourceVpc': 'vpc-*' } },
    { StringLike: { 'aws:userid': 'AROAEXAMPLE:*' } },
    { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } },
    { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } },
    { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:*:*:example-*' } },
    { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:*:*:accesspoint/reports' } },
    { ArnLike: { 'aws:SourceArn': 'arn:aws:sqs:*:*:orders' } },
    { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } },
    { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
    { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    { IpAddressIfExists: { 'aws:SourceIp': '192.0.2.0/24' } },
    { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    { Null: { 'aws:PrincipalOrgID': 'false' } },
    { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '0.0.0.0/0'] } },
    { IpAddress: { 'aws:SourceIp': '::/0' } },
    { StringLike: { 'aws:Referer': 'https://example.com/*' } },
    { Bool: { 'aws:SecureTransport': 'true' } },
    { Bool: { 'aws:PrincipalIsAWSService': 'true' } },
    { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
    { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } },
  ]) {
    assert.ok(!pinned(condition), JSON.stringify(condition));
  }
  assert.equal(conditionPinsCaller(undefined), false);
});

test('findCallerPin names the key that pins', () => {
  const pin = findCallerPin(statementWith({ Condition: { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }).condition);
  assert.equal(pin?.key, 'aws:PrincipalOrgID');
});

test('isPublicStatement: Allow to "*" or {"AWS": "*"} without a pin; never Deny, named principals or services', () => {
  assert.ok(isPublicStatement(statementWith({})));
  assert.ok(isPublicStatement(statementWith({ Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } })));
  assert.equal(everyonePrincipalOf(statementWith({ Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } }))?.value, '*');
  assert.ok(!isPublicStatement(statementWith({ Effect: 'Deny' })));
  assert.ok(!isPublicStatement(statementWith({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })));
  assert.ok(!isPublicStatement(statementWith({ Principal: { Service: 'cloudtrail.amazonaws.com' } })));
  assert.ok(!isPublicStatement(statementWith({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })));
});
