import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModuleAccount, type ModuleAccountResult, type ModuleFile } from '../../server/src/core/account/from-terraform';
import type { Account } from '../../server/src/core/account/model';
import { moduleFolderOf } from '../../server/src/core/account/terraform-modules';
import { isModuleFile } from '../../server/src/core/hosts/terraform/file-names';

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

/** The module files (`.tf`, `.tf.json`) of a folder on disk, sorted; undefined when the folder does not exist. */
export function folderModuleFiles(folder: string): ModuleFile[] | undefined {
  if (!existsSync(folder)) return undefined;
  return readdirSync(folder)
    .filter(isModuleFile)
    .sort()
    .map((name) => ({ file: join(folder, name), text: readFileSync(join(folder, name), 'utf8') }));
}

/** The reading of the root module in `folder` on disk, following its local module calls; fails on a reading error. */
export function readModuleFolder(folder: string): Extract<ModuleAccountResult, { account: Account }> {
  const result = readModuleAccount(folderModuleFiles(folder)!, { accountId: '111122223333', moduleFiles: folderModuleFiles });
  if (!result.account) assert.fail(`${folder} is read without error: ${result.error}`);
  return result;
}
