import { checkNoNewAccess } from '../../server/src/core/access-checks/index';
import { managedVersionPairs } from './managed-history';
import { median, ms, row, timeRuns } from './stats';

// Targets of issue 16: no-new-access between two consecutive ReadOnlyAccess versions under 2 s, between two
// ordinary policies under 50 ms. The whole managed-policy history runs separately (test/bench/managed-history.ts).
export function benchAccessChecks(): void {
  console.log('\nAccess checks (no-new-access, catalog mode)');
  const pairs = managedVersionPairs().filter((pair) => pair.name === 'ReadOnlyAccess');
  const last = pairs[pairs.length - 1];
  let verdict = '';
  const readOnly = median(timeRuns(3, () => (verdict = checkNoNewAccess(last.old, last.next).result)));
  row(`ReadOnlyAccess ${last.from}→${last.to} (median of 3)`, ms(readOnly), `target < 2 s; ${verdict}`);
  const p = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const old = p([
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
    { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
  ]);
  const next = p([
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] },
    { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.1.0.0/16' } } },
  ]);
  const ordinary = median(timeRuns(15, () => (verdict = checkNoNewAccess(old, next).result)));
  row('two ordinary policies (median of 15)', ms(ordinary), `target < 50 ms; ${verdict}; ${(readOnly / ordinary).toFixed(0)}× faster than ReadOnlyAccess`);
  // "*" or NotAction sends the search over every action of the catalog, to group them by the statements they meet.
  const narrow = p([{ Effect: 'Allow', Action: ['s3:Get*', 'sqs:*'], Resource: '*' }]);
  const star = p([
    { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/*' },
    { Effect: 'Deny', Action: 'sqs:*', Resource: '*' },
  ]);
  const notAction = p([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]);
  const verdicts: string[] = [];
  const wide = median(timeRuns(15, () => verdicts.splice(0, 2, checkNoNewAccess(narrow, star).result, checkNoNewAccess(narrow, notAction).result)));
  row('"*" / NotAction vs narrow (median of 15)', ms(wide), `${verdicts.join(', ')}; ${(wide / ordinary).toFixed(1)}× the ordinary pair`);
}
