import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from './host';
import type { PolicyType } from '../policy/policy-type';
import type { Problem } from '../checks/check';
import { parseYamlTemplate, scalarValue, valueOf, type CfnNode } from './cloudformation/nodes';
import { hasJinja, maskJinja } from './cloudformation/jinja';
import { addPolicy, documentContextOf, hostParseProblems, isYamlDocument } from './cloudformation/reader';
import { isWrittenAsJinja, isWrittenAsTemplate } from './terraform/template-file';

/**
 * Kubernetes manifests of the controllers that make AWS resources from custom resources: Crossplane's AWS providers
 * (`iam.aws.upbound.io`, the classic `iam.aws.crossplane.io`) and AWS Controllers for Kubernetes (ACK,
 * `iam.services.k8s.aws`). A manifest file holds one or more documents (`---`); each custom resource below writes its
 * policy as JSON text in a YAML string, which the controller hands to IAM as it is. Sources: the providers' API
 * references (https://marketplace.upbound.io/providers/upbound/provider-aws-iam, https://aws-controllers-k8s.github.io/community/reference/).
 * Compositions and other templates that make such resources are not read: patches fill their values.
 */
const manifestSites: Record<string, readonly { path: readonly string[]; type: PolicyType }[]> = {
  'iam.aws.upbound.io/Policy': [{ path: ['spec', 'forProvider', 'policy'], type: 'identity' }],
  'iam.aws.upbound.io/Role': [
    { path: ['spec', 'forProvider', 'assumeRolePolicy'], type: 'trust' },
    { path: ['spec', 'forProvider', 'inlinePolicy', '*', 'policy'], type: 'identity' },
  ],
  'iam.aws.upbound.io/RolePolicy': [{ path: ['spec', 'forProvider', 'policy'], type: 'identity' }],
  'iam.aws.upbound.io/UserPolicy': [{ path: ['spec', 'forProvider', 'policy'], type: 'identity' }],
  'iam.aws.upbound.io/GroupPolicy': [{ path: ['spec', 'forProvider', 'policy'], type: 'identity' }],
  's3.aws.upbound.io/BucketPolicy': [{ path: ['spec', 'forProvider', 'policy'], type: 'resource' }],
  'sqs.aws.upbound.io/QueuePolicy': [{ path: ['spec', 'forProvider', 'policy'], type: 'resource' }],
  'sns.aws.upbound.io/TopicPolicy': [{ path: ['spec', 'forProvider', 'policy'], type: 'resource' }],
  'kms.aws.upbound.io/Key': [{ path: ['spec', 'forProvider', 'policy'], type: 'resource' }],
  'iam.aws.crossplane.io/Policy': [{ path: ['spec', 'forProvider', 'document'], type: 'identity' }],
  'iam.aws.crossplane.io/Role': [{ path: ['spec', 'forProvider', 'assumeRolePolicyDocument'], type: 'trust' }],
  // An inline policy of a role (crossplane-contrib provider-aws, apis/iam/v1beta1/rolepolicy_types.go).
  'iam.aws.crossplane.io/RolePolicy': [{ path: ['spec', 'forProvider', 'document'], type: 'identity' }],
  // The classic provider's kinds before they moved to `iam.aws.crossplane.io`.
  'identity.aws.crossplane.io/IAMPolicy': [{ path: ['spec', 'forProvider', 'document'], type: 'identity' }],
  'identity.aws.crossplane.io/IAMRole': [{ path: ['spec', 'forProvider', 'assumeRolePolicyDocument'], type: 'trust' }],
  'iam.services.k8s.aws/Policy': [{ path: ['spec', 'policyDocument'], type: 'identity' }],
  'iam.services.k8s.aws/Role': [
    { path: ['spec', 'assumeRolePolicyDocument'], type: 'trust' },
    { path: ['spec', 'inlinePolicies', '{}'], type: 'identity' },
  ],
  'iam.services.k8s.aws/User': [{ path: ['spec', 'inlinePolicies', '{}'], type: 'identity' }],
  'iam.services.k8s.aws/Group': [{ path: ['spec', 'inlinePolicies', '{}'], type: 'identity' }],
  'sqs.services.k8s.aws/Queue': [{ path: ['spec', 'policy'], type: 'resource' }],
};

