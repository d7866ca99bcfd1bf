import { defaultConfiguration } from '../config/configuration';
import { pathOfUri } from '../config/globs';
import { isLoneStatement, looksLikePolicy } from '../policy/detect';
import { asStatementList, fragmentSeverities, isStatementFragment } from '../policy/statement-fragment';
import { parsePolicy, policyFromTree } from '../policy/parse-policy';
import type { PolicyDocument } from '../policy/model';
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
