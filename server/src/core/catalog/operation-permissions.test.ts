import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from './catalog';
import { operationPermissions, operationPermissionSources } from './operation-permissions';

// The table is for names the Service Authorization Reference does not list, pointing at actions it does: if AWS
// makes an operation an action of its own, or retires a target, the table is wrong and this says which entry.
test('every operation of the table is no action of the catalog, and every replacement is one', () => {
  const catalog = getCatalog();
  for (const { operation, source } of operationPermissionSources) {
    assert.equal(catalog.findAction(operation), undefined, `${operation} is an action now`);
    assert.match(source, /^https:\/\/docs\.aws\.amazon\.com\//, operation);
    for (const replacement of operationPermissions.get(operation.toLowerCase())!.replacements) {
      const matched = replacement.endsWith('*')
        ? catalog.findService(replacement.split(':')[0])!.actions.filter((action) => action.name.startsWith(replacement.slice(replacement.indexOf(':') + 1, -1)))
        : [catalog.findAction(replacement)];
      assert.ok(matched.length > 0 && matched.every(Boolean), `${operation} → ${replacement} is no action`);
    }
  }
});
