import { defaultConfiguration } from '../config/configuration';
import { pathOfUri } from '../config/globs';
import { isLoneStatement, looksLikePolicy } from '../policy/detect';
import { asStatementList, fragmentSeverities, isStatementFragment } from '../policy/statement-fragment';
import { parsePolicy, policyFromTree } from '../policy/parse-policy';
import type { JsonNode, PolicyDocument } from '../policy/model';
import { impliedString } from './terraform/hcl';
import { propertyNode } from './terraform/nodes';
import { spanOf } from '../text/span';
import { wrapStatementFix } from '../checks/statement-missing';
import { isPolicyFileName, policyLanguageId } from './file-claims';
import type { HostDocument, HostInput, HostReader } from './host';
import { isWrittenForServerless } from './serverless/variables';
import { isJinjaTemplateFileName, isTemplateFileName, isWrittenAsJinja, isWrittenAsTemplate, readPolicyTemplateFile } from './terraform/template-file';

export { isPolicyFileName, policyLanguageId };

// Languages whose documents may be plain policies found by their content; no language means a file from the CLI.
const jsonLanguages = new Set([policyLanguageId, 'json', 'jsonc']);

/**
 * Program sources, which the editor opens in their own language and so never reads by content as JSON: a file read
 * without a language (the CLI) is not either, so that a Go or Python source its reader declines (a damaged one) is
 * not read as a broken JSON policy there alone.
 */
const SOURCE_CODE = /\.(?:[mc]?[jt]sx?|py|go|java|cs|sh|bash|zsh)$/i;

/**
 * A plain policy file: one JSON policy spanning the whole document. It claims documents named or opened as
 * policies, and, with `detectByContent`, any JSON document whose top level is an object with a Statement.
 */
export const policyFileReader: HostReader = {
  kind: 'policy',
  extensions: ['.json', '.j2', '.jinja', '.jinja2'],
  read(input: HostInput): HostDocument | undefined {
    const config = input.config ?? defaultConfiguration;
    const named = isPolicyFileName(pathOfUri(input.uri), config.files, input.languageId);
    // A Jinja template (`policy.json.j2`, as Ansible roles keep their policies) has no language of its own: its
    // `{{ … }}` are placeholders and `{% … %}` directives, and only one whose text is a policy is claimed.
    if (isJinjaTemplateFileName(pathOfUri(input.uri))) {
      if (!named && !config.detectByContent) return undefined;
      const path = pathOfUri(input.uri);
      const template = readPolicyTemplateFile(input.text, path.slice(path.lastIndexOf('/') + 1), named, 'jinja');
      return template && { ...template, kind: 'policy' };
    }
    if (AMPLIFY_CUSTOM_POLICIES.test(pathOfUri(input.uri))) {
      const custom = amplifyCustomPolicies(input.text, pathOfUri(input.uri));
      if (custom) return custom;
    }
    if (!named && (!config.detectByContent || (input.languageId !== undefined ? !jsonLanguages.has(input.languageId) : SOURCE_CODE.test(pathOfUri(input.uri))))) return undefined;
    // A Terraform template (`.tftpl`, `.tpl`, `.tmpl`) the Terraform reader did not claim is no JSON policy, whatever a lenient
    // parse finds in it: `${jsonencode({ "Statement": [...] })}` is HCL.
    if (!named && isTemplateFileName(pathOfUri(input.uri))) return undefined;
    const policy = parsePolicy(input.text);
    if (!named && !looksLikePolicy(policy)) return undefined;
    const path = pathOfUri(input.uri);
    const name = path.slice(path.lastIndexOf('/') + 1);
    // A policy for Terraform's templatefile() is often named .json: its `${…}` and `%{…}` are the template's. It stays
    // a policy file (its type set by the user, a glob or its content), with those as placeholders.
    // So is one written for Jinja: `"arn:aws:s3:::{{ bucket }}/*"` is the bucket the rendering names; and one a
    // Serverless service reads with `${file(…)}`, whose `${self:…}` and `#{AWS::AccountId}` the Framework fills in.
    const template = isWrittenAsTemplate(input.text)
      ? readPolicyTemplateFile(input.text, name, named)
      : isWrittenAsJinja(input.text)
        ? readPolicyTemplateFile(input.text, name, named, 'jinja')
        : isWrittenForServerless(input.text)
          ? readPolicyTemplateFile(input.text, name, named, 'serverless')
          : undefined;
    if (template) return { ...template, kind: 'policy' };
    if (policy.root && isLoneStatement(policy) && isStatementFragment(policy.root)) return statementFile(input.text, policy, name);
    return { kind: 'policy', policies: [{ policy, span: { start: 0, end: input.text.length }, name }], problems: [] };
  },
};

