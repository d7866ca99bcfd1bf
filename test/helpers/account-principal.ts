import assert from 'node:assert/strict';
import type { Account, AccountPrincipal } from '../../server/src/core/account/model';
import { findPrincipal } from '../../server/src/core/account/principal-policies';

/** The user or role of the account with this name or ARN; fails the test when there is none. */
export function principal(account: Account, name: string): AccountPrincipal {
  const found = findPrincipal(account, name);
  assert.ok(typeof found !== 'string', String(found));
  return found;
}
