import type { Problem } from '../../checks/check';
import { closestMatches } from '../../text/suggest';
import { blockHeader, bodyOf, onlyInterpolation, spanOfSyntax, unwrap } from './hcl';
import type { HclNode as SyntaxNode } from './syntax';

export const TERRAFORM_ARGUMENT_UNKNOWN = 'terraform-argument-unknown';
export const TERRAFORM_ARGUMENT_TYPE = 'terraform-argument-type';

// The arguments of each block that take a list (the schema's sets and lists of strings).
const LISTS: Readonly<Record<string, readonly string[]>> = {
  document: ['source_policy_documents', 'override_policy_documents'],
  statement: ['actions', 'not_actions', 'resources', 'not_resources'],
  principals: ['identifiers'],
  not_principals: ['identifiers'],
  condition: ['values'],
};

/**
 * The arguments and nested blocks each block of an `aws_iam_policy_document` takes, from the AWS provider's schema
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document). A nested block
 * may also be written as an argument (`principals = [{ … }]`), as Terraform 0.11 did (hcl.ts legacyBlocks).
 */
const SCHEMA: Readonly<Record<string, { arguments: readonly string[]; blocks: readonly string[] }>> = {
  document: { arguments: ['version', 'policy_id', 'source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'], blocks: ['statement'] },
  statement: { arguments: ['sid', 'effect', 'actions', 'not_actions', 'resources', 'not_resources'], blocks: ['principals', 'not_principals', 'condition'] },
  principals: { arguments: ['type', 'identifiers'], blocks: [] },
  not_principals: { arguments: ['type', 'identifiers'], blocks: [] },
  condition: { arguments: ['test', 'variable', 'values'], blocks: [] },
};

// Arguments every block takes in Terraform itself.
const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle']);

/**
 * `terraform-argument-unknown` findings of an `aws_iam_policy_document` block: an argument or block its schema does
 * not have, which Terraform refuses ("An argument named "action" is not expected here"). A misspelt one (`action` for
 * `actions`) otherwise shows only as what the statement lacks. `dynamic` blocks are checked where they are written,
 * their `content` as the block they make.
 */
export function unknownDocumentArguments(block: SyntaxNode): Problem[] {
  const problems: Problem[] = [];
  checkBody(bodyOf(block), 'document', 'data "aws_iam_policy_document"', problems);
  return problems;
}

function checkBody(body: SyntaxNode | undefined, kind: string, where: string, problems: Problem[]): void {
  const schema = SCHEMA[kind];
  // A body the parser had to recover in (`principals { type = "*", identifiers = ["*"] }`, which HCL refuses) may hold
  // the arguments of the blocks after it: terraform-syntax reports the error, and its arguments are not judged.
  const recovered = (body?.children ?? []).some((child) => child !== null && (isBroken(child) || (child.type === 'attribute' && child.children.some((part) => part !== null && isBroken(part)))));
  for (const child of body?.namedChildren ?? []) {
    if (child?.type === 'attribute') {
      if (recovered) continue;
      const name = child.firstNamedChild;
      if (name && LISTS[kind]?.includes(name.text)) {
        const wrongType = stringForList(child, name.text);
        if (wrongType) problems.push(wrongType);
        continue;
      }
      if (!name || schema.arguments.includes(name.text) || schema.blocks.includes(name.text) || (kind === 'document' && META_ARGUMENTS.has(name.text))) continue;
      problems.push(problemAt(name, 'an argument', where, [...schema.arguments, ...schema.blocks], kind === 'document' && SCHEMA.statement.arguments.includes(name.text)));
    } else if (child?.type === 'block') {
      const [keyword, label] = blockHeader(child);
      const nested = keyword === 'dynamic' ? label : keyword;
      const name = child.firstNamedChild;
      if (nested === undefined || !name) continue;
      if (!schema.blocks.includes(nested)) {
        if (keyword !== 'dynamic' && !(kind === 'document' && keyword === 'lifecycle') && !recovered) problems.push(problemAt(name, 'a block', where, schema.blocks));
        continue;
      }
      const content = keyword === 'dynamic' ? bodyOf(child)?.namedChildren.find((each) => each?.type === 'block' && blockHeader(each)[0] === 'content') : child;
      if (content) checkBody(bodyOf(content), nested, `a ${nested} block`, problems);
    }
  }
}

/**
 * A string given to an argument that takes a list (`identifiers = "lexv2.amazonaws.com"`, Connect and Lex sweep):
 * Terraform converts no string to a list, and refuses the plan. A string that is one `${…}` is its value, a list maybe.
 */
function stringForList(attribute: SyntaxNode, name: string): Problem | undefined {
  const written = attribute.lastNamedChild;
  const value = written && unwrap(written);
  if (!value || !(value.type === 'string_lit' || value.type === 'heredoc_template' || (value.type === 'quoted_template' && !onlyInterpolation(value)))) return undefined;
  const span = spanOfSyntax(value);
  return {
    ruleId: TERRAFORM_ARGUMENT_TYPE,
    severity: 'error',
    message: `"${name}" takes a list of strings, and Terraform converts no string to one: it refuses the plan ("Inappropriate value for attribute "${name}": set of string required"). Write the value in brackets.`,
    span,
    ...(value.type === 'heredoc_template' ? {} : { fixes: [{ title: 'Write it as a list', edits: [{ span, newText: `[${value.text}]` }], isPreferred: true }] }),
  };
}

function isBroken(node: SyntaxNode): boolean {
  return node.isError || node.isMissing;
}

function problemAt(name: SyntaxNode, what: 'an argument' | 'a block', where: string, allowed: readonly string[], ofStatement = false): Problem {
  const [suggestion] = ofStatement ? [] : closestMatches(name.text, allowed, 1);
  const span = spanOfSyntax(name);
  const hint = ofStatement
    ? ' It is an argument of a statement: write it inside a `statement { … }` block.'
    : suggestion
      ? ` Did you mean "${suggestion}"?`
      : allowed.length > 0
        ? ` It takes ${allowed.map((each) => `"${each}"`).join(', ')}.`
        : '';
  return {
    ruleId: TERRAFORM_ARGUMENT_UNKNOWN,
    severity: 'error',
    message: `"${name.text}" is not ${what} of ${where}: Terraform refuses it ("An argument named "${name.text}" is not expected here"), and the policy is not what it says.${hint}`,
    span,
    ...(suggestion ? { fixes: [{ title: `Change to "${suggestion}"`, edits: [{ span, newText: suggestion }], isPreferred: true }] } : {}),
  };
}
