import type { TextEdit } from '../checks/check';
import type { CompletionHost } from '../completion/completion';
import { modelValueAt } from '../completion/model-context';
import type { ConditionValue, StringValue } from '../policy/model';
import { isPlainSafe } from './cloudformation/writer';
import type { EmbeddedPolicy, HostKind } from './host';
import { terraformCompletionWriter } from './terraform/completion-writer';

/**
 * How completion writes into the host a policy came from; undefined for a plain policy file, whose text is the
 * policy JSON. Completion computes what to insert as JSON against the model's spans, the same way rules write fixes,
 * and the host rewrites it: a template policy through the writer that writes its quick fixes (YAML scalars in their
 * style, JSON strings escaped, `${` written `${!` under `Fn::Sub`), a .tf policy through the Terraform writer.
 */
const YAML_HOSTS: ReadonlySet<HostKind | undefined> = new Set<HostKind>(['cloudformation', 'serverless', 'openapi', 'eksctl', 'kubernetes', 'ansible', 'github-actions', 'json-config']);

export function completionHostOf(embedded: EmbeddedPolicy, kind: HostKind | undefined, text: string): CompletionHost | undefined {
  // A YAML policy template (`yamldecode(templatefile(…))`): values as YAML scalars, keys as YAML keys.
  if (kind === 'terraform' && embedded.yaml) return { entries: 'yaml', write: (edit) => yamlScalarEdit(text, edit) };
  if (kind === 'terraform') return { write: terraformCompletionWriter(embedded.name.startsWith('data.aws_iam_policy_document.')) };
  // A CDK or Pulumi source: a value replaces a string literal in its quotes; keys and elements are the library's arguments, not JSON.
  if (kind === 'cdk' || kind === 'pulumi' || kind === 'cdktf') return { write: (edit) => embedded.writeFix?.({ title: '', edits: [edit] })?.edits[0] };
  // A Serverless service file, an OpenAPI definition, an eksctl configuration, a Kubernetes manifest and an Ansible
  // file are read as a template is: their values are written so.
  if (!YAML_HOSTS.has(kind)) return undefined;
  const writeFix = embedded.writeFix;
  // A policy written `{…}` (a JSON template, a JSON string, a YAML flow mapping) takes JSON keys; a block mapping YAML ones.
  const root = embedded.policy.root;
  // A host serves one completion request, whose items mostly replace the same token: where the fix writer has no
  // token for a span, it searched every scalar of the policy to learn so; remember it for the next string.
  const noToken = new Set<string>();
  // A policy written as a Fn::Sub string (`PolicyDocument: !Sub |` and a JSON block): every value in it is substituted.
  const policyInSub = isSubAt(text, embedded.span.start);
  // Each item is written through `write`, and the items replace one token: the value at an offset is looked up once,
  // not once per item (three statements of the largest managed policy hold 1,500 values each, and an Action list offers
  // hundreds of items).
  const subValues = new Map<number, StringValue | ConditionValue | undefined>();
  const subValueAt = (offset: number) => {
    if (subValues.has(offset)) return subValues.get(offset);
    const value = modelValueAt(embedded.policy, offset);
    const sub = value?.mapSpan && isSubAt(text, value.span.start) ? value : undefined;
    subValues.set(offset, sub);
    return sub;
  };
  return {
    entries: root && text[root.offset] !== '{' ? 'yaml' : 'json',
    substitutesAt: (offset) => policyInSub || subValueAt(offset) !== undefined,
    write(edit) {
      const sub = policyInSub ? undefined : subValueAt(edit.span.start);
      if (sub && sub.span.start === edit.span.start && sub.span.end === edit.span.end) return writeIntoSub(text, sub, edit);
      if (!writeFix) return edit;
      const literal = jsonStringLiteral.test(edit.newText);
      const at = `${edit.span.start}:${edit.span.end}`;
      if (literal && noToken.has(at)) return yamlScalarEdit(text, edit);
      const written = writeFix({ title: '', edits: [edit] })?.edits[0];
      if (!written && literal) noToken.add(at);
      return written ?? yamlScalarEdit(text, edit);
    },
  };
}

