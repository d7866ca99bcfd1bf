import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { isIamShapedJson } from '../iam-shape';
import type { Fix, TextEdit } from '../../checks/check';
import { defaultConfiguration } from '../../config/configuration';
import { pathOfUri } from '../../config/globs';
import type { PolicyType } from '../../policy/policy-type';
import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from '../host';
import { readJsonTemplate } from '../terraform/json-template';
import { policyFromNodes } from '../terraform/nodes';
import { sliceTemplate, type TemplateText } from '../terraform/template';
import { scanShell, type ShellQuoting, type ShellScan, type ShellWord } from './scan';

/**
 * A shell script (sh, bash, zsh) that gives a policy's JSON to the AWS CLI: as an argument
 * (`aws iam create-role --assume-role-policy-document '{…}'`, in double quotes with `\"` and `$VAR`), in a variable
 * the command is given (`TRUST='{…}'` … `"$TRUST"`), or in a heredoc written to the file the command reads
 * (`cat > trust.json <<EOF` … `file://trust.json`) or assigned (`POLICY=$(cat <<EOF …)`). Each is checked where it is
 * written, typed by the command and option that take it; a shell expansion is a value known only when the script
 * runs. Only JSON with IAM's elements alone is read, and then only with an IAM Version or given to a command that
 * takes a policy; AWS IoT Core policies (`aws iot create-policy`), which share IAM's grammar, are not.
 */
export const shellReader: HostReader = {
  kind: 'code',
  extensions: ['.sh', '.bash', '.zsh'],
  read(input: HostInput): HostDocument | undefined {
    const config = input.config ?? defaultConfiguration;
    const isShell = input.languageId !== undefined ? input.languageId === 'shellscript' : /\.(?:sh|bash|zsh)$/i.test(pathOfUri(input.uri));
    // Cheap before any scan: a policy names its Statement.
    if (!config.detectByContent || !isShell || !input.text.includes('Statement')) return undefined;
    const policies = shellPoliciesOf(input.text);
    return policies.length > 0 ? { kind: 'code', policies, problems: [] } : undefined;
  },
};

interface Candidate {
  template: TemplateText;
  quoting: (unit: number) => ShellQuoting | undefined;
  span: { start: number; end: number };
  /** How the policy is named: the variable, the file or the command it is given to. */
  name?: string;
  use?: Use;
}

/** What takes a policy: a command's option, or what the variable or file that holds it is given to. */
interface Use {
  policyType?: PolicyType;
  /** Not an IAM policy: AWS IoT Core's, or an Organizations policy of another type. */
  notIam?: true;
  name: string;
}

export function shellPoliciesOf(text: string): EmbeddedPolicy[] {
  const scan = scanShell(text);
  const policies: EmbeddedPolicy[] = [];
  for (const candidate of candidatesOf(scan).flatMap(withAttributePolicy)) {
    const start = /^\s*/.exec(candidate.template.value)![0].length;
    const end = candidate.template.value.trimEnd().length;
    if (candidate.template.value[start] !== '{' || !candidate.template.value.includes('"Statement"')) continue;
    const template = sliceTemplate(candidate.template, start, end);
    const { root, syntaxErrors } = readJsonTemplate(template);
    if (!root || !isIamShapedJson(root) || candidate.use?.notIam || template.value.includes('${iot:')) continue;
    const version = /"Version"\s*:\s*"(20(?:12-10-17|08-10-17))"/.test(template.value);
    if (!version && candidate.use?.policyType === undefined) continue;
    const name = candidate.name ?? candidate.use?.name ?? `policy (line ${lineOf(text, candidate.span.start)})`;
    const quoting = (offset: number) => candidate.quoting(candidate.template.offsets.indexOf(offset));
    policies.push({
      policy: policyFromNodes(text, root, syntaxErrors, { kind: 'text', text: template.value, placeholders: template.placeholders }),
      span: candidate.span,
      name,
      owner: name,
      ...(candidate.use?.policyType ? { policyType: candidate.use.policyType } : {}),
      writeFix: (fix) => writeFix(fix, quoting),
    });
  }
  return policies.sort((a, b) => a.span.start - b.span.start);
}

