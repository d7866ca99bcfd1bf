import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The rule pages ship beside the bundle (docs/rules in the extension and the npm package), so links work offline.
// From dist/server.js they are one folder up; from the sources (tests) three.
const docsFolder = [join(__dirname, '..', 'docs', 'rules'), join(__dirname, '..', '..', '..', 'docs', 'rules')].find((dir) => existsSync(dir));

/** The file URI of a rule's documentation page, or undefined when the pages are not installed. */
export function ruleDocsUri(ruleId: string): string | undefined {
  if (!docsFolder) return undefined;
  const page = join(docsFolder, `${ruleId}.md`);
  return existsSync(page) ? pathToFileURL(page).toString() : undefined;
}