// `!Sub …`, `Fn::Sub: …` in a block mapping, `{"Fn::Sub": …}` in JSON or a YAML flow mapping.
function isSubAt(text: string, offset: number): boolean {
  return /^(?:!Sub\b|\{?\s*["']?Fn::Sub["']?\s*:)/.test(text.slice(offset, offset + 32));
}

/**
 * A new value for a value written as a Fn::Sub string replaces the content of the Sub's template string, in that
 * string's quoting: the tag, the quotes and a list form's variables stay. A plain string that cannot hold the value
 * (or sits in a flow collection, where `{` and `}` end it) is quoted.
 */
function writeIntoSub(text: string, value: StringValue | ConditionValue, edit: TextEdit): TextEdit | undefined {
  if (!jsonStringLiteral.test(edit.newText)) return undefined;
  const written = JSON.parse(edit.newText) as string;
  const content = value.mapSpan!(0, value.value.length);
  if (text.slice(content.start, content.end).includes('\n') || written.includes('\n')) return undefined;
  const [before, after] = [text[content.start - 1], text[content.end]];
  if (before === "'" && after === "'") return { span: content, newText: written.replace(/'/g, "''") };
  if (before === '"' && after === '"') return { span: content, newText: JSON.stringify(written).slice(1, -1) };
  const lineStart = text.lastIndexOf('\n', content.start - 1) + 1;
  const inFlow = /[[{]/.test(text.slice(lineStart, content.start).replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, ''));
  return { span: content, newText: !inFlow && isPlainSafe(written) ? written : `'${written.replace(/'/g, "''")}'` };
}

// What the fix writer leaves to completion: a value where there is none yet (`Action: ` then the cursor), a mapping
// key (`StringEquals:`), a scalar under `!Sub`, and a policy variable typed into a `!Sub` scalar, where a literal `${`
// is written `${!`.
const jsonStringLiteral = /^"(?:[^"\\]|\\.)*"$/;

/**
 * A JSON edit written into YAML text: a string value as a scalar in the style of the one it replaces (plain where it
 * can be), a key and its value in a flow mapping as they are, a policy variable typed into a plain scalar; undefined
 * for anything else.
 */
export function yamlScalarEdit(text: string, edit: TextEdit): TextEdit | undefined {
  if (jsonStringLiteral.test(edit.newText)) {
    const value = JSON.parse(edit.newText) as string;
    const written = text.slice(edit.span.start, edit.span.end);
    if (written.includes('\n')) return undefined;
    const quote = written[0];
    if ((quote === '"' || quote === "'") && !written.endsWith(quote)) return undefined;
    const newText = quote === "'" ? `'${value.replace(/'/g, "''")}'` : quote !== '"' && isPlainSafe(value) ? value : JSON.stringify(value);
    return { span: edit.span, newText };
  }
  // A key and its value in a YAML flow mapping: JSON on one line is YAML there.
  if (/^"(?:[^"\\]|\\.)*": [^\n]*$/.test(edit.newText) && text[edit.span.start] === '"') return edit;
  const lineStart = text.lastIndexOf('\n', edit.span.start - 1) + 1;
  if (/^\$\{[\w:/.\-\uE000\uE001]+\}$/.test(edit.newText) && /(?:!Sub\b|Fn::Sub["']?\s*:)/.test(text.slice(lineStart, edit.span.start))) {
    return { span: edit.span, newText: `\${!${edit.newText.slice(2)}` };
  }
  // `${aws:username}` in a plain scalar outside a flow collection, where braces are ordinary characters.
  const before = text.slice(lineStart, edit.span.start).replace(/\$\{[^}]*\}?/g, '');
  if (/^\$\{[\w:/.\-\uE000\uE001]+\}$/.test(edit.newText) && /^\s*(?:- )*[\w.-]+:\s+[^'"\s[{]/.test(before) && !/[[\]{}'"#]/.test(before)) return edit;
  return undefined;
}
