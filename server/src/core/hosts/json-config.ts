import { parse as parseJson } from 'jsonc-parser';
import { defaultConfiguration } from '../config/configuration';
import { pathOfUri } from '../config/globs';
import type { PolicyType } from '../policy/policy-type';
import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from './host';
import { entryOf, type CfnNode } from './cloudformation/nodes';
import { addPolicy, documentContextOf, hostParseProblems, parsedDocumentOf } from './cloudformation/reader';

/**
 * A JSON file of some tool's configuration that holds IAM policies under keys named for them: IAM Identity Center
 * permission sets kept as files (`{ "Name": "ReadOnly", "CustomPolicy": { "Version", "Statement" } }`, a list of
 * `{ "InlinePolicy": {…} }`), account-vending and landing-zone settings, a role's `AssumeRolePolicyDocument` in an
 * input file for the AWS CLI. Each such object is a policy, typed by its key where the key says (`…AssumeRolePolicy…`:
 * trust, `…Boundary…`, `KeyPolicy`, `BucketPolicy`…), else by its content. A policy may be the object or a string of
 * its JSON, as the AWS CLI's `--cli-input-json` files for `create-role` and `create-policy` write it. Asked last, after
 * the plain policy file's reader, which claims a file whose top level is a policy: so a policy is parsed once.
 */
export const jsonConfigReader: HostReader = {
  kind: 'json-config',
  extensions: ['.json'],
  read(input: HostInput): HostDocument | undefined {
    const config = input.config ?? defaultConfiguration;
    if (!config.detectByContent || !/\.json$/i.test(pathOfUri(input.uri)) || (input.languageId !== undefined && !JSON_LANGUAGES.has(input.languageId))) return undefined;
    // Cheap before any parse: most JSON files hold no statement, as a key or inside a string.
    if (!input.text.includes('"Statement"') && !input.text.includes('\\"Statement\\"')) return undefined;
    const document = parsedDocumentOf(input);
    if (!document || document.format !== 'json') return undefined;
    const root = document.parsed.root;
    if (!root || (root.kind === 'map' && (entryOf(root, 'Statement') || isAuthorizationExport(root)))) return undefined;
    const context = documentContextOf(input.text, document.format);
    const policies: EmbeddedPolicy[] = [];
    for (const { node, path, key } of policiesIn(root, '', 0)) {
      const type = policyTypeOfKey(key);
      const before = policies.length;
      addPolicy(policies, node, type ?? 'identity', path, path, context, {});
      // A key that does not say the type leaves it to the content, as a plain policy file's is.
      if (type === undefined) for (const policy of policies.slice(before)) delete policy.policyType;
    }
    if (policies.length === 0) return undefined;
    const problems = hostParseProblems(document.parsed.errors, policies, document.format, { rejects: 'AWS rejects a policy' }, input.text);
    return { kind: 'json-config', policies, problems: [...problems, ...context.problems].sort((a, b) => a.span.start - b.span.start) };
  },
};

const JSON_LANGUAGES = new Set(['json', 'jsonc']);

/**
 * `aws iam get-account-authorization-details`: what is deployed, every policy of the account, the account views' input
 * (`--account`), not something written to check here.
 */
function isAuthorizationExport(root: CfnNode): boolean {
  return ['UserDetailList', 'RoleDetailList', 'GroupDetailList'].some((key) => entryOf(root, key) !== undefined);
}

/**
 * A key that names a policy: `Policy`, `InlinePolicy`, `CustomPolicy`, `PolicyDocument`, `policy_document`, `KeyPolicy`…,
 * and `Document`, under which `aws iam get-policy-version` gives a managed policy's version.
 */
const POLICY_KEY = /polic(?:y|y_?document)$|^document$/i;

/** How deep a configuration's policies are looked for: a permission set in a list in a map is three levels down. */
const MAX_DEPTH = 6;

function policiesIn(node: CfnNode, path: string, depth: number): { node: CfnNode; path: string; key: string }[] {
  if (depth > MAX_DEPTH) return [];
  if (node.kind === 'seq') return node.items.flatMap((item, index) => policiesIn(item, `${path}[${index}]`, depth + 1));
  if (node.kind !== 'map') return [];
  // A key written twice is the last one, as every JSON reader takes it.
  return node.entries.flatMap((entry, index) => {
    if (!entry.value || node.entries.some((other, later) => later > index && other.key === entry.key)) return [];
    const where = path === '' ? entry.key : `${path}.${entry.key}`;
    if (POLICY_KEY.test(entry.key) && (isPolicyObject(entry.value) || isPolicyString(entry.value))) return [{ node: entry.value, path: where, key: entry.key }];
    return policiesIn(entry.value, where, depth + 1);
  });
}

/**
 * An object with IAM's elements only (`Version`, `Id`, `Statement`), its Version one of IAM's: not another service's
 * document with statements (an SNS data protection policy's `Name`, `Version: 2021-06-01`).
 */
function isPolicyObject(node: CfnNode): boolean {
  if (node.kind !== 'map' || !entryOf(node, 'Statement')) return false;
  if (!node.entries.every((entry) => /^(?:Version|Id|Statement)$/.test(entry.key))) return false;
  const version = entryOf(node, 'Version')?.value;
  return !version || (version.kind === 'scalar' && (version.value === '2012-10-17' || version.value === '2008-10-17'));
}

/** A string of a policy's JSON, `"{\"Version\": …, \"Statement\": […]}"`, by the same test as an object's. */
function isPolicyString(node: CfnNode): boolean {
  if (node.kind !== 'scalar' || node.jsonType !== 'string' || !/^\s*\{/.test(node.value) || !node.value.includes('"Statement"')) return false;
  const value: unknown = parseJson(node.value, [], { allowTrailingComma: true });
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('Statement' in value)) return false;
  const version = (value as { Version?: unknown }).Version;
  return Object.keys(value).every((key) => /^(?:Version|Id|Statement)$/.test(key)) && (version === undefined || version === '2012-10-17' || version === '2008-10-17');
}

/** The type a key says its policy is, or undefined where it says none. */
export function policyTypeOfKey(key: string): PolicyType | undefined {
  if (/assume_?role|trust/i.test(key)) return 'trust';
  if (/boundary/i.test(key)) return 'boundary';
  if (/^(?:key|bucket|queue|topic|resource|repository|registry|secret|vault|domain|endpoint)_?polic/i.test(key)) return 'resource';
  if (/^(?:inline|custom|managed|identity|role|user|group|permission_?set)_?polic/i.test(key)) return 'identity';
  return undefined;
}
