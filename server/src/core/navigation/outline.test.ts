import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { parsePolicy } from '../policy/parse-policy';
import { marked } from '../../../../test/helpers/marked';
import { docLinks, statementSymbols } from './outline';

test('the outline names statements by Sid or position, with effect and actions', () => {
  const { text, spans } = marked(
    '{"Statement": [«{"Sid": «"Read"», "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"]}», «{"Effect": "Deny", "NotAction": "iam:*"}»]}',
  );
  assert.deepEqual(statementSymbols(parsePolicy(text)), [
    { name: 'Read', detail: 'Allow: s3:GetObject, s3:ListBucket and 1 more', span: spans[0], selectionSpan: spans[1] },
    { name: 'Statement 2', detail: 'Deny: not iam:*', span: spans[2], selectionSpan: { start: spans[2].start, end: spans[2].start + 1 } },
  ]);
});

test('actions and condition keys link to their AWS pages', () => {
  const { text, spans } = marked('{"Statement": [{"Action": ["«s3:GetObject»", "s3:Get*"], "Condition": {"StringEquals": {"«aws:PrincipalTag/team»": "x", "nope:key": "y"}}}]}');
  const links = docLinks(parsePolicy(text), getCatalog());
  assert.deepEqual(
    links.map((l) => l.span),
    spans,
  );
  assert.equal(links[0].url, 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-GetObject');
  assert.equal(links[1].url, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag');
});
