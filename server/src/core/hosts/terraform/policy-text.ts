import type { Problem } from '../../checks/check';
import type { HclNode as SyntaxNode } from './syntax';
import { functionArguments, functionName, spanOfSyntax, templateOf, unwrap, unwrapInterpolation } from './hcl';
import { traversalOf } from './template';

export const TERRAFORM_POLICY_JSON = 'terraform-policy-json';

/**
 * The arguments whose value the AWS provider checks with its IAM policy validator (`verify.ValidIAMPolicyJSON`), which
 * refuses any text that does not begin with `{`, leading whitespace too ("leading space characters are not allowed"):
 * IAM itself fails such a document ("The policy failed legacy parsing", hashicorp/terraform#14669), and the check
 * runs at plan only on values known then. Other services' policy arguments are checked as JSON only.
 */
const IAM_VALIDATED = new Set([
  'aws_iam_policy.policy',
  'aws_iam_role_policy.policy',
  'aws_iam_user_policy.policy',
  'aws_iam_group_policy.policy',
  'aws_iam_role.assume_role_policy',
  'aws_ssoadmin_permission_set_inline_policy.inline_policy',
  'aws_transfer_user.policy',
]);

/**
 * A policy argument's value must be the text of one JSON object. Two ways it is not, each refused by the AWS provider
 * at plan where it checks IAM policies (`"policy" contains an invalid JSON policy: …`), and by AWS at apply:
 * - `jsonencode(...)` of a string that is already a policy's JSON text (`data.aws_iam_policy_document.x.json`,
 *   `file(...)`, another `jsonencode(...)`, a heredoc) encodes it again, as one JSON string; of a `.json` file's name,
 *   it encodes the name;
 * - for IAM's own arguments, text that begins with whitespace: a `<<EOF` heredoc whose `{` is indented.
 * And `jsondecode({ … })`, which Terraform refuses, where `jsonencode` was meant; and a policy document data source
 * given whole, without `.json`.
 */
export function policyTextProblems(text: string, type: string, path: string, value: SyntaxNode): Problem[] {
  const iamValidated = IAM_VALIDATED.has(`${type}.${path}`);
  const encoded = doubleEncoding(text, value, iamValidated) ?? decodedObject(value) ?? documentObject(text, value, path) ?? quotedObject(text, value);
  if (encoded) return [encoded];
  if (!iamValidated) return [];
  const leading = leadingWhitespace(text, value);
  return leading ? [leading] : [];
}

/**
 * Who refuses a JSON string given for a policy: the provider at plan for IAM's arguments; for the others, which it
 * checks only as JSON (a JSON string is JSON), the service at apply.
 */
function refusal(iamValidated: boolean): string {
  return iamValidated
    ? 'the AWS provider refuses it ("contains a JSON-encoded string, not a JSON-encoded object")'
    : 'the AWS provider checks only that it is JSON, which a JSON string is, and AWS rejects it at apply as a malformed policy';
}

function doubleEncoding(text: string, value: SyntaxNode, iamValidated: boolean): Problem | undefined {
  const call = unwrapInterpolation(value);
  if (functionName(call) !== 'jsonencode') return undefined;
  const [argument, ...rest] = functionArguments(call);
  if (!argument || rest.length > 0) return undefined;
  const inner = unwrapInterpolation(argument);
  const what = encodedText(text, inner);
  if (!what) return undefined;
  const span = spanOfSyntax(call);
  if (what === 'file name')
    return {
      ruleId: TERRAFORM_POLICY_JSON,
      severity: 'error',
      message: `jsonencode() of a file name gives the name as a JSON string, not the policy: ${refusal(iamValidated)}. Read the file with file(…) instead.`,
      span,
    };
  const argumentText = text.slice(argument.startIndex, argument.endIndex);
  return {
    ruleId: TERRAFORM_POLICY_JSON,
    severity: 'error',
    message: `${what} is already JSON text, and jsonencode() encodes it again, as one JSON string: ${refusal(iamValidated)}. Give it without jsonencode().`,
    span,
    fixes: [{ title: 'Remove jsonencode()', edits: [{ span, newText: argumentText }], isPreferred: true }],
  };
}