// The API groups above, at the start of a line: cheap before any parse. Crossplane's namespaced groups (`.m.`) too.
const MANIFEST_API = /^apiVersion:[ \t]*["']?(?:(?:iam|s3|sqs|sns|kms)\.aws\.(?:m\.)?upbound\.io|(?:iam|identity)\.aws\.crossplane\.io|(?:iam|sqs)\.services\.k8s\.aws)\//m;
// A value written for a rendering step: Helm's and Jinja's `{{ … }}`, envsubst's `$NAME`, a template's `${name}`.
const ENVSUBST = /\$[A-Z_][A-Z0-9_]*\b/;

export const kubernetesReader: HostReader = {
  kind: 'kubernetes',
  extensions: ['.yaml', '.yml'],
  read(input: HostInput): HostDocument | undefined {
    if (!MANIFEST_API.test(input.text)) return undefined;
    if (!isYamlDocument(input)) return undefined;
    const context = documentContextOf(input.text, 'yaml');
    const policies: EmbeddedPolicy[] = [];
    const problems: Problem[] = [];
    let claimed = false;
    // A manifest of a Helm chart (`{{- if .Values.x }}`, `{{ include "name" . | nindent 4 }}`) is parsed through its
    // masked copy of the same length, as a Jinja template is: its markup is no YAML (Helm sweep: 30 FALSE yaml-syntax errors).
    const parsedText = hasJinja(input.text) ? maskJinja(input.text) : input.text;
    for (const range of documentRanges(input.text)) {
      let parsed;
      try {
        parsed = parseYamlTemplate(parsedText, range);
      } catch {
        continue;
      }
      const root = parsed.root;
      const apiVersion = scalarValue(valueOf(root, 'apiVersion'));
      const kind = scalarValue(valueOf(root, 'kind'));
      const sites = apiVersion && kind ? manifestSites[`${apiVersion.slice(0, apiVersion.indexOf('/')).replace('.m.upbound.io', '.upbound.io')}/${kind}`] : undefined;
      if (!sites) continue;
      claimed = true;
      const resource = `${kind}/${scalarValue(valueOf(valueOf(root, 'metadata'), 'name')) ?? '(unnamed)'}`;
      const found: EmbeddedPolicy[] = [];
      for (const site of sites)
        for (const { node, at } of nodesAt(root, site.path, [])) {
          const written = input.text.slice(node.span.start, node.span.end);
          if (isWrittenAsJinja(written) || isWrittenAsTemplate(written) || ENVSUBST.test(written)) continue;
          const name = `${resource} › ${at.join(' › ')}`;
          addPolicy(found, node, site.type, name, resource, context, {});
        }
      policies.push(...found);
      problems.push(...hostParseProblems(parsed.errors, found, 'yaml', { rejects: 'Kubernetes rejects a manifest' }, input.text));
    }
    if (!claimed) return undefined;
    return { kind: 'kubernetes', policies, problems: [...problems, ...context.problems].sort((a, b) => a.span.start - b.span.start) };
  },
};

/** The spans of the YAML documents of a text, split at `---` lines (each document parsed on its own). */
function documentRanges(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  let start = 0;
  for (const match of text.matchAll(/^---[ \t]*(?:#.*)?$/gm)) {
    if (match.index! > start) ranges.push({ start, end: match.index! });
    start = match.index! + match[0].length;
  }
  if (start < text.length) ranges.push({ start, end: text.length });
  return ranges.filter((range) => /\S/.test(text.slice(range.start, range.end)));
}

/** The nodes at a path: `*` steps into each list item, `{}` into each value of a map (named by its key). */
function nodesAt(node: CfnNode | undefined, path: readonly string[], at: string[]): { node: CfnNode; at: string[] }[] {
  if (!node) return [];
  if (path.length === 0) return [{ node, at }];
  const [step, ...rest] = path;
  if (step === '*')
    return node.kind === 'seq' ? node.items.flatMap((item, index) => nodesAt(item, rest, [...at.slice(0, -1), `${at[at.length - 1]}[${scalarValue(valueOf(item, 'name')) ?? index}]`])) : [];
  if (step === '{}') return node.kind === 'map' ? node.entries.flatMap((entry) => nodesAt(entry.value, rest, [...at, entry.key])) : [];
  return nodesAt(valueOf(node, step), rest, step === 'spec' || step === 'forProvider' ? at : [...at, step]);
}
