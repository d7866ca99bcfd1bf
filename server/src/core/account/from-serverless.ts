import { entryOf, parseYamlTemplate, scalarValue, valueOf } from '../hosts/cloudformation/nodes';
import { serverlessTemplate, serverlessValues } from '../hosts/serverless/template';
import { fileIncludes } from '../hosts/serverless/includes';
import { isServerlessScriptName } from '../hosts/serverless/reader';
import { parseServerlessScript } from '../hosts/serverless/script';
import { scriptModules } from '../hosts/serverless/script-modules';
import { stripBom } from '../text/bom';
import { emptyAccount } from './model';
import { readTemplateAccount, type TemplateAccountOptions, type TemplateAccountResult } from './from-cloudformation';

/**
 * The account a Serverless Framework service file (`serverless.yml`) makes: the roles and resources of the template
 * the framework writes for it (serverless/template.ts), read as a template's, every place in the service file.
 */
export function readServerlessAccount(
  text: string,
  file: string,
  options: Omit<TemplateAccountOptions, 'serverless'> & {
    /** Reads a file the service reads with `${file(…)}` (its path joined to the service file's folder); without it, none is. */
    readFile?: (path: string) => string | undefined;
  } = {},
): TemplateAccountResult {
  const trimmed = stripBom(text);
  // `serverless.ts` and `serverless.js` export the object a `serverless.yml` writes (serverless/script.ts).
  // Its functions' configurations imported from their folders are read there (script-modules.ts).
  const root = isServerlessScriptName(file) ? parseServerlessScript(trimmed, options.readFile && scriptModules(file, options.readFile)) : parseYamlTemplate(trimmed).root;
  if (root?.kind !== 'map' || !entryOf(root, 'service') || !entryOf(root, 'provider')) return { error: `${file} is not a Serverless Framework service file: it has no service and provider.` };
  const provider = scalarValue(valueOf(valueOf(root, 'provider'), 'name'));
  if (provider !== undefined && provider !== 'aws') return { error: `${file} is a Serverless Framework service for ${provider}, not AWS.` };
  const template = serverlessTemplate(root, fileIncludes(file, options.readFile));
  // A service whose functions run as a role it names, with no resources of its own, adds nothing to the account.
  const resources = valueOf(template, 'Resources');
  if (resources?.kind !== 'map' || resources.entries.length === 0) return { account: emptyAccount(), policies: [] };
  const { readFile: _, ...templateOptions } = options;
  return readTemplateAccount(trimmed, file, { ...templateOptions, serverless: { template, values: serverlessValues(root) } });
}