function candidatesOf(scan: ShellScan): Candidate[] {
  const candidates: Candidate[] = [];
  for (const word of scan.words) {
    const assigned = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word.template.value);
    if (!word.template.value.includes('{')) continue;
    const from = assigned ? assigned[0].length : 0;
    // `VAR='{…}'` names a variable the script gives a command later; `Policy='{…}'` within `--attributes` is an attribute.
    const variable = assigned && !isAttributeOfCommand(scan, word) ? assigned[1] : undefined;
    // `echo '{…}' > trust.json`: the file a later command reads with `file://trust.json`.
    const file = !variable && isPrinted(scan, word) ? scan.redirects.get(word.command)?.template.value : undefined;
    const use = (variable ? useOfVariable(scan, variable) : file ? useOfFile(scan, file) : useOfWord(scan, word)) ?? otherStoreUse(scan, variable ?? file);
    const name = variable ?? file;
    candidates.push({ template: sliceTemplate(word.template, from, word.template.value.length), quoting: (unit) => (unit < 0 ? undefined : word.quoting[unit + from]), span: word.span, name, use });
  }
  for (const heredoc of scan.heredocs) {
    const quoting: ShellQuoting = heredoc.quoted ? 'quoted-heredoc' : 'heredoc';
    const file = scan.redirects.get(heredoc.command);
    const variable = scan.assignedBy.get(heredoc.command);
    const fileName = file?.template.value;
    const use = (variable ? useOfVariable(scan, variable) : fileName ? useOfFile(scan, fileName) : undefined) ?? otherStoreUse(scan, variable ?? fileName);
    candidates.push({ template: heredoc.template, quoting: (unit) => (unit < 0 ? undefined : quoting), span: heredoc.span, name: variable ?? fileName, use });
  }
  return candidates;
}

/**
 * SQS's and SNS's attributes written as JSON (`--attributes '{"Policy": "{\\"Version\\": …}"}'`): the policy is the
 * JSON text in the `Policy` string, read inside it, escapes undone (second shell sweep).
 */
