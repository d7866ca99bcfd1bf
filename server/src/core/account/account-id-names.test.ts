import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namesAccountIds } from './account-id-names';

test('names of account IDs, in the styles templates and modules write them', () => {
  for (const name of ['TrustedAccounts', 'TrustedAccountsForLookup', 'AuditAccount', 'SourceAccountId', 'trusted_account_ids', 'ManagementAccountNumber', 'account-list', 'ACCOUNT_ID', 'AccountIDs'])
    assert.equal(namesAccountIds(name), true, name);
});

test('names of other values about accounts are not', () => {
  for (const name of ['AccountName', 'AccountEmail', 'PartnerRoleArn', 'AccountRoleArn', 'TrustedPrincipals', 'account_alias', 'Accountant', 'BucketName'])
    assert.equal(namesAccountIds(name), false, name);
});