/**
 * `jsondecode({ … })`: jsondecode() takes JSON text and returns a value, so given the object itself Terraform stops at
 * plan ("Invalid function argument"); jsonencode() was meant. The object is read as the policy it meant.
 */
function decodedObject(value: SyntaxNode): Problem | undefined {
  const call = unwrapInterpolation(value);
  if (functionName(call) !== 'jsondecode') return undefined;
  const [argument, ...rest] = functionArguments(call);
  const inner = argument && unwrap(argument);
  if (!inner || rest.length > 0 || inner.type !== 'object') return undefined;
  const name = call.firstNamedChild!;
  return {
    ruleId: TERRAFORM_POLICY_JSON,
    severity: 'error',
    message:
      'jsondecode() takes JSON text and makes a value of it; given an object, Terraform stops at plan ("Invalid function argument"), and a policy argument takes JSON text anyway. Write jsonencode(…), which makes the text of this object.',
    span: spanOfSyntax(name),
    fixes: [{ title: 'Write jsonencode', edits: [{ span: spanOfSyntax(name), newText: 'jsonencode' }], isPreferred: true }],
  };
}

/**
 * `policy = data.aws_iam_policy_document.x`: the data source itself, an object of its attributes, where the argument
 * takes a string; Terraform stops at plan ("Inappropriate value for attribute "policy": string required"). The
 * policy is read from the data source, as `.json` would give it.
 */
function documentObject(text: string, value: SyntaxNode, path: string): Problem | undefined {
  const node = unwrapInterpolation(value);
  if (node.type !== 'expression') return undefined;
  const names = traversalOf(node);
  if (!names || names.length !== 3 || names[0] !== 'data' || names[1] !== 'aws_iam_policy_document') return undefined;
  const span = spanOfSyntax(node);
  const written = text.slice(span.start, span.end);
  const argument = path.split('.').pop();
  return {
    ruleId: TERRAFORM_POLICY_JSON,
    severity: 'error',
    message: `${written} is the data source itself, an object, and ${argument} takes the policy's JSON text: Terraform stops at plan ("Inappropriate value for attribute \"${argument}\": string required"). Write ${written}.json.`,
    span,
    fixes: [{ title: 'Add .json', edits: [{ span: { start: span.end, end: span.end }, newText: '.json' }], isPreferred: true }],
  };
}

/**
 * A heredoc or string whose policy JSON is wrapped in quotes (`<<EOF\n"{"Version": …}"\nEOF`, service-principal sweep):
 * the text is no JSON at all, so the provider and IAM refuse it. The object inside is read as the policy it meant
 * (policyOfValue, quotedPolicyTemplate).
 */
function quotedObject(text: string, value: SyntaxNode): Problem | undefined {
  const node = unwrap(value);
  if (node.type !== 'heredoc_template' && node.type !== 'quoted_template' && node.type !== 'string_lit') return undefined;
  const template = templateOf(text, node, false);
  const inner = template && quotedPolicyRange(template.value);
  if (!template || !inner) return undefined;
  const opening = { start: template.offsets[inner.start - 1], end: template.offsets[inner.start] };
  const closing = { start: template.offsets[inner.end], end: template.offsets[inner.end + 1] };
  return {
    ruleId: TERRAFORM_POLICY_JSON,
    severity: 'error',
    message:
      'The policy\'s JSON is wrapped in quotes, which makes the text no JSON at all: the AWS provider refuses it ("contains an invalid JSON policy"), and IAM too. Remove the quotes around the object.',
    span: opening,
    fixes: [
      {
        title: 'Remove the quotes',
        edits: [
          { span: opening, newText: '' },
          { span: closing, newText: '' },
        ],
        isPreferred: true,
      },
    ],
  };
}