function withAttributePolicy(candidate: Candidate): Candidate[] {
  if (!/^\s*\{/.test(candidate.template.value) || !candidate.template.value.includes('"Policy"')) return [candidate];
  const root = parseTree(candidate.template.value);
  const policy = root && findNodeAtLocation(root, ['Policy']);
  if (policy?.type !== 'string') return [candidate];
  const inner = jsonStringText(candidate.template, policy.offset, policy.offset + policy.length);
  return inner ? [{ ...candidate, template: inner }] : [candidate];
}

/**
 * The text of the JSON string token at `[start, end)` of a template's value, escapes undone, each unit at the host offset
 * of the escape or character it came from; the template's placeholders inside it kept.
 */
function jsonStringText(outer: TemplateText, start: number, end: number): TemplateText | undefined {
  let value = '';
  const offsets: number[] = [];
  const placeholders: TemplateText['placeholders'] = [];
  const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  for (let i = start + 1; i < end - 1;) {
    const hole = outer.placeholders.find((each) => each.start === i);
    if (hole) {
      placeholders.push({ ...hole, start: value.length, end: value.length + hole.end - hole.start });
      for (let k = hole.start; k < hole.end; k++) {
        value += outer.value[k];
        offsets.push(outer.offsets[k]);
      }
      i = hole.end;
      continue;
    }
    const c = outer.value[i];
    if (c === '\\') {
      const next = outer.value[i + 1];
      if (next === 'u') {
        value += String.fromCharCode(parseInt(outer.value.slice(i + 2, i + 6), 16));
        offsets.push(outer.offsets[i]);
        i += 6;
        continue;
      }
      if (escapes[next] === undefined) return undefined;
      value += escapes[next];
      offsets.push(outer.offsets[i]);
      i += 2;
      continue;
    }
    value += c;
    offsets.push(outer.offsets[i]);
    i++;
  }
  offsets.push(outer.offsets[end - 1]);
  return { value, offsets, placeholders };
}

/** The words of the command `word` belongs to, in order. */
function commandWords(scan: ShellScan, command: number): ShellWord[] {
  return scan.words.filter((word) => word.command === command);
}

/** Whether the word is what `echo` or `printf` writes: an argument after the command's name. */
function isPrinted(scan: ShellScan, word: ShellWord): boolean {
  const words = commandWords(scan, word.command);
  return words.indexOf(word) > 0 && /^(?:echo|printf)$/.test(words[0].template.value);
}

function isAttributeOfCommand(scan: ShellScan, word: ShellWord): boolean {
  const words = commandWords(scan, word.command);
  return words.indexOf(word) > 0 && words.slice(0, words.indexOf(word)).some((before) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(before.template.value));
}

// Object stores that take S3's policy language but are not AWS: MinIO's client (`mc admin policy create`, `mc anonymous
// set-json`) and s3cmd (`setpolicy`), whose policies MinIO or the store judges (third shell sweep).
const OTHER_STORE_COMMANDS = /^(?:mc|mcli|s3cmd)$/;

/**
 * A use that says the policy in a variable or file is not AWS's: the variable (`$POLICY`, `${POLICY}`) or the file (by
 * its name or its path) is an argument of an object store's own client.
 */
function otherStoreUse(scan: ShellScan, held: string | undefined): Use | undefined {
  if (!held) return undefined;
  const name = held.replace(/^\.\//, '');
  const base = name.slice(name.lastIndexOf('/') + 1);
  for (const word of scan.words) {
    const value = word.template.value.replace(/^\.\//, '');
    const names = value === `$${name}` || value === `\${${name}}` || value === name || value.endsWith(`/${base}`) || value === base;
    if (!names) continue;
    const [command] = commandWords(scan, word.command).filter((each) => each.template.value !== 'sudo');
    if (command && command !== word && OTHER_STORE_COMMANDS.test(command.template.value)) return { notIam: true, name: command.template.value };
  }
  return undefined;
}

/** Where a variable is given to a command: a word that is `$NAME` or `${NAME}` alone, or `Policy=$NAME`. */
function useOfVariable(scan: ShellScan, variable: string): Use | undefined {
  const reference = new RegExp(`^(?:[A-Za-z_][A-Za-z0-9_]*=)?'?\\$(?:${variable}|\\{${variable}\\})'?$`);
  for (const word of scan.words) {
    if (!reference.test(word.template.value)) continue;
    const use = useOfWord(scan, word);
    if (use) return use;
  }
  return undefined;
}

/** Where a file the script writes is given to a command: `file://trust.json`, `file://./trust.json`. */
function useOfFile(scan: ShellScan, file: string): Use | undefined {
  const wanted = file.replace(/^\.\//, '');
  for (const word of scan.words) {
    const named = /^(?:[A-Za-z_-]+=)?file:\/\/(.+)$/.exec(word.template.value)?.[1];
    if (named === undefined || named.replace(/^\.\//, '') !== wanted) continue;
    const use = useOfWord(scan, word);
    if (use) return use;
  }
  return undefined;
}

/**
 * What the AWS CLI command a word is an argument of makes of it: the option before it (or its own `--option=`, or
 * `Policy=` within `--attributes`), read with the service and operation. Undefined for any other command.
 */
function useOfWord(scan: ShellScan, word: ShellWord): Use | undefined {
  const words = commandWords(scan, word.command);
  const at = words.indexOf(word);
  const aws = words.findIndex((each, index) => index < at && /(?:^|\/)(?:aws|awslocal)$/.test(each.template.value));
  if (aws < 0) return undefined;
  // The service and operation: the first two words after `aws` that are no global option or its value.
  const names: string[] = [];
  for (let index = aws + 1; index < at && names.length < 2; index++) {
    const value = words[index].template.value;
    if (value.startsWith('--')) {
      if (!value.includes('=') && !/^--(?:debug|no-[a-z-]+)$/.test(value)) index++;
      continue;
    }
    names.push(value);
  }
  const [service, operation] = names;
  if (!service || !operation) return undefined;
  const own = /^(--[a-z-]+)=/.exec(word.template.value)?.[1];
  const option = own ?? (at > 0 && words[at - 1].template.value.startsWith('--') ? words[at - 1].template.value : undefined);
  if (!option) return undefined;
  const name = `aws ${service} ${operation} ${option}`;
  const optionOf = (wanted: string) => {
    const index = words.findIndex((each) => each.template.value === wanted || each.template.value.startsWith(`${wanted}=`));
    if (index < 0) return undefined;
    const written = words[index].template.value;
    return written.includes('=') ? written.slice(written.indexOf('=') + 1) : words[index + 1]?.template.value;
  };
  const policyType = policyTypeOf(service, operation, option, word.template.value, optionOf);
  if (policyType === 'not-iam') return { notIam: true, name };
  return policyType ? { policyType, name } : undefined;
}

/**
 * The policy type of what an AWS CLI option takes (the CLI's reference for each command): IAM's identity and trust
 * documents, STS's session policies, Organizations' SCPs and RCPs by `--type`, and the resource policies of the
 * services that keep one. 'not-iam' for AWS IoT Core's policies and Organizations' other policy types.
 */
function policyTypeOf(service: string, operation: string, option: string, written: string, optionOf: (option: string) => string | undefined): PolicyType | 'not-iam' | undefined {
  if (service === 'iot' || service === 'iot-data') return 'not-iam';
  if (service === 'iam') {
    if (option === '--assume-role-policy-document') return 'trust';
    if (option === '--policy-document') return operation === 'update-assume-role-policy' ? 'trust' : 'identity';
    return undefined;
  }
  if (service === 'sts') return option === '--policy' ? 'session' : undefined;
  if (service === 'organizations') {
    if (option !== '--content') return undefined;
    const type = optionOf('--type');
    if (type === 'SERVICE_CONTROL_POLICY') return 'scp';
    if (type === 'RESOURCE_CONTROL_POLICY') return 'rcp';
    return type === undefined ? undefined : 'not-iam';
  }
  if (service === 'sqs' || service === 'sns') {
    // `--attributes Policy='{…}'` or a JSON map of attributes whose `Policy` holds the policy's text, SNS's `--attribute-value` of `Policy`.
    if (option === '--attributes') return /^Policy=/.test(written) || /^\s*\{[^]*"Policy"\s*:/.test(written) ? 'resource' : undefined;
    if (option === '--attribute-value') return optionOf('--attribute-name') === 'Policy' ? 'resource' : undefined;
    return undefined;
  }
  return RESOURCE_POLICY_OPTIONS.has(`${service} ${option}`) ? 'resource' : undefined;
}

// The options of other services' commands that take a resource policy's JSON.
const RESOURCE_POLICY_OPTIONS = new Set([
  's3api --policy',
  's3control --policy',
  'kms --policy',
  'ecr --policy-text',
  'ecr-public --policy-text',
  'secretsmanager --resource-policy',
  'logs --policy-document',
  'events --policy',
  'glue --policy-in-json',
  'es --access-policies',
  'opensearch --access-policies',
  'backup --policy',
  'efs --policy',
  'codeartifact --policy-document',
  'dynamodb --policy',
  'kinesis --policy',
  'ssm --policy',
  'glacier --policy',
  'mediastore --policy',
  'schemas --policy',
  'apigateway --policy',
  'cloudtrail --resource-policy',
  'vpc-lattice --policy',
  's3tables --resource-policy',
]);

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * A rule's JSON edit written into the script: each replaced range must lie in one kind of quoting, and the new text
 * is escaped as that quoting needs (`\"` in double quotes, `\$` in them and in an unquoted heredoc); single quotes
 * cannot hold a `'`, so such an edit is not offered.
 */
function writeFix(fix: Fix, quotingAt: (offset: number) => ShellQuoting | undefined): Fix | undefined {
  if (fix.hostText) return fix;
  const edits: TextEdit[] = [];
  for (const edit of fix.edits) {
    const quoting = edit.span.end > edit.span.start ? quotingAt(edit.span.start) : (quotingAt(edit.span.start) ?? quotingAt(edit.span.start - 1));
    const newText = escapedFor(edit.newText, quoting);
    if (newText === undefined) return undefined;
    edits.push({ span: edit.span, newText });
  }
  return { ...fix, edits };
}

function escapedFor(value: string, quoting: ShellQuoting | undefined): string | undefined {
  switch (quoting) {
    case 'single':
      return value.includes("'") ? undefined : value;
    case 'double':
      return value.replace(/[\\"$`]/g, (c) => `\\${c}`);
    case 'heredoc':
      return value.replace(/[\\$`]/g, (c) => `\\${c}`);
    case 'quoted-heredoc':
      return value;
    default:
      return undefined;
  }
}
