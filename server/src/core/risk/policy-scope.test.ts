import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintPolicy } from '../lint';

// A Roles Anywhere profile's session policy (rare-services sweep): everything, from the company's addresses only. As a
// session policy it narrows what the role allows; as an identity policy it would grant all of it.
const everythingFromTheOffice = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } },
    { Effect: 'Allow', Action: ['s3:GetObject', 'iam:PassRole', 'sts:AssumeRole'], Resource: '*' },
  ],
});

const riskRules = ['wildcard-action', 'wildcard-resource', 'privilege-escalation', 'pass-role-wildcard', 'data-exfiltration', 'credentials-exposure'];

function riskFindings(policyType: 'identity' | 'session' | 'boundary'): string[] {
  const { problems } = lintPolicy(everythingFromTheOffice, { policyType });
  return [...new Set(problems.map((problem) => problem.ruleId).filter((id) => riskRules.includes(id)))].sort();
}

test('a session policy, like a boundary, grants nothing: the rules of what a policy grants are quiet on it', () => {
  assert.deepEqual(riskFindings('identity'), [...riskRules].sort());
  assert.deepEqual(riskFindings('session'), []);
  assert.deepEqual(riskFindings('boundary'), []);
});