/** Where the object is in a text written `"{…}"` around a policy (from `{` to after `}`), or undefined. */
export function quotedPolicyRange(value: string): { start: number; end: number } | undefined {
  const start = /^\s*"\{/.exec(value)?.[0].length;
  const end = value.trimEnd().length - 1;
  if (start === undefined || end <= start || value[end] !== '"' || value[end - 1] !== '}' || !/"Statement"\s*:/.test(value)) return undefined;
  return { start: start - 1, end };
}

/** What a string that is a policy's JSON text is, for the message; 'file name' for a `.json` name; else undefined. */
function encodedText(text: string, node: SyntaxNode): string | undefined {
  if (node.type === 'expression') {
    const names = traversalOf(node);
    if (!names) return undefined;
    const [root, kind, , attribute] = names;
    if (root === 'data' && kind === 'aws_iam_policy_document' && names.length === 4 && (attribute === 'json' || attribute === 'minified_json')) return text.slice(node.startIndex, node.endIndex);
    if (root === 'data' && kind === 'template_file' && names.length === 4 && attribute === 'rendered') return text.slice(node.startIndex, node.endIndex);
    return undefined;
  }
  const name = functionName(node);
  if (name === 'file' || name === 'templatefile') return `The text ${name}(…) reads`;
  if (name === 'jsonencode') return 'jsonencode(…)';
  const template = templateOf(text, node, false);
  if (!template) return undefined;
  const written = template.value.trim();
  if (written.startsWith('{') && /"Statement"\s*:/.test(written)) return 'This text';
  if (/^[^\s{}"]+\.json$/i.test(written)) return 'file name';
  return undefined;
}

function leadingWhitespace(text: string, value: SyntaxNode): Problem | undefined {
  const node = unwrap(value);
  if (node.type !== 'heredoc_template' && node.type !== 'quoted_template' && node.type !== 'string_lit') return undefined;
  const template = templateOf(text, node, false);
  if (!template) return undefined;
  const brace = /^\s+\{/.exec(template.value) ? template.value.indexOf('{') : -1;
  if (brace <= 0 || !/"Statement"\s*:/.test(template.value)) return undefined;
  const span = { start: template.offsets[0], end: template.offsets[brace] };
  const opening = node.type === 'heredoc_template' ? node.namedChildren.find((child) => child?.type === 'heredoc_start') : undefined;
  const stripsToBrace = opening?.text === '<<' && bracesIndentIsLeast(template.value, brace);
  return {
    ruleId: TERRAFORM_POLICY_JSON,
    severity: 'error',
    message: `The policy's text begins with whitespace before "{": the AWS provider refuses it ("contains an invalid JSON policy: leading space characters are not allowed"), and IAM too ("MalformedPolicyDocument: The policy failed legacy parsing"). ${
      opening ? 'Begin the heredoc with <<-, which strips the indentation, or start the text at "{".' : 'Start the text at "{".'
    }`,
    span,
    ...(opening && stripsToBrace
      ? { fixes: [{ title: 'Write <<- to strip the indentation', edits: [{ span: { start: opening.endIndex, end: opening.endIndex }, newText: '-' }], isPreferred: true }] }
      : {}),
  };
}

/**
 * Whether `<<-` would leave the text beginning with `{`: the brace is on the first line (`<<-` keeps blank lines) and
 * no other non-blank line is indented less.
 */
function bracesIndentIsLeast(value: string, brace: number): boolean {
  const lineStart = value.lastIndexOf('\n', brace) + 1;
  if (lineStart !== 0) return false;
  const indent = brace - lineStart;
  return value
    .slice(brace)
    .split('\n')
    .slice(1)
    .every((line) => line.trim() === '' || /^[ \t]*/.exec(line)![0].length >= indent);
}
