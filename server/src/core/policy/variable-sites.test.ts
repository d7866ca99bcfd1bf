import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './parse-policy';
import { substitutesVariables, variableSitesOf, variableSpan } from './variable-sites';

test('variableSitesOf finds the values with ${ in every element', () => {
  const policy = parsePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:${aws:username}',
          Resource: ['arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::plain'],
          Principal: { AWS: '${aws:userid}' },
          Condition: { StringLike: { 's3:prefix': ['${aws:username}/', 'x'] }, NumericEquals: { 's3:max-keys': 10 } },
        },
        { Effect: 'Deny', NotAction: 'x', NotResource: '${*}', NotPrincipal: { AWS: 'a' } },
      ],
    }),
  );
  const sites = variableSitesOf(policy);
  assert.deepEqual(
    sites.map((s) => [s.element, s.value.value]),
    [
      ['Action', 's3:${aws:username}'],
      ['Resource', 'arn:aws:s3:::b/${aws:username}/*'],
      ['Principal', '${aws:userid}'],
      ['NotResource', '${*}'],
      ['Condition', '${aws:username}/'],
    ],
  );
  assert.equal(sites[4].block?.entry.operator, 'StringLike');
  assert.equal(variableSitesOf(policy), sites, 'computed once per policy');
  const [variable] = sites[1].scan.variables;
  const span = variableSpan(policy, sites[1], variable.start, variable.end);
  assert.equal(policy.text.slice(span.start, span.end), '${aws:username}');
});

test('substitutesVariables is true for Resource, NotResource and Condition only', () => {
  assert.deepEqual((['Resource', 'NotResource', 'Condition', 'Action', 'NotAction', 'Principal', 'NotPrincipal'] as const).filter(substitutesVariables), ['Resource', 'NotResource', 'Condition']);
});
