import assert from 'node:assert/strict';
import { readModuleAccount, type ModuleFile } from '../../server/src/core/account/from-terraform';
import type { Account } from '../../server/src/core/account/model';
import { moduleFolderOf } from '../../server/src/core/account/terraform-modules';

/**
 * The account of Terraform modules written inline: `files` by path (`root/main.tf`, `modules/x/main.tf`); the root
 * module is the files of folder `root`, and its local module calls are followed unless `follow` is false.
 */
export function readInlineModules(files: Record<string, string>, options: { follow?: boolean } = {}): Account {
  const byFolder = new Map<string, ModuleFile[]>();
  for (const [file, text] of Object.entries(files)) {
    const folder = moduleFolderOf(file);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), { file, text }]);
  }
  const result = readModuleAccount(byFolder.get('root')!, { accountId: '111122223333', ...(options.follow === false ? {} : { moduleFiles: (folder: string) => byFolder.get(folder) }) });
  assert.equal(result.error, undefined);
  return result.account!;
}