/**
 * A file of one statement (AWS's SCP examples keep some so, to paste into a policy; a module splices such a file into
 * its Statement): checked as that statement, where it is. That it is no whole policy is information, with the fix
 * that wraps it for a file meant as one: IAM reads a statement only inside "Statement".
 */
function statementFile(text: string, lone: PolicyDocument, name: string): HostDocument {
  const root = lone.root!;
  const policy = policyFromTree(text, asStatementList(root), lone.syntaxErrors);
  return {
    kind: 'policy',
    policies: [{ policy, span: { start: 0, end: text.length }, name: `${name} (statement)`, severities: fragmentSeverities }],
    problems: [
      {
        ruleId: 'statement-missing',
        severity: 'information',
        message:
          'This file holds a statement, not a whole policy: IAM reads it only inside a policy\'s "Statement", so it is checked as one. If the file is meant as a policy of its own, wrap it as {"Version": "2012-10-17", "Statement": [ ... ]}.',
        span: spanOf(root.offset, 1),
        fixes: [wrapStatementFix(root.offset, root.offset + root.length)],
      },
    ],
  };
}

// Amplify (Gen 1) keeps the statements it adds to a function's execution role, or a container API's task role, in
// `amplify/backend/<function|api>/<name>/custom-policies.json`: a list of `{ "Action": [...], "Resource": [...] }`,
// each Allow unless it says otherwise. The CLI writes one with both lists empty, which adds nothing.
// https://docs.amplify.aws/gen1/javascript/build-a-backend/functions/access-other-aws-resources/
const AMPLIFY_CUSTOM_POLICIES = /(?:^|\/)amplify\/backend\/(?:function|api)\/([^/]+)\/custom-policies\.json$/;

/** An Amplify resource's custom policies, as the identity policy of the role they go into; undefined when the file is no list. */
function amplifyCustomPolicies(text: string, path: string): HostDocument | undefined {
  const parsed = parsePolicy(text);
  const list = parsed.root;
  if (list?.type !== 'array') return undefined;
  const written = (list.children ?? []).filter((statement) => !isEmptyCustomPolicy(statement));
  const resource = AMPLIFY_CUSTOM_POLICIES.exec(path)![1];
  if (written.length === 0) return { kind: 'policy', policies: [], problems: [] };
  const statements: JsonNode = { type: 'array', offset: list.offset, length: list.length, children: written };
  for (const statement of written) {
    (statement as { parent?: JsonNode }).parent = statements;
    if (statement.type === 'object' && !(statement.children ?? []).some((property) => property.children?.[0]?.value === 'Effect')) withImpliedEffect(statement);
  }
  const policy = policyFromTree(text, asStatementList(statements), parsed.syntaxErrors);
  return {
    kind: 'policy',
    policies: [{ policy, span: { start: 0, end: text.length }, name: `${resource} › custom-policies`, policyType: 'identity', inlineOn: 'role', severities: fragmentSeverities }],
    problems: [],
  };
}

/** The list item the CLI writes for a new resource: `{ "Action": [], "Resource": [] }`. */
function isEmptyCustomPolicy(statement: JsonNode): boolean {
  if (statement.type !== 'object') return false;
  return (statement.children ?? []).every((property) => property.children?.[1]?.type === 'array' && (property.children[1].children ?? []).length === 0);
}

/** `"Effect": "Allow"`, as Amplify writes it, placed at the statement's opening brace. */
function withImpliedEffect(statement: JsonNode): void {
  const at = { start: statement.offset, end: statement.offset + 1 };
  const property = propertyNode(at, 'Effect', at, impliedString('Allow', at));
  (property as { parent?: JsonNode }).parent = statement;
  (statement.children as JsonNode[]).unshift(property);
}
