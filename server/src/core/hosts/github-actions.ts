import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from './host';
import { parseYamlTemplate, scalarValue, valueOf, type CfnNode } from './cloudformation/nodes';
import { addPolicy, documentContextOf, hostParseProblems, isYamlDocument } from './cloudformation/reader';
import { MASK_OPEN } from './cloudformation/jinja';

/**
 * GitHub Actions workflows (`.github/workflows/*.yml`) and composite actions (`action.yml`) whose steps take AWS
 * credentials with `aws-actions/configure-aws-credentials`: its `inline-session-policy` input is a session policy,
 * JSON in a YAML string, which the action passes to sts:AssumeRole as `Policy` to scope the job's credentials down.
 * https://github.com/aws-actions/configure-aws-credentials#session-policies,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 */
export const githubActionsReader: HostReader = {
  kind: 'github-actions',
  extensions: ['.yaml', '.yml'],
  read(input: HostInput): HostDocument | undefined {
    // Cheap before the YAML parser: both the action and its input are written out in a step that sets a session policy.
    if (!input.text.includes('inline-session-policy') || !CONFIGURE_ACTION.test(input.text)) return undefined;
    if (!isYamlDocument(input)) return undefined;
    let parsed;
    try {
      parsed = parseYamlTemplate(maskExpressions(input.text));
    } catch {
      return undefined;
    }
    const root = parsed.root;
    if (root?.kind !== 'map') return undefined;
    const context = documentContextOf(input.text, 'yaml');
    const policies: EmbeddedPolicy[] = [];
    const jobs = valueOf(root, 'jobs');
    const stepLists: [CfnNode | undefined, string][] =
      jobs?.kind === 'map' ? jobs.entries.map((job) => [valueOf(job.value, 'steps'), `jobs › ${job.key}`]) : [[valueOf(valueOf(root, 'runs'), 'steps'), 'runs']];
    for (const [steps, at] of stepLists) {
      if (steps?.kind !== 'seq') continue;
      steps.items.forEach((step, index) => {
        if (!CONFIGURE_ACTION.test(scalarValue(valueOf(step, 'uses')) ?? '')) return;
        const policy = valueOf(valueOf(step, 'with'), 'inline-session-policy');
        if (!policy || (policy.kind === 'scalar' && !/^\s*\{/.test(String(policy.value)))) return;
        const stepName = scalarValue(valueOf(step, 'name')) ?? scalarValue(valueOf(step, 'id')) ?? `[${index}]`;
        const name = `${at} › steps › ${stepName} › inline-session-policy`;
        addPolicy(policies, policy, 'session', name, name, context, {});
      });
    }
    if (policies.length === 0) return undefined;
    const problems = hostParseProblems(parsed.errors, policies, 'yaml', { rejects: 'GitHub rejects a workflow' }, input.text);
    return { kind: 'github-actions', policies, problems: [...problems, ...context.problems].sort((a, b) => a.span.start - b.span.start) };
  },
};

// `uses: aws-actions/configure-aws-credentials@v4` (or a commit), quoted or not.
const CONFIGURE_ACTION = /aws-actions\/configure-aws-credentials@/;

/**
 * The text with each expression `${{ … }}` masked, each character in its place: the reader takes the mask
 * (`$(_env.BUCKET_))`, as jinja.ts masks `{{ … }}`) for a value known only when the workflow runs, and finds the
 * expression's text again at its span for messages.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */
function maskExpressions(text: string): string {
  return text.replace(/\$\{\{([^\n]*?)\}\}/g, (_expression, inner: string) => `${MASK_OPEN}${`_${inner}`.replace(/[^\w.]/g, '_')}))`);
}
