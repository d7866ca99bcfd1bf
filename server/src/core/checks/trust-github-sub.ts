import type { ConditionValue, Statement } from '../policy/model';
import { parseConditionOperator } from '../policy/condition-operators';
import { addConditionEdit } from '../risk/policy-edits';
import { allowsWebIdentity, claimOf, githubIssuer, githubProviderOf, keyTestsOf, requiresForeignClaim } from '../risk/trust';
import type { Check, Fix, Severity } from './check';

const subKey = `${githubIssuer}:sub`;

// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub
// https://docs.github.com/en/actions/reference/openid-connect-reference (subject claim formats)
export const trustGithubSub: Check = {
  id: 'trust-github-sub',
  severity: 'warning',
  description:
    "A role trusted by GitHub Actions (token.actions.githubusercontent.com) needs a condition on the sub claim that names your repository, and no wildcard that lets in other owners' or other repositories' workflows.",
  run({ policy, policyType, report }) {
    if (policyType !== 'trust') return;
    for (const statement of policy.statements) {
      if (statement.effect?.value?.value !== 'Allow' || requiresForeignClaim(statement) || !allowsWebIdentity(statement)) continue;
      const github = githubProviderOf(statement);
      if (!github) continue;
      const subjects = subjectValues(statement);
      // Conditions known only at deploy time may test the sub claim.
      if (subjects.length === 0 && !statement.condition?.deployTime) {
        report(
          github.value.span,
          `Any GitHub Actions workflow, in any repository of any owner, can assume this role: there is no condition on "${subKey}". Add one naming your repository, such as "repo:OWNER/REPO:ref:refs/heads/main".`,
          { fixes: subFix(policy.text, statement) },
        );
        continue;
      }
      for (const { value, like } of subjects) {
        const finding = judgeSubject(value.value, like) ?? judgeWithDefaults(value, like);
        if (finding) report(value.span, finding.message, { severity: finding.severity });
      }
    }
  },
};

/** The values of positive tests of the sub claim, and whether their operator reads wildcards. */
function subjectValues(statement: Statement): { value: ConditionValue; like: boolean }[] {
  const result: { value: ConditionValue; like: boolean }[] = [];
  for (const { operator, entry } of keyTestsOf(statement)) {
    if (claimOf(entry, githubIssuer) !== 'sub') continue;
    const parsed = parseConditionOperator(operator.operator);
    // A negated test (StringNotLike) excludes subjects and lets in everything else; it does not name a repository.
    if (!parsed || parsed.negated || parsed.family !== 'String') continue;
    for (const value of entry.values) result.push({ value, like: parsed.like });
  }
  return result;
}

/**
 * The finding for one sub pattern. GitHub writes the claim `repo:OWNER/REPO:ref:refs/heads/BRANCH`,
 * `repo:OWNER/REPO:environment:NAME`, `repo:OWNER/REPO:pull_request` and the like; an organization can change the
 * format, so only values that start with `repo:` (or are nothing but wildcards) are judged.
 */
function judgeSubject(value: string, like: boolean): { message: string; severity: Severity } | undefined {
  if (!like || !/[*?]/.test(value)) return undefined;
  if (/^[*?]+$/.test(value)) {
    return {
      severity: 'warning',
      message: `"${value}" matches every subject: any GitHub Actions workflow of any owner can assume this role. Name your repository, such as "repo:OWNER/REPO:ref:refs/heads/main".`,
    };
  }
  const match = /^repo:([^/]*)\/([^:]*)(?::(.*))?$/.exec(value);
  if (!match) {
    if (/^repo:[^/:]*[*?]/.test(value) || /^[*?]/.test(value)) {
      return { severity: 'warning', message: `"${value}" lets in workflows of other owners' repositories. Name your repository, such as "repo:OWNER/REPO:ref:refs/heads/main".` };
    }
    return undefined;
  }
  const [, owner, repo, context] = match;
  if (/[*?]/.test(owner)) {
    return {
      severity: 'warning',
      message: `"${value}" has a wildcard in the owner, so workflows of other GitHub users' and organizations' repositories can assume this role. Write the owner out: "repo:OWNER/${repo || 'REPO'}:…".`,
    };
  }
  if (/[*?]/.test(repo)) {
    return {
      severity: 'warning',
      message: `"${value}" lets in the workflows of every matching repository of "${owner}", including repositories created later. Name the repository, such as "repo:${owner}/REPO:ref:refs/heads/main".`,
    };
  }
  if (context !== undefined && /[*?]/.test(context)) {
    const branch = `"repo:${owner}/${repo}:ref:refs/heads/main"`;
    const environment = `"repo:${owner}/${repo}:environment:production"`;
    // GitHub writes a job's subject by its environment, or else by its branch or tag, or as a pull request's.
    const message = context.startsWith('environment:')
      ? `"${value}" lets the jobs of ${owner}/${repo} that run in any matching environment assume this role. If only one environment should, name it (${environment}).`
      : context.startsWith('ref:refs/heads/')
        ? `"${value}" lets workflows of any matching branch of ${owner}/${repo} assume this role. If only deployments should, name the branch (${branch}).`
        : context.startsWith('ref:refs/tags/')
          ? `"${value}" lets workflows of any matching tag of ${owner}/${repo} assume this role. If only releases should, make sure only they may push such tags, or name the branch (${branch}).`
          : context.startsWith('ref:')
            ? `"${value}" lets workflows of any branch or tag of ${owner}/${repo} assume this role. If only deployments should, name the branch (${branch}).`
            : `"${value}" lets workflows of any branch, tag, pull request or environment of ${owner}/${repo} assume this role. If only deployments should, name the branch (${branch}) or the environment (${environment}).`;
    return { severity: 'information', message };
  }
  return undefined;
}

/**
 * A subject whose template parameters have wildcard defaults (AWS's configure-aws-credentials sample template:
 * `repo:${GitHubOrganization}/${RepositoryName}:ref:refs/heads/${BranchName}`, RepositoryName and BranchName
 * defaulting to `*`), judged as a stack deployed with the defaults gets it. Other defaults are not read in: a default
 * without a wildcard opens nothing, and any value the deployer gives instead is unknown here.
 */
function judgeWithDefaults(value: ConditionValue, like: boolean): { message: string; severity: Severity } | undefined {
  const holes = value.placeholders?.filter((hole) => hole.default !== undefined && /[*?]/.test(hole.default)) ?? [];
  if (holes.length === 0) return undefined;
  let written = value.value;
  for (const hole of [...holes].sort((a, b) => b.start - a.start)) written = written.slice(0, hole.start) + hole.default + written.slice(hole.end);
  const finding = judgeSubject(written, like);
  if (!finding) return undefined;
  const defaults = holes.map((hole) => `${hole.source.replace(/^\$\{|\}$|^!Ref\s+|^\{\s*"?Ref"?\s*:\s*"?|"?\s*\}$/g, '')} defaults to ${JSON.stringify(hole.default)}`).join(', ');
  return { severity: finding.severity, message: `With the template's defaults (${defaults}): ${finding.message}` };
}

function subFix(text: string, statement: Statement): Fix[] {
  const edit = addConditionEdit(text, statement, 'StringLike', subKey, 'repo:${GitHubOrg}/${GitHubRepo}:ref:refs/heads/${Branch}');
  return edit ? [{ title: `Add a "${subKey}" condition`, edits: [edit] }] : [];
}
